/**
 * The cost model: monthly USD of one environment from its synthesized JSON and the pinned price table.
 * 730 hours a month; counts from desired sizes (not max); Spot capacity at the stated discount;
 * Multi-AZ RDS at 2x. Usage-based items (data transfer, requests, S3/EFS bytes stored, CDN bandwidth)
 * cannot be known from the JSON and are listed as not estimated, never silently priced at $0.
 */
import { asList, getPath, isExpression, referencedAddresses, resourceRegion, TfResource, TfStack, TfSynth } from '../tfjson';
import { MissingPrice, missingPriceHint, priceTable, PriceRow, ResolvedPriceTable, Service } from './price-table';
import { Confidence, DEFAULT_SPOT_DISCOUNT, EKS_STANDARD_SUPPORT_VERSIONS, HOURS_PER_MONTH, SPOT_DISCOUNTS, VALKEY_NODE_FACTOR } from './prices';

/** One priced part of a resource (instances, storage, a fixed monthly fee). */
export interface CostComponent {
  readonly what: string;
  readonly quantity: number;
  /** `hour` prices are multiplied by HOURS_PER_MONTH. */
  readonly unit: 'hour' | 'gb-month' | 'month';
  readonly unitUsd: number;
  readonly monthlyUsd: number;
  readonly confidence: Confidence;
  readonly price: string;
}

export interface CostLine {
  readonly stack: string;
  readonly layer: string;
  readonly region: string;
  readonly address: string;
  readonly type: string;
  readonly monthlyUsd: number;
  readonly components: readonly CostComponent[];
}

export type NotPricedReason = 'usage-based' | 'free' | 'unknown';

export interface NotPriced {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly reason: NotPricedReason;
  readonly note: string;
}

export interface MissingPriceUse extends MissingPrice {
  readonly stack: string;
  readonly address: string;
}

export interface CostEstimate {
  readonly environment: string;
  readonly stacks: readonly string[];
  readonly lines: readonly CostLine[];
  readonly notPriced: readonly NotPriced[];
  readonly monthlyUsd: number;
  readonly byLayer: Readonly<Record<string, number>>;
  readonly byType: Readonly<Record<string, number>>;
  readonly byConfidence: Readonly<Record<Confidence, number>>;
}

/** A price the table lacks, for every resource that needs it: the estimate is refused, never $0. */
export class MissingPriceError extends Error {
  public readonly missing: readonly MissingPriceUse[];

  constructor(missing: readonly MissingPriceUse[]) {
    const lines = missing.map((m) => `  ${m.stack} ${m.address}: no ${m.service} price for '${m.key}' in ${m.region}; ${missingPriceHint(m)}`);
    super(`the price table has no row for ${[...new Set(missing.map((m) => `${m.key} (${m.region})`))].join(', ')}:\n${lines.join('\n')}`);
    this.name = 'MissingPriceError';
    this.missing = missing;
  }
}

/** Costs that no synthesized JSON can know; printed with every estimate. */
export const EXCLUDED_FROM_ESTIMATE: readonly string[] = [
  'CDN bandwidth and requests (CloudFront, external CDNs) - seed 003 §10 puts $30,000 of the phase 1 $110,000 here; '
    + 'the edge\'s usage prices (OTHER rows cloudfront-*, waf-requests-million, tools/cost/prices.ts): CloudFront $0.085/GB out (first 10 TB) '
    + 'and $0.01 per 10,000 HTTPS requests, $0.10 per million function invocations, $0.03 per million KeyValueStore reads, WAF $0.60 per million requests '
    + '(every segment and manifest request pays a function run and two KeyValueStore reads)',
  'S3 and EFS bytes stored, requests and retrieval (usage-based; seed 003 §10: storage $5,000 in phase 1)',
  'data transfer (inter-AZ, internet egress, NAT gateway per-GB processing, inter-region over VPC peering: the secondary\'s writes to the primary\'s stores at phase 4)',
  'CloudWatch Logs ingestion/storage, metrics and alarms; KMS, Secrets Manager, WAF and Route 53 requests/queries',
  'load balancers created by the AWS Load Balancer Controller and nodes launched by Karpenter (not Terraform resources)',
  'RDS backup storage beyond the free allowance, MSK provisioned throughput, EBS IOPS/throughput above the gp3 baseline',
  'Reserved Instances / Savings Plans (the estimate is on-demand, minus the stated Spot discount)',
  'data platform usage: Bedrock tokens, EMR on EKS job vCPU/GB-hours, SageMaker training and transform instance-hours, MSK Connect and Flink capacity autoscaled above the minimum, OpenSearch UltraWarm managed storage and snapshots',
];

