import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { EksCluster } from '../constructs/cluster/eks-cluster';
import { GpuNodeGroup } from '../constructs/cluster/gpu-node-group';
import { NodeGroup } from '../constructs/cluster/node-group';
import type { ClusterPlan } from '../plan/cluster';
import type { ClusterOutputs, EventDataOutputs, LayerInputs, NetworkOutputs } from './contracts';
import { LayerStack } from './layer-stack';

export interface ClusterStackProps extends LayerInputs<ClusterPlan> {
  /** The region's network layer outputs. */
  readonly network: NetworkOutputs;
  /**
   * The region's data layer outputs: every node joins its data-clients security group, the only group
   * the data stores admit.
   * @default - no data layer in the region: nodes join the cluster security group only
   */
  readonly data?: EventDataOutputs;
}

/**
 * `<env>-<region>-cluster`: the region's EKS cluster, its CPU node groups and GPU pools, in the order EKS
 * needs (pre-node add-ons -> node groups -> coredns and EBS CSI after the first node group). Sizes and
 * GPU requests arrive resolved in the plan (plan/cluster.ts); nothing is computed here.
 */
export class ClusterStack extends LayerStack {
  public readonly cluster: EksCluster;
  public readonly nodeGroups: readonly NodeGroup[];
  public readonly gpuNodeGroups: readonly GpuNodeGroup[];
  /** What the layers above receive (stacks/contracts.ts). */
  public readonly outputs: ClusterOutputs;

  constructor(scope: Construct, props: ClusterStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'cluster' });
    const plan = props.plan;
    const network = props.network.network;
    this.cluster = new EksCluster(this, 'eks', {
      name: plan.name,
      privateSubnetIds: network.privateSubnetIds,
      kubernetesVersion: plan.kubernetesVersion,
      endpointPublicAccessCidrs: plan.endpointPublicAccessCidrs,
      endpointPublicAccessMinPrefixLength: plan.endpointPublicAccessMinPrefixLength,
      adminRoles: plan.adminRoles,
      logRetentionDays: plan.logRetentionDays,
      deletionProtection: props.context.deletionProtection,
      addonVersions: plan.addonVersions,
    });
    const additionalSecurityGroupIds = props.data ? [props.data.clientSecurityGroupId] : [];

    this.nodeGroups = plan.nodeGroups.map(({ config: g, scaling }) => new NodeGroup(this, `node-group-${g.name}`, {
      cluster: this.cluster,
      name: g.name,
      instanceType: g.instanceType,
      scaling,
      spot: g.spot,
      labels: g.labels,
      taints: g.taints,
      imdsHopLimit: g.imdsHopLimit,
      rootVolumeSizeGiB: g.rootVolumeSizeGiB,
      amiType: g.amiType,
      additionalSecurityGroupIds,
      tags: this.tags,
    }));
    this.cluster.addNodeAddons(this.nodeGroups[0]);

    this.gpuNodeGroups = plan.gpuPools.map(({ config: p, request, resolved, scaling }) => new GpuNodeGroup(this, `gpu-pool-${p.name}`, {
      cluster: this.cluster,
      name: p.name,
      region: props.region,
      request,
      resolved, // resolved once by the plan

      scaling,
      spot: p.spot,
      labels: p.labels,
      taints: p.taints,
      imdsHopLimit: p.imdsHopLimit,
      amiType: p.amiType,
      rootVolumeSizeGiB: p.rootVolumeSizeGiB,
      efa: p.efa,
      placementGroup: p.placementGroup,
      capacityReservationIds: p.capacityReservationIds,
      sharing: p.sharing,
      service: p.service,
      additionalSecurityGroupIds,
      tags: { ...this.tags, ...(p.service ? { service: p.service } : {}) },
    }));

    this.outputs = { cluster: this.cluster };
    new TerraformOutput(this, 'cluster-name', { value: this.cluster.clusterName });
    new TerraformOutput(this, 'cluster-endpoint', { value: this.cluster.endpoint });
    new TerraformOutput(this, 'oidc-provider-arn', { value: this.cluster.oidcProviderArn });
  }
}
