import { Construct } from 'constructs';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { DataLake, DataLakeLayer } from '../data/data-lake';
import type { BucketLifecycleRule } from '../data/secure-bucket';
import { grantStatements } from '../data/grants';
import { LakeColumn, LakeLayer, LakeRetention, LakeTableSpec, RetentionDays } from './lake-types';
import { AvroField, AvroType, EventSchemaSpec } from './schema-types';

/** Storage classes Iceberg cannot read without a restore: a transition into one ends the queryable window. */
const ARCHIVE_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'];
/** Iceberg snapshots kept for time travel (`history.expire.max-snapshot-age-ms`), days. */
export const SNAPSHOT_RETENTION_DAYS = 7;

/** The retention a lake layer's lifecycle rule implements (the data-lake bucket is the source of truth). */
export function layerRetention(layer: DataLakeLayer): { queryableDays: RetentionDays; totalDays: RetentionDays } {
  const archive = (layer.transitions ?? []).find((t) => ARCHIVE_CLASSES.includes(t.storageClass));
  const totalDays: RetentionDays = layer.expirationDays ?? 'indefinite';
  return { queryableDays: archive ? archive.days : totalDays, totalDays };
}

/**
 * Why `table`'s retention contradicts its layer's lifecycle rule, or undefined when they agree. The one
 * rule behind "table properties and lifecycle rules say the same": used by the Lakehouse construct and
 * the tests.
 */
export function lakeTableRetentionProblem(table: { readonly layer: string; readonly name: string; readonly retention: LakeRetention }, layers: readonly DataLakeLayer[],
  rules: readonly BucketLifecycleRule[] = layers): string | undefined {
  const layer = layers.find((l) => l.id === table.layer);
  if (!layer) return `lake table '${table.layer}.${table.name}': layer '${table.layer}' is not a layer of the data lake (${layers.map((l) => l.id).join(', ')})`;
  const location = `${layer.prefix}${table.name}/`;
  const covering = rules.filter((r) => location.startsWith(r.prefix));
  const expected = prefixRetention(covering);
  if (expected.queryableDays !== table.retention.queryableDays || expected.totalDays !== table.retention.totalDays) {
    return `lake table '${table.layer}.${table.name}': retention ${table.retention.queryableDays} days queryable / ${table.retention.totalDays} total ` +
      `contradicts layer '${layer.id}' (data-lake lifecycle rules ${covering.map((r) => `'${r.id}'`).join(', ')} on ${location}: ${expected.queryableDays} queryable / ${expected.totalDays} total; ${layer.retentionRow})`;
  }
  return undefined;
}

/**
 * The retention the lifecycle rules covering one prefix give it: S3 applies the earliest expiration of
 * overlapping rules, and an object is queryable until the earliest archive transition before it expires.
 */
export function prefixRetention(covering: readonly BucketLifecycleRule[]): { queryableDays: RetentionDays; totalDays: RetentionDays } {
  const expirations = covering.map((r) => r.expirationDays).filter((d): d is number => d !== undefined);
  const totalDays: RetentionDays = expirations.length > 0 ? Math.min(...expirations) : 'indefinite';
  const archives = covering.flatMap((r) => (r.transitions ?? []).filter((t) => ARCHIVE_CLASSES.includes(t.storageClass)).map((t) => t.days));
  const archive = archives.length > 0 ? Math.min(...archives) : undefined;
  return { queryableDays: archive !== undefined && (totalDays === 'indefinite' || archive < totalDays) ? archive : totalDays, totalDays };
}

/** Glue/Hive type of an Avro type (unions with null become the non-null type). */
export function glueTypeOf(type: AvroType): string {
  if (Array.isArray(type)) {
    const inner = (type as readonly AvroType[]).filter((t) => t !== 'null');
    if (inner.length !== 1) throw new Error(`union ${JSON.stringify(type)} has more than one non-null branch`);
    return glueTypeOf(inner[0]);
  }
  if (typeof type === 'string') {
    return ({ null: 'string', boolean: 'boolean', int: 'int', long: 'bigint', float: 'float', double: 'double', bytes: 'binary', string: 'string' } as Record<string, string>)[type];
  }
  const t = type as { type: string; logicalType?: string; items?: AvroType; values?: AvroType };
  if (t.logicalType === 'timestamp-millis') return 'timestamp';
  if (t.logicalType === 'date') return 'date';
  if (t.type === 'enum') return 'string';
  if (t.type === 'array') return `array<${glueTypeOf(t.items!)}>`;
  if (t.type === 'map') return `map<string,${glueTypeOf(t.values!)}>`;
  if (t.type === 'record') return `struct<${(type as { fields: readonly AvroField[] }).fields.map((f) => `${f.name}:${glueTypeOf(f.type)}`).join(',')}>`;
  return glueTypeOf(t.type as AvroType);
}

