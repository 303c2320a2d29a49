import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../environments/schema';
import { resolveEnvironment, type EnvironmentPlan, type RegionPlan } from '../plan/environment';
import type { EdgePlan } from '../plan/edge';
import type { RoutingPlan } from '../plan/routing';
import type { EnvironmentContext } from '../plan/context';
import type { RegionOutputs } from './contracts';
import type { MediaOriginRef } from '../constructs/edge/handles';
import { EdgeStack } from './edge-stack';
import { ClusterStack } from './cluster-stack';
import { DataStack } from './data-stack';
import { NetworkStack } from './network-stack';
import { AnalyticsStack } from './analytics-stack';
import { PlatformStack } from './platform-stack';
import { PlatformConfigStack } from './platform-config-stack';
import { WorkloadsStack } from './workloads-stack';
import { RoutingStack } from './routing-stack';

/** The stacks of one region, by layer. A regional layer added later gets an optional field here. */
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
  /** Present when the region's config has `analytics:` (which needs data and cluster). */
  readonly analytics?: AnalyticsStack;
  /** The application services; present in the primary region when it has data and cluster. */
  readonly workloads?: WorkloadsStack;
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

/** Stacks wiring a pair of regions (replicas, replication). Empty until the DR layer fills it. */
export interface RegionPairStacks {
  readonly source: string;
  readonly target: string;
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
  // data: needs the network.
  (scope, context, plan, below) => (plan.data
    ? { data: new DataStack(scope, { context, region: plan.region, plan: plan.data, network: below.outputs.network }) }
    : {}),
  // cluster: nodes join the data layer's client group when the region has one.
  (scope, context, plan, below) => (plan.cluster
    ? {
      cluster: new ClusterStack(scope, {
        context, region: plan.region, plan: plan.cluster, network: below.outputs.network,
        ...(below.data ? { data: below.data.outputs } : {}),
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
      context, region: plan.region, plan: plan.platform, ...(below.data ? { data: below.data.outputs } : {}),
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
    const models = below.data.buckets.modelArtifacts;
    const workloads = new WorkloadsStack(scope, {
      context, region: plan.region, plan: plan.workloads, data: below.data.outputs,
      modelsBucket: { name: models.bucketName, arn: models.bucketArn, ...(models.kmsKeyArn ? { kmsKeyArn: models.kmsKeyArn } : {}) },
    });
    workloads.addDependency(below.platformConfig);
    return { workloads };
  },
];

/**
 * Builds all stacks of one environment and wires their contracts: the environment is resolved once
 * (plan/), then per region network -> data -> cluster (-> platform -> workloads), then the global layers
 * (edge), then cross-region pairs. This is the only place that passes one layer's outputs to another.
 */
export function buildEnvironment(scope: Construct, env: EnvironmentConfig): EnvironmentStacks {
  const plan = resolveEnvironment(env);
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
  // Global layers (edge) take the regions' outputs; cross-region pairs take two regions' outputs.
  const global: GlobalStacks = {
    ...(plan.global.edge ? { edge: edgeStack(scope, context, plan.global.edge, regions) } : {}),
    ...(plan.global.routing ? { routing: routingStack(scope, context, plan.global.routing, regions) } : {}),
  };
  const pairs: RegionPairStacks[] = [];
  return { env, plan, regions, global, pairs };
}

/** The contracts of the stacks a layer added. */
function outputsOf(added: Partial<RegionStacks>): Partial<RegionOutputs> {
  return {
    ...(added.data ? { data: added.data.outputs } : {}),
    ...(added.cluster ? { cluster: added.cluster.outputs } : {}),
  };
}

/** The media origin of a region's data stack, as the edge takes it. */
function mediaOriginOf(data: DataStack): MediaOriginRef {
  const b = data.buckets.mediaOrigin;
  return { bucketName: b.bucketName, bucketArn: b.bucketArn, regionalDomainName: b.regionalDomainName, region: data.region, kmsKeyArn: b.kmsKeyArn! };
}

/** `<env>-global-edge` in front of the origin region's media bucket (and the secondary's, for failover). */
function edgeStack(scope: Construct, context: EnvironmentContext, plan: EdgePlan, regions: ReadonlyMap<string, RegionStacks>): EdgeStack {
  // The schema checked that every origin region has a data layer.
  const [origin, secondary] = plan.originRegions.map((r) => regions.get(r)!.data!);
  return new EdgeStack(scope, {
    context, config: plan.config, origin: mediaOriginOf(origin),
    ...(secondary ? { secondaryOrigin: mediaOriginOf(secondary) } : {}),
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
