// Secrets Manager rotation function for the Common Access Token signing key (Node.js Lambda runtime).
//
// The secret (SecretString, JSON) holds what the Token Service signs with and what the edge checks:
//   { "current":  { "kid": "cat-20261201t140000z", "key": "<base64url, 32 random bytes>" },
//     "previous": { "kid": "...", "key": "..." } | null,
//     "cdnSecrets": { "akamai": "<base64url, 32 random bytes>", "fastly": "..." } }
// Each rotation makes a new current key, keeps the old current as previous, and drops the key before
// it. The CloudFront KeyValueStore mirrors it: `<kid>` = key for current and previous (so tokens minted
// just before a rotation still pass), `cdn-secret:<cdn>` = the header value each external CDN sends.
// CDN secrets are created once per CDN named in CDN_IDS and then kept (each CDN's configuration must
// change with them: see docs/edge.md, "Rotating a CDN secret").
//
// Steps (Secrets Manager rotation contract): createSecret -> setSecret -> testSecret -> finishSecret.
// Environment: KVS_ARN (the KeyValueStore), CDN_IDS (comma-separated external CDN ids, may be empty).
// The AWS SDK v3 comes from the Lambda runtime; tests inject fakes through createRotationHandler.
'use strict';

const crypto = require('crypto');

const PENDING = 'AWSPENDING';
const CURRENT = 'AWSCURRENT';

function newKid(now) {
  return 'cat-' + now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'z').toLowerCase();
}

function randomValue(randomBytes) {
  return randomBytes(32).toString('base64url');
}

async function readSecret(deps, secretId, stage, versionId) {
  try {
    const out = await deps.secrets.getSecretValue({ SecretId: secretId, ...(versionId ? { VersionId: versionId } : {}), VersionStage: stage });
    return JSON.parse(out.SecretString);
  } catch (e) {
    if (e && (e.name === 'ResourceNotFoundException' || e.__type === 'ResourceNotFoundException')) return undefined;
    throw e;
  }
}

/** The KeyValueStore entries a secret value stands for. */
function kvsEntries(value) {
  const entries = [{ Key: value.current.kid, Value: value.current.key }];
  if (value.previous) entries.push({ Key: value.previous.kid, Value: value.previous.key });
  for (const cdn of Object.keys(value.cdnSecrets || {}).sort()) entries.push({ Key: 'cdn-secret:' + cdn, Value: value.cdnSecrets[cdn] });
  return entries;
}

function isValidValue(v) {
  return v && v.current && typeof v.current.kid === 'string' && typeof v.current.key === 'string';
}

