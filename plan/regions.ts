import type { Phase } from '../environments/cluster-schema';
import type { KafkaClusterName } from '../catalog/kafka-topics';

/**
 * What a region is for (issue 15, seed 003 §10, seed 000's four-region layout):
 * - `primary`: holds the primary copy of stateful data (the environment's `primaryRegion`);
 * - `secondary`: receives replicas of the primary's data as the phase grows (read replicas and cache
 *   replicas from phase 3) and runs a full regional set in phase 4 (active-active);
 * - `replica-only`: receives replicas (standby for recovery), never serves traffic on its own;
 * - `gpu-only`: a cluster with GPU pools and no data layer of its own (its workloads read the primary's stores).
 */
export const REGION_ROLES = ['primary', 'secondary', 'replica-only', 'gpu-only'] as const;
export type RegionRole = (typeof REGION_ROLES)[number];

/**
 * Name of the region holding the primary copy of stateful data: `primaryRegion`, else the first region
 * listed. One default, one place (the schema's checks, the plan, the edge and the workloads all ask here).
 */
export function primaryRegionOf(env: { readonly primaryRegion?: string | undefined; readonly regions: Readonly<Record<string, unknown>> }): string {
  return env.primaryRegion ?? Object.keys(env.regions)[0];
}

/** The parts of a region's config the role default reads. */
export interface RoleInput {
  readonly role?: RegionRole;
  readonly data?: unknown;
}

/**
 * The role of `region`: as written, else `primary` for the primary region, `secondary` for another region
 * with a data layer, and `gpu-only` for a region without one. One default, one place.
 */
export function regionRoleOf(region: string, config: RoleInput, primaryRegion: string): RegionRole {
  if (config.role) return config.role;
  if (region === primaryRegion) return 'primary';
  return config.data !== undefined ? 'secondary' : 'gpu-only';
}

/**
 * What is replicated from the primary to one other region, by phase (seed 003 §10 "Multi-Region
 * Considerations"): phase 2 adds origin failover at the edge, which needs the media origin (and with it
 * the model artifacts and the data lake) replicated and the images in the second region's registry;
 * phase 3 adds RDS cross-region read replicas, ElastiCache replicas (Global Datastore) and the secrets
 * the replicas need; phase 4 (active-active) adds cross-region event replication between the real-time
 * clusters.
 */
export interface ReplicationFeatures {
  /** S3 cross-region replication of the media origin, model artifacts and data lake (phase >= 2). */
  readonly buckets: boolean;
  /** ECR replication of the environment's repositories (phase >= 2). */
  readonly registry: boolean;
  /** RDS cross-region read replicas of every database (phase >= 3). */
  readonly postgresReplicas: boolean;
  /** ElastiCache Global Datastore secondaries (phase >= 3). */
  readonly redisReplicas: boolean;
  /** Secrets Manager replicas of the secrets the secondary's services read (phase >= 3). */
  readonly secrets: boolean;
  /** MSK replication of the real-time topics between the regions' real-time clusters (phase 4). */
  readonly kafka: boolean;
  /**
   * Inter-region VPC peering (phase 4, `secondary` only): the secondary's services read their local replicas
   * and write to the primary's PostgreSQL and Redis primaries over it (docs/replication.md, "Inter-region network").
   */
  readonly peering: boolean;
}

/** The phase each replication feature starts in. One table, one place. */
export const REPLICATION_FROM_PHASE: Readonly<Record<keyof ReplicationFeatures, Phase>> = {
  buckets: 2,
  registry: 2,
  postgresReplicas: 3,
  redisReplicas: 3,
  secrets: 3,
  kafka: 4,
  peering: 4,
};

/** Features only an active-active `secondary` takes: a replica-only standby serves nothing until promoted. */
const SECONDARY_ONLY: readonly (keyof ReplicationFeatures)[] = ['kafka', 'peering'];

/** Roles that receive replicas of the primary's data. */
export const REPLICA_ROLES: readonly RegionRole[] = ['secondary', 'replica-only'];

/** The replication features a region of `role` receives at `phase` (none for primary and gpu-only). */
export function replicationFeatures(role: RegionRole, phase: Phase): ReplicationFeatures {
  // Active-active is between serving regions: a replica-only standby takes no event replication and no
  // private path to the primary's writers (its stores are promoted, never written from afar).
  const on = (feature: keyof ReplicationFeatures) => (SECONDARY_ONLY.includes(feature) ? role === 'secondary' : REPLICA_ROLES.includes(role))
    && phase >= REPLICATION_FROM_PHASE[feature];
  return {
    buckets: on('buckets'),
    registry: on('registry'),
    postgresReplicas: on('postgresReplicas'),
    redisReplicas: on('redisReplicas'),
    secrets: on('secrets'),
    kafka: on('kafka'),
    peering: on('peering'),
  };
}

