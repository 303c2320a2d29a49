import { Construct } from 'constructs';
import { PlatformValidationError } from '../core/errors';
import { NODE_LABELS } from '../cluster/labels';
import { KubernetesManifest } from '../k8s/manifest';
import type {
  AuthorizationPolicy, Container, Deployment, HorizontalPodAutoscaler, HpaMetric, NetworkPolicy, NetworkPolicyPeer, PodDisruptionBudget, Probe, ProbeHandler,
  Service, ServiceAccount, VerticalPodAutoscaler,
} from '../k8s/objects';
import { latencyTargetMs, P99_LATENCY_METRIC } from './latency-metric';

/** The Istio ingress gateway's identity (the `istio-gateway` release in `istio-ingress`, stacks/platform-stack.ts). */
export const INGRESS_GATEWAY_PRINCIPAL = 'cluster.local/ns/istio-ingress/sa/istio-gateway';
/** Namespace and pod labels of the Istio ingress gateway's pods (the gateway chart labels pods `app: <release>`). */
export const INGRESS_GATEWAY_PODS = { namespace: 'istio-ingress', labels: { app: 'istio-gateway' } } as const;
/** Namespace of Prometheus, which scrapes the sidecars' Envoy metrics (platform-config `istio-sidecars` PodMonitor). */
export const METRICS_SCRAPER_NAMESPACE = 'monitoring';
/** Envoy's Prometheus port on every sidecar (`http-envoy-prom`, Istio's standard metrics). */
export const ENVOY_METRICS_PORT = 15090;
/** Label Kubernetes sets on every namespace with its own name (NetworkPolicy namespace selectors). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** The caller id that stands for the ingress gateway in `allowedCallers` (catalog/wiring.ts INGRESS_CALLER). */
export const INGRESS_CALLER_ID = 'ingress-gateway';
/** OTLP gRPC endpoint of the platform's gateway collector (the `opentelemetry-collector` release in `monitoring`). */
export const OTEL_COLLECTOR_ENDPOINT = 'http://opentelemetry-collector.monitoring.svc.cluster.local:4317';
/** PriorityClass of application services (constructs/platform/namespaces.ts PLATFORM_PRIORITIES). */
export const ONLINE_SERVICES_PRIORITY_CLASS = 'online-services';
/** UID/GID the containers run as (distroless `nonroot`). */
export const SERVICE_RUN_AS_USER = 65532;

/** Health checks: HTTP paths, or the gRPC health protocol (grpc.health.v1). */
export type ServiceHealthCheck =
  | { readonly kind: 'http'; readonly readinessPath: string; readonly livenessPath: string; readonly startupPath: string }
  | { readonly kind: 'grpc' };

/** One service resolved for an environment (the shape of catalog/service-deployments.ts ResolvedServiceDeployment). */
export interface ServiceDeploymentSpec {
  /** Kubernetes name of the Deployment, Service and ServiceAccount. */
  readonly id: string;
  readonly port: number;
  readonly protocol: 'grpc' | 'http';
  readonly health: ServiceHealthCheck;
  /** Node group (label `ott.platform/node-group`) the pods run on. */
  readonly nodeGroup: string;
  readonly requests: { readonly cpu: number; readonly memoryGiB: number };
  readonly limits: { readonly cpu: number; readonly memoryGiB: number };
  /**
   * HPA bounds and targets. With `latencyP99Ms` the HPA also scales on the pods' p99 request latency
   * ({@link P99_LATENCY_METRIC}), targeting {@link LATENCY_TARGET_SHARE} of it.
   */
  readonly hpa: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuTargetPercent: number; readonly latencyP99Ms?: number };
  /**
   * A VerticalPodAutoscaler sizing the memory request only (CPU stays with the HPA).
   * @default false
   */
  readonly vpa?: boolean;
  /** Service ids (or {@link INGRESS_CALLER_ID}) the AuthorizationPolicy admits. */
  readonly allowedCallers: readonly string[];
}

