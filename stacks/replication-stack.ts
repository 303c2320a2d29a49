import { Construct } from 'constructs';
import { ITerraformDependable, TerraformOutput } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { awsContext } from '../constructs/core/aws-context';
import { EncryptionKey, cloudWatchLogsKeyStatement } from '../constructs/core/kms';
import { BucketReplication, type ReplicationDestination } from '../constructs/data/bucket-replication';
import { DataClientAccess, type DataEndpoint } from '../constructs/data/data-client-access';
import { KafkaReplicator, type KafkaReplicationEndpoint } from '../constructs/data/kafka-replicator';
import { PostgresReadReplica } from '../constructs/data/postgres-read-replica';
import { EnhancedMonitoringRole } from '../constructs/data/postgres-database';
import { RedisGlobalDatastore, RedisGlobalSecondary } from '../constructs/data/redis-global-datastore';
import { RegistryReplication } from '../constructs/data/registry-replication';
import { SecureBucket, allowServerAccessLogDelivery, type BucketLifecycleRule } from '../constructs/data/secure-bucket';
import type { MediaOriginRef } from '../constructs/edge/handles';
import { PlatformValidationError } from '../constructs/core/errors';
import type { NetworkRef } from '../constructs/network/network';
import { RegionPeering } from '../constructs/network/region-peering';
import type { DatabaseId } from '../catalog/databases';
import type { ReplicatedBucket, ReplicatedCache, ReplicationPlan } from '../plan/replication';
import { REDIS_GROUPS } from '../plan/data';
import type { LayerInputs, NetworkOutputs } from './contracts';
import { LayerStack } from './layer-stack';

/** A source bucket as replication needs it: name, ARN, key and the lifecycle its replica repeats. */
export interface ReplicatedBucketSource {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
  readonly lifecycleRules: readonly BucketLifecycleRule[];
}

/** A source database as a cross-region replica needs it. */
export interface ReplicatedDatabaseSource {
  readonly instanceArn: string;
}

/** What the primary's data layer hands to the replication layer (stacks/environment.ts builds it). */
export interface ReplicationSourceData {
  readonly buckets: Readonly<Record<ReplicatedBucket, ReplicatedBucketSource>>;
  readonly databases: Readonly<Partial<Record<DatabaseId, ReplicatedDatabaseSource>>>;
  /**
   * The real-time cluster with the source's isolated subnets and data-client group (phase 4).
   * @default none (no real-time topics are replicated)
   */
  readonly realtime?: KafkaReplicationEndpoint;
  /**
   * The analytics cluster, where the target's analytics events are consolidated (phase 4).
   * @default none (nothing is consolidated)
   */
  readonly analytics?: KafkaReplicationEndpoint;
  /**
   * The source's VPC and its writers, every PostgreSQL instance and Redis group: with the `peering` feature
   * (phase 4) the target's nodes write to them over the VPC peering.
   * @default none (required when the pair's plan peers the regions)
   */
  readonly peer?: ReplicationPeerSource;
}

/** The primary side of an inter-region peering, as the pair's stack takes it. */
export interface ReplicationPeerSource {
  readonly network: NetworkRef;
  /** The stores the secondary writes to: admitted from the secondary's private subnets, each on its own port. */
  readonly writers: readonly DataEndpoint[];
}

/** Source-side singletons shared by the pairs of one environment (one per source bucket, cache and registry). */
export interface ReplicationShared {
  /** Global Datastores created by an earlier pair (the first that replicates caches). */
  readonly globalDatastores: Partial<Record<ReplicatedCache, RedisGlobalDatastore>>;
  /** Replica buckets of earlier pairs, by bucket: the pair that hosts the configurations includes them. */
  readonly bucketDestinations: Readonly<Record<ReplicatedBucket, readonly ReplicationDestination[]>>;
}

