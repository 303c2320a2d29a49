import { Construct } from 'constructs';
import { EnvironmentConfig } from '../environments/schema';
import { DataStack } from './data-stack';
import { ClusterStack } from './cluster-stack';
import { NetworkStack } from './network-stack';
import { PlatformStack } from './platform-stack';
import { PlatformConfigStack } from './platform-config-stack';

/** The stacks of one region, by layer. Layers other issues add get a field here. */
export interface RegionStacks {
  readonly region: string;
  readonly network: NetworkStack;
  /** Present when the region configures `data:`. */
  readonly data?: DataStack;
  /** Present when the region's config has `cluster:`. */
  readonly cluster?: ClusterStack;
  /** Add-ons (Helm releases, namespaces, identities); present with `cluster:`. */
  readonly platform?: PlatformStack;
  /** Custom resources of the add-ons (NodePools, PeerAuthentication ...), deployed after `platform`. */
  readonly platformConfig?: PlatformConfigStack;
}

/** Every stack of one environment. */
export interface EnvironmentStacks {
  readonly env: EnvironmentConfig;
  readonly regions: ReadonlyMap<string, RegionStacks>;
}

/**
 * Builds all stacks of one environment in layer order and wires their cross-stack references
 * (network -> data -> cluster -> platform -> workloads, and the global edge layer last).
 */
export function buildEnvironment(scope: Construct, env: EnvironmentConfig): EnvironmentStacks {
  const regions = new Map<string, RegionStacks>();
  for (const region of Object.keys(env.regions)) {
    const network = new NetworkStack(scope, { env, region });
    const data = env.regions[region].data ? new DataStack(scope, { env, region, network: network.network }) : undefined;
    const cluster = env.regions[region].cluster
      ? new ClusterStack(scope, {
        env, region, network: network.network,
        // Nodes join the region's data-clients group: the only group the data stores admit.
        additionalNodeSecurityGroupIds: data ? [data.clientSecurityGroupId] : [],
      })
      : undefined;
    // Separate stacks: the cluster must exist before providers can reach it, CRDs before their objects.
    const platform = cluster ? new PlatformStack(scope, { env, region }) : undefined;
    const platformConfig = cluster
      ? new PlatformConfigStack(scope, { env, region, additionalNodeSecurityGroupIds: data ? [data.clientSecurityGroupId] : [] })
      : undefined;
    // No references cross these stacks (each looks the cluster up by name): the order is declared.
    if (platform && cluster) platform.addDependency(cluster);
    if (platformConfig && platform) platformConfig.addDependency(platform);
    regions.set(region, {
      region, network, ...(data ? { data } : {}), ...(cluster ? { cluster } : {}),
      ...(platform ? { platform } : {}), ...(platformConfig ? { platformConfig } : {}),
    });
  }
  return { env, regions };
}
