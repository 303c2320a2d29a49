import { PlatformValidationError } from '../constructs/core/errors';
import { redisNodeTypeFor } from '../constructs/data/redis-cache';
import { planSubnets } from '../constructs/network/subnet-plan';
import { redisGlobalNodeTypeProblem, redisGlobalSecondariesProblem } from '../constructs/data/redis-global-datastore';
import { CROSS_REGION_TOPICS, type TopicName } from '../catalog/kafka-topics';
import type { DatabaseId } from '../catalog/databases';
import { REDIS_GROUPS, redisGroupId, type DataPlan, type KafkaPlan, type RedisCachePlan, type RedisGroupId } from './data';
import type { EnvironmentPlan, RegionPairPlan } from './environment';

/** The buckets replicated across regions (issue 15): the media origin, the model artifacts and the data lake. Logs stay regional. */
export const REPLICATED_BUCKETS = ['media-origin', 'model-artifacts', 'data-lake'] as const;
export type ReplicatedBucket = (typeof REPLICATED_BUCKETS)[number];

/** The two caches of the data layer (plan/data.ts REDIS_GROUPS). */
export const REPLICATED_CACHES = Object.keys(REDIS_GROUPS) as RedisGroupId[];
export type ReplicatedCache = RedisGroupId;

/** One cache's Global Datastore membership, resolved. */
export interface CacheReplicationPlan {
  readonly id: ReplicatedCache;
  /** The primary replication group (data layer of the source). */
  readonly sourceGroupId: string;
  /** The secondary replication group in the target (`<env>-<target>-<cache|features>-gds`). */
  readonly secondaryGroupId: string;
  readonly nodeType: string;
  readonly shards: number;
  /** Replicas per shard of the secondary (the source's count). */
  readonly replicasPerShard: number;
  readonly userNames: readonly string[];
  /** Id suffix of the Global Datastore (one per cache, created by the first pair that replicates caches). */
  readonly globalIdSuffix: string;
}

/** One database's read replica, resolved. */
export interface DatabaseReplicaPlan {
  readonly id: DatabaseId;
  /** `<env>-<target>-<db>-replica` (distinct from the target's own databases in phase 4). */
  readonly identifier: string;
  readonly instanceClass: string;
}

/**
 * The inter-region network of an active-active pair (phase 4, `secondary`): the target's nodes write to the
 * source's PostgreSQL and Redis primaries over a VPC peering (docs/replication.md, "Inter-region network").
 */
export interface PeeringPlan {
  /** `<env>-<target>-to-<source>`: Name tag of the connection. */
  readonly name: string;
  /** The target VPC's CIDR and the source VPC's (schema: disjoint). */
  readonly targetCidr: string;
  readonly sourceCidr: string;
  /**
   * The target's private subnet CIDRs (where its nodes and pods run), computed from its network plan as the
   * network layer carves them (constructs/network/subnet-plan.ts): the source's stores admit exactly these.
   */
  readonly admittedCidrs: readonly string[];
}

/** What the `replication` stack of one pair builds (`<env>-<target>-replication`). */
export interface ReplicationPlan {
  readonly pair: RegionPairPlan;
  /** `<env>-<target>`: prefix of every name of the stack. */
  readonly name: string;
  /** The source's data plan (engine versions, retention, lifecycle). */
  readonly sourceData: DataPlan;
  readonly buckets: readonly ReplicatedBucket[];
  readonly databases: readonly DatabaseReplicaPlan[];
  readonly caches: readonly CacheReplicationPlan[];
  /** Real-time topics replicated between the real-time clusters (phase 4), each way under the source's alias prefix. */
  readonly kafkaTopics: readonly TopicName[];
  /**
   * Topics of the target's analytics cluster consolidated into the source's analytics cluster under the same
   * names (phase 4): its own analytics topics and its real-time fan-in, so the primary's analytics cluster
   * receives every region's events. Empty unless both regions have an analytics cluster.
   */
  readonly analyticsTopics: readonly TopicName[];
  /** Creates the Global Datastores (the first pair replicating caches). */
  readonly hostsGlobalDatastores: boolean;
  /** Holds the source registry's replication configuration for every registry pair (the first such pair). */
  readonly registryDestinations: readonly string[];
  /** Holds the source buckets' replication configurations for every bucket pair (the last such pair: it references the others' replicas). */
  readonly hostsBucketReplication: boolean;
  /** The VPC peering and the admission of the target's nodes on the source's stores (feature `peering`). */
  readonly peering?: PeeringPlan;
}

