import type { BucketLifecycleRule } from '../constructs/data/secure-bucket';
import { rawEventRetentionRules, type DataLakeRetentionRule } from '../constructs/data/data-lake';
import { bronzeTableName } from '../constructs/analytics/kafka-iceberg-sink';
import { isPlaybackEventTopic } from '../catalog/lake-tables';
import type { RedisCacheUser } from '../constructs/data/redis-cache';
import type { PostgresExtension } from '../constructs/data/postgres-database';
import type { MskStorageMode } from '../constructs/data/kafka-cluster';
import { kafkaZones, type DataConfig, type RegionDataConfig } from '../environments/data-schema';
import { assertValidCatalogs, CATALOGS, type WorkloadCatalogs } from '../catalog/catalog-validation';
import type { DatabaseId } from '../catalog/databases';
import { analyticsFanInTopics, parseRetention, type KafkaClusterName, type TopicName } from '../catalog/kafka-topics';
import { cacheUsers, type ServiceId } from '../catalog/services';
import { AUDIT_LOG_RETENTION, postgresStorage } from './sizing';

/** One MSK cluster, resolved. */
export interface KafkaClusterPlan {
  readonly name: string;
  /** `<env>-<region>-<name>`. */
  readonly clusterName: string;
  readonly brokers: number;
  readonly brokerType: string;
  readonly zones: number;
  readonly volumeGb: number;
  readonly maxVolumeGb?: number;
  readonly storageMode: MskStorageMode;
  readonly retentionHours: number;
}

/** One topic of the catalog, resolved to its cluster and `retention.ms`. */
export interface KafkaTopicPlan {
  readonly name: TopicName;
  readonly cluster: KafkaClusterName;
  readonly partitions: number;
  readonly retentionMs: number;
}

/** One PostgreSQL database of the catalog with its resolved class and storage. */
export interface PostgresDatabasePlan {
  readonly id: DatabaseId;
  readonly databaseName: string;
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly extensions: readonly PostgresExtension[];
  /** Services using it; the first owns the schema. */
  readonly services: readonly ServiceId[];
}

/** One ElastiCache replication group with its users. */
export interface RedisCachePlan {
  readonly memoryGb: number;
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly nodeType?: string;
  readonly maxmemoryPolicy: string;
  readonly users: readonly RedisCacheUser[];
}

/** The region's MSK clusters and topic catalog, resolved. */
export interface KafkaPlan {
  readonly version: string;
  readonly logRetentionDays: number;
  readonly clusters: readonly KafkaClusterPlan[];
  readonly topics: readonly KafkaTopicPlan[];
  /**
   * Topics replicated from the real-time cluster into the analytics cluster of the region (MSK
   * Replicator), so the analytics cluster receives every topic of the catalog; empty unless the region
   * has both clusters.
   */
  readonly fanInTopics: readonly TopicName[];
  /**
   * The clusters that are the source of a cross-region MSK Replicator (phase 4, active-active; plan/regions.ts
   * `crossRegionKafkaSources`): each has multi-VPC private connectivity and the replicator's cluster policy
   * (constructs/data/kafka-cluster.ts).
   */
  readonly crossRegionSources: readonly KafkaClusterName[];
}

/**
 * What every data layer holds, the primary's and a secondary's (phase 4): the MSK clusters with the topic
 * catalog and the analytics fan-in, and EFS for live segments (with the data-client group and keys).
 */
export interface EventDataPlan {
  /** `<env>-<region>`: prefix of every name in the layer. */
  readonly name: string;
  readonly kafka: KafkaPlan;
  readonly efs: { readonly backup: boolean };
}

/**
 * A secondary's own data layer (phase 4, plan/regions.ts OWN_DATA_FROM_PHASE): the event stores, plus the
 * repositories its registry holds by ECR replication of the primary's (phase 2+, same names).
 */
export interface SecondaryDataPlan extends EventDataPlan {
  /** Services whose images the region pulls from its own registry (`<env>/<service>`, replicated). */
  readonly replicatedRepositories: readonly ServiceId[];
}

