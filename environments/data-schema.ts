import { z } from 'zod';
import { rule } from './rule';
import { rdsInstanceClassProblem } from '../constructs/data/postgres-database';
import { replicaLagThresholdProblem } from '../constructs/data/postgres-read-replica';
import { LOG_RETENTION_DAYS } from '../constructs/core/logs';
import { MSK_BROKER_TYPES, MSK_KAFKA_VERSIONS, MSK_MAX_BROKERS, MSK_MAX_VOLUME_GB } from '../constructs/data/kafka-cluster';
import { oneOf } from './cluster-schema';
import { redisNodeTypeFor } from '../constructs/data/redis-cache';
import { DATABASE_IDS } from '../catalog/databases';
import { KAFKA_TOPICS } from '../catalog/kafka-topics';

/**
 * `regions.<region>.data`: the data layer of a region (seed 003 §4). A region without it gets no data
 * stack. Every default of the layer's configuration is written here.
 */

const logRetention = z.number().int()
  .refine((d) => LOG_RETENTION_DAYS.includes(d), { message: `must be one of the retention values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}` });

/** `data.kafka.clusters.<name>`: one MSK Provisioned cluster. */
const kafkaClusterSchema = z.strictObject({
  /** Broker count: a multiple of `zones`, at least 3 (replication factor 3), at most MSK_MAX_BROKERS. */
  brokers: z.number().int().min(1).max(MSK_MAX_BROKERS, `must be at most ${MSK_MAX_BROKERS} (MSK's default quota of brokers per cluster)`),
  /** AZs the brokers spread over (2 or 3); defaults to the region's azCount, at most 3. */
  zones: oneOf([2, 3]).optional(),
  /** MSK Standard broker size. */
  brokerType: z.enum(MSK_BROKER_TYPES as [string, ...string[]]),
  /** EBS per broker at creation, GiB; storage autoscaling grows it. */
  volumeGb: z.number().int().min(1).max(MSK_MAX_VOLUME_GB).default(1000),
  /** Autoscaling ceiling per broker, GiB; defaults to 4x volumeGb (at most 16384). */
  maxVolumeGb: z.number().int().min(1).max(MSK_MAX_VOLUME_GB).optional(),
  /** Cluster default retention (`log.retention.hours`); topics set their own `retention.ms`. */
  retentionHours: z.number().int().min(1),
  /** LOCAL (EBS) or TIERED (MSK tiered storage; not on kafka.t3.small). */
  storageMode: z.enum(['LOCAL', 'TIERED']).default('LOCAL'),
});

const kafkaSchema = z.strictObject({
  /** MSK Kafka version for every cluster of the region (versions.md §3). */
  version: z.enum(MSK_KAFKA_VERSIONS as [string, ...string[]]).default('3.9.x.kraft'),
  /** Days broker logs are kept in CloudWatch Logs. */
  logRetentionDays: logRetention.default(90),
  /** Clusters by name; every cluster the topic catalog (catalog/kafka-topics.ts) names must be here. */
  clusters: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'cluster names are 1-20 lower-case letters, digits or dashes'), kafkaClusterSchema),
});

const postgresDatabaseSchema = z.strictObject({
  /** Instance class for this database; defaults to `postgres.instanceClass`. */
  instanceClass: z.string().superRefine(rule(rdsInstanceClassProblem)).optional(),
  /** gp3 storage at creation, GiB; defaults to the seed estimate x scale x storageHeadroom. */
  allocatedStorageGb: z.number().int().min(20).max(65536).optional(),
});

