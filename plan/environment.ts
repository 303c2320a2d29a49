import { PlatformValidationError } from '../constructs/core/errors';
import type { AnalyticsConfig } from '../environments/analytics-schema';
import type { EnvironmentConfig } from '../environments/schema';
import { CATALOGS, type WorkloadCatalogs } from '../catalog/catalog-validation';
import { planCluster, type ClusterPlan } from './cluster';
import { contextOf, type EnvironmentContext } from './context';
import { planData, planSecondaryData, type DataPlan, type SecondaryDataPlan } from './data';
import { primaryDataConfig } from '../environments/data-schema';
import { edgeOriginRegions, planEdge, type EdgePlan } from './edge';
import type { PlatformPlan } from './platform';
import { planEnvironmentServing, secondaryServiceRegions, workloadPlanInput } from './workloads';
import type { ModelPlacement } from '../catalog/serving-rules';
import { MODELS } from '../catalog/models';
import { planWorkloads, type WorkloadsPlan } from './workload-services';
import { planNetwork, type NetworkPlan } from './network';
import { planRouting, type RoutingPlan } from './routing';
import { assessRecovery, recoveryInputOf, type RecoveryAssessment } from './recovery';
import { crossRegionKafkaSources, hasOwnDataLayer, regionRoleOf, replicationFeatures, replicatesAnything, type RegionRole, type ReplicationFeatures } from './regions';

/** The plan of one region, by layer. A layer another issue adds gets an optional field here. */
export interface RegionPlan {
  readonly region: string;
  /** What the region is for (plan/regions.ts regionRoleOf). */
  readonly role: RegionRole;
  readonly network: NetworkPlan;
  /** The primary region's data layer: present when it configures `data:`. */
  readonly data?: DataPlan;
  /**
   * A secondary's own data layer (MSK clusters, EFS, client group, keys): present from the phase its role
   * has one (plan/regions.ts OWN_DATA_FROM_PHASE: phase 4) when it configures `data:`. Its databases and
   * caches are the primary's replicas, its buckets and images the primary's (replicated).
   */
  readonly secondaryData?: SecondaryDataPlan;
  /** Present when the region configures `cluster:`. */
  readonly cluster?: ClusterPlan;
  /** Present with `cluster:`: the add-on layers (`platform`, `platform-config`). */
  readonly platform?: PlatformPlan;
  /** Present when the region configures `analytics:` (with `data:` and `cluster:`, which it needs). */
  readonly analytics?: AnalyticsConfig;
  /**
   * Present in the primary region when it has `data:` and `cluster:` (plan/workloads.ts deploysServices),
   * and in a secondary with its own data layer (phase 4) and a cluster when the primary deploys them: the
   * application services (and the region's serving placements) the `workloads` layer deploys.
   */
  readonly workloads?: WorkloadsPlan;
  /**
   * Present in a region other than the primary one, with a cluster where the serving plan places models,
   * when the primary region has the data layer that holds the models bucket (production's GPU region):
   * the `workloads` layer of that region holds only the serving workloads (stacks/serving-stack.ts).
   */
  readonly serving?: ServingRegionPlan;
}

/** The serving workloads of a region without application services. */
export interface ServingRegionPlan {
  /** The EKS cluster the workloads run on (reached by name). */
  readonly clusterName: string;
  /** The placements of the region (plan/workloads.ts planEnvironmentServing). */
  readonly placements: readonly ModelPlacement[];
}

/**
 * Plans of the global layers (one stack each, `<env>-global-<layer>`).
 */
export interface GlobalPlan {
  /** Present when the environment configures `edge:`. */
  readonly edge?: EdgePlan;
  /** Present when the environment configures `routing:` (with `edge:`) and a region serves the API. */
  readonly routing?: RoutingPlan;
}

/**
 * A pair of regions wired after both exist: the primary (`source`) replicates to `target`, a region whose
 * role receives replicas, with the features its phase turns on (plan/regions.ts). Only pairs that
 * replicate anything are listed.
 */
export interface RegionPairPlan {
  readonly source: string;
  readonly target: string;
  readonly targetRole: RegionRole;
  readonly features: ReplicationFeatures;
}

/** An environment resolved once: the only input of stacks/environment.ts's buildEnvironment. */
export interface EnvironmentPlan {
  readonly context: EnvironmentContext;
  /** By region, in the order the environment lists them. */
  readonly regions: Readonly<Record<string, RegionPlan>>;
  readonly global: GlobalPlan;
  readonly pairs: readonly RegionPairPlan[];
  /** The recovery objectives' arithmetic (plan/recovery.ts), when the environment declares `recovery:`. */
  readonly recovery?: RecoveryAssessment;
}

const plans = new WeakMap<EnvironmentConfig, EnvironmentPlan>();

/**
 * The placements of the catalogs' models. The schema has checked the checked-in inventory at load; an
 * inventory handed in code is checked here, with the same messages.
 */
function servingPlanOf(env: EnvironmentConfig, catalogs: WorkloadCatalogs): readonly ModelPlacement[] {
  const plan = planEnvironmentServing(workloadPlanInput(env), catalogs.models ?? MODELS);
  if (catalogs.models !== undefined && catalogs.models !== MODELS && plan.issues.length > 0) {
    throw new PlatformValidationError('catalog/models.ts', plan.issues.map((i) => i.message).join('; '));
  }
  return plan.placements;
}

/** `{ serving }` for a region with a cluster and placements but no application services; `{}` otherwise. */
function servingOnly(region: string, cluster: ClusterPlan | undefined, placements: () => readonly ModelPlacement[]): { serving?: ServingRegionPlan } {
  if (!cluster) return {};
  const here = placements().filter((p) => p.region === region);
  return here.length > 0 ? { serving: { clusterName: cluster.name, placements: here } } : {};
}

