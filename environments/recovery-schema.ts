import { z } from 'zod';
import { oneOf } from './cluster-schema';

/**
 * `recovery`: the environment's recovery objectives (seed 000 "Multi-Region Failover": RTO 5 minutes,
 * RPO 1 minute, automatic DNS failover). The schema states them and their defaults once; plan/recovery.ts
 * checks at load time, with the numbers, that what the library synthesizes can meet them
 * (docs/regions-dr.md). An environment without `recovery:` declares no objectives and nothing is checked.
 */

/** Defaults of `recovery`, one place (docs/regions-dr.md explains each). */
export const RECOVERY_DEFAULTS = {
  /** S3 Replication Time Control's SLA: 99.99% of objects within 15 minutes (plan/recovery.ts REPLICATION_FIGURES). */
  objectRpoSeconds: 900,
  regionalFromPhase: 1,
  standbyCapacityPercent: 100,
  dns: { ttlSeconds: 60, healthCheckIntervalSeconds: 10, failureThreshold: 3 },
} as const;

/** Route 53 health checks probe every 10 or 30 seconds (the only two request intervals it offers). */
export const HEALTH_CHECK_INTERVALS = [10, 30] as const;

const dnsSchema = z.strictObject({
  /**
   * TTL of the Route 53 records that fail over (resolvers keep the old answer this long).
   * @default 60
   */
  ttlSeconds: z.number().int().min(0).max(86400).default(RECOVERY_DEFAULTS.dns.ttlSeconds),
  /**
   * Route 53 health check request interval.
   * @default 10
   */
  healthCheckIntervalSeconds: oneOf(HEALTH_CHECK_INTERVALS).default(RECOVERY_DEFAULTS.dns.healthCheckIntervalSeconds),
  /**
   * Consecutive failed checks before Route 53 calls the endpoint unhealthy (Route 53 allows 1-10).
   * @default 3
   */
  failureThreshold: z.number().int().min(1).max(10).default(RECOVERY_DEFAULTS.dns.failureThreshold),
});

export const recoverySchema = z.strictObject({
  /** Recovery point objective of the transactional stores (PostgreSQL, Redis, Kafka events), seconds. */
  rpoSeconds: z.number().int().positive(),
  /** Recovery time objective: from the failure to traffic served again, seconds. */
  rtoSeconds: z.number().int().positive(),
  /**
   * Recovery point objective of bucket objects (media, model artifacts, data lake), which S3 replicates
   * on its own clock: S3 RTC guarantees 15 minutes for 99.99% of objects, not seconds.
   * @default 900
   */
  objectRpoSeconds: z.number().int().positive().default(RECOVERY_DEFAULTS.objectRpoSeconds),
  /**
   * First phase at which the objectives hold for the loss of a whole region; before it they hold for the
   * in-region failure domain (an Availability Zone), which Multi-AZ stores and clusters cover.
   * @default 1 (regional from the start: a single-region environment then fails the check)
   */
  regionalFromPhase: oneOf([1, 2, 3, 4]).default(RECOVERY_DEFAULTS.regionalFromPhase),
  /**
   * CPU capacity (vCPUs of the CPU node groups at the phase) the standby region runs, as a percentage of
   * the primary's. Below 100 the standby scales out during failover, and node start-up joins the RTO sum.
   * @default 100
   */
  standbyCapacityPercent: z.number().int().min(1).max(100).default(RECOVERY_DEFAULTS.standbyCapacityPercent),
  /**
   * Measured time to promote the standby's stores (from a failover drill). Without it the largest planning
   * figure of the stores the standby holds is used (plan/recovery.ts REPLICATION_FIGURES).
   * @default the largest promotion figure of the replicated stores
   */
  promotionSeconds: z.number().int().min(0).optional(),
  /** DNS failover (Route 53 health checks and failover/latency records). */
  dns: dnsSchema.prefault({}),
});

export type RecoveryConfig = z.output<typeof recoverySchema>;
