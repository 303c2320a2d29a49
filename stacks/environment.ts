import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../environments/schema';
import type { WorkloadCatalogs } from '../catalog/catalog-validation';
import { resolveEnvironment, type EnvironmentPlan, type RegionPlan } from '../plan/environment';
import { PlatformValidationError } from '../constructs/core/errors';
import type { EdgePlan } from '../plan/edge';
import type { RoutingPlan } from '../plan/routing';
import type { EnvironmentContext } from '../plan/context';
import type { DataOutputs, DataReaders, RegionOutputs } from './contracts';
import type { MediaOriginRef } from '../constructs/edge/handles';
import { EdgeStack } from './edge-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { SecondaryDataStack } from './secondary-data-stack';
import { NetworkStack } from './network-stack';
import { AnalyticsStack } from './analytics-stack';
import { PlatformStack } from './platform-stack';
import { PlatformConfigStack } from './platform-config-stack';
import { WorkloadsStack } from './workloads-stack';
import { ServingStack } from './serving-stack';
import type { ModelsBucket } from '../constructs/serving/builders';
import { ReplicationStack, type ReplicationShared, type ReplicationSourceData } from './replication-stack';
import { planReplication, REPLICATED_BUCKETS, type ReplicatedBucket } from '../plan/replication';
import type { ReplicationDestination } from '../constructs/data/bucket-replication';
import type { KafkaReplicationEndpoint } from '../constructs/data/kafka-replicator';
import { RoutingStack } from './routing-stack';

/** The stacks of one region, by layer. A regional layer added later gets an optional field here. */
export interface RegionStacks {
  readonly region: string;
  readonly network: NetworkStack;
  /** The primary region's data layer; present when it configures `data:`. */
  readonly data?: DataStack;
  /** A secondary's own data layer (phase 4: MSK, EFS, client group); present when its plan has one. */
  readonly secondaryData?: SecondaryDataStack;
  /** Present when the region's config has `cluster:`. */
  readonly cluster?: ClusterStack;
  /** Add-ons (Helm releases, namespaces, identities); present with `cluster:`. */
  readonly platform?: PlatformStack;
  /** Custom resources of the add-ons (NodePools, PeerAuthentication ...), deployed after `platform`. */
  readonly platformConfig?: PlatformConfigStack;
  /** Present when the region's config has `analytics:` (which needs data and cluster). */
  readonly analytics?: AnalyticsStack;
  /** The application services; present in the primary region when it has data and cluster, and in a secondary from phase 4. */
  readonly workloads?: WorkloadsStack;
  /**
   * The `workloads` layer of a region that serves models but runs no application services (the GPU
   * region); present when the plan places models there.
   */
  readonly serving?: ServingStack;
  /** The contracts of the region's layers, handed to the layers above. */
  readonly outputs: RegionOutputs;
}

/** Global stacks (`<env>-global-<layer>`), by layer. */
export interface GlobalStacks {
  /** Present when the environment configures `edge:`. */
  readonly edge?: EdgeStack;
  /** Present when the environment configures `routing:` and a region serves the API. */
  readonly routing?: RoutingStack;
}

/** Stacks wiring a pair of regions: the primary (`source`) replicates into `target` (docs/replication.md). */
export interface RegionPairStacks {
  readonly source: string;
  readonly target: string;
  /** `<env>-<target>-replication`. */
  readonly replication: ReplicationStack;
}

/** Every stack of one environment. */
export interface EnvironmentStacks {
  readonly env: EnvironmentConfig;
  readonly plan: EnvironmentPlan;
  readonly regions: ReadonlyMap<string, RegionStacks>;
  readonly global: GlobalStacks;
  readonly pairs: readonly RegionPairStacks[];
}

/**
 * A regional layer: builds its stack(s) for one region from the plan and the outputs of the layers
 * below, and returns what it adds to the region. Add a layer by appending one entry to REGIONAL_LAYERS
 * (in deploy order, stacks/naming.ts) and an optional field to RegionStacks/RegionOutputs/RegionPlan.
 */
