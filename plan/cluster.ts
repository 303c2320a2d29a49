import type { NodeGroupScaling } from '../constructs/cluster/managed-node-group';
import { GpuRequest, gpuSharingProblem, resolveGpuRequest, ResolvedGpuRequest } from '../constructs/cluster/gpu-catalog';
import { publicEndpointCidrProblem } from '../constructs/cluster/eks-cluster';
import { labelKeyProblem, labelValueProblem } from '../constructs/cluster/labels';
import { scalingProblem, SPOT_WITH_RESERVATIONS_PROBLEM } from '../constructs/cluster/managed-node-group';
import type { ClusterConfig, GpuPoolConfig, NodeGroupConfig, Phase } from '../environments/cluster-schema';
import { atPhase, groupScaling } from './sizing';

/**
 * The cluster layer's plan: `regions.<region>.cluster` resolved for an environment's phase and scale.
 * The environment schema reports its issues at load time and the cluster stack builds from its plan:
 * one computation (memoized per config object), one set of messages.
 */

/** A CPU node group with its sizes for one environment. */
export interface PlannedNodeGroup {
  readonly config: NodeGroupConfig;
  readonly scaling: NodeGroupScaling;
}

/** A GPU pool resolved against the catalog, with its sizes for one environment. */
export interface PlannedGpuPool {
  readonly config: GpuPoolConfig;
  /** The request for the environment's phase. */
  readonly request: GpuRequest;
  readonly resolved: ResolvedGpuRequest;
  readonly productionNodes: number;
  readonly scaling: NodeGroupScaling;
}

export interface ClusterPlan {
  /** EKS cluster name, `<env>-<region>` (set by the environment plan; empty from planCluster alone). */
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly endpointPublicAccessCidrs: readonly string[];
  readonly endpointPublicAccessMinPrefixLength: number;
  readonly adminRoles: readonly string[];
  readonly logRetentionDays: number;
  readonly addonVersions: ClusterConfig['addonVersions'];
  readonly nodeGroups: readonly PlannedNodeGroup[];
  readonly gpuPools: readonly PlannedGpuPool[];
}

/** A problem found while planning, with its key path below `cluster`. */
export interface ClusterPlanIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Resolves a region's cluster config for an environment's phase and scale: node-group sizes, GPU pools
 * against the GPU catalog (model, substitute, region), and every cross-field rule. Returns the plan and
 * the problems (paths relative to `cluster`); the schema reports the problems, the stack uses the plan.
 */
export function planCluster(cluster: ClusterConfig, region: string, phase: Phase, scale: number): { plan: ClusterPlan; issues: ClusterPlanIssue[] } {
  const key = `${region}|${phase}|${scale}`;
  let byKey = memo.get(cluster);
  if (!byKey) {
    byKey = new Map();
    memo.set(cluster, byKey);
  }
  const cached = byKey.get(key);
  if (cached) return cached;
  const result = computeClusterPlan(cluster, region, phase, scale);
  byKey.set(key, result);
  return result;
}

/** How many times a cluster plan was computed (tests prove the schema and the stack share one). */
export function clusterPlanComputations(): number {
  return computations;
}

const memo = new WeakMap<ClusterConfig, Map<string, { plan: ClusterPlan; issues: ClusterPlanIssue[] }>>();
let computations = 0;

