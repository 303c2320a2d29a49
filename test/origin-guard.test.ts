/** The origin-facing guard function, run unchanged under Node with an in-memory KeyValueStore. */
import * as path from 'path';
import { loadCloudFrontFunction, viewerRequest, CfRequest, CfResponse } from './helpers/cloudfront-function';

const FILE = path.join(__dirname, '..', 'constructs', 'edge', 'functions', 'origin-guard.js');
const AKAMAI = 'a'.repeat(40);
const AKAMAI_OLD = 'b'.repeat(40);
const FASTLY = 'f'.repeat(40);
const store = () => new Map([['cdn-secret:akamai', AKAMAI], ['cdn-secret:akamai:previous', AKAMAI_OLD], ['cdn-secret:fastly', FASTLY]]);
const call = (headers: Record<string, string>) =>
  loadCloudFrontFunction(FILE, store())(viewerRequest('origin.example.tv', '/vod/t/seg-1.m4s', {}, headers));
const status = (r: CfRequest | CfResponse) => ('statusCode' in r ? r.statusCode : 200);

test('passes a CDN that sends its current or previous secret, and strips both headers', async () => {
  const r = await call({ 'x-ott-cdn': 'akamai', 'x-ott-cdn-secret': AKAMAI }) as CfRequest;
  expect(status(r)).toBe(200);
  expect(Object.keys(r.headers)).toEqual(['host']);
  expect(status(await call({ 'x-ott-cdn': 'akamai', 'x-ott-cdn-secret': AKAMAI_OLD }))).toBe(200);
  expect(status(await call({ 'x-ott-cdn': 'fastly', 'x-ott-cdn-secret': FASTLY }))).toBe(200);
});

test.each([
  ['no headers', {}],
  ['no secret', { 'x-ott-cdn': 'akamai' }],
  ['another CDN\'s secret', { 'x-ott-cdn': 'fastly', 'x-ott-cdn-secret': AKAMAI }],
  ['an unknown CDN', { 'x-ott-cdn': 'cloudflare', 'x-ott-cdn-secret': AKAMAI }],
  ['a wrong secret of the right length', { 'x-ott-cdn': 'akamai', 'x-ott-cdn-secret': 'c'.repeat(40) }],
  ['a short secret', { 'x-ott-cdn': 'akamai', 'x-ott-cdn-secret': 'a' }],
  ['a CDN id that is not a plain name', { 'x-ott-cdn': 'akamai:previous', 'x-ott-cdn-secret': AKAMAI_OLD }],
])('refuses %s with 403', async (_name, headers) => {
  expect(status(await call(headers as Record<string, string>))).toBe(403);
});
