/**
 * The signing-key rotation function with injected Secrets Manager and KeyValueStore fakes, end to end
 * with the edge function: after each weekly rotation, tokens of the current and previous key pass and
 * the key before them is refused.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { loadCloudFrontFunction, viewerRequest } from './helpers/cloudfront-function';
import { mintCat, Cbor } from './helpers/cat-minter';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createRotationHandler } = require('../constructs/edge/rotation/index.js') as {
  createRotationHandler: (deps: unknown) => (event: { SecretId: string; ClientRequestToken: string; Step: string }) => Promise<void>;
};

const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production-cat-signing-key';
const KVS_ARN = 'arn:aws:cloudfront::111122223333:key-value-store/abc';

interface Version { value?: string; stages: string[] }
interface SecretDoc { current: { kid: string; key: string }; previous: { kid: string; key: string } | null; cdnSecrets: Record<string, string> }

/**
 * Secrets Manager with version stages, and a KeyValueStore with an ETag, both in memory. As in Secrets
 * Manager, a rotation first lists the new version id under AWSPENDING without a value (reading it
 * answers ResourceNotFoundException) and then calls the four steps.
 */
function fakes(cdnIds = 'akamai,fastly') {
  const versions = new Map<string, Version>();
  const store = new Map<string, string>();
  let etag = 0;
  const notFound = () => Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
  const deps = {
    env: { KVS_ARN, CDN_IDS: cdnIds },
    now: () => new Date('2026-12-01T14:00:00Z'),
    randomBytes: crypto.randomBytes,
    secrets: {
      getSecretValue: async (i: { VersionId?: string; VersionStage: string }) => {
        const hit = [...versions].find(([id, v]) => (i.VersionId ? id === i.VersionId : true) && v.stages.includes(i.VersionStage));
        if (!hit || hit[1].value === undefined) throw notFound();
        return { SecretString: hit[1].value };
      },
      putSecretValue: async (i: { ClientRequestToken: string; SecretString: string; VersionStages: string[] }) => {
        versions.set(i.ClientRequestToken, { value: i.SecretString, stages: i.VersionStages });
      },
      describeSecret: async () => ({ RotationEnabled: true, VersionIdsToStages: Object.fromEntries([...versions].map(([id, v]) => [id, v.stages])) }),
      updateSecretVersionStage: async (i: { VersionStage: string; MoveToVersionId: string; RemoveFromVersionId?: string }) => {
        if (i.RemoveFromVersionId) versions.get(i.RemoveFromVersionId)!.stages = ['AWSPREVIOUS'];
        versions.get(i.MoveToVersionId)!.stages = [i.VersionStage];
      },
    },
    kvs: {
      describeKeyValueStore: async (i: { KvsARN: string }) => { expect(i.KvsARN).toBe(KVS_ARN); return { ETag: `e${etag}` }; },
      updateKeys: async (i: { IfMatch: string; Puts: { Key: string; Value: string }[]; Deletes?: { Key: string }[] }) => {
        if (i.IfMatch !== `e${etag}`) throw new Error('ETag mismatch');
        for (const p of i.Puts) store.set(p.Key, p.Value);
        for (const d of i.Deletes ?? []) store.delete(d.Key);
        etag++;
      },
      getKey: async (i: { Key: string }) => (store.has(i.Key) ? { Value: store.get(i.Key) } : undefined),
    },
  };
  const handler = createRotationHandler(deps);
  const step = (token: string, Step: string) => handler({ SecretId: SECRET, ClientRequestToken: token, Step });
  /** A scheduled rotation at `at`, through all four steps. */
  const rotate = async (token: string, at: string): Promise<SecretDoc> => {
    deps.now = () => new Date(at);
    versions.set(token, { stages: ['AWSPENDING'] });
    for (const s of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) await step(token, s);
    return current();
  };
  const current = (): SecretDoc => JSON.parse([...versions.values()].find((v) => v.stages.includes('AWSCURRENT'))!.value!) as SecretDoc;
  return { deps, versions, store, step, rotate, current };
}

