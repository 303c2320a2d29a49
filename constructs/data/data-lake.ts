import { Construct } from 'constructs';
import { PlatformValidationError } from '../core/errors';
import { BucketLifecycleRule, SecureBucket, SecureBucketProps } from './secure-bucket';
import { GrantRole, GrantTarget } from './grants';

/** One layer of the lake: a key prefix with its lifecycle, traced to the seed's retention rows. */
export interface DataLakeLayer extends BucketLifecycleRule {
  /** The seed 003 §4 "Data Retention Policies" / "Data Lake Layers" rows this rule implements. */
  readonly retentionRow: string;
}

/**
 * The layers of seed 003 §4 "Data Lake Architecture" with lifecycle rules from its "Data Retention
 * Policies" table:
 * - bronze: raw events (Avro). Row "Playback events: 3 days Kafka, 90 days warm (Iceberg), 2 years
 *   S3 Glacier, total 2 years" and layer "Bronze ... Retention: 90 days": Glacier at 90 days, deleted
 *   at 730 days.
 * - silver: cleaned events. Layer "Silver ... Retention: 1 year"; rows "EPG schedule: 1 year (Iceberg)"
 *   and "QoE metrics: 1 year (Iceberg)": deleted at 365 days.
 * - gold: aggregates. Layer "Gold ... Retention: indefinite": never deleted; Intelligent-Tiering from
 *   day 0 (seed 003 §10 cost strategy "S3 Intelligent-Tiering for data lake", phase 1).
 * - ml-features: offline feature store / training data. Row "ML training data: 1 year warm (Iceberg),
 *   indefinite S3 Glacier": Glacier at 365 days, never deleted. Iceberg snapshots that still point at
 *   Glacier objects cannot be read without a restore: expire old snapshots before day 365.
 */
export const DEFAULT_DATA_LAKE_LAYERS: readonly DataLakeLayer[] = [
  { id: 'bronze', prefix: 'bronze/', transitions: [{ days: 90, storageClass: 'GLACIER' }], expirationDays: 730, retentionRow: 'Playback events (2 years; Glacier after 90 days); Bronze layer 90 days' },
  { id: 'silver', prefix: 'silver/', expirationDays: 365, retentionRow: 'Silver layer 1 year; EPG schedule and QoE metrics 1 year (Iceberg)' },
  { id: 'gold', prefix: 'gold/', transitions: [{ days: 0, storageClass: 'INTELLIGENT_TIERING' }], retentionRow: 'Gold layer indefinite' },
  { id: 'ml-features', prefix: 'ml-features/', transitions: [{ days: 365, storageClass: 'GLACIER' }], retentionRow: 'ML training data (1 year warm, then Glacier indefinitely)' },
];

/**
 * A lifecycle rule for key prefixes inside a layer (e.g. one table of the bronze layer) with its own
 * retention. S3 applies the earliest expiration of overlapping rules, so a rule here can shorten its
 * layer's retention for its prefix, never lengthen it.
 */
export interface DataLakeRetentionRule extends BucketLifecycleRule {
  /** The seed 003 §4 "Data Retention Policies" row the rule implements. */
  readonly retentionRow: string;
}

/**
 * The retention of raw events other than playback events (seed 003 §4 "Data Lake Layers": "Bronze
 * (Raw) ... Retention: 90 days"), as rules for the bronze tables named: one rule per table prefix
 * `bronze/<table>/`, deleting at 90 days. Raw playback events keep the bronze layer's own rule (the
 * seed's "Playback events" row: Glacier after 90 days, 2 years in total) under their own prefixes.
 */
export function rawEventRetentionRules(otherRawTables: readonly string[], days = 90): DataLakeRetentionRule[] {
  return otherRawTables.map((t) => ({ id: `bronze-${t}`, prefix: `bronze/${t}/`, expirationDays: days, retentionRow: `Bronze (Raw): retention ${days} days` }));
}

