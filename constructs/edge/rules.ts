/**
 * Rules of the delivery edge, one function per rule, shared by the environment schema
 * (environments/edge-schema.ts) and the constructs. Each returns a problem sentence, or undefined.
 */

/** A DNS hostname: labels of letters, digits and inner dashes, at least two labels, <= 253 characters. */
export function hostnameProblem(host: string): string | undefined {
  const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
  if (host.length > 253 || host !== host.toLowerCase() || host.split('.').length < 2 || !host.split('.').every((l) => label.test(l))) {
    return `'${host}' is not a lower-case DNS hostname (labels of a-z, 0-9 and inner dashes, e.g. play.example.tv)`;
  }
  return undefined;
}

/** `host` must sit inside the Route 53 zone `zone` (equal to it or a subdomain of it). */
export function hostInZoneProblem(host: string, zone: string): string | undefined {
  return host === zone || host.endsWith(`.${zone}`) ? undefined : `'${host}' is not inside the hosted zone '${zone}'`;
}

/** A Route 53 hosted zone id. */
export function hostedZoneIdProblem(id: string): string | undefined {
  return /^Z[A-Z0-9]{1,31}$/.test(id) ? undefined : `'${id}' is not a Route 53 hosted zone id (Z followed by up to 31 upper-case letters or digits)`;
}

/** Route 53 weighted records take weights 0-255 (ChangeResourceRecordSets API). */
export function cdnWeightProblem(weight: number): string | undefined {
  return Number.isInteger(weight) && weight >= 0 && weight <= 255 ? undefined : `weight ${weight} must be an integer from 0 to 255 (Route 53 weighted routing)`;
}

/** At least one CDN must carry traffic. */
export function cdnWeightsProblem(weights: readonly number[]): string | undefined {
  return weights.some((w) => w > 0) ? undefined : 'every CDN weight is 0: at least one CDN must carry traffic';
}

/** External CDN ids double as KeyValueStore key parts and record set identifiers. */
export function cdnIdProblem(id: string): string | undefined {
  return /^[a-z][a-z0-9-]{0,30}$/.test(id) && id !== 'cloudfront' ? undefined : `CDN id '${id}' must be 1-31 lower-case letters, digits or dashes starting with a letter, and not 'cloudfront' (the built-in CDN)`;
}

/** CloudFront cache TTLs: 0 to one year, in seconds. */
export function cacheTtlProblem(seconds: number): string | undefined {
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= 31536000 ? undefined : `TTL ${seconds} must be whole seconds from 0 to 31536000 (one year)`;
}

/** The token query parameter: a URL-safe name that the LL-HLS parameters do not use. */
export function tokenQueryParamProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return `'${name}' must be 1-64 letters, digits, '_' or '-'`;
  if (LL_HLS_QUERY_PARAMS.includes(name)) return `'${name}' is an LL-HLS blocking-reload parameter, which stays in the cache key`;
  return undefined;
}

/** LL-HLS blocking playlist reload parameters (seed 003 §5): part of the manifest cache key. */
export const LL_HLS_QUERY_PARAMS: readonly string[] = ['_HLS_msn', '_HLS_part', '_HLS_skip'];

/** Rate-based WAF rules: 10 to 2,000,000,000 requests per evaluation window (WAF API). */
export function rateLimitProblem(limit: number): string | undefined {
  return Number.isInteger(limit) && limit >= 10 && limit <= 2000000000 ? undefined : `rate limit ${limit} must be an integer from 10 to 2000000000 requests per 5 minutes`;
}

/** A URL path for health checks: starts with `/`, no spaces, no query. */
export function healthCheckPathProblem(p: string): string | undefined {
  return /^\/[A-Za-z0-9._~\-/]*$/.test(p) && p.length <= 255 ? undefined : `'${p}' must be an absolute URL path (/...) of at most 255 characters without a query`;
}
