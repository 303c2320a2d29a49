/**
 * Rules equivalent to well-known checkov checks (https://www.checkov.io/5.Policy%20Index/terraform.html)
 * for the resource types this library synthesizes, and for the CloudFront / WAF / Route 53 and
 * Kubernetes / Helm resources of the edge and platform layers (they apply as soon as those resources
 * appear). Each rule names its checkov id(s); docs/policy-preview-cost.md lists them.
 */
import { asList, getPath, isExpression, resourcesOfType, TfResource, TfStack, walkStrings } from '../tfjson';
import { isPublicPrincipal, policyDocuments, Statement } from './iam-documents';
import { CREDENTIALS_EXPOSURE_ACTIONS, isScoped, matchingActions, PERMISSIONS_MANAGEMENT_ACTIONS, PRIVILEGE_ESCALATION_ACTIONS } from './iam-risk';
import { attachedTo, each, identityStatements, isTrue, show } from './helpers';
import { PolicyRule, RuleHit } from './types';
import { s3ReplicationCoverage } from './replication-rules';

/** Minimum CloudWatch Logs retention in production (CKV_AWS_338: at least one year). */
export const MIN_LOG_RETENTION_DAYS = 365;

const onWildcard = (s: Statement) => s.effect === 'Allow' && s.resources.includes('*') && !isScoped(s);

/** Identity-policy rule: Allow of one of `actions` on Resource "*" without a scoping condition. */
function iamActionRule(stack: TfStack, actions: readonly string[], what: string): RuleHit[] {
  return identityStatements(stack).flatMap(({ resource, attribute, statement: s, label }): RuleHit[] => {
    if (!onWildcard(s)) return [];
    const hits = matchingActions(s, actions);
    return hits.length ? [{ resource, message: `${attribute}: ${label} allows ${what} (${hits.join(', ')}) on Resource "*" without a scoping condition` }] : [];
  });
}

/** Containers of a Kubernetes workload in a `kubernetes_*` resource (snake_case) or a `kubernetes_manifest` (camelCase). */
function podSpecs(r: TfResource): Record<string, unknown>[] {
  if (r.type === 'kubernetes_manifest') {
    const m = r.body.manifest as Record<string, unknown> | undefined;
    const spec = getPath(m, 'spec.template.spec') ?? getPath(m, 'spec.jobTemplate.spec.template.spec') ?? (getPath(m, 'kind') === 'Pod' ? getPath(m, 'spec') : undefined);
    return spec && typeof spec === 'object' ? [spec as Record<string, unknown>] : [];
  }
  const spec = getPath(r.body, 'spec.template.spec') ?? getPath(r.body, 'spec.job_template.spec.template.spec') ?? (r.type.startsWith('kubernetes_pod') ? getPath(r.body, 'spec') : undefined);
  return asList(spec);
}

const K8S_WORKLOADS = ['kubernetes_deployment', 'kubernetes_deployment_v1', 'kubernetes_daemonset', 'kubernetes_daemon_set_v1', 'kubernetes_stateful_set',
  'kubernetes_stateful_set_v1', 'kubernetes_job', 'kubernetes_job_v1', 'kubernetes_cron_job', 'kubernetes_cron_job_v1', 'kubernetes_pod', 'kubernetes_pod_v1', 'kubernetes_manifest'];

function containers(spec: Record<string, unknown>): Record<string, unknown>[] {
  return ['container', 'containers', 'init_container', 'initContainers'].flatMap((k) => asList(spec[k]));
}

const get = (o: Record<string, unknown>, snake: string, camel: string) => getPath(o, snake) ?? getPath(o, camel);

/** Public hosted zones (no `vpc` block): the ones DNSSEC and query logging apply to. */
const publicZones = (stack: TfStack) => resourcesOfType(stack, 'aws_route53_zone').filter((z) => asList(z.body.vpc).length === 0);

