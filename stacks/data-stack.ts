import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { awsContext } from '../constructs/core/aws-context';
import { EncryptionKey } from '../constructs/core/kms';
import { buildKafka, buildLiveSegments, dataClientAccess, dataLayerKey } from './event-stores';
import { ContainerRepository } from '../constructs/data/container-registry';
import { DataClientAccess } from '../constructs/data/data-client-access';
import { DataLake } from '../constructs/data/data-lake';
import { EfsFilesystem } from '../constructs/data/efs-filesystem';
import { KafkaCluster } from '../constructs/data/kafka-cluster';
import { KafkaTopic } from '../constructs/data/kafka-topic';
import { KafkaReplicator } from '../constructs/data/kafka-replicator';
import { EnhancedMonitoringRole, PostgresDatabase } from '../constructs/data/postgres-database';
import { RedisCache } from '../constructs/data/redis-cache';
import { SecureBucket, allowServerAccessLogDelivery } from '../constructs/data/secure-bucket';
import { cloudFrontLogDeliveryBucketStatement, cloudFrontLogDeliveryKeyStatement } from '../constructs/edge/access-logs';
import type { DatabaseId } from '../catalog/databases';
import type { KafkaClusterName, TopicName } from '../catalog/kafka-topics';
import type { ServiceId } from '../catalog/services';
import { redisGroupId, type DataPlan, type RedisCachePlan } from '../plan/data';
import type { DataOutputs, LayerInputs, NetworkOutputs } from './contracts';
import { ecrRepositoryName } from '../catalog/service-deployments';
import { LayerStack } from './layer-stack';

export interface DataStackProps extends LayerInputs<DataPlan> {
  /** The region's network layer outputs: referenced across stacks. */
  readonly network: NetworkOutputs;
}