type RegionalLayer = (scope: Construct, context: EnvironmentContext, plan: RegionPlan, below: RegionStacksSoFar) => Partial<RegionStacks>;
type RegionStacksSoFar = Omit<RegionStacks, 'outputs' | 'network'> & { network: NetworkStack; outputs: RegionOutputs };

const REGIONAL_LAYERS: readonly RegionalLayer[] = [
  // data: needs the network. The primary's holds every store; a secondary's (phase 4) its events and live segments.
  (scope, context, plan, below) => (plan.data
    ? { data: new DataStack(scope, { context, region: plan.region, plan: plan.data, network: below.outputs.network }) }
    : plan.secondaryData
      ? { secondaryData: new SecondaryDataStack(scope, { context, region: plan.region, plan: plan.secondaryData, network: below.outputs.network }) }
      : {}),
  // cluster: nodes join the data layer's client group when the region has one (a secondary's from phase 4:
  // its node groups' launch templates then carry one more security group, a rolling node update).
  (scope, context, plan, below) => (plan.cluster
    ? {
      cluster: new ClusterStack(scope, {
        context, region: plan.region, plan: plan.cluster, network: below.outputs.network,
        ...(below.outputs.data ? { data: below.outputs.data } : {}),
      }),
    }
    : {}),
  // platform, then platform-config: separate stacks, because the cluster must exist before a provider can
  // reach it and a CRD before its objects. No reference crosses them (each looks the cluster up by name),
  // so the order is declared.
  (scope, context, plan, below) => {
    if (!plan.platform || !below.cluster) return {};
    const platform = new PlatformStack(scope, { context, region: plan.region, plan: plan.platform });
    platform.addDependency(below.cluster);
    const platformConfig = new PlatformConfigStack(scope, {
      context, region: plan.region, plan: plan.platform, ...(below.outputs.data ? { data: below.outputs.data } : {}),
    });
    platformConfig.addDependency(platform);
    return { platform, platformConfig };
  },
  // analytics: search, schemas, lakehouse and pipelines over the data layer's stores and the cluster.
  (scope, context, plan, below) => (plan.analytics && below.data && below.cluster
    ? {
      analytics: new AnalyticsStack(scope, {
        context, region: plan.region, plan: plan.analytics, network: below.outputs.network.network,
        data: {
          kafkaClusters: below.data.kafkaClusters, dataLake: below.data.buckets.dataLake, modelArtifacts: below.data.buckets.modelArtifacts,
          accessLogsBucketName: below.data.buckets.accessLogs.bucketName, clientSecurityGroupId: below.data.outputs.clientSecurityGroupId,
        },
        cluster: below.cluster.cluster,
      }),
    }
    : {}),
  // workloads: the application services, after platform-config (namespaces, PriorityClasses, Istio CRDs).
  (scope, context, plan, below) => {
    if (!plan.workloads || !below.data || !below.platformConfig) return {};
    const workloads = new WorkloadsStack(scope, {
      context, region: plan.region, plan: plan.workloads, data: below.data.outputs, modelsBucket: modelsBucketOf(below.data),
    });
    workloads.addDependency(below.platformConfig);
    return { workloads };
  },
];

/**
 * Builds all stacks of one environment and wires their contracts: the environment is resolved once
 * (plan/), then per region network -> data -> cluster (-> platform -> workloads), then the global layers
 * (edge), then cross-region pairs. This is the only place that passes one layer's outputs to another.
 * `catalogs` replaces the checked-in catalogs (tests: a rollout step synthesized before and after).
 */
