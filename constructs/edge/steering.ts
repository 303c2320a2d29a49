import { Construct } from 'constructs';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { PlatformValidationError } from '../core/errors';
import { cdnIdProblem, cdnWeightProblem, cdnWeightsProblem, healthCheckPathProblem, hostnameProblem } from './rules';

/** One CDN the playback hostname may resolve to. */
export interface SteeredCdn {
  /** Record set identifier and health-check name part: `cloudfront`, `akamai`, `fastly`. */
  readonly id: string;
  /** The CDN's own hostname (CNAME target and health-check target). */
  readonly hostname: string;
  /** Route 53 weight 0-255. */
  readonly weight: number;
}

export interface CdnSteeringProps {
  /** Route 53 hosted zone id. */
  readonly zoneId: string;
  /** The hostname players use. */
  readonly playbackHostname: string;
  /** The CDNs, CloudFront first. */
  readonly cdns: readonly SteeredCdn[];
  /** Path each CDN serves without a token (checked over HTTPS). */
  readonly healthCheckPath: string;
  /**
   * TTL of the weighted records, seconds (short, so a failed CDN drains quickly).
   * @default 60
   */
  readonly ttl?: number;
}

/**
 * Multi-CDN steering in Route 53 (seed 003 §5, seed 000 GeoDNS with health checks): one weighted CNAME
 * per CDN on the playback hostname, each with an HTTPS health check of that CDN. Route 53 leaves
 * unhealthy records out of its answers, so when the external CDNs fail their checks only CloudFront is
 * returned; CloudFront's own record is the fallback.
 *
 * @example
 * ```ts
 * import { CdnSteering } from '@ott-platform/infra/edge';
 *
 * // 70% of answers to CloudFront, 30% to Fastly; Route 53 drops whichever fails its HTTPS check.
 * new CdnSteering(this, 'steering', {
 *   zoneId: 'Z0123456789ABCDEFGHIJ',
 *   playbackHostname: 'play.example.tv',
 *   healthCheckPath: '/health/cdn.txt',
 *   cdns: [
 *     { id: 'cloudfront', hostname: 'd111111abcdef8.cloudfront.net', weight: 70 },
 *     { id: 'fastly', hostname: 'play-example.global.ssl.fastly.net', weight: 30 },
 *   ],
 * });
 * ```
 */
export class CdnSteering extends Construct {
  public readonly healthCheckIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: CdnSteeringProps) {
    super(scope, id);
    const fail = (m: string): never => { throw new PlatformValidationError(this.node.path, m); };
    if (props.cdns.length === 0 || props.cdns[0].id !== 'cloudfront') fail('cdns: CloudFront (id cloudfront) must come first: it is the fallback');
    const path = healthCheckPathProblem(props.healthCheckPath);
    if (path) fail(`healthCheckPath: ${path}`);
    const w = cdnWeightsProblem(props.cdns.map((c) => c.weight));
    if (w) fail(`cdns: ${w}`);
    const checks: Record<string, string> = {};
    for (const cdn of props.cdns) {
      const p = (cdn.id === 'cloudfront' ? undefined : cdnIdProblem(cdn.id)) ?? cdnWeightProblem(cdn.weight)
        ?? (cdn.hostname.includes('${') ? undefined : hostnameProblem(cdn.hostname));
      if (p) fail(`cdns.${cdn.id}: ${p}`);
      const check = new Route53HealthCheck(this, `health-${cdn.id}`, {
        type: 'HTTPS',
        fqdn: cdn.hostname,
        port: 443,
        resourcePath: props.healthCheckPath,
        enableSni: true,
        failureThreshold: 3,
        requestInterval: 30,
        tags: { Name: `${props.playbackHostname} via ${cdn.id}` },
      });
      checks[cdn.id] = check.id;
      new Route53Record(this, `record-${cdn.id}`, {
        zoneId: props.zoneId,
        name: props.playbackHostname,
        type: 'CNAME',
        ttl: props.ttl ?? 60,
        records: [cdn.hostname],
        setIdentifier: cdn.id,
        weightedRoutingPolicy: { weight: cdn.weight },
        healthCheckId: check.id,
      });
    }
    this.healthCheckIds = checks;
  }
}
