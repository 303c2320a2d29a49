// Common Access Token (CTA-5007) check, CloudFront Functions viewer-request, runtime 2.0. Deployed
// byte for byte (limit 10 KB) and run unchanged under Node by test/cat-verify.test.ts. Token format,
// KeyValueStore entries (`<kid>`, optional `cat-config`) and the 403 reasons: docs/edge.md.
import crypto from 'crypto';
import cf from 'cloudfront';

const kvs = cf.kvs();
const HEADER = 'cta-common-access-token';
const DEFAULTS = { queryParam: 'cat', maxTokenLength: 2048, clockSkewSeconds: 0 };
// Claims restricting use that this function does not enforce: refused, never ignored (fail closed).
const UNSUPPORTED_CLAIMS = [308, 309, 311, 313, 314, 315, 316, 317, 318, 319, 320, 321, 322];

function Invalid(reason) {
  this.reason = reason;
}

function fail(reason) {
  throw new Invalid(reason);
}

function deny(reason) {
  return { statusCode: 403, statusDescription: 'Forbidden', headers: { 'cache-control': { value: 'no-store' }, 'x-cat-error': { value: reason } } };
}

// CBOR (RFC 8949), definite lengths only. bstr -> {bytes}, map -> {entries: [[k, v]]}, tag -> {tag, value}.
function readItem(buf, st, depth) {
  if (depth > 8 || st.pos >= buf.length) fail('malformed');
  const first = buf[st.pos++];
  const major = first >> 5;
  const info = first & 31;
  let n = info;
  if (info >= 24 && info <= 27) {
    const size = 1 << (info - 24);
    if (st.pos + size > buf.length) fail('malformed');
    if (major === 7 && size >= 4) {
      st.pos += size;
      return size === 4 ? buf.readFloatBE(st.pos - 4) : buf.readDoubleBE(st.pos - 8);
    }
    n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + buf[st.pos + i];
    st.pos += size;
    if (n > Number.MAX_SAFE_INTEGER) fail('malformed');
  } else if (info > 27) {
    fail('malformed'); // reserved, or indefinite length
  }
  if (major === 0) return n;
  if (major === 1) return -1 - n;
  if (major === 2 || major === 3) {
    if (st.pos + n > buf.length) fail('malformed');
    const slice = buf.subarray(st.pos, st.pos + n);
    st.pos += n;
    return major === 2 ? { bytes: slice } : slice.toString('utf8');
  }
  if (major === 4 || major === 5) {
    if (n > buf.length - st.pos) fail('malformed');
    const out = [];
    for (let i = 0; i < n; i++) {
      const k = readItem(buf, st, depth + 1);
      if (major === 4) {
        out.push(k);
        continue;
      }
      if (typeof k !== 'number' && typeof k !== 'string') fail('malformed');
      if (mapGet({ entries: out }, k) !== undefined) fail('malformed'); // duplicate key
      out.push([k, readItem(buf, st, depth + 1)]);
    }
    return major === 4 ? out : { entries: out };
  }
  if (major === 6) return { tag: n, value: readItem(buf, st, depth + 1) };
  if (info === 20 || info === 21) return info === 21;
  if (info === 22) return null;
  return fail('malformed'); // half floats, undefined, other simple values
}

function decodeAll(buf) {
  const st = { pos: 0 };
  const value = readItem(buf, st, 0);
  if (st.pos !== buf.length) fail('malformed');
  return value;
}

function isMap(v) {
  return v !== null && typeof v === 'object' && Array.isArray(v.entries);
}

function isBytes(v) {
  return v !== null && typeof v === 'object' && v.bytes !== undefined;
}

function mapGet(m, key) {
  for (let i = 0; i < m.entries.length; i++) if (m.entries[i][0] === key) return m.entries[i][1];
  return undefined;
}

