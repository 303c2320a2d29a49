/**
 * Serving arithmetic over the model inventory (catalog/models.ts): does each model fit the GPUs it asks
 * for, on a pool of its GPU class and sharing mode, within the pool's capacity and its namespace's quota?
 * One function per rule; each returns the problem text (naming the model and the numbers) or undefined.
 *
 * GPU memory per GPU comes from constructs/cluster/gpu-catalog.ts (GPU_MODEL_SPECS, nominal GB), the one
 * source of truth. GB here are 10^9 bytes; the nominal GPU figures match EC2's MiB figures to 0.1%.
 * Inputs are small structural views of the cluster plan (ServingRegion), so this file reads no config.
 */
import { GPU_MODEL_SPECS, GPU_MODELS, GpuModel } from '../constructs/cluster/gpu-catalog';
import { BYTES_PER_PARAMETER, ModelSpec, Precision, SEED_000_GPU_SERVICES } from './models';
import { candidateReplicasOf, rolloutProblems } from '../constructs/serving/rollout';
import { PLATFORM_NAMESPACES, PlatformNamespace } from './namespaces';
import { SERVICE_IDS } from './services';

/** A GPU pool of one region's cluster, as the serving rules see it. */
export interface ServingPool {
  readonly name: string;
  readonly region: string;
  readonly gpuModel: GpuModel;
  readonly instanceType: string;
  readonly gpusPerNode: number;
  readonly desiredNodes: number;
  readonly maxNodes: number;
  readonly spot: boolean;
  /** @default - whole GPUs */
  readonly sharing?: { readonly timeSlicingReplicas: number } | { readonly migProfile: string };
}

/** A CPU node group of one region's cluster. */
export interface ServingNodeGroup {
  readonly name: string;
  readonly region: string;
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly desiredNodes: number;
  readonly maxNodes: number;
}

/** One region's cluster, as the serving rules see it. */
export interface ServingRegion {
  readonly region: string;
  readonly pools: readonly ServingPool[];
  readonly nodeGroups: readonly ServingNodeGroup[];
}

const PRECISION_ORDER: readonly Precision[] = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'];
const TP_SIZES = [1, 2, 4, 8];

const round1 = (n: number) => Math.round(n * 10) / 10;
/** `12.3` without trailing `.0`. */
export const gb = (n: number): string => `${round1(n)}`;

/** Weights in GB: total parameters x bytes per parameter of the precision. */
export function weightsGb(m: ModelSpec, precision: Precision = m.precision ?? 'fp32'): number {
  return ((m.parameters?.total ?? 0) * BYTES_PER_PARAMETER[precision]) / 1e9;
}

/** KV cache / activations / runtime memory in GB, as the model states it. */
export function overheadGb(m: ModelSpec, precision: Precision = m.precision ?? 'fp32'): number {
  if (!m.overhead) return 0;
  return 'gb' in m.overhead ? m.overhead.gb : weightsGb(m, precision) * m.overhead.fractionOfWeights;
}

/** GPU memory one replica needs, GB. */
export function memoryNeededGb(m: ModelSpec, precision: Precision = m.precision ?? 'fp32'): number {
  return weightsGb(m, precision) + overheadGb(m, precision);
}

/** Slices a MIG profile yields per GPU (`3g.40gb` -> 2) and the memory of one slice. */
export function migSlice(profile: string): { perGpu: number; memoryGb: number } | undefined {
  const match = /^(\d)g\.(\d+)gb$/.exec(profile);
  if (!match) return undefined;
  return { perGpu: Math.floor(7 / Number(match[1])), memoryGb: Number(match[2]) };
}

/** Schedulable `nvidia.com/gpu` per GPU of a pool: time-slicing replicas, MIG slices, or 1. */
export function unitsPerGpu(pool: ServingPool): number {
  if (!pool.sharing) return 1;
  if ('timeSlicingReplicas' in pool.sharing) return pool.sharing.timeSlicingReplicas;
  return migSlice(pool.sharing.migProfile)?.perGpu ?? 1;
}

/** Memory behind one schedulable unit of a pool: a GPU, a time-slice share (GPU / replicas) or a MIG slice. */
export function unitMemoryGb(pool: ServingPool): number {
  const gpuGb = GPU_MODEL_SPECS[pool.gpuModel].memoryGb;
  if (!pool.sharing) return gpuGb;
  if ('timeSlicingReplicas' in pool.sharing) return gpuGb / pool.sharing.timeSlicingReplicas;
  return migSlice(pool.sharing.migProfile)?.memoryGb ?? gpuGb;
}

