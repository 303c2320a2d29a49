import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate, LaunchTemplateCapacityReservationSpecification } from '@cdktf/provider-aws/lib/launch-template';
import { PlacementGroup } from '@cdktf/provider-aws/lib/placement-group';
import { ResourcegroupsGroup } from '@cdktf/provider-aws/lib/resourcegroups-group';
import { ResourcegroupsResource } from '@cdktf/provider-aws/lib/resourcegroups-resource';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { GpuRequest, gpuSharingProblem, GpuSubstitution, INSTANCE_TYPES, InstanceTypeSpec, NvidiaAmiType, resolveGpuRequest, ResolvedGpuRequest } from './gpu-catalog';
import { GPU_TAINT, migConfigName, NODE_LABELS, NVIDIA_LABELS, timeSlicingConfigName } from './labels';
import {
  capacityReservationIdProblem, createManagedNodeGroup, NodeGroupBaseProps, NodeGroupScaling, rootVolumeProblem, SPOT_WITH_RESERVATIONS_PROBLEM,
  validateNodeGroupBase, validateScaling,
} from './managed-node-group';

/**
 * How pods share a node's GPUs. Recorded as node labels for the platform layer (NVIDIA GPU operator):
 * time-slicing replicas (seed 001 uses 4) or a MIG profile (A100/H100, seed 002).
 */
export type GpuSharing = { readonly timeSlicingReplicas: number; readonly migProfile?: undefined } | { readonly migProfile: string; readonly timeSlicingReplicas?: undefined };

export interface GpuNodeGroupProps extends NodeGroupBaseProps {
  /** AWS region of the cluster; the catalog checks the instance family is offered there. */
  readonly region: string;
  /** What to run: `gpu` + `gpus` (the catalog picks type and node count) or an `instanceType`/family. */
  readonly request: GpuRequest;
  /**
   * `request` as `resolveGpuRequest(request, region)` already resolved it (the app's plan does, once, while
   * validating the environment); the construct then does not resolve it again.
   * @default - resolved here from `request` and `region`
   */
  readonly resolved?: ResolvedGpuRequest;
  /**
   * Node counts.
   * @default - exactly the nodes `gpus` needs (min = desired = max); required with `instanceType`
   */
  readonly scaling?: NodeGroupScaling;
  /**
   * NVIDIA AMI type.
   * @default 'AL2023_x86_64_NVIDIA'
   */
  readonly amiType?: NvidiaAmiType;
  /**
   * Root (data) volume size, GiB, gp3 encrypted.
   * @default - the family's default: 200 (g4dn, g5, g6), 300 (g6e), 500 (p4d, p4de, p5)
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Attach Elastic Fabric Adapter interfaces (multi-node training/inference over NCCL).
   * @default false
   */
  readonly efa?: boolean;
  /**
   * Launch the nodes into a `cluster` placement group (one AZ, lowest latency). Switch it off when
   * capacity in one AZ is too scarce.
   * @default - true with efa, false without
   */
  readonly placementGroup?: boolean;
  /**
   * On-Demand Capacity Reservation ids (`cr-...`) the nodes launch into; several are pooled in a
   * capacity-reservation resource group.
   * @default []
   */
  readonly capacityReservationIds?: readonly string[];
  /**
   * GPU sharing intent.
   * @default - exclusive (one pod per GPU)
   */
  readonly sharing?: GpuSharing;
  /**
   * Service that owns the pool (label `ott.platform/service`).
   * @default - no service label
   */
  readonly service?: string;
}

