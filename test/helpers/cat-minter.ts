/**
 * A minimal, independent Common Access Token minter for tests: its own CBOR encoder (RFC 8949 preferred
 * serialization), COSE_Mac0 (RFC 9052 §6.2) with HMAC 256/256 and the CWT tag (RFC 8392 §6). It shares
 * no code with the edge function it tests.
 */
import * as crypto from 'crypto';

/** CBOR values this encoder writes: integers, byte strings (Buffer), text, arrays, Maps, tags. */
export type Cbor = number | string | Buffer | boolean | null | Cbor[] | Map<number | string, Cbor> | Tagged;
export class Tagged { constructor(public readonly tag: number, public readonly value: Cbor) {} }

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) { const b = Buffer.alloc(3); b[0] = (major << 5) | 25; b.writeUInt16BE(n, 1); return b; }
  if (n < 0x100000000) { const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(n, 1); return b; }
  const b = Buffer.alloc(9); b[0] = (major << 5) | 27; b.writeBigUInt64BE(BigInt(n), 1); return b;
}

export function cbor(v: Cbor): Buffer {
  if (v === null) return Buffer.from([0xf6]);
  if (v === true) return Buffer.from([0xf5]);
  if (v === false) return Buffer.from([0xf4]);
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) { const b = Buffer.alloc(9); b[0] = 0xfb; b.writeDoubleBE(v, 1); return b; }
    return v >= 0 ? head(0, v) : head(1, -1 - v);
  }
  if (typeof v === 'string') { const t = Buffer.from(v, 'utf8'); return Buffer.concat([head(3, t.length), t]); }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  if (v instanceof Map) return Buffer.concat([head(5, v.size), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)])]);
  return Buffer.concat([head(6, v.tag), cbor(v.value)]);
}

export const b64u = (b: Buffer): string => b.toString('base64url');

export interface MintOptions {
  /** Claims by CWT/CTA-5007 key (exp 4, nbf 5, catu 312, ...). */
  readonly claims: Map<number, Cbor>;
  readonly kid: string;
  /** Raw HMAC key. */
  readonly key: Buffer;
  /** `cwt`: tag 61 around tag 17 (default); `mac0`: tag 17 only; `untagged`: the bare array. */
  readonly wrap?: 'cwt' | 'mac0' | 'untagged';
  /** COSE alg in the protected header. @default 5 (HMAC 256/256) */
  readonly alg?: number;
}

/** Mints a token: base64url without padding of the CWT. */
export function mintCat(o: MintOptions): string {
  const protectedBytes = cbor(new Map<number, Cbor>([[1, o.alg ?? 5]]));
  const payload = cbor(o.claims);
  const toBeMaced = cbor(['MAC0', protectedBytes, Buffer.alloc(0), payload]);
  const tag = crypto.createHmac('sha256', o.key).update(toBeMaced).digest();
  const mac0: Cbor = [protectedBytes, new Map<number, Cbor>([[4, Buffer.from(o.kid, 'utf8')]]), payload, tag];
  const wrap = o.wrap ?? 'cwt';
  const item = wrap === 'untagged' ? mac0 : wrap === 'mac0' ? new Tagged(17, mac0) : new Tagged(61, new Tagged(17, mac0));
  return b64u(cbor(item));
}

/** `catu` claim value: component -> {matchType: value}. */
export function catu(entries: readonly [component: number, matchType: number, value: Cbor][]): Map<number, Cbor> {
  return new Map(entries.map(([c, t, v]) => [c, new Map<number, Cbor>([[t, v]])]));
}
