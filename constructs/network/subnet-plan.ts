import { formatCidr, mustParseCidr, subnetAt } from '../core/cidr';

/** Subnet CIDRs per tier, one per Availability Zone, in AZ order. */
export interface SubnetPlan {
  readonly public: readonly string[];
  readonly private: readonly string[];
  readonly isolated: readonly string[];
  /** The block kept free for later tiers (a quarter of the VPC). */
  readonly reserved: string;
}

/** Smallest subnet AWS allows. */
const SMALLEST_SUBNET_PREFIX = 28;

/**
 * Carves a VPC CIDR into three tiers over `azCount` zones:
 * - private (workloads, EKS pods): the first half of the VPC, split evenly across AZ slots;
 * - public (load balancers, NAT): one eighth;
 * - isolated (databases, caches, brokers; no route out): one eighth;
 * - the last quarter is reserved so a tier can be added without renumbering.
 * AZ slots are the next power of two >= azCount, so a /16 over 3 AZs gives /19 private and /21
 * public and isolated subnets.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  const vpc = mustParseCidr(vpcCidr);
  if (!Number.isInteger(azCount) || azCount < 1) throw new Error(`azCount must be a positive integer, got ${azCount}`);
  const slotBits = Math.ceil(Math.log2(azCount));
  const smallest = vpc.prefix + 3 + slotBits;
  if (smallest > SMALLEST_SUBNET_PREFIX) {
    const largestPrefix = SMALLEST_SUBNET_PREFIX - 3 - slotBits;
    throw new Error(`${vpcCidr} is too small for ${azCount} AZs: public and isolated subnets would be /${smallest}, ` +
      `smaller than the /${SMALLEST_SUBNET_PREFIX} AWS allows; use a /${largestPrefix} or larger`);
  }
  const privateHalf = subnetAt(vpc, vpc.prefix + 1, 0);
  const publicEighth = subnetAt(vpc, vpc.prefix + 3, 4);
  const isolatedEighth = subnetAt(vpc, vpc.prefix + 3, 5);
  const zones = Array.from({ length: azCount }, (_, i) => i);
  return {
    private: zones.map((i) => formatCidr(subnetAt(privateHalf, privateHalf.prefix + slotBits, i))),
    public: zones.map((i) => formatCidr(subnetAt(publicEighth, publicEighth.prefix + slotBits, i))),
    isolated: zones.map((i) => formatCidr(subnetAt(isolatedEighth, isolatedEighth.prefix + slotBits, i))),
    reserved: formatCidr(subnetAt(vpc, vpc.prefix + 2, 3)),
  };
}
