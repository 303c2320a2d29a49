import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { PlatformValidationError } from '../core/errors';

/**
 * EKS access policies (cluster-access-policy/<name>) this library grants. `AmazonEMRJobPolicy` admits the
 * EMR on EKS service-linked role to a namespace (EMR on EKS developer guide, "access entries").
 */
export type EksAccessPolicy = 'AmazonEKSClusterAdminPolicy' | 'AmazonEKSAdminPolicy' | 'AmazonEKSEditPolicy' | 'AmazonEKSViewPolicy' | 'AmazonEMRJobPolicy';

export interface ClusterAccessGrantProps {
  /** Name of the EKS cluster (authentication mode API or API_AND_CONFIG_MAP). */
  readonly clusterName: string;
  /** AWS partition of the cluster (`aws`, `aws-cn`, `aws-us-gov`), for the access policy ARN. */
  readonly partition: string;
  /** IAM role (or user) ARN. */
  readonly principalArn: string;
  /** EKS access policy to associate with the principal. */
  readonly policy: EksAccessPolicy;
  /**
   * Namespaces the policy applies to.
   * @default - the whole cluster
   */
  readonly namespaces?: readonly string[];
}

/**
 * An access entry (authentication mode API) for one IAM principal plus the access policy association
 * that authorizes it. Nobody is admin implicitly: the cluster creator gets no entry.
 *
 * @example
 * ```ts
 * import { ClusterAccessGrant } from '@ott-platform/infra/cluster';
 *
 * new ClusterAccessGrant(this, 'ml-viewers', {
 *   clusterName: 'inference-dev-eu-west-1', // e.g. cluster.clusterName
 *   partition: 'aws',
 *   principalArn: 'arn:aws:iam::123456789012:role/ml-viewer',
 *   policy: 'AmazonEKSViewPolicy',
 *   namespaces: ['ml-serving'],
 * });
 * ```
 */
export class ClusterAccessGrant extends Construct {
  public readonly entry: EksAccessEntry;
  public readonly association: EksAccessPolicyAssociation;

  constructor(scope: Construct, id: string, props: ClusterAccessGrantProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.principalArn) && !/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(props.principalArn)) {
      throw new PlatformValidationError(this.node.path, `principalArn '${props.principalArn}' is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)`);
    }
    this.entry = new EksAccessEntry(this, 'entry', {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      type: 'STANDARD',
    });
    const namespaces = props.namespaces ?? [];
    this.association = new EksAccessPolicyAssociation(this, 'policy', {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      policyArn: `arn:${props.partition}:eks::aws:cluster-access-policy/${props.policy}`,
      accessScope: namespaces.length > 0 ? { type: 'namespace', namespaces: [...namespaces] } : { type: 'cluster' },
      dependsOn: [this.entry],
    });
  }
}
