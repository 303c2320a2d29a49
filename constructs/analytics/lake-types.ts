/**
 * Iceberg lake tables as typed data: what the Lakehouse construct takes (constructs/analytics/lakehouse.ts).
 * Types only, so the app's catalog (catalog/lake-tables.ts) can name them with `import type`.
 */

/** Lake layers: the prefixes of the data-lake bucket (constructs/data/data-lake.ts). */
export type LakeLayer = 'bronze' | 'silver' | 'gold' | 'ml-features';

/** Days, or `indefinite`. */
export type RetentionDays = number | 'indefinite';

export interface LakeRetention {
  /** Days rows stay queryable in Iceberg (before the files move to Glacier or are deleted). */
  readonly queryableDays: RetentionDays;
  /** Days the data is kept at all (Glacier included). */
  readonly totalDays: RetentionDays;
  /** The seed 003 §4 retention row this follows, quoted. */
  readonly row: string;
}

export interface LakeColumn {
  readonly name: string;
  /** Glue/Hive type: string, bigint, int, double, boolean, timestamp, date, array<string>, map<string,double>. */
  readonly type: string;
  readonly comment?: string;
}

export interface LakeTableSpec {
  readonly layer: LakeLayer;
  /** Table name (lower-case letters, digits, underscores). */
  readonly name: string;
  readonly description: string;
  readonly columns: readonly LakeColumn[];
  /** Service that writes the table (a catalog service id or a pipeline: flink, spark). */
  readonly writer: string;
  readonly retention: LakeRetention;
}