/** Resource types that cost nothing by themselves. */
const FREE_TYPES = new Set([
  'aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_route', 'aws_route_table_association', 'aws_internet_gateway', 'aws_egress_only_internet_gateway',
  'aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group_rule',
  'aws_default_security_group', 'aws_default_route_table', 'aws_default_network_acl', 'aws_network_acl', 'aws_network_acl_rule',
  'aws_vpc_endpoint_route_table_association', 'aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment',
  'aws_iam_instance_profile', 'aws_iam_openid_connect_provider', 'aws_iam_service_linked_role', 'aws_kms_alias', 'aws_kms_key_policy',
  'aws_launch_template', 'aws_db_subnet_group', 'aws_db_parameter_group', 'aws_db_option_group', 'aws_elasticache_subnet_group',
  'aws_elasticache_parameter_group', 'aws_elasticache_user', 'aws_elasticache_user_group', 'aws_msk_configuration', 'aws_msk_topic',
  'aws_msk_scram_secret_association', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_policy', 'aws_s3_bucket_versioning', 'aws_s3_bucket_lifecycle_configuration', 'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_logging', 'aws_s3_bucket_cors_configuration', 'aws_s3_bucket_notification', 'aws_efs_mount_target', 'aws_efs_access_point',
  'aws_eks_addon', 'aws_eks_access_entry', 'aws_eks_access_policy_association', 'aws_eks_pod_identity_association', 'aws_eks_identity_provider_config',
  'aws_ecr_lifecycle_policy', 'aws_ecr_repository_policy', 'aws_cloudfront_origin_access_control', 'aws_cloudfront_cache_policy',
  'aws_cloudfront_origin_request_policy', 'aws_cloudfront_response_headers_policy', 'aws_cloudfront_key_group', 'aws_cloudfront_public_key',
  'aws_acm_certificate', 'aws_acm_certificate_validation', 'aws_wafv2_web_acl_association', 'aws_wafv2_web_acl_logging_configuration',
  'aws_secretsmanager_secret_version', 'aws_secretsmanager_secret_policy', 'aws_secretsmanager_secret_rotation', 'aws_cloudwatch_log_resource_policy',
  'aws_vpc_dhcp_options', 'aws_vpc_dhcp_options_association', 'aws_flow_log', 'aws_sns_topic_subscription', 'aws_sqs_queue_policy',
  'aws_placement_group', 'aws_appautoscaling_target', 'aws_appautoscaling_policy', 'aws_efs_file_system_policy', 'aws_iam_policy_attachment',
  'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_kms_grant', 'aws_db_proxy_target', 'aws_route53_zone_association', 'aws_eks_fargate_profile',
  // Data platform (issue 17): the schema registry is free, the Data Catalog's first million objects are.
  'aws_glue_registry', 'aws_glue_schema', 'aws_glue_catalog_database', 'aws_glue_catalog_table', 'aws_mskconnect_custom_plugin',
  'aws_mskconnect_worker_configuration', 'aws_cloudwatch_log_stream', 'aws_opensearch_domain_policy', 'aws_bedrock_model_invocation_logging_configuration',
  'aws_cloudfrontkeyvaluestore_key', 'aws_lambda_permission',
  'aws_cloudwatch_event_target', 'aws_prometheus_workspace_configuration',
  // Inter-region network (phase 4): the connection's traffic is the usage item (USAGE_TYPES).
  'aws_vpc_peering_connection_accepter', 'aws_vpc_peering_connection_options',
]);

