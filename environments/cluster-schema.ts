import { z } from 'zod';
import { parseCidr } from '../constructs/core/cidr';
import { LOG_RETENTION_DAYS } from '../constructs/core/logs';
import { EKS_ADDONS } from '../constructs/cluster/addons';
import {
  CPU_AMI_TYPES, GPU_FAMILIES, GpuRequest, isGpuFamily, migProfileProblem, NVIDIA_AMI_TYPES, resolveGpuRequest, ResolvedGpuRequest,
} from '../constructs/cluster/gpu-catalog';
import { DEFAULT_KUBERNETES_VERSION, kubernetesVersionProblem } from '../constructs/cluster/kubernetes-versions';
import { labelKeyProblem, labelValueProblem } from '../constructs/cluster/labels';
import { NodeGroupScaling } from '../constructs/cluster/managed-node-group';

/**
 * `regions.<region>.cluster`: the region's EKS cluster, CPU node groups and GPU pools. A region without
 * `cluster:` gets no cluster stack.
 *
 * Sizing (one rule for CPU groups and GPU pools, written here once):
 * - `count` (CPU groups, GPU pools by instance type) or `gpus` (GPU pools by model) is the
 *   **production** size: a number, or a table by growth phase `{1: 12, 2: 24, 3: 40, 4: 60}` read at
 *   the environment's `phase`. GPU pools by model turn GPUs into nodes through the GPU catalog.
 * - scaled = ceil(production nodes × environment `scale`) (production 1, staging 0.25, dev 0.1).
 * - desired = `desired` if given, else max(`min`, scaled); `min` defaults to 1.
 * - max = `max` if given, else max(1, 2 × max(desired, scaled)): the autoscaler may double the group.
 * - Terraform sets desired at creation only; afterwards the autoscaler owns it.
 */

export type Phase = 1 | 2 | 3 | 4;

const wholeCount = z.number().int('must be a whole number').min(0, 'must be 0 or more');

/** A production size: one number for every phase, or one per phase. */
const perPhaseSchema = z.union([
  wholeCount,
  z.strictObject({ 1: wholeCount, 2: wholeCount, 3: wholeCount, 4: wholeCount }),
], { message: 'must be a whole number or a table by phase such as {1: 12, 2: 24, 3: 40, 4: 60}' });
export type PerPhase = z.output<typeof perPhaseSchema>;

/** The value of a by-phase size at `phase`. */
export function atPhase(size: PerPhase, phase: Phase): number {
  return typeof size === 'number' ? size : size[phase];
}

const GROUP_NAME = /^[a-z][a-z0-9-]{0,29}$/;
const groupName = z.string().regex(GROUP_NAME, 'must be 1-30 lower-case letters, digits or dashes, starting with a letter');
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

const taintSchema = z.strictObject({
  key: z.string(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'NoExecute', 'PreferNoSchedule']),
});

/** Fields every node group and GPU pool has. */
const commonGroupFields = {
  /** Unique name in the cluster (EKS node group name prefix, label ott.platform/node-group). */
  name: groupName,
  /** Fewest nodes the autoscaler keeps. */
  min: z.number().int().min(0).default(1),
  /** Nodes at creation; overrides the scaled production size (for example 0 in dev). */
  desired: z.number().int().min(0).optional(),
  /** Most nodes the autoscaler may add; defaults to twice the scaled production size. */
  max: z.number().int().min(1, 'must be at least 1 (EKS requires it)').optional(),
  /** Spot capacity instead of on-demand. */
  spot: z.boolean().default(false),
  /** Kubernetes node labels. */
  labels: z.record(z.string(), z.string()).default({}),
  /** Kubernetes taints. */
  taints: z.array(taintSchema).default([]),
  /** IMDSv2 hop limit: 1, or 2 for a group whose pods must read IMDS themselves. */
  imdsHopLimit: z.union([z.literal(1), z.literal(2)]).default(1),
};

/** A CPU managed node group (seed 003 §10). */
export const nodeGroupSchema = z.strictObject({
  ...commonGroupFields,
  /** EC2 instance type, e.g. m6i.2xlarge. */
  instanceType: z.string().regex(INSTANCE_TYPE, 'must be an EC2 instance type such as m6i.2xlarge'),
  /** Production node count, by phase or fixed. */
  count: perPhaseSchema,
  /** Root volume size, GiB (gp3, encrypted). */
  rootVolumeSizeGiB: z.number().int().min(20).max(16384).default(100),
  amiType: z.enum(CPU_AMI_TYPES).default('AL2023_x86_64_STANDARD'),
});

const sharingSchema = z.union([
  z.strictObject({ timeSlicingReplicas: z.number().int().min(2).max(48) }),
  z.strictObject({ migProfile: z.string() }),
], { message: 'must be {timeSlicingReplicas: <2-48>} or {migProfile: <profile such as 1g.10gb>}' });

