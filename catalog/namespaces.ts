/**
 * Namespaces, resource quotas and GPU-sharing defaults the platform layer creates on every cluster
 * (PLATFORM.md §2). Typed data only: nothing here builds resources.
 *
 * Sources: seed 000 "Kubernetes Architecture" (namespaces) and "Resource Management" (quotas; the seed
 * writes "8TB"/"4TB", PLATFORM.md settles them as 8Ti/4Ti); seed 001 (NVIDIA time-slicing, 4 replicas);
 * seed 002 (MIG partitioning on A100/H100). Seed 000 also lists a `staging` namespace: PLATFORM.md makes
 * staging its own environment, so it is not a namespace here.
 */
import type { GpuModel } from '../constructs/cluster/gpu-catalog';
import type { ServiceId } from './services';

/** A ResourceQuota's hard limits. */
export interface NamespaceQuota {
  /** `requests.nvidia.com/gpu`. */
  readonly gpus: number;
  /** `requests.cpu`, in cores. */
  readonly cpuCores: number;
  /** `requests.memory`, a Kubernetes quantity. */
  readonly memory: string;
}

export interface PlatformNamespace {
  readonly name: string;
  readonly purpose: string;
  /** @default - no quota */
  readonly quota?: NamespaceQuota;
}

export const PLATFORM_NAMESPACES: readonly PlatformNamespace[] = [
  { name: 'ml-training', purpose: 'Model training jobs', quota: { gpus: 20, cpuCores: 1000, memory: '4Ti' } },
  { name: 'ml-serving', purpose: 'Model serving (KServe, vLLM)', quota: { gpus: 40, cpuCores: 2000, memory: '8Ti' } },
  { name: 'content-processing', purpose: 'Encoding, enrichment, neural compression' },
  { name: 'deepfake-detection', purpose: 'Real-time deepfake analysis' },
  { name: 'monitoring', purpose: 'Prometheus, Grafana, Loki, Tempo, OpenTelemetry' },
  // Issue 17: Spark on EMR on EKS runs in its own namespace; the analytics layer binds its virtual cluster
  // and the EMR service-linked role (AmazonEMRJobPolicy) to it, so the platform layer must create it first.
  { name: 'emr-spark', purpose: 'Spark batch jobs of the EMR on EKS virtual cluster (analytics layer)' },
];

/** GPU sharing the platform layer configures from the node labels the cluster layer sets. */
export const GPU_SHARING_DEFAULTS: { readonly timeSlicingReplicas: number; readonly migCapable: readonly GpuModel[] } = {
  timeSlicingReplicas: 4,
  migCapable: ['A100-40GB', 'A100-80GB', 'H100'],
};

/** Namespaces of the platform's own add-ons that PLATFORM_NAMESPACES also lists, and their labels. */
export const PLATFORM_NAMESPACE_SETTINGS: Readonly<Record<string, { readonly istioInjection: boolean; readonly podSecurity: 'privileged' | 'baseline' | 'restricted' }>> = {
  // Node exporter needs host PID/network; Prometheus scrapes sidecars' plain merged-metrics port.
  monitoring: { istioInjection: false, podSecurity: 'privileged' },
};

/** Application namespaces: one per service domain of seed 003 §3, listing the catalog services they hold. */
export const APPLICATION_NAMESPACES: readonly { readonly name: string; readonly services: readonly ServiceId[] }[] = [
  { name: 'user-services', services: ['user', 'auth', 'entitlement', 'profile'] },
  { name: 'content-services', services: ['catalog', 'metadata', 'epg', 'content-ingest', 'encoding-pipeline'] },
  { name: 'playback-services', services: ['playback-session', 'bookmark', 'recording', 'schedule'] },
  { name: 'discovery-services', services: ['recommendation', 'search', 'model-serving', 'feature-store'] },
  { name: 'delivery-services', services: ['cdn-routing', 'token', 'notification', 'ad', 'qoe', 'analytics-collector'] },
  { name: 'bff', services: ['bff-tv', 'bff-mobile', 'bff-web'] },
];
