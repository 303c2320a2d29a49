import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { policyJson } from '../core/iam';

/**
 * Trust policy for an EKS Pod Identity role: the `pods.eks.amazonaws.com` service may assume it and tag
 * the session, only on behalf of this account and (when given) this cluster. EKS Pod Identity passes
 * `aws:SourceAccount` and `aws:SourceArn` (the cluster ARN) for exactly this scoping
 * (docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).
 */
export function podIdentityTrustPolicy(accountId: string, clusterArn?: string): string {
  return policyJson({
    Statement: [{
      Sid: 'EksPodIdentity',
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ...(clusterArn ? { ArnEquals: { 'aws:SourceArn': clusterArn } } : {}),
      },
    }],
  });
}

/** ARN of an AWS managed policy in the stack's partition. */
export function awsManagedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/**
 * Attaches AWS managed policies to `role`, one attachment per policy (id `<idPrefix>-<PolicyName>`).
 * Names may carry a path (`service-role/AmazonEBSCSIDriverPolicy`).
 */
export function attachManagedPolicies(scope: Construct, idPrefix: string, role: IamRole, partition: string, names: readonly string[]): IamRolePolicyAttachment[] {
  return names.map((name) => new IamRolePolicyAttachment(scope, `${idPrefix}-${name.split('/').pop()}`, {
    role: role.name,
    policyArn: awsManagedPolicyArn(partition, name),
  }));
}