function createRotationHandler(deps) {
  const env = deps.env;
  const cdnIds = (env.CDN_IDS || '').split(',').map((s) => s.trim()).filter(Boolean);

  async function createSecret(secretId, token) {
    if (await readSecret(deps, secretId, PENDING, token)) return; // retried step: already created
    const current = await readSecret(deps, secretId, CURRENT);
    const cdnSecrets = {};
    for (const cdn of cdnIds) {
      cdnSecrets[cdn] = current && current.cdnSecrets && current.cdnSecrets[cdn] ? current.cdnSecrets[cdn] : randomValue(deps.randomBytes);
    }
    let kid = newKid(deps.now());
    if (isValidValue(current) && current.current.kid === kid) kid += '-' + deps.randomBytes(2).toString('hex');
    const next = {
      current: { kid: kid, key: randomValue(deps.randomBytes) },
      previous: isValidValue(current) ? current.current : null,
      cdnSecrets: cdnSecrets,
    };
    await deps.secrets.putSecretValue({ SecretId: secretId, ClientRequestToken: token, SecretString: JSON.stringify(next), VersionStages: [PENDING] });
  }

  async function setSecret(secretId, token) {
    const pending = await readSecret(deps, secretId, PENDING, token);
    if (!isValidValue(pending)) throw new Error('setSecret: the pending version of ' + secretId + ' is not a signing-key document');
    const current = await readSecret(deps, secretId, CURRENT);
    const puts = kvsEntries(pending);
    const keep = new Set(puts.map((p) => p.Key));
    const deletes = [];
    if (isValidValue(current)) {
      // The key before `previous` is no longer accepted; CDNs removed from CDN_IDS lose their entry.
      for (const e of kvsEntries(current)) if (!keep.has(e.Key)) deletes.push({ Key: e.Key });
    }
    const store = await deps.kvs.describeKeyValueStore({ KvsARN: env.KVS_ARN });
    await deps.kvs.updateKeys({ KvsARN: env.KVS_ARN, IfMatch: store.ETag, Puts: puts, ...(deletes.length ? { Deletes: deletes } : {}) });
  }

  async function testSecret(secretId, token) {
    const pending = await readSecret(deps, secretId, PENDING, token);
    for (const e of kvsEntries(pending)) {
      const got = await deps.kvs.getKey({ KvsARN: env.KVS_ARN, Key: e.Key });
      if (!got || got.Value !== e.Value) throw new Error('testSecret: KeyValueStore entry ' + e.Key + ' does not hold the pending value');
    }
  }

  async function finishSecret(secretId, token) {
    const meta = await deps.secrets.describeSecret({ SecretId: secretId });
    const versions = meta.VersionIdsToStages || {};
    let currentVersion;
    for (const id of Object.keys(versions)) if (versions[id].indexOf(CURRENT) !== -1) currentVersion = id;
    if (currentVersion === token) return;
    await deps.secrets.updateSecretVersionStage({
      SecretId: secretId, VersionStage: CURRENT, MoveToVersionId: token, ...(currentVersion ? { RemoveFromVersionId: currentVersion } : {}),
    });
  }

  const steps = { createSecret, setSecret, testSecret, finishSecret };

  return async function handler(event) {
    const step = steps[event.Step];
    if (!step) throw new Error('unknown rotation step ' + event.Step);
    const meta = await deps.secrets.describeSecret({ SecretId: event.SecretId });
    if (meta.RotationEnabled === false) throw new Error('rotation is not enabled for ' + event.SecretId);
    const stages = (meta.VersionIdsToStages || {})[event.ClientRequestToken];
    if (!stages) throw new Error('version ' + event.ClientRequestToken + ' has no stage on ' + event.SecretId);
    if (stages.indexOf(CURRENT) !== -1 && stages.indexOf(PENDING) === -1) return; // already rotated
    if (stages.indexOf(PENDING) === -1) throw new Error('version ' + event.ClientRequestToken + ' is not AWSPENDING on ' + event.SecretId);
    await step(event.SecretId, event.ClientRequestToken);
  };
}

/** Clients of the AWS SDK v3 bundled with the Lambda Node.js runtime, as the small interface above. */
function awsDeps() {
  const sm = require('@aws-sdk/client-secrets-manager');
  const kv = require('@aws-sdk/client-cloudfront-keyvaluestore');
  try {
    require('@aws-sdk/signature-v4a'); // the KeyValueStore API is signed with SigV4A
  } catch (e) {
    // Newer runtimes sign SigV4A without it; a missing signer surfaces as a clear SDK error.
  }
  const smClient = new sm.SecretsManagerClient({});
  const kvClient = new kv.CloudFrontKeyValueStoreClient({});
  const call = (client, mod, name) => (input) => client.send(new mod[name + 'Command'](input));
  return {
    env: process.env,
    now: () => new Date(),
    randomBytes: crypto.randomBytes,
    secrets: {
      getSecretValue: call(smClient, sm, 'GetSecretValue'),
      putSecretValue: call(smClient, sm, 'PutSecretValue'),
      describeSecret: call(smClient, sm, 'DescribeSecret'),
      updateSecretVersionStage: call(smClient, sm, 'UpdateSecretVersionStage'),
    },
    kvs: {
      describeKeyValueStore: call(kvClient, kv, 'DescribeKeyValueStore'),
      updateKeys: call(kvClient, kv, 'UpdateKeys'),
      getKey: call(kvClient, kv, 'GetKey'),
    },
  };
}

let awsHandler;
exports.createRotationHandler = createRotationHandler;
exports.handler = async (event) => {
  if (!awsHandler) awsHandler = createRotationHandler(awsDeps());
  return awsHandler(event);
};
