/**
 * Which resource types hold data (a destroy or replace loses it), and which attribute changes force
 * Terraform to replace a resource ("Forces new resource" in the AWS provider docs / `ForceNew` in its
 * schema). Paths are dotted as in the synthesized JSON; nested blocks by their block name.
 *
 * Source: the hashicorp/aws provider documentation, one page per type:
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type without aws_>
 * compiled from the author's knowledge of the provider (6.x) - the pages could not be fetched here, so
 * entries marked `verify` are the ones where provider versions have differed. Where in doubt an
 * attribute is listed: a false "replace" costs a reviewer a look and an acknowledgement; a missed one
 * can cost a production database.
 */

export interface ReplacementSpec {
  /** Destroying or replacing the resource loses data or identity others depend on (gates the preview). */
  readonly stateful: boolean;
  /** Attribute paths whose change forces replacement. */
  readonly forceNew: readonly string[];
  /** Provider documentation page. */
  readonly docs: string;
  /** Caveats: attributes whose behaviour changed across provider versions, or other sources used. */
  readonly notes?: string;
}

const docs = (type: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${type.replace(/^aws_/, '')}`;

/** Meta-arguments whose change makes Terraform treat the resource as a different object. */
export const FORCE_NEW_META: readonly string[] = ['provider'];

export const REPLACEMENT_ATTRIBUTES: Readonly<Record<string, ReplacementSpec>> = {
  // --- Stateful -----------------------------------------------------------------------------------
  aws_db_instance: {
    stateful: true,
    forceNew: ['identifier', 'identifier_prefix', 'engine', 'availability_zone', 'character_set_name', 'nchar_character_set_name', 'db_name',
      'kms_key_id', 'storage_encrypted', 'username', 'snapshot_identifier', 'restore_to_point_in_time', 's3_import', 'timezone', 'custom_iam_instance_profile'],
    docs: docs('aws_db_instance'),
    notes: 'engine_version changes (major upgrades with allow_major_version_upgrade) are in place; db_subnet_group_name is updatable in current provider versions',
  },
  aws_rds_cluster: {
    stateful: true,
    forceNew: ['cluster_identifier', 'cluster_identifier_prefix', 'engine', 'engine_mode', 'availability_zones', 'database_name', 'db_subnet_group_name',
      'kms_key_id', 'master_username', 'storage_encrypted', 'snapshot_identifier', 'source_region', 'restore_to_point_in_time', 's3_import'],
    docs: docs('aws_rds_cluster'),
  },
  aws_msk_cluster: {
    stateful: true,
    forceNew: ['cluster_name', 'broker_node_group_info.client_subnets', 'broker_node_group_info.security_groups', 'broker_node_group_info.az_distribution',
      'encryption_info.encryption_at_rest_kms_key_arn', 'encryption_info.encryption_in_transit.in_cluster'],
    docs: docs('aws_msk_cluster'),
    notes: 'kafka_version, number_of_broker_nodes (increase), instance_type, storage volume_size (increase), client_authentication and client_broker are updated in place',
  },
  aws_msk_serverless_cluster: {
    stateful: true,
    forceNew: ['cluster_name', 'vpc_config', 'client_authentication'],
    docs: docs('aws_msk_serverless_cluster'),
  },
  aws_msk_topic: {
    stateful: true,
    forceNew: ['cluster_arn', 'name', 'replication_factor'],
    docs: docs('aws_msk_topic'),
    notes: 'resource added in provider 6.38.0 (versions.md §6); replacement of name and replication_factor per CloudFormation AWS::MSK::Topic (versions.md S37); partition_count updates in place',
  },
  aws_elasticache_replication_group: {
    stateful: true,
    forceNew: ['replication_group_id', 'at_rest_encryption_enabled', 'kms_key_id', 'subnet_group_name', 'preferred_cache_cluster_azs', 'port',
      'snapshot_arns', 'snapshot_name', 'global_replication_group_id', 'data_tiering_enabled', 'network_type'],
    docs: docs('aws_elasticache_replication_group'),
    notes: 'verify: transit_encryption_enabled forced replacement in older provider versions; current versions update it in place with transit_encryption_mode',
  },
  aws_elasticache_cluster: {
    stateful: true,
    forceNew: ['cluster_id', 'engine', 'availability_zone', 'subnet_group_name', 'port', 'snapshot_arns', 'snapshot_name', 'replication_group_id'],
    docs: docs('aws_elasticache_cluster'),
  },
  aws_s3_bucket: {
    stateful: true,
    forceNew: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
    docs: docs('aws_s3_bucket'),
  },
  aws_efs_file_system: {
    stateful: true,
    forceNew: ['creation_token', 'encrypted', 'kms_key_id', 'performance_mode', 'availability_zone_name'],
    docs: docs('aws_efs_file_system'),
  },
  aws_eks_cluster: {
    stateful: true,
    forceNew: ['name', 'role_arn', 'vpc_config.subnet_ids', 'vpc_config.security_group_ids', 'encryption_config.provider.key_arn', 'encryption_config.resources',
      'kubernetes_network_config.service_ipv4_cidr', 'kubernetes_network_config.ip_family', 'bootstrap_self_managed_addons',
      'access_config.bootstrap_cluster_creator_admin_permissions', 'outpost_config'],
    docs: docs('aws_eks_cluster'),
    notes: 'verify: EKS can now update subnets and security groups in place (UpdateClusterConfig); provider versions differed, so a change is treated as replacing',
  },
  aws_kms_key: {
    stateful: true,
    forceNew: ['customer_master_key_spec', 'key_spec', 'key_usage', 'multi_region', 'custom_key_store_id', 'xks_key_id'],
    docs: docs('aws_kms_key'),
    notes: 'a replaced key cannot decrypt what the old key encrypted; the old key only enters its deletion window',
  },
  aws_ecr_repository: {
    stateful: true,
    forceNew: ['name', 'encryption_configuration'],
    docs: docs('aws_ecr_repository'),
  },
  aws_dynamodb_table: {
    stateful: true,
    forceNew: ['name', 'hash_key', 'range_key'],
    docs: docs('aws_dynamodb_table'),
  },

  // --- Not stateful, but worth telling "replaced" from "updated" -------------------------------------
  aws_eks_node_group: {
    stateful: false,
    forceNew: ['cluster_name', 'node_group_name', 'node_group_name_prefix', 'ami_type', 'capacity_type', 'disk_size', 'instance_types', 'node_role_arn',
      'subnet_ids', 'remote_access'],
    docs: docs('aws_eks_node_group'),
  },
  aws_launch_template: { stateful: false, forceNew: ['name', 'name_prefix'], docs: docs('aws_launch_template') },
  aws_vpc: { stateful: false, forceNew: ['cidr_block', 'instance_tenancy'], docs: docs('aws_vpc') },
  aws_subnet: { stateful: false, forceNew: ['vpc_id', 'cidr_block', 'availability_zone', 'availability_zone_id', 'ipv6_native'], docs: docs('aws_subnet') },
  aws_nat_gateway: { stateful: false, forceNew: ['allocation_id', 'subnet_id', 'connectivity_type', 'private_ip'], docs: docs('aws_nat_gateway') },
  aws_security_group: { stateful: false, forceNew: ['name', 'name_prefix', 'description', 'vpc_id'], docs: docs('aws_security_group') },
  aws_iam_role: { stateful: false, forceNew: ['name', 'name_prefix', 'path'], docs: docs('aws_iam_role') },
  aws_cloudwatch_log_group: { stateful: false, forceNew: ['name', 'name_prefix'], docs: docs('aws_cloudwatch_log_group') },
  aws_vpc_endpoint: { stateful: false, forceNew: ['vpc_id', 'service_name', 'vpc_endpoint_type'], docs: docs('aws_vpc_endpoint') },
  aws_cloudfront_distribution: { stateful: false, forceNew: [], docs: docs('aws_cloudfront_distribution') },
};

/** Stateful resource types (what the preview gates on). */
export const STATEFUL_TYPES: readonly string[] = Object.entries(REPLACEMENT_ATTRIBUTES).filter(([, s]) => s.stateful).map(([t]) => t);

export function isStateful(type: string): boolean {
  return REPLACEMENT_ATTRIBUTES[type]?.stateful === true;
}
