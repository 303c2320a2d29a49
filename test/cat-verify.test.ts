/**
 * The viewer-request Common Access Token function, run unchanged under Node (the same file the edge
 * stack deploys: see edge-stack.test.ts) against tokens minted by an independent encoder.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { loadCloudFrontFunction, viewerRequest, CfRequest, CfResponse } from './helpers/cloudfront-function';
import { b64u, catu, cbor, Cbor, mintCat, Tagged } from './helpers/cat-minter';

const FILE = path.join(__dirname, '..', 'constructs', 'edge', 'functions', 'cat-verify.js');
const HOST = 'play.example.tv';
const URI = '/vod/title-1/1080p-hevc/seg-0001.m4s';
const current = crypto.randomBytes(32);
const previous = crypto.randomBytes(32);
const stranger = crypto.randomBytes(32);
const now = () => Math.floor(Date.now() / 1000);

function kvs(): Map<string, string> {
  return new Map([['k-2026-49', b64u(current)], ['k-2026-48', b64u(previous)]]);
}

function claims(extra: [number, Cbor][] = [], exp = now() + 300): Map<number, Cbor> {
  return new Map<number, Cbor>([[4, exp], [6, now()], [312, catu([[1, 0, HOST], [3, 1, '/vod/title-1/']])], ...extra]);
}

async function run(token: string | undefined, opts: { store?: Map<string, string>; uri?: string; host?: string; via?: 'query' | 'header'; param?: string } = {}): Promise<CfRequest | CfResponse> {
  const handler = loadCloudFrontFunction(FILE, opts.store ?? kvs());
  const query: Record<string, string> = { other: '1' };
  const headers: Record<string, string> = {};
  if (token !== undefined) {
    if (opts.via === 'header') headers['CTA-Common-Access-Token'] = token;
    else query[opts.param ?? 'cat'] = token;
  }
  return handler(viewerRequest(opts.host ?? HOST, opts.uri ?? URI, query, headers));
}

const status = (r: CfRequest | CfResponse) => ('statusCode' in r ? r.statusCode : 200);
const valid = (extra: [number, Cbor][] = []) => mintCat({ claims: claims(extra), kid: 'k-2026-49', key: current });

describe('cat-verify.js accepts', () => {
  test('a valid token in the query, and removes it from the request (never in the cache key)', async () => {
    const r = await run(valid()) as CfRequest;
    expect(status(r)).toBe(200);
    expect(r.querystring).toEqual({ other: { value: '1' } });
  });

  test('a valid token in the CTA-Common-Access-Token header, and removes the header', async () => {
    const r = await run(valid(), { via: 'header' }) as CfRequest;
    expect(status(r)).toBe(200);
    expect(r.headers['cta-common-access-token']).toBeUndefined();
  });

  test('a token minted with the previous key (kept during weekly rotation)', async () => {
    expect(status(await run(mintCat({ claims: claims(), kid: 'k-2026-48', key: previous })))).toBe(200);
  });

  test('a COSE_Mac0 without the CWT tag, and an untagged one', async () => {
    expect(status(await run(mintCat({ claims: claims(), kid: 'k-2026-49', key: current, wrap: 'mac0' })))).toBe(200);
    expect(status(await run(mintCat({ claims: claims(), kid: 'k-2026-49', key: current, wrap: 'untagged' })))).toBe(200);
  });

  test('a path prefix match, a suffix and a contains match', async () => {
    expect(status(await run(valid(), { uri: '/vod/title-1/720p/seg-9.m4s' }))).toBe(200);
    const c = new Map<number, Cbor>([[4, now() + 60], [312, catu([[1, 2, '.example.tv'], [3, 3, '/title-1/']])]]);
    expect(status(await run(mintCat({ claims: c, kid: 'k-2026-49', key: current })))).toBe(200);
  });

  test('a sha-256 match of the host', async () => {
    const c = new Map<number, Cbor>([[4, now() + 60], [312, catu([[1, -1, crypto.createHash('sha256').update(HOST).digest()]])]]);
    expect(status(await run(mintCat({ claims: c, kid: 'k-2026-49', key: current })))).toBe(200);
  });

  test('a KeyValueStore key written in standard base64 with padding', async () => {
    const store = new Map([['k-2026-49', current.toString('base64')]]);
    expect(status(await run(valid(), { store }))).toBe(200);
  });

  test('a request without a query string object (token in the header)', async () => {
    const handler = loadCloudFrontFunction(FILE, kvs());
    const event = viewerRequest(HOST, URI, {}, { 'CTA-Common-Access-Token': valid() });
    delete (event.request as Partial<CfRequest>).querystring;
    expect(status(await handler(event))).toBe(200);
  });

  test('the query parameter named in the cat-config entry', async () => {
    const store = kvs();
    store.set('cat-config', JSON.stringify({ queryParam: 'token' }));
    expect(status(await run(valid(), { store, param: 'token' }))).toBe(200);
    expect(status(await run(valid(), { store, param: 'cat' }))).toBe(403);
  });
});

describe('cat-verify.js answers 403 for', () => {
  const cases: [string, () => Promise<CfRequest | CfResponse>, string][] = [
    ['a missing token', () => run(undefined), 'missing'],
    ['an expired token', () => run(mintCat({ claims: claims([], now() - 1), kid: 'k-2026-49', key: current })), 'expired'],
    ['a token expiring this second', () => run(mintCat({ claims: claims([], now()), kid: 'k-2026-49', key: current })), 'expired'],
    ['a token not yet valid (nbf in the future)', () => run(valid([[5, now() + 120]])), 'not-yet-valid'],
    ['a token without exp', () => run(mintCat({ claims: new Map<number, Cbor>([[312, catu([[1, 0, HOST]])]]), kid: 'k-2026-49', key: current })), 'missing-exp'],
    ['a token signed with a wrong key', () => run(mintCat({ claims: claims(), kid: 'k-2026-49', key: stranger })), 'bad-signature'],
    ['an unknown kid', () => run(mintCat({ claims: claims(), kid: 'k-2026-47', key: current })), 'unknown-kid'],
    ['a wrong host', () => run(valid(), { host: 'evil.example.com' }), 'catu-host'],
    ['a wrong path', () => run(valid(), { uri: '/vod/title-2/1080p-hevc/seg-0001.m4s' }), 'catu-path'],
    ['a truncated token', () => { const t = valid(); return run(t.slice(0, t.length - 10)); }, 'malformed'],
    ['an oversized token', () => run('A'.repeat(5000)), 'oversized'],
    ['garbage', () => run('not-a-token!!'), 'malformed'],
    ['base64url of random bytes', () => run(b64u(crypto.randomBytes(64))), ''],
    ['padding characters', () => run(`${valid()}==`), 'malformed'],
    ['another COSE algorithm (HMAC 256/64)', () => run(mintCat({ claims: claims(), kid: 'k-2026-49', key: current, alg: 4 })), 'unsupported-alg'],
    ['a tag other than COSE_Mac0 (COSE_Sign1, 18)', () => run(b64u(cbor(new Tagged(18, [Buffer.alloc(0), new Map(), Buffer.alloc(0), Buffer.alloc(32)])))), 'not-cose-mac0'],
    ['a regex catu match (not evaluated at the edge)', () => run(mintCat({ claims: new Map<number, Cbor>([[4, now() + 60], [312, catu([[3, 4, ['^/vod/.*']]])]]), kid: 'k-2026-49', key: current })), 'unsupported-catu-match'],
    ['a restriction claim the edge cannot enforce (catnip)', () => run(valid([[311, [Buffer.from([198, 51, 100, 0])]]])), 'unsupported-claim'],
    ['a duplicate claim key', () => {
      // A Map cannot hold a key twice: splice a second exp (4) into the encoded claims by hand.
      const payload = Buffer.concat([Buffer.from([0xa2]), cbor(4), cbor(now() + 60), cbor(4), cbor(now() + 90)]);
      const prot = cbor(new Map<number, Cbor>([[1, 5]]));
      const tag = crypto.createHmac('sha256', current).update(cbor(['MAC0', prot, Buffer.alloc(0), payload])).digest();
      return run(b64u(cbor(new Tagged(17, [prot, new Map<number, Cbor>([[4, Buffer.from('k-2026-49')]]), payload, tag]))));
    }, 'malformed'],
    ['a flipped byte in the MAC', () => { const raw = Buffer.from(valid(), 'base64url'); raw[raw.length - 1] ^= 1; return run(b64u(raw)); }, 'bad-signature'],
  ];
  test.each(cases)('%s', async (_name, call, reason) => {
    const r = await call() as CfResponse;
    expect(r.statusCode).toBe(403);
    if (reason) expect(r.headers?.['x-cat-error']?.value).toBe(reason);
  });
});
