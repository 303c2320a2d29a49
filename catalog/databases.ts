/**
 * The RDS PostgreSQL 16 databases of seed 003 §4 "Database Architecture", as typed data. The other rows of
 * that table (Redis cache layer and online feature store, S3/Iceberg offline store) are built by the
 * data layer from their own config; Elasticsearch and ClickHouse are not built now (PLATFORM.md).
 */
import type { ServiceId } from './services';

export const DATABASE_IDS = ['user-auth', 'entitlement', 'catalog', 'epg', 'playback', 'bookmark', 'recording', 'vector'] as const;
export type DatabaseId = (typeof DATABASE_IDS)[number];

/** PostgreSQL extensions a database needs created (by its owning service's migrations, see docs/data.md). */
export type PostgresExtensionName = 'vector' | 'pg_stat_statements';

export interface DatabaseSpec {
  readonly id: DatabaseId;
  readonly displayName: string;
  /** Services using it (catalog ids); the first owns schema migrations. */
  readonly services: readonly ServiceId[];
  /** Phase 1 storage estimate from the seed, GB. */
  readonly storageEstimateGb: number;
  /** The seed's backup strategy; RDS automated backups give daily snapshots plus WAL (point-in-time recovery). */
  readonly backup: 'daily' | 'daily+wal';
  /** Extensions beyond the defaults. */
  readonly extensions: readonly PostgresExtensionName[];
  readonly note?: string;
}

const DATABASE_TABLE = [
  { id: 'user-auth', displayName: 'User/Auth DB', services: ['user', 'auth', 'profile'], storageEstimateGb: 50, backup: 'daily+wal', extensions: [] },
  {
    id: 'entitlement', displayName: 'Entitlement DB', services: ['entitlement'], storageEstimateGb: 20, backup: 'daily+wal', extensions: [],
    note: 'The seed also lists the Subscription Service, which has no catalog row: an external system (see catalog/services.ts).',
  },
  { id: 'catalog', displayName: 'Catalog DB', services: ['catalog', 'metadata'], storageEstimateGb: 100, backup: 'daily+wal', extensions: [] },
  { id: 'epg', displayName: 'EPG DB', services: ['epg', 'schedule'], storageEstimateGb: 200, backup: 'daily', extensions: [], note: '14-day schedule data' },
  { id: 'playback', displayName: 'Playback DB', services: ['playback-session'], storageEstimateGb: 30, backup: 'daily', extensions: [], note: 'active sessions only' },
  { id: 'bookmark', displayName: 'Bookmark DB', services: ['bookmark'], storageEstimateGb: 50, backup: 'daily+wal', extensions: [] },
  { id: 'recording', displayName: 'Recording DB', services: ['recording'], storageEstimateGb: 100, backup: 'daily+wal', extensions: [] },
  {
    id: 'vector', displayName: 'Vector DB', services: ['metadata', 'recommendation', 'search'], storageEstimateGb: 50, backup: 'daily', extensions: ['vector'],
    note: 'pgvector embeddings (768-dim content embeddings, seed 003 §6)',
  },
] as const satisfies readonly DatabaseSpec[];

/** The catalog, typed by its spec (ids are literal unions; the table above keeps the literals for the completeness proof). */
export const DATABASES: readonly DatabaseSpec[] = DATABASE_TABLE;

/** Compile-time proof that DATABASES has an entry for every id of DATABASE_IDS. */
type MissingDatabases = Exclude<DatabaseId, (typeof DATABASE_TABLE)[number]['id']>;
export const DATABASES_COMPLETE: [MissingDatabases] extends [never] ? true : MissingDatabases = true;

/** The catalog entry of a database; throws for an unknown id. */
export function databaseSpec(id: DatabaseId, databases: readonly DatabaseSpec[] = DATABASES): DatabaseSpec {
  const d = databases.find((x) => x.id === id);
  if (!d) throw new Error(`database '${id}' is not in the database catalog`);
  return d;
}
