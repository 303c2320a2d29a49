import { z } from 'zod';
import { rule } from './rule';
import { LOG_RETENTION_DAYS } from '../constructs/core/logs';
import {
  cacheTtlProblem, cdnIdProblem, cdnWeightProblem, cdnWeightsProblem, healthCheckPathProblem, hostedZoneIdProblem,
  hostInZoneProblem, hostnameProblem, rateLimitProblem, tokenQueryParamProblem,
} from '../constructs/edge/rules';


const hostname = z.string().superRefine(rule(hostnameProblem));
const ttl = z.number().superRefine(rule(cacheTtlProblem));

/** One cache behaviour's TTLs, seconds: CloudFront uses the origin's Cache-Control between min and max. */
const ttlSchema = (min: number, def: number, max: number) => z.strictObject({
  minSeconds: ttl.default(min),
  defaultSeconds: ttl.default(def),
  maxSeconds: ttl.default(max),
});

const externalCdnSchema = z.strictObject({
  /** The hostname the CDN serves the playback traffic on (Route 53 CNAME target), e.g. `ott.akamaized.net`. */
  hostname,
  /** Route 53 weight 0-255. */
  weight: z.number().superRefine(rule(cdnWeightProblem)),
});

/** `edge:` the global delivery edge (docs/edge.md). Without it the environment has no edge stack. */
export const edgeSchema = z.strictObject({
  /** Route 53 public hosted zone that holds the edge's names. */
  hostedZone: z.strictObject({
    /** Zone name, e.g. `example.tv`. */
    name: hostname,
    /** Zone id, e.g. `Z0123456789ABCDEFGHIJ`. */
    id: z.string().superRefine(rule(hostedZoneIdProblem)),
  }),
  /** Playback hostname that players use; Route 53 steers it between the CDNs by weight. */
  playbackHostname: hostname,
  /** Origin-facing CloudFront hostname the external CDNs pull from (secret header required). */
  originHostname: hostname,
  /** Region of the media origin bucket; it must have a data layer. @default the primary region */
  originRegion: z.string().optional(),
  /** Second origin region (its media bucket) for origin-group failover; it must have a data layer. */
  secondaryOriginRegion: z.string().optional(),
  /** CloudFront's own weight in the playback record set. */
  cloudfrontWeight: z.number().superRefine(rule(cdnWeightProblem)).default(100),
  /** External CDNs by id (`akamai`, `fastly`): their hostnames and weights. */
  externalCdns: z.record(z.string().superRefine(rule(cdnIdProblem)), externalCdnSchema).default({}),
  /** Path every CDN serves without a token, for the Route 53 HTTPS health checks. */
  healthCheckPath: z.string().superRefine(rule(healthCheckPathProblem)).default('/health/cdn.txt'),
  /** Query parameter carrying the Common Access Token (the header `CTA-Common-Access-Token` also works). */
  tokenQueryParam: z.string().superRefine(rule(tokenQueryParamProblem)).default('cat'),
  /** Cache TTLs (seed 003 §5: 6 s VOD segments are immutable; live 2 s segments; LL-HLS 0.5 s parts). */
  ttl: z.strictObject({
    vodSegments: ttlSchema(86400, 604800, 31536000).prefault({}),
    liveSegments: ttlSchema(1, 30, 60).prefault({}),
    manifests: ttlSchema(0, 1, 2).prefault({}),
  }).prefault({}),
  /** Origins allowed to read media from web players (CORS). */
  corsAllowedOrigins: z.array(z.string().regex(/^(\*|https:\/\/[a-z0-9.-]+(:\d+)?)$/, 'must be * or an https:// origin without a path')).min(1).default(['*']),
  /** CloudFront price class. */
  priceClass: z.enum(['PriceClass_All', 'PriceClass_200', 'PriceClass_100']).default('PriceClass_All'),
  /** WAF rate-based rule: requests per client IP per 5 minutes. */
  rateLimitPer5Minutes: z.number().superRefine(rule(rateLimitProblem)).default(6000),
  /** Days the WAF and rotation logs are kept. */
  logRetentionDays: z.number().int().refine((d) => LOG_RETENTION_DAYS.includes(d), { message: `must be one of the retention values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}` }).default(365),
  /** Days between signing-key rotations (seed 003 §8: weekly). */
  keyRotationDays: z.number().int().min(1).max(365).default(7),
});

export type EdgeConfig = z.output<typeof edgeSchema>;

/** Cross-field rules of `edge:` (called from the environment schema's superRefine). */
export function refineEdgeConfig(edge: EdgeConfig, regionsWithData: readonly string[], primaryRegion: string, ctx: z.RefinementCtx): void {
  const base = ['edge'];
  for (const [key, host] of [['playbackHostname', edge.playbackHostname], ['originHostname', edge.originHostname]] as const) {
    const p = hostInZoneProblem(host, edge.hostedZone.name);
    if (p) ctx.addIssue({ code: 'custom', path: [...base, key], message: p });
  }
  if (edge.playbackHostname === edge.originHostname) {
    ctx.addIssue({ code: 'custom', path: [...base, 'originHostname'], message: 'must differ from playbackHostname (external CDNs pull from it with a secret header)' });
  }
  const origin = edge.originRegion ?? primaryRegion;
  if (!regionsWithData.includes(origin)) {
    ctx.addIssue({ code: 'custom', path: [...base, 'originRegion'], message: `'${origin}' has no data layer with a media origin bucket (only the primary region's holds buckets); regions with one: ${regionsWithData.join(', ') || 'none'}` });
  }
  if (edge.secondaryOriginRegion !== undefined) {
    if (edge.secondaryOriginRegion === origin) {
      ctx.addIssue({ code: 'custom', path: [...base, 'secondaryOriginRegion'], message: `must differ from the origin region ${origin}` });
    } else if (!regionsWithData.includes(edge.secondaryOriginRegion)) {
      ctx.addIssue({ code: 'custom', path: [...base, 'secondaryOriginRegion'], message: `'${edge.secondaryOriginRegion}' has no data layer with a media origin bucket (only the primary region's holds buckets); regions with one: ${regionsWithData.join(', ') || 'none'}` });
    }
  }
  const w = cdnWeightsProblem([edge.cloudfrontWeight, ...Object.values(edge.externalCdns).map((c) => c.weight)]);
  if (w) ctx.addIssue({ code: 'custom', path: [...base, 'cloudfrontWeight'], message: w });
  for (const [id, cdn] of Object.entries(edge.externalCdns)) {
    if (cdn.hostname === edge.playbackHostname || cdn.hostname === edge.originHostname) {
      ctx.addIssue({ code: 'custom', path: [...base, 'externalCdns', id, 'hostname'], message: `must be the CDN's own hostname, not ${cdn.hostname} (a record would point at itself)` });
    }
  }
  for (const [name, t] of Object.entries(edge.ttl)) {
    if (!(t.minSeconds <= t.defaultSeconds && t.defaultSeconds <= t.maxSeconds)) {
      ctx.addIssue({ code: 'custom', path: [...base, 'ttl', name], message: `needs minSeconds <= defaultSeconds <= maxSeconds, got ${t.minSeconds} / ${t.defaultSeconds} / ${t.maxSeconds}` });
    }
  }
}
