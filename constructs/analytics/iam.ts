import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PlatformValidationError } from '../core/errors';
import { policyJson } from '../core/iam';

/**
 * Control-plane actions AWS authorizes only on `Resource: "*"` (ENI management of VPC-attached services,
 * metric publishing, describe calls). Anything else must name its resources and go through a grant.
 */
export const NON_RESOURCE_ACTIONS: readonly string[] = [
  'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces',
  'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission',
  'ec2:DescribeVpcEndpoints', 'ec2:DescribeRouteTables',
  'cloudwatch:PutMetricData', 'logs:DescribeLogGroups', 's3:GetAccountPublicAccessBlock', 'airflow:PublishMetrics',
  'sagemaker:ListTrainingJobs', 'sagemaker:ListTransformJobs', 'ecr:GetAuthorizationToken',
];

/** An inline policy allowing `actions` (each one of NON_RESOURCE_ACTIONS) on `*`; throws for any other action. */
export function nonResourceActions(scope: Construct, id: string, role: IamRole, actions: readonly string[]): IamRolePolicy {
  const bad = actions.filter((a) => !NON_RESOURCE_ACTIONS.includes(a));
  if (bad.length > 0) throw new PlatformValidationError(scope.node.path, `${bad.join(', ')} may not be granted on Resource "*"; name the resources`);
  return new IamRolePolicy(scope, `${id}-policy`, { name: id, role: role.name, policy: policyJson({ Statement: [{ Effect: 'Allow', Action: [...actions], Resource: '*' }] }) });
}

/** Base-36 of a role name's UTF-8 bytes, as EMR on EKS puts it in its job service account names. */
export function base36RoleName(roleName: string): string {
  let n = 0n;
  for (const b of Buffer.from(roleName, 'utf8')) n = n * 256n + BigInt(b);
  return n.toString(36);
}
