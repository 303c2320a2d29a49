import type { EnvironmentConfig } from '../environments/schema';
import { primaryRegionOf } from './regions';
import type { Phase } from '../environments/cluster-schema';

/** Remote state of an environment (S3 with Terraform's native lock file). */
export interface BackendPlan {
  readonly bucket: string;
  readonly keyPrefix: string;
  readonly region: string;
}

/**
 * What every stack of an environment knows about it: the only environment-wide input a stack takes
 * besides its own plan slice and the outputs of the layers below it.
 */
export interface EnvironmentContext {
  readonly name: string;
  /** Production growth phase of seed 003 §10. */
  readonly phase: Phase;
  /** Fraction of production capacity. */
  readonly scale: number;
  /** The environment's own extra tags (the platform adds environment, region, layer, cost-center, managed-by). */
  readonly tags: Readonly<Record<string, string>>;
  /** Value of the `cost-center` tag. */
  readonly costCenter: string;
  /** Deletion protection and final snapshots on stateful resources. */
  readonly deletionProtection: boolean;
  /** The only AWS account the providers accept, when the environment names one. */
  readonly accountId?: string;
  /** Remote state; without it each stack uses a local state file. */
  readonly backend?: BackendPlan;
  /** Region holding the primary copy of stateful data. */
  readonly primaryRegion: string;
}

/** The context of a parsed environment. */
export function contextOf(env: EnvironmentConfig): EnvironmentContext {
  return {
    name: env.name,
    phase: env.phase,
    scale: env.scale,
    tags: env.tags,
    costCenter: env.costCenter,
    deletionProtection: env.deletionProtection,
    ...(env.accountId ? { accountId: env.accountId } : {}),
    ...(env.backend ? { backend: env.backend } : {}),
    primaryRegion: primaryRegionOf(env),
  };
}