/**
 * A GPU managed node group: NVIDIA AMI type, the `nvidia.com/gpu=true:NoSchedule` taint, labels for GPU
 * model, GPU memory and sharing mode (and the GPU the config asked for when it was substituted), a larger
 * encrypted root volume, optional spot, EFA with a switchable placement group, and capacity reservations.
 * The request is resolved against the GPU catalog: an unknown GPU, a GPU EC2 does not sell (A40, A30, A10)
 * without `substitute`, or a family the region lacks is refused with what to use instead.
 *
 * @example
 * ```ts
 * import { EksCluster, GpuNodeGroup, NodeGroup } from '@ott-platform/infra/cluster';
 *
 * const cluster = new EksCluster(this, 'eks', { name: 'genai-prod-us-east-1', privateSubnetIds: ['subnet-0a1', 'subnet-0b2', 'subnet-0c3'] });
 * cluster.addNodeAddons(new NodeGroup(this, 'node-group-system', {
 *   cluster, name: 'system', instanceType: 'm6i.xlarge', scaling: { minSize: 2, desiredSize: 3, maxSize: 6 },
 * }));
 * // 12 "A40" GPUs: EC2 sells no A40, so the request names its EC2 equivalent, the L40S (g6e, 48 GB).
 * new GpuNodeGroup(this, 'gpu-pool-content-generation', {
 *   cluster,
 *   name: 'content-generation',
 *   region: 'us-east-1',
 *   request: { gpu: 'A40', substitute: 'L40S', gpus: 12, gpusPerNode: 4 }, // 3 x g6e.12xlarge
 *   sharing: { timeSlicingReplicas: 4 },
 *   service: 'content-generation',
 * });
 * // The handle reports gpus (12) and substitution ({ requested: 'A40', substitute: 'L40S' }).
 * ```
 */
export class GpuNodeGroup extends Construct {
  public readonly name: string;
  public readonly resolved: ResolvedGpuRequest;
  public readonly instanceType: string;
  public readonly instance: InstanceTypeSpec;
  public readonly scaling: NodeGroupScaling;
  /** GPUs at creation (desired nodes × GPUs per node). */
  public readonly gpus: number;
  public readonly substitution?: GpuSubstitution;
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;
  public readonly placementGroup?: PlacementGroup;