function computeClusterPlan(cluster: ClusterConfig, region: string, phase: Phase, scale: number): { plan: ClusterPlan; issues: ClusterPlanIssue[] } {
  computations++;
  const issues: ClusterPlanIssue[] = [];
  const nodeGroups: PlannedNodeGroup[] = [];
  const gpuPools: PlannedGpuPool[] = [];

  cluster.endpointPublicAccessCidrs.forEach((c, i) => {
    const problem = publicEndpointCidrProblem(c, cluster.endpointPublicAccessMinPrefixLength);
    if (problem) issues.push({ path: ['endpointPublicAccessCidrs', i], message: problem });
  });

  const names = new Map<string, string>();
  const claimName = (name: string, path: (string | number)[]) => {
    const prior = names.get(name);
    if (prior) issues.push({ path: [...path, 'name'], message: `'${name}' is already the name of ${prior}; node group and GPU pool names must be unique in a cluster` });
    else names.set(name, path.join('.').replace(/\.(\d+)/g, '[$1]'));
  };
  const checkLabelsAndTaints = (g: { labels: Record<string, string>; taints: { key: string; value?: string }[] }, path: (string | number)[]) => {
    for (const [k, v] of Object.entries(g.labels)) {
      const problem = labelKeyProblem(k) ?? labelValueProblem(v);
      if (problem) issues.push({ path: [...path, 'labels', k], message: problem });
    }
    g.taints.forEach((t, i) => {
      const problem = labelKeyProblem(t.key) ?? (t.value !== undefined ? labelValueProblem(t.value) : undefined);
      if (problem) issues.push({ path: [...path, 'taints', i], message: problem });
    });
  };
  const checkScaling = (s: NodeGroupScaling, path: (string | number)[]) => {
    const problem = scalingProblem(s);
    if (problem) issues.push({ path: [...path, problem.field], message: problem.message });
  };

  if (cluster.nodeGroups.length === 0) {
    issues.push({ path: ['nodeGroups'], message: 'must list at least one CPU node group: the first one runs coredns and the EBS CSI controller' });
  }
  cluster.nodeGroups.forEach((g, i) => {
    const path = ['nodeGroups', i];
    claimName(g.name, path);
    checkLabelsAndTaints(g, path);
    if (i === 0) {
      const blocking = g.taints.find((t) => t.effect !== 'PreferNoSchedule' && t.key !== 'CriticalAddonsOnly');
      if (blocking) {
        issues.push({ path: [...path, 'taints'], message: `the first node group runs coredns and the EBS CSI controller, which do not tolerate ${blocking.key}:${blocking.effect}; put an untainted group first` });
      }
    }
    const scaling = groupScaling(g, atPhase(g.count, phase), scale);
    checkScaling(scaling, path);
    nodeGroups.push({ config: g, scaling });
  });

  cluster.gpuPools.forEach((p, i) => {
    const path = ['gpuPools', i];
    claimName(p.name, path);
    checkLabelsAndTaints(p, path);
    if (p.gpu !== undefined && p.gpus !== undefined && p.count !== undefined) {
      issues.push({ path: [...path, 'count'], message: 'with gpus the node count follows from gpus (and gpusPerNode); give gpus (GPUs) or count (nodes), not both' });
      return;
    }
    if (p.instanceType !== undefined && p.count === undefined) {
      issues.push({ path: [...path, 'count'], message: `is required with instanceType ${p.instanceType} (the production node count, a number or a table by phase)` });
      return;
    }
    if (p.gpu !== undefined && p.gpus === undefined && p.count === undefined) {
      issues.push({ path: [...path, 'gpus'], message: `gpu ${p.gpu} needs gpus (the production GPU count) or count (the production node count), a number or a table by phase` });
      return;
    }
    // Every phase must resolve, so raising `phase` later cannot break a pool; the plan uses the current one.
    const phases: Phase[] = p.gpus !== undefined && typeof p.gpus !== 'number' ? [1, 2, 3, 4] : [phase];
    let current: ResolvedGpuRequest | undefined;
    let currentRequest: GpuRequest | undefined;
    for (const ph of phases) {
      const request: GpuRequest = {
        gpu: p.gpu, gpus: p.gpus !== undefined ? atPhase(p.gpus, ph) : undefined, gpusPerNode: p.gpusPerNode,
        substitute: p.substitute, instanceType: p.instanceType,
      };
      if (request.gpus === 0) continue;
      const result = resolveGpuRequest(request, region);
      if (!result.ok) {
        const phaseNote = phases.length > 1 ? ` (phase ${ph})` : '';
        issues.push({ path: [...path, result.problem.field], message: `${result.problem.message}${phaseNote}` });
        return;
      }
      if (ph === phase) {
        current = result.value;
        currentRequest = request;
      }
    }
    if (!current || !currentRequest) {
      issues.push({ path: [...path, 'gpus'], message: `is 0 in phase ${phase}; a pool needs at least one GPU (remove the pool, or set min: 0 and desired: 0 to start it empty)` });
      return;
    }
    if (p.sharing) {
      const problem = gpuSharingProblem(p.sharing, current.gpuModel.model);
      if (problem) issues.push({ path: [...path, 'sharing', problem.field], message: problem.message });
    }
    if (p.efa && current.instance.efaInterfaces === 0) {
      issues.push({ path: [...path, 'efa'], message: `${current.instance.instanceType} does not support EFA; choose a larger size (gpusPerNode) or an EFA-capable type` });
    }
    if (p.spot && p.capacityReservationIds.length > 0) {
      issues.push({ path: [...path, 'capacityReservationIds'], message: SPOT_WITH_RESERVATIONS_PROBLEM });
    }
    const productionNodes = current.nodes ?? atPhase(p.count!, phase);
    const scaling = groupScaling(p, productionNodes, scale);
    checkScaling(scaling, path);
    gpuPools.push({ config: p, request: currentRequest, resolved: current, productionNodes, scaling });
  });

  return {
    plan: {
      name: '',
      kubernetesVersion: cluster.kubernetesVersion,
      endpointPublicAccessCidrs: cluster.endpointPublicAccessCidrs,
      endpointPublicAccessMinPrefixLength: cluster.endpointPublicAccessMinPrefixLength,
      adminRoles: cluster.adminRoles,
      logRetentionDays: cluster.logRetentionDays,
      addonVersions: cluster.addonVersions,
      nodeGroups,
      gpuPools,
    },
    issues,
  };
}
