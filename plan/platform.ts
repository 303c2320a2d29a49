import type { PlatformConfig } from '../environments/platform-schema';
import type { ClusterPlan } from './cluster';

/**
 * The platform layers' plan (`platform` and `platform-config`): the region's cluster plan (node groups for
 * the add-ons' placement and capacity, GPU pools for the Karpenter NodePools and the GPU operator's
 * sharing config) and its `regions.<region>.platform` settings. Present for every region with a cluster.
 */
export interface PlatformPlan {
  readonly cluster: ClusterPlan;
  readonly config: PlatformConfig;
  /** Availability Zones of the region's network (Karpenter's EC2NodeClass takes one subnet per AZ). */
  readonly azCount: number;
}