/** The data layer's plan of the primary region: every store (plan/regions.ts OWN_DATA_FROM_PHASE). */
export interface DataPlan extends EventDataPlan {
  readonly postgres: {
    readonly engineVersion: string;
    readonly multiAz: boolean;
    readonly backupRetentionDays: number;
    readonly performanceInsightsRetentionDays: number;
    readonly monitoringIntervalSeconds: number;
    readonly logRetentionDays: number;
    /** `ReplicaLag` alarm threshold of the cross-region read replicas, seconds. */
    readonly replicaLagAlarmSeconds: number;
    readonly databases: readonly PostgresDatabasePlan[];
  };
  readonly redis: {
    readonly engineVersion: string;
    readonly snapshotRetentionDays: number;
    readonly logRetentionDays: number;
    readonly cache: RedisCachePlan;
    readonly featureStore: RedisCachePlan;
  };
  readonly storage: {
    readonly noncurrentVersionDays: number;
    readonly accessLogRetentionDays: number;
    /**
     * Per-table rules of the data lake's bronze layer: raw events other than playback events are deleted
     * at 90 days (constructs/data/data-lake.ts rawEventRetentionRules); playback events keep the layer's
     * 2-year rule under their own prefixes.
     */
    readonly dataLakeRetentionRules: readonly DataLakeRetentionRule[];
    /** Lifecycle rules of the logs bucket (audit/ to Glacier after a year, kept 7 years). */
    readonly logsLifecycleRules: readonly BucketLifecycleRule[];
  };
  readonly ecr: {
    readonly keepImages: number;
    readonly untaggedExpiryDays: number;
    /** One repository per catalog service. */
    readonly services: readonly ServiceId[];
  };
  /**
   * The global edge layer serves this region's media origin (the environment's `edge.originRegion` or
   * `edge.secondaryOriginRegion`): that layer then owns the media bucket's and key's policies, which name
   * its distributions, and CloudFront's access-log delivery may write the logs bucket (docs/edge.md).
   */
  readonly servedByEdge: boolean;
}

/**
 * Resolves `regions.<region>.data` against the workload catalogs (checked first) and the environment's
 * scale: clusters with their zone counts, topics with `retention.ms`, databases with storage, caches
 * with their users.
 */
export function planData(envName: string, region: string, azCount: number, scale: number, cfg: DataConfig, servedByEdge: boolean, catalogs: WorkloadCatalogs = CATALOGS, crossRegionSources: readonly KafkaClusterName[] = []): DataPlan {
  const events = planEventData(envName, region, azCount, cfg, catalogs, crossRegionSources);
  const cache = (c: DataConfig['redis']['cache'], users: RedisCacheUser[]): RedisCachePlan => ({
    memoryGb: c.memoryGb, shards: c.shards, replicasPerShard: c.replicasPerShard, maxmemoryPolicy: c.maxmemoryPolicy, users,
    ...(c.nodeType ? { nodeType: c.nodeType } : {}),
  });
  return {
    ...events,
    servedByEdge,
    postgres: {
      engineVersion: cfg.postgres.engineVersion,
      multiAz: cfg.postgres.multiAz,
      backupRetentionDays: cfg.postgres.backupRetentionDays,
      performanceInsightsRetentionDays: cfg.postgres.performanceInsightsRetentionDays,
      monitoringIntervalSeconds: cfg.postgres.monitoringIntervalSeconds,
      logRetentionDays: cfg.postgres.logRetentionDays,
      replicaLagAlarmSeconds: cfg.postgres.replicaLagAlarmSeconds,
      databases: catalogs.databases.map((db) => {
        const override = cfg.postgres.databases[db.id] ?? {};
        const storage = postgresStorage(db.storageEstimateGb, scale, cfg.postgres.storageHeadroom, cfg.postgres.maxStorageFactor, override.allocatedStorageGb);
        return {
          id: db.id,
          databaseName: db.id.replace(/-/g, '_'),
          instanceClass: override.instanceClass ?? cfg.postgres.instanceClass,
          allocatedStorageGb: storage.allocatedGb,
          maxAllocatedStorageGb: storage.maxAllocatedGb,
          extensions: db.extensions.filter((e): e is PostgresExtension => e === 'vector'),
          services: db.services,
        };
      }),
    },
    redis: {
      engineVersion: cfg.redis.engineVersion,
      snapshotRetentionDays: cfg.redis.snapshotRetentionDays,
      logRetentionDays: cfg.redis.logRetentionDays,
      cache: cache(cfg.redis.cache, cacheUsers('shared', catalogs.services).map((s) => ({ name: s.id }))),
      featureStore: cache(cfg.redis.featureStore, cacheUsers('feature-store', catalogs.services).map((s) => ({ name: s.id, keyPattern: '*' }))),
    },
    storage: {
      noncurrentVersionDays: cfg.storage.noncurrentVersionDays,
      accessLogRetentionDays: cfg.storage.accessLogRetentionDays,
      dataLakeRetentionRules: rawEventRetentionRules(catalogs.topics.filter((t) => !isPlaybackEventTopic(t.name)).map((t) => bronzeTableName(t.name))),
      logsLifecycleRules: [{
        id: 'audit', prefix: 'audit/',
        transitions: [{ days: AUDIT_LOG_RETENTION.glacierAfterDays, storageClass: 'GLACIER' }],
        expirationDays: AUDIT_LOG_RETENTION.expireAfterDays,
      }],
    },
    ecr: { keepImages: cfg.ecr.keepImages, untaggedExpiryDays: cfg.ecr.untaggedExpiryDays, services: catalogs.services.map((s) => s.id) },
  };
}

