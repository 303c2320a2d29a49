import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { policyJson, PolicyStatement } from '../core/iam';
import { podIdentityTrustPolicy } from '../cluster/iam';
import { objectNameProblem } from '../k8s/manifest';

/** The cluster an add-on identity belongs to: its name and ARN (e.g. from a `data.aws_eks_cluster`). */
export interface IdentityCluster {
  readonly clusterName: string;
  readonly clusterArn: string;
}

export interface AddonIdentityProps {
  /** The cluster whose Pod Identity may assume the role. */
  readonly cluster: IdentityCluster;
  /** Namespace of the add-on's service account. */
  readonly namespace: string;
  /** The service account the chart creates (its name is pinned in the add-on's values). */
  readonly serviceAccount: string;
  /** IAM role name (prefix it with the cluster name: role names are account-wide). */
  readonly roleName: string;
  /** The add-on's permissions, naming its own resources wherever the service allows. */
  readonly statements: readonly PolicyStatement[];
}

/**
 * An add-on's own AWS identity: an IAM role that only EKS Pod Identity of this cluster may assume
 * (trust scoped by `aws:SourceAccount` and the cluster ARN), one inline least-privilege policy, and the
 * `aws_eks_pod_identity_association` binding it to one namespace/service account.
 *
 * @example
 * ```ts
 * import { AddonIdentity, ClusterConnection } from '@ott-platform/infra/platform';
 *
 * const conn = new ClusterConnection(this, 'cluster', { clusterName: 'prod-eu-west-1', region: 'eu-west-1' });
 * // external-dns may change records of one hosted zone only.
 * new AddonIdentity(this, 'identity-external-dns', {
 *   cluster: conn, namespace: 'kube-system', serviceAccount: 'external-dns', roleName: 'prod-eu-west-1-external-dns',
 *   statements: [{ Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource: 'arn:aws:route53:::hostedzone/Z0123456789' }],
 * });
 * ```
 */
export class AddonIdentity extends Construct {
  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly association: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: AddonIdentityProps) {
    super(scope, id);
    for (const [what, value] of [['namespace', props.namespace], ['serviceAccount', props.serviceAccount]] as const) {
      const problem = objectNameProblem(value);
      if (problem) throw new PlatformValidationError(this.node.path, `${what}: ${problem}`);
    }
    if (props.statements.length === 0) {
      throw new PlatformValidationError(this.node.path, 'statements is empty: an add-on without AWS permissions needs no IAM role');
    }
    const ctx = awsContext(this);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      assumeRolePolicy: podIdentityTrustPolicy(ctx.accountId, props.cluster.clusterArn),
    });
    const policy = new IamRolePolicy(this, 'policy', {
      name: 'addon',
      role: this.role.id,
      policy: policyJson({ Statement: props.statements }),
    });
    this.roleArn = this.role.arn;
    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.cluster.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.arn,
      dependsOn: [policy],
    });
  }
}
