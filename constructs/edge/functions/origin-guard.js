// Origin-facing hostname guard, CloudFront Functions viewer-request, JavaScript runtime 2.0.
//
// External CDNs (Akamai, Fastly) pull through a second CloudFront distribution (CDN stacking behind the
// origin shield). Each sends `x-ott-cdn: <cdn id>` and `x-ott-cdn-secret: <secret>`; the secret must
// equal the KeyValueStore entry `cdn-secret:<cdn id>` (or `cdn-secret:<cdn id>:previous` while a new
// value is rolled out to that CDN). The values live only in the KeyValueStore and in Secrets Manager,
// written by the rotation function: never in the Terraform configuration. Both headers are removed
// before the request goes on (they are never part of the cache key or sent to the origin).
// Deployed byte for byte as this file and run unchanged under Node by test/origin-guard.test.ts.
import cf from 'cloudfront';

const kvs = cf.kvs();

const CDN_HEADER = 'x-ott-cdn';
const SECRET_HEADER = 'x-ott-cdn-secret';

function deny() {
  return { statusCode: 403, statusDescription: 'Forbidden', headers: { 'cache-control': { value: 'no-store' } } };
}

function constantTimeEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function kvsGet(key) {
  try {
    return await kvs.get(key, { format: 'string' });
  } catch (e) {
    return undefined;
  }
}

async function handler(event) {
  const request = event.request;
  const cdn = request.headers[CDN_HEADER];
  const secret = request.headers[SECRET_HEADER];
  delete request.headers[CDN_HEADER];
  delete request.headers[SECRET_HEADER];
  if (!cdn || !secret || !/^[a-z][a-z0-9-]{0,30}$/.test(cdn.value) || secret.value.length < 32) return deny();
  const current = await kvsGet('cdn-secret:' + cdn.value);
  if (current && constantTimeEqual(current, secret.value)) return request;
  const previous = await kvsGet('cdn-secret:' + cdn.value + ':previous');
  if (previous && constantTimeEqual(previous, secret.value)) return request;
  return deny();
}