const FUNCTION = path.join(__dirname, '..', 'constructs', 'edge', 'functions', 'cat-verify.js');
async function edgeStatus(store: Map<string, string>, signer: { kid: string; key: string }): Promise<number> {
  const claims = new Map<number, Cbor>([[4, Math.floor(Date.now() / 1000) + 300]]);
  const token = mintCat({ claims, kid: signer.kid, key: Buffer.from(signer.key, 'base64url') });
  const r = await loadCloudFrontFunction(FUNCTION, store)(viewerRequest('play.example.tv', '/live/ch-1/p/seg-1.m4s', { cat: token }));
  return 'statusCode' in r ? r.statusCode : 200;
}

test('createSecret on a retried step keeps the pending value it already made', async () => {
  const f = fakes();
  f.versions.set('v1', { value: JSON.stringify({ current: { kid: 'cat-x', key: 'k' }, previous: null, cdnSecrets: {} }), stages: ['AWSPENDING'] });
  await f.step('v1', 'createSecret');
  expect(JSON.parse(f.versions.get('v1')!.value!).current.kid).toBe('cat-x');
});

describe('weekly rotation', () => {
  test('first rotation: a current key, no previous, one secret per CDN; all in the KeyValueStore', async () => {
    const f = fakes();
    const doc = await f.rotate('v1', '2026-12-01T14:00:00Z');
    expect(doc.current.kid).toBe('cat-20261201t140000z');
    expect(Buffer.from(doc.current.key, 'base64url')).toHaveLength(32);
    expect(doc.previous).toBeNull();
    expect(Object.keys(doc.cdnSecrets)).toEqual(['akamai', 'fastly']);
    expect([...f.store.keys()].sort()).toEqual(['cat-20261201t140000z', 'cdn-secret:akamai', 'cdn-secret:fastly']);
    expect(await edgeStatus(f.store, doc.current)).toBe(200);
  });

  test('later rotations keep the previous key at the edge and drop the one before; CDN secrets stay', async () => {
    const f = fakes();
    const week1 = await f.rotate('v1', '2026-12-01T14:00:00Z');
    const week2 = await f.rotate('v2', '2026-12-08T14:00:00Z');
    expect(week2.previous).toEqual(week1.current);
    expect(week2.cdnSecrets).toEqual(week1.cdnSecrets);
    expect(await edgeStatus(f.store, week2.current)).toBe(200);
    expect(await edgeStatus(f.store, week1.current)).toBe(200); // minted just before the rotation
    const week3 = await f.rotate('v3', '2026-12-15T14:00:00Z');
    expect(week3.previous).toEqual(week2.current);
    expect(await edgeStatus(f.store, week1.current)).toBe(403); // two rotations old
    expect(await edgeStatus(f.store, week2.current)).toBe(200);
    expect(await edgeStatus(f.store, week3.current)).toBe(200);
    expect(f.store.has(week1.current.kid)).toBe(false);
  });

  test('a CDN removed from CDN_IDS loses its secret entry; testSecret fails if the store lost a write', async () => {
    const f = fakes('akamai');
    f.store.set('cdn-secret:fastly', 'x');
    f.versions.set('v0', { value: JSON.stringify({ current: { kid: 'cat-old', key: 'AAAA' }, previous: null, cdnSecrets: { fastly: 'x' } }), stages: ['AWSCURRENT'] });
    f.versions.set('v1', { stages: ['AWSPENDING'] });
    await f.step('v1', 'createSecret');
    await f.step('v1', 'setSecret');
    expect(f.store.has('cdn-secret:fastly')).toBe(false);
    expect(f.store.has('cdn-secret:akamai')).toBe(true);
    f.store.delete('cdn-secret:akamai');
    await expect(f.step('v1', 'testSecret')).rejects.toThrow(/cdn-secret:akamai/);
  });

  test('refuses an unknown step and a version that is not pending', async () => {
    const f = fakes();
    f.versions.set('v9', { value: '{}', stages: ['AWSPREVIOUS'] });
    await expect(f.step('v9', 'setSecret')).rejects.toThrow(/not AWSPENDING/);
    await expect(f.step('v9', 'dance')).rejects.toThrow(/unknown rotation step/);
  });
});