/** Resource types whose cost is usage-based only. */
const USAGE_TYPES: Readonly<Record<string, string>> = {
  aws_s3_bucket: 'GB stored, requests and retrieval',
  aws_efs_file_system: 'GB stored (elastic throughput billed per GB transferred)',
  aws_efs_backup_policy: 'AWS Backup storage',
  aws_s3_bucket_replication_configuration: 'replicated GB (inter-region transfer) and the destination bucket\'s storage',
  // "If the VPCs are peered across Regions, standard inter-Region data transfer charges will apply"; the
  // connection has no hourly charge (AWS whitepaper "Building a Scalable and Secure Multi-VPC AWS Network
  // Infrastructure", VPC peering). The acceptance and the options cost nothing of their own (FREE_TYPES).
  aws_vpc_peering_connection: 'inter-region data transfer per GB over the peering (no hourly charge)',
  aws_cloudfront_distribution: 'data transfer out and requests',
  aws_cloudfront_function: 'invocations',
  aws_cloudfront_key_value_store: 'reads from functions and API calls',
  aws_cloudwatch_log_group: 'ingestion and storage',
  aws_cloudwatch_log_delivery: 'delivered log volume',
  aws_cloudwatch_log_delivery_source: 'delivered log volume',
  aws_cloudwatch_log_delivery_destination: 'delivered log volume',
  aws_cloudwatch_metric_alarm: 'per alarm-month and metric resolution',
  aws_route53_record: 'DNS queries',
  aws_ecr_repository: 'GB of images stored',
  aws_ecr_registry_scanning_configuration: 'images scanned',
  aws_lambda_function: 'invocations and duration',
  aws_sqs_queue: 'requests',
  aws_sns_topic: 'requests',
  aws_dynamodb_table: 'capacity or requests and GB stored',
  aws_msk_serverless_cluster: 'cluster-hours, partitions and traffic',
  aws_kinesis_firehose_delivery_stream: 'GB ingested',
  aws_backup_plan: 'backup storage',
  aws_backup_vault: 'backup storage',
  aws_emrcontainers_virtual_cluster: 'vCPU- and GB-hours of the Spark jobs it runs (plus the EKS nodes they use)',
  // AWS service events (Spot interruption, health) on the default bus are not charged.
  aws_cloudwatch_event_rule: 'custom events published (AWS service events are free)',
  // docs/platform.md estimates it: ~$0.90 per 10M samples ingested (first 2B), storage $0.03/GB-month.
  aws_prometheus_workspace: 'samples ingested ($0.90/10M first 2B), GB-month stored and samples queried',
};

interface Ctx {
  readonly stack: TfStack;
  /** Every stack of the environment (a Global Datastore secondary takes its shape from the primary's group). */
  readonly stacks: readonly TfStack[];
  readonly table: ResolvedPriceTable;
  readonly missing: MissingPriceUse[];
}

/** A priced component, or records the missing price (and returns undefined). */
function component(ctx: Ctx, r: TfResource, service: Service, key: string, what: string, quantity: number,
  unit: CostComponent['unit'], factor?: { value: number; confidence: Confidence; note: string }): CostComponent | undefined {
  const region = resourceRegion(ctx.stack, r) ?? 'unknown-region';
  const row: PriceRow | undefined = ctx.table.find(service, key, region);
  if (!row) {
    ctx.missing.push({ stack: ctx.stack.name, address: r.address, service, key, region });
    return undefined;
  }
  const unitUsd = row.usd * (factor?.value ?? 1);
  const monthlyUsd = unitUsd * quantity * (unit === 'hour' ? HOURS_PER_MONTH : 1);
  const confidence = worst(row.confidence, factor?.confidence ?? 'verified');
  return {
    what: factor ? `${what} (${factor.note})` : what, quantity, unit, unitUsd, monthlyUsd, confidence,
    price: `${service}:${key}@${row.region} ${row.usd} (${row.confidence}, ${row.source})`,
  };
}

