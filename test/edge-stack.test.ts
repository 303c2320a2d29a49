/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped synthesized Terraform JSON */
/**
 * The global edge stack as `npm run synth -- production` writes it (issue 14, "What it must show"),
 * and the function code it deploys run under Node.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironment } from '../environments/load';
import { edgeFunctionFile } from '../constructs/edge/functions';
import { envFromYaml, synthEnvironments, tempDir } from './helpers';
import { loadCloudFrontFunction, viewerRequest } from './helpers/cloudfront-function';
import { b64u, catu, Cbor, mintCat } from './helpers/cat-minter';

type Res = Record<string, any>;
const prod = synthEnvironments([loadEnvironment('production')]);
fs.rmSync(prod.outdir, { recursive: true, force: true });
const edge = prod.stacks['production-global-edge'] as any;
const data = prod.stacks['production-eu-west-1-data'] as any;
const all = (json: any, type: string): [string, Res][] => Object.entries(json.resource?.[type] ?? {}) as [string, Res][];
const one = (json: any, type: string): [string, Res] => { const r = all(json, type); expect(r).toHaveLength(r.length > 0 ? r.length : 1); return r[0]; };
const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;

describe('production-global-edge', () => {
  const distributions = all(edge, 'aws_cloudfront_distribution');
  const [mediaName, media] = distributions.find(([, d]) => d.aliases.includes('play.ott-platform.example'))!;
  const [wafName, waf] = one(edge, 'aws_wafv2_web_acl');
  const functions = all(edge, 'aws_cloudfront_function');
  const [catName, cat] = functions.find(([, f]) => f.name === 'production-edge-cat-verify')!;

  test('an aliased us-east-1 provider besides the origin region; certificate, WAF and KeyValueStore use it', () => {
    expect(edge.provider.aws.map((p: Res) => [p.alias ?? 'default', p.region])).toEqual([['default', 'eu-west-1'], ['us-east-1', 'us-east-1']]);
    expect(one(edge, 'aws_acm_certificate')[1].provider).toBe('aws.us-east-1');
    expect(waf.provider).toBe('aws.us-east-1');
    expect(one(edge, 'aws_cloudfront_key_value_store')[1].provider).toBe('aws.us-east-1');
  });

  test('media distribution: OAC, origin shield in the origin region, HTTPS only on TLSv1.2_2021, HTTP/2 and 3, WAF', () => {
    expect(distributions).toHaveLength(2);
    const [origin] = media.origin;
    expect(origin.origin_access_control_id).toMatch(/^\$\{aws_cloudfront_origin_access_control\./);
    expect(origin.origin_shield).toEqual({ enabled: true, origin_shield_region: 'eu-west-1' });
    expect(media.http_version).toBe('http2and3');
    expect(media.viewer_certificate).toMatchObject({ minimum_protocol_version: 'TLSv1.2_2021', ssl_support_method: 'sni-only' });
    expect(media.viewer_certificate.acm_certificate_arn).toMatch(/aws_acm_certificate_validation\./);
    for (const b of [media.default_cache_behavior, ...media.ordered_cache_behavior]) expect(b.viewer_protocol_policy).toBe('https-only');
    expect(media.web_acl_id).toBe(ref('aws_wafv2_web_acl', wafName, 'arn'));
    for (const [, d] of distributions) expect(d.web_acl_id).toBe(ref('aws_wafv2_web_acl', wafName, 'arn'));
  });

  test('cache behaviours for VOD and live segments and manifests, each with its own policies and the CAT function', () => {
    const byPath = Object.fromEntries(media.ordered_cache_behavior.map((b: Res) => [b.path_pattern, b]));
    for (const p of ['/vod/*.m4s', '/live/*.m4s', '*.m3u8', '*.mpd']) {
      expect(byPath[p].function_association).toEqual([{ event_type: 'viewer-request', function_arn: ref('aws_cloudfront_function', catName, 'arn') }]);
    }
    expect(media.default_cache_behavior.function_association[0].function_arn).toBe(ref('aws_cloudfront_function', catName, 'arn'));
    const policy = (id: string) => all(edge, 'aws_cloudfront_cache_policy').find(([n]) => id.includes(`.${n}.`))![1];
    const vod = policy(byPath['/vod/*.m4s'].cache_policy_id);
    const live = policy(byPath['/live/*.m4s'].cache_policy_id);
    const manifests = policy(byPath['*.m3u8'].cache_policy_id);
    expect(new Set([vod.name, live.name, manifests.name]).size).toBe(3);
    expect(vod.default_ttl).toBeGreaterThan(live.default_ttl);
    expect(live.default_ttl).toBeGreaterThan(manifests.default_ttl);
    const qs = (p: Res) => p.parameters_in_cache_key_and_forwarded_to_origin.query_strings_config;
    expect(qs(manifests).query_strings.items).toEqual(expect.arrayContaining(['_HLS_msn', '_HLS_part']));
    expect(qs(vod).query_string_behavior).toBe('none');
    for (const [, p] of all(edge, 'aws_cloudfront_cache_policy')) expect(JSON.stringify(p)).not.toMatch(/"cat"|cta-common-access-token/i);
    const ids = (k: string) => new Set(['/vod/*.m4s', '/live/*.m4s', '*.m3u8'].map((p) => byPath[p][k]));
    expect(ids('origin_request_policy_id').size).toBe(3);
    const cors = one(edge, 'aws_cloudfront_response_headers_policy')[1];
    expect(cors.cors_config.access_control_allow_methods.items).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(byPath['/vod/*.m4s'].response_headers_policy_id).toMatch(/aws_cloudfront_response_headers_policy/);
  });

  test('the function is the repository file byte for byte, runtime 2.0, with the KeyValueStore', () => {
    expect(cat.code).toBe(fs.readFileSync(edgeFunctionFile('cat-verify'), 'utf8'));
    expect(cat.runtime).toBe('cloudfront-js-2.0');
    expect(cat.publish).toBe(true);
    const [kvsName] = one(edge, 'aws_cloudfront_key_value_store');
    expect(cat.key_value_store_associations).toEqual([ref('aws_cloudfront_key_value_store', kvsName, 'arn')]);
  });

  test('the synthesized function code, run as CloudFront receives it, accepts current and previous keys and refuses the rest', async () => {
    const dir = tempDir('cat-code-');
    try {
      const file = path.join(dir, 'deployed.js');
      fs.writeFileSync(file, cat.code);
      const cur = crypto.randomBytes(32);
      const prev = crypto.randomBytes(32);
      const store = new Map([['cat-2', b64u(cur)], ['cat-1', b64u(prev)]]);
      const config = all(edge, 'aws_cloudfrontkeyvaluestore_key').map(([, k]) => k);
      expect(config.map((k) => k.key)).toEqual(['cat-config']);
      store.set('cat-config', config[0].value);
      const handler = loadCloudFrontFunction(file, store);
      const claims = (exp: number) => new Map<number, Cbor>([[4, exp], [312, catu([[1, 0, 'play.ott-platform.example'], [3, 1, '/vod/']])]]);
      const status = async (token: string, uri = '/vod/t/p/seg-1.m4s') => {
        const r = await handler(viewerRequest('play.ott-platform.example', uri, { cat: token }));
        return 'statusCode' in r ? r.statusCode : 200;
      };
      const exp = Math.floor(Date.now() / 1000) + 300;
      expect(await status(mintCat({ claims: claims(exp), kid: 'cat-2', key: cur }))).toBe(200);
      expect(await status(mintCat({ claims: claims(exp), kid: 'cat-1', key: prev }))).toBe(200);
      expect(await status(mintCat({ claims: claims(exp), kid: 'cat-1', key: cur }))).toBe(403);
      expect(await status(mintCat({ claims: claims(exp - 600), kid: 'cat-2', key: cur }))).toBe(403);
      expect(await status(mintCat({ claims: claims(exp), kid: 'cat-2', key: cur }), '/live/x/p/seg-1.m4s')).toBe(403);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('weighted Route 53 records for CloudFront, Akamai and Fastly, each with an HTTPS health check', () => {
    const records = all(edge, 'aws_route53_record').map(([, r]) => r).filter((r) => r.name === 'play.ott-platform.example');
    expect(records.map((r) => [r.set_identifier, r.weighted_routing_policy.weight]).sort()).toEqual([['akamai', 40], ['cloudfront', 40], ['fastly', 20]]);
    const checks = Object.fromEntries(all(edge, 'aws_route53_health_check'));
    for (const r of records) {
      expect(r.type).toBe('CNAME');
      const name = /aws_route53_health_check\.([^.]+)\.id/.exec(r.health_check_id)![1];
      expect(checks[name]).toMatchObject({ type: 'HTTPS', port: 443, resource_path: '/health/cdn.txt' });
      expect(checks[name].fqdn).toBe(r.records[0]);
    }
    expect(records.find((r) => r.set_identifier === 'cloudfront')!.records[0]).toBe(ref('aws_cloudfront_distribution', mediaName, 'domain_name'));
    expect(records.find((r) => r.set_identifier === 'akamai')!.records[0]).toBe('play.ott-platform.example.edgekey.net');
  });

  test('WAF: CLOUDFRONT scope, the three managed rule groups, a rate-based rule, logging', () => {
    expect(waf.scope).toBe('CLOUDFRONT');
    const names = waf.rule.map((r: Res) => r.statement.managed_rule_group_statement?.name).filter(Boolean);
    expect(names).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']);
    const rate = waf.rule.find((r: Res) => r.statement.rate_based_statement);
    expect(rate.statement.rate_based_statement).toMatchObject({ limit: 6000, aggregate_key_type: 'IP' });
    expect(rate.action).toEqual({ block: {} });
    const logging = one(edge, 'aws_wafv2_web_acl_logging_configuration')[1];
    expect(logging.resource_arn).toBe(ref('aws_wafv2_web_acl', wafName, 'arn'));
    const group = all(edge, 'aws_cloudwatch_log_group').find(([, g]) => g.name.startsWith('aws-waf-logs-'))![1];
    expect(group.provider).toBe('aws.us-east-1');
    expect(group.kms_key_id).toBeDefined();
  });

  test('the media origin\'s bucket policy and key policy name this stack\'s distributions only; the data layer leaves them to the edge', () => {
    const distArns = distributions.map(([n]) => ref('aws_cloudfront_distribution', n, 'arn'));
    const bucketPolicy = JSON.parse(one(edge, 'aws_s3_bucket_policy')[1].policy);
    const keyPolicy = JSON.parse(one(edge, 'aws_kms_key_policy')[1].policy);
    for (const doc of [bucketPolicy, keyPolicy]) {
      const cf = doc.Statement.filter((s: Res) => s.Principal?.Service === 'cloudfront.amazonaws.com');
      expect(cf.map((s: Res) => s.Condition.StringEquals['AWS:SourceArn']).sort()).toEqual([...distArns].sort());
      expect(cf.some((s: Res) => s.Condition.StringEquals['AWS:SourceArn'] === ref('aws_cloudfront_distribution', mediaName, 'arn'))).toBe(true);
      expect(JSON.stringify(doc)).not.toContain('distribution/*');
    }
    expect(bucketPolicy.Statement.find((s: Res) => s.Sid === 'DenyInsecureTransport').Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    // data layer: the media bucket has no policy of its own and its key no inline policy
    const dataPolicies = all(data, 'aws_s3_bucket_policy').map(([n]) => n);
    expect(dataPolicies.some((n) => n.startsWith('bucket-media-origin'))).toBe(false);
    const mediaKey = all(data, 'aws_kms_key').find(([n]) => n.startsWith('key-media'))![1];
    expect(mediaKey.policy).toBeUndefined();
    expect(JSON.stringify(data)).not.toContain('distribution/*');
  });

  test('the signing key: a KMS-encrypted secret rotated weekly by the repository\'s Lambda; no key in the output', () => {
    const secret = one(edge, 'aws_secretsmanager_secret')[1];
    expect(secret.kms_key_id).toMatch(/aws_kms_key\./);
    expect(one(edge, 'aws_secretsmanager_secret_rotation')[1].rotation_rules.schedule_expression).toBe('rate(7 days)');
    const fn = one(edge, 'aws_lambda_function')[1];
    expect(fn.runtime).toMatch(/^nodejs2\d\.x$/);
    expect(fn.environment.variables.CDN_IDS).toBe('akamai,fastly');
    expect(fn.filename).toMatch(/^assets\//);
    expect(all(edge, 'aws_secretsmanager_secret_version')).toHaveLength(0);
    // Keys and CDN secrets are written by the rotation function only: the one KeyValueStore entry
    // Terraform manages is the function's non-secret configuration.
    expect(all(edge, 'aws_cloudfrontkeyvaluestore_key').map(([, k]) => k.key)).toEqual(['cat-config']);
  });

  test('access logs of both distributions go to the logs bucket through standard logging v2', () => {
    expect(all(edge, 'aws_cloudwatch_log_delivery_source').map(([, s]) => s.log_type)).toEqual(['ACCESS_LOGS', 'ACCESS_LOGS']);
    const dest = all(edge, 'aws_cloudwatch_log_delivery_destination')[0][1];
    expect(dest.delivery_destination_configuration[0].destination_resource_arn).toMatch(/remote_state|bucket-logs/);
    const logsPolicy = all(data, 'aws_s3_bucket_policy').find(([n]) => n.startsWith('bucket-logs'))![1];
    expect(logsPolicy.policy).toContain('delivery.logs.amazonaws.com');
  });
});

describe('edge with a second origin region', () => {
  const base = fs.readFileSync(path.join(__dirname, '..', 'environments', 'dev.yaml'), 'utf8');
  const dataBlock = base.slice(base.indexOf('    data:'), base.indexOf('    cluster:'));
  test('only the primary region holds buckets: a secondary origin region is refused (its origin is the pair\'s replica bucket, phase 2+)', () => {
    // A second region with a full data layer of its own: its PostgreSQL and Redis are refused first
    // (a secondary's are the primary's replicas), and it can hold no media origin bucket.
    const text = base
      .replace(/name: dev\n/, 'name: two\nprimaryRegion: eu-west-1\n')
      .replace('regions:\n', `regions:\n  us-east-1:\n    vpcCidr: 10.99.0.0/16\n${dataBlock}`)
      .replace('  originHostname: origin.dev.ott-platform.example\n', '  originHostname: origin.dev.ott-platform.example\n  originRegion: eu-west-1\n  secondaryOriginRegion: us-east-1\n');
    let message = '';
    try { envFromYaml('two', text); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/regions\.us-east-1\.data\.postgres: not allowed outside the primary region/);
    expect(message).toMatch(/edge\.secondaryOriginRegion: 'us-east-1' has no data layer with a media origin bucket \(only the primary region's holds buckets\)/);
  });
});
