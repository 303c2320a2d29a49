import { Construct } from 'constructs';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { PlatformValidationError } from '../core/errors';
import { CPU_AMI_TYPES, CpuAmiType, GPU_FAMILIES, isGpuFamily } from './gpu-catalog';
import {
  createManagedNodeGroup, NodeGroupBaseProps, NodeGroupScaling, rootVolumeProblem, validateInstanceType, validateNodeGroupBase, validateScaling,
} from './managed-node-group';

/** Defaults of a CPU node group, read by the environment schema and by {@link NodeGroup}. */
export const CPU_NODE_GROUP_DEFAULTS: { readonly rootVolumeSizeGiB: number; readonly amiType: CpuAmiType } = {
  rootVolumeSizeGiB: 100,
  amiType: 'AL2023_x86_64_STANDARD',
};

/** Why `instanceType` is a GPU type that belongs in a GPU pool (undefined when it is not). */
export function gpuTypeInCpuGroupProblem(instanceType: string): string | undefined {
  return isGpuFamily(instanceType.split('.')[0])
    ? `${instanceType} is a GPU type (${GPU_FAMILIES.join(', ')}); list it under gpuPools / use GpuNodeGroup so it gets the NVIDIA AMI and the GPU taint`
    : undefined;
}

export interface NodeGroupProps extends NodeGroupBaseProps {
  /** EC2 instance type, e.g. `m6i.2xlarge` (GPU types belong in GpuNodeGroup). */
  readonly instanceType: string;
  /** Node counts; `desiredSize` is left to the autoscaler after creation. */
  readonly scaling: NodeGroupScaling;
  /**
   * Root (data) volume size, GiB, gp3 encrypted.
   * @default 100
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * AMI type.
   * @default 'AL2023_x86_64_STANDARD'
   */
  readonly amiType?: CpuAmiType;
}

/**
 * A CPU managed node group (seed 003 §10: system, general, memory-optimized, data-processing) with its
 * own launch template: IMDSv2 required, encrypted gp3 volume, the cluster security group plus extra ones.
 *
 * @example
 * ```ts
 * import { EksCluster, NodeGroup } from '@ott-platform/infra/cluster';
 *
 * const cluster = new EksCluster(this, 'eks', { name: 'batch-dev-eu-west-1', privateSubnetIds: ['subnet-0a1', 'subnet-0b2', 'subnet-0c3'] });
 * const system = new NodeGroup(this, 'node-group-system', {
 *   cluster, name: 'system', instanceType: 'm6i.xlarge', scaling: { minSize: 2, desiredSize: 3, maxSize: 6 },
 * });
 * cluster.addNodeAddons(system);
 * new NodeGroup(this, 'node-group-data-processing', {
 *   cluster,
 *   name: 'data-processing',
 *   instanceType: 'm6i.4xlarge',
 *   scaling: { minSize: 1, desiredSize: 4, maxSize: 8 }, // desired is left to the autoscaler afterwards
 *   spot: true,
 *   labels: { 'ott.platform/workload': 'data-processing' },
 *   taints: [{ key: 'ott.platform/workload', value: 'data-processing', effect: 'NoSchedule' }],
 *   additionalSecurityGroupIds: ['sg-0123456789abcdef0'], // e.g. a data layer's client group
 * });
 * ```
 */
export class NodeGroup extends Construct {
  public readonly name: string;
  public readonly instanceType: string;
  public readonly scaling: NodeGroupScaling;
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: NodeGroupProps) {
    super(scope, id);
    const where = this.node.path;
    validateNodeGroupBase(where, props);
    validateScaling(where, props.scaling);
    const gpuProblem = gpuTypeInCpuGroupProblem(props.instanceType);
    if (gpuProblem) throw new PlatformValidationError(where, `instanceType ${gpuProblem}`);
    validateInstanceType(where, props.instanceType);
    const amiType = props.amiType ?? CPU_NODE_GROUP_DEFAULTS.amiType;
    if (!(CPU_AMI_TYPES as readonly string[]).includes(amiType)) {
      throw new PlatformValidationError(where, `amiType '${amiType}' is not a CPU AMI type; use ${CPU_AMI_TYPES.join(' or ')}`);
    }
    const root = props.rootVolumeSizeGiB ?? CPU_NODE_GROUP_DEFAULTS.rootVolumeSizeGiB;
    const rootProblem = rootVolumeProblem(root, false);
    if (rootProblem) throw new PlatformValidationError(where, `rootVolumeSizeGiB ${rootProblem}`);
    this.name = props.name;
    this.instanceType = props.instanceType;
    this.scaling = props.scaling;
    const built = createManagedNodeGroup(this, {
      ...props,
      amiType,
      rootVolumeSizeGiB: root,
      systemLabels: {},
      systemTaints: [],
      efaInterfaces: 0,
    });
    this.nodeGroup = built.nodeGroup;
    this.launchTemplate = built.launchTemplate;
  }
}
