import { z } from 'zod';
import { rule } from './rule';
import { LOG_RETENTION_DAYS } from '../constructs/core/logs';
import { EKS_ADDONS } from '../constructs/cluster/addons';
import { CPU_AMI_TYPES, NVIDIA_AMI_TYPES, TIME_SLICING_REPLICAS } from '../constructs/cluster/gpu-catalog';
import { DEFAULT_PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH, publicEndpointPrefixLimitProblem } from '../constructs/cluster/eks-cluster';
import { CPU_NODE_GROUP_DEFAULTS, gpuTypeInCpuGroupProblem } from '../constructs/cluster/node-group';
import { gpuPoolServiceProblem, type GpuPoolServiceId } from '../catalog/gpu-workloads';
import { DEFAULT_KUBERNETES_VERSION, kubernetesVersionProblem } from '../constructs/cluster/kubernetes-versions';
import {
  capacityReservationIdProblem, instanceTypeProblem, MAX_NODES_PER_NODE_GROUP, NODE_GROUP_DEFAULTS, nodeGroupNameProblem, rootVolumeProblem,
} from '../constructs/cluster/managed-node-group';

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
 * - At most 450 nodes per group (MAX_NODES_PER_NODE_GROUP, the EKS quota).
 * The arithmetic lives in plan/sizing.ts, the cross-field rules in plan/cluster.ts.
 */

export type Phase = 1 | 2 | 3 | 4;

const wholeCount = z.number().int('must be a whole number').min(0, 'must be 0 or more')
  .max(100_000, 'must be at most 100000 (a production size above that is a typo: EKS allows 450 nodes per node group)');

/** A production size: one number for every phase, or one per phase. */
const perPhaseSchema = z.union([
  wholeCount,
  z.strictObject({ 1: wholeCount, 2: wholeCount, 3: wholeCount, 4: wholeCount }),
], { message: 'must be a whole number or a table by phase such as {1: 12, 2: 24, 3: 40, 4: 60}' });
export type PerPhase = z.output<typeof perPhaseSchema>;

/** A string checked by one of the library's `*Problem()` rule functions (the construct calls the same one). */
function ruled(problem: (value: string) => string | undefined) {
  return z.string().superRefine(rule(problem));
}

/** A union of literal values whose message lists them (zod's own says only "Invalid input"). */
export function oneOf<const T extends readonly [number, ...number[]]>(values: T) {
  return z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T[number]>, ...z.ZodLiteral<T[number]>[]], {
    message: `must be one of ${values.join(', ')}`,
  });
}

const groupName = ruled(nodeGroupNameProblem);

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
  min: z.number().int().min(0).max(MAX_NODES_PER_NODE_GROUP).default(NODE_GROUP_DEFAULTS.minSize),
  /** Nodes at creation; overrides the scaled production size (for example 0 in dev). */
  desired: z.number().int().min(0).max(MAX_NODES_PER_NODE_GROUP, `must be at most ${MAX_NODES_PER_NODE_GROUP} (EKS quota: nodes per managed node group)`).optional(),
  /** Most nodes the autoscaler may add; defaults to twice the scaled production size. */
  max: z.number().int().min(1, 'must be at least 1 (EKS requires it)').max(MAX_NODES_PER_NODE_GROUP, `must be at most ${MAX_NODES_PER_NODE_GROUP} (EKS quota: nodes per managed node group)`).optional(),
  /** Spot capacity instead of on-demand. */
  spot: z.boolean().default(NODE_GROUP_DEFAULTS.spot),
  /** Kubernetes node labels. */
  labels: z.record(z.string(), z.string()).default({}),
  /** Kubernetes taints. */
  taints: z.array(taintSchema).default([]),
  /** IMDSv2 hop limit: 1, or 2 for a group whose pods must read IMDS themselves. */
  imdsHopLimit: oneOf([1, 2]).default(NODE_GROUP_DEFAULTS.imdsHopLimit),
};

/** A CPU managed node group (seed 003 §10). */
export const nodeGroupSchema = z.strictObject({
  ...commonGroupFields,
  /** EC2 instance type, e.g. m6i.2xlarge. */
  instanceType: ruled((t) => gpuTypeInCpuGroupProblem(t) ?? instanceTypeProblem(t)),
  /** Production node count, by phase or fixed. */
  count: perPhaseSchema,
  /** Root volume size, GiB (gp3, encrypted). */
  rootVolumeSizeGiB: z.number().superRefine((v, ctx) => {
    const p = rootVolumeProblem(v, false);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }).default(CPU_NODE_GROUP_DEFAULTS.rootVolumeSizeGiB),
  amiType: z.enum(CPU_AMI_TYPES).default(CPU_NODE_GROUP_DEFAULTS.amiType),
});

const sharingSchema = z.union([
  z.strictObject({ timeSlicingReplicas: z.number() }),
  z.strictObject({ migProfile: z.string() }),
], { message: `must be {timeSlicingReplicas: <${TIME_SLICING_REPLICAS.min}-${TIME_SLICING_REPLICAS.max}>} or {migProfile: <profile such as 1g.10gb>}` });

/** A GPU pool: by GPU model and count, or by instance type/family and node count. */
export const gpuPoolSchema = z.strictObject({
  ...commonGroupFields,
  /** Service that owns the pool (seed 000 "GPU Allocation by Service"). */
  service: ruled(gpuPoolServiceProblem).transform((v) => v as GpuPoolServiceId).optional(),
  /** GPU model (A100-80GB, L40S, L4, A10G, T4, H100, A100-40GB; A40/A30/A10 need `substitute`). */
  gpu: z.string().optional(),
  /** Production GPUs (with gpu), by phase or fixed; without it `count` (nodes) sizes the pool. */
  gpus: perPhaseSchema.optional(),
  /** GPUs per node (with gpu); picks the size. Default: the smallest size of the family. */
  gpusPerNode: z.number().int().min(1).optional(),
  /** EC2 equivalent for a GPU EC2 does not sell: A40 -> L40S; A30, A10 -> A10G or L4. */
  substitute: z.string().optional(),
  /** Instance type (g5.4xlarge) or family (g5) instead of gpu. */
  instanceType: z.string().optional(),
  /** Production node count (with instanceType, or with gpu instead of gpus), by phase or fixed. */
  count: perPhaseSchema.optional(),
  /** Elastic Fabric Adapter interfaces (EFA-capable types only). */
  efa: z.boolean().default(false),
  /** Cluster placement group (one AZ); defaults to on with efa. */
  placementGroup: z.boolean().optional(),
  /** On-Demand Capacity Reservation ids. */
  capacityReservationIds: z.array(ruled(capacityReservationIdProblem)).default([]),
  /** GPU sharing intent, recorded as node labels for the platform layer. */
  sharing: sharingSchema.optional(),
  amiType: z.enum(NVIDIA_AMI_TYPES).default('AL2023_x86_64_NVIDIA'),
  /** Root volume size, GiB; defaults to the family's (200-500). */
  rootVolumeSizeGiB: z.number().superRefine((v, ctx) => {
    const p = rootVolumeProblem(v, true);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }).optional(),
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
  /** Widest CIDR (shortest prefix) endpointPublicAccessCidrs may list; /0 is always refused. */
  endpointPublicAccessMinPrefixLength: z.number().superRefine((v, ctx) => {
    const p = publicEndpointPrefixLimitProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  }).default(DEFAULT_PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH),
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

