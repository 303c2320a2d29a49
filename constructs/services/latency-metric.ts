/**
 * The p99 latency metric the services' HPAs scale on (seed 003 §3: "HPA on CPU 60% and p99 latency").
 * One constant names it for both sides: the prometheus-adapter rule that serves it through the custom
 * metrics API (constructs/platform/addon-values.ts prometheusAdapterValues) and the HPA `Pods` metric that
 * reads it (service-deployment.ts). Istio's sidecars export `istio_request_duration_milliseconds_bucket`
 * (a histogram; the standard Istio metrics), scraped by the `istio-sidecars` PodMonitor of the
 * platform-config stack, which labels each series with its `namespace` and `pod`.
 */

/** Name of the per-pod p99 request latency (milliseconds) in the custom metrics API. */
export const P99_LATENCY_METRIC = 'istio_request_duration_milliseconds_p99';

/** Rate window of the p99 query: four 15 s scrapes, short enough to react within a minute (stated). */
export const P99_LATENCY_WINDOW = '1m';

/**
 * The HPA's latency target is this share of the SLO's p99, so replicas are added before the SLO is
 * breached (stated: the HPA needs about a minute, the window above plus its sync period, to act).
 */
export const LATENCY_TARGET_SHARE = 0.8;

/** HPA target (milliseconds, a whole number) for a p99 SLO of `p99Ms`. */
export function latencyTargetMs(p99Ms: number): number {
  return Math.max(1, Math.round(p99Ms * LATENCY_TARGET_SHARE));
}

/** A prometheus-adapter custom-metrics rule (its chart's `rules.custom[]` item). */
export interface PrometheusAdapterRule {
  readonly seriesQuery: string;
  readonly resources: { readonly overrides: Readonly<Record<string, { readonly resource: string }>> };
  readonly name: { readonly matches: string; readonly as: string };
  readonly metricsQuery: string;
}

/**
 * The adapter rule behind {@link P99_LATENCY_METRIC}: the server-side (`reporter="destination"`) request
 * duration histogram of each pod's sidecar, turned into that pod's p99 over {@link P99_LATENCY_WINDOW}.
 */
export function p99LatencyAdapterRule(): PrometheusAdapterRule {
  return {
    seriesQuery: 'istio_request_duration_milliseconds_bucket{reporter="destination",namespace!="",pod!=""}',
    resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
    name: { matches: '^istio_request_duration_milliseconds_bucket$', as: P99_LATENCY_METRIC },
    metricsQuery: `histogram_quantile(0.99, sum(rate(<<.Series>>{<<.LabelMatchers>>,reporter="destination"}[${P99_LATENCY_WINDOW}])) by (le, <<.GroupBy>>))`,
  };
}
