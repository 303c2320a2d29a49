/** Edge constructs refuse bad props with the construct path and what is allowed (same rules as the schema). */
import { Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EncryptionKey } from '../constructs/core/kms';
import { SecureBucket } from '../constructs/data/secure-bucket';
import { CdnSteering, EdgeWebAcl, MediaCachePolicies, MediaDistribution, MediaOriginAccess, TokenSigningKey } from '../constructs/edge';
import { testStack } from './helpers';

const origin = (region: string) => ({
  bucketName: `media-${region}`, bucketArn: `arn:aws:s3:::media-${region}`, regionalDomainName: `media-${region}.s3.${region}.amazonaws.com`,
  region, kmsKeyArn: `arn:aws:kms:${region}:111122223333:key/abc`,
});
const ttl = { minSeconds: 0, defaultSeconds: 1, maxSeconds: 2 };

test('CdnSteering: CloudFront first, weights 0-255, at least one weight, plain CDN ids', () => {
  const s = testStack();
  const base = { zoneId: 'Z1', playbackHostname: 'play.example.tv', healthCheckPath: '/health/cdn.txt' };
  expect(() => new CdnSteering(s, 'a', { ...base, cdns: [{ id: 'akamai', hostname: 'a.akamaized.net', weight: 1 }] })).toThrow(/test\/a: cdns: CloudFront \(id cloudfront\) must come first/);
  expect(() => new CdnSteering(s, 'b', { ...base, cdns: [{ id: 'cloudfront', hostname: 'd.cloudfront.net', weight: 256 }] })).toThrow(/cdns.cloudfront: weight 256 must be an integer from 0 to 255/);
  expect(() => new CdnSteering(s, 'c', { ...base, cdns: [{ id: 'cloudfront', hostname: 'd.cloudfront.net', weight: 0 }] })).toThrow(/at least one CDN must carry traffic/);
  expect(() => new CdnSteering(s, 'd', { ...base, cdns: [{ id: 'cloudfront', hostname: 'd.cloudfront.net', weight: 1 }, { id: 'Bad Id', hostname: 'x.net', weight: 1 }] })).toThrow(/CDN id 'Bad Id'/);
  expect(() => new CdnSteering(s, 'e', { ...base, healthCheckPath: 'health', cdns: [{ id: 'cloudfront', hostname: 'd.cloudfront.net', weight: 1 }] })).toThrow(/healthCheckPath: 'health' must be an absolute URL path/);
});

test('EdgeWebAcl: a rate limit WAF accepts and a CloudWatch retention', () => {
  const s = testStack();
  const provider = new AwsProvider(s, 'use1', { region: 'us-east-1', alias: 'use1' });
  const base = { name: 'x', provider, logsKmsKeyArn: 'arn:aws:kms:us-east-1:1:key/k' };
  expect(() => new EdgeWebAcl(s, 'a', { ...base, rateLimitPer5Minutes: 5 })).toThrow(/rateLimitPer5Minutes: rate limit 5 must be an integer from 10/);
  expect(() => new EdgeWebAcl(s, 'b', { ...base, rateLimitPer5Minutes: 100, logRetentionDays: 31 })).toThrow(/log retention 31 days is not accepted/);
});

test('MediaCachePolicies: TTLs in range and in order', () => {
  const s = testStack();
  expect(() => new MediaCachePolicies(s, 'a', { namePrefix: 'x', ttl: { vodSegments: ttl, liveSegments: ttl, manifests: { minSeconds: 5, defaultSeconds: 1, maxSeconds: 2 } } })).toThrow(/ttl.manifests: needs minSeconds <= defaultSeconds <= maxSeconds/);
  expect(() => new MediaCachePolicies(s, 'b', { namePrefix: 'x', ttl: { vodSegments: { ...ttl, maxSeconds: -1 }, liveSegments: ttl, manifests: ttl } })).toThrow(/ttl.vodSegments: TTL -1/);
});

test('MediaDistribution: aliases needed, a secondary origin in another region', () => {
  const s = testStack();
  const policies = new MediaCachePolicies(s, 'p', { namePrefix: 'x', ttl: { vodSegments: ttl, liveSegments: ttl, manifests: ttl } });
  const base = { name: 'x', certificateArn: 'c', webAclArn: 'w', origin: origin('eu-west-1'), policies, viewerRequestFunctionArn: 'f', healthCheckPath: '/h' };
  expect(() => new MediaDistribution(s, 'a', { ...base, aliases: [] })).toThrow(/aliases: at least one hostname/);
  expect(() => new MediaDistribution(s, 'b', { ...base, aliases: ['a.example.tv'], secondaryOrigin: origin('eu-west-1') })).toThrow(/secondaryOrigin must be in another region than eu-west-1/);
  expect(() => new MediaOriginAccess(s, 'c', { origin: origin('eu-west-1'), distributionArns: [] })).toThrow(/distributionArns: at least one/);
});

test('TokenSigningKey: rotation days and CDN ids', () => {
  const s = testStack();
  expect(() => new TokenSigningKey(s, 'a', { name: 'x', keyValueStoreArn: 'k', rotationDays: 0 })).toThrow(/rotationDays must be 1-365, got 0/);
  expect(() => new TokenSigningKey(s, 'b', { name: 'x', keyValueStoreArn: 'k', cdnIds: ['cloudfront'] })).toThrow(/cdnIds: CDN id 'cloudfront'/);
});

test('externally owned bucket and key policies: no inline policy, and no way to add one by accident', () => {
  const s = testStack();
  const bucket = new SecureBucket(s, 'media', { bucketName: 'media-bucket-x', label: 'media', encryption: 's3-managed', externalPolicy: true });
  expect(() => bucket.addToResourcePolicy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })).toThrow(/owned elsewhere/);
  expect(() => new EncryptionKey(s, 'k', { purpose: 'p', alias: 'a', externalPolicy: true, additionalStatements: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] })).toThrow(/cannot be combined with externalPolicy/);
  new EncryptionKey(s, 'k2', { purpose: 'p', alias: 'a2', externalPolicy: true });
  const json = JSON.parse(Testing.synth(s)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  expect(Object.keys(json.resource.aws_s3_bucket_policy ?? {})).toHaveLength(0);
  expect(Object.values(json.resource.aws_kms_key).map((k) => k.policy)).toEqual([undefined]);
});