export interface ReplicationStackProps extends LayerInputs<ReplicationPlan> {
  readonly source: ReplicationSourceData;
  readonly targetNetwork: NetworkOutputs;
  /**
   * The target cluster's security group (every node of the target's cluster carries it): the replicas
   * admit it, because the cluster stack is built before this one and its nodes cannot join the replicas'
   * client group.
   * @default none (no cluster in the target region)
   */
  readonly targetClusterSecurityGroupId?: string;
  /**
   * The target's real-time cluster endpoint (phase 4, active-active).
   * @default none (the target has no real-time cluster: no real-time topics are replicated)
   */
  readonly targetRealtime?: KafkaReplicationEndpoint;
  /**
   * The target's analytics cluster endpoint (phase 4): its topics are aggregated into the source's analytics cluster.
   * @default none (the target has no analytics cluster: nothing is aggregated)
   */
  readonly targetAnalytics?: KafkaReplicationEndpoint;
  readonly shared: ReplicationShared;
  /**
   * The global edge layer fails over to this pair's replicated media bucket: the edge then owns that
   * bucket's policy and its key's policy (as for the primary's media origin, docs/edge.md).
   * @default false
   */
  readonly servedByEdge?: boolean;
}

/**
 * `<env>-<target>-replication`: what the primary replicates into one other region, from the pair's
 * features (plan/regions.ts, docs/replication.md): replica buckets with S3 CRR, ECR replication, RDS
 * cross-region read replicas, ElastiCache Global Datastore secondaries and (phase 4) MSK Replicator
 * between the real-time clusters, and (phase 4, secondary) the VPC peering over which the target writes to
 * the source's PostgreSQL and Redis primaries. The default provider is the target region's; source-side resources
 * (bucket replication configurations, the registry's replication configuration, the Global Datastores,
 * the return replicator) use the aliased `aws-source` provider.
 */
export class ReplicationStack extends LayerStack {
  /** Replica buckets by purpose (in the target region). */
  public readonly replicaBuckets: Partial<Record<ReplicatedBucket, SecureBucket>>;
  /** Destinations this pair adds, by bucket (for the pair hosting the configurations). */
  public readonly bucketDestinations: Partial<Record<ReplicatedBucket, ReplicationDestination>>;
  public readonly databaseReplicas: Partial<Record<DatabaseId, PostgresReadReplica>>;
  public readonly cacheSecondaries: Partial<Record<ReplicatedCache, RedisGlobalSecondary>>;
  /** Global Datastores created here (first pair replicating caches). */
  public readonly globalDatastores: Partial<Record<ReplicatedCache, RedisGlobalDatastore>>;
  public readonly kafkaReplicators: readonly KafkaReplicator[];
  /** Attach to whatever in the target must reach the replicas (the target's nodes/pods). */
  public readonly replicaClientSecurityGroupId: string;
  /** The replicated media bucket as the edge takes it (when buckets replicate). */
  public readonly mediaOrigin?: MediaOriginRef;
  /** The VPC peering target <-> source (feature `peering`, phase 4 `secondary`). */
  public readonly peering?: RegionPeering;

