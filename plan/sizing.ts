/**
 * Sizing arithmetic of the plan, written once (docs/contracts.md): production sizes by phase, scaled
 * to an environment, and storage sizes from the seeds' estimates. Stacks never compute sizes.
 */
import type { NodeGroupScaling } from '../constructs/cluster/managed-node-group';
import { postgresStorageGb, RDS_MAX_STORAGE_GB } from '../constructs/data/postgres-database';
import type { Phase, PerPhase } from '../environments/cluster-schema';

/** The value of a by-phase size at `phase`. */
export function atPhase(size: PerPhase, phase: Phase): number {
  return typeof size === 'number' ? size : size[phase];
}

/** ceil(nodes × scale), robust to binary fractions (30 × 0.1 is 3, not 4). */
export function scaleNodes(nodes: number, scale: number): number {
  return Math.ceil(Math.round(nodes * scale * 1e6) / 1e6);
}

/**
 * Min/desired/max of a group whose production size is `productionNodes` (rule in
 * environments/cluster-schema.ts's header): desired = `desired` or max(min, scaled); max = `max` or
 * max(1, 2 × max(desired, scaled)).
 */
export function groupScaling(group: { min: number; desired?: number; max?: number }, productionNodes: number, scale: number): NodeGroupScaling {
  const scaled = scaleNodes(productionNodes, scale);
  const desiredSize = group.desired ?? Math.max(group.min, scaled);
  const maxSize = group.max ?? Math.max(1, 2 * Math.max(desiredSize, scaled));
  return { minSize: group.min, desiredSize, maxSize };
}

/**
 * Storage of one PostgreSQL database: allocated = the override, else the seed estimate × scale ×
 * headroom (at least RDS's gp3 minimum); the autoscaling ceiling = allocated × maxStorageFactor, at
 * most RDS's 65536 GiB (RDS_MAX_STORAGE_GB).
 */
export function postgresStorage(estimateGb: number, scale: number, headroom: number, maxStorageFactor: number, overrideGb?: number): { allocatedGb: number; maxAllocatedGb: number } {
  const allocatedGb = overrideGb ?? postgresStorageGb(estimateGb, scale, headroom);
  return { allocatedGb, maxAllocatedGb: Math.min(Math.ceil(allocatedGb * maxStorageFactor), RDS_MAX_STORAGE_GB) };
}

/**
 * Audit logs in the logs bucket, seed 003 §4 retention row "Audit logs: 90 days (Elasticsearch),
 * 1 year (S3), 7 years (Glacier)": to Glacier after a year, deleted after 7 years (7 × 365 + 2 leap
 * days = 2557 days).
 */
export const AUDIT_LOG_RETENTION = { glacierAfterDays: 365, expireAfterDays: 7 * 365 + 2 } as const;