  constructor(scope: Construct, id: string, props: GpuNodeGroupProps) {
    super(scope, id);
    const where = this.node.path;
    validateNodeGroupBase(where, props);
    let resolved = props.resolved;
    if (!resolved) {
      const result = resolveGpuRequest(props.request, props.region);
      if (!result.ok) throw new PlatformValidationError(where, `request.${result.problem.field}: ${result.problem.message}`);
      resolved = result.value;
    }
    const instance = resolved.instance;
    let scaling = props.scaling;
    if (!scaling) {
      if (resolved.nodes === undefined) {
        throw new PlatformValidationError(where, `scaling is required when the request names an instanceType (${instance.instanceType}) or a gpu without gpus; with gpu + gpus it defaults to the nodes needed`);
      }
      scaling = { minSize: resolved.nodes, desiredSize: resolved.nodes, maxSize: resolved.nodes };
    }
    validateScaling(where, scaling);
    const amiType = props.amiType ?? 'AL2023_x86_64_NVIDIA';
    if (!(resolved.family.amiTypes as readonly string[]).includes(amiType)) {
      throw new PlatformValidationError(where, `amiType '${amiType}' has no NVIDIA driver for ${instance.family}; use ${resolved.family.amiTypes.join(' or ')} (AL2_x86_64_GPU is deprecated, no AL2 AMIs exist for Kubernetes >= 1.33)`);
    }
    const root = props.rootVolumeSizeGiB ?? resolved.family.rootVolumeGiB;
    const rootProblem = rootVolumeProblem(root, true);
    if (rootProblem) throw new PlatformValidationError(where, `rootVolumeSizeGiB ${rootProblem}`);
    const efa = props.efa ?? false;
    if (efa && instance.efaInterfaces === 0) {
      const capable = Object.values(INSTANCE_TYPES).filter((s) => s.efaInterfaces > 0).map((s) => s.instanceType);
      throw new PlatformValidationError(where, `efa: ${instance.instanceType} does not support EFA; EFA-capable catalog types: ${capable.join(', ')}`);
    }
    const usePlacementGroup = props.placementGroup ?? efa;
    if (usePlacementGroup && props.subnetIds && props.subnetIds.length !== 1) {
      throw new PlatformValidationError(where, `placementGroup: a cluster placement group lives in one Availability Zone; pass exactly one subnet (got ${props.subnetIds.length}) or switch placementGroup off`);
    }
    const reservations = [...(props.capacityReservationIds ?? [])];
    for (const r of reservations) {
      const problem = Token.isUnresolved(r) ? undefined : capacityReservationIdProblem(r);
      if (problem) throw new PlatformValidationError(where, `capacityReservationIds: ${problem}`);
    }
    if (reservations.length > 0 && props.spot) {
      throw new PlatformValidationError(where, `capacityReservationIds: ${SPOT_WITH_RESERVATIONS_PROBLEM}`);
    }
    const sharingLabels = sharingLabelsFor(where, props.sharing, resolved);
    if (props.service !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(props.service)) {
      throw new PlatformValidationError(where, `service '${props.service}' must be a lower-case name (letters, digits, dashes)`);
    }

    this.name = props.name;
    this.resolved = resolved;
    this.instance = instance;
    this.instanceType = instance.instanceType;
    this.scaling = scaling;
    this.gpus = scaling.desiredSize * instance.gpus;
    this.substitution = resolved.substitution;

    if (usePlacementGroup) {
      this.placementGroup = new PlacementGroup(this, 'placement-group', {
        name: `${props.cluster.clusterName}-${props.name}`,
        strategy: 'cluster',
      });
    }
    const launchTemplateDependsOn: ITerraformDependable[] = [];
    let capacityReservation: LaunchTemplateCapacityReservationSpecification | undefined;
    if (reservations.length === 1) {
      capacityReservation = { capacityReservationTarget: { capacityReservationId: reservations[0] } };
    } else if (reservations.length > 1) {
      // A launch template targets one reservation or one capacity-reservation resource group: pool them.
      const ctx = awsContext(this);
      const pool = new ResourcegroupsGroup(this, 'capacity-reservations', {
        name: `${props.cluster.clusterName}-${props.name}-reservations`,
        description: `Capacity reservations of GPU node group ${props.name}`,
        configuration: [
          { type: 'AWS::EC2::CapacityReservationPool' },
          { type: 'AWS::ResourceGroups::Generic', parameters: [{ name: 'allowed-resource-types', values: ['AWS::EC2::CapacityReservation'] }] },
        ],
      });
      reservations.forEach((r, i) => {
        launchTemplateDependsOn.push(new ResourcegroupsResource(this, `capacity-reservation-${Token.isUnresolved(r) ? i : r}`, {
          groupArn: pool.arn,
          resourceArn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:capacity-reservation/${r}`,
        }));
      });
      capacityReservation = { capacityReservationTarget: { capacityReservationResourceGroupArn: pool.arn } };
    }

    const model = resolved.gpuModel;
    const systemLabels: Record<string, string> = {
      [NODE_LABELS.gpuModel]: model.model,
      [NODE_LABELS.gpuMemoryGb]: String(model.memoryGb),
      [NODE_LABELS.gpuCount]: String(instance.gpus),
      ...sharingLabels,
      ...(props.service ? { [NODE_LABELS.service]: props.service } : {}),
      ...(resolved.substitution ? { [NODE_LABELS.gpuSubstituteFor]: resolved.substitution.requested } : {}),
    };
    const built = createManagedNodeGroup(this, {
      ...props,
      subnetIds: props.subnetIds ?? (usePlacementGroup ? [props.cluster.privateSubnetIds[0]] : undefined),
      scaling,
      instanceType: instance.instanceType,
      amiType,
      rootVolumeSizeGiB: root,
      systemLabels,
      systemTaints: [GPU_TAINT],
      efaInterfaces: efa ? instance.efaInterfaces : 0,
      placementGroupName: this.placementGroup?.name,
      capacityReservation,
      launchTemplateDependsOn,
    });
    this.nodeGroup = built.nodeGroup;
    this.launchTemplate = built.launchTemplate;
  }
}

function sharingLabelsFor(where: string, sharing: GpuSharing | undefined, resolved: ResolvedGpuRequest): Record<string, string> {
  if (!sharing) return { [NODE_LABELS.gpuSharing]: 'exclusive' };
  const problem = gpuSharingProblem(sharing, resolved.gpuModel.model);
  if (problem) throw new PlatformValidationError(where, `sharing.${problem.field}: ${problem.message}`);
  if (sharing.timeSlicingReplicas !== undefined) {
    const r = sharing.timeSlicingReplicas;
    return { [NODE_LABELS.gpuSharing]: 'time-slicing', [NODE_LABELS.gpuTimeSlicingReplicas]: String(r), [NVIDIA_LABELS.devicePluginConfig]: timeSlicingConfigName(r) };
  }
  return { [NODE_LABELS.gpuSharing]: 'mig', [NODE_LABELS.gpuMigProfile]: sharing.migProfile!, [NVIDIA_LABELS.migConfig]: migConfigName(sharing.migProfile!) };
}
