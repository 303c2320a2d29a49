/**
 * The bridge from an environment's cluster plans to the workload rules of catalog/: which GPU pools and
 * node groups each region has (sizes for the environment's phase and scale), then the serving plan of
 * the model inventory on them, and the services' capacity, image tags and catalog rules. The environment
 * schema calls {@link workloadPlanIssues} where it computes the cluster plans, so a model or a service that
 * does not fit fails `npm run synth` at load.
 */
import { z } from 'zod';
import { INSTANCE_TYPES } from '../constructs/cluster/gpu-catalog';
import { catalogIssues, CATALOGS, imageMapProblems, imageTagProblem, WorkloadCatalogs } from '../catalog/catalog-validation';
import { DATABASE_IDS } from '../catalog/databases';
import { MODELS, ModelSpec } from '../catalog/models';
import { planServing, ServingPlan, ServingRegion } from '../catalog/serving-rules';
import { nodeGroupCapacity, NodeGroupCapacity, nodeGroupCapacityProblem } from '../catalog/service-capacity';
import { planCluster, type ClusterPlan } from './cluster';
import type { EnvironmentConfig } from '../environments/schema';
import type { Phase } from '../environments/cluster-schema';
import { hasOwnDataLayer, primaryRegionOf, regionRoleOf, type RegionRole } from './regions';

/** The serving view of one region's cluster plan. */
export function servingRegion(region: string, plan: ClusterPlan): ServingRegion {
  return {
    region,
    pools: plan.gpuPools.map((p) => ({
      name: p.config.name, region, gpuModel: p.resolved.gpuModel.model, instanceType: p.resolved.instance.instanceType,
      gpusPerNode: p.resolved.instance.gpus, desiredNodes: p.scaling.desiredSize, maxNodes: p.scaling.maxSize, spot: p.config.spot,
      ...(p.config.sharing ? { sharing: p.config.sharing } : {}),
    })),
    nodeGroups: plan.nodeGroups.flatMap((g) => {
      const spec = INSTANCE_TYPES[g.config.instanceType];
      return spec ? [{
        name: g.config.name, region, instanceType: spec.instanceType, vcpu: spec.vcpu, memoryGiB: spec.memoryGiB,
        desiredNodes: g.scaling.desiredSize, maxNodes: g.scaling.maxSize,
      }] : [];
    }),
  };
}

/** `images:` of an environment file: service id -> immutable tag (catalog-validation imageTagProblem). */
export const imagesSchema = z.record(z.string(), z.string().superRefine((tag, ctx) => {
  const problem = imageTagProblem(tag);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
})).default({});

/** What the workload rules need of an environment. */
export interface WorkloadPlanInput {
  readonly name: string;
  readonly scale: number;
  readonly primaryRegion: string;
  readonly clusters: ReadonlyMap<string, ClusterPlan>;
  /** @default {} */
  readonly images?: Readonly<Record<string, string>>;
  /** The primary region builds the data layer (then it hosts the application services). @default false */
  readonly primaryHasData?: boolean;
  /**
   * Regions besides the primary that deploy the application services too: a secondary with its own data
   * layer at the phase and a cluster (phase 4, `secondaryServiceRegions`).
   * @default []
   */
  readonly secondaryServiceRegions?: readonly string[];
}

/** What `secondaryServiceRegions` reads of an environment. */
export interface ServiceRegionsInput {
  readonly phase: Phase;
  readonly regions: Readonly<Record<string, { readonly role?: RegionRole; readonly data?: unknown; readonly cluster?: unknown }>>;
}

/**
 * The regions other than the primary that run the application services at the environment's phase: a
 * region whose role has a data layer of its own at the phase (plan/regions.ts OWN_DATA_FROM_PHASE: a
 * secondary from phase 4) with `data:` and `cluster:`, when the primary itself deploys them (data and
 * cluster). One rule for the plan (plan/environment.ts) and the workload checks.
 */
export function secondaryServiceRegions(env: ServiceRegionsInput, primaryRegion: string): string[] {
  const primary = env.regions[primaryRegion];
  if (!primary?.data || !primary.cluster) return [];
  return Object.entries(env.regions)
    .filter(([name, cfg]) => {
      const role = regionRoleOf(name, cfg, primaryRegion);
      // A second `primary` is the role rule's error (regionRoleProblem), not a region running services.
      return name !== primaryRegion && role !== 'primary' && cfg.data !== undefined && cfg.cluster !== undefined && hasOwnDataLayer(role, env.phase);
    })
    .map(([name]) => name);
}

/** The workload-plan input of a loaded environment (cluster plans recomputed for its phase and scale). */
export function workloadPlanInput(env: EnvironmentConfig): WorkloadPlanInput {
  const regionNames = Object.keys(env.regions);
  const primary = primaryRegionOf(env);
  const clusters = new Map<string, ClusterPlan>();
  for (const name of regionNames) {
    const cluster = env.regions[name].cluster;
    if (cluster) clusters.set(name, planCluster(cluster, name, env.phase, env.scale).plan);
  }
  return {
    name: env.name, scale: env.scale, primaryRegion: primary, clusters, images: env.images, primaryHasData: !!env.regions[primary]?.data,
    secondaryServiceRegions: secondaryServiceRegions(env, primary),
  };
}

