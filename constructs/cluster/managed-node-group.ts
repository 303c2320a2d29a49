import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate, LaunchTemplateBlockDeviceMappings, LaunchTemplateCapacityReservationSpecification, LaunchTemplateNetworkInterfaces } from '@cdktf/provider-aws/lib/launch-template';
import { PlatformValidationError } from '../core/errors';
import { NodeGroupCluster } from './eks-cluster';
import { INSTANCE_TYPES } from './gpu-catalog';
import { eksTaintEffect, labelKeyProblem, labelValueProblem, NODE_LABELS, NodeTaint } from './labels';

/** Node counts of a managed node group. */
export interface NodeGroupScaling {
  /** Fewest nodes the autoscaler keeps (0 allowed). */
  readonly minSize: number;
  /**
   * Nodes at creation. Terraform ignores later changes (`ignore_changes`), so after creation the
   * autoscaler owns the number.
   */
  readonly desiredSize: number;
  /** Most nodes the autoscaler may add (at least 1, as EKS requires). */
  readonly maxSize: number;
}

/** Props every node group (CPU or GPU) takes. */
export interface NodeGroupBaseProps {
  /** The cluster to join. */
  readonly cluster: NodeGroupCluster;
  /** Group name: lower-case letters, digits and dashes, at most 30; prefix of the EKS node group name. */
  readonly name: string;
  /**
   * Spot capacity instead of on-demand.
   * @default false
   */
  readonly spot?: boolean;
  /**
   * Kubernetes labels of the nodes (the library adds `ott.platform/node-group`).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Kubernetes taints of the nodes.
   * @default []
   */
  readonly taints?: readonly NodeTaint[];
  /**
   * Subnets of the nodes.
   * @default - the cluster's private subnets
   */
  readonly subnetIds?: readonly string[];
  /**
   * IMDSv2 hop limit. 1 keeps containers from reaching the instance metadata (and the node role); 2 is
   * only for a group whose pods (not on the host network) must read IMDS themselves.
   * @default 1
   */
  readonly imdsHopLimit?: number;
  /**
   * Security groups the nodes join besides the cluster security group (for example a data layer's
   * "data clients" group that databases admit). A launch template with security groups stops EKS from
   * adding the cluster security group itself, so this construct always includes it.
   * @default []
   */
  readonly additionalSecurityGroupIds?: readonly string[];
  /**
   * Share of nodes a rolling update may replace at once.
   * @default 33
   */
  readonly maxUnavailablePercentage?: number;
  /**
   * Tags on the instances and volumes the group launches (provider default tags do not reach them).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Node IAM role.
   * @default - the cluster's node role
   */
  readonly nodeRoleArn?: string;
}

/** What the CPU and GPU constructs decide before the shared resources are built. */
export interface ManagedNodeGroupSpec extends NodeGroupBaseProps {
  readonly scaling: NodeGroupScaling;
  readonly instanceType: string;
  readonly amiType: string;
  readonly rootVolumeSizeGiB: number;
  /** Labels the library sets; they win over user labels of the same key. */
  readonly systemLabels: Readonly<Record<string, string>>;
  /** Taints the library sets, before the user's. */
  readonly systemTaints: readonly NodeTaint[];
  /** EFA interfaces to attach (0 = none). */
  readonly efaInterfaces: number;
  readonly placementGroupName?: string;
  readonly capacityReservation?: LaunchTemplateCapacityReservationSpecification;
  /** Extra resources the launch template waits for. */
  readonly launchTemplateDependsOn?: readonly ITerraformDependable[];
}

/**
 * Defaults every node group (CPU or GPU) shares, written once: the environment schema's `.default()`s
 * and the constructs' `??` both read them.
 */
export const NODE_GROUP_DEFAULTS = {
  /** Fewest nodes the autoscaler keeps (schema `min`). */
  minSize: 1,
  spot: false,
  imdsHopLimit: 1,
  maxUnavailablePercentage: 33,
} as const;

/**
 * Most nodes one EKS managed node group may hold: the EKS service quota "Nodes per managed node group"
 * (450, AWS EKS user guide, service quotas). A larger number is a typo, not a plan.
 */
export const MAX_NODES_PER_NODE_GROUP = 450;