/** True when any feature is on. */
export function replicatesAnything(features: ReplicationFeatures): boolean {
  return Object.values(features).some(Boolean);
}

/**
 * The phase from which a region of each role has a data layer of its own (`<env>-<region>-data`), or
 * `undefined` for never. One table, one place (issue 15, docs/regions-dr.md):
 * - `primary` from phase 1: every store, the primary copy of the data;
 * - `secondary` from phase 4 (active-active): its own MSK clusters, EFS for live segments, data-client group
 *   and keys; its databases and caches are the primary's replicas (the `replication` layer) and its buckets
 *   and images the primary's (S3 and ECR replication), so it has no PostgreSQL, Redis, buckets or ECR of its own;
 * - `replica-only` and `gpu-only` never: a standby takes replicas only, a GPU region reads the primary's stores.
 */
export const OWN_DATA_FROM_PHASE: Readonly<Record<RegionRole, Phase | undefined>> = {
  primary: 1,
  secondary: 4,
  'replica-only': undefined,
  'gpu-only': undefined,
};

/** True when a region of `role` has a data layer of its own at `phase` (OWN_DATA_FROM_PHASE). */
export function hasOwnDataLayer(role: RegionRole, phase: Phase): boolean {
  const from = OWN_DATA_FROM_PHASE[role];
  return from !== undefined && phase >= from;
}

/** What `crossRegionKafkaSources` reads of an environment. */
export interface KafkaSourcesInput {
  readonly phase: Phase;
  readonly regions: Readonly<Record<string, RoleInput & { readonly data?: { readonly kafka?: { readonly clusters?: Readonly<Record<string, unknown>> } } }>>;
}

/**
 * The MSK clusters that feed a cross-region MSK Replicator at the environment's phase, by region (one rule
 * for the data layers, which give each such cluster multi-VPC connectivity and the replicator's policy, the
 * schema's `kafka.t3.small` check, and the replication plan). A region takes part when it has its own data
 * layer (OWN_DATA_FROM_PHASE) with a real-time cluster and its role takes Kafka replication
 * (`replicationFeatures(...).kafka`: a secondary at phase 4), and then the primary too (the real-time topics
 * go both ways): every participant's `realtime`, plus a secondary's `analytics` when the primary has one (it
 * is consolidated into the primary's, plan/replication.ts `analyticsTopics`). Empty without such a region.
 */
export function crossRegionKafkaSources(env: KafkaSourcesInput, primaryRegion: string): Record<string, KafkaClusterName[]> {
  const has = (region: string, cluster: KafkaClusterName) => env.regions[region]?.data?.kafka?.clusters?.[cluster] !== undefined;
  const peers = Object.keys(env.regions).filter((r) => {
    const role = regionRoleOf(r, env.regions[r], primaryRegion);
    return r !== primaryRegion && hasOwnDataLayer(role, env.phase) && replicationFeatures(role, env.phase).kafka && has(r, 'realtime');
  });
  if (peers.length === 0 || !has(primaryRegion, 'realtime')) return {};
  const aggregated = (r: string): KafkaClusterName[] => (has(r, 'analytics') && has(primaryRegion, 'analytics') ? ['analytics'] : []);
  return { [primaryRegion]: ['realtime'], ...Object.fromEntries(peers.map((r) => [r, ['realtime', ...aggregated(r)]])) };
}

/**
 * The role rule: the primary region is `primary` and no other region is; a `gpu-only` or `replica-only`
 * region has no data layer of its own (OWN_DATA_FROM_PHASE). Returns the message, or undefined when the region's role is allowed.
 */
export function regionRoleProblem(region: string, config: RoleInput, primaryRegion: string): string | undefined {
  const role = regionRoleOf(region, config, primaryRegion);
  if (region === primaryRegion && role !== 'primary') {
    return `'${role}' on the primary region (${primaryRegion}); the primary region's role is 'primary'`;
  }
  if (region !== primaryRegion && role === 'primary') {
    return `'primary' but the primary region is ${primaryRegion}; allowed here: ${REGION_ROLES.filter((r) => r !== 'primary').join(', ')}`;
  }
  if (role === 'gpu-only' && config.data !== undefined) {
    return `'gpu-only' with a data layer; remove regions.${region}.data or use secondary / replica-only`;
  }
  if (OWN_DATA_FROM_PHASE[role] === undefined && config.data !== undefined) {
    return `'${role}' with a data layer; a ${role} region never has one of its own (it receives the primary's replicas): remove regions.${region}.data or use secondary`;
  }
  return undefined;
}
