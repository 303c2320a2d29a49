/**
 * Layer contracts: the typed outputs a layer hands to the layers above it (docs/contracts.md). A stack
 * takes `{ context, plan: <its slice>, <outputs of the layers below> }` and never the environment;
 * buildEnvironment (stacks/environment.ts) is the only place that passes them on.
 */
import type { ClusterRef } from '../constructs/cluster/eks-cluster';
import type { ContainerRepository } from '../constructs/data/container-registry';
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

/** The data layer's outputs (one region). */
export interface DataOutputs {
  /** Attach to whatever must reach the data stores (EKS nodes/pods): the only group they admit. */
  readonly clientSecurityGroupId: string;
  readonly kafkaClusters: Readonly<Partial<Record<KafkaClusterName, KafkaClusterRef>>>;
  readonly topics: Readonly<Partial<Record<TopicName, KafkaTopic>>>;
  readonly databases: Readonly<Partial<Record<DatabaseId, PostgresDatabaseRef>>>;
  /** The shared cache layer and the online feature store. */
  readonly cache: RedisCache;
  readonly featureStore: RedisCache;
  readonly buckets: DataBucketRefs;
  readonly liveSegments: EfsFilesystem;
  readonly repositories: Readonly<Partial<Record<ServiceId, ContainerRepository>>>;
}

/** The cluster layer's outputs (one region). */
export interface ClusterOutputs {
  /** The EKS cluster: node groups, access grants and Pod Identity work on it (or on an adopted one). */
  readonly cluster: ClusterRef;
}

/** Outputs of every regional layer of one region, as buildEnvironment collects them. */
export interface RegionOutputs {
  readonly network: NetworkOutputs;
  readonly data?: DataOutputs;
  readonly cluster?: ClusterOutputs;
}