/** Root volume bounds, GiB: gp3 holds at most 16384; CPU nodes need 20 for the OS, GPU nodes 100 for drivers and images. */
export const ROOT_VOLUME_GIB = { cpuMin: 20, gpuMin: 100, max: 16384 } as const;

const GROUP_NAME = /^[a-z][a-z0-9-]{0,29}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

/** Why `name` is not a node group name (undefined when it is). */
export function nodeGroupNameProblem(name: string): string | undefined {
  return GROUP_NAME.test(name) ? undefined : `'${name}' must be 1-30 lower-case letters, digits or dashes, starting with a letter`;
}

/**
 * Why `instanceType` cannot be used (undefined when it can): it must look like an EC2 type and be one
 * the library holds specs for (constructs/cluster/gpu-catalog.ts INSTANCE_TYPES, the same table the
 * GPU catalog and the cost report read), so a typo such as `m6i.2xlarg` fails before Terraform does.
 */
export function instanceTypeProblem(instanceType: string): string | undefined {
  if (!INSTANCE_TYPE.test(instanceType)) return `'${instanceType}' is not an EC2 instance type such as m6i.2xlarge`;
  if (!(instanceType in INSTANCE_TYPES)) {
    return `'${instanceType}' is not an instance type this library has specs for; known: ${Object.keys(INSTANCE_TYPES).join(', ')} (add it to INSTANCE_TYPES in constructs/cluster/gpu-catalog.ts)`;
  }
  return undefined;
}

/** Why `size` is not a root volume size for a node (undefined when it is); `gpu` raises the minimum. */
export function rootVolumeProblem(size: number, gpu: boolean): string | undefined {
  const min = gpu ? ROOT_VOLUME_GIB.gpuMin : ROOT_VOLUME_GIB.cpuMin;
  return Number.isInteger(size) && size >= min && size <= ROOT_VOLUME_GIB.max
    ? undefined
    : `must be a whole number from ${min} to ${ROOT_VOLUME_GIB.max}${gpu ? ' for GPU nodes (drivers, CUDA images and models are large)' : ''}, got ${size}`;
}

/** Why a node count is absurd (undefined when it is not): at most {@link MAX_NODES_PER_NODE_GROUP}. */
export function nodeCountProblem(nodes: number): string | undefined {
  return nodes > MAX_NODES_PER_NODE_GROUP
    ? `${nodes} nodes exceed the EKS quota of ${MAX_NODES_PER_NODE_GROUP} nodes per managed node group; split the group or check for a typo`
    : undefined;
}

/** Why min/desired/max do not fit together (undefined when they do), with the field at fault. */
export function scalingProblem(s: NodeGroupScaling): { field: 'min' | 'max'; message: string } | undefined {
  const got = `got min ${s.minSize} / desired ${s.desiredSize} / max ${s.maxSize}`;
  if (s.minSize > s.desiredSize) return { field: 'min', message: `min ${s.minSize} is above desired ${s.desiredSize} (scaling needs min <= desired <= max, ${got})` };
  if (s.desiredSize > s.maxSize) return { field: 'max', message: `max ${s.maxSize} is below desired ${s.desiredSize} (scaling needs min <= desired <= max, ${got})` };
  const tooMany = nodeCountProblem(s.maxSize);
  if (tooMany) return { field: 'max', message: tooMany };
  return undefined;
}

const CAPACITY_RESERVATION = /^cr-[0-9a-f]{8,17}$/;

/** Why `id` is not an On-Demand Capacity Reservation id (undefined when it is). */
export function capacityReservationIdProblem(id: string): string | undefined {
  return CAPACITY_RESERVATION.test(id) ? undefined : `'${id}' is not a capacity reservation id (cr-0123456789abcdef0)`;
}

/** The one message for spot capacity combined with capacity reservations. */
export const SPOT_WITH_RESERVATIONS_PROBLEM = 'capacity reservations are on-demand capacity; they cannot be combined with spot';

