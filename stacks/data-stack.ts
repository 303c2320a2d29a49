import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { awsContext } from '../constructs/core/aws-context';
import { EncryptionKey, cloudWatchLogsKeyStatement } from '../constructs/core/kms';
import { Network } from '../constructs/network/network';
import { ContainerRepository } from '../constructs/data/container-registry';
import { DataClientAccess } from '../constructs/data/data-client-access';
import { DataLake } from '../constructs/data/data-lake';
import { EfsFilesystem } from '../constructs/data/efs-filesystem';
import { KafkaCluster } from '../constructs/data/kafka-cluster';
import { KafkaTopic } from '../constructs/data/kafka-topic';
import { EnhancedMonitoringRole, PostgresDatabase, postgresStorageGb } from '../constructs/data/postgres-database';
import { RedisCache } from '../constructs/data/redis-cache';
import { SecureBucket, allowServerAccessLogDelivery } from '../constructs/data/secure-bucket';
import { cloudFrontLogDeliveryBucketStatement, cloudFrontLogDeliveryKeyStatement } from '../constructs/edge/access-logs';
import { DataConfig } from '../environments/data-schema';
import { EnvironmentConfig } from '../environments/schema';
import { assertValidCatalogs, CATALOGS, WorkloadCatalogs } from '../catalog/catalog-validation';
import { DatabaseId } from '../catalog/databases';
import { parseRetention } from '../catalog/kafka-topics';
import { cacheUsers } from '../catalog/services';
import { LayerStack } from './layer-stack';

export interface DataStackProps {
  readonly env: EnvironmentConfig;
  readonly region: string;
  /** The region's network (from its network stack): referenced across stacks. */
  readonly network: Network;
  /**
   * Workload catalogs to build from (tests pass altered ones).
   * @default CATALOGS (catalog/)
   */
  readonly catalogs?: WorkloadCatalogs;
  /**
   * The global edge layer serves this region's media origin: it owns the media bucket's policy and its
   * key's policy (both name the CloudFront distributions, which exist only after the edge is deployed),
   * and CloudFront's access-log delivery may write `cloudfront/` of the logs bucket (docs/edge.md).
   * @default false (the media key admits this account's distributions by wildcard, the bucket keeps its own policy)
   */
  readonly servedByEdge?: boolean;
}

/** The region's buckets, by purpose. */
export interface DataBuckets {
  /** CMAF segments served through CloudFront (SSE-KMS with its own key; see docs/edge.md). */
  readonly mediaOrigin: SecureBucket;
  readonly dataLake: DataLake;
  readonly modelArtifacts: SecureBucket;
  /** Platform and audit logs (audit/ kept 7 years). */
  readonly logs: SecureBucket;
  /** Target of every bucket's S3 server access logs (SSE-S3, required by S3). */
  readonly accessLogs: SecureBucket;
}

/**
 * `<env>-<region>-data`: MSK clusters and the topic catalog, the RDS PostgreSQL fleet, the ElastiCache
 * caches, S3 buckets, EFS for live segments and one ECR repository per service. Every store admits only
 * the region's data-client security group (`clientSecurityGroupId`), which the cluster layer attaches
 * to its nodes.
 */