/** Schedulable units of a pool at `nodes` nodes: nodes x GPUs per node x units per GPU. */
export function poolUnits(pool: ServingPool, nodes: number): number {
  return nodes * pool.gpusPerNode * unitsPerGpu(pool);
}

function sharingLabel(pool: ServingPool): string {
  if (!pool.sharing) return 'whole GPUs';
  if ('timeSlicingReplicas' in pool.sharing) return `time-sliced x${pool.sharing.timeSlicingReplicas}`;
  return `MIG ${pool.sharing.migProfile}`;
}

/** What would hold `m`: whole-GPU counts per GPU model at its precision, and lower precisions on its current GPUs. */
export function fitSuggestions(m: ModelSpec, availableGb: number, units: number): string {
  const precision = m.precision ?? 'fp32';
  const needed = memoryNeededGb(m, precision);
  const gpus = GPU_MODELS.map((g) => {
    const n = TP_SIZES.find((k) => k * GPU_MODEL_SPECS[g].memoryGb >= needed);
    return n ? `${n} x ${g} ${GPU_MODEL_SPECS[g].memoryGb} GB` : undefined;
  }).filter((s): s is string => s !== undefined);
  const lower = PRECISION_ORDER.slice(PRECISION_ORDER.indexOf(precision) + 1)
    .filter((p) => BYTES_PER_PARAMETER[p] < BYTES_PER_PARAMETER[precision] && memoryNeededGb(m, p) <= availableGb)
    .map((p) => `${p.toUpperCase()} (${gb(memoryNeededGb(m, p))} GB) on the same ${units} unit(s)`);
  const options = [...gpus, ...lower.slice(0, 1)];
  return options.length > 0 ? `would fit: ${options.join(', or ')}` : 'no GPU of the catalog holds it: shard it further or quantize it';
}

/** Rule: weights + overhead fit gpusPerReplica x the memory of one unit of the pool. */
export function modelFitProblem(m: ModelSpec, pool: ServingPool): string | undefined {
  if (m.compute.kind !== 'gpu') return undefined;
  const unit = unitMemoryGb(pool);
  const available = m.compute.gpusPerReplica * unit;
  const weights = weightsGb(m);
  const needed = memoryNeededGb(m);
  if (needed <= available) return undefined;
  const params = `${gb((m.parameters?.total ?? 0) / 1e9)}B parameters`;
  return `model '${m.id}' needs ${gb(needed)} GB per replica (${params} x ${BYTES_PER_PARAMETER[m.precision ?? 'fp32']} bytes (${(m.precision ?? 'fp32').toUpperCase()}) = ${gb(weights)} GB weights + ${gb(needed - weights)} GB overhead) `
    + `but ${m.compute.gpusPerReplica} x ${pool.gpuModel} ${sharingLabel(pool)} in pool '${pool.name}' (${pool.region}) hold ${gb(available)} GB (${gb(unit)} GB each); `
    + fitSuggestions(m, available, m.compute.gpusPerReplica);
}

/** GPU classes of a region with the pools that carry them: `A10G (gpu-inference, ai-director), T4 (voice-cloning)`. */
export function regionGpuClasses(region: ServingRegion): string {
  const byModel = new Map<string, string[]>();
  for (const p of region.pools) byModel.set(p.gpuModel, [...(byModel.get(p.gpuModel) ?? []), p.name]);
  if (byModel.size === 0) return 'no GPU pools';
  return [...byModel].map(([g, names]) => `${g} (${names.join(', ')})`).join(', ');
}

/** Rule: the model's GPU class is the pool's; otherwise list the classes the region has. */
export function gpuClassProblem(m: ModelSpec, pool: ServingPool, region: ServingRegion): string | undefined {
  if (m.compute.kind !== 'gpu' || m.compute.gpu === pool.gpuModel) return undefined;
  const wanted = m.compute.gpu;
  const has = region.pools.some((p) => p.gpuModel === wanted);
  return `model '${m.id}' asks for ${m.compute.gpu}, but pool '${pool.name}' carries ${pool.gpuModel}`
    + `${has ? '' : `; ${region.region} has no ${m.compute.gpu}`}; GPU classes in ${region.region}: ${regionGpuClasses(region)}`;
}

