import { Construct } from 'constructs';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { PlatformValidationError } from '../core/errors';
import { CPU_AMI_TYPES, CpuAmiType, GPU_FAMILIES, isGpuFamily } from './gpu-catalog';
import { createManagedNodeGroup, NodeGroupBaseProps, NodeGroupScaling, validateInstanceTypeFormat, validateNodeGroupBase, validateScaling } from './managed-node-group';

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
    validateInstanceTypeFormat(where, props.instanceType);
    if (isGpuFamily(props.instanceType.split('.')[0])) {
      throw new PlatformValidationError(where, `instanceType ${props.instanceType} is a GPU type (${GPU_FAMILIES.join(', ')}); use GpuNodeGroup so it gets the NVIDIA AMI and the GPU taint`);
    }
    const amiType = props.amiType ?? 'AL2023_x86_64_STANDARD';
    if (!(CPU_AMI_TYPES as readonly string[]).includes(amiType)) {
      throw new PlatformValidationError(where, `amiType '${amiType}' is not a CPU AMI type; use ${CPU_AMI_TYPES.join(' or ')}`);
    }
    const root = props.rootVolumeSizeGiB ?? 100;
    if (!Number.isInteger(root) || root < 20 || root > 16384) {
      throw new PlatformValidationError(where, `rootVolumeSizeGiB must be a whole number from 20 to 16384, got ${root}`);
    }
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
