// Common Access Token (CTA-5007) check, CloudFront Functions viewer-request, JavaScript runtime 2.0.
//
// Deployed byte for byte as this file (constructs/edge/cat-function.ts reads it at synth) and run
// unchanged under Node by test/cat-verify.test.ts, which provides the two modules below.
//
// Token: base64url (no padding) of a CWT (RFC 8392) that is a COSE_Mac0 (RFC 9052 §6.2, CBOR tag 17,
// optionally inside the CWT tag 61), alg HMAC 256/256 (COSE alg 5), kid = unprotected header label 4
// (a byte string whose UTF-8 text names the key). The MAC is HMAC-SHA256 over the COSE MAC_structure
// ["MAC0", protected, external_aad = h'', payload]; the tag must be the full 32 bytes.
// Claims (CTA-5007 keys, versions.md addendum 2026-12-01): exp 4 (required), nbf 5, catu 312.
// Keys: KeyValueStore entry `<kid>` = base64url HMAC key. Optional entry `cat-config` (JSON):
// {"queryParam": "cat", "maxTokenLength": 2048, "clockSkewSeconds": 0}; defaults apply without it.
// Every failure answers 403; a valid token is removed from the query string (never in the cache key).
import crypto from 'crypto';
import cf from 'cloudfront';

const kvs = cf.kvs();

const HEADER = 'cta-common-access-token';
const DEFAULTS = { queryParam: 'cat', maxTokenLength: 2048, clockSkewSeconds: 0 };
const MAX_DEPTH = 8;
const ALG_HMAC_256_256 = 5;
const CLAIM_EXP = 4;
const CLAIM_NBF = 5;
const CLAIM_CATU = 312;
// Claims that restrict where or how a token may be used and that this function does not enforce:
// a token carrying one is refused rather than accepted with the restriction ignored (fail closed).
const UNSUPPORTED_CLAIMS = [308, 309, 311, 313, 314, 315, 316, 317, 318, 319, 320, 321, 322];
const CATU_SCHEME = 0;
const CATU_HOST = 1;
const CATU_PORT = 2;
const CATU_PATH = 3;
const CATU_QUERY = 4;
const CATU_PARENT_PATH = 5;
const CATU_FILENAME = 6;
const CATU_STEM = 7;
const CATU_EXTENSION = 8;
const MATCH_EXACT = 0;
const MATCH_PREFIX = 1;
const MATCH_SUFFIX = 2;
const MATCH_CONTAINS = 3;
const MATCH_SHA256 = -1;

function deny(reason) {
  return {
    statusCode: 403,
    statusDescription: 'Forbidden',
    headers: { 'cache-control': { value: 'no-store' }, 'x-cat-error': { value: reason } },
  };
}

function Invalid(reason) {
  this.reason = reason;
}

function fail(reason) {
  throw new Invalid(reason);
}

// ---- CBOR (RFC 8949), the subset COSE/CWT use: definite lengths only. ----
// Values: numbers, {bytes: Buffer}, strings, arrays, maps as {entries: [[k, v], ...]}, tags as {tag, value}.

function readHead(buf, st) {
  if (st.pos >= buf.length) fail('malformed');
  const first = buf[st.pos++];
  const major = first >> 5;
  const info = first & 31;
  let arg;
  if (info < 24) {
    arg = info;
  } else if (info === 24 || info === 25 || info === 26 || info === 27) {
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : 8;
    if (st.pos + size > buf.length) fail('malformed');
    arg = 0;
    for (let i = 0; i < size; i++) arg = arg * 256 + buf[st.pos + i];
    if (arg > Number.MAX_SAFE_INTEGER) fail('malformed');
    st.pos += size;
  } else {
    fail('malformed'); // 28-30 reserved, 31 indefinite length (not used by COSE/CWT here)
  }
  return { major: major, info: info, arg: arg };
}

function readFloat(buf, st, size) {
  const at = st.pos - size;
  if (size === 2) {
    const half = buf.readUInt16BE(at);
    const exp = (half >> 10) & 31;
    const mant = half & 1023;
    const sign = half & 32768 ? -1 : 1;
    if (exp === 0) return sign * mant * Math.pow(2, -24);
    if (exp === 31) return mant ? NaN : sign * Infinity;
    return sign * (mant + 1024) * Math.pow(2, exp - 25);
  }
  return size === 4 ? buf.readFloatBE(at) : buf.readDoubleBE(at);
}

