import { Construct } from 'constructs';
import { EnvironmentConfig } from '../environments/schema';
import { DataStack } from './data-stack';
import { ClusterStack } from './cluster-stack';
import { NetworkStack } from './network-stack';
import { AnalyticsStack } from './analytics-stack';

/** The stacks of one region, by layer. Layers other issues add get a field here. */
export interface RegionStacks {
  readonly region: string;
  readonly network: NetworkStack;
  /** Present when the region configures `data:`. */
  readonly data?: DataStack;
  /** Present when the region's config has `cluster:`. */
  readonly cluster?: ClusterStack;
  /** Present when the region's config has `analytics:` (which needs data and cluster). */
  readonly analytics?: AnalyticsStack;
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
    const analytics = env.regions[region].analytics && data && cluster
      ? new AnalyticsStack(scope, {
        env, region,
        network: { vpcId: network.network.vpcId, privateSubnetIds: network.network.privateSubnetIds },
        data: {
          kafkaClusters: data.kafkaClusters, dataLake: data.buckets.dataLake, modelArtifacts: data.buckets.modelArtifacts,
          accessLogsBucketName: data.buckets.accessLogs.bucketName, clientSecurityGroupId: data.clientSecurityGroupId,
        },
        cluster: { clusterName: cluster.cluster.clusterName, clusterArn: cluster.cluster.clusterArn, oidcProviderArn: cluster.cluster.oidcProviderArn, oidcIssuerUrl: cluster.cluster.oidcIssuerUrl },
      })
      : undefined;
    regions.set(region, { region, network, ...(data ? { data } : {}), ...(cluster ? { cluster } : {}), ...(analytics ? { analytics } : {}) });
  }
  return { env, regions };
}