export function buildEnvironment(scope: Construct, env: EnvironmentConfig, catalogs?: WorkloadCatalogs): EnvironmentStacks {
  const plan = catalogs ? resolveEnvironment(env, catalogs) : resolveEnvironment(env);
  const { context } = plan;
  const regions = new Map<string, RegionStacks>();
  for (const regionPlan of Object.values(plan.regions)) {
    const network = new NetworkStack(scope, { context, region: regionPlan.region, plan: regionPlan.network });
    let stacks: RegionStacksSoFar = { region: regionPlan.region, network, outputs: { network: network.outputs } };
    for (const layer of REGIONAL_LAYERS) {
      const added = layer(scope, context, regionPlan, stacks);
      stacks = { ...stacks, ...added, outputs: { ...stacks.outputs, ...outputsOf(added) } };
    }
    regions.set(regionPlan.region, stacks);
  }
  // The serving-only regions (the GPU region) read the primary region's models bucket, so they are built
  // once every region exists.
  for (const regionPlan of Object.values(plan.regions)) {
    if (!regionPlan.serving) continue;
    const region = regions.get(regionPlan.region)!;
    if (!region.platformConfig) continue;
    const models = modelsBucketFor(context, regionPlan.region, regions);
    const serving = new ServingStack(scope, { context, region: regionPlan.region, plan: regionPlan.serving, modelsBucket: models.bucket });
    serving.addDependency(region.platformConfig);
    serving.addDependency(models.stack);
    regions.set(regionPlan.region, { ...region, serving });
  }
  // Cross-region pairs take two regions' outputs; the global layers (edge) take the regions' and the pairs'.
  const edgePlan = plan.global.edge;
  const pairs = replicationStacks(scope, context, plan, regions, edgePlan);
  // A secondary's services (phase 4) read the pair's replicas, so they are built once the pairs exist.
  for (const regionPlan of Object.values(plan.regions)) {
    const region = regions.get(regionPlan.region)!;
    if (!regionPlan.workloads || !region.secondaryData || !region.platformConfig) continue;
    const pair = pairs.find((p) => p.target === regionPlan.region);
    const models = modelsBucketFor(context, regionPlan.region, regions);
    const workloads = new WorkloadsStack(scope, {
      context, region: regionPlan.region, plan: regionPlan.workloads, modelsBucket: models.bucket,
      data: secondaryDataOutputs(region.secondaryData, models.stack, pair?.replication),
    });
    workloads.addDependency(region.platformConfig);
    regions.set(regionPlan.region, { ...region, workloads });
  }
  const global: GlobalStacks = {
    ...(edgePlan ? { edge: edgeStack(scope, context, edgePlan, regions, pairs) } : {}),
    ...(plan.global.routing ? { routing: routingStack(scope, context, plan.global.routing, regions) } : {}),
  };
  return { env, plan, regions, global, pairs };
}

/**
 * `<env>-<target>-replication` per pair of plan.pairs (plan/replication.ts). Source-side singletons are
 * shared: the first pair replicating caches creates the Global Datastores the others join, the first
 * registry pair holds the registry's one replication configuration, and the last bucket pair holds the
 * buckets' configurations with every pair's replica as a destination.
 */
