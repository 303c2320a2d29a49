import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';

export interface ClusterConnectionProps {
  /** Name of an existing EKS cluster (created by an earlier stack). */
  readonly clusterName: string;
  /** Region of the cluster (passed to `aws eks get-token`). */
  readonly region: string;
  /**
   * Configure a helm provider as well as the kubernetes provider.
   * @default true
   */
  readonly helm?: boolean;
}

/**
 * Reaches an existing EKS cluster: looks it up by name (`data.aws_eks_cluster`, read at plan time) and
 * configures the kubernetes (and helm) providers with its endpoint, CA and exec authentication
 * (`aws eks get-token`, a short-lived token, nothing stored). It never takes the resource that creates
 * the cluster: no stack both creates a cluster and configures a provider against it, so the cluster
 * stack is deployed first and this stack plans against a cluster that exists.
 *
 * @example
 * ```ts
 * import { ClusterConnection } from '@ott-platform/infra/platform';
 *
 * // In a stack deployed after the one that creates `prod-eu-west-1`:
 * const conn = new ClusterConnection(this, 'cluster', { clusterName: 'prod-eu-west-1', region: 'eu-west-1' });
 * // conn.kubernetes and conn.helm are this stack's providers; conn.clusterArn scopes Pod Identity trust.
 * ```
 */
export class ClusterConnection extends Construct {
  public readonly cluster: DataAwsEksCluster;
  public readonly clusterName: string;
  public readonly clusterArn: string;
  /** Security group EKS created for the cluster. */
  public readonly clusterSecurityGroupId: string;
  /** The cluster's subnets (a list token). */
  public readonly subnetIds: string[];
  public readonly vpcId: string;
  public readonly kubernetes: KubernetesProvider;
  public readonly helm?: HelmProvider;

  constructor(scope: Construct, id: string, props: ClusterConnectionProps) {
    super(scope, id);
    this.cluster = new DataAwsEksCluster(this, 'cluster', { name: props.clusterName });
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
    const vpc = this.cluster.vpcConfig.get(0);
    this.clusterSecurityGroupId = vpc.clusterSecurityGroupId;
    this.subnetIds = vpc.subnetIds;
    this.vpcId = vpc.vpcId;
    const host = this.cluster.endpoint;
    const clusterCaCertificate = Fn.base64decode(this.cluster.certificateAuthority.get(0).data);
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', props.clusterName, '--region', props.region, '--output', 'json'],
    };
    this.kubernetes = new KubernetesProvider(this, 'kubernetes', { host, clusterCaCertificate, exec: [exec] });
    if (props.helm ?? true) {
      this.helm = new HelmProvider(this, 'helm', { kubernetes: { host, clusterCaCertificate, exec } });
    }
  }
}