const CONFIDENCE_ORDER: Confidence[] = ['verified', 'derived', 'estimate'];
function worst(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_ORDER[Math.max(CONFIDENCE_ORDER.indexOf(a), CONFIDENCE_ORDER.indexOf(b))];
}

function num(v: unknown, fallback?: number): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && !isExpression(v) && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return fallback;
}

/** Count from a literal number; an expression cannot be priced and is reported as an error. */
class UnpriceableError extends Error {}
function count(r: TfResource, path: string, fallback?: number): number {
  const v = num(getPath(r.body, path), fallback);
  if (v === undefined) throw new UnpriceableError(`${r.address}: ${path} is ${JSON.stringify(getPath(r.body, path))}; the cost model needs a literal number`);
  return v;
}

/** The on-demand price factor of a Spot node (1 - discount) with its confidence and basis. */
export function spotFactor(instanceType: string, region: string): { value: number; confidence: Confidence; note: string } {
  const family = instanceType.split('.')[0];
  const known = SPOT_DISCOUNTS[family]?.[region];
  const { discount, basis } = known ?? DEFAULT_SPOT_DISCOUNT;
  return { value: 1 - discount, confidence: known ? 'derived' : 'estimate', note: `Spot, ${Math.round(discount * 100)}% off: ${basis}` };
}

function launchTemplateOf(ctx: Ctx, r: TfResource): TfResource | undefined {
  const lt = asList(r.body.launch_template)[0];
  if (!lt) return undefined;
  const refs = [...referencedAddresses(lt.id), ...referencedAddresses(lt.name)];
  return ctx.stack.resources.find((x) => x.type === 'aws_launch_template' && (refs.includes(x.address) || (lt.name !== undefined && x.body.name === lt.name)));
}

/** Root/data volumes of a launch template (or of an instance), per instance. */
function volumes(ctx: Ctx, r: TfResource, mappings: Record<string, unknown>[], perInstanceCount: number, label: string): (CostComponent | undefined)[] {
  return mappings.filter((m) => getPath(m, 'ebs.volume_size') !== undefined || m.volume_size !== undefined).map((m) => {
    const size = num(getPath(m, 'ebs.volume_size') ?? m.volume_size) ?? 0;
    const type = String(getPath(m, 'ebs.volume_type') ?? m.volume_type ?? 'gp3');
    return component(ctx, r, 'storage', `ebs-${type}`, `${perInstanceCount} x ${size} GB ${type} (${label})`, perInstanceCount * size, 'gb-month');
  });
}

type Pricer = (ctx: Ctx, r: TfResource) => (CostComponent | undefined)[];