export interface ServiceDeploymentProps {
  /** The service resolved for the environment (catalog/service-deployments.ts). */
  readonly service: ServiceDeploymentSpec;
  /** Namespace the objects live in (its application namespace, created by the platform layer). */
  readonly namespace: string;
  /** Environment name (`deployment.environment.name`). */
  readonly environment: string;
  /** Full image reference (`<registry>/<repository>:<tag>` or `@sha256:...`). */
  readonly image: string;
  /** Namespace of every service that may appear in `allowedCallers`, by service id. */
  readonly callerNamespaces: Readonly<Record<string, string>>;
  /**
   * Configuration for the container (endpoints, ARNs, topic names; never a secret value).
   * @default {}
   */
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /**
   * OTLP exporter endpoint.
   * @default OTEL_COLLECTOR_ENDPOINT
   */
  readonly otelEndpoint?: string;
  /**
   * PriorityClass of the pods.
   * @default ONLINE_SERVICES_PRIORITY_CLASS
   */
  readonly priorityClassName?: string;
}

/** Why a service's HPA settings cannot work, or undefined. */
export function serviceScalingProblem(s: Pick<ServiceDeploymentSpec, 'id' | 'hpa'>): string | undefined {
  const { minReplicas, maxReplicas, cpuTargetPercent } = s.hpa;
  if (!Number.isInteger(minReplicas) || minReplicas < 1) return `service '${s.id}': hpa.minReplicas ${minReplicas} must be an integer >= 1`;
  if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) return `service '${s.id}': hpa.maxReplicas ${maxReplicas} must be an integer >= minReplicas (${minReplicas})`;
  if (cpuTargetPercent < 10 || cpuTargetPercent > 95) return `service '${s.id}': hpa.cpuTargetPercent ${cpuTargetPercent} must be 10-95`;
  const p99 = s.hpa.latencyP99Ms;
  if (p99 !== undefined && (!Number.isFinite(p99) || p99 < 1)) return `service '${s.id}': hpa.latencyP99Ms ${p99} must be a latency of at least 1 ms`;
  return undefined;
}

const cpu = (vcpu: number): string => `${Math.round(vcpu * 1000)}m`;
const memory = (gib: number): string => `${Math.round(gib * 1024)}Mi`;

/**
 * One application service on the mesh, from its resolved catalog entry: ServiceAccount, Deployment
 * (non-root, read-only root file system with a /tmp emptyDir, all capabilities dropped, seccomp
 * RuntimeDefault, requests and limits, startup/readiness/liveness probes, spread over zones, the
 * platform's `online-services` priority), ClusterIP Service, HorizontalPodAutoscaler (autoscaling/v2, CPU
 * utilization), PodDisruptionBudget and an Istio ALLOW AuthorizationPolicy admitting exactly its callers'
 * service accounts (and the ingress gateway when clients reach it; none at all when nobody calls it).
 * The Deployment leaves `replicas` to the HPA, so Terraform and the autoscaler never fight over it.
 *
 * @example
 * ```ts
 * import { ServiceDeployment } from '@ott-platform/infra/services';
 *
 * // In a stack with a kubernetes provider (ClusterConnection), deployed after the platform layers:
 * new ServiceDeployment(this, 'bookmark', {
 *   service: {
 *     id: 'bookmark', port: 9090, protocol: 'grpc', health: { kind: 'grpc' }, nodeGroup: 'general',
 *     requests: { cpu: 1, memoryGiB: 2 }, limits: { cpu: 2, memoryGiB: 4 },
 *     hpa: { minReplicas: 3, maxReplicas: 9, cpuTargetPercent: 60 },
 *     allowedCallers: ['playback-session'],
 *   },
 *   namespace: 'playback-services', environment: 'dev',
 *   image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/bookmark:1.4.2',
 *   callerNamespaces: { 'playback-session': 'playback-services' },
 *   environmentVariables: { KAFKA_PRODUCE_TOPICS: 'bookmarks.updates' },
 * });
 * ```
 */
