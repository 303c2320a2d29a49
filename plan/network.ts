import { availabilityZoneIds } from '../constructs/core/regions';
import type { NatGatewayMode } from '../constructs/network/network';
import type { RegionConfig } from '../environments/schema';

/** The network layer's plan for one region: everything NetworkStack passes to the Network construct. */
export interface NetworkPlan {
  /** `<env>-<region>`: VPC name prefix. */
  readonly name: string;
  readonly cidr: string;
  readonly availabilityZoneIds: readonly string[];
  readonly natGateways: NatGatewayMode;
  readonly flowLogRetentionDays: number;
  readonly interfaceEndpoints: readonly string[];
  /** EKS clusters whose subnets get the discovery tags. */
  readonly clusterNames: readonly string[];
}

/** Resolves `regions.<region>` (VPC part) of environment `envName`. */
export function planNetwork(envName: string, region: string, cfg: RegionConfig): NetworkPlan {
  const name = `${envName}-${region}`;
  return {
    name,
    cidr: cfg.vpcCidr,
    availabilityZoneIds: availabilityZoneIds(region, cfg.azCount),
    natGateways: cfg.network.natGateways,
    flowLogRetentionDays: cfg.network.flowLogRetentionDays,
    interfaceEndpoints: cfg.network.interfaceEndpoints,
    clusterNames: [name],
  };
}