const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_eks_node_group: (ctx, r) => {
    const lt = launchTemplateOf(ctx, r);
    const types = Array.isArray(r.body.instance_types) ? r.body.instance_types : [];
    const instanceType = String(types[0] ?? lt?.body.instance_type ?? 't3.medium'); // EKS default instance type is t3.medium
    const desired = count(r, 'scaling_config.desired_size');
    const spot = r.body.capacity_type === 'SPOT';
    const region = resourceRegion(ctx.stack, r) ?? 'unknown-region';
    const out = [component(ctx, r, 'ec2', instanceType, `${desired} x ${instanceType} ${spot ? 'spot' : 'on-demand'}`, desired, 'hour', spot ? spotFactor(instanceType, region) : undefined)];
    if (lt) out.push(...volumes(ctx, r, asList(lt.body.block_device_mappings), desired, `launch template ${lt.address}`));
    else out.push(component(ctx, r, 'storage', 'ebs-gp3', `${desired} x ${num(r.body.disk_size, 20)} GB node disk`, desired * (num(r.body.disk_size, 20) ?? 20), 'gb-month'));
    return out;
  },
  aws_instance: (ctx, r) => {
    const type = String(r.body.instance_type);
    const spot = asList(r.body.instance_market_options).some((o) => o.market_type === 'spot');
    const region = resourceRegion(ctx.stack, r) ?? 'unknown-region';
    return [
      component(ctx, r, 'ec2', type, `1 x ${type}`, 1, 'hour', spot ? spotFactor(type, region) : undefined),
      ...volumes(ctx, r, [...asList(r.body.root_block_device), ...asList(r.body.ebs_block_device)], 1, 'instance volumes'),
    ];
  },
  aws_autoscaling_group: (ctx, r) => {
    const lt = launchTemplateOf(ctx, r);
    const desired = count(r, 'desired_capacity', num(r.body.min_size));
    const type = String(lt?.body.instance_type ?? '');
    if (!type) throw new UnpriceableError(`${r.address}: instance type not found (launch template without instance_type, or a mixed instances policy)`);
    return [component(ctx, r, 'ec2', type, `${desired} x ${type}`, desired, 'hour'), ...(lt ? volumes(ctx, r, asList(lt.body.block_device_mappings), desired, lt.address) : [])];
  },
  aws_ebs_volume: (ctx, r) => {
    const size = count(r, 'size');
    const type = String(r.body.type ?? 'gp3');
    return [component(ctx, r, 'storage', `ebs-${type}`, `${size} GB ${type}`, size, 'gb-month')];
  },
  aws_eks_cluster: (ctx, r) => {
    const version = String(r.body.version ?? '');
    const extended = version !== '' && !isExpression(version) && !EKS_STANDARD_SUPPORT_VERSIONS.includes(version);
    return [component(ctx, r, 'other', extended ? 'eks-cluster-extended-support-hour' : 'eks-cluster-hour',
      `control plane${extended ? ` (Kubernetes ${version} is in extended support)` : ''}`, 1, 'hour')];
  },
  aws_db_instance: (ctx, r) => {
    const cls = String(r.body.instance_class);
    const multiAz = r.body.multi_az === true;
    const engine = String(r.body.engine ?? 'postgres');
    const note = engine.startsWith('postgres') || r.body.replicate_source_db !== undefined ? '' : ` (engine ${engine} priced as PostgreSQL)`;
    const storage = num(r.body.allocated_storage) ?? 0;
    const storageType = String(r.body.storage_type ?? (r.body.iops !== undefined ? 'io1' : 'gp2'));
    return [
      component(ctx, r, 'rds', cls, `${cls} ${multiAz ? 'Multi-AZ (2 x Single-AZ)' : 'Single-AZ'}${note}`, multiAz ? 2 : 1, 'hour'),
      storage > 0 ? component(ctx, r, 'storage', `rds-${storageType}`, `${storage} GB ${storageType}${multiAz ? ' Multi-AZ (2 x)' : ''}`, storage * (multiAz ? 2 : 1), 'gb-month') : undefined,
    ];
  },
  aws_elasticache_replication_group: (ctx, r) => {
    const shape = r.body.node_type === undefined && typeof r.body.global_replication_group_id === 'string' ? globalPrimaryShape(ctx, r) : r.body;
    const node = String(shape.node_type);
    const shards = num(shape.num_node_groups);
    const nodes = shards !== undefined ? shards * (1 + (num(r.body.replicas_per_node_group) ?? 0)) : num(r.body.num_cache_clusters) ?? 1 + (num(r.body.replicas_per_node_group) ?? 0);
    const valkey = r.body.engine === 'valkey';
    return [component(ctx, r, 'elasticache', node, `${nodes} x ${node}${shards !== undefined ? ` (${shards} shards x ${1 + (num(r.body.replicas_per_node_group) ?? 0)})` : ''}`, nodes, 'hour',
      valkey ? { value: VALKEY_NODE_FACTOR.factor, confidence: VALKEY_NODE_FACTOR.confidence, note: `Valkey at ${VALKEY_NODE_FACTOR.factor} x Redis OSS, ${VALKEY_NODE_FACTOR.source}` } : undefined)];
  },
  aws_elasticache_cluster: (ctx, r) => {
    const node = String(r.body.node_type);
    const nodes = count(r, 'num_cache_nodes', 1);
    return [component(ctx, r, 'elasticache', node, `${nodes} x ${node}`, nodes, 'hour')];
  },
  aws_msk_cluster: (ctx, r) => {
    const type = String(getPath(r.body, 'broker_node_group_info.instance_type'));
    const brokers = count(r, 'number_of_broker_nodes');
    const volume = num(getPath(r.body, 'broker_node_group_info.storage_info.ebs_storage_info.volume_size') ?? getPath(r.body, 'broker_node_group_info.ebs_volume_size'));
    return [
      component(ctx, r, 'msk', type, `${brokers} x ${type}`, brokers, 'hour'),
      volume !== undefined && !type.startsWith('express.') ? component(ctx, r, 'storage', 'msk-broker', `${brokers} x ${volume} GB broker storage`, brokers * volume, 'gb-month') : undefined,
    ];
  },
  aws_nat_gateway: (ctx, r) => [component(ctx, r, 'other', 'nat-gateway-hour', 'NAT gateway (per-GB processing usage-based)', 1, 'hour')],
  aws_eip: (ctx, r) => [component(ctx, r, 'other', 'public-ipv4-hour', 'public IPv4 address', 1, 'hour')],
  aws_kms_key: (ctx, r) => [component(ctx, r, 'other', 'kms-key-month', 'customer-managed key', 1, 'month')],
  aws_kms_replica_key: (ctx, r) => [component(ctx, r, 'other', 'kms-key-month', 'replica key', 1, 'month')],
  aws_vpc_endpoint: (ctx, r) => {
    if (r.body.vpc_endpoint_type !== 'Interface') return [];
    const subnets = r.body.subnet_ids;
    const azs = Array.isArray(subnets) ? subnets.length : undefined;
    if (azs === undefined) throw new UnpriceableError(`${r.address}: subnet_ids is ${JSON.stringify(subnets)}; the cost model needs a literal list to count AZs`);
    return [component(ctx, r, 'other', 'vpc-interface-endpoint-az-hour', `interface endpoint in ${azs} AZs`, azs, 'hour')];
  },
  aws_lb: (ctx, r) => [component(ctx, r, 'other', r.body.load_balancer_type === 'network' ? 'nlb-hour' : 'alb-hour', `${String(r.body.load_balancer_type ?? 'application')} load balancer (LCUs usage-based)`, 1, 'hour')],
  aws_route53_health_check: (ctx, r) => {
    const target = String(r.body.fqdn ?? r.body.ip_address ?? '');
    const aws = /amazonaws\.com$|cloudfront\.net$/.test(target) || ['CALCULATED', 'CLOUDWATCH_METRIC'].includes(String(r.body.type));
    const type = String(r.body.type ?? '');
    const features = [type.startsWith('HTTPS'), type.includes('STR_MATCH'), num(r.body.request_interval) === 10, r.body.measure_latency === true].filter(Boolean).length;
    const kind = aws ? 'aws' : 'other';
    return [
      component(ctx, r, 'other', `route53-health-check-${kind}-month`, `health check (${aws ? 'AWS' : 'non-AWS'} endpoint ${target || type})`, 1, 'month'),
      features > 0 ? component(ctx, r, 'other', `route53-health-check-feature-${kind}-month`, `${features} optional feature(s)`, features, 'month') : undefined,
    ];
  },
  aws_route53_zone: (ctx, r) => [component(ctx, r, 'other', 'route53-hosted-zone-month', 'hosted zone (queries usage-based)', 1, 'month')],
  aws_secretsmanager_secret: (ctx, r) => [component(ctx, r, 'other', 'secretsmanager-secret-month', 'secret (API calls usage-based)', 1, 'month')],
  aws_opensearch_domain: (ctx, r) => {
    const type = String(getPath(r.body, 'cluster_config.instance_type'));
    const nodes = count(r, 'cluster_config.instance_count');
    const masters = getPath(r.body, 'cluster_config.dedicated_master_enabled') === true ? count(r, 'cluster_config.dedicated_master_count') : 0;
    const masterType = String(getPath(r.body, 'cluster_config.dedicated_master_type'));
    const warm = getPath(r.body, 'cluster_config.warm_enabled') === true ? count(r, 'cluster_config.warm_count') : 0;
    const warmType = String(getPath(r.body, 'cluster_config.warm_type'));
    const volume = num(getPath(r.body, 'ebs_options.volume_size')) ?? 0;
    return [
      component(ctx, r, 'other', `opensearch-${type}-hour`, `${nodes} x ${type} data nodes`, nodes, 'hour'),
      masters > 0 ? component(ctx, r, 'other', `opensearch-${masterType}-hour`, `${masters} x ${masterType} dedicated masters`, masters, 'hour') : undefined,
      warm > 0 ? component(ctx, r, 'other', `opensearch-${warmType}-hour`, `${warm} x ${warmType} UltraWarm nodes (managed storage usage-based)`, warm, 'hour') : undefined,
      volume > 0 ? component(ctx, r, 'storage', 'opensearch-gp3', `${nodes} x ${volume} GB gp3`, nodes * volume, 'gb-month') : undefined,
    ];
  },
  aws_mskconnect_connector: (ctx, r) => {
    const mcus = count(r, 'capacity.autoscaling.mcu_count', num(getPath(r.body, 'capacity.provisioned_capacity.mcu_count')));
    const workers = count(r, 'capacity.autoscaling.min_worker_count', num(getPath(r.body, 'capacity.provisioned_capacity.worker_count')));
    return [component(ctx, r, 'other', 'mskconnect-mcu-hour', `${workers} worker(s) x ${mcus} MCU (minimum; autoscaling above it usage-based)`, workers * mcus, 'hour')];
  },
  aws_kinesisanalyticsv2_application: (ctx, r) => {
    const p = 'application_configuration.flink_application_configuration.parallelism_configuration';
    const parallelism = count(r, `${p}.parallelism`, 1);
    const perKpu = count(r, `${p}.parallelism_per_kpu`, 1);
    const kpus = Math.ceil(parallelism / perKpu) + 1;
    return [
      component(ctx, r, 'other', 'flink-kpu-hour', `${kpus} KPU (parallelism ${parallelism} / ${perKpu} per KPU + 1 orchestration; autoscaling above it usage-based)`, kpus, 'hour'),
      component(ctx, r, 'storage', 'flink-running-storage', `${kpus - 1} x 50 GB running application storage`, (kpus - 1) * 50, 'gb-month'),
    ];
  },
  aws_mwaa_environment: (ctx, r) => {
    const cls = String(r.body.environment_class ?? 'mw1.small');
    const workers = count(r, 'min_workers', 1);
    return [
      component(ctx, r, 'other', `mwaa-${cls}-hour`, `${cls} environment (scheduler, web server, 1 worker)`, 1, 'hour'),
      workers > 1 ? component(ctx, r, 'other', `mwaa-${cls}-worker-hour`, `${workers - 1} additional minimum worker(s) (autoscaling above it usage-based)`, workers - 1, 'hour') : undefined,
    ];
  },
  aws_wafv2_web_acl: (ctx, r) => {
    const rules = asList(r.body.rule).length;
    return [
      component(ctx, r, 'other', 'waf-web-acl-month', 'web ACL (requests usage-based)', 1, 'month'),
      rules > 0 ? component(ctx, r, 'other', 'waf-rule-month', `${rules} rule(s)`, rules, 'month') : undefined,
    ];
  },
};