function readItem(buf, st, depth) {
  if (depth > MAX_DEPTH) fail('malformed');
  const h = readHead(buf, st);
  switch (h.major) {
    case 0:
      return h.arg;
    case 1:
      return -1 - h.arg;
    case 2:
    case 3: {
      if (st.pos + h.arg > buf.length) fail('malformed');
      const slice = buf.subarray(st.pos, st.pos + h.arg);
      st.pos += h.arg;
      return h.major === 2 ? { bytes: slice } : slice.toString('utf8');
    }
    case 4: {
      if (h.arg > buf.length - st.pos) fail('malformed');
      const items = [];
      for (let i = 0; i < h.arg; i++) items.push(readItem(buf, st, depth + 1));
      return items;
    }
    case 5: {
      if (h.arg * 2 > buf.length - st.pos) fail('malformed');
      const entries = [];
      for (let i = 0; i < h.arg; i++) {
        const k = readItem(buf, st, depth + 1);
        const v = readItem(buf, st, depth + 1);
        if (typeof k !== 'number' && typeof k !== 'string') fail('malformed');
        for (let j = 0; j < entries.length; j++) if (entries[j][0] === k) fail('malformed'); // duplicate key
        entries.push([k, v]);
      }
      return { entries: entries };
    }
    case 6:
      return { tag: h.arg, value: readItem(buf, st, depth + 1) };
    default: // 7: simple values and floats
      if (h.info === 20) return false;
      if (h.info === 21) return true;
      if (h.info === 22) return null;
      if (h.info === 25) return readFloat(buf, st, 2);
      if (h.info === 26) return readFloat(buf, st, 4);
      if (h.info === 27) return readFloat(buf, st, 8);
      return fail('malformed');
  }
}

function decodeAll(buf) {
  const st = { pos: 0 };
  const value = readItem(buf, st, 0);
  if (st.pos !== buf.length) fail('malformed'); // trailing bytes
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

// Head of a byte string of `length` bytes, shortest form (RFC 8949 §4.2.1).
function bstrHead(length) {
  if (length < 24) return Buffer.from([0x40 + length]);
  if (length < 256) return Buffer.from([0x58, length]);
  if (length < 65536) return Buffer.from([0x59, length >> 8, length & 255]);
  return Buffer.from([0x5a, (length >>> 24) & 255, (length >> 16) & 255, (length >> 8) & 255, length & 255]);
}

// ---- helpers ----

function base64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) fail('malformed');
  return Buffer.from(text, 'base64url');
}

function constantTimeEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function kvsGet(key, format) {
  try {
    return await kvs.get(key, { format: format });
  } catch (e) {
    return undefined; // missing entry
  }
}

async function loadConfig() {
  const cfg = await kvsGet('cat-config', 'json');
  const out = { queryParam: DEFAULTS.queryParam, maxTokenLength: DEFAULTS.maxTokenLength, clockSkewSeconds: DEFAULTS.clockSkewSeconds };
  if (cfg && typeof cfg === 'object') {
    if (typeof cfg.queryParam === 'string' && cfg.queryParam) out.queryParam = cfg.queryParam;
    if (typeof cfg.maxTokenLength === 'number' && cfg.maxTokenLength > 0) out.maxTokenLength = cfg.maxTokenLength;
    if (typeof cfg.clockSkewSeconds === 'number' && cfg.clockSkewSeconds >= 0) out.clockSkewSeconds = cfg.clockSkewSeconds;
  }
  return out;
}

// ---- COSE_Mac0 ----

function parseMac0(raw) {
  let item = decodeAll(raw);
  if (item !== null && typeof item === 'object' && item.tag !== undefined && !Array.isArray(item)) {
    if (item.tag === 61) item = item.value; // CWT tag (RFC 8392 §6): a COSE tag must follow
    if (item === null || typeof item !== 'object' || item.tag !== 17) fail('not-cose-mac0');
    item = item.value;
  }
  if (!Array.isArray(item) || item.length !== 4) fail('not-cose-mac0');
  const protectedBstr = item[0];
  const unprotected = item[1];
  const payload = item[2];
  const tag = item[3];
  if (!isBytes(protectedBstr) || !isMap(unprotected) || !isBytes(payload) || !isBytes(tag)) fail('malformed');
  const prot = protectedBstr.bytes.length === 0 ? { entries: [] } : decodeAll(protectedBstr.bytes);
  if (!isMap(prot)) fail('malformed');
  for (let i = 0; i < prot.entries.length; i++) {
    if (mapGet(unprotected, prot.entries[i][0]) !== undefined) fail('malformed'); // RFC 9052 §3: one bucket per label
  }
  const alg = mapGet(prot, 1) !== undefined ? mapGet(prot, 1) : mapGet(unprotected, 1);
  if (alg !== ALG_HMAC_256_256) fail('unsupported-alg');
  const kid = mapGet(unprotected, 4) !== undefined ? mapGet(unprotected, 4) : mapGet(prot, 4);
  if (!isBytes(kid) || kid.bytes.length === 0) fail('missing-kid');
  return { protectedBytes: protectedBstr.bytes, payload: payload.bytes, tag: tag.bytes, kid: kid.bytes.toString('utf8') };
}

function macStructure(protectedBytes, payload) {
  // ["MAC0", protected, h'', payload]: array(4), text(4) "MAC0", bstr, empty bstr, bstr.
  return Buffer.concat([
    Buffer.from([0x84, 0x64, 0x4d, 0x41, 0x43, 0x30]),
    bstrHead(protectedBytes.length), protectedBytes,
    Buffer.from([0x40]),
    bstrHead(payload.length), payload,
  ]);
}

// ---- claims ----