export class ServiceDeployment extends Construct {
  public readonly serviceAccountName: string;
  public readonly manifests: readonly KubernetesManifest[];

  constructor(scope: Construct, id: string, props: ServiceDeploymentProps) {
    super(scope, id);
    const s = props.service;
    const scaling = serviceScalingProblem(s);
    if (scaling) throw new PlatformValidationError(this.node.path, scaling);
    const callerNamespace = (caller: string): string => {
      const ns = props.callerNamespaces[caller];
      if (!ns) throw new PlatformValidationError(this.node.path, `service '${s.id}': caller '${caller}' has no namespace in callerNamespaces`);
      return ns;
    };
    const principals = s.allowedCallers.map((caller) => (caller === INGRESS_CALLER_ID ? INGRESS_GATEWAY_PRINCIPAL : `cluster.local/ns/${callerNamespace(caller)}/sa/${caller}`));
    // The NetworkPolicy mirror: the same callers as pods (namespace + name label), the gateway's pods for ingress.
    const peers = s.allowedCallers.map((caller): NetworkPolicyPeer => (caller === INGRESS_CALLER_ID
      ? { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: INGRESS_GATEWAY_PODS.namespace } }, podSelector: { matchLabels: { ...INGRESS_GATEWAY_PODS.labels } } }
      : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: callerNamespace(caller) } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': caller } } }));
    const namespace = props.namespace;
    const name = s.id;
    this.serviceAccountName = name;
    const selector = { 'app.kubernetes.io/name': name };
    const labels = { ...selector, 'app.kubernetes.io/part-of': 'ott-platform', 'app.kubernetes.io/component': 'service' };
    const portName = s.protocol === 'grpc' ? 'grpc' : 'http';
    const probe = (handler: ProbeHandler, periodSeconds: number, failureThreshold: number): Probe => ({ ...handler, periodSeconds, failureThreshold, timeoutSeconds: 2 });
    const handler = (path: 'readinessPath' | 'livenessPath' | 'startupPath'): ProbeHandler => (s.health.kind === 'grpc'
      ? { grpc: { port: s.port } }
      : { httpGet: { path: s.health[path], port: s.port } });
    const env: Record<string, string> = {
      SERVICE_NAME: name,
      ENVIRONMENT: props.environment,
      OTEL_SERVICE_NAME: name,
      OTEL_EXPORTER_OTLP_ENDPOINT: props.otelEndpoint ?? OTEL_COLLECTOR_ENDPOINT,
      OTEL_RESOURCE_ATTRIBUTES: `service.name=${name},service.namespace=${namespace},deployment.environment.name=${props.environment}`,
      ...(props.environmentVariables ?? {}),
    };
    const container: Container = {
      name, image: props.image,
      ports: [{ name: portName, containerPort: s.port, protocol: 'TCP' }],
      env: Object.entries(env).map(([k, value]) => ({ name: k, value })),
      resources: {
        requests: { cpu: cpu(s.requests.cpu), memory: memory(s.requests.memoryGiB) },
        limits: { cpu: cpu(s.limits.cpu), memory: memory(s.limits.memoryGiB) },
      },
      // Startup allows 5 minutes (60 x 5 s) before liveness takes over; readiness gates traffic.
      startupProbe: probe(handler('startupPath'), 5, 60),
      readinessProbe: probe(handler('readinessPath'), 10, 3),
      livenessProbe: probe(handler('livenessPath'), 10, 3),
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    };
    const manifests: KubernetesManifest[] = [];
    manifests.push(new KubernetesManifest<ServiceAccount>(this, 'service-account', {
      object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels }, automountServiceAccountToken: false },
    }));
    manifests.push(new KubernetesManifest<Deployment>(this, 'deployment', {
      object: {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels },
        spec: {
          selector: { matchLabels: selector },
          template: {
            metadata: { labels, annotations: { 'kubectl.kubernetes.io/default-container': name } },
            spec: {
              serviceAccountName: name,
              priorityClassName: props.priorityClassName ?? ONLINE_SERVICES_PRIORITY_CLASS,
              automountServiceAccountToken: false,
              nodeSelector: { [NODE_LABELS.nodeGroup]: s.nodeGroup },
              securityContext: {
                runAsNonRoot: true, runAsUser: SERVICE_RUN_AS_USER, runAsGroup: SERVICE_RUN_AS_USER, fsGroup: SERVICE_RUN_AS_USER,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
                { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
              ],
              containers: [container],
              volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
            },
          },
        },
      },
    }));
    manifests.push(new KubernetesManifest<Service>(this, 'service', {
      object: {
        apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels },
        spec: { type: 'ClusterIP', selector, ports: [{ name: portName, port: s.port, targetPort: s.port, protocol: 'TCP', appProtocol: portName }] },
      },
    }));
    manifests.push(new KubernetesManifest<HorizontalPodAutoscaler>(this, 'hpa', {
      object: {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace, labels },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: s.hpa.minReplicas, maxReplicas: s.hpa.maxReplicas,
          metrics: hpaMetrics(s.hpa),
        },
      },
    }));
    if (s.vpa) {
      manifests.push(new KubernetesManifest<VerticalPodAutoscaler>(this, 'vpa', {
        object: {
          apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name, namespace, labels },
          spec: {
            targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
            // Evictions go through the PDB (one pod at a time); in-place where the node can resize.
            updatePolicy: { updateMode: 'InPlaceOrRecreate' },
            resourcePolicy: {
              containerPolicies: [
                // Memory requests only, between today's request and the limit: the limit stays the ceiling.
                {
                  containerName: name, controlledResources: ['memory'], controlledValues: 'RequestsOnly',
                  minAllowed: { memory: memory(s.requests.memoryGiB) }, maxAllowed: { memory: memory(s.limits.memoryGiB) },
                },
                { containerName: 'istio-proxy', mode: 'Off' },
              ],
            },
          },
        },
      }));
    }
    manifests.push(new KubernetesManifest<PodDisruptionBudget>(this, 'pdb', {
      object: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace, labels }, spec: { selector: { matchLabels: selector }, maxUnavailable: 1 } },
    }));
    manifests.push(new KubernetesManifest<AuthorizationPolicy>(this, 'authorization-policy', {
      object: {
        apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace, labels },
        // ALLOW with no rule matches nothing: a service nobody calls admits no request.
        spec: { selector: { matchLabels: selector }, action: 'ALLOW', rules: principals.length > 0 ? [{ from: [{ source: { principals } }] }] : [] },
      },
    }));
    manifests.push(new KubernetesManifest<NetworkPolicy>(this, 'network-policy', {
      object: {
        apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace, labels },
        spec: {
          podSelector: { matchLabels: selector }, policyTypes: ['Ingress'],
          ingress: [
            ...(peers.length > 0 ? [{ from: peers, ports: [{ protocol: 'TCP' as const, port: s.port }] }] : []),
            // Prometheus scrapes the sidecar's Envoy metrics (the p99 latency the HPA reads comes from there).
            { from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: METRICS_SCRAPER_NAMESPACE } } }], ports: [{ protocol: 'TCP' as const, port: ENVOY_METRICS_PORT }] },
          ],
        },
      },
    }));
    this.manifests = manifests;
  }
}

/** CPU utilization, plus the pods' p99 latency when the service has a latency SLO. */
function hpaMetrics(hpa: ServiceDeploymentSpec['hpa']): HpaMetric[] {
  const metrics: HpaMetric[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: hpa.cpuTargetPercent } } }];
  if (hpa.latencyP99Ms !== undefined) {
    metrics.push({ type: 'Pods', pods: { metric: { name: P99_LATENCY_METRIC }, target: { type: 'AverageValue', averageValue: String(latencyTargetMs(hpa.latencyP99Ms)) } } });
  }
  return metrics;
}