  constructor(scope: Construct, props: ReplicationStackProps) {
    const pair = props.plan.pair;
    super(scope, { context: props.context, region: pair.target, layer: 'replication' });
    const plan = props.plan;
    const name = plan.name;
    const protect = props.context.deletionProtection;
    const net = props.targetNetwork.network;
    const ctx = awsContext(this);
    const sourceProvider = new AwsProvider(this, 'aws-source', {
      alias: 'source',
      region: pair.source,
      ...(props.context.accountId ? { allowedAccountIds: [props.context.accountId] } : {}),
      defaultTags: [{ tags: { ...this.tags } }],
    });
    const key = (kind: string, extra = false) => new EncryptionKey(this, `key-${kind}`, {
      purpose: `${name} replicas: ${kind}`,
      alias: `${name}-replica-${kind}`,
      ...(extra ? { additionalStatements: [cloudWatchLogsKeyStatement(this)] } : {}),
    });
    const clients = new DataClientAccess(this, 'replica-clients', {
      name: `${name}-replica-clients`, vpcId: net.vpcId,
      ...(props.targetClusterSecurityGroupId ? { admittedSecurityGroupIds: [props.targetClusterSecurityGroupId] } : {}),
    });
    this.replicaClientSecurityGroupId = clients.clientSecurityGroupId;

    // Buckets: replicas in the target with their own keys, the source's lifecycle, and access logs.
    this.replicaBuckets = {};
    this.bucketDestinations = {};
    if (plan.buckets.length > 0) {
      const s3Key = key('s3').keyArn;
      const bucketName = (purpose: string) => `${name}-${purpose}-replica-${ctx.accountId}`;
      const accessLogs = new SecureBucket(this, 'bucket-access-logs', {
        bucketName: bucketName('access-logs'), label: 'replica-access-logs', encryption: 's3-managed',
        lifecycleRules: [{ id: 'expire-access-logs', prefix: '', expirationDays: plan.sourceData.storage.accessLogRetentionDays }],
        noncurrentVersionExpirationDays: plan.sourceData.storage.noncurrentVersionDays, forceDestroy: !protect,
      });
      allowServerAccessLogDelivery(accessLogs);
      for (const purpose of plan.buckets) {
        const source = props.source.buckets[purpose];
        const edge = purpose === 'media-origin' && (props.servedByEdge ?? false);
        // The media replica has its own key: with the edge serving it, the edge owns that key's policy.
        const kmsKey = purpose === 'media-origin' ? new EncryptionKey(this, 'key-media', {
          purpose: `${name} replicas: media origin (CloudFront OAC)`, alias: `${name}-replica-media`, externalPolicy: edge,
        }).keyArn : s3Key;
        const replica = new SecureBucket(this, `bucket-${purpose}`, {
          bucketName: bucketName(purpose), label: `${purpose}-replica`, kmsKeyArn: kmsKey, accessLogsBucket: accessLogs.bucketName,
          lifecycleRules: source.lifecycleRules, noncurrentVersionExpirationDays: plan.sourceData.storage.noncurrentVersionDays,
          forceDestroy: !protect, externalPolicy: edge, tags: { replica: 'cross-region' },
        });
        this.replicaBuckets[purpose] = replica;
        this.bucketDestinations[purpose] = { bucketArn: replica.bucketArn, region: pair.target, kmsKeyArn: kmsKey };
        if (purpose === 'media-origin') {
          this.mediaOrigin = { bucketName: replica.bucketName, bucketArn: replica.bucketArn, regionalDomainName: replica.regionalDomainName, region: pair.target, kmsKeyArn: kmsKey };
        }
      }
      if (plan.hostsBucketReplication) {
        for (const purpose of plan.buckets) {
          const source = props.source.buckets[purpose];
          const replica = this.replicaBuckets[purpose]!;
          new BucketReplication(this, `crr-${purpose}`, {
            roleName: `${props.context.name}-${pair.source}-${purpose}-crr`,
            source: { bucketName: source.bucketName, bucketArn: source.bucketArn, kmsKeyArn: source.kmsKeyArn, region: pair.source },
            destinations: [...props.shared.bucketDestinations[purpose], this.bucketDestinations[purpose]!],
            provider: sourceProvider,
            dependsOn: [replica.node.findChild('versioning') as unknown as ITerraformDependable],
          });
        }
      }
    }

    // ECR: one registry configuration for every registry pair, with the environment's prefix.
    if (plan.registryDestinations.length > 0) {
      new RegistryReplication(this, 'registry', {
        repositoryPrefix: `${props.context.name}/`, sourceRegion: pair.source, destinationRegions: plan.registryDestinations, provider: sourceProvider,
      });
    }

    // PostgreSQL: a promotable cross-region read replica per database.
    this.databaseReplicas = {};
    if (plan.databases.length > 0) {
      const rdsKey = key('rds').keyArn;
      const logsKey = key('logs', true).keyArn;
      const pg = plan.sourceData.postgres;
      const monitoringRole = new EnhancedMonitoringRole(this, 'rds-monitoring-role', { name: `${name}-rds-replica-monitoring` });
      for (const db of plan.databases) {
        const source = props.source.databases[db.id];
        if (!source) continue;
        const replica = new PostgresReadReplica(this, `db-${db.id}`, {
          identifier: db.identifier, sourceDbArn: source.instanceArn, sourceEngineVersion: pg.engineVersion, instanceClass: db.instanceClass,
          vpcId: net.vpcId, subnetIds: net.isolatedSubnetIds, kmsKeyArn: rdsKey, logsKmsKeyArn: logsKey, logRetentionDays: pg.logRetentionDays,
          lagAlarmSeconds: pg.replicaLagAlarmSeconds, monitoringRoleArn: monitoringRole.roleArn, monitoringIntervalSeconds: pg.monitoringIntervalSeconds, multiAz: pg.multiAz, deletionProtection: protect, tags: { database: db.id },
        });
        clients.allow(replica);
        this.databaseReplicas[db.id] = replica;
      }
    }

    // Redis: Global Datastores (created once, in the source region) and this region's secondaries.
    this.globalDatastores = {};
    this.cacheSecondaries = {};
    if (plan.caches.length > 0) {
      const redisKey = key('redis').keyArn;
      for (const c of plan.caches) {
        const global = props.shared.globalDatastores[c.id] ?? (this.globalDatastores[c.id] = new RedisGlobalDatastore(this, `global-${c.id}`, {
          idSuffix: c.globalIdSuffix, description: `${props.context.name} ${c.id} (primary ${pair.source})`,
          primary: { replicationGroupId: c.sourceGroupId, nodeType: c.nodeType, shards: c.shards }, provider: sourceProvider,
        }));
        const secondary = new RedisGlobalSecondary(this, `redis-${c.id}`, {
          // `-gds`: distinct from the target's own caches in phase 4; ids stay within ElastiCache's 40 characters.
          global, replicationGroupId: c.secondaryGroupId, description: `${c.id} secondary of ${c.sourceGroupId}`,
          nodeType: c.nodeType, shards: c.shards, replicasPerShard: c.replicasPerShard, vpcId: net.vpcId, subnetIds: net.isolatedSubnetIds,
          kmsKeyArn: redisKey, userNames: c.userNames, userIdPrefix: `${props.context.name}-gds-${REDIS_GROUPS[c.id].suffix}`,
        });
        clients.allow(secondary);
        this.cacheSecondaries[c.id] = secondary;
      }
    }

    // Kafka (phase 4, active-active): the topics of CROSS_REGION_TOPICS between the real-time clusters, each
    // way under the source cluster's alias prefix. AWS recommends prefixed names for active-active ("keep
    // replicated data in a separate topic in the target cluster", MSK developer guide, MSK Replicator *Topic
    // naming*): each region's plain topic names then hold only its own records, so its analytics fan-in
    // carries no other region's records and the aggregation below duplicates nothing. Consumers that need
    // both regions' records read `<topic>` and `<alias>.<topic>`; offsets still synchronise (legacy offset
    // sync supports both naming modes, *Consumer group offset synchronization*).
    const replicators: KafkaReplicator[] = [];
    if (plan.kafkaTopics.length > 0 && props.source.realtime && props.targetRealtime) {
      replicators.push(new KafkaReplicator(this, 'kafka-to-target', {
        name: `${props.context.name}-${pair.source}-to-${pair.target}`, source: props.source.realtime, target: props.targetRealtime,
        topics: plan.kafkaTopics, topicNames: 'PREFIXED', replicateConsumerOffsets: true,
      }));
      replicators.push(new KafkaReplicator(this, 'kafka-to-source', {
        name: `${props.context.name}-${pair.target}-to-${pair.source}`, source: props.targetRealtime, target: props.source.realtime,
        topics: plan.kafkaTopics, topicNames: 'PREFIXED', provider: sourceProvider,
      }));
    }
    // The analytics cluster "receives all events" (seed 003 §4) of every region: the target's analytics
    // cluster (its own topics plus its real-time fan-in, only its own region's records) is consolidated into
    // the source's under the same names, one replicator per source cluster (MSK developer guide, *Topic
    // naming*: identical names "consolidate data from multiple MSK clusters into a single cluster for data
    // aggregation or centralized analytics"). The lake, search and pipelines (analytics layer) stay with the
    // primary and read the consolidated topics.
    if (plan.analyticsTopics.length > 0 && props.source.analytics && props.targetAnalytics) {
      replicators.push(new KafkaReplicator(this, 'kafka-analytics-to-source', {
        name: `${props.context.name}-${pair.target}-analytics-to-${pair.source}`, source: props.targetAnalytics, target: props.source.analytics,
        topics: plan.analyticsTopics, topicNames: 'IDENTICAL', provider: sourceProvider,
      }));
    }
    this.kafkaReplicators = replicators;

    // Phase 4 (active-active): read local, write to the primary. The secondary requests the peering (this
    // stack's default provider), the primary accepts it (`aws.source`). Routes, the minimum for the
    // secondary's nodes to reach the primary's stores and for the stores to answer:
    // - the secondary's private route tables (one per AZ): its nodes and pods open the connections;
    // - the primary's isolated route table: the return path of the stores in the isolated subnets.
    // Not the primary's private tables (its nodes never call into the secondary: MSK Replicator, RDS and
    // Global Datastore replicate over AWS's own paths), not the secondary's isolated table (its replicas
    // originate nothing toward the primary), not the public tables. A security group cannot reference a group
    // of another region's VPC, so the primary's writers admit the secondary's private subnet CIDRs, each store
    // on its own port only (PostgreSQL 5432, Redis 6379); not MSK (the secondary produces to its own
    // real-time cluster) and not EFS.
    if (plan.peering) {
      const peer = props.source.peer;
      if (!peer) {
        throw new PlatformValidationError(this.node.path, `the plan peers ${pair.target} with ${pair.source} (feature peering, phase ${props.context.phase}) but source.peer (the primary's network and writers) is missing`);
      }
      if (net.cidr !== undefined && net.cidr !== plan.peering.targetCidr) {
        throw new PlatformValidationError(this.node.path, `targetNetwork.cidr ${net.cidr} is not the planned ${plan.peering.targetCidr}: the admitted subnets would not be the target's`);
      }
      this.peering = new RegionPeering(this, 'peering', {
        name: plan.peering.name,
        requester: { network: net, region: pair.target, routeFromTiers: ['private'] },
        accepter: { network: peer.network, region: pair.source, provider: sourceProvider, routeFromTiers: ['isolated'] },
      });
      DataClientAccess.admitCidrBlocks(this, 'peer-writers', {
        endpoints: peer.writers, provider: sourceProvider,
        cidrBlocks: plan.peering.admittedCidrs.map((cidr) => ({ cidr, label: `${pair.target} private subnet (VPC peering)` })),
      });
      new TerraformOutput(this, 'peering-connection-id', { value: this.peering.peeringConnectionId });
    }

    new TerraformOutput(this, 'replica-client-security-group-id', { value: this.replicaClientSecurityGroupId });
    for (const [id, r] of Object.entries(this.databaseReplicas)) new TerraformOutput(this, `postgres-${id}-replica-address`, { value: r!.address });
  }

  /**
   * True when the target's nodes reach the source's PostgreSQL and Redis writers: the VPC peering with its
   * routes exists and the writers admit the target's private subnets. The secondary's services may then
   * point their writes at the primary's endpoints and their reads at the local replicas.
   */
  public get writesReachPrimary(): boolean {
    return this.peering !== undefined;
  }
}
