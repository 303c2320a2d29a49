import { Construct } from 'constructs';
import { EnvironmentConfig, primaryRegionOf } from '../environments/schema';
import { MediaOriginRef } from '../constructs/edge/handles';
import { EdgeStack } from './edge-stack';
import { DataStack } from './data-stack';
import { ClusterStack } from './cluster-stack';
import { NetworkStack } from './network-stack';

/** The stacks of one region, by layer. Layers other issues add get a field here. */
export interface RegionStacks {
  readonly region: string;
  readonly network: NetworkStack;
  /** Present when the region configures `data:`. */
  readonly data?: DataStack;
  /** Present when the region's config has `cluster:`. */
  readonly cluster?: ClusterStack;
}

/** Every stack of one environment. */
export interface EnvironmentStacks {
  readonly env: EnvironmentConfig;
  readonly regions: ReadonlyMap<string, RegionStacks>;
  /** Present when the environment configures `edge:`. */
  readonly edge?: EdgeStack;
}

/** The media origin of a region's data stack, as the edge takes it. */
function mediaOriginOf(data: DataStack): MediaOriginRef {
  const b = data.buckets.mediaOrigin;
  return { bucketName: b.bucketName, bucketArn: b.bucketArn, regionalDomainName: b.regionalDomainName, region: data.region, kmsKeyArn: b.kmsKeyArn! };
}

/**
 * Builds all stacks of one environment in layer order and wires their cross-stack references
 * (network -> data -> cluster -> platform -> workloads, and the global edge layer last).
 */
export function buildEnvironment(scope: Construct, env: EnvironmentConfig): EnvironmentStacks {
  const regions = new Map<string, RegionStacks>();
  const edgeOrigins = env.edge ? [env.edge.originRegion ?? primaryRegionOf(env), ...(env.edge.secondaryOriginRegion ? [env.edge.secondaryOriginRegion] : [])] : [];
  for (const region of Object.keys(env.regions)) {
    const network = new NetworkStack(scope, { env, region });
    const data = env.regions[region].data
      ? new DataStack(scope, { env, region, network: network.network, ...(edgeOrigins.includes(region) ? { servedByEdge: true } : {}) })
      : undefined;
    const cluster = env.regions[region].cluster
      ? new ClusterStack(scope, {
        env, region, network: network.network,
        // Nodes join the region's data-clients group: the only group the data stores admit.
        additionalNodeSecurityGroupIds: data ? [data.clientSecurityGroupId] : [],
      })
      : undefined;
    regions.set(region, { region, network, ...(data ? { data } : {}), ...(cluster ? { cluster } : {}) });
  }
  let edge: EdgeStack | undefined;
  if (env.edge) {
    // The schema checked that both origin regions have a data layer.
    const origin = regions.get(edgeOrigins[0])!.data!;
    const secondary = edgeOrigins[1] ? regions.get(edgeOrigins[1])!.data! : undefined;
    edge = new EdgeStack(scope, {
      env, config: env.edge, origin: mediaOriginOf(origin),
      ...(secondary ? { secondaryOrigin: mediaOriginOf(secondary) } : {}),
      logsBucket: { bucketName: origin.buckets.logs.bucketName, bucketArn: origin.buckets.logs.bucketArn },
    });
  }
  return { env, regions, ...(edge ? { edge } : {}) };
}
