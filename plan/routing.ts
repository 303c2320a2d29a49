import type { EnvironmentConfig } from '../environments/schema';
import { RECOVERY_DEFAULTS } from '../environments/recovery-schema';
import type { RoutingConfig } from '../environments/routing-schema';

/** A region whose ingress gateway serves the client API, with its cluster and its gateway NLB's name. */
export interface ServingRegionPlan {
  readonly region: string;
  readonly clusterName: string;
  /** The gateway NLB's name (the platform layer names it from `regions.<region>.platform.ingress`). */
  readonly loadBalancerName: string;
  /** The hostname its certificate covers (`regions.<region>.platform.ingress.hostname`). */
  readonly hostname: string;
}

/** The global routing layer's plan (`<env>-global-routing`, docs/regions-dr.md "Global routing"). */
export interface RoutingPlan {
  readonly config: RoutingConfig;
  readonly zoneId: string;
  /** Regions whose workloads layer runs the ingress gateway, the primary first, with their cluster names. */
  readonly servingRegions: readonly ServingRegionPlan[];
  /** The standby that takes the primary-only hostnames, when it serves the API too. */
  readonly standbyRegion?: string;
  /** TTL and health checks: the environment's `recovery.dns`, or its defaults without `recovery:`. */
  readonly dns: { readonly ttlSeconds: number; readonly healthCheckIntervalSeconds: number; readonly failureThreshold: number };
}

/**
 * The routing plan, or undefined without `routing:` or without a serving region. `serving` lists the regions
 * that deploy the workloads layer (plan/environment.ts), primary first; `standby` is the recovery check's.
 */
export function planRouting(env: EnvironmentConfig, serving: readonly ServingRegionPlan[], standby: string | undefined): RoutingPlan | undefined {
  if (!env.routing || !env.edge || serving.length === 0) return undefined;
  return {
    config: env.routing,
    zoneId: env.edge.hostedZone.id,
    servingRegions: serving,
    ...(standby && serving.slice(1).some((s) => s.region === standby) ? { standbyRegion: standby } : {}),
    dns: env.recovery?.dns ?? RECOVERY_DEFAULTS.dns,
  };
}
