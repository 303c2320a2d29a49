/**
 * The bridge from an environment's cluster plans to the workload rules of catalog/: which GPU pools and
 * node groups each region has (sizes for the environment's phase and scale), then the serving plan of
 * the model inventory on them. The environment schema calls {@link workloadPlanIssues} where it computes
 * the cluster plans, so a model that does not fit fails `npm run synth` at load.
 */
import { INSTANCE_TYPES } from '../constructs/cluster/gpu-catalog';
import { MODELS, ModelSpec } from '../catalog/models';
import { planServing, ServingPlan, ServingRegion } from '../catalog/serving-rules';
import { ClusterPlan } from './cluster-schema';

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

/** What the workload rules need of an environment. */
export interface WorkloadPlanInput {
  readonly name: string;
  readonly scale: number;
  readonly primaryRegion: string;
  readonly clusters: ReadonlyMap<string, ClusterPlan>;
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

/** Every serving problem of an environment, located at the YAML key the fix most likely touches. */
export function workloadPlanIssues(input: WorkloadPlanInput, gpuPoolNames: (region: string) => readonly string[], models: readonly ModelSpec[] = MODELS): WorkloadPlanIssue[] {
  return planEnvironmentServing(input, models).issues.map((i) => {
    const poolIndex = i.region && i.pool ? gpuPoolNames(i.region).indexOf(i.pool) : -1;
    const path = i.region
      ? ['regions', i.region, 'cluster', ...(poolIndex >= 0 ? ['gpuPools', poolIndex] : [])]
      : ['regions'];
    return { path, message: `catalog/models.ts: ${i.message}` };
  });
}