function uriComponents(request) {
  const host = request.headers.host ? request.headers.host.value.toLowerCase() : '';
  const path = request.uri;
  const slash = path.lastIndexOf('/');
  const filename = path.substring(slash + 1);
  const dot = filename.lastIndexOf('.');
  const c = {};
  c[CATU_SCHEME] = 'https'; // the distribution only serves HTTPS (viewer protocol policy)
  c[CATU_HOST] = host;
  c[CATU_PORT] = '443';
  c[CATU_PATH] = path;
  c[CATU_PARENT_PATH] = path.substring(0, slash + 1);
  c[CATU_FILENAME] = filename;
  c[CATU_STEM] = dot > 0 ? filename.substring(0, dot) : filename;
  c[CATU_EXTENSION] = dot > 0 ? filename.substring(dot) : '';
  return c;
}

function matches(matchType, expected, actual) {
  if (matchType === MATCH_SHA256) {
    if (!isBytes(expected)) fail('malformed');
    return constantTimeEqual(crypto.createHash('sha256').update(actual).digest(), expected.bytes);
  }
  if (matchType !== MATCH_EXACT && matchType !== MATCH_PREFIX && matchType !== MATCH_SUFFIX && matchType !== MATCH_CONTAINS) {
    fail('unsupported-catu-match'); // regex (4) and sha-512/256 (-2): refused, docs/edge.md
  }
  if (typeof expected !== 'string') fail('malformed');
  if (matchType === MATCH_EXACT) return actual === expected;
  if (matchType === MATCH_PREFIX) return actual.substring(0, expected.length) === expected;
  if (matchType === MATCH_SUFFIX) return expected.length <= actual.length && actual.substring(actual.length - expected.length) === expected;
  return actual.indexOf(expected) !== -1; // contains
}

function checkCatu(catu, request) {
  if (!isMap(catu)) fail('malformed');
  const comps = uriComponents(request);
  for (let i = 0; i < catu.entries.length; i++) {
    const component = catu.entries[i][0];
    const rule = catu.entries[i][1];
    if (component === CATU_QUERY || typeof component !== 'number' || comps[component] === undefined) fail('unsupported-catu-component');
    if (!isMap(rule) || rule.entries.length === 0) fail('malformed');
    for (let j = 0; j < rule.entries.length; j++) {
      let actual = comps[component];
      if (component === CATU_HOST) actual = actual.toLowerCase();
      let expected = rule.entries[j][1];
      if (component === CATU_HOST && typeof expected === 'string') expected = expected.toLowerCase();
      if (!matches(rule.entries[j][0], expected, actual)) fail(component === CATU_HOST ? 'catu-host' : 'catu-path');
    }
  }
}

function checkClaims(claims, request, skew) {
  if (!isMap(claims)) fail('malformed');
  const now = Math.floor(Date.now() / 1000);
  const exp = mapGet(claims, CLAIM_EXP);
  if (typeof exp !== 'number' || exp !== exp) fail('missing-exp');
  if (now >= exp + skew) fail('expired'); // RFC 8392 §3.1.4: the current time must be before exp
  const nbf = mapGet(claims, CLAIM_NBF);
  if (nbf !== undefined) {
    if (typeof nbf !== 'number' || nbf !== nbf) fail('malformed');
    if (now + skew < nbf) fail('not-yet-valid');
  }
  for (let i = 0; i < UNSUPPORTED_CLAIMS.length; i++) {
    if (mapGet(claims, UNSUPPORTED_CLAIMS[i]) !== undefined) fail('unsupported-claim');
  }
  const catu = mapGet(claims, CLAIM_CATU);
  if (catu !== undefined) checkCatu(catu, request);
}

// ---- request ----

function takeToken(request, cfg) {
  const qs = request.querystring;
  const fromQuery = qs[cfg.queryParam];
  if (fromQuery) {
    delete qs[cfg.queryParam]; // never part of the cache key or the origin request
    if (fromQuery.multiValue && fromQuery.multiValue.length > 1) fail('malformed');
    return fromQuery.value;
  }
  const header = request.headers[HEADER];
  if (header) {
    delete request.headers[HEADER];
    return header.value;
  }
  return undefined;
}

async function verify(request) {
  const cfg = await loadConfig();
  const token = takeToken(request, cfg);
  if (!token) fail('missing');
  if (token.length > cfg.maxTokenLength) fail('oversized');
  const mac0 = parseMac0(base64urlDecode(token));
  const keyText = await kvsGet(mac0.kid, 'string');
  if (!keyText) fail('unknown-kid');
  const key = base64urlDecode(keyText);
  const expected = crypto.createHmac('sha256', key).update(macStructure(mac0.protectedBytes, mac0.payload)).digest();
  if (!constantTimeEqual(expected, mac0.tag)) fail('bad-signature');
  checkClaims(decodeAll(mac0.payload), request, cfg.clockSkewSeconds);
}

async function handler(event) {
  const request = event.request;
  try {
    await verify(request);
  } catch (e) {
    return deny(e instanceof Invalid ? e.reason : 'malformed');
  }
  return request;
}