export class DataStack extends LayerStack {
  public readonly config: DataConfig;
  public readonly clientAccess: DataClientAccess;
  /** Attach to whatever must reach the data stores (EKS nodes/pods). */
  public readonly clientSecurityGroupId: string;
  public readonly kafkaClusters: Readonly<Record<string, KafkaCluster>>;
  /** Topics by name (`playback.sessions`, ...). */
  public readonly topics: Readonly<Record<string, KafkaTopic>>;
  public readonly databases: Readonly<Record<string, PostgresDatabase>>;
  /** The shared cache layer. */
  public readonly cache: RedisCache;
  /** The online feature store. */
  public readonly featureStore: RedisCache;
  public readonly buckets: DataBuckets;
  public readonly liveSegments: EfsFilesystem;
  /** ECR repositories by service id. */
  public readonly repositories: Readonly<Record<string, ContainerRepository>>;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, { env: props.env, region: props.region, layer: 'data' });
    const regionCfg = props.env.regions[props.region];
    if (!regionCfg.data) throw new Error(`region ${props.region} of ${props.env.name} has no data configuration`);
    const cfg = regionCfg.data;
    this.config = cfg;
    const catalogs = props.catalogs ?? CATALOGS;
    assertValidCatalogs(catalogs, Object.keys(cfg.kafka.clusters));

    const name = `${props.env.name}-${props.region}`;
    const protect = props.env.deletionProtection;
    const net = props.network;
    const ctx = awsContext(this);

    // One customer-managed key per kind of store (and one for their log groups), shared by the region.
    const key = (kind: string, extra = false) => new EncryptionKey(this, `key-${kind}`, {
      purpose: `${name} data layer: ${kind}`,
      alias: `${name}-data-${kind}`,
      ...(extra ? { additionalStatements: [cloudWatchLogsKeyStatement(this)] } : {}),
    }).keyArn;
    const logsKey = key('logs', true);
    const kafkaKey = key('kafka');
    const rdsKey = key('rds');
    const redisKey = key('redis');
    const edge = props.servedByEdge ?? false;
    const s3Key = new EncryptionKey(this, 'key-s3', {
      purpose: `${name} data layer: s3`,
      alias: `${name}-data-s3`,
      ...(edge ? { additionalStatements: [cloudFrontLogDeliveryKeyStatement(ctx.accountId, ctx.partition)] } : {}),
    }).keyArn;
    const efsKey = key('efs');
    const ecrKey = key('ecr');
    // Media origin: its own key, which CloudFront may use to decrypt for this account's distributions
    // only (OAC with SSE-KMS). A wildcard over the account's distribution ARNs keeps the data layer free
    // of a reference to the later edge layer; S3 bucket keys keep KMS requests per origin fetch low.
    const mediaKey = new EncryptionKey(this, 'key-media', {
      purpose: `${name} data layer: media origin (CloudFront OAC)`,
      alias: `${name}-data-media`,
      ...(edge ? { externalPolicy: true } : { additionalStatements: [{
        Sid: 'CloudFrontOacDecrypt',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['kms:Decrypt'],
        Resource: '*',
        Condition: { StringLike: { 'AWS:SourceArn': `arn:${ctx.partition}:cloudfront::${ctx.accountId}:distribution/*` } },
      }] }),
    }).keyArn;

    this.clientAccess = new DataClientAccess(this, 'data-clients', { name: `${name}-data-clients`, vpcId: net.vpcId });
    this.clientSecurityGroupId = this.clientAccess.clientSecurityGroupId;

    // Kafka
    const clusters: Record<string, KafkaCluster> = {};
    for (const [clusterName, c] of Object.entries(cfg.kafka.clusters)) {
      clusters[clusterName] = new KafkaCluster(this, `kafka-${clusterName}`, {
        clusterName: `${name}-${clusterName}`,
        kafkaVersion: cfg.kafka.version,
        brokers: c.brokers,
        brokerType: c.brokerType,
        vpcId: net.vpcId,
        subnetIds: net.isolatedSubnetIds,
        zones: c.zones,
        volumeSizeGb: c.volumeGb,
        maxVolumeSizeGb: c.maxVolumeGb,
        storageMode: c.storageMode,
        defaultRetentionHours: c.retentionHours,
        kmsKeyArn: kafkaKey,
        logsKmsKeyArn: logsKey,
        logRetentionDays: cfg.kafka.logRetentionDays,
      });
      this.clientAccess.allow(clusters[clusterName]);
    }
    this.kafkaClusters = clusters;
    const topics: Record<string, KafkaTopic> = {};
    for (const t of catalogs.topics) {
      topics[t.name] = new KafkaTopic(this, `topic-${t.name.replace(/[._]/g, '-')}`, {
        cluster: clusters[t.cluster],
        name: t.name,
        partitions: t.partitions,
        retentionMs: parseRetention(t.retention)!,
      });
    }
    this.topics = topics;

    // PostgreSQL
    const monitoringRole = new EnhancedMonitoringRole(this, 'rds-monitoring-role', { name: `${name}-rds-monitoring` });
    const databases: Record<string, PostgresDatabase> = {};
    for (const db of catalogs.databases) {
      const override = cfg.postgres.databases[db.id as DatabaseId] ?? {};
      const allocated = override.allocatedStorageGb ?? postgresStorageGb(db.storageEstimateGb, props.env.scale, cfg.postgres.storageHeadroom);
      databases[db.id] = new PostgresDatabase(this, `db-${db.id}`, {
        identifier: `${name}-${db.id}`,
        databaseName: db.id.replace(/-/g, '_'),
        engineVersion: cfg.postgres.engineVersion,
        instanceClass: override.instanceClass ?? cfg.postgres.instanceClass,
        vpcId: net.vpcId,
        subnetIds: net.isolatedSubnetIds,
        allocatedStorageGb: allocated,
        maxAllocatedStorageGb: Math.min(Math.ceil(allocated * cfg.postgres.maxStorageFactor), 65536),
        multiAz: cfg.postgres.multiAz,
        backupRetentionDays: cfg.postgres.backupRetentionDays,
        deletionProtection: protect,
        performanceInsightsRetentionDays: cfg.postgres.performanceInsightsRetentionDays,
        monitoringIntervalSeconds: cfg.postgres.monitoringIntervalSeconds,
        monitoringRoleArn: monitoringRole.roleArn,
        kmsKeyArn: rdsKey,
        logsKmsKeyArn: logsKey,
        logRetentionDays: cfg.postgres.logRetentionDays,
        extensions: db.extensions.filter((e) => e === 'vector'),
        tags: { service: db.services[0], services: db.services.join(' ') },
      });
      this.clientAccess.allow(databases[db.id]);
    }
    this.databases = databases;

    // Redis
    const redis = (id: string, groupId: string, description: string, c: DataConfig['redis']['cache'], users: { name: string; keyPattern?: string }[], service?: string) => {
      const cache = new RedisCache(this, id, {
        replicationGroupId: groupId,
        description,
        engineVersion: cfg.redis.engineVersion,
        memoryGb: c.memoryGb,
        shards: c.shards,
        replicasPerShard: c.replicasPerShard,
        nodeType: c.nodeType,
        maxmemoryPolicy: c.maxmemoryPolicy,
        vpcId: net.vpcId,
        subnetIds: net.isolatedSubnetIds,
        users,
        userIdPrefix: `${props.env.name}-${id}`,
        snapshotRetentionDays: cfg.redis.snapshotRetentionDays,
        finalSnapshot: protect,
        kmsKeyArn: redisKey,
        logsKmsKeyArn: logsKey,
        logRetentionDays: cfg.redis.logRetentionDays,
        tags: service ? { service } : {},
      });
      this.clientAccess.allow(cache);
      return cache;
    };
    this.cache = redis('cache', `${name}-cache`, 'Shared cache layer (seed 003 §4)', cfg.redis.cache,
      cacheUsers('shared', catalogs.services).map((s) => ({ name: s.id })));
    this.featureStore = redis('feature-store', `${name}-features`, 'Online feature store (seed 003 §6)', cfg.redis.featureStore,
      cacheUsers('feature-store', catalogs.services).map((s) => ({ name: s.id, keyPattern: '*' })), 'feature-store');

    // S3
    const bucketName = (purpose: string) => `${name}-${purpose}-${ctx.accountId}`;
    const accessLogs = new SecureBucket(this, 'bucket-access-logs', {
      bucketName: bucketName('access-logs'), label: 'access-logs', encryption: 's3-managed',
      lifecycleRules: [{ id: 'expire-access-logs', prefix: '', expirationDays: cfg.storage.accessLogRetentionDays }],
      noncurrentVersionExpirationDays: cfg.storage.noncurrentVersionDays, forceDestroy: !protect,
    });
    allowServerAccessLogDelivery(accessLogs);
    const common = { accessLogsBucket: accessLogs.bucketName, noncurrentVersionExpirationDays: cfg.storage.noncurrentVersionDays, forceDestroy: !protect };
    this.buckets = {
      accessLogs,
      // SSE-KMS with its own key. When the global edge layer serves it (servedByEdge), that layer owns the
      // bucket policy and the key policy, which name its distributions' ARNs (docs/edge.md).
      mediaOrigin: new SecureBucket(this, 'bucket-media-origin', { ...common, bucketName: bucketName('media-origin'), label: 'media-origin', kmsKeyArn: mediaKey, externalPolicy: edge }),
      dataLake: new DataLake(this, 'data-lake', { ...common, bucketName: bucketName('data-lake'), kmsKeyArn: s3Key }),
      modelArtifacts: new SecureBucket(this, 'bucket-model-artifacts', { ...common, bucketName: bucketName('model-artifacts'), label: 'model-artifacts', kmsKeyArn: s3Key }),
      // Audit logs, seed 003 §4 retention row "Audit logs: 90 days (Elasticsearch), 1 year (S3), 7 years (Glacier)".
      logs: new SecureBucket(this, 'bucket-logs', {
        ...common, bucketName: bucketName('logs'), label: 'logs', kmsKeyArn: s3Key,
        lifecycleRules: [{ id: 'audit', prefix: 'audit/', transitions: [{ days: 365, storageClass: 'GLACIER' }], expirationDays: 2557 }],
      }),
    };
    if (edge) this.buckets.logs.addToResourcePolicy(cloudFrontLogDeliveryBucketStatement(this.buckets.logs.bucketArn, ctx.accountId, ctx.partition));

    // EFS for live segments, mount targets in the private subnets (next to the packagers).
    this.liveSegments = new EfsFilesystem(this, 'live-segments', {
      name: `${name}-live-segments`, vpcId: net.vpcId, subnetIds: net.privateSubnetIds, kmsKeyArn: efsKey, backup: cfg.efs.backup,
    });
    this.clientAccess.allow(this.liveSegments);

    // ECR: one repository per application service.
    const repositories: Record<string, ContainerRepository> = {};
    for (const s of catalogs.services) {
      repositories[s.id] = new ContainerRepository(this, `ecr-${s.id}`, {
        repositoryName: `${props.env.name}/${s.id}`,
        kmsKeyArn: ecrKey,
        keepImages: cfg.ecr.keepImages,
        untaggedExpiryDays: cfg.ecr.untaggedExpiryDays,
        forceDelete: !protect,
        tags: { service: s.id },
      });
    }
    this.repositories = repositories;

    new TerraformOutput(this, 'data-client-security-group-id', { value: this.clientSecurityGroupId });
    for (const [clusterName, c] of Object.entries(clusters)) {
      new TerraformOutput(this, `kafka-${clusterName}-bootstrap-brokers-iam`, { value: c.bootstrapBrokersIam });
    }
    new TerraformOutput(this, 'redis-cache-configuration-endpoint', { value: this.cache.configurationEndpoint });
    new TerraformOutput(this, 'redis-feature-store-configuration-endpoint', { value: this.featureStore.configurationEndpoint });
  }
}
