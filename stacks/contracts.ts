/**
 * Layer contracts: the typed outputs a layer hands to the layers above it (docs/contracts.md). A stack
 * takes `{ context, plan: <its slice>, <outputs of the layers below> }` and never the environment;
 * buildEnvironment (stacks/environment.ts) is the only place that passes them on.
 */
import type { ClusterRef } from '../constructs/cluster/eks-cluster';
import type { ContainerRepositoryRef } from '../constructs/data/container-registry';
import type { EfsFilesystem } from '../constructs/data/efs-filesystem';
import type { KafkaClusterRef } from '../constructs/data/kafka-cluster';
import type { KafkaTopic } from '../constructs/data/kafka-topic';
import type { PostgresDatabaseRef } from '../constructs/data/postgres-database';
import type { RedisCache } from '../constructs/data/redis-cache';
import type { BucketRef } from '../constructs/data/secure-bucket';
import type { NetworkRef } from '../constructs/network/network';
import type { DatabaseId } from '../catalog/databases';
import type { KafkaClusterName, TopicName } from '../catalog/kafka-topics';
import type { ServiceId } from '../catalog/services';
import type { EnvironmentContext } from '../plan/context';

/** What every layer stack takes besides its own plan slice and lower-layer outputs. */
export interface LayerInputs<P> {
  readonly context: EnvironmentContext;
  readonly region: string;
  /** This layer's slice of the resolved plan (plan/). */
  readonly plan: P;
}

/** The network layer's outputs (one region). */
export interface NetworkOutputs {
  readonly network: NetworkRef;
}

/** The region's buckets, by purpose. */
export interface DataBucketRefs {
  readonly mediaOrigin: BucketRef;
  readonly dataLake: BucketRef;
  readonly modelArtifacts: BucketRef;
  readonly logs: BucketRef;
  readonly accessLogs: BucketRef;
}

/**
 * What every data layer of a region hands up, the primary's and a secondary's (phase 4): the client
 * group, the MSK clusters and topics, EFS for live segments.
 */
export interface EventDataOutputs {
  /** Attach to whatever must reach the data stores (EKS nodes/pods): the only group they admit. */
  readonly clientSecurityGroupId: string;
  readonly kafkaClusters: Readonly<Partial<Record<KafkaClusterName, KafkaClusterRef>>>;
  readonly topics: Readonly<Partial<Record<TopicName, KafkaTopic>>>;
  readonly liveSegments: EfsFilesystem;
}

/** A read endpoint of a database: a cross-region read replica (or the writer itself). */
export interface DatabaseReaderRef {
  readonly address: string;
  readonly port: number;
  /** `rds-db:connect` resource ARN of a database user on this endpoint. */
  dbUserArn(dbUser: string): string;
}

/** A read endpoint of a cache: a Global Datastore secondary (or the primary group itself). */
export interface CacheReaderRef {
  readonly configurationEndpoint: string;
  readonly port: number;
  readonly replicationGroupArn: string;
  /** User ids by catalog user name (IAM authentication: user id = user name). */
  readonly userIds: Readonly<Record<string, string>>;
  /** ARN of a user of this cache (for `elasticache:Connect`). */
  userArn(userName: string): string;
}

/** The region's local read endpoints of the primary's stores (a secondary's replicas, from the replication layer). */
export interface DataReaders {
  readonly databases: Readonly<Partial<Record<DatabaseId, DatabaseReaderRef>>>;
  readonly cache?: CacheReaderRef;
  readonly featureStore?: CacheReaderRef;
}

/**
 * The data layer's outputs as the services take them (one region). In the primary region they are its
 * data stack's; in a secondary at phase 4 they are composed in stacks/environment.ts: events and live
 * segments from its own data stack, `databases`/`cache`/`featureStore`/`buckets` the primary's (writes
 * go to the primary), `readers` the pair's local replicas, `repositories` the replicated repositories of
 * its own registry.
 */
export interface DataOutputs extends EventDataOutputs {
  /** The writers: the primary region's databases. */
  readonly databases: Readonly<Partial<Record<DatabaseId, PostgresDatabaseRef>>>;
  /** The shared cache layer and the online feature store (the primary's groups). */
  readonly cache: RedisCache;
  readonly featureStore: RedisCache;
  readonly buckets: DataBucketRefs;
  readonly repositories: Readonly<Partial<Record<ServiceId, ContainerRepositoryRef>>>;
  /**
   * Local read endpoints (DATABASE_READER_HOST, REDIS_READER_ENDPOINT). Where a store has none, its
   * reader is its writer, so every region's services get the same variables (stacks/workloads-stack.ts).
   * @default - none: the writers serve reads (the primary region)
   */
  readonly readers?: DataReaders;
}

/** The cluster layer's outputs (one region). */
export interface ClusterOutputs {
  /** The EKS cluster: node groups, access grants and Pod Identity work on it (or on an adopted one). */
  readonly cluster: ClusterRef;
}

/** Outputs of every regional layer of one region, as buildEnvironment collects them. */
export interface RegionOutputs {
  readonly network: NetworkOutputs;
  /** The region's data layer: the primary's full outputs, or a secondary's own (events, live segments). */
  readonly data?: EventDataOutputs;
  readonly cluster?: ClusterOutputs;
}