export interface DataLakeProps extends Omit<SecureBucketProps, 'lifecycleRules' | 'label'> {
  /**
   * Layers (prefixes) with their lifecycle rules.
   * @default DEFAULT_DATA_LAKE_LAYERS (bronze, silver, gold, ml-features)
   */
  readonly layers?: readonly DataLakeLayer[];
  /**
   * Lifecycle rules for prefixes inside the layers (each prefix must start with a layer's prefix), e.g.
   * per-table retention in bronze ({@link rawEventRetentionRules}).
   * @default []
   */
  readonly retentionRules?: readonly DataLakeRetentionRule[];
  /**
   * Label used in policy names.
   * @default 'data-lake'
   */
  readonly label?: string;
}

/**
 * The data lake bucket (S3 + Iceberg tables): a SecureBucket with a KMS key, whose layers are key
 * prefixes carrying the seed's retention rules. `grantRead`/`grantWrite` take a layer name.
 *
 * @example
 * ```ts
 * import { awsContext } from '@ott-platform/infra/core';
 * import { DataLake } from '@ott-platform/infra/data';
 *
 * const lake = new DataLake(this, 'data-lake', {
 *   bucketName: `inference-dev-data-lake-${awsContext(this).accountId}`,
 *   accessLogsBucket: 'inference-dev-access-logs-111122223333',
 * });
 * lake.grantWrite({ roleName: 'inference-events-sink' }, 'bronze'); // raw events in
 * lake.grantRead({ roleName: 'feature-pipeline' }, 'silver');
 * ```
 */
export class DataLake extends Construct {
  /** The underlying {@link SecureBucket}. */
  public readonly bucket: SecureBucket;
  /** Bucket name. */
  public readonly bucketName: string;
  /** Bucket ARN. */
  public readonly bucketArn: string;
  /** The layers, as passed in or the defaults. */
  public readonly layers: readonly DataLakeLayer[];
  /** Rules for prefixes inside the layers, as passed in. */
  public readonly retentionRules: readonly DataLakeRetentionRule[];
  /** Every lifecycle rule of the lake: the layers', then the retention rules (what a replica repeats). */
  public readonly lifecycleRules: readonly BucketLifecycleRule[];

  constructor(scope: Construct, id: string, props: DataLakeProps) {
    super(scope, id);
    this.layers = props.layers ?? DEFAULT_DATA_LAKE_LAYERS;
    if (this.layers.length === 0) throw new PlatformValidationError(this.node.path, 'a data lake needs at least one layer');
    this.retentionRules = props.retentionRules ?? [];
    const outside = this.retentionRules.find((r) => !this.layers.some((l) => r.prefix.startsWith(l.prefix) && r.prefix !== l.prefix));
    if (outside) throw new PlatformValidationError(this.node.path, `retention rule '${outside.id}': prefix '${outside.prefix}' must lie inside a layer (${this.layers.map((l) => l.prefix).join(', ')})`);
    this.lifecycleRules = [...this.layers, ...this.retentionRules];
    this.bucket = new SecureBucket(this, 'bucket', { ...props, label: props.label ?? 'data-lake', lifecycleRules: this.lifecycleRules });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;
  }

  /** Key prefix of a layer. */
  public prefixOf(layer: string): string {
    const l = this.layers.find((x) => x.id === layer);
    if (!l) throw new PlatformValidationError(this.node.path, `no layer '${layer}'; layers: ${this.layers.map((x) => x.id).join(', ')}`);
    return l.prefix;
  }

  /** Lets `role` read one layer, or the whole lake when `layer` is omitted. */
  public grantRead(role: GrantRole | GrantTarget, layer?: string): void {
    this.bucket.grantRead(role, layer === undefined ? undefined : this.prefixOf(layer));
  }

  /** Lets `role` write one layer, or the whole lake when `layer` is omitted. */
  public grantWrite(role: GrantRole | GrantTarget, layer?: string): void {
    this.bucket.grantWrite(role, layer === undefined ? undefined : this.prefixOf(layer));
  }
}
