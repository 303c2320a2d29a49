import { familyOfferedIn, GPU_FAMILY_SPECS, GpuFamily, GpuModel } from '../cluster/gpu-catalog';
import { GPU_TAINT, NODE_LABELS } from '../cluster/labels';
import { PlatformValidationError } from '../core/errors';
import { EC2NodeClass, NodePool, NodeSelectorRequirement } from '../k8s/objects';

/** Karpenter's duration syntax: Go durations in whole hours/minutes/seconds, or `Never`. */
const DURATION = /^(Never|(\d+h)?(\d+m)?(\d+s)?)$/;

/** Why `value` is not a Karpenter duration (`720h`, `5m`, `Never`), or undefined. */
export function karpenterDurationProblem(value: string): string | undefined {
  return value !== '' && DURATION.test(value) ? undefined : `'${value}' is not a duration such as 720h, 30m or Never`;
}

export interface EC2NodeClassProps {
  /** Name of the EC2NodeClass (NodePools refer to it). */
  readonly name: string;
  /** IAM role name of the nodes (KarpenterAws.nodeRoleName). */
  readonly nodeRoleName: string;
  /** Private subnet ids of the cluster. */
  readonly subnetIds: readonly string[];
  /** Security groups of the nodes (the cluster security group and any data-client group). */
  readonly securityGroupIds: readonly string[];
  /**
   * KMS key ARN for the encrypted root volume.
   * @default - the account's default EBS key
   */
  readonly volumeKmsKeyArn?: string;
  /**
   * Root volume GiB.
   * @default 200
   */
  readonly rootVolumeGiB?: number;
  /**
   * AMI alias (Karpenter v1).
   * @default 'al2023@latest'
   */
  readonly amiAlias?: string;
  /**
   * Tags Karpenter puts on instances, volumes and launch templates.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An `EC2NodeClass`: AL2023 (the alias picks the NVIDIA variant on GPU instance types), the cluster's
 * private subnets and security groups by id, IMDSv2 only with a hop limit of 1 (pods cannot reach the
 * node's credentials), an encrypted gp3 root volume.
 */
export function ec2NodeClass(props: EC2NodeClassProps): EC2NodeClass {
  return {
    apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass',
    metadata: { name: props.name },
    spec: {
      amiSelectorTerms: [{ alias: props.amiAlias ?? 'al2023@latest' }],
      role: props.nodeRoleName,
      subnetSelectorTerms: props.subnetIds.map((id) => ({ id })),
      securityGroupSelectorTerms: props.securityGroupIds.map((id) => ({ id })),
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{
        deviceName: '/dev/xvda',
        ebs: { volumeSize: `${props.rootVolumeGiB ?? 200}Gi`, volumeType: 'gp3', encrypted: true, deleteOnTermination: true, ...(props.volumeKmsKeyArn ? { kmsKeyID: props.volumeKmsKeyArn } : {}) },
      }],
      ...(props.tags ? { tags: { ...props.tags } } : {}),
    },
  };
}

/** Capacity types a NodePool may launch. */
export type CapacityType = 'spot' | 'on-demand';

export interface NodePoolCommon {
  readonly nodeClassName: string;
  readonly capacityTypes: readonly CapacityType[];
  /**
   * @default '720h'
   */
  readonly expireAfter?: string;
  /**
   * @default '5m'
   */
  readonly consolidateAfter?: string;
}

function checkCommon(where: string, c: NodePoolCommon): void {
  for (const [k, v] of [['expireAfter', c.expireAfter], ['consolidateAfter', c.consolidateAfter]] as const) {
    const problem = v === undefined ? undefined : karpenterDurationProblem(v);
    if (problem) throw new PlatformValidationError(where, `${k}: ${problem}`);
  }
  if (c.capacityTypes.length === 0) throw new PlatformValidationError(where, 'capacityTypes is empty: name spot, on-demand or both');
}

const AMD64: NodeSelectorRequirement = { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] };

/** The CPU NodePool: current-generation general-purpose and compute families, consolidated when underused. */
export function cpuNodePool(props: NodePoolCommon & { readonly cpuLimit: number }): NodePool {
  checkCommon('karpenter NodePool cpu', props);
  return {
    apiVersion: 'karpenter.sh/v1', kind: 'NodePool',
    metadata: { name: 'cpu' },
    spec: {
      template: {
        metadata: { labels: { [NODE_LABELS.nodeGroup]: 'karpenter-cpu' } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: props.nodeClassName },
          requirements: [
            AMD64,
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...props.capacityTypes] },
            { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
            { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
          ],
          expireAfter: props.expireAfter ?? '720h',
        },
      },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: props.consolidateAfter ?? '5m' },
      limits: { cpu: String(props.cpuLimit) },
    },
  };
}

/** EC2 families carrying `model` that `region` offers. */
export function familiesFor(model: GpuModel, region: string): GpuFamily[] {
  return (Object.keys(GPU_FAMILY_SPECS) as GpuFamily[]).filter((f) => GPU_FAMILY_SPECS[f].gpuModel === model && familyOfferedIn(f, region));
}

/** NodePool name of a GPU class (`gpu-a10g`, `gpu-a100-80gb`). */
export function gpuNodePoolName(model: GpuModel): string {
  return `gpu-${model.toLowerCase()}`;
}

/**
 * A NodePool for one GPU class: only that model's families, the `nvidia.com/gpu` taint, GPU labels the
 * workloads select on, exclusive GPUs (Karpenter counts every `nvidia.com/gpu` request as a whole GPU, so
 * time-sliced and MIG capacity stays on managed node groups), consolidation only when empty (evicting a
 * loaded model server costs minutes of warm-up), and a GPU limit.
 */
export function gpuNodePool(props: NodePoolCommon & { readonly model: GpuModel; readonly region: string; readonly gpuLimit: number }): NodePool {
  const where = `karpenter NodePool ${gpuNodePoolName(props.model)}`;
  checkCommon(where, props);
  const families = familiesFor(props.model, props.region);
  if (families.length === 0) throw new PlatformValidationError(where, `${props.region} offers no EC2 family with ${props.model}`);
  if (!Number.isInteger(props.gpuLimit) || props.gpuLimit < 1) throw new PlatformValidationError(where, `gpuLimit must be a whole number >= 1, got ${props.gpuLimit}`);
  return {
    apiVersion: 'karpenter.sh/v1', kind: 'NodePool',
    metadata: { name: gpuNodePoolName(props.model) },
    spec: {
      template: {
        metadata: { labels: { [NODE_LABELS.gpuModel]: props.model, [NODE_LABELS.gpuSharing]: 'exclusive', [NODE_LABELS.nodeGroup]: `karpenter-${gpuNodePoolName(props.model)}` } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: props.nodeClassName },
          requirements: [
            AMD64,
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...props.capacityTypes] },
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: families },
          ],
          taints: [{ key: GPU_TAINT.key, ...(GPU_TAINT.value !== undefined ? { value: GPU_TAINT.value } : {}), effect: GPU_TAINT.effect }],
          expireAfter: props.expireAfter ?? '720h',
        },
      },
      disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: props.consolidateAfter ?? '5m' },
      limits: { 'nvidia.com/gpu': String(props.gpuLimit) },
      weight: 10,
    },
  };
}
