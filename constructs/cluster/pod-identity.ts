import { Construct } from 'constructs';
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { podIdentityTrustPolicy } from './iam';

/** What EKS Pod Identity needs from a cluster: {@link EksCluster} or a cluster adopted with `EksCluster.fromClusterAttributes`. */
export interface PodIdentityCluster {
  readonly clusterName: string;
  readonly clusterArn: string;
  /**
   * What an association in the cluster's own stack waits for (the Pod Identity agent add-on); an
   * association in another stack is deployed after the cluster's stack anyway.
   */
  readonly podIdentityPrerequisites: readonly ITerraformDependable[];
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Why `value` is not a Kubernetes namespace or service account name (undefined when it is). */
export function kubernetesNameProblem(what: string, value: string): string | undefined {
  return K8S_NAME.test(value) ? undefined : `${what} '${value}' is not a Kubernetes name (lower-case letters, digits and '-', at most 63)`;
}

export interface PodIdentityAssociationOptions {
  /** Kubernetes namespace of the service account. */
  readonly namespace: string;
  /** Kubernetes service account the pods run as. */
  readonly serviceAccount: string;
  /** IAM role the pods receive; its trust policy must admit pods.eks.amazonaws.com for this cluster. */
  readonly roleArn: string;
}

/**
 * Gives a Kubernetes service account an IAM role through EKS Pod Identity (an
 * `aws_eks_pod_identity_association` in `scope`), on any {@link PodIdentityCluster}. The role's trust
 * policy must admit `pods.eks.amazonaws.com` for this cluster ({@link podIdentityTrustPolicy}).
 */
export function associatePodIdentity(scope: Construct, id: string, cluster: PodIdentityCluster, options: PodIdentityAssociationOptions): EksPodIdentityAssociation {
  for (const [what, value] of [['namespace', options.namespace], ['serviceAccount', options.serviceAccount]] as const) {
    const problem = kubernetesNameProblem(what, value);
    if (problem) throw new PlatformValidationError(scope.node.path, `addPodIdentity: ${problem}`);
  }
  const sameStack = cluster instanceof Construct && TerraformStack.of(scope) === TerraformStack.of(cluster);
  return new EksPodIdentityAssociation(scope, id, {
    clusterName: cluster.clusterName,
    namespace: options.namespace,
    serviceAccount: options.serviceAccount,
    roleArn: options.roleArn,
    ...(sameStack && cluster.podIdentityPrerequisites.length > 0 ? { dependsOn: [...cluster.podIdentityPrerequisites] } : {}),
  });
}

export interface WorkloadIdentityProps {
  /** The cluster the workload runs on (created here, or adopted). */
  readonly cluster: PodIdentityCluster;
  /** Kubernetes namespace of the service account. */
  readonly namespace: string;
  /** Kubernetes service account the pods run as. */
  readonly serviceAccount: string;
  /** IAM role name. */
  readonly roleName: string;
}

/**
 * A workload's AWS identity: an IAM role that trusts EKS Pod Identity for one cluster only, associated
 * with one service account. Grants (`topic.grantProduce(identity.role)`, `db.grantConnect(...)`) then
 * attach policies to `role`.
 *
 * @example
 * ```ts
 * import { EksCluster, WorkloadIdentity } from '@ott-platform/infra/cluster';
 *
 * // The platform's cluster, adopted by its attributes (or a new EksCluster).
 * const cluster = EksCluster.fromClusterAttributes(this, 'platform-eks', {
 *   clusterName: 'production-eu-west-1', kubernetesVersion: '1.35', clusterSecurityGroupId: 'sg-0123456789abcdef0',
 *   privateSubnetIds: ['subnet-0a1', 'subnet-0b2'], nodeRoleArn: 'arn:aws:iam::123456789012:role/production-eu-west-1-eks-node',
 *   nodeVolumeKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab',
 * });
 * const identity = new WorkloadIdentity(this, 'serving-identity', {
 *   cluster, namespace: 'ml-serving', serviceAccount: 'inference', roleName: 'inference-dev-serving',
 * });
 * ```
 */
export class WorkloadIdentity extends Construct {
  public readonly role: IamRole;
  public readonly association: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const ctx = awsContext(this);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: podIdentityTrustPolicy(ctx.accountId, props.cluster.clusterArn),
    });
    this.association = associatePodIdentity(this, 'association', props.cluster, {
      namespace: props.namespace, serviceAccount: props.serviceAccount, roleArn: this.role.arn,
    });
  }
}
