/**
 * IPv4 CIDR arithmetic used to size subnets and to check that networks do not overlap.
 * Plain numbers only (no tokens): CIDRs are known at synth time.
 */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined when the text is not a CIDR whose host bits are zero. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const m = CIDR_RE.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const network = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((network & ~mask) >>> 0 !== 0) return undefined;
  return { network, prefix };
}

/** Parses a CIDR or throws a plain Error naming the text. */
export function mustParseCidr(text: string): Ipv4Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`'${text}' is not an IPv4 CIDR with its host bits zero (e.g. 10.0.0.0/16)`);
  return parsed;
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const n = cidr.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + cidrSize(a) - 1;
  const bEnd = b.network + cidrSize(b) - 1;
  return a.network <= bEnd && b.network <= aEnd;
}

/**
 * The disjoint-CIDR rule of VPCs that are (or may be) peered: AWS refuses a peering between overlapping
 * blocks ("If they overlap, the status of the VPC peering connection immediately goes to failed", VPC
 * Peering Guide, *Create a VPC peering connection*). Used by the environment schema (regions of one
 * environment) and by RegionPeering (the two VPCs it peers). `otherLabel` names the other block in the message.
 * Returns the message, or undefined when the blocks are disjoint.
 */
export function vpcCidrOverlapProblem(cidr: string, other: string, otherLabel: string): string | undefined {
  const a = mustParseCidr(cidr);
  const b = mustParseCidr(other);
  return cidrsOverlap(a, b)
    ? `${cidr} overlaps ${otherLabel} (${other}); regions of one environment need disjoint CIDRs so they can be peered`
    : undefined;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network &&
    inner.network + cidrSize(inner) <= outer.network + cidrSize(outer);
}

/** RFC 1918 private ranges. */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** True when the block lies inside one RFC 1918 range. */
export function isPrivateCidr(cidr: Ipv4Cidr): boolean {
  return PRIVATE_RANGES.some((r) => cidrContains(mustParseCidr(r), cidr));
}

/**
 * A block a peered VPC may stand for (a route through a peering, a CIDR admitted from it): RFC 1918 and no
 * larger than a /16, a VPC's largest block. One rule for the peering constructs and the policy pack.
 */
export function isPeerableBlock(cidr: Ipv4Cidr): boolean {
  return isPrivateCidr(cidr) && cidr.prefix >= 16;
}

/**
 * The `index`-th block of prefix `newPrefix` inside `parent` (like Terraform's `cidrsubnet`, with the
 * new prefix given absolutely).
 */
export function subnetAt(parent: Ipv4Cidr, newPrefix: number, index: number): Ipv4Cidr {
  if (newPrefix < parent.prefix || newPrefix > 32) {
    throw new Error(`cannot carve a /${newPrefix} out of ${formatCidr(parent)}`);
  }
  const count = 2 ** (newPrefix - parent.prefix);
  if (index < 0 || index >= count) {
    throw new Error(`${formatCidr(parent)} holds ${count} blocks of /${newPrefix}; index ${index} is out of range`);
  }
  return { network: (parent.network + index * 2 ** (32 - newPrefix)) >>> 0, prefix: newPrefix };
}