/**
 * Resolves a parsed environment into the plan of every layer: config + catalogs + phase + scale -> the
 * inputs each stack needs. The cluster plan is the one the schema already computed while validating
 * (plan/cluster.ts memoizes it per config object), so nothing is computed twice. A config built in code
 * that breaks a rule fails here with the same message the schema gives.
 */
export function resolveEnvironment(env: EnvironmentConfig, catalogs: WorkloadCatalogs = CATALOGS): EnvironmentPlan {
  const cached = catalogs === CATALOGS ? plans.get(env) : undefined;
  if (cached) return cached;
  const file = `environments/${env.name}.yaml`;
  const context = contextOf(env);
  const regions: Record<string, RegionPlan> = {};
  const edgeOrigins = edgeOriginRegions(env);
  // The serving plan of the model inventory, computed once when a region asks for it.
  let serving: readonly ModelPlacement[] | undefined;
  const servingPlacements = () => (serving ??= servingPlanOf(env, catalogs));
  const roleOf = (region: string) => regionRoleOf(region, env.regions[region], context.primaryRegion);
  const primaryData = primaryDataConfig(env.regions[context.primaryRegion]?.data);
  // Regions with a data layer of their own at this phase (the primary from phase 1, a secondary from 4).
  const ownData = (region: string) => env.regions[region].data !== undefined && hasOwnDataLayer(roleOf(region), env.phase)
    && (region === context.primaryRegion || primaryData !== undefined);
  // Clusters feeding a cross-region replicator (phase 4, plan/replication.ts), by region.
  const kafkaSources = crossRegionKafkaSources(env, context.primaryRegion);
  const servicesElsewhere = secondaryServiceRegions(env, context.primaryRegion);
  for (const [region, cfg] of Object.entries(env.regions)) {
    let cluster: ClusterPlan | undefined;
    if (cfg.cluster) {
      const { plan, issues } = planCluster(cfg.cluster, region, env.phase, env.scale);
      if (issues.length > 0) {
        throw new PlatformValidationError(file, issues.map((i) => `regions.${region}.cluster.${i.path.join('.')}: ${i.message}`).join('; '));
      }
      cluster = { ...plan, name: `${env.name}-${region}` };
    }
    const isPrimary = region === context.primaryRegion;
    const own = ownData(region);
    // Services run where the region has its own data layer and a cluster: the primary, and from phase 4 a
    // secondary (its services read the pair's replicas and write to the primary's stores). A secondary
    // needs the primary's services to exist (same catalog, same images).
    const servesServices = cluster !== undefined && (isPrimary ? own : servicesElsewhere.includes(region));
    // A region's client API gateway (the ingress NLB with the API certificate) exists where services run;
    // the primary keeps its configured ingress as before. A secondary's written `platform.ingress` waits
    // for its services (phase 4), so phases 1-3 build exactly what they built before.
    const platformConfig = isPrimary || servesServices ? cfg.platform : { ...cfg.platform, ingress: undefined };
    regions[region] = {
      region,
      role: roleOf(region),
      network: planNetwork(env.name, region, cfg),
      ...(own && isPrimary && primaryData
        ? { data: planData(env.name, region, cfg.azCount, env.scale, primaryData, edgeOrigins.includes(region), catalogs, kafkaSources[region] ?? []) } : {}),
      ...(own && !isPrimary && cfg.data ? { secondaryData: planSecondaryData(env.name, region, cfg.azCount, cfg.data, catalogs, kafkaSources[region] ?? []) } : {}),
      ...(cluster ? { cluster, platform: { cluster, config: platformConfig, azCount: cfg.azCount } } : {}),
      ...(cfg.analytics && isPrimary && primaryData && cluster ? { analytics: cfg.analytics } : {}),
      ...(servesServices && cluster
        ? {
          // With global `routing:`, the routing layer owns the API's DNS records (latency, health checks).
          workloads: planWorkloads(catalogs.services, { name: env.name, scale: env.scale, images: env.images, ingress: cfg.platform.ingress, publishDns: !env.routing }, cluster.name,
            servingPlacements().filter((p) => p.region === region)),
        }
        : !isPrimary && primaryData ? servingOnly(region, cluster, servingPlacements) : {}),
    };
  }
  const edge = planEdge(env);
  const pairs: RegionPairPlan[] = [];
  for (const target of Object.values(regions)) {
    const features = replicationFeatures(target.role, env.phase);
    if (replicatesAnything(features)) pairs.push({ source: context.primaryRegion, target: target.region, targetRole: target.role, features });
  }
  // Serving regions: a workloads layer with the client API's gateway (a named NLB with the API certificate).
  const servingRegions = Object.values(regions).flatMap((r) => (r.workloads?.ingress && r.cluster
    ? [{ region: r.region, clusterName: r.cluster.name, loadBalancerName: r.workloads.ingress.loadBalancerName, hostname: r.workloads.ingress.hostname }]
    : []))
    .sort((a, b) => Number(b.region === context.primaryRegion) - Number(a.region === context.primaryRegion));
  const recovery = env.recovery
    ? assessRecovery(recoveryInputOf({ ...env, recovery: env.recovery }, context.primaryRegion, (r) => regions[r]?.cluster?.nodeGroups))
    : undefined;
  const routing = planRouting(env, servingRegions, recovery?.standby);
  const plan: EnvironmentPlan = {
    context, regions, global: { ...(edge ? { edge } : {}), ...(routing ? { routing } : {}) }, pairs, ...(recovery ? { recovery } : {}),
  };
  if (catalogs === CATALOGS) plans.set(env, plan);
  return plan;
}