/**
 * The bronze table of a topic: raw events as received, columns from the topic's Avro schema.
 * `retention` is the bronze retention the caller's data policy sets (the app passes its catalog's
 * BRONZE_RETENTION); the Lakehouse refuses it unless it matches the data lake's bronze lifecycle rule.
 */
export function bronzeTableOf(schema: EventSchemaSpec, retention: LakeRetention): LakeTableSpec {
  return {
    layer: 'bronze',
    name: schema.topic.replace(/[.-]/g, '_'),
    description: `Raw ${schema.topic} events as received (Avro), from the Analytics Collector sink`,
    writer: 'analytics-collector',
    retention,
    columns: [
      ...schema.schema.fields.map((f): LakeColumn => ({ name: f.name, type: glueTypeOf(f.type), ...(f.doc ? { comment: f.doc.slice(0, 255) } : {}) })),
      { name: 'event_date', type: 'date', comment: 'partition (day of occurred_at)' },
    ],
  };
}

export interface LakehouseProps {
  /** The data lake whose layers (prefixes + lifecycle rules) hold the tables. */
  readonly dataLake: DataLake;
  /** Prefix of the Glue database names (`<prefix>_bronze`, ...): lower-case letters, digits, underscores. */
  readonly databasePrefix: string;
  /** Tables of every layer (bronze ones included). */
  readonly tables: readonly LakeTableSpec[];
}

const LAYER_FORMAT: Readonly<Record<LakeLayer, 'avro' | 'parquet'>> = { bronze: 'avro', silver: 'parquet', gold: 'parquet', 'ml-features': 'parquet' };

/**
 * Apache Iceberg (format v2) tables in the AWS Glue Data Catalog, one Glue database per lake layer, each
 * table under its layer's prefix of the data-lake bucket. Every table states the retention of its seed
 * row in its properties (`ott.retention.*`), and that retention must equal what the layer's lifecycle rule
 * does (queryable until the files move to Glacier or expire): a contradiction fails synth naming the
 * table. Bronze writes Avro data files (the seed's raw layer is Avro), the other layers Parquet.
 *
 * @example
 * ```ts
 * import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
 * import { awsContext } from '@ott-platform/infra/core';
 * import { DataLake, SecureBucket } from '@ott-platform/infra/data';
 * import { Lakehouse, SchemaRegistry } from '@ott-platform/infra/analytics';
 *
 * const account = awsContext(this).accountId;
 * const dataLake = new DataLake(this, 'lake', { bucketName: `inference-dev-lake-${account}` });
 * const lakehouse = new Lakehouse(this, 'lakehouse', {
 *   dataLake, databasePrefix: 'inference_dev',
 *   tables: [{
 *     layer: 'bronze', name: 'inference_results', description: 'Raw results', writer: 'sink',
 *     columns: [{ name: 'request_id', type: 'string' }, { name: 'event_date', type: 'date' }],
 *     retention: { queryableDays: 90, totalDays: 730, row: 'Bronze: 90 days, Glacier to 2 years' },
 *   }],
 * });
 * const registry = new SchemaRegistry(this, 'schemas', {
 *   registryName: 'inference-dev-events',
 *   topics: [{ name: 'inference.results', owner: 'inference' }],
 *   schemas: [{ topic: 'inference.results', owner: 'inference', schema: { type: 'record', name: 'InferenceResult', fields: [{ name: 'request_id', type: 'string' }] } }],
 * });
 * const artifacts = new SecureBucket(this, 'artifacts', { bucketName: `inference-dev-artifacts-${account}`, label: 'artifacts' });
 * const reader = new IamRole(this, 'reader', { name: 'inference-dev-reader', assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}' });
 * lakehouse.grantRead(reader, 'bronze'); // Glue reads on the bronze database and its objects, nothing else
 * ```
 */
export class Lakehouse extends Construct {
  /** Glue databases by layer. */
  public readonly databases: Readonly<Partial<Record<string, GlueCatalogDatabase>>>;
  /** Tables by `<layer>.<name>`. */
  public readonly tables: Readonly<Record<string, GlueCatalogTable>>;
  public readonly dataLake: DataLake;
  private readonly catalogArn: string;
  /** Grants made, by role path, kind and layer (a role's name is a new token on every read, so grants dedupe here). */
  private readonly granted = new Set<string>();
  private readonly databaseArnPrefix: string;

