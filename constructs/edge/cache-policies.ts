import { Construct } from 'constructs';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontOriginRequestPolicy } from '@cdktf/provider-aws/lib/cloudfront-origin-request-policy';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { PlatformValidationError } from '../core/errors';
import { cacheTtlProblem, LL_HLS_QUERY_PARAMS } from './rules';

/** TTLs of one cache behaviour, seconds. */
export interface CacheTtl {
  readonly minSeconds: number;
  readonly defaultSeconds: number;
  readonly maxSeconds: number;
}

/** The three kinds of media requests with their own cache behaviour (seed 003 §5). */
export type MediaContent = 'vodSegments' | 'liveSegments' | 'manifests';

export interface MediaCachePoliciesProps {
  /** Name prefix (unique in the account). */
  readonly namePrefix: string;
  /** TTLs per kind of content. */
  readonly ttl: Readonly<Record<MediaContent, CacheTtl>>;
  /**
   * Origins allowed by CORS (web players).
   * @default ['*']
   */
  readonly corsAllowedOrigins?: readonly string[];
}

/**
 * Cache, origin-request and response-headers policies of the media behaviours. Segments are keyed on the
 * path alone (no query string, header or cookie: the token never reaches the cache key); manifests add
 * the LL-HLS blocking-reload parameters `_HLS_msn`, `_HLS_part` and `_HLS_skip` (versions.md addendum),
 * which are also forwarded to the origin (a packager answers them; S3 ignores them).
 *
 * @example
 * ```ts
 * import { MediaCachePolicies } from '@ott-platform/infra/edge';
 *
 * const policies = new MediaCachePolicies(this, 'policies', {
 *   namePrefix: 'trailers-dev',
 *   ttl: {
 *     vodSegments: { minSeconds: 86400, defaultSeconds: 604800, maxSeconds: 31536000 },
 *     liveSegments: { minSeconds: 1, defaultSeconds: 30, maxSeconds: 60 },
 *     manifests: { minSeconds: 0, defaultSeconds: 1, maxSeconds: 2 },
 *   },
 *   corsAllowedOrigins: ['https://www.example.tv'],
 * });
 * // policies.cachePolicyIds.manifests keeps _HLS_msn and _HLS_part in the cache key.
 * ```
 */
export class MediaCachePolicies extends Construct {
  public readonly cachePolicyIds: Readonly<Record<MediaContent, string>>;
  public readonly originRequestPolicyIds: Readonly<Record<MediaContent, string>>;
  /** CORS for web players plus HSTS and nosniff. */
  public readonly responseHeadersPolicyId: string;

  constructor(scope: Construct, id: string, props: MediaCachePoliciesProps) {
    super(scope, id);
    const cache: Partial<Record<MediaContent, string>> = {};
    const origin: Partial<Record<MediaContent, string>> = {};
    for (const kind of ['vodSegments', 'liveSegments', 'manifests'] as const) {
      const t = props.ttl[kind];
      for (const v of [t.minSeconds, t.defaultSeconds, t.maxSeconds]) {
        const p = cacheTtlProblem(v);
        if (p) throw new PlatformValidationError(this.node.path, `ttl.${kind}: ${p}`);
      }
      if (!(t.minSeconds <= t.defaultSeconds && t.defaultSeconds <= t.maxSeconds)) {
        throw new PlatformValidationError(this.node.path, `ttl.${kind}: needs minSeconds <= defaultSeconds <= maxSeconds`);
      }
      const llHls = kind === 'manifests';
      const slug = kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      cache[kind] = new CloudfrontCachePolicy(this, `cache-${slug}`, {
        name: `${props.namePrefix}-${slug}`,
        comment: llHls ? 'Manifests: path + LL-HLS reload parameters' : `${kind}: path only`,
        minTtl: t.minSeconds,
        defaultTtl: t.defaultSeconds,
        maxTtl: t.maxSeconds,
        parametersInCacheKeyAndForwardedToOrigin: {
          cookiesConfig: { cookieBehavior: 'none' },
          headersConfig: { headerBehavior: 'none' },
          queryStringsConfig: llHls
            ? { queryStringBehavior: 'whitelist', queryStrings: { items: [...LL_HLS_QUERY_PARAMS] } }
            : { queryStringBehavior: 'none' },
          enableAcceptEncodingGzip: llHls,
          enableAcceptEncodingBrotli: llHls,
        },
      }).id;
      origin[kind] = new CloudfrontOriginRequestPolicy(this, `origin-${slug}`, {
        name: `${props.namePrefix}-${slug}`,
        comment: `${kind}: forward nothing beyond the cache key`,
        cookiesConfig: { cookieBehavior: 'none' },
        headersConfig: { headerBehavior: 'none' },
        queryStringsConfig: { queryStringBehavior: 'none' },
      }).id;
    }
    this.cachePolicyIds = cache as Record<MediaContent, string>;
    this.originRequestPolicyIds = origin as Record<MediaContent, string>;
    this.responseHeadersPolicyId = new CloudfrontResponseHeadersPolicy(this, 'response-headers', {
      name: `${props.namePrefix}-cors`,
      comment: 'CORS for web players, HSTS, nosniff',
      corsConfig: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: { items: ['*'] },
        accessControlAllowMethods: { items: ['GET', 'HEAD', 'OPTIONS'] },
        accessControlAllowOrigins: { items: [...(props.corsAllowedOrigins ?? ['*'])] },
        accessControlExposeHeaders: { items: ['Content-Length', 'Content-Range', 'Age'] },
        accessControlMaxAgeSec: 86400,
        originOverride: true,
      },
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
      },
    }).id;
  }
}
