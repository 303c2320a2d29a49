import type { Phase } from '../environments/cluster-schema';
import { primaryDataConfig, type DataConfig, type RegionDataConfig } from '../environments/data-schema';
import type { RecoveryConfig } from '../environments/recovery-schema';
import { INSTANCE_TYPES } from '../constructs/cluster/gpu-catalog';
import { regionRoleOf, REPLICATION_FROM_PHASE, replicationFeatures, REPLICA_ROLES, type RegionRole, type ReplicationFeatures } from './regions';

/**
 * Recovery objectives checked by arithmetic (issue 15 item 5, seed 000 "Multi-Region Failover",
 * docs/regions-dr.md). The environment states RPO and RTO (environments/recovery-schema.ts); this module
 * works out, from the environment's regions, roles and phase, what the synthesized platform can achieve
 * and returns one problem per broken rule with the numbers. The schema runs it at load time (synth fails);
 * the runbook (tools/runbook.ts) prints the same arithmetic as its timeline.
 */

/** One replicated store: how far behind its replica runs and how long promoting the replica takes. */
export interface ReplicationFigure {
  /** What is replicated, as the messages name it. */
  readonly store: string;
  /** The replication feature of plan/regions.ts that carries it. */
  readonly feature: keyof ReplicationFeatures;
  /** Expected replication lag (planning figure), seconds. */
  readonly lagSeconds: number;
  readonly lagSource: string;
  /** Time to make the replica the writable copy, seconds (0: nothing to promote). */
  readonly promotionSeconds: number;
  readonly promotionSource: string;
  /** The objective the lag is compared with: transactional data or bucket objects. */
  readonly objective: 'rpoSeconds' | 'objectRpoSeconds';
}

/**
 * The figures, with their sources, in one table. They are planning figures, not guarantees, except S3 RTC's
 * SLA; an environment that measured its own promotion time in a drill sets `recovery.promotionSeconds`.
 */
export const REPLICATION_FIGURES: readonly ReplicationFigure[] = [
  {
    store: 'PostgreSQL (RDS cross-region read replicas)', feature: 'postgresReplicas', objective: 'rpoSeconds',
    lagSeconds: 1,
    lagSource: 'seed 003 §10 "cross-region read replicas (async replication, < 1s lag)"; RDS replication is asynchronous '
      + '(RDS User Guide, USER_ReadRepl.XRgn), so the replica-lag alarm of the replication layer watches it',
    promotionSeconds: 180,
    promotionSource: 'RDS User Guide, USER_ReadRepl.Promote: "RDS reboots the DB instance before making it available. The '
      + 'promotion process can take several minutes or longer"; 3 minutes planned, all databases promoted in parallel',
  },
  {
    store: 'Redis (ElastiCache Global Datastore)', feature: 'redisReplicas', objective: 'rpoSeconds',
    lagSeconds: 1,
    lagSource: 'seed 003 §10 (Global Datastore for cache replication); AWS describes Global Datastore cross-Region '
      + 'replication latency as typically under one second (ElastiCache User Guide, Redis-Global-Datastore)',
    promotionSeconds: 120,
    promotionSource: 'FailoverGlobalReplicationGroup (ElastiCache API Reference) promotes the secondary; no duration is '
      + 'published in the stored sources: 2 minutes planned',
  },
  {
    store: 'Kafka events (MSK Replicator)', feature: 'kafka', objective: 'rpoSeconds',
    lagSeconds: 30,
    lagSource: 'MSK Developer Guide, msk-replicator-how-replication-works: asynchronous, latency depends on distance, '
      + 'throughput and partitions (seconds between nearby regions), new topics detected within 30 s: 30 s planned',
    promotionSeconds: 0,
    promotionSource: 'active-active: producers in the standby already write to its own real-time cluster',
  },
  {
    store: 'bucket objects (S3 cross-region replication with RTC)', feature: 'buckets', objective: 'objectRpoSeconds',
    lagSeconds: 900,
    lagSource: 'S3 User Guide, replication-time-control: "replicates most objects ... in seconds and 99.99 percent of '
      + 'those objects within 15 minutes" (the SLA)',
    promotionSeconds: 0,
    promotionSource: 'replica buckets are readable at once; the CloudFront origin group fails over by itself',
  },
];