export const WELL_KNOWN_RULES: readonly PolicyRule[] = [
  // --- IAM ------------------------------------------------------------------------------------------
  {
    id: 'iam-no-privilege-escalation',
    severity: 'critical',
    checkov: ['CKV_AWS_286', 'CKV_AWS_110'],
    title: 'Identity policies never allow privilege-escalation actions (iam:PassRole, iam:Put*Policy, sts:AssumeRole ...) on Resource "*"',
    rationale: 'A role that may pass any role, attach any policy or assume any role can make itself administrator.',
    fix: 'Name the roles/policies in Resource (e.g. the one role a service passes), or add an iam:PassedToService / aws:ResourceTag condition.',
    resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_iam_user_policy', 'aws_iam_group_policy', 'data.aws_iam_policy_document'],
    check: (stack) => iamActionRule(stack, PRIVILEGE_ESCALATION_ACTIONS, 'privilege escalation'),
  },
  {
    id: 'iam-no-credentials-exposure',
    severity: 'critical',
    checkov: ['CKV_AWS_287', 'CKV_AWS_107'],
    title: 'Identity policies never allow credential-creating actions (iam:CreateAccessKey, sts:GetFederationToken ...) on Resource "*"',
    rationale: 'Long-lived keys minted for arbitrary users leave the platform through CI logs and laptops.',
    fix: 'Drop the action (use OIDC / roles), or scope it to the one user or resource that needs it.',
    resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_iam_user_policy', 'aws_iam_group_policy'],
    check: (stack) => iamActionRule(stack, CREDENTIALS_EXPOSURE_ACTIONS, 'credentials exposure'),
  },
  {
    id: 'iam-no-permissions-management-wildcard',
    severity: 'high',
    checkov: ['CKV_AWS_289', 'CKV_AWS_109'],
    title: 'Identity policies never allow permissions management (policies, grants, ACLs, resource policies) on Resource "*"',
    rationale: 'Changing any resource policy or key grant is resource exposure: data can be opened to anyone.',
    fix: 'Scope the action to the resources the role manages, or add an account/tag condition.',
    resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_iam_user_policy', 'aws_iam_group_policy'],
    check: (stack) => iamActionRule(stack, PERMISSIONS_MANAGEMENT_ACTIONS, 'permissions management'),
  },
  {
    id: 'kms-key-policy-no-wildcard-principal',
    severity: 'critical',
    checkov: ['CKV_AWS_33'],
    title: 'KMS key policies never allow Principal "*" without an account or service condition',
    rationale: 'A key policy is the only gate of a KMS key: Principal "*" lets every AWS account use the key.',
    fix: 'Name the account root, roles or service principals; when "*" is needed, add kms:CallerAccount / kms:ViaService or aws:PrincipalAccount conditions.',
    resourceTypes: ['aws_kms_key', 'aws_kms_key_policy'],
    check: (stack) => policyDocuments(stack).filter((d) => d.kind === 'key').flatMap((d): RuleHit[] =>
      (d.statements ?? []).filter((s) => s.effect === 'Allow' && isPublicPrincipal(s) && !isScoped(s))
        .map((s) => ({ resource: d.resource, message: `${d.attribute}: ${s.sid ? `statement "${s.sid}"` : 'a statement'} allows ${s.actions.join(', ')} to Principal "*" without an account or service condition` }))),
  },

  // --- RDS ------------------------------------------------------------------------------------------
  {
    id: 'rds-auto-minor-version-upgrade',
    severity: 'medium',
    checkov: ['CKV_AWS_226'],
    title: 'RDS instances take minor version upgrades automatically',
    rationale: 'Minor versions carry security fixes and leave standard support after about a year (versions.md §4).',
    fix: 'Leave autoMinorVersionUpgrade at its default (true) on PostgresDatabase; the construct then writes the major version as engine_version so Terraform accepts the upgraded minor.',
    resourceTypes: ['aws_db_instance'],
    check: (stack) => each(stack, ['aws_db_instance'], (r) =>
      (r.body.auto_minor_version_upgrade === undefined || isTrue(r.body.auto_minor_version_upgrade) ? undefined : `auto_minor_version_upgrade is ${show(r.body.auto_minor_version_upgrade)}; must be true`)),
  },
  {
    id: 'rds-iam-authentication',
    severity: 'medium',
    checkov: ['CKV_AWS_161', 'CKV_AWS_162'],
    title: 'RDS instances and clusters accept IAM database authentication',
    rationale: 'Workloads connect with short-lived IAM tokens (rds-db:connect) instead of stored passwords.',
    fix: 'Set iamDatabaseAuthenticationEnabled: true (the PostgresDatabase construct does).',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    check: (stack) => each(stack, ['aws_db_instance', 'aws_rds_cluster'], (r) =>
      (isTrue(r.body.iam_database_authentication_enabled) ? undefined : `iam_database_authentication_enabled is ${show(r.body.iam_database_authentication_enabled)}; must be true`)),
  },
  {
    id: 'rds-copy-tags-to-snapshot',
    severity: 'low',
    checkov: ['CKV2_AWS_60', 'CKV_AWS_313'],
    title: 'RDS instances and clusters copy their tags to snapshots',
    rationale: 'Snapshots without the environment and cost-center tags cannot be attributed or cleaned up.',
    fix: 'Set copyTagsToSnapshot: true.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    check: (stack) => each(stack, ['aws_db_instance', 'aws_rds_cluster'], (r) =>
      (isTrue(r.body.copy_tags_to_snapshot) ? undefined : `copy_tags_to_snapshot is ${show(r.body.copy_tags_to_snapshot)}; must be true`)),
  },
  {
    id: 'rds-enhanced-monitoring',
    severity: 'low',
    checkov: ['CKV_AWS_118'],
    title: 'RDS instances have enhanced monitoring (monitoring_interval > 0 with a monitoring role)',
    rationale: 'OS-level metrics are needed to tell a slow query from a starved instance.',
    fix: 'Set monitoringInterval (1, 5, 10, 15, 30 or 60) and monitoringRoleArn (PostgresDatabase creates the role).',
    resourceTypes: ['aws_db_instance'],
    check: (stack) => each(stack, ['aws_db_instance'], (r) => {
      const interval = Number(r.body.monitoring_interval ?? 0);
      if (!(interval > 0)) return `monitoring_interval is ${show(r.body.monitoring_interval)}; must be 1-60`;
      return r.body.monitoring_role_arn ? undefined : 'monitoring_role_arn is not set';
    }),
  },
  {
    id: 'rds-log-exports',
    severity: 'low',
    checkov: ['CKV_AWS_129'],
    title: 'RDS instances export their engine logs to CloudWatch Logs',
    rationale: 'Connection, error and upgrade logs are the audit trail of a database.',
    fix: 'Set enabledCloudwatchLogsExports (PostgreSQL: ["postgresql", "upgrade"]).',
    resourceTypes: ['aws_db_instance'],
    check: (stack) => each(stack, ['aws_db_instance'], (r) =>
      (Array.isArray(r.body.enabled_cloudwatch_logs_exports) && r.body.enabled_cloudwatch_logs_exports.length > 0 ? undefined : 'enabled_cloudwatch_logs_exports is empty')),
  },
  {
    id: 'rds-performance-insights-kms',
    severity: 'low',
    checkov: ['CKV_AWS_353', 'CKV_AWS_354'],
    title: 'RDS Performance Insights is on and encrypted with a customer-managed key',
    rationale: 'Performance Insights stores query text, which can hold personal data.',
    fix: 'Set performanceInsightsEnabled: true and performanceInsightsKmsKeyId to the database key.',
    resourceTypes: ['aws_db_instance'],
    check: (stack) => each(stack, ['aws_db_instance'], (r) => {
      if (!isTrue(r.body.performance_insights_enabled)) return `performance_insights_enabled is ${show(r.body.performance_insights_enabled)}`;
      return r.body.performance_insights_kms_key_id ? undefined : 'performance_insights_kms_key_id is not set (AWS-managed key)';
    }),
  },

  // --- Customer-managed keys --------------------------------------------------------------------------
  {
    id: 'elasticache-cmk',
    severity: 'medium',
    checkov: ['CKV_AWS_191'],
    title: 'ElastiCache replication groups encrypt at rest with a customer-managed KMS key',
    rationale: 'The AWS-managed key cannot be scoped by key policy or audited per workload.',
    fix: 'Set kmsKeyId on the replication group (RedisCache creates or takes an EncryptionKey).',
    resourceTypes: ['aws_elasticache_replication_group'],
    check: (stack) => each(stack, ['aws_elasticache_replication_group'], (r) => (r.body.kms_key_id ? undefined : 'kms_key_id is not set')),
  },
  {
    id: 'ecr-kms-cmk',
    severity: 'medium',
    checkov: ['CKV_AWS_136'],
    title: 'ECR repositories encrypt images with a customer-managed KMS key',
    rationale: 'Images hold model weights and code; AES256 default encryption is not scoped by a key policy.',
    fix: 'Set encryptionConfiguration [{ encryptionType: "KMS", kmsKey: <EncryptionKey ARN> }] (ContainerRegistry does).',
    resourceTypes: ['aws_ecr_repository'],
    check: (stack) => each(stack, ['aws_ecr_repository'], (r) => {
      const c = asList(r.body.encryption_configuration)[0];
      if (!c || c.encryption_type !== 'KMS') return `encryption_configuration.encryption_type is ${show(c?.encryption_type)}; must be "KMS"`;
      return c.kms_key ? undefined : 'encryption_configuration.kms_key is not set (AWS-managed key)';
    }),
  },
  {
    id: 'efs-cmk',
    severity: 'medium',
    checkov: ['CKV_AWS_184'],
    title: 'EFS file systems encrypt with a customer-managed KMS key',
    rationale: 'The key cannot be changed after creation; the AWS-managed key is not scoped by a key policy.',
    fix: 'Set kmsKeyId on the aws_efs_file_system (EfsFileSystem creates an EncryptionKey).',
    resourceTypes: ['aws_efs_file_system'],
    check: (stack) => each(stack, ['aws_efs_file_system'], (r) => (r.body.kms_key_id ? undefined : 'kms_key_id is not set')),
  },
  {
    id: 'efs-policy-no-anonymous-principal',
    severity: 'high',
    checkov: [],
    title: 'EFS file system policies never allow Principal "*" (a mount-target condition is not an identity)',
    rationale: 'Principal "*" with AccessedViaMountTarget lets any principal, or an anonymous NFS client, that reaches a mount target mount and write.',
    fix: 'Allow the account root (IAM policies of the clients then decide) or named roles, and require IAM authorization when mounting (efs-utils "-o iam", the EFS CSI driver does).',
    resourceTypes: ['aws_efs_file_system_policy'],
    check: (stack) => policyDocuments(stack).filter((d) => d.resource.type === 'aws_efs_file_system_policy').flatMap((d): RuleHit[] =>
      (d.statements ?? []).filter((s) => s.effect === 'Allow' && isPublicPrincipal(s) && !s.conditions.some((c) => /^aws:(PrincipalAccount|PrincipalOrgID|PrincipalArn)$/i.test(c.variable)))
        .map((s) => ({ resource: d.resource, message: `policy statement ${s.sid ? `"${s.sid}" ` : ''}allows ${s.actions.join(', ')} to Principal "*"${s.conditions.length ? ` (conditions: ${s.conditions.map((c) => c.variable).join(', ')} do not identify the caller)` : ''}` }))),
  },

  // --- S3 -------------------------------------------------------------------------------------------
  {
    id: 's3-versioning',
    severity: 'medium',
    checkov: ['CKV_AWS_21'],
    title: 'Every S3 bucket has versioning enabled',
    rationale: 'Versioning is the undo of an overwrite or delete, and a precondition of replication and object lock.',
    fix: 'Add an aws_s3_bucket_versioning with versioningConfiguration.status "Enabled" (SecureBucket does).',
    resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_versioning'],
    check: (stack) => each(stack, ['aws_s3_bucket'], (b) =>
      (attachedTo(stack, 'aws_s3_bucket_versioning', 'bucket', b, 'bucket').some((v) => getPath(v.body, 'versioning_configuration.status') === 'Enabled') ? undefined : 'no aws_s3_bucket_versioning with status Enabled refers to this bucket')),
  },
  {
    id: 's3-access-logging',
    severity: 'low',
    checkov: ['CKV_AWS_18'],
    title: 'Every S3 bucket logs server access, except the access-log target itself',
    rationale: 'Access logs are the record of who read media and data-lake objects.',
    fix: 'Add an aws_s3_bucket_logging pointing at the access-log bucket (SecureBucket accessLogBucket).',
    resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_logging'],
    check: (stack) => each(stack, ['aws_s3_bucket'], (b) => {
      if (attachedTo(stack, 'aws_s3_bucket_logging', 'bucket', b, 'bucket').length > 0) return undefined;
      if (attachedTo(stack, 'aws_s3_bucket_logging', 'target_bucket', b, 'bucket').length > 0) return undefined; // the log target
      return 'no aws_s3_bucket_logging refers to this bucket';
    }),
  },
  {
    id: 's3-cross-region-replication',
    severity: 'medium',
    productionOnly: true,
    checkov: ['CKV_AWS_144'],
    title: 'Production buckets replicate to another region',
    rationale: 'Data that must survive the loss of a region needs a copy outside it (PLATFORM.md, disaster recovery).',
    fix: 'Add an aws_s3_bucket_replication_configuration to a bucket in another region, or suppress with the DR decision.',
    resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_replication_configuration'],
    // The configuration may live in another stack of the environment (the replication layer, after the
    // replica buckets exist): cross-stack references are followed; a replica bucket is itself covered.
    check: (stack, ctx) => each(stack, ['aws_s3_bucket'], (b) => {
      if (attachedTo(stack, 'aws_s3_bucket_replication_configuration', 'bucket', b, 'bucket').length > 0) return undefined;
      const { sources, replicas } = s3ReplicationCoverage(ctx.synth);
      const key = `${stack.name}::${b.address}`;
      return sources.has(key) || replicas.has(key) ? undefined : 'no aws_s3_bucket_replication_configuration replicates this bucket';
    }),
  },
  {
    id: 's3-object-lock',
    severity: 'low',
    productionOnly: true,
    checkov: ['CKV_AWS_143'],
    title: 'Production buckets have object lock enabled',
    rationale: 'Object lock keeps data that must survive a compromised account or a mistaken delete.',
    fix: 'Set objectLockEnabled: true at creation (cannot be added later without AWS support) and a default retention, or suppress with the decision.',
    resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_object_lock_configuration'],
    check: (stack) => each(stack, ['aws_s3_bucket'], (b) => (isTrue(b.body.object_lock_enabled) ? undefined : `object_lock_enabled is ${show(b.body.object_lock_enabled)}`)),
  },

  // --- CloudWatch Logs ------------------------------------------------------------------------------
  {
    id: 'log-group-retention-1-year',
    severity: 'medium',
    productionOnly: true,
    checkov: ['CKV_AWS_338', 'CKV_AWS_66'],
    title: `Production log groups keep logs for at least ${MIN_LOG_RETENTION_DAYS} days`,
    rationale: 'Incident and audit investigations reach back months; staging and dev keep shorter logs by decision (cost).',
    fix: `Set logRetentionDays to ${MIN_LOG_RETENTION_DAYS} or more in the production YAML (network.flowLogRetentionDays, cluster and data logRetentionDays).`,
    resourceTypes: ['aws_cloudwatch_log_group'],
    check: (stack) => each(stack, ['aws_cloudwatch_log_group'], (r) => {
      const days = r.body.retention_in_days;
      if (days === undefined || Number(days) === 0) return undefined; // never expire
      return Number(days) >= MIN_LOG_RETENTION_DAYS ? undefined : `retention_in_days is ${show(days)}; must be >= ${MIN_LOG_RETENTION_DAYS}`;
    }),
  },
  {
    id: 'log-group-kms',
    severity: 'medium',
    checkov: ['CKV_AWS_158'],
    title: 'Log groups are encrypted with a customer-managed KMS key',
    rationale: 'Logs hold request data and identifiers; PLATFORM.md §9 requires KMS at rest.',
    fix: 'Create log groups through EncryptedLogGroup (constructs/core/logs.ts) with the stack\'s logs key.',
    resourceTypes: ['aws_cloudwatch_log_group'],
    check: (stack) => each(stack, ['aws_cloudwatch_log_group'], (r) => (r.body.kms_key_id ? undefined : 'kms_key_id is not set')),
  },

  // --- EC2 / launch templates -----------------------------------------------------------------------
  {
    id: 'ec2-metadata-hop-limit',
    severity: 'medium',
    checkov: ['CKV_AWS_341'],
    title: 'Launch templates and instances keep the IMDSv2 response hop limit at 1',
    rationale: 'A hop limit above 1 lets containers reach the node role credentials; pods use Pod Identity / IRSA instead.',
    fix: 'Set metadataOptions.httpPutResponseHopLimit: 1 (the node-group launch templates do).',
    resourceTypes: ['aws_launch_template', 'aws_instance'],
    check: (stack) => each(stack, ['aws_launch_template', 'aws_instance'], (r) => {
      const hops = getPath(r.body, 'metadata_options.http_put_response_hop_limit');
      return Number(hops) === 1 ? undefined : `metadata_options.http_put_response_hop_limit is ${show(hops)}; must be 1`;
    }),
  },
  {
    id: 'ec2-no-public-ip',
    severity: 'high',
    checkov: ['CKV_AWS_88'],
    title: 'Launch templates and instances never get a public IP address',
    rationale: 'Nodes live in private subnets and reach the internet through NAT (PLATFORM.md §1).',
    fix: 'Remove associatePublicIpAddress (or set it false) on the network interfaces.',
    resourceTypes: ['aws_launch_template', 'aws_instance'],
    check: (stack) => [
      ...each(stack, ['aws_launch_template'], (r) => {
        const pub = asList(r.body.network_interfaces).filter((n) => isTrue(n.associate_public_ip_address));
        return pub.length ? `network_interfaces ${pub.map((n) => String(n.device_index ?? '?')).join(', ')} set associate_public_ip_address = true` : undefined;
      }),
      ...each(stack, ['aws_instance'], (r) => (isTrue(r.body.associate_public_ip_address) ? 'associate_public_ip_address is true' : undefined)),
    ],
  },

  // --- Security groups ------------------------------------------------------------------------------
  {
    id: 'sg-rule-descriptions',
    severity: 'low',
    checkov: ['CKV_AWS_23'],
    title: 'Every security group and security group rule has a description',
    rationale: 'A reviewer must be able to tell why a port is open without reading the code.',
    fix: 'Set description on the group and on every ingress/egress rule.',
    resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
    check: (stack) => [
      ...each(stack, ['aws_security_group'], (r) => {
        const missing: string[] = [];
        if (!r.body.description) missing.push('the group');
        for (const dir of ['ingress', 'egress']) asList(r.body[dir]).forEach((rule, i) => { if (!rule.description) missing.push(`${dir}[${i}]`); });
        return missing.length ? `no description on ${missing.join(', ')}` : undefined;
      }),
      ...each(stack, ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'], (r) => (r.body.description ? undefined : 'description is not set')),
    ],
  },
  {
    id: 'sg-default-restricts-all',
    severity: 'medium',
    checkov: ['CKV2_AWS_12'],
    title: 'The VPC default security group allows no traffic',
    rationale: 'Anything launched without a group lands in the default group; it must be closed.',
    fix: 'Manage the default group with an aws_default_security_group that declares no ingress or egress (the Network construct does).',
    resourceTypes: ['aws_default_security_group'],
    check: (stack) => each(stack, ['aws_default_security_group'], (r) =>
      (asList(r.body.ingress).length + asList(r.body.egress).length > 0 ? 'declares ingress or egress rules; the default group must stay empty' : undefined)),
  },

  // --- EKS / ElastiCache ----------------------------------------------------------------------------
  {
    id: 'eks-node-group-no-remote-access',
    severity: 'high',
    checkov: ['CKV_AWS_100'],
    title: 'EKS node groups allow no SSH remote access',
    rationale: 'Nodes are reached through SSM and kubectl, never SSH keys.',
    fix: 'Remove remoteAccess from the node group.',
    resourceTypes: ['aws_eks_node_group'],
    check: (stack) => each(stack, ['aws_eks_node_group'], (r) => (asList(r.body.remote_access).length ? 'remote_access is set (SSH to the nodes)' : undefined)),
  },
  {
    id: 'elasticache-auth',
    severity: 'high',
    checkov: ['CKV_AWS_31'],
    title: 'ElastiCache replication groups authenticate clients (RBAC user group or AUTH token)',
    rationale: 'TLS without authentication lets any host in the VPC read sessions and features.',
    fix: 'Attach userGroupIds (RedisCache creates an IAM-authenticated user group) or an authToken from Secrets Manager.',
    resourceTypes: ['aws_elasticache_replication_group'],
    check: (stack) => each(stack, ['aws_elasticache_replication_group'], (r) => {
      const groups = r.body.user_group_ids;
      return (Array.isArray(groups) && groups.length > 0) || r.body.auth_token ? undefined : 'neither user_group_ids nor auth_token is set';
    }),
  },
  {
    id: 'ecr-not-public',
    severity: 'critical',
    checkov: ['CKV_AWS_32'],
    title: 'ECR repository policies grant nothing to Principal "*" without a condition',
    rationale: 'A public repository policy publishes the platform\'s images and models.',
    fix: 'Name the accounts or roles that pull, or add an aws:PrincipalOrgID condition.',
    resourceTypes: ['aws_ecr_repository_policy'],
    check: (stack) => policyDocuments(stack).filter((d) => d.resource.type === 'aws_ecr_repository_policy').flatMap((d): RuleHit[] =>
      (d.statements ?? []).filter((s) => s.effect === 'Allow' && isPublicPrincipal(s) && !isScoped(s))
        .map(() => ({ resource: d.resource, message: 'policy allows Principal "*" without an account or organization condition' }))),
  },

  // --- CloudFront / WAF / Route 53 (edge layer) -----------------------------------------------------
  {
    id: 'cloudfront-security-headers',
    severity: 'low',
    checkov: ['CKV2_AWS_32'],
    title: 'CloudFront cache behaviours attach a response headers policy (HSTS and friends)',
    rationale: 'Players and web apps need Strict-Transport-Security and content-type protections from the edge.',
    fix: 'Set responseHeadersPolicyId on every cache behaviour (a managed SecurityHeadersPolicy or an aws_cloudfront_response_headers_policy).',
    resourceTypes: ['aws_cloudfront_distribution'],
    check: (stack) => each(stack, ['aws_cloudfront_distribution'], (r) => {
      const behaviours = [...asList(r.body.default_cache_behavior), ...asList(r.body.ordered_cache_behavior)];
      const missing = behaviours.filter((b) => !b.response_headers_policy_id).map((b) => String(b.path_pattern ?? 'default'));
      return missing.length ? `cache behaviours ${missing.join(', ')} have no response_headers_policy_id` : undefined;
    }),
  },
  {
    id: 'cloudfront-s3-origin-access-control',
    severity: 'high',
    checkov: ['CKV2_AWS_46'],
    title: 'CloudFront reads S3 origins through origin access control',
    rationale: 'Without OAC the bucket would have to be public for the CDN to read it.',
    fix: 'Set originAccessControlId on every S3 origin (an aws_cloudfront_origin_access_control with signing "always").',
    resourceTypes: ['aws_cloudfront_distribution', 'aws_cloudfront_origin_access_control'],
    check: (stack) => each(stack, ['aws_cloudfront_distribution'], (r) => {
      const s3 = asList(r.body.origin).filter((o) => asList(o.custom_origin_config).length === 0 && /\.s3[.-]|s3\.amazonaws\.com|bucket_regional_domain_name/.test(String(o.domain_name)));
      const open = s3.filter((o) => !o.origin_access_control_id && asList(o.s3_origin_config).length === 0);
      return open.length ? `S3 origins ${open.map((o) => show(o.origin_id)).join(', ')} have no origin_access_control_id` : undefined;
    }),
  },
  {
    id: 'waf-known-bad-inputs',
    severity: 'high',
    checkov: ['CKV_AWS_192', 'CKV2_AWS_47'],
    title: 'WAF web ACLs include the AWSManagedRulesKnownBadInputsRuleSet (Log4j and similar exploits)',
    rationale: 'The managed known-bad-inputs rules block Log4Shell (CVE-2021-44228) style payloads at the edge.',
    fix: 'Add a rule with managedRuleGroupStatement { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } and overrideAction none.',
    resourceTypes: ['aws_wafv2_web_acl'],
    check: (stack) => each(stack, ['aws_wafv2_web_acl'], (r) => {
      let found = false;
      walkStrings(r.body.rule, (s, path) => { if (s === 'AWSManagedRulesKnownBadInputsRuleSet' && path.endsWith('name')) found = true; });
      return found ? undefined : 'no rule uses the managed rule group AWSManagedRulesKnownBadInputsRuleSet';
    }),
  },
  {
    id: 'waf-logging',
    severity: 'medium',
    checkov: ['CKV2_AWS_31'],
    title: 'WAF web ACLs have a logging configuration',
    rationale: 'Blocked and counted requests are the evidence of an attack and of false positives.',
    fix: 'Add an aws_wafv2_web_acl_logging_configuration with resourceArn set to the web ACL.',
    resourceTypes: ['aws_wafv2_web_acl', 'aws_wafv2_web_acl_logging_configuration'],
    check: (stack) => each(stack, ['aws_wafv2_web_acl'], (r) =>
      (attachedTo(stack, 'aws_wafv2_web_acl_logging_configuration', 'resource_arn', r).length ? undefined : 'no aws_wafv2_web_acl_logging_configuration refers to this web ACL')),
  },
  {
    id: 'route53-dnssec',
    severity: 'medium',
    checkov: ['CKV2_AWS_38'],
    title: 'Public hosted zones are DNSSEC-signed',
    rationale: 'Signed zones stop spoofed answers sending viewers to another CDN or API.',
    fix: 'Add an aws_route53_key_signing_key (KMS key in us-east-1) and an aws_route53_hosted_zone_dnssec for the zone.',
    resourceTypes: ['aws_route53_zone', 'aws_route53_hosted_zone_dnssec'],
    check: (stack) => publicZones(stack).flatMap((z): RuleHit[] =>
      (attachedTo(stack, 'aws_route53_hosted_zone_dnssec', 'hosted_zone_id', z).length ? [] : [{ resource: z, message: 'no aws_route53_hosted_zone_dnssec refers to this public zone' }])),
  },
  {
    id: 'route53-query-logging',
    severity: 'low',
    checkov: ['CKV2_AWS_39'],
    title: 'Public hosted zones log DNS queries',
    rationale: 'Query logs show resolution failures and abuse of the platform\'s names.',
    fix: 'Add an aws_route53_query_log for the zone (log group in us-east-1).',
    resourceTypes: ['aws_route53_zone', 'aws_route53_query_log'],
    check: (stack) => publicZones(stack).flatMap((z): RuleHit[] =>
      (attachedTo(stack, 'aws_route53_query_log', 'zone_id', z).length ? [] : [{ resource: z, message: 'no aws_route53_query_log refers to this public zone' }])),
  },

  // --- Helm / Kubernetes (platform layer) -----------------------------------------------------------
  {
    id: 'helm-release-pinned',
    severity: 'high',
    checkov: [],
    title: 'Helm releases pin an exact chart version from an https:// or oci:// repository',
    rationale: 'A floating or plain-HTTP chart can change under a deployment (versions.md pins every chart).',
    fix: 'Set version to an exact semantic version (no ranges, no "latest") and repository to an https:// or oci:// URL.',
    resourceTypes: ['helm_release'],
    check: (stack) => each(stack, ['helm_release'], (r) => {
      const problems: string[] = [];
      const version = r.body.version;
      if (typeof version !== 'string' || isExpression(version) || !/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version)) problems.push(`version is ${show(version)} (must be an exact x.y.z)`);
      const repo = r.body.repository;
      const chart = String(r.body.chart ?? '');
      const url = typeof repo === 'string' ? repo : chart.includes('://') ? chart : undefined;
      if (!url || !/^(https|oci):\/\//.test(url)) problems.push(`repository is ${show(repo)} (must be https:// or oci://)`);
      return problems.length ? problems.join('; ') : undefined;
    }),
  },
  {
    id: 'k8s-no-privileged-containers',
    severity: 'critical',
    checkov: ['CKV_K8S_16', 'CKV_K8S_20'],
    title: 'Kubernetes containers are not privileged and cannot escalate privileges',
    rationale: 'A privileged container owns the node and every pod on it.',
    fix: 'Remove securityContext.privileged and set allowPrivilegeEscalation: false.',
    resourceTypes: K8S_WORKLOADS,
    check: (stack) => each(stack, K8S_WORKLOADS, (r) => {
      const bad = podSpecs(r).flatMap(containers).filter((c) => {
        const sc = asList(get(c, 'security_context', 'securityContext'))[0] ?? {};
        return isTrue(sc.privileged) || isTrue(get(sc, 'allow_privilege_escalation', 'allowPrivilegeEscalation'));
      });
      return bad.length ? `containers ${bad.map((c) => show(c.name)).join(', ')} are privileged or allow privilege escalation` : undefined;
    }),
  },
  {
    id: 'k8s-no-host-access',
    severity: 'high',
    checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'],
    title: 'Kubernetes pods use no hostPath volumes, host network, host PID or host IPC',
    rationale: 'Host access breaks the pod boundary: node files, other pods\' traffic and processes.',
    fix: 'Use emptyDir, PersistentVolumeClaims or CSI volumes; drop hostNetwork/hostPID/hostIPC.',
    resourceTypes: K8S_WORKLOADS,
    check: (stack) => each(stack, K8S_WORKLOADS, (r) => {
      const problems: string[] = [];
      for (const spec of podSpecs(r)) {
        for (const [snake, camel] of [['host_network', 'hostNetwork'], ['host_pid', 'hostPID'], ['host_ipc', 'hostIPC']]) if (isTrue(get(spec, snake, camel))) problems.push(`${camel} is true`);
        for (const v of asList(spec.volume ?? spec.volumes)) if (get(v, 'host_path', 'hostPath') !== undefined) problems.push(`volume ${show(v.name)} is a hostPath`);
      }
      return problems.length ? problems.join('; ') : undefined;
    }),
  },
];

/** Every resource type a rule inspects, for the docs. */
export function inspectedTypes(rules: readonly PolicyRule[]): string[] {
  return [...new Set(rules.flatMap((r) => r.resourceTypes))].sort();
}