/**
 * The node type and shard count of a Global Datastore secondary, which states neither (it inherits them):
 * its `global_replication_group_id` references a global group of the same stack, whose literal
 * `primary_replication_group_id` names the primary replication group in one of the environment's stacks.
 * Falls back to the secondary's own body (a missing price names it) when the chain cannot be followed.
 */
function globalPrimaryShape(ctx: Ctx, r: TfResource): Record<string, unknown> {
  const ref = /^\$\{(aws_elasticache_global_replication_group\.[^.}]+)\.global_replication_group_id\}$/.exec(String(r.body.global_replication_group_id));
  const global = ref ? ctx.stack.resources.find((g) => g.address === ref[1]) : undefined;
  const primaryId = global?.body.primary_replication_group_id;
  if (typeof primaryId !== 'string') return r.body;
  for (const s of ctx.stacks) {
    const primary = s.resources.find((p) => p.type === 'aws_elasticache_replication_group' && p.body.replication_group_id === primaryId);
    if (primary) return { ...r.body, node_type: primary.body.node_type, num_node_groups: primary.body.num_node_groups };
  }
  return r.body;
}

/** Priced resource types (documentation and tests). */
export const PRICED_TYPES: readonly string[] = Object.keys(PRICERS);

/**
 * Estimates the monthly cost of the stacks of `environment` in `synth`. Throws MissingPriceError listing
 * every missing price (stack, address, type, region) when the table lacks one.
 */