function replicationStacks(scope: Construct, context: EnvironmentContext, plan: EnvironmentPlan, regions: ReadonlyMap<string, RegionStacks>, edge: EdgePlan | undefined): RegionPairStacks[] {
  const out: RegionPairStacks[] = [];
  const replicationPlans = planReplication(plan);
  if (replicationPlans.length === 0) return out;
  const destinations: Record<ReplicatedBucket, ReplicationDestination[]> = { 'media-origin': [], 'model-artifacts': [], 'data-lake': [] };
  let shared: ReplicationShared = { globalDatastores: {}, bucketDestinations: destinations };
  // The edge fails over to the first bucket pair's replica unless the config names a secondary origin region.
  const edgeFailoverTarget = edge && edge.originRegions.length === 1
    ? replicationPlans.find((p) => p.buckets.length > 0 && p.pair.source === edge.originRegions[0])?.pair.target
    : undefined;
  for (const rp of replicationPlans) {
    const source = regions.get(rp.pair.source)!;
    const target = regions.get(rp.pair.target)!;
    // planReplication checked that the source has a data layer.
    const data = source.data!;
    const endpoint = (stacks: RegionStacks, cluster: 'realtime' | 'analytics'): KafkaReplicationEndpoint | undefined => {
      const events = stacks.data ?? stacks.secondaryData;
      const c = events?.kafkaClusters[cluster];
      return c && events ? { cluster: c, subnetIds: stacks.network.outputs.network.isolatedSubnetIds, securityGroupIds: [events.clientSecurityGroupId] } : undefined;
    };
    const sourceRealtime = endpoint(source, 'realtime');
    const sourceAnalytics = endpoint(source, 'analytics');
    const sourceData: ReplicationSourceData = {
      buckets: {
        'media-origin': { bucketName: data.buckets.mediaOrigin.bucketName, bucketArn: data.buckets.mediaOrigin.bucketArn, kmsKeyArn: data.buckets.mediaOrigin.kmsKeyArn!, lifecycleRules: data.buckets.mediaOrigin.lifecycleRules },
        'model-artifacts': { bucketName: data.buckets.modelArtifacts.bucketName, bucketArn: data.buckets.modelArtifacts.bucketArn, kmsKeyArn: data.buckets.modelArtifacts.kmsKeyArn!, lifecycleRules: data.buckets.modelArtifacts.lifecycleRules },
        'data-lake': { bucketName: data.buckets.dataLake.bucketName, bucketArn: data.buckets.dataLake.bucketArn, kmsKeyArn: data.buckets.dataLake.bucket.kmsKeyArn!, lifecycleRules: data.buckets.dataLake.lifecycleRules },
      },
      databases: Object.fromEntries(Object.entries(data.databases).map(([id, db]) => [id, { instanceArn: db!.instance.arn }])),
      ...(sourceRealtime ? { realtime: sourceRealtime } : {}),
      ...(sourceAnalytics ? { analytics: sourceAnalytics } : {}),
      // Phase 4: the secondary writes to the primary's PostgreSQL instances and Redis groups over the peering.
      ...(rp.peering ? {
        peer: {
          network: source.network.outputs.network,
          writers: [...Object.values(data.outputs.databases).map((db) => db!), data.outputs.cache, data.outputs.featureStore],
        },
      } : {}),
    };
    const targetRealtime = endpoint(target, 'realtime');
    const targetAnalytics = endpoint(target, 'analytics');
    const stack = new ReplicationStack(scope, {
      context, region: rp.pair.target, plan: rp, source: sourceData, targetNetwork: target.network.outputs, shared,
      ...(target.cluster ? { targetClusterSecurityGroupId: target.cluster.outputs.cluster.clusterSecurityGroupId } : {}),
      ...(targetRealtime ? { targetRealtime } : {}),
      ...(targetAnalytics ? { targetAnalytics } : {}),
      servedByEdge: rp.pair.target === edgeFailoverTarget,
    });
    for (const purpose of REPLICATED_BUCKETS) {
      const d = stack.bucketDestinations[purpose];
      if (d) destinations[purpose].push(d);
    }
    shared = { globalDatastores: { ...shared.globalDatastores, ...stack.globalDatastores }, bucketDestinations: destinations };
    out.push({ source: rp.pair.source, target: rp.pair.target, replication: stack });
  }
  return out;
}

/**
 * The data contract of a secondary's services (phase 4, "read local, write to the primary"): events, live
 * segments and the client group from the region's own data stack; the primary's databases, caches and
 * buckets as the writers (reached over the pair's network, docs/regions-dr.md); the pair's replicas as the
 * readers; the repositories ECR replication created in the region's registry.
 */
function secondaryDataOutputs(own: SecondaryDataStack, primary: DataStack, replication: ReplicationStack | undefined): DataOutputs {
  // The services' writes go to the primary's stores: only over the pair's peering (phase 4, REPLICATION_FROM_PHASE
  // `peering`), which must therefore exist whenever the secondary runs services (OWN_DATA_FROM_PHASE).
  if (!replication?.writesReachPrimary) {
    throw new PlatformValidationError(own.node.path, 'the secondary runs services that write to the primary, but no replication pair gives it a private path to the primary (feature `peering`)');
  }
  const readers: DataReaders = {
    databases: replication.databaseReplicas,
    ...(replication.cacheSecondaries.cache ? { cache: replication.cacheSecondaries.cache } : {}),
    ...(replication.cacheSecondaries['feature-store'] ? { featureStore: replication.cacheSecondaries['feature-store'] } : {}),
  };
  return {
    ...own.outputs,
    databases: primary.databases, cache: primary.cache, featureStore: primary.featureStore, buckets: primary.buckets,
    repositories: own.replicatedRepositories,
    readers,
  };
}