/** A GPU pool: by GPU model and count, or by instance type/family and node count. */
export const gpuPoolSchema = z.strictObject({
  ...commonGroupFields,
  /** Service that owns the pool (seed 000 "GPU Allocation by Service"). */
  service: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a lower-case name').optional(),
  /** GPU model (A100-80GB, L40S, L4, A10G, T4, H100, A100-40GB; A40/A30/A10 need `substitute`). */
  gpu: z.string().optional(),
  /** Production GPUs (with gpu), by phase or fixed. */
  gpus: perPhaseSchema.optional(),
  /** GPUs per node (with gpu); picks the size. Default: the smallest size of the family. */
  gpusPerNode: z.number().int().min(1).optional(),
  /** EC2 equivalent for a GPU EC2 does not sell: A40 -> L40S; A30, A10 -> A10G or L4. */
  substitute: z.string().optional(),
  /** Instance type (g5.4xlarge) or family (g5) instead of gpu. */
  instanceType: z.string().optional(),
  /** Production node count (with instanceType), by phase or fixed. */
  count: perPhaseSchema.optional(),
  /** Elastic Fabric Adapter interfaces (EFA-capable types only). */
  efa: z.boolean().default(false),
  /** Cluster placement group (one AZ); defaults to on with efa. */
  placementGroup: z.boolean().optional(),
  /** On-Demand Capacity Reservation ids. */
  capacityReservationIds: z.array(z.string().regex(/^cr-[0-9a-f]{8,17}$/, 'must be a capacity reservation id (cr-0123456789abcdef0)')).default([]),
  /** GPU sharing intent, recorded as node labels for the platform layer. */
  sharing: sharingSchema.optional(),
  amiType: z.enum(NVIDIA_AMI_TYPES).default('AL2023_x86_64_NVIDIA'),
  /** Root volume size, GiB; defaults to the family's (200-500). */
  rootVolumeSizeGiB: z.number().int().min(100).max(16384).optional(),
});

/**
 * Seed 003 §10 "Kubernetes Cluster Topology" CPU node groups with the phase table ("Scaling to Phase 4").
 * System stays at 3 in every phase (the table lists it only for phase 1) and keeps at least 2 nodes.
 */
export const SEED_003_NODE_GROUPS: readonly z.input<typeof nodeGroupSchema>[] = [
  { name: 'system', instanceType: 'm6i.xlarge', count: 3, min: 2, labels: { 'ott.platform/workload': 'system' } },
  { name: 'general', instanceType: 'm6i.2xlarge', count: { 1: 12, 2: 24, 3: 40, 4: 60 }, labels: { 'ott.platform/workload': 'general' } },
  {
    name: 'memory-optimized', instanceType: 'r6i.2xlarge', count: { 1: 4, 2: 8, 3: 12, 4: 16 },
    labels: { 'ott.platform/workload': 'memory-optimized' },
    taints: [{ key: 'ott.platform/workload', value: 'memory-optimized', effect: 'NoSchedule' }],
  },
  {
    name: 'data-processing', instanceType: 'm6i.4xlarge', count: { 1: 4, 2: 8, 3: 12, 4: 16 },
    labels: { 'ott.platform/workload': 'data-processing' },
    taints: [{ key: 'ott.platform/workload', value: 'data-processing', effect: 'NoSchedule' }],
  },
];

