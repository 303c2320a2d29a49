import { Construct } from 'constructs';
import { DataAwsLb } from '@cdktf/provider-aws/lib/data-aws-lb';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { PlatformValidationError } from '../core/errors';
import { KubernetesManifest } from '../k8s/manifest';
import type { EnvoyFilter, IstioGateway, VirtualService } from '../k8s/objects';
import { INGRESS_GATEWAY_PODS } from './service-deployment';

/** Port the gateway pods serve plain HTTP on behind the NLB's TLS listener (the gateway chart's `http2` port). */
export const GATEWAY_HTTP_PORT = 80;
/** Name of the Gateway and VirtualService of the client API (namespace {@link INGRESS_GATEWAY_PODS}). */
export const API_GATEWAY_NAME = 'api';

/** One path of the API hostname routed to an in-mesh service, with its rate limit. */
export interface IngressRoute {
  /** Service id: the route's name and the Kubernetes Service it forwards to. */
  readonly service: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /** Port of the Service. */
  readonly port: number;
  /** URI prefix, starting and ending with `/` (e.g. `/bff-tv/`). */
  readonly pathPrefix: string;
  /** Requests per second one gateway pod admits on this route (token bucket refilled every second). */
  readonly requestsPerSecondPerPod: number;
}

export interface IngressRoutesProps {
  /** The API hostname clients call (the NLB's certificate names it). */
  readonly hostname: string;
  /** Paths of the hostname and the services they reach (prefixes distinct). */
  readonly routes: readonly IngressRoute[];
  /**
   * Publish `hostname` as an alias of the gateway's NLB, found by its name (set by the platform layer's
   * `aws-load-balancer-name` annotation, so it exists before this stack is planned).
   * @default - no DNS record
   */
  readonly dns?: { readonly zoneId: string; readonly loadBalancerName: string };
}

/** Why `route` cannot be published, or undefined. */
export function ingressRouteProblem(route: IngressRoute): string | undefined {
  if (!/^\/([a-z0-9-]+\/)+$/.test(route.pathPrefix)) return `route '${route.service}': pathPrefix '${route.pathPrefix}' must start and end with '/' (lower-case letters, digits, '-')`;
  if (!Number.isInteger(route.requestsPerSecondPerPod) || route.requestsPerSecondPerPod < 1) return `route '${route.service}': requestsPerSecondPerPod ${route.requestsPerSecondPerPod} must be a whole number >= 1`;
  return undefined;
}

/** Envoy's local rate limit filter, as Istio's EnvoyFilter examples spell it (TypedStruct wrapping the v3 config). */
const LOCAL_RATE_LIMIT = 'envoy.filters.http.local_ratelimit';
const typed = (value: Record<string, unknown>) => ({
  '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
  type_url: 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
  value,
});
const ALWAYS = (key: string) => ({ runtime_key: key, default_value: { numerator: 100, denominator: 'HUNDRED' } });

/**
 * The client API on the Istio ingress gateway: a `Gateway` serving `hostname` on the gateway's HTTP port
 * (TLS ends at the NLB listener with the ACM certificate), a `VirtualService` sending each route's
 * prefix to its Service, and an `EnvoyFilter` adding Envoy's local rate limit per route and gateway pod
 * (HTTP 429 above it). Optionally the hostname's Route 53 alias to the gateway's NLB.
 *
 * @example
 * ```ts
 * import { IngressRoutes } from '@ott-platform/infra/services';
 *
 * new IngressRoutes(this, 'api', {
 *   hostname: 'api.example.tv',
 *   routes: [{ service: 'bff-web', namespace: 'bff', port: 8080, pathPrefix: '/bff-web/', requestsPerSecondPerPod: 6000 }],
 * });
 * ```
 */
export class IngressRoutes extends Construct {
  public readonly manifests: readonly KubernetesManifest[];

  constructor(scope: Construct, id: string, props: IngressRoutesProps) {
    super(scope, id);
    if (props.routes.length === 0) throw new PlatformValidationError(this.node.path, 'routes: at least one route is needed');
    for (const r of props.routes) {
      const problem = ingressRouteProblem(r);
      if (problem) throw new PlatformValidationError(this.node.path, problem);
    }
    const prefixes = props.routes.map((r) => r.pathPrefix);
    const clash = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
    if (clash) throw new PlatformValidationError(this.node.path, `routes: pathPrefix '${clash}' is used twice`);
    const namespace = INGRESS_GATEWAY_PODS.namespace;
    const labels = { 'app.kubernetes.io/part-of': 'ott-platform', 'app.kubernetes.io/component': 'ingress' };
    const metadata = { name: API_GATEWAY_NAME, namespace, labels };
    const host = props.hostname;
    this.manifests = [
      new KubernetesManifest<IstioGateway>(this, 'gateway', {
        object: {
          apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata,
          spec: { selector: { ...INGRESS_GATEWAY_PODS.labels }, servers: [{ port: { number: GATEWAY_HTTP_PORT, name: 'http', protocol: 'HTTP' }, hosts: [host] }] },
        },
      }),
      new KubernetesManifest<VirtualService>(this, 'virtual-service', {
        object: {
          apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata,
          spec: {
            hosts: [host], gateways: [API_GATEWAY_NAME],
            http: props.routes.map((r) => ({
              name: r.service,
              match: [{ uri: { prefix: r.pathPrefix } }],
              route: [{ destination: { host: `${r.service}.${r.namespace}.svc.cluster.local`, port: { number: r.port } } }],
            })),
          },
        },
      }),
      new KubernetesManifest<EnvoyFilter>(this, 'rate-limits', {
        object: {
          apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { ...metadata, name: `${API_GATEWAY_NAME}-rate-limits` },
          spec: {
            workloadSelector: { labels: { ...INGRESS_GATEWAY_PODS.labels } },
            configPatches: [
              // The filter itself, without a bucket of its own: only routes with a per-route config are limited.
              {
                applyTo: 'HTTP_FILTER',
                match: { context: 'GATEWAY', listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager', subFilter: { name: 'envoy.filters.http.router' } } } } },
                patch: { operation: 'INSERT_BEFORE', value: { name: LOCAL_RATE_LIMIT, typed_config: typed({ stat_prefix: 'http_local_rate_limiter' }) } },
              },
              ...props.routes.map((r) => ({
                applyTo: 'HTTP_ROUTE' as const,
                match: { context: 'GATEWAY', routeConfiguration: { vhost: { name: `${host}:${GATEWAY_HTTP_PORT}`, route: { name: r.service } } } },
                patch: {
                  operation: 'MERGE' as const,
                  value: {
                    typed_per_filter_config: {
                      [LOCAL_RATE_LIMIT]: typed({
                        stat_prefix: 'http_local_rate_limiter',
                        token_bucket: { max_tokens: r.requestsPerSecondPerPod, tokens_per_fill: r.requestsPerSecondPerPod, fill_interval: '1s' },
                        filter_enabled: ALWAYS('local_rate_limit_enabled'),
                        filter_enforced: ALWAYS('local_rate_limit_enforced'),
                        response_headers_to_add: [{ append_action: 'OVERWRITE_IF_EXISTS_OR_ADD', header: { key: 'x-local-rate-limit', value: 'true' } }],
                      }),
                    },
                  },
                },
              })),
            ],
          },
        },
      }),
    ];
    if (props.dns) {
      const lb = new DataAwsLb(this, 'load-balancer', { name: props.dns.loadBalancerName });
      new Route53Record(this, 'alias', {
        zoneId: props.dns.zoneId, name: host, type: 'A',
        alias: { name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true },
      });
    }
  }
}
