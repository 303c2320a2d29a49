import { z } from 'zod';
import { rule } from './rule';
import { healthCheckPathProblem, hostInZoneProblem, hostnameProblem } from '../constructs/edge/rules';

/**
 * `routing`: global DNS for the API entry points (issue 15 item 4, docs/regions-dr.md "Global routing").
 * Route 53 latency records with health checks send clients to the nearest serving region's ingress load
 * balancer; failover records send the hostnames of services that run only in the primary to the primary,
 * and to the standby when it serves. Records live in the edge's hosted zone (`edge.hostedZone`).
 */

/** Defaults of `routing`, one place. */
export const ROUTING_DEFAULTS = {
  /** Istio's gateway readiness endpoint on its status port (15021), which the gateway Service exposes. */
  healthCheck: { port: 15021, path: '/healthz/ready' },
} as const;


const hostname = z.string().superRefine(rule(hostnameProblem));

export const routingSchema = z.strictObject({
  /** Hostname of the API entry point: one latency record per serving region. */
  apiHostname: hostname,
  /**
   * Hostnames of services that run only in the primary region: failover records (primary, then the standby).
   * @default []
   */
  primaryOnlyHostnames: z.array(hostname).default([]),
  /**
   * What the Route 53 health checks probe on the load balancer (HTTP; readiness carries no data).
   * @default port 15021, path /healthz/ready
   */
  healthCheck: z.strictObject({
    /** @default 15021 */
    port: z.number().int().min(1).max(65535).default(ROUTING_DEFAULTS.healthCheck.port),
    /** @default /healthz/ready */
    path: z.string().superRefine(rule(healthCheckPathProblem)).default(ROUTING_DEFAULTS.healthCheck.path),
  }).prefault({}),
});

export type RoutingConfig = z.output<typeof routingSchema>;

/** Cross-key rules: the records live in the edge's hosted zone, so `routing` needs `edge` and its hostnames sit in its zone. */
export function refineRoutingConfig(routing: RoutingConfig, zone: string | undefined, ingresses: readonly { region: string; hostname: string }[], ctx: z.RefinementCtx): void {
  const problem = apiIngressProblem(routing.apiHostname, ingresses);
  if (problem) ctx.addIssue({ code: 'custom', path: ['routing', 'apiHostname'], message: problem });
  if (zone === undefined) {
    ctx.addIssue({ code: 'custom', path: ['routing'], message: 'needs edge.hostedZone: the API records live in the edge\'s hosted zone; add edge: or remove routing:' });
    return;
  }
  const hosts: [(string | number)[], string][] = [[['apiHostname'], routing.apiHostname], ...routing.primaryOnlyHostnames.map((h, i): [(string | number)[], string] => [['primaryOnlyHostnames', i], h])];
  for (const [path, host] of hosts) {
    if (hostnameProblem(host)) continue; // reported by the field itself
    const p = hostInZoneProblem(host, zone);
    if (p) ctx.addIssue({ code: 'custom', path: ['routing', ...path], message: p });
  }
}

/**
 * The API's records point at the regions' ingress load balancers, whose TLS listeners present a certificate
 * for `regions.<region>.platform.ingress.hostname`: at least one region has an ingress, and every ingress
 * serves the routed hostname (otherwise clients get a certificate for another name).
 */
export function apiIngressProblem(apiHostname: string, ingresses: readonly { region: string; hostname: string }[]): string | undefined {
  if (ingresses.length === 0) return `'${apiHostname}' has no load balancer to route to: set regions.<primary region>.platform.ingress (hostname and hostedZone) so the workloads layer's gateway gets a named TLS load balancer`;
  const other = ingresses.filter((i) => i.hostname !== apiHostname);
  if (other.length > 0) return `'${apiHostname}' differs from ${other.map((i) => `regions.${i.region}.platform.ingress.hostname '${i.hostname}'`).join(', ')}; the ingress certificates cover those names, so they must equal the routed hostname`;
  return undefined;
}