/**
 * The replication plan of every pair of `plan.pairs`, checked: the source has a data layer; Global
 * Datastore takes at most two secondaries of a supported node type (a secondary has no caches of its own:
 * environments/data-schema.ts regionStoresProblem). Kafka replication (phase 4) needs the target's own
 * data layer (its real-time cluster); without one the pair replicates no topics. Errors name the
 * environment file and key.
 */
export function planReplication(plan: EnvironmentPlan): ReplicationPlan[] {
  const env = plan.context.name;
  const file = `environments/${env}.yaml`;
  const fail = (key: string, msg: string): never => { throw new PlatformValidationError(file, `${key}: ${msg}`); };
  const pairs = plan.pairs;
  if (pairs.length === 0) return [];
  const cachePairs = pairs.filter((p) => p.features.redisReplicas);
  const secondariesProblem = redisGlobalSecondariesProblem(cachePairs.length);
  if (secondariesProblem) fail('regions', `${secondariesProblem} (regions receiving cache replicas: ${cachePairs.map((p) => p.target).join(', ')})`);
  const registryPairs = pairs.filter((p) => p.features.registry);
  const bucketPairs = pairs.filter((p) => p.features.buckets);
  return pairs.map((pair): ReplicationPlan => {
    const source = plan.regions[pair.source];
    const target = plan.regions[pair.target];
    const data = source?.data ?? fail(`regions.${pair.source}.data`, `the primary region replicates to ${pair.target} but has no data layer`);
    const name = `${env}-${pair.target}`;
    const caches = pair.features.redisReplicas ? REPLICATED_CACHES.map((id): CacheReplicationPlan => {
      const key = REDIS_GROUPS[id].planKey;
      const c: RedisCachePlan = data.redis[key];
      const nodeType = c.nodeType ?? redisNodeTypeFor(c.memoryGb, c.shards);
      const nodeProblem = redisGlobalNodeTypeProblem(nodeType);
      if (nodeProblem) fail(`regions.${pair.source}.data.redis.${key}.nodeType`, nodeProblem);
      return {
        id, sourceGroupId: redisGroupId(data.name, id), secondaryGroupId: `${redisGroupId(name, id)}-gds`, nodeType, shards: c.shards, replicasPerShard: c.replicasPerShard,
        userNames: c.users.map((u) => u.name), globalIdSuffix: `${env}-${id}`,
      };
    }) : [];
    // Phase 4 replicates real-time topics into the target's own real-time cluster: it arrives with the
    // secondary's own data layer (plan/regions.ts OWN_DATA_FROM_PHASE, phase 4). Until the target configures
    // `data:` (kafka), there is no cluster to write to and the pair replicates no topics.
    const targetKafka = target?.secondaryData?.kafka;
    // Which of the target's clusters feed the pair's replicators: one rule (plan/regions.ts crossRegionKafkaSources).
    const kafka = pair.features.kafka && targetKafka?.crossRegionSources.includes('realtime') === true;
    const aggregate = pair.features.kafka && targetKafka?.crossRegionSources.includes('analytics') === true;
    const peering = pair.features.peering && target ? {
      peering: {
        name: `${env}-${pair.target}-to-${pair.source}`, targetCidr: target.network.cidr, sourceCidr: source!.network.cidr,
        admittedCidrs: planSubnets(target.network.cidr, target.network.availabilityZoneIds.length).private,
      },
    } : {};
    return {
      ...peering,
      pair, name, sourceData: data,
      buckets: pair.features.buckets ? REPLICATED_BUCKETS : [],
      databases: pair.features.postgresReplicas ? data.postgres.databases.map((db) => ({ id: db.id, identifier: `${name}-${db.id}-replica`, instanceClass: db.instanceClass })) : [],
      caches,
      kafkaTopics: kafka ? (Object.keys(CROSS_REGION_TOPICS) as TopicName[]) : [],
      analyticsTopics: aggregate ? analyticsClusterTopics(targetKafka!) : [],
      hostsGlobalDatastores: cachePairs[0] === pair,
      registryDestinations: registryPairs[0] === pair ? registryPairs.map((p) => p.target) : [],
      hostsBucketReplication: bucketPairs[bucketPairs.length - 1] === pair,
    };
  });
}

/**
 * Every topic the region's analytics cluster holds: the catalog's topics placed on it and the real-time
 * topics its fan-in replicates into it (plan/data.ts `fanInTopics`), in catalog order.
 */
export function analyticsClusterTopics(kafka: KafkaPlan): TopicName[] {
  const fanIn = new Set(kafka.fanInTopics);
  return kafka.topics.filter((t) => t.cluster === 'analytics' || fanIn.has(t.name)).map((t) => t.name);
}
