import type { EdgeConfig } from '../environments/edge-schema';
import type { EnvironmentConfig } from '../environments/schema';
import { primaryRegionOf } from './regions';

/**
 * Regions whose media origin the global edge layer serves: `edge.originRegion` (default: the primary
 * region) and, when set, `edge.secondaryOriginRegion` (the origin group's failover). Empty without `edge:`.
 * The schema checked that each has a data layer.
 */
export function edgeOriginRegions(env: EnvironmentConfig): string[] {
  if (!env.edge) return [];
  const primary = env.edge.originRegion ?? primaryRegionOf(env);
  return [primary, ...(env.edge.secondaryOriginRegion ? [env.edge.secondaryOriginRegion] : [])];
}

/** The global edge layer's plan: its config and the regions whose media origin it serves. */
export interface EdgePlan {
  readonly config: EdgeConfig;
  /** The origin region first, then the secondary origin (failover), if any. */
  readonly originRegions: readonly string[];
}

/** The edge plan of an environment, or undefined without `edge:`. */
export function planEdge(env: EnvironmentConfig): EdgePlan | undefined {
  return env.edge ? { config: env.edge, originRegions: edgeOriginRegions(env) } : undefined;
}