/** Checks the props every node group shares; throws PlatformValidationError naming `where`. */
export function validateNodeGroupBase(where: string, props: NodeGroupBaseProps): void {
  const nameProblem = nodeGroupNameProblem(props.name);
  if (nameProblem) throw new PlatformValidationError(where, `name ${nameProblem}`);
  const hop = props.imdsHopLimit ?? NODE_GROUP_DEFAULTS.imdsHopLimit;
  if (hop !== 1 && hop !== 2) {
    throw new PlatformValidationError(where, `imdsHopLimit must be 1 (containers cannot reach IMDS) or 2 (a pod that must read IMDS itself), got ${hop}`);
  }
  const pct = props.maxUnavailablePercentage ?? NODE_GROUP_DEFAULTS.maxUnavailablePercentage;
  if (!Number.isInteger(pct) || pct < 1 || pct > 100) {
    throw new PlatformValidationError(where, `maxUnavailablePercentage must be a whole number from 1 to 100, got ${pct}`);
  }
  for (const [k, v] of Object.entries(props.labels ?? {})) {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    if (problem) throw new PlatformValidationError(where, `labels: ${problem}`);
  }
  for (const t of props.taints ?? []) {
    const problem = labelKeyProblem(t.key) ?? (t.value !== undefined ? labelValueProblem(t.value) : undefined);
    if (problem) throw new PlatformValidationError(where, `taints: ${problem}`);
    if (!['NoSchedule', 'NoExecute', 'PreferNoSchedule'].includes(t.effect)) {
      throw new PlatformValidationError(where, `taints: effect '${t.effect}' must be NoSchedule, NoExecute or PreferNoSchedule`);
    }
  }
  if (props.subnetIds !== undefined && props.subnetIds.length === 0) {
    throw new PlatformValidationError(where, 'subnetIds must not be empty (omit it to use the cluster\'s private subnets)');
  }
}

/** Checks min <= desired <= max, max >= 1, whole numbers, at most {@link MAX_NODES_PER_NODE_GROUP}. */
export function validateScaling(where: string, s: NodeGroupScaling): void {
  const all = [s.minSize, s.desiredSize, s.maxSize];
  if (all.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new PlatformValidationError(where, `scaling sizes must be whole numbers >= 0, got min ${s.minSize} / desired ${s.desiredSize} / max ${s.maxSize}`);
  }
  if (s.maxSize < 1) throw new PlatformValidationError(where, `maxSize must be at least 1 (EKS requires it), got ${s.maxSize}`);
  const problem = scalingProblem(s);
  if (problem) throw new PlatformValidationError(where, `scaling ${problem.field}: ${problem.message}`);
}

/** Checks the instance type is one the library knows ({@link instanceTypeProblem}). */
export function validateInstanceType(where: string, instanceType: string): void {
  const problem = instanceTypeProblem(instanceType);
  if (problem) throw new PlatformValidationError(where, `instanceType ${problem}`);
}

/** @deprecated use {@link validateInstanceType}, which also checks the type exists. */
export const validateInstanceTypeFormat = validateInstanceType;

/**
 * Builds the launch template (IMDSv2 required, encrypted gp3 volumes, the cluster security group plus
 * any extra ones, instance/volume tags, optional EFA interfaces, placement group and capacity
 * reservation) and the EKS managed node group that uses it. The node group waits (`depends_on`) for the
 * cluster's node prerequisites (VPC CNI and Pod Identity agent add-ons, node role policies).
 */