  constructor(scope: Construct, id: string, props: LakehouseProps) {
    super(scope, id);
    const where = this.node.path;
    if (!/^[a-z][a-z0-9_]{0,200}$/.test(props.databasePrefix)) {
      throw new PlatformValidationError(where, `databasePrefix '${props.databasePrefix}' must be lower-case letters, digits and underscores, starting with a letter`);
    }
    const problems = props.tables.map((t) => lakeTableRetentionProblem(t, props.dataLake.layers, props.dataLake.lifecycleRules)).filter((p): p is string => !!p);
    const seen = new Set<string>();
    for (const t of props.tables) {
      if (!/^[a-z][a-z0-9_]{0,127}$/.test(t.name)) problems.push(`lake table '${t.layer}.${t.name}': name must be lower-case letters, digits and underscores`);
      if (seen.has(`${t.layer}.${t.name}`)) problems.push(`lake table '${t.layer}.${t.name}' is listed twice`);
      seen.add(`${t.layer}.${t.name}`);
    }
    if (problems.length > 0) throw new PlatformValidationError(where, problems.join('; '));
    this.dataLake = props.dataLake;
    const ctx = awsContext(this);
    this.catalogArn = `arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:catalog`;
    this.databaseArnPrefix = `arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}`;

    const databases: Record<string, GlueCatalogDatabase> = {};
    const tables: Record<string, GlueCatalogTable> = {};
    for (const layer of [...new Set(props.tables.map((t) => t.layer))]) {
      const prefix = props.dataLake.prefixOf(layer);
      databases[layer] = new GlueCatalogDatabase(this, `db-${layer}`, {
        name: this.databaseName(props.databasePrefix, layer),
        description: `Lake layer ${layer} (seed 003 §4), Iceberg tables under s3://<data lake>/${prefix}`,
        locationUri: `s3://${props.dataLake.bucketName}/${prefix}`,
      });
    }
    for (const t of props.tables) {
      const prefix = props.dataLake.prefixOf(t.layer);
      tables[`${t.layer}.${t.name}`] = new GlueCatalogTable(this, `table-${t.layer}-${t.name.replace(/_/g, '-')}`, {
        name: t.name,
        databaseName: databases[t.layer].name,
        description: t.description,
        tableType: 'EXTERNAL_TABLE',
        openTableFormatInput: { icebergInput: { metadataOperation: 'CREATE', version: '2' } },
        storageDescriptor: {
          location: `s3://${props.dataLake.bucketName}/${prefix}${t.name}/`,
          columns: t.columns.map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) })),
        },
        parameters: {
          'write.format.default': LAYER_FORMAT[t.layer],
          'history.expire.max-snapshot-age-ms': String(SNAPSHOT_RETENTION_DAYS * 86_400_000),
          'ott.layer': t.layer,
          'ott.writer': t.writer,
          'ott.retention.queryable-days': String(t.retention.queryableDays),
          'ott.retention.total-days': String(t.retention.totalDays),
          'ott.retention.lifecycle-rule': t.layer,
        },
      });
    }
    this.databases = databases;
    this.tables = tables;
  }

  private databaseName(prefix: string, layer: string): string {
    return `${prefix}_${layer.replace(/-/g, '_')}`;
  }

  private glueResources(layer: string): string[] {
    const db = this.databases[layer];
    if (!db) throw new PlatformValidationError(this.node.path, `no tables in layer '${layer}'; layers: ${Object.keys(this.databases).join(', ')}`);
    return [this.catalogArn, `${this.databaseArnPrefix}:database/${db.name}`, `${this.databaseArnPrefix}:table/${db.name}/*`];
  }

  private once(role: IamRole, what: string, grant: () => void): void {
    const key = `${role.node.path}|${what}`;
    if (this.granted.has(key)) return;
    this.granted.add(key);
    grant();
  }

  /** Lets `role` read the tables of `layer`: Glue catalog reads plus the layer's objects. */
  public grantRead(role: IamRole, layer: LakeLayer): void {
    this.once(role, `read-${layer}`, () => {
      grantStatements(this, role, `lake-read-${layer}`, [{
        Effect: 'Allow', Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'], Resource: this.glueResources(layer),
      }]);
      this.dataLake.grantRead(role, layer);
    });
  }

  /**
   * Lets `role` write the tables of `layer`: Iceberg commits (glue:UpdateTable), data and metadata files,
   * and deleting the files its own compaction and snapshot expiry orphan.
   */
  public grantWrite(role: IamRole, layer: LakeLayer): void {
    this.grantRead(role, layer);
    this.once(role, `write-${layer}`, () => {
      grantStatements(this, role, `lake-write-${layer}`, [
        { Effect: 'Allow', Action: ['glue:UpdateTable'], Resource: this.glueResources(layer) },
        { Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: [`${this.dataLake.bucketArn}/${this.dataLake.prefixOf(layer)}*`] },
      ]);
      this.dataLake.grantWrite(role, layer);
    });
  }
}
