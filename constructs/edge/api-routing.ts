import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { DataAwsLb } from '@cdktf/provider-aws/lib/data-aws-lb';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { PlatformValidationError } from '../core/errors';
import { healthCheckPathProblem, hostnameProblem } from './rules';

/** One region whose ingress load balancer serves the API. */
export interface ServingRegion {
  readonly region: string;
  /** An AWS provider for that region (the load balancer is looked up there). */
  readonly provider: TerraformProvider;
  /**
   * Name of the region's ingress load balancer: the AWS Load Balancer Controller creates it from the gateway
   * Service, which names it (`service.beta.kubernetes.io/aws-load-balancer-name`, the platform layer's
   * `ingressLoadBalancerName(cluster)`).
   */
  readonly loadBalancerName: string;
}

export interface ApiRoutingProps {
  /** Route 53 hosted zone id. */
  readonly zoneId: string;
  /** Hostname of the API entry point (one latency record per serving region). */
  readonly apiHostname: string;
  /**
   * Hostnames of services that run only in the primary region (failover records).
   * @default []
   */
  readonly primaryOnlyHostnames?: readonly string[];
  /** The primary region first; every region listed serves the API. */
  readonly regions: readonly ServingRegion[];
  /**
   * The standby region that takes the primary-only hostnames on failover (must be one of `regions`).
   * @default none: the primary-only hostnames get a plain record with the primary's health check
   */
  readonly standbyRegion?: string;
  /** What the health checks probe on each load balancer (HTTP). */
  readonly healthCheck: { readonly port: number; readonly path: string };
  /** Record TTL, health check interval (10 or 30) and failure threshold (environments/recovery-schema.ts). */
  readonly dns: { readonly ttlSeconds: number; readonly healthCheckIntervalSeconds: number; readonly failureThreshold: number };
}

/**
 * Global routing of the API (issue 15, docs/regions-dr.md "Global routing"). The ingress load balancer is
 * created by the AWS Load Balancer Controller from the Istio gateway Service, not by Terraform, so each
 * region's is looked up by the name the gateway Service gives it, in a stack deployed after the workloads
 * layer (the same lookup as the workloads layer's `IngressRoutes`). Per region: a Route 53 health check of the gateway's readiness
 * endpoint and a latency CNAME on the API hostname (CNAME, not alias, so the TTL is the environment's
 * `recovery.dns.ttlSeconds` the RTO arithmetic uses). Primary-only hostnames get failover records:
 * PRIMARY to the primary's load balancer, SECONDARY to the standby's.
 *
 * @example
 * ```ts
 * import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
 * import { ApiRouting } from '@ott-platform/infra/edge';
 *
 * const euProvider = new AwsProvider(this, 'aws-eu-west-1', { region: 'eu-west-1', alias: 'eu-west-1' });
 * const usProvider = new AwsProvider(this, 'aws-us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
 * new ApiRouting(this, 'api', {
 *   zoneId: 'Z0123456789ABCDEFGHIJ', apiHostname: 'api.example.tv', primaryOnlyHostnames: ['admin.example.tv'],
 *   regions: [{ region: 'eu-west-1', provider: euProvider, loadBalancerName: 'prod-eu-west-1-api' },
 *     { region: 'us-east-1', provider: usProvider, loadBalancerName: 'prod-us-east-1-api' }],
 *   standbyRegion: 'us-east-1',
 *   healthCheck: { port: 15021, path: '/healthz/ready' },
 *   dns: { ttlSeconds: 60, healthCheckIntervalSeconds: 10, failureThreshold: 3 },
 * });
 * ```
 */
export class ApiRouting extends Construct {
  /** Health check id by region. */
  public readonly healthCheckIds: Readonly<Record<string, string>>;
  /** The looked-up load balancer's DNS name by region. */
  public readonly loadBalancerDnsNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ApiRoutingProps) {
    super(scope, id);
    const fail = (m: string): never => { throw new PlatformValidationError(this.node.path, m); };
    if (props.regions.length === 0) fail('regions: at least one serving region is needed');
    for (const [key, host] of [['apiHostname', props.apiHostname], ...(props.primaryOnlyHostnames ?? []).map((h, i) => [`primaryOnlyHostnames.${i}`, h])]) {
      const p = hostnameProblem(host);
      if (p) fail(`${key}: ${p}`);
    }
    const pathProblem = healthCheckPathProblem(props.healthCheck.path);
    if (pathProblem) fail(`healthCheck.path: ${pathProblem}`);
    if (props.standbyRegion !== undefined && !props.regions.slice(1).some((r) => r.region === props.standbyRegion)) {
      fail(`standbyRegion: '${props.standbyRegion}' is not one of the serving regions after the primary (${props.regions.slice(1).map((r) => r.region).join(', ') || 'none'})`);
    }
    const checks: Record<string, string> = {};
    const names: Record<string, string> = {};
    for (const r of props.regions) {
      const lb = new DataAwsLb(this, `ingress-${r.region}`, {
        provider: r.provider,
        name: r.loadBalancerName,
      });
      const check = new Route53HealthCheck(this, `health-${r.region}`, {
        type: 'HTTP',
        fqdn: lb.dnsName,
        port: props.healthCheck.port,
        resourcePath: props.healthCheck.path,
        requestInterval: props.dns.healthCheckIntervalSeconds,
        failureThreshold: props.dns.failureThreshold,
        tags: { Name: `${props.apiHostname} ingress in ${r.region}` },
      });
      checks[r.region] = check.id;
      names[r.region] = lb.dnsName;
      new Route53Record(this, `api-${r.region}`, {
        zoneId: props.zoneId, name: props.apiHostname, type: 'CNAME', ttl: props.dns.ttlSeconds, records: [lb.dnsName],
        setIdentifier: r.region, latencyRoutingPolicy: { region: r.region }, healthCheckId: check.id,
      });
    }
    const primary = props.regions[0].region;
    for (const host of props.primaryOnlyHostnames ?? []) {
      const record = (role: 'PRIMARY' | 'SECONDARY', region: string) => new Route53Record(this, `${host}-${role.toLowerCase()}`, {
        zoneId: props.zoneId, name: host, type: 'CNAME', ttl: props.dns.ttlSeconds, records: [names[region]],
        setIdentifier: `${region}-${role.toLowerCase()}`, failoverRoutingPolicy: { type: role }, healthCheckId: checks[region],
      });
      if (props.standbyRegion) {
        record('PRIMARY', primary);
        record('SECONDARY', props.standbyRegion);
      } else {
        new Route53Record(this, `${host}-primary-only`, {
          zoneId: props.zoneId, name: host, type: 'CNAME', ttl: props.dns.ttlSeconds, records: [names[primary]],
        });
      }
    }
    this.healthCheckIds = checks;
    this.loadBalancerDnsNames = names;
  }
}
