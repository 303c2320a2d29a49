/**
 * IAM action classes behind checkov's cloudsplaining-based checks (CKV_AWS_286..290, CKV_AWS_107..111):
 * privilege escalation, credentials exposure and permissions management. Each list names concrete
 * actions; a statement matches when one of its action patterns (with `*`/`?` wildcards) covers one.
 * Sources: the published privilege-escalation paths (Rhino Security Labs, "AWS IAM Privilege Escalation
 * Methods") and cloudsplaining's credentials-exposure and permissions-management action lists.
 */
import { actionMatches, Statement } from './iam-documents';

/** Actions that let a principal grant itself more than it has (alone or combined with a service). */
export const PRIVILEGE_ESCALATION_ACTIONS: readonly string[] = [
  'iam:PassRole', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
  'iam:AttachUserPolicy', 'iam:AttachGroupPolicy', 'iam:AttachRolePolicy',
  'iam:PutUserPolicy', 'iam:PutGroupPolicy', 'iam:PutRolePolicy',
  'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:AddUserToGroup',
  'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary',
  'iam:PutUserPermissionsBoundary', 'iam:DeleteUserPermissionsBoundary',
  'sts:AssumeRole', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
  'glue:UpdateDevEndpoint', 'cloudformation:CreateStack', 'ssm:SendCommand', 'ssm:StartSession',
  'ec2:RunInstances', 'ecs:RunTask', 'eks:CreateAccessEntry', 'eks:AssociateAccessPolicy',
];

/** Actions that return or create long-lived credentials. */
export const CREDENTIALS_EXPOSURE_ACTIONS: readonly string[] = [
  'iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:CreateServiceSpecificCredential', 'iam:ResetServiceSpecificCredential',
  'iam:UploadSSHPublicKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
  'sts:GetFederationToken', 'redshift:GetClusterCredentials',
  'ec2:GetPasswordData', 'chime:CreateApiKey',
];

/** Actions that change who may do what (policies, grants, ACLs, resource policies). */
export const PERMISSIONS_MANAGEMENT_ACTIONS: readonly string[] = [
  'iam:CreatePolicy', 'iam:DeletePolicy', 'iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:CreateUser',
  'kms:CreateGrant', 'kms:PutKeyPolicy', 'kms:RevokeGrant',
  's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutObjectAcl', 's3:PutBucketPublicAccessBlock',
  'secretsmanager:PutResourcePolicy', 'ecr:SetRepositoryPolicy', 'sqs:AddPermission', 'sns:AddPermission',
  'lambda:AddPermission', 'elasticfilesystem:PutFileSystemPolicy', 'kafka:PutClusterPolicy', 'ram:CreateResourceShare',
];

/** The statement's actions that match one of `list` (listing the concrete actions, sorted). */
export function matchingActions(s: Statement, list: readonly string[]): string[] {
  return list.filter((a) => s.actions.some((p) => actionMatches(p, a))).sort();
}

/** Conditions that narrow a wildcard resource to the caller's account, organization, tags or a service. */
export const SCOPING_CONDITION_KEYS: readonly string[] = [
  'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:SourceAccount', 'aws:SourceArn', 'aws:ResourceAccount', 'kms:CallerAccount',
  'kms:ViaService', 'iam:PassedToService', 'aws:ResourceTag/', 'aws:RequestTag/', 'aws:PrincipalArn', 'aws:SourceVpce', 'aws:SourceVpc',
];

/** True when a condition of the statement scopes it (account, org, service, tag, VPC endpoint). */
export function isScoped(s: Statement): boolean {
  return s.conditions.some((c) => SCOPING_CONDITION_KEYS.some((k) => (k.endsWith('/') ? c.variable.startsWith(k) : c.variable.toLowerCase() === k.toLowerCase())));
}