/**
 * In-region failover figures (phases before `regionalFromPhase`): RDS Multi-AZ fails over to its
 * synchronous standby, ElastiCache promotes a replica in another AZ, MSK keeps serving from the other
 * brokers (replication factor 3, min.insync.replicas 2: versions.md §3).
 */
export const IN_REGION_FIGURES = {
  rdsMultiAzFailoverSeconds: 120,
  rdsMultiAzSource: 'RDS User Guide, Concepts.MultiAZ: failovers "typically complete within 60-120 seconds"',
} as const;

/** Managed node groups scaling out: EC2 launch, bootstrap and node readiness (planning figure, 4 minutes). */
export const NODE_SCALE_OUT_SECONDS = 240;

/** What the check needs to know about one region (from the config, so the schema can run it). */
export interface RecoveryRegion {
  readonly region: string;
  readonly role: RegionRole;
  readonly hasCluster: boolean;
  /** vCPUs of the region's CPU node groups (desired size at the phase); undefined without a cluster. */
  readonly cpuVcpus?: number;
}

export interface RecoveryInput {
  readonly phase: Phase;
  readonly primaryRegion: string;
  readonly recovery: RecoveryConfig;
  /** Every region of the environment, in the order listed. */
  readonly regions: readonly RecoveryRegion[];
  /** The primary region's data layer (undefined when it has none). */
  readonly primaryData?: DataConfig;
}

/** One term of the RTO sum. */
export interface RtoTerm {
  readonly label: string;
  readonly seconds: number;
}