/** The contracts of the stacks a layer added. */
function outputsOf(added: Partial<RegionStacks>): Partial<RegionOutputs> {
  return {
    ...(added.data ? { data: added.data.outputs } : {}),
    ...(added.secondaryData ? { data: added.secondaryData.outputs } : {}),
    ...(added.cluster ? { cluster: added.cluster.outputs } : {}),
  };
}

/** The model-artifacts bucket of a region's data stack, as the serving workloads take it. */
function modelsBucketOf(data: DataStack): ModelsBucket {
  const b = data.buckets.modelArtifacts;
  return { name: b.bucketName, arn: b.bucketArn, region: data.region, ...(b.kmsKeyArn ? { kmsKeyArn: b.kmsKeyArn } : {}) };
}

/**
 * The models bucket a serving-only region reads, with the stack that holds it: the primary region's
 * model-artifacts bucket, read across regions. The DR layer swaps this for the region's replica bucket.
 */
function modelsBucketFor(context: EnvironmentContext, region: string, regions: ReadonlyMap<string, RegionStacks>): { bucket: ModelsBucket; stack: DataStack } {
  const data = regions.get(context.primaryRegion)?.data;
  if (!data) {
    throw new PlatformValidationError(`environments/${context.name}.yaml`, `regions.${region}: serving workloads are placed in ${region}, but the primary region ${context.primaryRegion} has no data layer (data:) to hold the models bucket`);
  }
  return { bucket: modelsBucketOf(data), stack: data };
}

/** The media origin of a region's data stack, as the edge takes it. */
function mediaOriginOf(data: DataStack): MediaOriginRef {
  const b = data.buckets.mediaOrigin;
  return { bucketName: b.bucketName, bucketArn: b.bucketArn, regionalDomainName: b.regionalDomainName, region: data.region, kmsKeyArn: b.kmsKeyArn! };
}

/**
 * `<env>-global-edge` in front of the origin region's media bucket, failing over to the secondary origin
 * region's media bucket when the config names one, else to the replicated media bucket of the first pair
 * that replicates buckets (phase 2+, docs/replication.md).
 */
function edgeStack(scope: Construct, context: EnvironmentContext, plan: EdgePlan, regions: ReadonlyMap<string, RegionStacks>, pairs: readonly RegionPairStacks[]): EdgeStack {
  // The schema checked that every origin region has a data layer.
  const [origin, secondary] = plan.originRegions.map((r) => regions.get(r)!.data!);
  const replica = pairs.find((p) => p.replication.mediaOrigin && p.source === origin.region)?.replication.mediaOrigin;
  const secondaryOrigin = secondary ? mediaOriginOf(secondary) : replica;
  return new EdgeStack(scope, {
    context, config: plan.config, origin: mediaOriginOf(origin),
    ...(secondaryOrigin ? { secondaryOrigin } : {}),
    logsBucket: { bucketName: origin.buckets.logs.bucketName, bucketArn: origin.buckets.logs.bucketArn },
  });
}

/** `<env>-global-routing`, after every serving region's workloads (their gateways create the load balancers it looks up). */
function routingStack(scope: Construct, context: EnvironmentContext, plan: RoutingPlan, regions: ReadonlyMap<string, RegionStacks>): RoutingStack {
  const stack = new RoutingStack(scope, { context, plan });
  for (const s of plan.servingRegions) {
    const workloads = regions.get(s.region)?.workloads;
    if (workloads) stack.addDependency(workloads);
  }
  return stack;
}