const postgresSchema = z.strictObject({
  /** RDS PostgreSQL 16 minor version (versions.md §4: 16.14 newest seen; 16.5-16.8 ended 2026-05-31). */
  engineVersion: z.string().regex(/^16\.\d+$/, 'must be a PostgreSQL 16 minor version such as 16.14').default('16.14')
    .refine((v) => Number(v.split('.')[1]) >= 9, { message: 'RDS ended standard support for 16.5-16.8 on 2026-05-31 (versions.md §4); use 16.9 or later' }),
  /** Default instance class of every database. */
  instanceClass: z.string().superRefine(rule(rdsInstanceClassProblem)).default('db.r6g.large'),
  /** Standby in a second AZ. */
  multiAz: z.boolean().default(true),
  /** Days of automated backups (point-in-time recovery window). */
  backupRetentionDays: z.number().int().min(1).max(35).default(14),
  /** Performance Insights retention: 7 (free) or a multiple of 31 up to 731. */
  performanceInsightsRetentionDays: z.number().int().refine((d) => d === 7 || d === 731 || (d % 31 === 0 && d >= 31 && d <= 713), { message: 'must be 7, a multiple of 31 up to 713, or 731' }).default(7),
  /** Enhanced monitoring interval, seconds. */
  monitoringIntervalSeconds: oneOf([1, 5, 10, 15, 30, 60]).default(60),
  /** Allocated storage = seed estimate x environment scale x this factor (at least 20 GiB). */
  storageHeadroom: z.number().min(1).max(10).default(1.25),
  /** Storage autoscaling ceiling = allocated storage x this factor. */
  maxStorageFactor: z.number().min(1).max(20).default(4),
  /** Days exported PostgreSQL logs are kept. */
  logRetentionDays: logRetention.default(90),
  /**
   * Cross-region read replicas (phase 3+, docs/replication.md): the `ReplicaLag` alarm fires when the lag
   * stays above this many seconds for 5 minutes. Seed 003 §10 asks for "< 1 s lag".
   */
  replicaLagAlarmSeconds: z.number().superRefine((v, ctx) => {
    const problem = replicaLagThresholdProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).default(1),
  /** Per-database overrides, keyed by the ids of catalog/databases.ts. */
  databases: z.partialRecord(z.enum(DATABASE_IDS), postgresDatabaseSchema).default({}),
});

const redisCacheSchema = z.strictObject({
  /** Data the cache must hold across shards, GB; sizes the node type. */
  memoryGb: z.number().positive(),
  /** Shards (primaries). */
  shards: z.number().int().min(1).max(500),
  /** Replicas per shard; 0 means no Multi-AZ and no automatic failover (development only). */
  replicasPerShard: z.number().int().min(0).max(5).default(1),
  /** Fixed node type instead of sizing from memoryGb. */
  nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ElastiCache node type such as cache.r6g.large').optional(),
  /** Eviction policy. */
  maxmemoryPolicy: z.enum(['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-ttl', 'noeviction']).default('volatile-lru'),
});

const redisSchema = z.strictObject({
  /** Redis OSS version (versions.md §5: 7.1 is the highest Redis OSS). */
  engineVersion: z.enum(['7.0', '7.1']).default('7.1'),
  /** Days of daily snapshots kept. */
  snapshotRetentionDays: z.number().int().min(0).max(35).default(7),
  /** Days slow and engine logs are kept. */
  logRetentionDays: logRetention.default(30),
  /** The shared cache layer (seed: 64 GB, cluster mode). */
  cache: redisCacheSchema,
  /** The online feature store (seed: 32 GB, 3 primaries + 3 replicas). */
  featureStore: redisCacheSchema,
});

const storageSchema = z.strictObject({
  /** Days noncurrent object versions are kept in every bucket. */
  noncurrentVersionDays: z.number().int().min(1).default(90),
  /** Days S3 server access logs are kept. */
  accessLogRetentionDays: z.number().int().min(1).default(365),
});

const efsSchema = z.strictObject({
  /** Daily AWS Backup of the live-segment file system. */
  backup: z.boolean().default(true),
});

const ecrSchema = z.strictObject({
  /** Tagged images kept per repository. */
  keepImages: z.number().int().min(1).default(200),
  /** Days untagged images are kept. */
  untaggedExpiryDays: z.number().int().min(1).default(14),
});

export const dataSchema = z.strictObject({
  kafka: kafkaSchema,
  /**
   * The PostgreSQL fleet. Only the primary region has one: a secondary's databases are the primary's
   * cross-region replicas (docs/replication.md), so writing it there is an error (`regionStoresProblem`).
   * @default the defaults of every key below (in the primary region)
   */
  postgres: postgresSchema.optional(),
  /** The caches: required in the primary region, an error on a secondary (`regionStoresProblem`). */
  redis: redisSchema.optional(),
  storage: storageSchema.prefault({}),
  efs: efsSchema.prefault({}),
  ecr: ecrSchema.prefault({}),
});

/** `regions.<region>.data` as written (postgres and redis optional). */
export type RegionDataConfig = z.output<typeof dataSchema>;
export type PostgresConfig = z.output<typeof postgresSchema>;
export type RedisConfig = z.output<typeof redisSchema>;
/** The data layer of the primary region: its databases and caches resolved (postgres from its defaults when omitted). */
export type DataConfig = RegionDataConfig & { readonly postgres: PostgresConfig; readonly redis: RedisConfig };
export type KafkaClusterConfig = RegionDataConfig['kafka']['clusters'][string];

/**
 * Rule: only the primary region holds PostgreSQL and Redis primaries (the coordinator's "read local, write
 * to the primary", docs/regions-dr.md): in the primary `redis` is required; in any other region `postgres`
 * and `redis` are refused, because its databases and caches are the primary's replicas (a second copy
 * would be a second source of truth). Returns the offending key below `data` and the message.
 */
export function regionStoresProblem(isPrimary: boolean, data: Pick<RegionDataConfig, 'postgres' | 'redis'>): { readonly key: 'postgres' | 'redis'; readonly message: string } | undefined {
  if (isPrimary) {
    return data.redis === undefined
      ? { key: 'redis', message: 'required in the primary region: the shared cache (cache) and the online feature store (featureStore)' }
      : undefined;
  }
  for (const key of ['postgres', 'redis'] as const) {
    if (data[key] !== undefined) {
      return { key, message: `not allowed outside the primary region: a secondary's databases and caches are the primary's replicas (the replication layer builds them); remove it` };
    }
  }
  return undefined;
}

/**
 * The primary region's data config with its stores resolved: `postgres` from the schema's own defaults when
 * omitted. Undefined when `redis` is missing (the schema refuses that, `regionStoresProblem`).
 */
export function primaryDataConfig(data: RegionDataConfig | undefined): DataConfig | undefined {
  if (!data || data.redis === undefined) return undefined;
  return { ...data, postgres: data.postgres ?? postgresSchema.parse({}), redis: data.redis };
}

/** The zone count a Kafka cluster spreads over in a region with `azCount` AZs. */
export function kafkaZones(cluster: KafkaClusterConfig, azCount: number): number {
  return cluster.zones ?? Math.min(azCount, 3);
}

/**
 * Cross-field rules of `regions.<region>.data` that need the region (azCount) or the workload catalogs;
 * called from the environment schema's superRefine so messages name the file and key path.
 */
export function refineDataConfig(region: string, azCount: number, data: RegionDataConfig, ctx: z.RefinementCtx): void {
  const base = ['regions', region, 'data'];
  for (const [name, c] of Object.entries(data.kafka.clusters)) {
    const path = [...base, 'kafka', 'clusters', name];
    const zones = kafkaZones(c, azCount);
    if (zones > azCount) {
      ctx.addIssue({ code: 'custom', path: [...path, 'zones'], message: `${zones} zones requested but the region has azCount ${azCount}` });
      continue;
    }
    if (c.brokers % zones !== 0) {
      ctx.addIssue({ code: 'custom', path: [...path, 'brokers'], message: `${c.brokers} brokers cannot be spread evenly over ${zones} Availability Zones; use a multiple of ${zones} (e.g. ${zones * Math.max(1, Math.floor(c.brokers / zones))} or ${zones * (Math.floor(c.brokers / zones) + 1)}), or set zones` });
    }
    if (c.brokers < 3) {
      ctx.addIssue({ code: 'custom', path: [...path, 'brokers'], message: `at least 3 brokers are needed for replication factor 3, got ${c.brokers}` });
    }
    if (c.maxVolumeGb !== undefined && c.maxVolumeGb < c.volumeGb) {
      ctx.addIssue({ code: 'custom', path: [...path, 'maxVolumeGb'], message: `must be at least volumeGb (${c.volumeGb})` });
    }
    if (c.storageMode === 'TIERED' && c.brokerType === 'kafka.t3.small') {
      ctx.addIssue({ code: 'custom', path: [...path, 'storageMode'], message: 'tiered storage is not available on kafka.t3.small; use kafka.m5/kafka.m7g or LOCAL' });
    }
    if (c.brokerType === 'kafka.t3.small' && data.kafka.version.startsWith('4.')) {
      ctx.addIssue({ code: 'custom', path: [...path, 'brokerType'], message: `kafka.t3.small is reported as rejected for Kafka ${data.kafka.version} (versions.md §3); use kafka.m7g.large or a 3.x version` });
    }
  }
  const needed = [...new Set(KAFKA_TOPICS.map((t) => t.cluster))];
  for (const name of needed) {
    if (!(name in data.kafka.clusters)) {
      const topics = KAFKA_TOPICS.filter((t) => t.cluster === name).map((t) => t.name);
      ctx.addIssue({ code: 'custom', path: [...base, 'kafka', 'clusters'], message: `cluster '${name}' is missing: the topic catalog (catalog/kafka-topics.ts) places ${topics.join(', ')} on it` });
    }
  }
  for (const key of ['cache', 'featureStore'] as const) {
    const c = data.redis?.[key];
    if (!c || c.nodeType) continue;
    try {
      redisNodeTypeFor(c.memoryGb, c.shards);
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: [...base, 'redis', key, 'memoryGb'], message: (e as Error).message });
    }
  }
}