/** The region's buckets, by purpose. */
export interface DataBuckets {
  /** CMAF segments served through CloudFront (SSE-KMS with the media key, see docs/data.md). */
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
 * to its nodes. Every size comes resolved from the plan (plan/data.ts); the stack only builds.
 */
export class DataStack extends LayerStack {
  public readonly clientAccess: DataClientAccess;
  /** Attach to whatever must reach the data stores (EKS nodes/pods). */
  public readonly clientSecurityGroupId: string;
  public readonly kafkaClusters: Readonly<Partial<Record<KafkaClusterName, KafkaCluster>>>;
  /** Replicates the real-time topics into the analytics cluster; present when the region has both clusters. */
  public readonly analyticsFanIn?: KafkaReplicator;
  /** Topics by name (`playback.sessions`, ...). */
  public readonly topics: Readonly<Partial<Record<TopicName, KafkaTopic>>>;
  public readonly databases: Readonly<Partial<Record<DatabaseId, PostgresDatabase>>>;
  /** The shared cache layer. */
  public readonly cache: RedisCache;
  /** The online feature store. */
  public readonly featureStore: RedisCache;
  public readonly buckets: DataBuckets;
  public readonly liveSegments: EfsFilesystem;
  /** ECR repositories by service id. */
  public readonly repositories: Readonly<Partial<Record<ServiceId, ContainerRepository>>>;
  /** What the layers above receive (stacks/contracts.ts). */
  public readonly outputs: DataOutputs;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'data' });
    const plan = props.plan;
    const name = plan.name;
    const protect = props.context.deletionProtection;
    const net = props.network.network;
    const ctx = awsContext(this);

    // One customer-managed key per kind of store (and one for their log groups), shared by the region.
    const key = (kind: string, extra = false) => dataLayerKey(this, name, kind, extra);
    const logsKey = key('logs', true);
    const kafkaKey = key('kafka');
    const rdsKey = key('rds');
    const redisKey = key('redis');
    const edge = plan.servedByEdge;
    const s3Key = new EncryptionKey(this, 'key-s3', {
      purpose: `${name} data layer: s3`,
      alias: `${name}-data-s3`,
      ...(edge ? { additionalStatements: [cloudFrontLogDeliveryKeyStatement(ctx.accountId, ctx.partition)] } : {}),
    }).keyArn;
    const efsKey = key('efs');
    const ecrKey = key('ecr');
    // Media origin: its own key. When the global edge layer serves it, that layer owns the key policy,
    // which names its distributions' ARNs (docs/edge.md); otherwise CloudFront may decrypt for this
    // account's distributions only (OAC with SSE-KMS). S3 bucket keys keep KMS requests per origin fetch low.
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

    this.clientAccess = dataClientAccess(this, name, net);
    this.clientSecurityGroupId = this.clientAccess.clientSecurityGroupId;

    // Kafka: clusters, the topic catalog and the analytics fan-in (stacks/event-stores.ts).
    const kafka = buildKafka(this, plan, net, { kafka: kafkaKey, logs: logsKey }, this.clientAccess);
    this.kafkaClusters = kafka.clusters;
    this.topics = kafka.topics;
    if (kafka.analyticsFanIn) this.analyticsFanIn = kafka.analyticsFanIn;

    // PostgreSQL
    const monitoringRole = new EnhancedMonitoringRole(this, 'rds-monitoring-role', { name: `${name}-rds-monitoring` });
    const databases: Partial<Record<DatabaseId, PostgresDatabase>> = {};
    const pg = plan.postgres;
    for (const db of pg.databases) {
      const database = new PostgresDatabase(this, `db-${db.id}`, {
        identifier: `${name}-${db.id}`,
        databaseName: db.databaseName,
        engineVersion: pg.engineVersion,
        instanceClass: db.instanceClass,
        vpcId: net.vpcId,
        subnetIds: net.isolatedSubnetIds,
        allocatedStorageGb: db.allocatedStorageGb,
        maxAllocatedStorageGb: db.maxAllocatedStorageGb,
        multiAz: pg.multiAz,
        backupRetentionDays: pg.backupRetentionDays,
        deletionProtection: protect,
        performanceInsightsRetentionDays: pg.performanceInsightsRetentionDays,
        monitoringIntervalSeconds: pg.monitoringIntervalSeconds,
        monitoringRoleArn: monitoringRole.roleArn,
        kmsKeyArn: rdsKey,
        logsKmsKeyArn: logsKey,
        logRetentionDays: pg.logRetentionDays,
        extensions: db.extensions,
        tags: { service: db.services[0], services: db.services.join(' ') },
      });
      databases[db.id] = database;
      this.clientAccess.allow(database);
    }
    this.databases = databases;

    // Redis
    const redis = (id: string, groupId: string, description: string, c: RedisCachePlan, service?: string) => {
      const cache = new RedisCache(this, id, {
        replicationGroupId: groupId,
        description,
        engineVersion: plan.redis.engineVersion,
        memoryGb: c.memoryGb,
        shards: c.shards,
        replicasPerShard: c.replicasPerShard,
        nodeType: c.nodeType,
        maxmemoryPolicy: c.maxmemoryPolicy,
        vpcId: net.vpcId,
        subnetIds: net.isolatedSubnetIds,
        users: c.users,
        userIdPrefix: `${props.context.name}-${id}`,
        snapshotRetentionDays: plan.redis.snapshotRetentionDays,
        finalSnapshot: protect,
        kmsKeyArn: redisKey,
        logsKmsKeyArn: logsKey,
        logRetentionDays: plan.redis.logRetentionDays,
        tags: service ? { service } : {},
      });
      this.clientAccess.allow(cache);
      return cache;
    };
    this.cache = redis('cache', redisGroupId(name, 'cache'), 'Shared cache layer (seed 003 §4)', plan.redis.cache);
    this.featureStore = redis('feature-store', redisGroupId(name, 'feature-store'), 'Online feature store (seed 003 §6)', plan.redis.featureStore, 'feature-store');

    // S3
    const bucketName = (purpose: string) => `${name}-${purpose}-${ctx.accountId}`;
    const accessLogs = new SecureBucket(this, 'bucket-access-logs', {
      bucketName: bucketName('access-logs'), label: 'access-logs', encryption: 's3-managed',
      lifecycleRules: [{ id: 'expire-access-logs', prefix: '', expirationDays: plan.storage.accessLogRetentionDays }],
      noncurrentVersionExpirationDays: plan.storage.noncurrentVersionDays, forceDestroy: !protect,
    });
    allowServerAccessLogDelivery(accessLogs);
    const common = { accessLogsBucket: accessLogs.bucketName, noncurrentVersionExpirationDays: plan.storage.noncurrentVersionDays, forceDestroy: !protect };
    this.buckets = {
      accessLogs,
      // SSE-KMS with the media key above. When the global edge layer serves it, that layer owns the bucket
      // policy and the key policy, which name its distributions' ARNs (docs/edge.md). Segments are
      // DRM-encrypted (CBCS) before they land here.
      mediaOrigin: new SecureBucket(this, 'bucket-media-origin', { ...common, bucketName: bucketName('media-origin'), label: 'media-origin', kmsKeyArn: mediaKey, externalPolicy: edge }),
      dataLake: new DataLake(this, 'data-lake', { ...common, bucketName: bucketName('data-lake'), kmsKeyArn: s3Key, retentionRules: plan.storage.dataLakeRetentionRules }),
      modelArtifacts: new SecureBucket(this, 'bucket-model-artifacts', { ...common, bucketName: bucketName('model-artifacts'), label: 'model-artifacts', kmsKeyArn: s3Key }),
      // Audit logs: lifecycle from the plan (plan/sizing.ts AUDIT_LOG_RETENTION, seed 003 §4).
      logs: new SecureBucket(this, 'bucket-logs', {
        ...common, bucketName: bucketName('logs'), label: 'logs', kmsKeyArn: s3Key, lifecycleRules: plan.storage.logsLifecycleRules,
      }),
    };

    if (edge) this.buckets.logs.addToResourcePolicy(cloudFrontLogDeliveryBucketStatement(this.buckets.logs.bucketArn, ctx.accountId, ctx.partition));

    // EFS for live segments, mount targets in the private subnets (next to the packagers).
    this.liveSegments = buildLiveSegments(this, plan, net, efsKey, this.clientAccess);

    // ECR: one repository per application service.
    const repositories: Partial<Record<ServiceId, ContainerRepository>> = {};
    for (const service of plan.ecr.services) {
      repositories[service] = new ContainerRepository(this, `ecr-${service}`, {
        repositoryName: ecrRepositoryName(props.context.name, service),
        kmsKeyArn: ecrKey,
        keepImages: plan.ecr.keepImages,
        untaggedExpiryDays: plan.ecr.untaggedExpiryDays,
        forceDelete: !protect,
        tags: { service },
      });
    }
    this.repositories = repositories;
    this.outputs = {
      clientSecurityGroupId: this.clientSecurityGroupId,
      kafkaClusters: this.kafkaClusters,
      topics: this.topics,
      databases: this.databases,
      cache: this.cache,
      featureStore: this.featureStore,
      buckets: this.buckets,
      liveSegments: this.liveSegments,
      repositories: this.repositories,
    };

    new TerraformOutput(this, 'data-client-security-group-id', { value: this.clientSecurityGroupId });
    for (const [clusterName, c] of Object.entries(kafka.clusters)) {
      new TerraformOutput(this, `kafka-${clusterName}-bootstrap-brokers-iam`, { value: c!.bootstrapBrokersIam });
    }
    new TerraformOutput(this, 'redis-cache-configuration-endpoint', { value: this.cache.configurationEndpoint });
    new TerraformOutput(this, 'redis-feature-store-configuration-endpoint', { value: this.featureStore.configurationEndpoint });
  }
}
