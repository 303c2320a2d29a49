/**
 * Node labels and taints the cluster layer sets. The platform layer (GPU operator, device plugin,
 * schedulers) reads them: the GPU-sharing labels record intent, they do not configure the GPU themselves.
 */

/** Prefix of every label this library sets on nodes. */
export const LABEL_PREFIX = 'ott.platform/';

export const NODE_LABELS = {
  /** Name of the node group (from config). */
  nodeGroup: `${LABEL_PREFIX}node-group`,
  /** Service that owns a GPU pool (seed 000 "GPU Allocation by Service"). */
  service: `${LABEL_PREFIX}service`,
  /** EC2 GPU model of the node (`L40S`, `A100-80GB` ...). */
  gpuModel: `${LABEL_PREFIX}gpu-model`,
  /** Nominal memory per GPU in GB. */
  gpuMemoryGb: `${LABEL_PREFIX}gpu-memory-gb`,
  /** GPUs per node. */
  gpuCount: `${LABEL_PREFIX}gpu-count`,
  /** `exclusive`, `time-slicing` or `mig`. */
  gpuSharing: `${LABEL_PREFIX}gpu-sharing`,
  /** Time-slicing replicas per GPU (with gpu-sharing=time-slicing); the device plugin config to apply. */
  gpuTimeSlicingReplicas: `${LABEL_PREFIX}gpu-time-slicing-replicas`,
  /** MIG profile (with gpu-sharing=mig), e.g. `1g.10gb`; the MIG manager config to apply. */
  gpuMigProfile: `${LABEL_PREFIX}gpu-mig-profile`,
  /** GPU the config asked for when the node carries its EC2 substitute (`A40` on an L40S node). */
  gpuSubstituteFor: `${LABEL_PREFIX}gpu-substitute-for`,
} as const;

/**
 * Labels the NVIDIA GPU operator reads: the device plugin picks its config (here the time-slicing entry)
 * from `nvidia.com/device-plugin.config`, the MIG manager applies the mig-parted profile named by
 * `nvidia.com/mig.config` (awslabs/ai-on-eks nvidia-gpu-operator values; versions.md addendum).
 */
export const NVIDIA_LABELS = {
  devicePluginConfig: 'nvidia.com/device-plugin.config',
  migConfig: 'nvidia.com/mig.config',
} as const;

/** Name of the device-plugin config entry for `replicas` time-slicing replicas (one name, two layers). */
export function timeSlicingConfigName(replicas: number): string {
  return `time-slicing-${replicas}`;
}

/** Name of the mig-parted config that cuts every GPU of a node into `profile` slices. */
export function migConfigName(profile: string): string {
  return `all-${profile}`;
}

export type TaintEffect = 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';

/** A Kubernetes taint, written the Kubernetes way. */
export interface NodeTaint {
  readonly key: string;
  /** @default - no value */
  readonly value?: string;
  readonly effect: TaintEffect;
}

/** The taint every GPU node carries, so only pods that tolerate it (and request GPUs) land there. */
export const GPU_TAINT: NodeTaint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };

/** EKS API spelling of a taint effect. */
export function eksTaintEffect(effect: TaintEffect): string {
  return { NoSchedule: 'NO_SCHEDULE', NoExecute: 'NO_EXECUTE', PreferNoSchedule: 'PREFER_NO_SCHEDULE' }[effect];
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Why `key` is not a valid Kubernetes label or taint key (undefined when it is). */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `'${key}': the prefix before '/' must be a DNS subdomain (lower-case, at most 253 characters)`;
  }
  if (!LABEL_NAME.test(name)) {
    return `'${key}': the name must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a valid Kubernetes label or taint value (undefined when it is). */
export function labelValueProblem(value: string): string | undefined {
  return LABEL_VALUE.test(value) && value.length <= 63
    ? undefined
    : `'${value}': label values are at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
}
