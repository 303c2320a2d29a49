/**
 * The policy pack: rules over synthesized Terraform JSON (PLATFORM.md §9, seed 003 §8). Each rule is
 * data (id, severity, one-line rationale, fix hint) plus a check over one stack. Checks read literal
 * values: an attribute the pack cannot verify (a `${...}` expression where a literal is required) is a
 * violation, because "secure by default" must be visible in the output.
 *
 * Adding a rule: append it to POLICY_RULES and add `test/fixtures/policy/violations/<id>.tf.json`
 * (test/policy.test.ts fails for a rule without a violating fixture).
 */
import { asList, getPath, referencedAddresses, resourcesOfType } from '../tfjson';
import { actionMatches, isPublicPrincipal, policyDocuments } from './iam-documents';
import { findSecrets } from './secrets';
import { describeIngress, ingressRules, isHttpsOnly, isLoadBalancerGroup, isWorldOpen, LOAD_BALANCER_TAG } from './security-groups';
import { attachedTo, each, identityStatements, isFalse, isReplica, isTrue, show } from './helpers';
import { PolicyRule, RuleHit } from './types';
import { WELL_KNOWN_RULES } from './well-known-rules';
import { ANALYTICS_RULES } from './analytics-rules';
import { REPLICATION_RULES } from './replication-rules';

