import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { PlatformValidationError } from '../constructs/core/errors';
import { EksCluster } from '../constructs/cluster/eks-cluster';
import { GpuNodeGroup } from '../constructs/cluster/gpu-node-group';
import { NodeGroup } from '../constructs/cluster/node-group';
import { Network } from '../constructs/network/network';
import { planCluster } from '../environments/cluster-schema';
import { EnvironmentConfig } from '../environments/schema';
import { LayerStack } from './layer-stack';

export interface ClusterStackProps {
  readonly env: EnvironmentConfig;
  readonly region: string;
  /** The region's network (from its network stack). */
  readonly network: Network;
  /**
   * Security groups every node joins besides the cluster security group (the data layer's "data
   * clients" group, wired in by buildEnvironment).
   * @default []
   */
  readonly additionalNodeSecurityGroupIds?: readonly string[];
}

/**
 * `<env>-<region>-cluster`: the region's EKS cluster, its CPU node groups and GPU pools, in the order EKS
 * needs (pre-node add-ons -> node groups -> coredns and EBS CSI after the first node group).
 */
export class ClusterStack extends LayerStack {
  public readonly cluster: EksCluster;
  public readonly nodeGroups: readonly NodeGroup[];
  public readonly gpuNodeGroups: readonly GpuNodeGroup[];

  constructor(scope: Construct, props: ClusterStackProps) {
    super(scope, { env: props.env, region: props.region, layer: 'cluster' });
    const cfg = props.env.regions[props.region].cluster;
    if (!cfg) {
      throw new PlatformValidationError(`environments/${props.env.name}.yaml`, `regions.${props.region}.cluster is not set; a region without it gets no cluster stack`);
    }
    const { plan, issues } = planCluster(cfg, props.region, props.env.phase, props.env.scale);
    if (issues.length > 0) {
      // The schema reports these at load time; this guards configs built in code.
      throw new PlatformValidationError(`environments/${props.env.name}.yaml`, issues.map((i) => `regions.${props.region}.cluster.${i.path.join('.')}: ${i.message}`).join('; '));
    }
    const name = `${props.env.name}-${props.region}`;
    this.cluster = new EksCluster(this, 'eks', {
      name,
      privateSubnetIds: props.network.privateSubnetIds,
      kubernetesVersion: cfg.kubernetesVersion,
      endpointPublicAccessCidrs: cfg.endpointPublicAccessCidrs,
      adminRoles: cfg.adminRoles,
      logRetentionDays: cfg.logRetentionDays,
      deletionProtection: props.env.deletionProtection,
      addonVersions: cfg.addonVersions,
    });
    const additionalSecurityGroupIds = props.additionalNodeSecurityGroupIds ?? [];

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

    this.gpuNodeGroups = plan.gpuPools.map(({ config: p, request, scaling }) => new GpuNodeGroup(this, `gpu-pool-${p.name}`, {
      cluster: this.cluster,
      name: p.name,
      region: props.region,
      request,
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

    new TerraformOutput(this, 'cluster-name', { value: this.cluster.clusterName });
    new TerraformOutput(this, 'cluster-endpoint', { value: this.cluster.endpoint });
    new TerraformOutput(this, 'oidc-provider-arn', { value: this.cluster.oidcProviderArn });
  }
}