export interface RecoveryIssue {
  /** Key path below the environment (e.g. ['recovery', 'rtoSeconds']). */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The outcome of the check: what scope applies, the arithmetic and the problems. */
export interface RecoveryAssessment {
  /** `in-region` before `regionalFromPhase`, `regional` from it. */
  readonly scope: 'in-region' | 'regional';
  /** The warm standby region (regional scope). */
  readonly standby?: string;
  /** The RTO sum, term by term. */
  readonly rtoTerms: readonly RtoTerm[];
  readonly rtoTotalSeconds: number;
  /** Replicated stores with their lag and the objective they are held to (regional scope). */
  readonly rpo: readonly { readonly figure: ReplicationFigure; readonly replicated: boolean; readonly objectiveSeconds: number }[];
  readonly issues: readonly RecoveryIssue[];
}

const sum = (terms: readonly RtoTerm[]) => terms.reduce((n, t) => n + t.seconds, 0);
const arithmetic = (terms: readonly RtoTerm[]) => `${terms.map((t) => `${t.label} ${t.seconds} s`).join(' + ')} = ${sum(terms)} s`;

/** Rule: point-in-time recovery and snapshots on the primary's stores (RPO needs continuous backups). */
export function backupsProblem(primaryRegion: string, data: DataConfig | undefined): string | undefined {
  if (!data) return `RPO needs continuous backups of the primary's stores, but regions.${primaryRegion} has no data layer to protect`;
  const off: string[] = [];
  // RDS point-in-time recovery is on whenever automated backups are kept (backupRetentionDays >= 1, schema minimum).
  if (data.redis.snapshotRetentionDays < 1) off.push(`regions.${primaryRegion}.data.redis.snapshotRetentionDays is 0 (no Redis snapshots)`);
  if (!data.efs.backup) off.push(`regions.${primaryRegion}.data.efs.backup is false`);
  return off.length > 0 ? `RPO needs backups of every store of the primary region: ${off.join('; ')}` : undefined;
}

/** Rule: in-region redundancy (Multi-AZ database, a replica per Redis shard) for the in-region failure domain. */
export function inRegionRedundancyProblem(primaryRegion: string, data: DataConfig, rpoSeconds: number): string | undefined {
  const single: string[] = [];
  if (!data.postgres.multiAz) single.push(`regions.${primaryRegion}.data.postgres.multiAz is false`);
  for (const cache of ['cache', 'featureStore'] as const) {
    if (data.redis[cache].replicasPerShard < 1) single.push(`regions.${primaryRegion}.data.redis.${cache}.replicasPerShard is 0`);
  }
  return single.length > 0
    ? `RPO ${rpoSeconds} s on the loss of an Availability Zone needs a copy in another zone: ${single.join('; ')}`
    : undefined;
}

/** Rule: the in-region RTO (RDS Multi-AZ failover) fits the objective. */
export function inRegionRtoProblem(rtoSeconds: number): string | undefined {
  const failover = IN_REGION_FIGURES.rdsMultiAzFailoverSeconds;
  return failover > rtoSeconds
    ? `RTO ${rtoSeconds} s is shorter than an RDS Multi-AZ failover (${failover} s; ${IN_REGION_FIGURES.rdsMultiAzSource})`
    : undefined;
}

/**
 * The standby: a region whose role and phase give it database and cache replicas, and a cluster; a
 * `secondary` (which serves traffic) before a `replica-only` one, then in the order the environment lists them.
 */
export function standbyRegionOf(regions: readonly RecoveryRegion[], phase: Phase): RecoveryRegion | undefined {
  const candidates = regions.filter((r) => {
    const f = replicationFeatures(r.role, phase);
    return f.postgresReplicas && f.redisReplicas && r.hasCluster;
  });
  return candidates.find((r) => r.role === 'secondary') ?? candidates[0];
}

/** Rule: a warm standby exists at the phase. */
export function standbyProblem(regions: readonly RecoveryRegion[], phase: Phase, primaryRegion: string): string | undefined {
  if (standbyRegionOf(regions, phase)) return undefined;
  const candidates = regions.filter((r) => r.region !== primaryRegion && REPLICA_ROLES.includes(r.role));
  const why = candidates.length === 0
    ? `no region has a role that receives replicas (${REPLICA_ROLES.join(', ')})`
    : phase < REPLICATION_FROM_PHASE.postgresReplicas
      ? `database and cache replicas start at phase ${REPLICATION_FROM_PHASE.postgresReplicas} (plan/regions.ts REPLICATION_FROM_PHASE), this is phase ${phase}`
      : `${candidates.map((c) => c.region).join(', ')} ${candidates.length > 1 ? 'have' : 'has'} no cluster to run the services`;
  return `a regional RTO needs a warm standby region (replicas of the primary's databases and caches and a cluster), but ${why}; `
    + 'raise recovery.regionalFromPhase or add a standby';
}

/** Rule: the standby's CPU capacity is at least `standbyCapacityPercent` of the primary's. */
export function standbyCapacityProblem(standby: RecoveryRegion, primary: RecoveryRegion, percent: number): string | undefined {
  const have = standby.cpuVcpus ?? 0;
  const need = Math.ceil(((primary.cpuVcpus ?? 0) * percent) / 100);
  return have < need
    ? `the standby ${standby.region} runs ${have} vCPUs of CPU node groups; recovery.standbyCapacityPercent ${percent}% of the primary's `
      + `${primary.cpuVcpus ?? 0} vCPUs (${primary.region}) is ${need}`
    : undefined;
}

/** Rule: a store is replicated to the standby at the phase and its lag fits the objective. */
export function replicationLagProblem(figure: ReplicationFigure, replicated: boolean, objectiveSeconds: number, phase: Phase): string | undefined {
  if (!replicated) {
    return `RPO ${objectiveSeconds} s: ${figure.store}: no replication to the standby at phase ${phase} (from phase ${REPLICATION_FROM_PHASE[figure.feature]}); `
      + 'a region loss loses what the primary wrote since its last backup';
  }
  return figure.lagSeconds > objectiveSeconds
    ? `RPO ${objectiveSeconds} s is shorter than the expected lag of ${figure.store}: ${figure.lagSeconds} s (${figure.lagSource})`
    : undefined;
}

/** The RTO sum of a regional failover: detection + DNS TTL + promotion (+ scale-out below 100% capacity). */
export function regionalRtoTerms(recovery: RecoveryConfig, replicated: readonly ReplicationFigure[]): RtoTerm[] {
  const { dns } = recovery;
  const promotion = recovery.promotionSeconds ?? Math.max(0, ...replicated.map((f) => f.promotionSeconds));
  return [
    { label: `detection (health check ${dns.healthCheckIntervalSeconds} s x ${dns.failureThreshold} failures)`, seconds: dns.healthCheckIntervalSeconds * dns.failureThreshold },
    { label: 'DNS TTL', seconds: dns.ttlSeconds },
    { label: recovery.promotionSeconds !== undefined ? 'promotion (recovery.promotionSeconds)' : 'promotion (largest planning figure)', seconds: promotion },
    ...(recovery.standbyCapacityPercent < 100 ? [{ label: 'node scale-out', seconds: NODE_SCALE_OUT_SECONDS }] : []),
  ];
}

/** Rule: the regional RTO sum fits the objective. */
export function dnsFailoverProblem(rtoSeconds: number, terms: readonly RtoTerm[]): string | undefined {
  return sum(terms) > rtoSeconds ? `RTO ${rtoSeconds} s cannot hold: ${arithmetic(terms)} > ${rtoSeconds} s` : undefined;
}

/** The node groups of a region's cluster plan, as the capacity rule reads them. */
type PlannedGroups = readonly { readonly config: { readonly instanceType: string }; readonly scaling: { readonly desiredSize: number } }[];

/**
 * The check's input from a parsed environment: `nodeGroupsOf` gives a region's planned CPU node groups at
 * the environment's phase (undefined without a cluster). Used by the schema (load time) and the runbook.
 */
export function recoveryInputOf(
  env: { readonly phase: Phase; readonly recovery: RecoveryConfig; readonly regions: Readonly<Record<string, { readonly role?: RegionRole; readonly data?: RegionDataConfig; readonly cluster?: unknown }>> },
  primaryRegion: string,
  nodeGroupsOf: (region: string) => PlannedGroups | undefined,
): RecoveryInput {
  // vCPUs of the desired nodes; an instance type missing from the catalog counts 0 (it cannot be sized).
  const vcpus = (groups: PlannedGroups | undefined) => groups?.reduce((n, g) => n + g.scaling.desiredSize * (INSTANCE_TYPES[g.config.instanceType]?.vcpu ?? 0), 0);
  return {
    phase: env.phase, primaryRegion, recovery: env.recovery, ...optionalPrimaryData(primaryDataConfig(env.regions[primaryRegion]?.data)),
    regions: Object.entries(env.regions).map(([region, cfg]) => ({
      region, role: regionRoleOf(region, cfg, primaryRegion), hasCluster: cfg.cluster !== undefined, cpuVcpus: vcpus(nodeGroupsOf(region)),
    })),
  };
}

const optionalPrimaryData = (data: DataConfig | undefined): { primaryData?: DataConfig } => (data ? { primaryData: data } : {});

/** Checks the environment's objectives against what it synthesizes at its phase. */
export function assessRecovery(input: RecoveryInput): RecoveryAssessment {
  const { recovery, phase, primaryRegion } = input;
  const issues: RecoveryIssue[] = [];
  const add = (path: readonly (string | number)[], message: string | undefined) => {
    if (message) issues.push({ path: ['recovery', ...path], message });
  };
  add(['rpoSeconds'], backupsProblem(primaryRegion, input.primaryData));
  if (phase < recovery.regionalFromPhase) {
    if (input.primaryData) add(['rpoSeconds'], inRegionRedundancyProblem(primaryRegion, input.primaryData, recovery.rpoSeconds));
    add(['rtoSeconds'], inRegionRtoProblem(recovery.rtoSeconds));
    const rtoTerms = [{ label: 'RDS Multi-AZ failover', seconds: IN_REGION_FIGURES.rdsMultiAzFailoverSeconds }];
    return { scope: 'in-region', rtoTerms, rtoTotalSeconds: sum(rtoTerms), rpo: [], issues };
  }
  const standby = standbyRegionOf(input.regions, phase);
  add(['regionalFromPhase'], standbyProblem(input.regions, phase, primaryRegion));
  const primary = input.regions.find((r) => r.region === primaryRegion);
  if (standby && primary) add(['standbyCapacityPercent'], standbyCapacityProblem(standby, primary, recovery.standbyCapacityPercent));
  const features = standby ? replicationFeatures(standby.role, phase) : undefined;
  const rpo = REPLICATION_FIGURES.map((figure) => ({ figure, replicated: !!features?.[figure.feature], objectiveSeconds: recovery[figure.objective] }));
  if (standby) {
    for (const r of rpo) add([r.figure.objective], replicationLagProblem(r.figure, r.replicated, r.objectiveSeconds, phase));
  }
  const rtoTerms = regionalRtoTerms(recovery, rpo.filter((r) => r.replicated).map((r) => r.figure));
  add(['rtoSeconds'], dnsFailoverProblem(recovery.rtoSeconds, rtoTerms));
  return { scope: 'regional', ...(standby ? { standby: standby.region } : {}), rtoTerms, rtoTotalSeconds: sum(rtoTerms), rpo, issues };
}