export function createManagedNodeGroup(scope: Construct, spec: ManagedNodeGroupSpec): { launchTemplate: LaunchTemplate; nodeGroup: EksNodeGroup } {
  const cluster = spec.cluster;
  const securityGroupIds = [cluster.clusterSecurityGroupId, ...(spec.additionalSecurityGroupIds ?? [])];
  const tags = { Name: `${cluster.clusterName}-${spec.name}`, 'eks-node-group': spec.name, ...(spec.tags ?? {}) };
  const volume = (deviceName: string, size: number): LaunchTemplateBlockDeviceMappings => ({
    deviceName,
    ebs: {
      volumeType: 'gp3',
      volumeSize: size,
      encrypted: 'true',
      kmsKeyId: cluster.nodeVolumeKmsKeyArn,
      deleteOnTermination: 'true',
    },
  });
  // Bottlerocket boots from a small OS volume (/dev/xvda) and keeps images and pods on /dev/xvdb.
  const blockDevices = spec.amiType.startsWith('BOTTLEROCKET')
    ? [volume('/dev/xvda', 4), volume('/dev/xvdb', spec.rootVolumeSizeGiB)]
    : [volume('/dev/xvda', spec.rootVolumeSizeGiB)];
  const networkInterfaces: LaunchTemplateNetworkInterfaces[] = [];
  for (let i = 0; i < spec.efaInterfaces; i++) {
    // Network card 0 carries the primary (EFA + ENA) interface; each further card gets one EFA interface.
    networkInterfaces.push({
      deviceIndex: i === 0 ? 0 : 1,
      networkCardIndex: i,
      interfaceType: 'efa',
      deleteOnTermination: 'true',
      securityGroups: securityGroupIds,
    });
  }
  const launchTemplate = new LaunchTemplate(scope, 'launch-template', {
    namePrefix: `${cluster.clusterName}-${spec.name}-`,
    description: `EKS managed node group ${spec.name}`,
    updateDefaultVersion: true,
    metadataOptions: {
      httpEndpoint: 'enabled',
      httpTokens: 'required',
      httpPutResponseHopLimit: spec.imdsHopLimit ?? NODE_GROUP_DEFAULTS.imdsHopLimit,
      instanceMetadataTags: 'disabled',
    },
    blockDeviceMappings: blockDevices,
    // With network interfaces in the template the security groups go on the interfaces instead.
    ...(networkInterfaces.length > 0 ? { networkInterfaces } : { vpcSecurityGroupIds: securityGroupIds }),
    ...(spec.placementGroupName ? { placement: { groupName: spec.placementGroupName } } : {}),
    ...(spec.capacityReservation ? { capacityReservationSpecification: spec.capacityReservation } : {}),
    tagSpecifications: [
      { resourceType: 'instance', tags },
      { resourceType: 'volume', tags },
      { resourceType: 'network-interface', tags },
    ],
    tags: { Name: `${cluster.clusterName}-${spec.name}` },
    ...(spec.launchTemplateDependsOn && spec.launchTemplateDependsOn.length > 0 ? { dependsOn: [...spec.launchTemplateDependsOn] } : {}),
  });

  const labels = { ...(spec.labels ?? {}), [NODE_LABELS.nodeGroup]: spec.name, ...spec.systemLabels };
  const taints = dedupeTaints([...spec.systemTaints, ...(spec.taints ?? [])]);
  const nodeGroup = new EksNodeGroup(scope, 'node-group', {
    clusterName: cluster.clusterName,
    // A prefix (plus create_before_destroy) lets a change of instance type or AMI type, which forces a
    // new node group, bring the replacement up before the old group drains.
    nodeGroupNamePrefix: `${spec.name}-`,
    nodeRoleArn: spec.nodeRoleArn ?? cluster.nodeRoleArn,
    subnetIds: [...(spec.subnetIds ?? cluster.privateSubnetIds)],
    version: cluster.kubernetesVersion,
    amiType: spec.amiType,
    capacityType: spec.spot ? 'SPOT' : 'ON_DEMAND',
    instanceTypes: [spec.instanceType],
    launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
    scalingConfig: { minSize: spec.scaling.minSize, desiredSize: spec.scaling.desiredSize, maxSize: spec.scaling.maxSize },
    updateConfig: { maxUnavailablePercentage: spec.maxUnavailablePercentage ?? NODE_GROUP_DEFAULTS.maxUnavailablePercentage },
    labels,
    ...(taints.length > 0 ? { taint: taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: eksTaintEffect(t.effect) })) } : {}),
    tags: { Name: `${cluster.clusterName}-${spec.name}` },
    lifecycle: {
      createBeforeDestroy: true,
      // The cluster autoscaler owns the node count once the group exists.
      ignoreChanges: ['scaling_config[0].desired_size'],
    },
    dependsOn: [...cluster.nodePrerequisites],
  });
  return { launchTemplate, nodeGroup };
}

function dedupeTaints(taints: readonly NodeTaint[]): NodeTaint[] {
  const seen = new Set<string>();
  return taints.filter((t) => {
    const key = `${t.key}:${t.effect}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