const kubernetesVersionSchema = z.unknown().superRefine((v, ctx) => {
  if (typeof v === 'number') {
    ctx.addIssue({ code: 'custom', message: `write the version as a quoted string such as '${DEFAULT_KUBERNETES_VERSION}' (YAML reads ${v} as a number; 1.30 would become 1.3)` });
    return;
  }
  if (typeof v !== 'string') {
    ctx.addIssue({ code: 'custom', message: `must be a version string such as '${DEFAULT_KUBERNETES_VERSION}'` });
    return;
  }
  const problem = kubernetesVersionProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((v) => v as string);

export const clusterSchema = z.strictObject({
  /** Kubernetes version from the allow-list of versions in AWS standard support (newest by default). */
  kubernetesVersion: kubernetesVersionSchema.default(DEFAULT_KUBERNETES_VERSION),
  /** CIDRs that may reach a public API endpoint; empty keeps the endpoint private only. */
  endpointPublicAccessCidrs: z.array(z.string()).default([]),
  /** IAM roles given cluster-admin through access entries: role ARNs or role names in the account. */
  adminRoles: z.array(z.string().regex(/^(arn:aws[a-z-]*:iam::\d{12}:role\/)?([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/, 'must be an IAM role ARN or a role name (with optional path)')).default([]),
  /** Days the control-plane log group keeps events. */
  logRetentionDays: z.number().int()
    .refine((d) => LOG_RETENTION_DAYS.includes(d), { message: `must be one of the retention values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}` })
    .default(365),
  /** Add-on versions to pin; unset add-ons get EKS's default version at creation. */
  addonVersions: z.partialRecord(z.enum(EKS_ADDONS), z.string()).default({}),
  /** CPU node groups; the first one also hosts coredns and the EBS CSI controller. */
  nodeGroups: z.array(nodeGroupSchema).prefault(SEED_003_NODE_GROUPS as z.input<typeof nodeGroupSchema>[]),
  /** GPU pools. */
  gpuPools: z.array(gpuPoolSchema).default([]),
});

export type ClusterConfig = z.output<typeof clusterSchema>;
export type NodeGroupConfig = z.output<typeof nodeGroupSchema>;
export type GpuPoolConfig = z.output<typeof gpuPoolSchema>;

/** ceil(nodes × scale), robust to binary fractions (30 × 0.1 is 3, not 4). */
export function scaleNodes(nodes: number, scale: number): number {
  return Math.ceil(Math.round(nodes * scale * 1e6) / 1e6);
}

/** Min/desired/max of a group whose production size is `productionNodes` (rule in the file header). */
export function groupScaling(group: { min: number; desired?: number; max?: number }, productionNodes: number, scale: number): NodeGroupScaling {
  const scaled = scaleNodes(productionNodes, scale);
  const desiredSize = group.desired ?? Math.max(group.min, scaled);
  const maxSize = group.max ?? Math.max(1, 2 * Math.max(desiredSize, scaled));
  return { minSize: group.min, desiredSize, maxSize };
}

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
  const issues: ClusterPlanIssue[] = [];
  const nodeGroups: PlannedNodeGroup[] = [];
  const gpuPools: PlannedGpuPool[] = [];

  cluster.endpointPublicAccessCidrs.forEach((c, i) => {
    const parsed = parseCidr(c);
    if (!parsed) issues.push({ path: ['endpointPublicAccessCidrs', i], message: `'${c}' is not an IPv4 CIDR with its host bits zero` });
    else if (parsed.prefix === 0) issues.push({ path: ['endpointPublicAccessCidrs', i], message: `${c} would open the Kubernetes API to the whole internet; list the networks that need it` });
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
    if (s.minSize > s.desiredSize) issues.push({ path: [...path, 'min'], message: `min ${s.minSize} is above desired ${s.desiredSize}` });
    if (s.desiredSize > s.maxSize) issues.push({ path: [...path, 'max'], message: `max ${s.maxSize} is below desired ${s.desiredSize}` });
  };

  if (cluster.nodeGroups.length === 0) {
    issues.push({ path: ['nodeGroups'], message: 'must list at least one CPU node group: the first one runs coredns and the EBS CSI controller' });
  }
  cluster.nodeGroups.forEach((g, i) => {
    const path = ['nodeGroups', i];
    claimName(g.name, path);
    checkLabelsAndTaints(g, path);
    if (isGpuFamily(g.instanceType.split('.')[0])) {
      issues.push({ path: [...path, 'instanceType'], message: `${g.instanceType} is a GPU type (${GPU_FAMILIES.join(', ')}); list it under gpuPools so it gets the NVIDIA AMI and the GPU taint` });
    }
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
    if (p.gpu !== undefined && p.count !== undefined) {
      issues.push({ path: [...path, 'count'], message: 'with gpu the node count follows from gpus (and gpusPerNode); drop count or name an instanceType instead of gpu' });
      return;
    }
    if (p.instanceType !== undefined && p.count === undefined) {
      issues.push({ path: [...path, 'count'], message: `is required with instanceType ${p.instanceType} (the production node count, a number or a table by phase)` });
      return;
    }
    if (p.gpu !== undefined && p.gpus === undefined) {
      issues.push({ path: [...path, 'gpus'], message: `is required with gpu ${p.gpu} (the production GPU count, a number or a table by phase)` });
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
    if (p.sharing && 'migProfile' in p.sharing) {
      const problem = migProfileProblem(current.gpuModel.model, p.sharing.migProfile);
      if (problem) issues.push({ path: [...path, 'sharing', 'migProfile'], message: problem });
    }
    if (p.efa && current.instance.efaInterfaces === 0) {
      issues.push({ path: [...path, 'efa'], message: `${current.instance.instanceType} does not support EFA; choose a larger size (gpusPerNode) or an EFA-capable type` });
    }
    if (p.spot && p.capacityReservationIds.length > 0) {
      issues.push({ path: [...path, 'capacityReservationIds'], message: 'capacity reservations are on-demand capacity; they cannot be combined with spot' });
    }
    const productionNodes = current.nodes ?? atPhase(p.count!, phase);
    const scaling = groupScaling(p, productionNodes, scale);
    checkScaling(scaling, path);
    gpuPools.push({ config: p, request: currentRequest, resolved: current, productionNodes, scaling });
  });

  return { plan: { nodeGroups, gpuPools }, issues };
}