/** The five EKS control-plane log types (CKV_AWS_37 wants every one). */
export const EKS_LOG_TYPES: readonly string[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

// ---------------------------------------------------------------------------------------------------
// IAM helpers

/** Concrete data-plane actions that must never be granted on `Resource: "*"`. */
export const DATA_ACTIONS: readonly string[] = [
  's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:RestoreObject',
  'kafka-cluster:ReadData', 'kafka-cluster:WriteData', 'kafka-cluster:Connect', 'kafka-cluster:AlterCluster',
  'kafka-cluster:CreateTopic', 'kafka-cluster:DeleteTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:AlterGroup',
  'rds-db:connect',
  'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan',
  'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem',
  'secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath',
  'kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:ReEncryptFrom',
  'sqs:ReceiveMessage', 'sqs:SendMessage', 'elasticache:Connect', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientMount',
];

// ---------------------------------------------------------------------------------------------------
// Rules

const CORE_RULES: readonly PolicyRule[] = [
  // --- Encryption at rest -------------------------------------------------------------------------
  {
    id: 'rds-encryption-at-rest',
    severity: 'high',
    checkov: ['CKV_AWS_16'],
    title: 'RDS instances and clusters encrypt storage (storage_encrypted = true)',
    rationale: 'Database files, snapshots and replicas hold user data; PLATFORM.md §9 requires KMS encryption at rest everywhere.',
    fix: 'Set storageEncrypted: true and kmsKeyId to a customer-managed key (EncryptionKey) on the database construct.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    check: (stack) => each(stack, ['aws_db_instance', 'aws_rds_cluster'], (r) => {
      if (isTrue(r.body.storage_encrypted)) return undefined;
      if (isReplica(r) && r.body.kms_key_id !== undefined) return undefined; // cross-region replica: kms_key_id decides
      return `storage_encrypted is ${show(r.body.storage_encrypted)}; must be true`;
    }),
  },
  {
    id: 'msk-encryption-at-rest-cmk',
    severity: 'medium',
    checkov: [],
    title: 'MSK clusters encrypt broker storage with a customer-managed KMS key',
    rationale: 'Without encryption_at_rest_kms_key_arn MSK uses an AWS-managed key nobody can scope or audit with key policies.',
    fix: 'Set encryptionInfo.encryptionAtRestKmsKeyArn to an EncryptionKey ARN on the MSK cluster.',
    resourceTypes: ['aws_msk_cluster'],
    check: (stack) => each(stack, ['aws_msk_cluster'], (r) => {
      const arn = getPath(r.body, 'encryption_info.encryption_at_rest_kms_key_arn');
      return arn ? undefined : 'encryption_info.encryption_at_rest_kms_key_arn is not set';
    }),
  },
  {
    id: 'elasticache-encryption-at-rest',
    severity: 'high',
    checkov: ['CKV_AWS_29'],
    title: 'ElastiCache replication groups encrypt at rest',
    rationale: 'Cache snapshots and swap hold session and feature data; encryption at rest is off unless requested.',
    fix: 'Set atRestEncryptionEnabled: true and kmsKeyId on the replication group.',
    resourceTypes: ['aws_elasticache_replication_group'],
    check: (stack) => each(stack, ['aws_elasticache_replication_group'], (r) =>
      (isTrue(r.body.at_rest_encryption_enabled) ? undefined : `at_rest_encryption_enabled is ${show(r.body.at_rest_encryption_enabled)}; must be true`)),
  },
  {
    id: 's3-encryption-kms',
    severity: 'medium',
    checkov: ['CKV_AWS_145', 'CKV_AWS_19'],
    title: 'Every S3 bucket has a default SSE-KMS encryption configuration',
    rationale: 'S3 encrypts with S3-managed keys by default; the platform requires KMS keys it controls (PLATFORM.md §9).',
    fix: 'Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with sse_algorithm "aws:kms" and a customer-managed key (server-access-log targets keep AES256).',
    resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_logging'],
    check: (stack) => each(stack, ['aws_s3_bucket'], (bucket) => {
      const configs = attachedTo(stack, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket, 'bucket');
      if (configs.length === 0) return 'no aws_s3_bucket_server_side_encryption_configuration refers to this bucket';
      const algorithms = configs.flatMap((c) => asList(c.body.rule).map((rule) => getPath(rule, 'apply_server_side_encryption_by_default.sse_algorithm')));
      if (algorithms.some((a) => a === 'aws:kms' || a === 'aws:kms:dsse')) return undefined;
      // S3 delivers server access logs only into SSE-S3 buckets: a log target may (must) use AES256.
      const logTarget = attachedTo(stack, 'aws_s3_bucket_logging', 'target_bucket', bucket, 'bucket').length > 0;
      if (logTarget && algorithms.includes('AES256')) return undefined;
      return `default encryption uses ${algorithms.map(show).join(', ')}; must be aws:kms${logTarget ? '' : ' (AES256 is accepted only on a server-access-log target bucket)'}`;
    }),
  },
  {
    id: 'efs-encryption-at-rest',
    severity: 'high',
    checkov: ['CKV_AWS_42'],
    title: 'EFS file systems are encrypted',
    rationale: 'Live segments on EFS are content under license; encryption at rest cannot be added after creation.',
    fix: 'Set encrypted: true and kmsKeyId on the aws_efs_file_system.',
    resourceTypes: ['aws_efs_file_system'],
    check: (stack) => each(stack, ['aws_efs_file_system'], (r) =>
      (isTrue(r.body.encrypted) ? undefined : `encrypted is ${show(r.body.encrypted)}; must be true`)),
  },
  {
    id: 'ebs-encryption',
    severity: 'high',
    checkov: ['CKV_AWS_8', 'CKV_AWS_3'],
    title: 'EBS volumes of launch templates, instances and node groups are encrypted',
    rationale: 'Node root volumes hold container images, logs and emptyDir data; encryption depends on the template, not the account default.',
    fix: 'Declare blockDeviceMappings with ebs.encrypted "true" (and a KMS key) in the launch template; node groups must use a launch template.',
    resourceTypes: ['aws_launch_template', 'aws_instance', 'aws_ebs_volume', 'aws_eks_node_group'],
    check: (stack) => [
      ...each(stack, ['aws_launch_template'], (r) => {
        const mappings = asList(r.body.block_device_mappings).filter((m) => m.ebs !== undefined);
        if (mappings.length === 0) return 'declares no block_device_mappings with ebs, so the root volume encryption is left to the AMI/account default';
        const plain = mappings.filter((m) => !isTrue(getPath(m, 'ebs.encrypted')));
        return plain.length === 0 ? undefined : `block_device_mappings ${plain.map((m) => String(m.device_name ?? '?')).join(', ')} have ebs.encrypted ${plain.map((m) => show(getPath(m, 'ebs.encrypted'))).join(', ')}; must be "true"`;
      }),
      ...each(stack, ['aws_instance'], (r) => {
        const volumes = [...asList(r.body.root_block_device), ...asList(r.body.ebs_block_device)];
        return volumes.length > 0 && volumes.every((v) => isTrue(v.encrypted)) ? undefined : 'root_block_device/ebs_block_device must all set encrypted = true';
      }),
      ...each(stack, ['aws_ebs_volume'], (r) => (isTrue(r.body.encrypted) ? undefined : `encrypted is ${show(r.body.encrypted)}; must be true`)),
      ...each(stack, ['aws_eks_node_group'], (r) => (r.body.launch_template === undefined
        ? 'has no launch_template, so its disks use the EKS default (unencrypted unless the account enforces EBS encryption)' : undefined)),
    ],
  },
  {
    id: 'eks-secrets-encryption',
    severity: 'high',
    checkov: ['CKV_AWS_58'],
    title: 'EKS clusters envelope-encrypt Kubernetes secrets with KMS',
    rationale: 'Secrets in etcd are only base64 without envelope encryption (PLATFORM.md §2).',
    fix: 'Set encryptionConfig { resources: ["secrets"], provider: { keyArn } } on the EKS cluster.',
    resourceTypes: ['aws_eks_cluster'],
    check: (stack) => each(stack, ['aws_eks_cluster'], (r) => {
      const configs = asList(r.body.encryption_config);
      const ok = configs.some((c) => (Array.isArray(c.resources) ? c.resources : [c.resources]).includes('secrets') && !!getPath(c, 'provider.key_arn'));
      return ok ? undefined : 'encryption_config with resources ["secrets"] and provider.key_arn is missing';
    }),
  },

  // --- Encryption in transit ----------------------------------------------------------------------
  {
    id: 'msk-encryption-in-transit',
    severity: 'high',
    checkov: ['CKV_AWS_81'],
    title: 'MSK uses TLS between clients and brokers and inside the cluster',
    rationale: 'Kafka events carry user activity; seed 003 §4 and PLATFORM.md §3 require TLS in transit.',
    fix: 'Set encryptionInfo.encryptionInTransit { clientBroker: "TLS", inCluster: true } (or leave both at their TLS defaults).',
    resourceTypes: ['aws_msk_cluster'],
    check: (stack) => each(stack, ['aws_msk_cluster'], (r) => {
      const clientBroker = getPath(r.body, 'encryption_info.encryption_in_transit.client_broker');
      const inCluster = getPath(r.body, 'encryption_info.encryption_in_transit.in_cluster');
      const problems: string[] = [];
      if (clientBroker !== undefined && clientBroker !== 'TLS') problems.push(`client_broker is ${show(clientBroker)} (must be "TLS")`);
      if (inCluster !== undefined && !isTrue(inCluster)) problems.push(`in_cluster is ${show(inCluster)} (must be true)`);
      return problems.length ? `encryption_info.encryption_in_transit: ${problems.join('; ')}` : undefined;
    }),
  },
  {
    id: 'elasticache-encryption-in-transit',
    severity: 'high',
    checkov: ['CKV_AWS_30'],
    title: 'ElastiCache replication groups require TLS',
    rationale: 'Redis traffic carries sessions and features; transit encryption is off unless requested (PLATFORM.md §3).',
    fix: 'Set transitEncryptionEnabled: true (with transitEncryptionMode "required") on the replication group.',
    resourceTypes: ['aws_elasticache_replication_group'],
    check: (stack) => each(stack, ['aws_elasticache_replication_group'], (r) => {
      if (!isTrue(r.body.transit_encryption_enabled)) return `transit_encryption_enabled is ${show(r.body.transit_encryption_enabled)}; must be true`;
      if (r.body.transit_encryption_mode === 'preferred') return 'transit_encryption_mode is "preferred", which still admits plaintext clients; use "required"';
      return undefined;
    }),
  },
  {
    id: 'rds-force-ssl',
    severity: 'high',
    checkov: ['CKV2_AWS_69'],
    title: 'RDS PostgreSQL/MySQL instances refuse unencrypted connections',
    rationale: 'Without rds.force_ssl (PostgreSQL) or require_secure_transport (MySQL) clients may connect in plaintext.',
    fix: 'Attach an aws_db_parameter_group that sets rds.force_ssl = 1 (PostgreSQL; the default from major version 15) or require_secure_transport = ON (MySQL), and never 0/OFF.',
    resourceTypes: ['aws_db_instance', 'aws_db_parameter_group'],
    check: (stack) => each(stack, ['aws_db_instance'], (r) => {
      const engine = String(r.body.engine ?? (isReplica(r) ? 'postgres' : ''));
      const isPostgres = engine.startsWith('postgres');
      const isMysql = engine === 'mysql' || engine === 'mariadb';
      if (!isPostgres && !isMysql) return undefined;
      const [name, on] = isPostgres ? ['rds.force_ssl', ['1', 'true', 'on']] : ['require_secure_transport', ['on', '1', 'true']];
      const groupRef = r.body.parameter_group_name;
      const group = resourcesOfType(stack, 'aws_db_parameter_group').find((g) =>
        referencedAddresses(groupRef).includes(g.address) || (groupRef !== undefined && g.body.name === groupRef));
      const param = group ? asList(group.body.parameter).find((p) => p.name === name) : undefined;
      if (param) return on.includes(String(param.value).toLowerCase()) ? undefined : `parameter group ${group!.address} sets ${name} = ${show(param.value)}; must be ${on[0]}`;
      const major = Number(String(r.body.engine_version ?? '').split('.')[0]);
      if (isPostgres && major >= 15) return undefined; // RDS default parameter group for PostgreSQL >= 15 has rds.force_ssl = 1
      if (groupRef !== undefined && !group) return `parameter group ${show(groupRef)} is not in this stack, so ${name} cannot be verified`;
      return `no parameter group sets ${name} (engine ${engine} ${show(r.body.engine_version)} defaults to allowing plaintext)`;
    }),
  },
  {
    id: 's3-tls-only',
    severity: 'high',
    checkov: [],
    title: 'Every S3 bucket policy denies requests without TLS',
    rationale: 'S3 accepts plain HTTP unless the bucket policy denies aws:SecureTransport = false.',
    fix: 'Add an aws_s3_bucket_policy with a Deny statement for "s3:*" on the bucket and its objects when Bool aws:SecureTransport is "false".',
    resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_policy'],
    check: (stack) => {
      const docs = policyDocuments(stack).filter((d) => d.resource.type === 'aws_s3_bucket_policy');
      return each(stack, ['aws_s3_bucket'], (bucket) => {
        const policies = attachedTo(stack, 'aws_s3_bucket_policy', 'bucket', bucket, 'bucket');
        if (policies.length === 0) return 'no aws_s3_bucket_policy refers to this bucket, so plain-HTTP requests are allowed';
        const statements = docs.filter((d) => policies.includes(d.resource)).flatMap((d) => d.statements ?? []);
        const denies = statements.some((s) => s.effect === 'Deny' && s.conditions.some((c) =>
          c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.map((v) => v.toLowerCase()).includes('false')));
        return denies ? undefined : `bucket policy ${policies.map((p) => p.address).join(', ')} has no Deny on Bool aws:SecureTransport = "false"`;
      });
    },
  },
  {
    id: 'cloudfront-tls',
    severity: 'high',
    checkov: ['CKV_AWS_34', 'CKV_AWS_174'],
    title: 'CloudFront serves viewers HTTPS only with TLS >= 1.2 and reaches custom origins over HTTPS',
    rationale: 'Playback tokens and manifests travel over the CDN; PLATFORM.md §4 asks for modern TLS.',
    fix: 'Use viewerProtocolPolicy "redirect-to-https" or "https-only" on every cache behaviour, an ACM certificate with minimumProtocolVersion "TLSv1.2_2021", and originProtocolPolicy "https-only".',
    resourceTypes: ['aws_cloudfront_distribution'],
    check: (stack) => each(stack, ['aws_cloudfront_distribution'], (r) => {
      const problems: string[] = [];
      const behaviours = [...asList(r.body.default_cache_behavior), ...asList(r.body.ordered_cache_behavior)];
      for (const b of behaviours) {
        if (!['redirect-to-https', 'https-only'].includes(String(b.viewer_protocol_policy))) {
          problems.push(`cache behaviour ${show(b.path_pattern ?? 'default')} has viewer_protocol_policy ${show(b.viewer_protocol_policy)}`);
        }
      }
      const cert = asList(r.body.viewer_certificate)[0] ?? {};
      if (isTrue(cert.cloudfront_default_certificate)) problems.push('uses the default *.cloudfront.net certificate, which allows TLS 1.0');
      else if (!['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'].includes(String(cert.minimum_protocol_version))) {
        problems.push(`viewer_certificate.minimum_protocol_version is ${show(cert.minimum_protocol_version)} (must be TLSv1.2_2021 or newer)`);
      }
      for (const o of asList(r.body.origin)) {
        const custom = asList(o.custom_origin_config)[0];
        if (custom && custom.origin_protocol_policy !== 'https-only') problems.push(`origin ${show(o.origin_id)} has origin_protocol_policy ${show(custom.origin_protocol_policy)}`);
      }
      return problems.length ? problems.join('; ') : undefined;
    }),
  },

  // --- Nothing public -----------------------------------------------------------------------------
  {
    id: 'rds-not-public',
    severity: 'critical',
    checkov: ['CKV_AWS_17'],
    title: 'RDS instances are not publicly accessible',
    rationale: 'Databases live in isolated subnets; a public endpoint exposes them to the internet (PLATFORM.md §9).',
    fix: 'Set publiclyAccessible: false (the default) and place the instance in the isolated subnets.',
    resourceTypes: ['aws_db_instance'],
    check: (stack) => each(stack, ['aws_db_instance'], (r) => (isTrue(r.body.publicly_accessible) ? 'publicly_accessible is true' : undefined)),
  },
  {
    id: 'msk-not-public',
    severity: 'critical',
    checkov: ['CKV_AWS_291'],
    title: 'MSK brokers have no public access and require authentication',
    rationale: 'Public brokers or unauthenticated clients would let anyone read or write the event streams.',
    fix: 'Leave connectivityInfo.publicAccess.type "DISABLED" and set clientAuthentication { sasl: { iam: true }, unauthenticated: false }.',
    resourceTypes: ['aws_msk_cluster'],
    check: (stack) => each(stack, ['aws_msk_cluster'], (r) => {
      const problems: string[] = [];
      const access = getPath(r.body, 'broker_node_group_info.connectivity_info.public_access.type');
      if (access !== undefined && access !== 'DISABLED') problems.push(`connectivity_info.public_access.type is ${show(access)}`);
      const auth = asList(r.body.client_authentication)[0];
      if (!auth) problems.push('client_authentication is not set, so unauthenticated clients are allowed');
      else {
        if (isTrue(auth.unauthenticated)) problems.push('client_authentication.unauthenticated is true');
        const methods = [isTrue(getPath(auth, 'sasl.iam')), isTrue(getPath(auth, 'sasl.scram')), auth.tls !== undefined];
        if (!methods.some(Boolean)) problems.push('client_authentication enables neither sasl.iam, sasl.scram nor tls');
      }
      return problems.length ? problems.join('; ') : undefined;
    }),
  },
  {
    id: 'data-store-no-public-ingress',
    severity: 'critical',
    checkov: [],
    title: 'Security groups of databases, caches, brokers and file systems admit no internet traffic',
    rationale: 'RDS, ElastiCache, MSK and EFS must only be reachable from inside the VPC, on any port.',
    fix: 'Attach a dedicated security group whose ingress names the client security groups or the VPC CIDR, never 0.0.0.0/0 or ::/0.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_elasticache_replication_group', 'aws_elasticache_cluster', 'aws_msk_cluster', 'aws_efs_mount_target'],
    check: (stack) => {
      const attrs: Record<string, string> = {
        aws_db_instance: 'vpc_security_group_ids', aws_rds_cluster: 'vpc_security_group_ids',
        aws_elasticache_replication_group: 'security_group_ids', aws_elasticache_cluster: 'security_group_ids',
        aws_msk_cluster: 'broker_node_group_info.security_groups', aws_efs_mount_target: 'security_groups',
      };
      const world = ingressRules(stack).filter(isWorldOpen);
      return each(stack, Object.keys(attrs), (r) => {
        const groups = referencedAddresses(getPath(r.body, attrs[r.type]));
        if (isReplica(r) && groups.length === 0) return undefined;
        if (groups.length === 0) return `${attrs[r.type]} names no security group of this stack, so the default group applies and nothing can be verified`;
        const open = world.filter((w) => w.groupAddress && groups.includes(w.groupAddress));
        return open.length ? `attached group ${open.map((w) => `${w.groupAddress} allows ${describeIngress(w)}`).join('; ')}` : undefined;
      });
    },
  },
  {
    id: 's3-block-public-access',
    severity: 'critical',
    checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV_AWS_20'],
    title: 'Every S3 bucket blocks public access and grants nothing to everyone',
    rationale: 'Media, data-lake and model buckets are private; CloudFront reads the origin through origin access control.',
    fix: 'Add an aws_s3_bucket_public_access_block with all four flags true; never use public ACLs or an Allow for Principal "*" without a condition.',
    resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_public_access_block', 'aws_s3_bucket_acl', 'aws_s3_bucket_policy'],
    check: (stack) => {
      const hits = each(stack, ['aws_s3_bucket'], (bucket) => {
        const blocks = attachedTo(stack, 'aws_s3_bucket_public_access_block', 'bucket', bucket, 'bucket');
        if (blocks.length === 0) return 'no aws_s3_bucket_public_access_block refers to this bucket';
        const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
        const off = flags.filter((f) => !blocks.some((b) => isTrue(b.body[f])));
        return off.length ? `public access block leaves ${off.join(', ')} not true` : undefined;
      });
      hits.push(...each(stack, ['aws_s3_bucket_acl'], (r) =>
        (['public-read', 'public-read-write', 'authenticated-read'].includes(String(r.body.acl)) ? `acl is ${show(r.body.acl)}` : undefined)));
      for (const doc of policyDocuments(stack).filter((d) => d.resource.type === 'aws_s3_bucket_policy')) {
        const open = (doc.statements ?? []).filter((s) => s.effect === 'Allow' && isPublicPrincipal(s) && s.conditions.length === 0);
        if (open.length) hits.push({ resource: doc.resource, message: `policy allows ${open.map((s) => s.actions.join(',')).join('; ')} to Principal "*" without a condition` });
      }
      return hits;
    },
  },
  {
    id: 'eks-private-endpoint',
    severity: 'high',
    checkov: ['CKV_AWS_39', 'CKV_AWS_38'],
    title: 'EKS API endpoints are private',
    rationale: 'PLATFORM.md §2 asks for a private API endpoint; the AWS default is public.',
    fix: 'Set vpcConfig { endpointPrivateAccess: true, endpointPublicAccess: false } on the EKS cluster.',
    resourceTypes: ['aws_eks_cluster'],
    check: (stack) => each(stack, ['aws_eks_cluster'], (r) => {
      const pub = getPath(r.body, 'vpc_config.endpoint_public_access');
      const priv = getPath(r.body, 'vpc_config.endpoint_private_access');
      const problems: string[] = [];
      if (!isFalse(pub)) problems.push(`vpc_config.endpoint_public_access is ${show(pub)} (the default is public; must be false)`);
      if (!isTrue(priv)) problems.push(`vpc_config.endpoint_private_access is ${show(priv)} (must be true)`);
      return problems.length ? problems.join('; ') : undefined;
    }),
  },
  {
    id: 'sg-no-world-ingress',
    severity: 'critical',
    checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'],
    title: `No security group admits 0.0.0.0/0 or ::/0, except TCP 443 on a group tagged ${LOAD_BALANCER_TAG.key}=${LOAD_BALANCER_TAG.value}`,
    rationale: 'Only internet-facing load balancers take traffic from the internet, and only HTTPS.',
    fix: `Narrow the source to a security group or the VPC CIDR; for an internet-facing load balancer allow only TCP 443 and tag its group ${LOAD_BALANCER_TAG.key} = "${LOAD_BALANCER_TAG.value}".`,
    resourceTypes: ['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_security_group_rule'],
    check: (stack) => ingressRules(stack).filter(isWorldOpen).flatMap((rule): RuleHit[] => {
      if (isHttpsOnly(rule) && isLoadBalancerGroup(rule.group)) return [];
      const why = !isHttpsOnly(rule) ? 'only TCP 443 may be open to the internet'
        : !rule.group ? `the group ${rule.groupAddress ?? '(unknown)'} is not in this stack, so its ${LOAD_BALANCER_TAG.key} tag cannot be checked`
          : `the group is not tagged ${LOAD_BALANCER_TAG.key} = "${LOAD_BALANCER_TAG.value}"`;
      return [{ resource: rule.declaredBy, message: `ingress ${describeIngress(rule)}${rule.group && rule.group !== rule.declaredBy ? ` on ${rule.group.address}` : ''}: ${why}` }];
    }),
  },

  // --- Instances ------------------------------------------------------------------------------------
  {
    id: 'ec2-imdsv2',
    severity: 'high',
    checkov: ['CKV_AWS_79'],
    title: 'Launch templates and instances require IMDSv2 (http_tokens = "required")',
    rationale: 'IMDSv1 lets SSRF in any pod steal the node role credentials.',
    fix: 'Set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 2 } on the launch template.',
    resourceTypes: ['aws_launch_template', 'aws_instance'],
    check: (stack) => each(stack, ['aws_launch_template', 'aws_instance'], (r) => {
      const tokens = getPath(r.body, 'metadata_options.http_tokens');
      return tokens === 'required' ? undefined : `metadata_options.http_tokens is ${show(tokens)}; must be "required"`;
    }),
  },

  // --- KMS ----------------------------------------------------------------------------------------
  {
    id: 'kms-key-rotation',
    severity: 'medium',
    checkov: ['CKV_AWS_7'],
    title: 'Symmetric KMS keys rotate automatically',
    rationale: 'Yearly rotation limits how much data one key version protects (constructs/core/kms.ts EncryptionKey does this).',
    fix: 'Create keys through EncryptionKey, or set enableKeyRotation: true.',
    resourceTypes: ['aws_kms_key'],
    check: (stack) => each(stack, ['aws_kms_key'], (r) => {
      const spec = r.body.customer_master_key_spec ?? r.body.key_spec;
      if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return undefined; // asymmetric and HMAC keys cannot rotate
      return isTrue(r.body.enable_key_rotation) ? undefined : `enable_key_rotation is ${show(r.body.enable_key_rotation)}; must be true`;
    }),
  },

  // --- Production: deletion protection and backups --------------------------------------------------
  {
    id: 'rds-deletion-protection',
    severity: 'high',
    checkov: ['CKV_AWS_293'],
    productionOnly: true,
    title: 'Production databases have deletion protection and keep a final snapshot',
    rationale: 'A mistaken destroy must not lose production data (PLATFORM.md environments table).',
    fix: 'Keep deletionProtection: true in the environment YAML (schema default) so the construct sets deletion_protection and skip_final_snapshot = false.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    check: (stack) => each(stack, ['aws_db_instance', 'aws_rds_cluster'], (r) => {
      const problems: string[] = [];
      if (!isTrue(r.body.deletion_protection)) problems.push(`deletion_protection is ${show(r.body.deletion_protection)}`);
      if (isTrue(r.body.skip_final_snapshot) && !isReplica(r)) problems.push('skip_final_snapshot is true');
      return problems.length ? problems.join('; ') : undefined;
    }),
  },
  {
    id: 'rds-backups',
    severity: 'high',
    checkov: ['CKV_AWS_133'],
    productionOnly: true,
    title: 'Production databases keep automated backups for at least 7 days',
    rationale: 'Point-in-time recovery is required in production (PLATFORM.md §3).',
    fix: 'Set backupRetentionPeriod to 7 or more (up to 35) on the primary instance.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    check: (stack) => each(stack, ['aws_db_instance', 'aws_rds_cluster'], (r) => {
      if (isReplica(r)) return undefined; // backups are taken on the primary
      const days = Number(r.body.backup_retention_period ?? 0);
      return days >= 7 ? undefined : `backup_retention_period is ${show(r.body.backup_retention_period)}; must be >= 7`;
    }),
  },
  {
    id: 'rds-multi-az',
    severity: 'medium',
    checkov: ['CKV_AWS_157'],
    productionOnly: true,
    title: 'Production database instances are Multi-AZ',
    rationale: 'An AZ failure must not take a production database down (PLATFORM.md §3).',
    fix: 'Set multiAz: true on the primary instance.',
    resourceTypes: ['aws_db_instance'],
    check: (stack) => each(stack, ['aws_db_instance'], (r) =>
      (isReplica(r) || isTrue(r.body.multi_az) ? undefined : `multi_az is ${show(r.body.multi_az)}; must be true`)),
  },
  {
    id: 'elasticache-backups',
    severity: 'medium',
    checkov: ['CKV_AWS_134'],
    productionOnly: true,
    title: 'Production replication groups take daily snapshots',
    rationale: 'The online feature store and session data are rebuilt from a snapshot after a failure.',
    fix: 'Set snapshotRetentionLimit to 1 or more on the replication group.',
    resourceTypes: ['aws_elasticache_replication_group'],
    // A Global Datastore secondary holds the primary's data; the primary's snapshots cover it.
    check: (stack) => each(stack, ['aws_elasticache_replication_group'], (r) =>
      (r.body.global_replication_group_id !== undefined || Number(r.body.snapshot_retention_limit ?? 0) >= 1 ? undefined : `snapshot_retention_limit is ${show(r.body.snapshot_retention_limit)}; must be >= 1`)),
  },
  {
    id: 's3-no-force-destroy',
    severity: 'high',
    checkov: [],
    productionOnly: true,
    title: 'Production buckets cannot be destroyed with their objects',
    rationale: 'force_destroy deletes every object on destroy; production media and data must survive a mistaken destroy.',
    fix: 'Leave forceDestroy false in production (follow the environment\'s deletionProtection).',
    resourceTypes: ['aws_s3_bucket'],
    check: (stack) => each(stack, ['aws_s3_bucket'], (r) => (isTrue(r.body.force_destroy) ? 'force_destroy is true' : undefined)),
  },
  {
    id: 'efs-backups',
    severity: 'medium',
    checkov: ['CKV2_AWS_18'],
    productionOnly: true,
    title: 'Production EFS file systems have AWS Backup enabled',
    rationale: 'EFS has no deletion protection; automatic backups are the recovery path.',
    fix: 'Add an aws_efs_backup_policy for the file system with backupPolicy.status "ENABLED".',
    resourceTypes: ['aws_efs_file_system', 'aws_efs_backup_policy'],
    check: (stack) => each(stack, ['aws_efs_file_system'], (fs) => {
      const policies = attachedTo(stack, 'aws_efs_backup_policy', 'file_system_id', fs);
      return policies.some((p) => getPath(p.body, 'backup_policy.status') === 'ENABLED') ? undefined : 'no aws_efs_backup_policy with status ENABLED refers to this file system';
    }),
  },

  // --- Logging --------------------------------------------------------------------------------------
  {
    id: 'eks-control-plane-logging',
    severity: 'medium',
    checkov: ['CKV_AWS_37'],
    title: 'EKS clusters send all five control-plane log types to CloudWatch (api, audit, authenticator, controllerManager, scheduler)',
    rationale: 'Audit logs are the record of who changed what in the cluster (seed 003 §8); scheduler and controller logs explain outages.',
    fix: 'Set enabledClusterLogTypes to ["api", "audit", "authenticator", "controllerManager", "scheduler"] (the EksCluster construct does).',
    resourceTypes: ['aws_eks_cluster'],
    check: (stack) => each(stack, ['aws_eks_cluster'], (r) => {
      const enabled = Array.isArray(r.body.enabled_cluster_log_types) ? r.body.enabled_cluster_log_types.map(String) : [];
      const missing = EKS_LOG_TYPES.filter((t) => !enabled.includes(t));
      return missing.length ? `enabled_cluster_log_types lacks ${missing.join(', ')}` : undefined;
    }),
  },
  {
    id: 'msk-broker-logging',
    severity: 'medium',
    checkov: ['CKV_AWS_80'],
    title: 'MSK clusters deliver broker logs',
    rationale: 'Broker logs are needed to investigate authentication failures and outages.',
    fix: 'Set loggingInfo.brokerLogs.cloudwatchLogs { enabled: true, logGroup } (or firehose/s3).',
    resourceTypes: ['aws_msk_cluster'],
    check: (stack) => each(stack, ['aws_msk_cluster'], (r) => {
      const logs = getPath(r.body, 'logging_info.broker_logs');
      const on = ['cloudwatch_logs', 'firehose', 's3'].some((k) => isTrue(getPath(logs, `${k}.enabled`)));
      return on ? undefined : 'logging_info.broker_logs enables no destination';
    }),
  },
  {
    id: 'cloudfront-logging',
    severity: 'medium',
    checkov: ['CKV_AWS_86'],
    title: 'CloudFront distributions write access logs',
    rationale: 'Access logs are the audit trail of the CDN and feed QoE analytics.',
    fix: 'Set loggingConfig on the distribution, or add a CloudWatch log delivery source (aws_cloudwatch_log_delivery_source) for it.',
    resourceTypes: ['aws_cloudfront_distribution', 'aws_cloudwatch_log_delivery_source'],
    check: (stack) => each(stack, ['aws_cloudfront_distribution'], (r) => {
      if (asList(r.body.logging_config).length > 0) return undefined;
      const v2 = attachedTo(stack, 'aws_cloudwatch_log_delivery_source', 'resource_arn', r);
      return v2.length ? undefined : 'has no logging_config and no aws_cloudwatch_log_delivery_source refers to it';
    }),
  },
  {
    id: 'vpc-flow-logs',
    severity: 'medium',
    checkov: ['CKV2_AWS_11'],
    title: 'Every VPC has a flow log',
    rationale: 'Flow logs are the network audit trail (PLATFORM.md §1).',
    fix: 'Create the VPC through the Network construct (it adds an encrypted flow log) or add an aws_flow_log with vpc_id set to it.',
    resourceTypes: ['aws_vpc', 'aws_flow_log'],
    check: (stack) => each(stack, ['aws_vpc'], (vpc) =>
      (attachedTo(stack, 'aws_flow_log', 'vpc_id', vpc).length > 0 ? undefined : 'no aws_flow_log refers to this VPC')),
  },
  {
    id: 'cloudfront-waf',
    severity: 'high',
    checkov: ['CKV_AWS_68'],
    title: 'CloudFront distributions are protected by a WAF web ACL',
    rationale: 'WAF at the edge filters abusive traffic before it reaches the origin (PLATFORM.md §4, §9).',
    fix: 'Set webAclId to the ARN of a CLOUDFRONT-scope aws_wafv2_web_acl.',
    resourceTypes: ['aws_cloudfront_distribution'],
    check: (stack) => each(stack, ['aws_cloudfront_distribution'], (r) => (r.body.web_acl_id ? undefined : 'web_acl_id is not set')),
  },
  {
    id: 'cloudfront-token-not-in-cache-key',
    severity: 'high',
    title: 'No CloudFront cache policy keys on the Common Access Token',
    checkov: [],
    rationale: 'A per-session token in the cache key makes every viewer miss the cache and can serve one viewer\'s object to a token replay (docs/edge.md).',
    fix: 'Leave the token query parameter (default cat) and the CTA-Common-Access-Token header out of query_strings_config and headers_config; the edge function strips them.',
    resourceTypes: ['aws_cloudfront_cache_policy'],
    check: (stack) => each(stack, ['aws_cloudfront_cache_policy'], (r) => {
      const params = r.body.parameters_in_cache_key_and_forwarded_to_origin;
      const qs = getPath(params, 'query_strings_config');
      const headers = getPath(params, 'headers_config');
      if (getPath(qs, 'query_string_behavior') === 'all') return 'query_string_behavior "all" puts the token query parameter in the cache key';
      const listed = (cfg: unknown, key: string) => {
        const items = getPath(cfg, `${key}.items`);
        return (Array.isArray(items) ? items : []).map((v) => String(v).toLowerCase());
      };
      const hit = [...listed(qs, 'query_strings'), ...listed(headers, 'headers')].find((n) => ['cat', 'cta-common-access-token'].includes(n));
      return hit && getPath(qs, 'query_string_behavior') !== 'allExcept' ? `'${hit}' (the Common Access Token) is in the cache key` : undefined;
    }),
  },

  // --- ECR ------------------------------------------------------------------------------------------
  {
    id: 'ecr-immutable-tags',
    severity: 'medium',
    checkov: ['CKV_AWS_51'],
    title: 'ECR repositories have immutable tags',
    rationale: 'Images are deployed by git-SHA tag (seed 003 §10); a mutable tag could be overwritten under a running deployment.',
    fix: 'Set imageTagMutability: "IMMUTABLE".',
    resourceTypes: ['aws_ecr_repository'],
    check: (stack) => each(stack, ['aws_ecr_repository'], (r) =>
      (['IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION'].includes(String(r.body.image_tag_mutability)) ? undefined : `image_tag_mutability is ${show(r.body.image_tag_mutability)} (the default is MUTABLE)`)),
  },
  {
    id: 'ecr-scan-on-push',
    severity: 'medium',
    checkov: ['CKV_AWS_163'],
    title: 'ECR images are scanned on push',
    rationale: 'Container scanning is part of every pipeline (seed 003 §1 P6).',
    fix: 'Set imageScanningConfiguration { scanOnPush: true }, or configure registry scanning (aws_ecr_registry_scanning_configuration) in the same stack.',
    resourceTypes: ['aws_ecr_repository', 'aws_ecr_registry_scanning_configuration'],
    check: (stack) => {
      const registryScanning = resourcesOfType(stack, 'aws_ecr_registry_scanning_configuration').some((c) =>
        c.body.scan_type === 'ENHANCED' || asList(c.body.rule).some((rule) => ['SCAN_ON_PUSH', 'CONTINUOUS_SCAN'].includes(String(rule.scan_frequency))));
      if (registryScanning) return [];
      return each(stack, ['aws_ecr_repository'], (r) =>
        (isTrue(getPath(r.body, 'image_scanning_configuration.scan_on_push')) ? undefined : 'image_scanning_configuration.scan_on_push is not true'));
    },
  },

  // --- IAM ------------------------------------------------------------------------------------------
  {
    id: 'iam-no-wildcard-action',
    severity: 'critical',
    checkov: ['CKV_AWS_1', 'CKV_AWS_62', 'CKV_AWS_63', 'CKV2_AWS_40'],
    title: 'Identity policies never allow Action "*" (or NotAction)',
    rationale: 'Least privilege (PLATFORM.md §9): a "*" action is administrator access.',
    fix: 'List the actions the role needs; scope them to resources.',
    resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_iam_user_policy', 'aws_iam_group_policy'],
    check: (stack) => identityStatements(stack).flatMap(({ resource, attribute, statement: s, label }): RuleHit[] => {
      if (s.effect !== 'Allow') return [];
      if (s.actions.some((a) => a === '*' || a === '*:*')) return [{ resource, message: `${attribute}: ${label} allows Action "*"` }];
      if (s.notActions.length > 0) return [{ resource, message: `${attribute}: ${label} uses Allow with NotAction (${s.notActions.join(', ')}), which grants everything else` }];
      return [];
    }),
  },
  {
    id: 'iam-no-wildcard-resource-data-actions',
    severity: 'high',
    checkov: ['CKV_AWS_288', 'CKV_AWS_108', 'CKV_AWS_355', 'CKV_AWS_356'],
    title: 'Identity policies never allow data actions on Resource "*"',
    rationale: 'Data actions (s3:GetObject, kafka-cluster:*, rds-db:connect, dynamodb:*, secrets, KMS decrypt) must name their resources; KMS key policies are exempt ("*" means the key itself).',
    fix: 'Replace Resource "*" with the ARNs of the buckets, clusters, topics, tables, secrets or keys the role uses.',
    resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_iam_user_policy', 'aws_iam_group_policy'],
    check: (stack) => identityStatements(stack).flatMap(({ resource, attribute, statement: s, label }): RuleHit[] => {
      if (s.effect !== 'Allow' || !s.resources.includes('*')) return [];
      const data = s.actions.filter((a) => DATA_ACTIONS.some((d) => actionMatches(a, d)));
      return data.length ? [{ resource, message: `${attribute}: ${label} allows ${data.join(', ')} on Resource "*"` }] : [];
    }),
  },
  {
    id: 'iam-policy-checkable',
    severity: 'medium',
    checkov: [],
    title: 'IAM and resource policies are literal JSON the pack can check',
    rationale: 'A policy built by a Terraform expression cannot be reviewed in the synthesized output.',
    fix: 'Render policies with policyJson() (constructs/core/iam.ts) or a data.aws_iam_policy_document in the same stack.',
    resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_s3_bucket_policy', 'aws_kms_key'],
    check: (stack) => policyDocuments(stack).filter((d) => d.error).map((d) => ({ resource: d.resource, message: `${d.attribute}: ${d.error}` })),
  },
  {
    id: 'iam-trust-no-public-principal',
    severity: 'critical',
    checkov: ['CKV_AWS_60', 'CKV_AWS_61'],
    title: 'Role trust policies never trust everyone',
    rationale: 'A trust policy with Principal "*" and no condition lets any AWS account assume the role.',
    fix: 'Trust a service (serviceTrustPolicy()), an OIDC provider with sub/aud conditions, or named accounts.',
    resourceTypes: ['aws_iam_role'],
    check: (stack) => policyDocuments(stack).filter((d) => d.kind === 'trust').flatMap((d): RuleHit[] =>
      (d.statements ?? []).filter((s) => s.effect === 'Allow' && isPublicPrincipal(s) && s.conditions.length === 0)
        .map(() => ({ resource: d.resource, message: `${d.attribute} allows Principal "*" without a condition` }))),
  },

  // --- Secrets --------------------------------------------------------------------------------------
  {
    id: 'no-secret-literals',
    severity: 'critical',
    checkov: ['CKV_AWS_46', 'CKV_SECRET_6'],
    title: 'No secret-named attribute has a literal value, anywhere in the output',
    rationale: 'Synthesized JSON is committed to CI logs and artifacts; secrets must be references (PLATFORM.md §9).',
    fix: 'Use manageMasterUserPassword for RDS, Secrets Manager references, or a KMS-encrypted value; never a string in code or YAML.',
    resourceTypes: ['*'],
    check: (stack) => findSecrets(stack).filter((h) => h.kind === 'literal').map((h) => ({ resource: h.resource, location: h.location, message: h.message })),
  },
  {
    id: 'no-credential-material',
    severity: 'critical',
    checkov: ['CKV_AWS_41', 'CKV_SECRET_2'],
    title: 'No AWS access key, secret access key or private key appears in the output',
    rationale: 'Key material in the synthesized JSON leaks through CI logs, artifacts and state.',
    fix: 'Remove the key from code/config; use OIDC or instance roles, and Secrets Manager for third-party keys.',
    resourceTypes: ['*'],
    check: (stack) => findSecrets(stack).filter((h) => h.kind === 'material').map((h) => ({ resource: h.resource, location: h.location, message: h.message })),
  },
  {
    id: 'rds-managed-master-password',
    severity: 'high',
    checkov: [],
    title: 'RDS master passwords are managed by AWS (Secrets Manager), never passed in',
    rationale: 'A password argument, even a reference, is stored in Terraform state; AWS-managed passwords never are.',
    fix: 'Set manageMasterUserPassword: true (with masterUserSecretKmsKeyId) and drop password.',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    check: (stack) => each(stack, ['aws_db_instance', 'aws_rds_cluster'], (r) => {
      const password = r.body.password ?? r.body.master_password ?? r.body.password_wo ?? r.body.master_password_wo;
      if (password !== undefined) return 'sets a password argument; use manage_master_user_password instead';
      if (isReplica(r) || r.body.snapshot_identifier !== undefined || r.body.replication_source_identifier !== undefined) return undefined;
      return isTrue(r.body.manage_master_user_password) ? undefined : `manage_master_user_password is ${show(r.body.manage_master_user_password)}; must be true`;
    }),
  },

  // --- Data platform (issue 17): tools/policy/analytics-rules.ts ---------------------------------
  ...ANALYTICS_RULES,

  // --- Cross-region replication (issue 15): tools/policy/replication-rules.ts ---------------------
  ...REPLICATION_RULES,
];

/** Every rule of the pack: the platform's own, then the equivalents of well-known checkov checks. */
export const POLICY_RULES: readonly PolicyRule[] = [...CORE_RULES, ...WELL_KNOWN_RULES];

/** Rule by id. */
export function ruleById(id: string): PolicyRule | undefined {
  return POLICY_RULES.find((r) => r.id === id);
}