function bstrHead(n) {
  if (n < 24) return Buffer.from([0x40 + n]);
  if (n < 256) return Buffer.from([0x58, n]);
  if (n < 65536) return Buffer.from([0x59, n >> 8, n & 255]);
  return Buffer.from([0x5a, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
}

function b64u(text) {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) fail('malformed'); // no padding
  return Buffer.from(text, 'base64url');
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function kvsGet(key, format) {
  try {
    return await kvs.get(key, { format: format });
  } catch (e) {
    return undefined;
  }
}

function parseMac0(raw) {
  let item = decodeAll(raw);
  if (item !== null && typeof item === 'object' && item.tag !== undefined) {
    if (item.tag === 61) item = item.value; // CWT tag: a COSE tag must follow (RFC 8392 §7.2)
    if (item === null || typeof item !== 'object' || item.tag !== 17) fail('not-cose-mac0');
    item = item.value;
  }
  if (!Array.isArray(item) || item.length !== 4) fail('not-cose-mac0');
  const p = item[0];
  const u = item[1];
  if (!isBytes(p) || !isMap(u) || !isBytes(item[2]) || !isBytes(item[3])) fail('malformed');
  const prot = p.bytes.length === 0 ? { entries: [] } : decodeAll(p.bytes);
  if (!isMap(prot)) fail('malformed');
  for (let i = 0; i < prot.entries.length; i++) if (mapGet(u, prot.entries[i][0]) !== undefined) fail('malformed');
  const alg = mapGet(prot, 1) !== undefined ? mapGet(prot, 1) : mapGet(u, 1);
  if (alg !== 5) fail('unsupported-alg');
  const kid = mapGet(u, 4) !== undefined ? mapGet(u, 4) : mapGet(prot, 4);
  if (!isBytes(kid) || kid.bytes.length === 0) fail('missing-kid');
  // MAC_structure ["MAC0", protected, external_aad h'', payload] (RFC 9052 §6.3)
  const toMac = Buffer.concat([Buffer.from([0x84, 0x64, 0x4d, 0x41, 0x43, 0x30]), bstrHead(p.bytes.length), p.bytes,
    Buffer.from([0x40]), bstrHead(item[2].bytes.length), item[2].bytes]);
  return { toMac: toMac, payload: item[2].bytes, tag: item[3].bytes, kid: kid.bytes.toString('utf8') };
}

// catu components: scheme 0, host 1, port 2, path 3, (query 4: refused), parent-path 5, filename 6, stem 7, extension 8.
function components(request) {
  const path = request.uri;
  const slash = path.lastIndexOf('/');
  const file = path.substring(slash + 1);
  const dot = file.lastIndexOf('.');
  const host = request.headers && request.headers.host ? request.headers.host.value.toLowerCase() : '';
  return { 0: 'https', 1: host, 2: '443', 3: path, 5: path.substring(0, slash + 1), 6: file,
    7: dot > 0 ? file.substring(0, dot) : file, 8: dot > 0 ? file.substring(dot) : '' };
}

// Match types: exact 0, prefix 1, suffix 2, contains 3, sha-256 -1. Regex 4 and sha-512/256 -2: refused.
function matches(type, want, have) {
  if (type === -1) return isBytes(want) && sameBytes(crypto.createHash('sha256').update(have).digest(), want.bytes);
  if (type !== 0 && type !== 1 && type !== 2 && type !== 3) fail('unsupported-catu-match');
  if (typeof want !== 'string') fail('malformed');
  if (type === 0) return have === want;
  if (type === 1) return have.substring(0, want.length) === want;
  if (type === 2) return want.length <= have.length && have.substring(have.length - want.length) === want;
  return have.indexOf(want) !== -1;
}

function checkCatu(catu, request) {
  if (!isMap(catu)) fail('malformed');
  const comps = components(request);
  for (let i = 0; i < catu.entries.length; i++) {
    const c = catu.entries[i][0];
    const rule = catu.entries[i][1];
    if (typeof c !== 'number' || comps[c] === undefined) fail('unsupported-catu-component');
    if (!isMap(rule) || rule.entries.length === 0) fail('malformed');
    for (let j = 0; j < rule.entries.length; j++) {
      let want = rule.entries[j][1];
      if (c === 1 && typeof want === 'string') want = want.toLowerCase();
      if (!matches(rule.entries[j][0], want, comps[c])) fail(c === 1 ? 'catu-host' : 'catu-path');
    }
  }
}

function checkClaims(claims, request, skew) {
  if (!isMap(claims)) fail('malformed');
  const now = Math.floor(Date.now() / 1000);
  const exp = mapGet(claims, 4);
  if (typeof exp !== 'number' || exp !== exp) fail('missing-exp');
  if (now >= exp + skew) fail('expired'); // RFC 8392 §3.1.4: now must be before exp
  const nbf = mapGet(claims, 5);
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf !== nbf)) fail('malformed');
  if (nbf !== undefined && now + skew < nbf) fail('not-yet-valid');
  for (let i = 0; i < UNSUPPORTED_CLAIMS.length; i++) if (mapGet(claims, UNSUPPORTED_CLAIMS[i]) !== undefined) fail('unsupported-claim');
  const catu = mapGet(claims, 312);
  if (catu !== undefined) checkCatu(catu, request);
}

async function config() {
  const c = await kvsGet('cat-config', 'json');
  const out = { queryParam: DEFAULTS.queryParam, maxTokenLength: DEFAULTS.maxTokenLength, clockSkewSeconds: DEFAULTS.clockSkewSeconds };
  if (c && typeof c.queryParam === 'string' && c.queryParam) out.queryParam = c.queryParam;
  if (c && typeof c.maxTokenLength === 'number' && c.maxTokenLength > 0) out.maxTokenLength = c.maxTokenLength;
  if (c && typeof c.clockSkewSeconds === 'number' && c.clockSkewSeconds >= 0) out.clockSkewSeconds = c.clockSkewSeconds;
  return out;
}

function takeToken(request, cfg) {
  const qs = request.querystring || {};
  const hs = request.headers || {};
  const q = qs[cfg.queryParam];
  const h = hs[HEADER];
  delete qs[cfg.queryParam]; // never in the cache key or the origin request
  delete hs[HEADER];
  if (q && q.multiValue && q.multiValue.length > 1) fail('malformed');
  return q ? q.value : h ? h.value : undefined;
}

async function verify(request) {
  const cfg = await config();
  const token = takeToken(request, cfg);
  if (!token) fail('missing');
  if (token.length > cfg.maxTokenLength) fail('oversized');
  const mac0 = parseMac0(b64u(token));
  const keyText = await kvsGet(mac0.kid, 'string');
  if (!keyText) fail('unknown-kid');
  const key = b64u(String(keyText).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')); // base64 also accepted
  const expected = crypto.createHmac('sha256', key).update(mac0.toMac).digest();
  if (!sameBytes(expected, mac0.tag)) fail('bad-signature');
  checkClaims(decodeAll(mac0.payload), request, cfg.clockSkewSeconds);
}

async function handler(event) {
  try {
    await verify(event.request);
  } catch (e) {
    return deny(e instanceof Invalid ? e.reason : 'malformed');
  }
  return event.request;
}
