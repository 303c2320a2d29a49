/** `edge:` in the environment YAML: every rule refused with the file, key path and what is allowed. */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../environments/load';
import { envFromYaml } from './helpers';
import { cdnIdProblem, hostnameProblem, tokenQueryParamProblem } from '../constructs/edge/rules';

// The data layer of the checked-in dev environment (the edge needs a media origin bucket).
const DEV = fs.readFileSync(path.join(__dirname, '..', 'environments', 'dev.yaml'), 'utf8');
const DATA = DEV.slice(DEV.indexOf('    data:'), DEV.indexOf('    cluster:'));
const EDGE = {
  hostedZone: '{ name: example.tv, id: Z0123456789ABC }',
  playbackHostname: 'play.example.tv',
  originHostname: 'origin.example.tv',
};

function yaml(edge: Record<string, string> = {}, opts: { data?: boolean } = {}): string {
  const fields = { ...EDGE, ...edge };
  return `name: dev
costCenter: cc-1
regions:
  eu-west-1:
    vpcCidr: 10.10.0.0/16
${opts.data === false ? '' : DATA}edge:
${Object.entries(fields).filter(([, v]) => v !== '').map(([k, v]) => `  ${k}: ${v}`).join('\n')}
`;
}

function refused(text: string, keyPath: string, allowed: RegExp): void {
  let caught: unknown;
  try {
    envFromYaml('dev', text);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  expect((caught as Error).message).toContain(`environments/dev.yaml: ${keyPath}: `);
  expect((caught as Error).message).toMatch(allowed);
}

test('a minimal edge parses with the defaults written once in the schema', () => {
  const env = envFromYaml('dev', yaml());
  expect(env.edge).toMatchObject({ tokenQueryParam: 'cat', cloudfrontWeight: 100, externalCdns: {}, keyRotationDays: 7, healthCheckPath: '/health/cdn.txt' });
  expect(env.edge!.ttl.manifests).toEqual({ minSeconds: 0, defaultSeconds: 1, maxSeconds: 2 });
});

describe('refuses', () => {
  test.each([
    ['a hostname that is not one', { playbackHostname: 'Play_Host' }, 'edge.playbackHostname', /not a lower-case DNS hostname/],
    ['a playback host outside the zone', { playbackHostname: 'play.other.tv' }, 'edge.playbackHostname', /not inside the hosted zone 'example.tv'/],
    ['an origin host outside the zone', { originHostname: 'origin.example.com' }, 'edge.originHostname', /not inside the hosted zone/],
    ['the same playback and origin host', { originHostname: 'play.example.tv' }, 'edge.originHostname', /must differ from playbackHostname/],
    ['a missing hosted zone', { hostedZone: '' }, 'edge.hostedZone', /.+/],
    ['a malformed zone id', { hostedZone: '{ name: example.tv, id: abc }' }, 'edge.hostedZone.id', /not a Route 53 hosted zone id/],
    ['a weight above 255', { cloudfrontWeight: '300' }, 'edge.cloudfrontWeight', /0 to 255/],
    ['a fractional weight', { externalCdns: '{ akamai: { hostname: a.akamaized.net, weight: 1.5 } }' }, 'edge.externalCdns.akamai.weight', /integer from 0 to 255/],
    ['all weights 0', { cloudfrontWeight: '0', externalCdns: '{ akamai: { hostname: a.akamaized.net, weight: 0 } }' }, 'edge.cloudfrontWeight', /at least one CDN must carry traffic/],
    ['a bad CDN hostname', { externalCdns: '{ akamai: { hostname: "not a host", weight: 1 } }' }, 'edge.externalCdns.akamai.hostname', /not a lower-case DNS hostname/],
    ['a CDN pointing at the playback host', { externalCdns: '{ akamai: { hostname: play.example.tv, weight: 1 } }' }, 'edge.externalCdns.akamai.hostname', /CDN's own hostname/],
    ['a CDN named cloudfront', { externalCdns: '{ cloudfront: { hostname: a.b.net, weight: 1 } }' }, 'edge.externalCdns.cloudfront', /not 'cloudfront'/],
    ['a token parameter the LL-HLS reload uses', { tokenQueryParam: '_HLS_msn' }, 'edge.tokenQueryParam', /LL-HLS/],
    ['a token parameter with odd characters', { tokenQueryParam: '"a b"' }, 'edge.tokenQueryParam', /letters, digits/],
    ['a TTL above a year', { ttl: '{ vodSegments: { maxSeconds: 40000000 } }' }, 'edge.ttl.vodSegments.maxSeconds', /0 to 31536000/],
    ['TTLs out of order', { ttl: '{ liveSegments: { minSeconds: 10, defaultSeconds: 5, maxSeconds: 60 } }' }, 'edge.ttl.liveSegments', /minSeconds <= defaultSeconds <= maxSeconds/],
    ['a rate limit below 10', { rateLimitPer5Minutes: '5' }, 'edge.rateLimitPer5Minutes', /from 10 to 2000000000/],
    ['a health-check path with a query', { healthCheckPath: '/health?x=1' }, 'edge.healthCheckPath', /absolute URL path/],
    ['a CORS origin with a path', { corsAllowedOrigins: '["https://a.example.tv/x"]' }, 'edge.corsAllowedOrigins[0]', /https:\/\/ origin without a path/],
    ['a log retention CloudWatch does not offer', { logRetentionDays: '31' }, 'edge.logRetentionDays', /retention values/],
    ['an unknown key', { cdnWeights: '1' }, 'edge.cdnWeights', /unknown key; allowed keys here: hostedZone/],
    ['a secondary origin region without a data layer', { secondaryOriginRegion: 'us-east-1' }, 'edge.secondaryOriginRegion', /has no data layer/],
    ['a secondary origin equal to the origin', { secondaryOriginRegion: 'eu-west-1' }, 'edge.secondaryOriginRegion', /must differ from the origin region/],
  ])('%s', (_name, edge, keyPath, allowed) => {
    refused(yaml(edge as Record<string, string>), keyPath, allowed);
  });

  test('an edge in an environment whose origin region has no data layer', () => {
    refused(yaml({}, { data: false }), 'edge.originRegion', /'eu-west-1' has no data layer/);
  });
});

test('the rule functions the schema and constructs share', () => {
  expect(hostnameProblem('play.example.tv')).toBeUndefined();
  expect(hostnameProblem('-bad.example.tv')).toMatch(/DNS hostname/);
  expect(hostnameProblem('localhost')).toMatch(/DNS hostname/);
  expect(cdnIdProblem('fastly')).toBeUndefined();
  expect(tokenQueryParamProblem('cat')).toBeUndefined();
});