/** Rule: time-sliced models only on time-sliced pools, MIG slices only on pools with that MIG profile, whole GPUs only on unshared pools. */
export function gpuSharingProblem(m: ModelSpec, pool: ServingPool): string | undefined {
  if (m.compute.kind !== 'gpu') return undefined;
  const s = m.compute.sharing;
  const where = `model '${m.id}' on pool '${pool.name}' (${sharingLabel(pool)})`;
  if (s === 'time-sliced') {
    if (!pool.sharing || !('timeSlicingReplicas' in pool.sharing)) return `${where}: time-sliced sharing needs a pool configured with sharing.timeSlicingReplicas`;
    if (m.compute.gpusPerReplica !== 1) return `${where}: a time-sliced replica takes exactly 1 slice, got gpusPerReplica ${m.compute.gpusPerReplica}`;
    return undefined;
  }
  if (s === 'whole') {
    return pool.sharing ? `${where}: asks for whole GPUs, but the pool shares its GPUs; use a pool without sharing or set sharing to match` : undefined;
  }
  if (!pool.sharing || !('migProfile' in pool.sharing)) return `${where}: MIG slice ${s.mig} needs a pool configured with sharing.migProfile`;
  if (pool.sharing.migProfile !== s.mig) return `${where}: asks for MIG slice ${s.mig}, but the pool is partitioned into ${pool.sharing.migProfile}`;
  return undefined;
}