export function estimateCost(synth: TfSynth, environment: string, table: ResolvedPriceTable = priceTable()): CostEstimate {
  const stacks = synth.stacks.filter((s) => s.environment === environment);
  const lines: CostLine[] = [];
  const notPriced: NotPriced[] = [];
  const missing: MissingPriceUse[] = [];
  const unpriceable: string[] = [];
  for (const stack of stacks) {
    const ctx: Ctx = { stack, stacks, table, missing };
    for (const r of stack.resources) {
      const pricer = PRICERS[r.type];
      if (!pricer) {
        notPriced.push(classify(stack, r));
        continue;
      }
      let parts: (CostComponent | undefined)[];
      try {
        parts = pricer(ctx, r);
      } catch (e) {
        if (e instanceof UnpriceableError) {
          unpriceable.push(`  ${stack.name} ${e.message}`);
          continue;
        }
        throw e;
      }
      const components = parts.filter((c): c is CostComponent => !!c);
      if (parts.length === 0) {
        notPriced.push({ stack: stack.name, address: r.address, type: r.type, reason: 'free', note: 'no charge for this configuration (e.g. gateway endpoint)' });
        continue;
      }
      lines.push({
        stack: stack.name, layer: stack.layer, region: resourceRegion(stack, r) ?? 'unknown-region', address: r.address, type: r.type,
        monthlyUsd: components.reduce((n, c) => n + c.monthlyUsd, 0), components,
      });
    }
  }
  if (missing.length > 0) throw new MissingPriceError(missing);
  if (unpriceable.length > 0) throw new Error(`cannot estimate ${environment}:\n${unpriceable.join('\n')}`);
  const sum = (pick: (l: CostLine) => string) => lines.reduce<Record<string, number>>((acc, l) => {
    acc[pick(l)] = (acc[pick(l)] ?? 0) + l.monthlyUsd;
    return acc;
  }, {});
  const byConfidence: Record<Confidence, number> = { verified: 0, derived: 0, estimate: 0 };
  for (const l of lines) for (const c of l.components) byConfidence[c.confidence] += c.monthlyUsd;
  return {
    environment,
    stacks: stacks.map((s) => s.name),
    lines,
    notPriced,
    monthlyUsd: lines.reduce((n, l) => n + l.monthlyUsd, 0),
    byLayer: sum((l) => l.layer),
    byType: sum((l) => l.type),
    byConfidence,
  };
}

function classify(stack: TfStack, r: TfResource): NotPriced {
  const base = { stack: stack.name, address: r.address, type: r.type };
  if (FREE_TYPES.has(r.type)) return { ...base, reason: 'free', note: 'no charge of its own' };
  if (r.type.startsWith('kubernetes_') || r.type.startsWith('helm_')) return { ...base, reason: 'free', note: 'runs on cluster nodes, priced through the node groups' };
  if (USAGE_TYPES[r.type]) return { ...base, reason: 'usage-based', note: USAGE_TYPES[r.type] };
  return { ...base, reason: 'unknown', note: 'not priced (usage-based or free?): add a pricer in tools/cost/model.ts or list the type as free/usage-based' };
}

/** Environments present in a synthesized output. */
export function environmentsIn(synth: TfSynth): string[] {
  return [...new Set(synth.stacks.map((s) => s.environment))].sort();
}

export type { PriceRow };
