import { z } from 'zod';
import { healthCheckPathProblem, hostInZoneProblem, hostnameProblem } from '../constructs/edge/rules';

/**
 * `routing`: global DNS for the API entry points (issue 15 item 4, docs/regions-dr.md "Global routing").
 * Route 53 latency records with health checks send clients to the nearest serving region's ingress load
 * balancer; failover records send the hostnames of services that run only in the primary to the primary,
 * and to the standby when it serves. Records live in the edge's hosted zone (`edge.hostedZone`).
 */

/** Defaults of `routing`, one place. */
export const ROUTING_DEFAULTS = {
  /** The Istio ingress gateway's Service (Istio's `gateway` chart: release `istio-ingressgateway` in `istio-ingress`). */
  ingress: { namespace: 'istio-ingress', service: 'istio-ingressgateway' },
  /** Istio's gateway readiness endpoint on its status port (15021), which the gateway Service exposes. */
  healthCheck: { port: 15021, path: '/healthz/ready' },
} as const;

function rule<T>(problem: (v: T) => string | undefined) {
  return (v: T, ctx: z.RefinementCtx) => {
    const p = problem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  };
}

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
   * The Kubernetes Service of the ingress gateway whose load balancer the AWS Load Balancer Controller creates.
   * @default istio-ingress/istio-ingressgateway
   */
  ingress: z.strictObject({
    /** @default istio-ingress */
    namespace: z.string().min(1).default(ROUTING_DEFAULTS.ingress.namespace),
    /** @default istio-ingressgateway */
    service: z.string().min(1).default(ROUTING_DEFAULTS.ingress.service),
  }).prefault({}),
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
export function refineRoutingConfig(routing: RoutingConfig, zone: string | undefined, ctx: z.RefinementCtx): void {
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