/** A field of a model entry that is wrong in itself. */
export interface ModelSpecProblem {
  readonly field: string;
  readonly message: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Rules on one inventory entry, independent of any environment. */
export function modelSpecProblems(m: ModelSpec, namespaces: readonly PlatformNamespace[] = PLATFORM_NAMESPACES): ModelSpecProblem[] {
  const out: ModelSpecProblem[] = [];
  const add = (field: string, message: string) => out.push({ field, message: `model '${m.id}': ${field} ${message}` });
  if (!KEBAB.test(m.id)) add('id', 'must be kebab-case');
  if (!/^models\/[a-z0-9-]+\/$/.test(m.artifactPrefix)) add('artifactPrefix', `'${m.artifactPrefix}' must be models/<name>/ in the model-artifacts bucket`);
  const { min, max } = m.replicas;
  if (!Number.isInteger(min) || min < 0) add('replicas.min', `must be a whole number >= 0, got ${min}`);
  if (!Number.isInteger(max) || max < 1 || max < min) add('replicas.max', `must be a whole number >= 1 and >= min (${min}), got ${max}`);
  for (const message of rolloutProblems(m)) out.push({ field: m.candidate ? 'candidate' : 'version', message });
  if (m.candidate?.replicas !== undefined && m.candidate.replicas > min) add('candidate.replicas', `${m.candidate.replicas} exceeds replicas.min ${min} (KServe refuses a canary with more replicas than the stable minimum)`);
  if (!namespaces.some((n) => n.name === m.namespace)) add('namespace', `'${m.namespace}' is not a namespace of catalog/namespaces.ts (${namespaces.map((n) => n.name).join(', ')})`);
  const owners: readonly string[] = [...SERVICE_IDS, ...SEED_000_GPU_SERVICES];
  if (!owners.includes(m.owner)) add('owner', `'${m.owner}' is neither a catalog service nor a seed 000 GPU service`);
  if (m.p99LatencyMs !== undefined && !(m.p99LatencyMs > 0)) add('p99LatencyMs', `must be positive, got ${m.p99LatencyMs}`);
  if (m.compute.kind === 'gpu') {
    if (!Number.isInteger(m.compute.gpusPerReplica) || m.compute.gpusPerReplica < 1) add('compute.gpusPerReplica', `must be a whole number >= 1, got ${m.compute.gpusPerReplica}`);
    if (!m.parameters || !(m.parameters.total > 0)) add('parameters.total', 'is required for a GPU model (published total parameter count)');
    if (!m.precision) add('precision', 'is required for a GPU model');
    if (!m.overhead) add('overhead', 'is required for a GPU model (KV cache / activations, GB or a fraction of the weights)');
    if (m.parameters?.active !== undefined && m.parameters.active > m.parameters.total) add('parameters.active', 'cannot exceed the total parameter count');
  } else {
    if (!(m.compute.cpu > 0) || !(m.compute.memoryGb > 0)) add('compute', `CPU and memory requests must be positive, got ${m.compute.cpu} cores / ${m.compute.memoryGb} GB`);
    if (m.serving === 'vllm') add('serving', 'vLLM serves on GPUs; give the model GPU compute');
  }
  if (m.serving === 'vllm') {
    if (!m.vllm) add('vllm', 'settings are required for serving kind vllm');
    else if (m.compute.kind === 'gpu' && m.vllm.tensorParallel !== m.compute.gpusPerReplica) {
      add('vllm.tensorParallel', `${m.vllm.tensorParallel} must equal compute.gpusPerReplica ${m.compute.gpusPerReplica} (one replica shards over all its GPUs)`);
    }
  }
  return out;
}

/** Replicas in an environment: min = floor(min x scale) (scaled-down environments scale to zero), max = max(1, min, ceil(max x scale)). */
export function scaledReplicas(m: ModelSpec, scale: number): { min: number; max: number } {
  const min = Math.floor(Math.round(m.replicas.min * scale * 1e6) / 1e6);
  const max = Math.max(1, min, Math.ceil(Math.round(m.replicas.max * scale * 1e6) / 1e6));
  return { min, max };
}

/**
 * Pods of a model at its min and max replicas, a rollout's candidate included: KServe runs the candidate at
 * fixed replicas `c` and lowers the stable minimum to `max(min - c, 1)` (kserve v0.20.0
 * components/predictor.go `reconcileRawDeployment`), so min pods = `max(min - c, 1) + c`, max pods = `max + c`.
 */
export function podsWithCandidate(m: ModelSpec, min: number, max: number): { min: number; max: number } {
  const c = candidateReplicasOf(m, min);
  return c > 0 ? { min: Math.max(min - c, 1) + c, max: max + c } : { min, max };
}

/** Where one model runs in one region, with the arithmetic. */
export interface ModelPlacement {
  readonly model: ModelSpec;
  readonly region: string;
  readonly pool?: ServingPool;
  readonly nodeGroup?: ServingNodeGroup;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** GB per replica: needed (weights + overhead) and available (units x unit memory). GPU models only. */
  readonly weightsGb: number;
  readonly neededGb: number;
  readonly availableGb: number;
  /** `nvidia.com/gpu` requested at min and max replicas (a rollout's candidate pods included). */
  readonly unitsAtMin: number;
  readonly unitsAtMax: number;
}

/** One broken serving rule, located by region and pool (for the YAML key path) and model. */
export interface ServingIssue {
  readonly region?: string;
  readonly pool?: string;
  readonly model?: string;
  readonly message: string;
}

export interface ServingPlan {
  readonly placements: readonly ModelPlacement[];
  /** Models whose pool or node group no region of the environment has. */
  readonly notPlaced: readonly { readonly model: ModelSpec; readonly reason: string }[];
  readonly issues: readonly ServingIssue[];
}

/** Rule: requests at min replicas fit the pool at its desired size (or max size when it starts empty), and at max replicas its max size. */
export function poolCapacityProblem(pool: ServingPool, placements: readonly ModelPlacement[]): string | undefined {
  const on = placements.filter((p) => p.pool === pool);
  const list = (at: 'unitsAtMin' | 'unitsAtMax') => on.map((p) => `${p.model.id} ${p[at]}`).join(' + ');
  const minSum = on.reduce((s, p) => s + p.unitsAtMin, 0);
  const maxSum = on.reduce((s, p) => s + p.unitsAtMax, 0);
  const nodesForMin = pool.desiredNodes > 0 ? pool.desiredNodes : pool.maxNodes;
  const minCap = poolUnits(pool, nodesForMin);
  const maxCap = poolUnits(pool, pool.maxNodes);
  const perNode = `${pool.gpusPerNode} GPU(s)/node${unitsPerGpu(pool) > 1 ? ` x ${unitsPerGpu(pool)} (${sharingLabel(pool)})` : ''}`;
  if (minSum > minCap) {
    return `pool '${pool.name}' (${pool.region}): models ask for ${minSum} nvidia.com/gpu at min replicas (${list('unitsAtMin')}) but ${nodesForMin} node(s) x ${perNode} = ${minCap}`;
  }
  if (maxSum > maxCap) {
    return `pool '${pool.name}' (${pool.region}): models ask for ${maxSum} nvidia.com/gpu at max replicas (${list('unitsAtMax')}) but its max ${pool.maxNodes} node(s) x ${perNode} = ${maxCap}`;
  }
  return undefined;
}

/** Rule: a namespace's GPU requests at max replicas stay within its ResourceQuota in each region. */
export function namespaceQuotaProblem(ns: PlatformNamespace, region: string, placements: readonly ModelPlacement[]): string | undefined {
  if (!ns.quota) return undefined;
  const on = placements.filter((p) => p.region === region && p.model.namespace === ns.name && p.pool);
  const sum = on.reduce((s, p) => s + p.unitsAtMax, 0);
  if (sum <= ns.quota.gpus) return undefined;
  return `namespace '${ns.name}' (${region}): models ask for ${sum} nvidia.com/gpu at max replicas (${on.map((p) => `${p.model.id} ${p.unitsAtMax}`).join(' + ')}) but its quota is ${ns.quota.gpus} (catalog/namespaces.ts)`;
}

/**
 * Places every model of `models` on the clusters of one environment and checks every rule. A GPU model
 * goes to each region with a pool of its `compute.pool` name; a CPU model to the primary region's node
 * group. Models whose pool is in no region are listed in `notPlaced`, not refused (dev and staging carry
 * fewer pools); `requireAll` refuses them (production carries the whole inventory).
 */
export function planServing(regions: readonly ServingRegion[], models: readonly ModelSpec[], options: {
  readonly scale: number; readonly primaryRegion: string; readonly requireAll?: boolean;
  readonly namespaces?: readonly PlatformNamespace[];
}): ServingPlan {
  const namespaces = options.namespaces ?? PLATFORM_NAMESPACES;
  const issues: ServingIssue[] = [];
  const placements: ModelPlacement[] = [];
  const notPlaced: { model: ModelSpec; reason: string }[] = [];
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.id)) issues.push({ model: m.id, message: `model id '${m.id}' is listed more than once` });
    seen.add(m.id);
    const specProblems = modelSpecProblems(m, namespaces);
    for (const p of specProblems) issues.push({ model: m.id, message: p.message });
    if (specProblems.length > 0) continue;
    const { min, max } = scaledReplicas(m, options.scale);
    if (m.compute.kind === 'cpu') {
      const compute = m.compute;
      const region = regions.find((r) => r.region === options.primaryRegion);
      const group = region?.nodeGroups.find((g) => g.name === compute.nodeGroup);
      if (!region || !group) {
        notPlaced.push({ model: m, reason: `the primary region ${options.primaryRegion} has no cluster node group '${compute.nodeGroup}'` });
        continue;
      }
      placements.push({ model: m, region: region.region, nodeGroup: group, minReplicas: min, maxReplicas: max, weightsGb: 0, neededGb: 0, availableGb: 0, unitsAtMin: 0, unitsAtMax: 0 });
      continue;
    }
    const compute = m.compute;
    const hosts = regions.flatMap((r) => r.pools.filter((p) => p.name === compute.pool).map((p) => ({ region: r, pool: p })));
    if (hosts.length === 0) {
      notPlaced.push({ model: m, reason: `no region has a GPU pool '${compute.pool}'` });
      continue;
    }
    for (const { region, pool } of hosts) {
      const problem = gpuClassProblem(m, pool, region) ?? gpuSharingProblem(m, pool) ?? modelFitProblem(m, pool);
      if (problem) {
        issues.push({ region: region.region, pool: pool.name, model: m.id, message: problem });
        continue;
      }
      const pods = podsWithCandidate(m, min, max);
      placements.push({
        model: m, region: region.region, pool, minReplicas: min, maxReplicas: max,
        weightsGb: weightsGb(m), neededGb: memoryNeededGb(m), availableGb: compute.gpusPerReplica * unitMemoryGb(pool),
        unitsAtMin: pods.min * compute.gpusPerReplica, unitsAtMax: pods.max * compute.gpusPerReplica,
      });
    }
  }
  if (options.requireAll) {
    for (const n of notPlaced) issues.push({ model: n.model.id, message: `model '${n.model.id}' is not placed: ${n.reason}` });
  }
  for (const region of regions) {
    for (const pool of region.pools) {
      const problem = poolCapacityProblem(pool, placements);
      if (problem) issues.push({ region: region.region, pool: pool.name, message: problem });
    }
    for (const ns of namespaces) {
      const problem = namespaceQuotaProblem(ns, region.region, placements);
      if (problem) issues.push({ region: region.region, message: problem });
    }
  }
  return { placements, notPlaced, issues };
}