/** True when the environment deploys the application services: its primary region has a data layer and a cluster. */
export function deploysServices(input: WorkloadPlanInput): boolean {
  return !!input.primaryHasData && input.clusters.has(input.primaryRegion);
}

/**
 * Capacity of every node group of `regionName` (the primary region by default; a secondary that runs the
 * services at phase 4) that hosts services or CPU models.
 */
export function serviceCapacities(input: WorkloadPlanInput, serving: ServingPlan, catalogs: WorkloadCatalogs = CATALOGS, regionName: string = input.primaryRegion): NodeGroupCapacity[] {
  const plan = input.clusters.get(regionName);
  if (!plan) return [];
  const region = servingRegion(regionName, plan);
  const runsServices = regionName === input.primaryRegion || (input.secondaryServiceRegions ?? []).includes(regionName);
  const services = deploysServices(input) && runsServices ? catalogs.services : [];
  const used = new Set([...services.map((s) => s.deploy.nodeGroup), ...serving.placements.flatMap((p) => (p.nodeGroup ? [p.nodeGroup.name] : []))]);
  return region.nodeGroups.filter((g) => used.has(g.name)).map((g) => nodeGroupCapacity(g, services, serving.placements, input.scale));
}

/** The serving plan of `models` on an environment. Production-sized environments (scale 1) must place every model. */
export function planEnvironmentServing(input: WorkloadPlanInput, models: readonly ModelSpec[] = MODELS): ServingPlan {
  const regions = [...input.clusters].map(([region, plan]) => servingRegion(region, plan));
  return planServing(regions, models, { scale: input.scale, primaryRegion: input.primaryRegion, requireAll: input.scale === 1 && regions.length > 0 && regions.some((r) => r.pools.length > 0) });
}

/** One problem with its key path in the environment file (the pool's entry when a pool is involved). */
export interface WorkloadPlanIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Every workload problem of an environment, located at the YAML key the fix most likely touches: serving
 * (catalog/models.ts), then, when the environment deploys the services, the catalog rules against its
 * data layer, the image map and the capacity of the hosting node groups (catalog/services.ts).
 */
export function workloadPlanIssues(input: WorkloadPlanInput, gpuPoolNames: (region: string) => readonly string[],
  models: readonly ModelSpec[] = MODELS, catalogs: WorkloadCatalogs = CATALOGS): WorkloadPlanIssue[] {
  const serving = planEnvironmentServing(input, models);
  const out: WorkloadPlanIssue[] = serving.issues.map((i) => {
    const poolIndex = i.region && i.pool ? gpuPoolNames(i.region).indexOf(i.pool) : -1;
    const path = i.region
      ? ['regions', i.region, 'cluster', ...(poolIndex >= 0 ? ['gpuPools', poolIndex] : [])]
      : ['regions'];
    return { path, message: `catalog/models.ts: ${i.message}` };
  });
  if (!deploysServices(input)) return out;
  // The data layer builds every catalog database and both Redis clusters (environments/data-schema.ts).
  const dataLayer = { databases: [...DATABASE_IDS], caches: ['shared', 'feature-store'] as const };
  for (const i of catalogIssues(catalogs, undefined, { databases: dataLayer.databases, caches: [...dataLayer.caches] })) {
    out.push({ path: ['regions', input.primaryRegion, 'data'], message: `${i.file}: ${i.message}` });
  }
  for (const p of imageMapProblems(catalogs.services, input.images ?? {})) out.push({ path: ['images', p.service], message: p.message });
  // Every region that runs the services: the primary, and from phase 4 a secondary (same catalog, same groups).
  for (const region of [input.primaryRegion, ...(input.secondaryServiceRegions ?? []).filter((r) => input.clusters.has(r))]) {
    const groupNames = input.clusters.get(region)!.nodeGroups.map((g) => g.config.name);
    for (const s of catalogs.services) {
      if (!groupNames.includes(s.deploy.nodeGroup)) {
        out.push({ path: ['regions', region, 'cluster', 'nodeGroups'], message: `catalog/services.ts: service '${s.id}': deploy.nodeGroup '${s.deploy.nodeGroup}' is not a node group of the cluster (${groupNames.join(', ')})` });
      }
    }
    for (const c of serviceCapacities(input, serving, catalogs, region)) {
      const problem = nodeGroupCapacityProblem(c);
      if (problem) out.push({ path: ['regions', region, 'cluster', 'nodeGroups', groupNames.indexOf(c.group.name), 'count'], message: `catalog/services.ts: ${problem}` });
    }
  }
  return out;
}