/**
 * The part of `regions.<region>.data` every data layer builds (the whole data layer of a secondary at
 * phase 4): MSK clusters with their zone counts, topics with `retention.ms`, the analytics fan-in, EFS.
 * `crossRegionSources`: the clusters that feed a replicator in another region.
 */
export function planEventData(envName: string, region: string, azCount: number, cfg: Pick<RegionDataConfig, 'kafka' | 'efs'>, catalogs: WorkloadCatalogs = CATALOGS, crossRegionSources: readonly KafkaClusterName[] = []): EventDataPlan {
  assertValidCatalogs(catalogs, Object.keys(cfg.kafka.clusters));
  const name = `${envName}-${region}`;
  return {
    name,
    kafka: {
      version: cfg.kafka.version,
      logRetentionDays: cfg.kafka.logRetentionDays,
      clusters: Object.entries(cfg.kafka.clusters).map(([clusterName, c]) => ({
        name: clusterName,
        clusterName: `${name}-${clusterName}`,
        brokers: c.brokers,
        brokerType: c.brokerType,
        // The cluster's zones: given, else the region's azCount (at most 3); the schema checked both.
        zones: kafkaZones(c, azCount),
        volumeGb: c.volumeGb,
        ...(c.maxVolumeGb !== undefined ? { maxVolumeGb: c.maxVolumeGb } : {}),
        storageMode: c.storageMode,
        retentionHours: c.retentionHours,
      })),
      // assertValidCatalogs proved every retention parses.
      topics: catalogs.topics.map((t) => ({ name: t.name, cluster: t.cluster, partitions: t.partitions, retentionMs: parseRetention(t.retention)! })),
      fanInTopics: cfg.kafka.clusters.realtime && cfg.kafka.clusters.analytics ? analyticsFanInTopics(catalogs.topics) : [],
      crossRegionSources,
    },
    efs: { backup: cfg.efs.backup },
  };
}

/** A secondary's own data layer at phase 4: its event stores and the replicated repositories of the catalog's services. */
export function planSecondaryData(envName: string, region: string, azCount: number, cfg: Pick<RegionDataConfig, 'kafka' | 'efs'>, catalogs: WorkloadCatalogs = CATALOGS, crossRegionSources: readonly KafkaClusterName[] = []): SecondaryDataPlan {
  return { ...planEventData(envName, region, azCount, cfg, catalogs, crossRegionSources), replicatedRepositories: catalogs.services.map((s) => s.id) };
}

/**
 * The data layer's two Redis replication groups: the plan key of each and the suffix of its name
 * (`<env>-<region>-<suffix>`). One table for the data stack that creates them and the replication layer
 * that joins them to Global Datastores.
 */
export const REDIS_GROUPS = {
  cache: { planKey: 'cache', suffix: 'cache' },
  'feature-store': { planKey: 'featureStore', suffix: 'features' },
} as const satisfies Record<string, { planKey: keyof DataPlan['redis']; suffix: string }>;
export type RedisGroupId = keyof typeof REDIS_GROUPS;

/** The replication group id of `group` in the data layer named `dataName` (`<env>-<region>`). */
export function redisGroupId(dataName: string, group: RedisGroupId): string {
  return `${dataName}-${REDIS_GROUPS[group].suffix}`;
}
