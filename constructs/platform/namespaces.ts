import { Construct } from 'constructs';
import { PlatformValidationError } from '../core/errors';
import { KubernetesManifest } from '../k8s/manifest';
import { LimitRange, Namespace, PriorityClass, ResourceQuota } from '../k8s/objects';

/** Hard limits of a namespace's ResourceQuota. */
export interface NamespaceQuotaSpec {
  readonly gpus: number;
  readonly cpuCores: number;
  /** GiB of memory requests. */
  readonly memoryGiB: number;
}

export interface PlatformNamespaceSpec {
  /** Namespace name. */
  readonly name: string;
  /**
   * Sidecar injection by Istio (label `istio-injection=enabled`).
   * @default true
   */
  readonly istioInjection?: boolean;
  /**
   * Hard limits on requested GPUs, CPU and memory.
   * @default - no ResourceQuota
   */
  readonly quota?: NamespaceQuotaSpec;
  /**
   * Pod Security Standard enforced (label `pod-security.kubernetes.io/enforce`).
   * @default 'baseline'
   */
  readonly podSecurity?: 'privileged' | 'baseline' | 'restricted';
  /**
   * Default container requests/limits (a LimitRange).
   * @default - DEFAULT_CONTAINER_LIMITS
   */
  readonly limits?: ContainerLimitDefaults;
}

/** A LimitRange's container defaults. */
export interface ContainerLimitDefaults {
  readonly defaultRequest: { readonly cpu: string; readonly memory: string };
  readonly defaultLimit: { readonly memory: string };
  readonly max: { readonly memory: string };
}

/** Defaults for containers that state no resources: small requests, a memory limit, a per-container ceiling. */
export const DEFAULT_CONTAINER_LIMITS: ContainerLimitDefaults = {
  defaultRequest: { cpu: '100m', memory: '128Mi' },
  defaultLimit: { memory: '512Mi' },
  max: { memory: '512Gi' },
};

/** Why a quota is invalid, or undefined. */
export function namespaceQuotaProblem(q: NamespaceQuotaSpec): string | undefined {
  for (const [k, v] of Object.entries(q)) {
    if (!Number.isInteger(v) || v < 0) return `${k} must be a whole number >= 0, got ${v}`;
  }
  return undefined;
}

/** Quota of seed 000 scaled for an environment (ceil, so a scaled-down namespace keeps at least 1). */
export function scaleQuota(q: NamespaceQuotaSpec, scale: number): NamespaceQuotaSpec {
  const s = (n: number) => (n === 0 ? 0 : Math.max(1, Math.ceil(Math.round(n * scale * 1e6) / 1e6)));
  return { gpus: s(q.gpus), cpuCores: s(q.cpuCores), memoryGiB: s(q.memoryGiB) };
}

/**
 * One namespace with its labels (Istio injection, Pod Security Standard), a LimitRange with container
 * defaults, and (when given) a ResourceQuota on requested GPUs, CPU and memory.
 *
 * @example
 * ```ts
 * import { PlatformNamespace, scaleQuota } from '@ott-platform/infra/platform';
 *
 * // Seed 000's ml-serving quota at a tenth of production.
 * new PlatformNamespace(this, 'namespace-ml-serving', {
 *   name: 'ml-serving',
 *   quota: scaleQuota({ gpus: 40, cpuCores: 2000, memoryGiB: 8192 }, 0.1),
 * });
 * ```
 */
export class PlatformNamespace extends Construct {
  public readonly name: string;
  public readonly namespace: KubernetesManifest<Namespace>;
  public readonly quota?: KubernetesManifest<ResourceQuota>;
  public readonly limitRange: KubernetesManifest<LimitRange>;

  constructor(scope: Construct, id: string, spec: PlatformNamespaceSpec) {
    super(scope, id);
    this.name = spec.name;
    this.namespace = new KubernetesManifest<Namespace>(this, 'namespace', {
      object: {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: {
          name: spec.name,
          labels: {
            'istio-injection': (spec.istioInjection ?? true) ? 'enabled' : 'disabled',
            'pod-security.kubernetes.io/enforce': spec.podSecurity ?? 'baseline',
            'app.kubernetes.io/managed-by': 'cdktf',
          },
        },
      },
    });
    const deps = [this.namespace.resource];
    if (spec.quota) {
      const problem = namespaceQuotaProblem(spec.quota);
      if (problem) throw new PlatformValidationError(this.node.path, `quota: ${problem}`);
      this.quota = new KubernetesManifest<ResourceQuota>(this, 'quota', {
        dependsOn: deps,
        object: {
          apiVersion: 'v1', kind: 'ResourceQuota',
          metadata: { name: 'platform-quota', namespace: spec.name },
          spec: { hard: { 'requests.nvidia.com/gpu': String(spec.quota.gpus), 'requests.cpu': String(spec.quota.cpuCores), 'requests.memory': `${spec.quota.memoryGiB}Gi` } },
        },
      });
    }
    const limits = spec.limits ?? DEFAULT_CONTAINER_LIMITS;
    this.limitRange = new KubernetesManifest<LimitRange>(this, 'limit-range', {
      dependsOn: deps,
      object: {
        apiVersion: 'v1', kind: 'LimitRange',
        metadata: { name: 'container-defaults', namespace: spec.name },
        spec: { limits: [{ type: 'Container', defaultRequest: { ...limits.defaultRequest }, default: { ...limits.defaultLimit }, max: { ...limits.max } }] },
      },
    });
  }
}

/** A PriorityClass the platform defines. */
export interface PrioritySpec {
  readonly name: string;
  readonly value: number;
  readonly description: string;
  /**
   * @default 'PreemptLowerPriority'
   */
  readonly preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
}

/**
 * The platform's priorities: real-time serving (player-facing inference, seed 003 §6 latency targets)
 * above online services above batch; batch and training never preempt anything (they wait). All stay
 * below Kubernetes' system-cluster-critical (2000000000).
 */
export const PLATFORM_PRIORITIES: readonly PrioritySpec[] = [
  { name: 'realtime-serving', value: 1_000_000, description: 'Player-facing real-time inference (KServe predictors, deepfake detection)' },
  { name: 'online-services', value: 500_000, description: 'Application services and BFFs on the request path' },
  { name: 'batch', value: 1_000, description: 'Encoding, enrichment and other batch jobs; never preempts', preemptionPolicy: 'Never' },
  { name: 'training', value: 100, description: 'Model training; lowest, never preempts', preemptionPolicy: 'Never' },
];

/** One PriorityClass per spec. */
export function createPriorityClasses(scope: Construct, specs: readonly PrioritySpec[] = PLATFORM_PRIORITIES): KubernetesManifest<PriorityClass>[] {
  return specs.map((p) => new KubernetesManifest<PriorityClass>(scope, `priority-${p.name}`, {
    object: {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass',
      metadata: { name: p.name },
      value: p.value,
      globalDefault: false,
      preemptionPolicy: p.preemptionPolicy ?? 'PreemptLowerPriority',
      description: p.description,
    },
  }));
}
