/**
 * Typed values of each add-on chart: one interface per chart covering exactly the keys the platform
 * sets (tests check every key against the chart's own default values at the pinned version), and one
 * builder per chart. Resource requests live in ADDON_REQUESTS only; the same numbers feed the charts and
 * the capacity check of the system node group.
 */
import { p99LatencyAdapterRule, PrometheusAdapterRule } from '../services/latency-metric';
import { AddonFootprint, containerRequests, containerResources, ContainerResources, ResourceRequests } from './resources';

/** Node labels or a node selector, by key. */
export type Labels = Readonly<Record<string, string>>;

/** Requests of every add-on component the platform sizes (per pod). */
export const ADDON_REQUESTS = {
  'aws-load-balancer-controller': { cpuMillis: 100, memoryMiB: 256 },
  'metrics-server': { cpuMillis: 100, memoryMiB: 256 },
  karpenter: { cpuMillis: 250, memoryMiB: 512 },
  'gpu-operator': { cpuMillis: 200, memoryMiB: 256 },
  'cert-manager': { cpuMillis: 50, memoryMiB: 128 },
  'cert-manager-webhook': { cpuMillis: 25, memoryMiB: 64 },
  'cert-manager-cainjector': { cpuMillis: 50, memoryMiB: 128 },
  istiod: { cpuMillis: 500, memoryMiB: 2048 },
  'istio-gateway': { cpuMillis: 250, memoryMiB: 256 },
  'istio-proxy': { cpuMillis: 50, memoryMiB: 128 },
  kserve: { cpuMillis: 100, memoryMiB: 300 },
  prometheus: { cpuMillis: 1000, memoryMiB: 4096 },
  'prometheus-operator': { cpuMillis: 100, memoryMiB: 256 },
  alertmanager: { cpuMillis: 50, memoryMiB: 128 },
  loki: { cpuMillis: 500, memoryMiB: 1024 },
  tempo: { cpuMillis: 250, memoryMiB: 1024 },
  'opentelemetry-collector': { cpuMillis: 200, memoryMiB: 512 },
  'argocd-controller': { cpuMillis: 250, memoryMiB: 1024 },
  'argocd-server': { cpuMillis: 100, memoryMiB: 256 },
  'argocd-repo-server': { cpuMillis: 100, memoryMiB: 256 },
  'argocd-redis': { cpuMillis: 100, memoryMiB: 128 },
  // Stated (issue 13): the adapter's chart sets no requests; the VPA chart defaults to 50m/500Mi per
  // component. CPU is set to what these mostly idle controllers use (one query per HPA sync, one
  // recommendation pass a minute), which keeps staging's two system nodes within allocatable (7775m of
  // 7840m); the next add-on on the system group needs a third staging node (~140 USD/month).
  'prometheus-adapter': { cpuMillis: 50, memoryMiB: 256 },
  'vpa-recommender': { cpuMillis: 25, memoryMiB: 500 },
  'vpa-updater': { cpuMillis: 25, memoryMiB: 256 },
  'vpa-admission-controller': { cpuMillis: 25, memoryMiB: 128 },
} as const satisfies Record<string, ResourceRequests>;

/** Values plus what they ask of the node group the add-on runs on. */
export interface AddonValues<V> {
  readonly values: V;
  readonly footprint: readonly AddonFootprint[];
}

/** What every builder needs: where controllers run and how many replicas an HA component gets. */
export interface PlacementProps {
  /** Node selector of the system node group. */
  readonly nodeSelector: Labels;
  /** Replicas of HA controllers (2 or more in staging/production, 1 in dev). */
  readonly replicas: number;
}

function fp(component: keyof typeof ADDON_REQUESTS, replicas: number): AddonFootprint {
  return { component, replicas, requests: ADDON_REQUESTS[component] };
}
const res = (c: keyof typeof ADDON_REQUESTS): ContainerResources => containerResources(ADDON_REQUESTS[c]);

// --- AWS Load Balancer Controller 3.5.0 -------------------------------------------------------------

export interface LoadBalancerControllerValues {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly replicaCount: number;
  readonly serviceAccount: { readonly create: true; readonly name: string };
  readonly resources: ContainerResources;
  readonly nodeSelector: Labels;
}

export function loadBalancerControllerValues(p: PlacementProps & { clusterName: string; region: string; vpcId: string; serviceAccount: string }): AddonValues<LoadBalancerControllerValues> {
  return {
    values: {
      clusterName: p.clusterName, region: p.region, vpcId: p.vpcId, replicaCount: p.replicas,
      serviceAccount: { create: true, name: p.serviceAccount }, resources: res('aws-load-balancer-controller'), nodeSelector: p.nodeSelector,
    },
    footprint: [fp('aws-load-balancer-controller', p.replicas)],
  };
}

// --- metrics-server 3.13.1 --------------------------------------------------------------------------

export interface MetricsServerValues {
  readonly replicas: number;
  /** Requests only: the chart's defaults set no limits. */
  readonly resources: ReturnType<typeof containerRequests>;
  readonly nodeSelector: Labels;
}

export function metricsServerValues(p: PlacementProps): AddonValues<MetricsServerValues> {
  return { values: { replicas: p.replicas, resources: containerRequests(ADDON_REQUESTS['metrics-server']), nodeSelector: p.nodeSelector }, footprint: [fp('metrics-server', p.replicas)] };
}

// --- Karpenter 1.14.1 -------------------------------------------------------------------------------

export interface KarpenterValues {
  readonly settings: { readonly clusterName: string; readonly interruptionQueue: string };
  readonly serviceAccount: { readonly name: string };
  readonly replicas: number;
  readonly controller: { readonly resources: ContainerResources };
  readonly nodeSelector: Labels;
}

/** Karpenter runs on the managed system group, never on nodes it manages itself. */
export function karpenterValues(p: PlacementProps & { clusterName: string; interruptionQueue: string; serviceAccount: string }): AddonValues<KarpenterValues> {
  return {
    values: {
      settings: { clusterName: p.clusterName, interruptionQueue: p.interruptionQueue },
      serviceAccount: { name: p.serviceAccount }, replicas: p.replicas,
      controller: { resources: res('karpenter') }, nodeSelector: p.nodeSelector,
    },
    footprint: [fp('karpenter', p.replicas)],
  };
}

// --- cert-manager v1.21.1 ---------------------------------------------------------------------------

export interface CertManagerValues {
  readonly crds: { readonly enabled: true; readonly keep: true };
  readonly replicaCount: number;
  readonly resources: ContainerResources;
  readonly nodeSelector: Labels;
  readonly webhook: { readonly resources: ContainerResources; readonly nodeSelector: Labels };
  readonly cainjector: { readonly resources: ContainerResources; readonly nodeSelector: Labels };
  readonly prometheus: { readonly servicemonitor: { readonly enabled: true } };
}

export function certManagerValues(p: PlacementProps): AddonValues<CertManagerValues> {
  return {
    values: {
      crds: { enabled: true, keep: true }, replicaCount: p.replicas, resources: res('cert-manager'), nodeSelector: p.nodeSelector,
      webhook: { resources: res('cert-manager-webhook'), nodeSelector: p.nodeSelector },
      cainjector: { resources: res('cert-manager-cainjector'), nodeSelector: p.nodeSelector },
      prometheus: { servicemonitor: { enabled: true } },
    },
    footprint: [fp('cert-manager', p.replicas), fp('cert-manager-webhook', 1), fp('cert-manager-cainjector', 1)],
  };
}

// --- Istio 1.30.3 -----------------------------------------------------------------------------------

export interface IstioBaseValues {
  readonly defaultRevision: string;
}

export interface IstiodValues {
  readonly replicaCount: number;
  readonly autoscaleMin: number;
  /** Requests only: the chart's defaults set no limits for istiod. */
  readonly resources: ReturnType<typeof containerRequests>;
  readonly nodeSelector: Labels;
  /** istiod environment: native sidecars made explicit (default since 1.27) for init-container downloads. */
  readonly env: Readonly<Record<string, string>>;
  readonly global: { readonly proxy: { readonly resources: ContainerResources } };
  readonly meshConfig: { readonly enablePrometheusMerge: true };
}

export function istiodValues(p: PlacementProps): AddonValues<IstiodValues> {
  return {
    values: {
      replicaCount: p.replicas, autoscaleMin: p.replicas, resources: containerRequests(ADDON_REQUESTS.istiod), nodeSelector: p.nodeSelector,
      env: { ENABLE_NATIVE_SIDECARS: 'true' },
      global: { proxy: { resources: res('istio-proxy') } },
      meshConfig: { enablePrometheusMerge: true },
    },
    footprint: [fp('istiod', p.replicas)],
  };
}

/** A port of the gateway's Service (the chart's `service.ports[]`). */
export interface GatewayServicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'TCP';
  readonly targetPort: number;
}

/** The client API's TLS on the gateway's NLB. */
export interface GatewayTlsProps {
  /** ACM certificate (in the cluster's region) the NLB's TLS listener presents. */
  readonly certificateArn: string;
  /** Name of the NLB (at most 32 characters), so later layers can find it (DNS alias). */
  readonly loadBalancerName: string;
}

/** TLS policy of the NLB listener: TLS 1.3 and 1.2 only (Elastic Load Balancing's TLS13-1-2 policy). */
export const GATEWAY_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Name of the gateway's NLB for a cluster (NLB names allow 32 characters: the cluster name is cut to fit). */
export function ingressLoadBalancerName(clusterName: string): string {
  return `${clusterName.slice(0, 28).replace(/-+$/, '')}-api`;
}

export interface IstioGatewayValues {
  readonly service: {
    readonly type: 'LoadBalancer';
    readonly annotations: Labels;
    /**
     * @default - the chart's: status-port 15021, http2 80, https 443 (TLS passthrough)
     */
    readonly ports?: readonly GatewayServicePort[];
  };
  readonly autoscaling: { readonly enabled: true; readonly minReplicas: number; readonly maxReplicas: number };
  readonly resources: ContainerResources;
  readonly nodeSelector: Labels;
}

/**
 * The ingress gateway behind an internet-facing NLB (IP targets) made by the AWS Load Balancer Controller.
 * With `tls`, the NLB has a name and a single TLS listener on 443 (ACM certificate, TLS 1.2+) forwarding to
 * the gateway's HTTP port 80, plus the status port for health checks; no plain-text listener.
 */
export function istioGatewayValues(p: PlacementProps & { tls?: GatewayTlsProps }): AddonValues<IstioGatewayValues> {
  const tls = p.tls;
  return {
    values: {
      service: {
        type: 'LoadBalancer',
        annotations: {
          'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
          ...(tls ? {
            'service.beta.kubernetes.io/aws-load-balancer-name': tls.loadBalancerName,
            'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': tls.certificateArn,
            'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': 'https',
            'service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy': GATEWAY_TLS_POLICY,
          } : {}),
        },
        ...(tls ? {
          ports: [
            { name: 'status-port', port: 15021, protocol: 'TCP' as const, targetPort: 15021 },
            { name: 'https', port: 443, protocol: 'TCP' as const, targetPort: 80 },
          ],
        } : {}),
      },
      autoscaling: { enabled: true, minReplicas: p.replicas, maxReplicas: Math.max(p.replicas * 5, 5) },
      resources: res('istio-gateway'), nodeSelector: p.nodeSelector,
    },
    footprint: [fp('istio-gateway', p.replicas)],
  };
}

// --- KServe v0.20.0 ---------------------------------------------------------------------------------

export interface KserveValues {
  readonly kserve: {
    readonly controller: {
      /** `Standard` (the v0.16+ name of RawDeployment); the chart default is Knative/Serverless. */
      readonly deploymentMode: 'Standard';
      readonly gateway: { readonly ingressGateway: { readonly className: 'istio' } };
      readonly nodeSelector: Labels;
      readonly resources: ContainerResources;
    };
  };
}

export function kserveValues(p: PlacementProps): AddonValues<KserveValues> {
  return {
    values: { kserve: { controller: { deploymentMode: 'Standard', gateway: { ingressGateway: { className: 'istio' } }, nodeSelector: p.nodeSelector, resources: res('kserve') } } },
    footprint: [fp('kserve', 1)],
  };
}

export interface KserveRuntimeValues {
  readonly kserve: { readonly servingruntime: { readonly enabled: true } };
}

// --- kube-prometheus-stack 88.5.3 -------------------------------------------------------------------

export interface KubePrometheusStackValues {
  readonly prometheus: {
    readonly serviceAccount: { readonly create: true; readonly name: string };
    readonly prometheusSpec: {
      readonly replicas: number;
      readonly retention: string;
      readonly resources: ContainerResources;
      readonly nodeSelector: Labels;
      readonly serviceMonitorSelectorNilUsesHelmValues: false;
      readonly podMonitorSelectorNilUsesHelmValues: false;
      readonly remoteWrite: readonly { readonly url: string; readonly sigv4: { readonly region: string } }[];
      readonly storageSpec: { readonly volumeClaimTemplate: { readonly spec: { readonly accessModes: readonly string[]; readonly resources: { readonly requests: { readonly storage: string } } } } };
    };
  };
  readonly prometheusOperator: { readonly resources: ContainerResources; readonly nodeSelector: Labels };
  readonly alertmanager: { readonly alertmanagerSpec: { readonly replicas: number; readonly resources: ContainerResources; readonly nodeSelector: Labels } };
  readonly grafana: {
    readonly enabled: true;
    readonly additionalDataSources: readonly { readonly name: string; readonly type: string; readonly url: string; readonly access: 'proxy'; readonly jsonData?: Readonly<Record<string, string | boolean>> }[];
  };
}

export interface KubePrometheusStackProps extends PlacementProps {
  /** Region of the AMP workspace (SigV4 signing region). */
  readonly region: string;
  /** Service account of Prometheus (its Pod Identity may remote-write to the workspace). */
  readonly prometheusServiceAccount: string;
  /** Amazon Managed Service for Prometheus workspace endpoint (`.../workspaces/ws-.../`). */
  readonly ampEndpoint: string;
  /** Days Prometheus keeps samples locally. */
  readonly localRetentionDays: number;
  /** Prometheus volume, GiB. */
  readonly storageGiB: number;
  /** In-cluster URL of Loki (Grafana data source). */
  readonly lokiUrl: string;
  /** In-cluster URL of Tempo (Grafana data source). */
  readonly tempoUrl: string;
}

/**
 * Prometheus keeps `localRetentionDays` locally and remote-writes every sample (SigV4, Pod Identity) to
 * Amazon Managed Service for Prometheus for long-term queries; Grafana gets Loki, Tempo and the AMP
 * workspace as data sources. Selectors pick up every ServiceMonitor/PodMonitor of the cluster.
 */
export function kubePrometheusStackValues(p: KubePrometheusStackProps): AddonValues<KubePrometheusStackValues> {
  return {
    values: {
      prometheus: {
        serviceAccount: { create: true, name: p.prometheusServiceAccount },
        prometheusSpec: {
          replicas: p.replicas, retention: `${p.localRetentionDays}d`, resources: res('prometheus'), nodeSelector: p.nodeSelector,
          serviceMonitorSelectorNilUsesHelmValues: false, podMonitorSelectorNilUsesHelmValues: false,
          remoteWrite: [{ url: `${p.ampEndpoint}api/v1/remote_write`, sigv4: { region: p.region } }],
          storageSpec: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${p.storageGiB}Gi` } } } } },
        },
      },
      prometheusOperator: { resources: res('prometheus-operator'), nodeSelector: p.nodeSelector },
      alertmanager: { alertmanagerSpec: { replicas: p.replicas, resources: res('alertmanager'), nodeSelector: p.nodeSelector } },
      grafana: {
        enabled: true,
        additionalDataSources: [
          { name: 'Loki', type: 'loki', url: p.lokiUrl, access: 'proxy' },
          { name: 'Tempo', type: 'tempo', url: p.tempoUrl, access: 'proxy' },
          { name: 'AMP (1 year)', type: 'prometheus', url: p.ampEndpoint, access: 'proxy', jsonData: { sigV4Auth: true, sigV4AuthType: 'default', sigV4Region: p.region } },
        ],
      },
    },
    footprint: [fp('prometheus', p.replicas), fp('prometheus-operator', 1), fp('alertmanager', p.replicas)],
  };
}

// --- Loki 18.11.0 -----------------------------------------------------------------------------------

export interface LokiValues {
  readonly loki: {
    readonly auth_enabled: false;
    readonly commonConfig: { readonly replication_factor: number };
    readonly schemaConfig: { readonly configs: readonly { readonly from: string; readonly store: 'tsdb'; readonly object_store: 's3'; readonly schema: 'v13'; readonly index: { readonly prefix: string; readonly period: '24h' } }[] };
    readonly storage: { readonly type: 's3'; readonly bucketNames: { readonly chunks: string; readonly ruler: string }; readonly s3: { readonly region: string } };
    readonly compactor: { readonly retention_enabled: true; readonly delete_request_store: 's3' };
    readonly structuredConfig: { readonly limits_config: { readonly retention_period: string } };
  };
  readonly serviceAccount: { readonly create: true; readonly name: string };
  readonly singleBinary: { readonly replicas: number; readonly resources: ContainerResources; readonly nodeSelector: Labels };
  readonly minio: { readonly enabled: false };
  readonly chunksCache: { readonly enabled: false };
  readonly resultsCache: { readonly enabled: false };
  readonly test: { readonly enabled: false };
  readonly lokiCanary: { readonly enabled: false };
}

/** Loki (monolithic) on its own S3 bucket through Pod Identity; the compactor deletes after `retentionDays`. */
export function lokiValues(p: PlacementProps & { bucket: string; region: string; serviceAccount: string; retentionDays: number; schemaFrom: string }): AddonValues<LokiValues> {
  return {
    values: {
      loki: {
        auth_enabled: false,
        commonConfig: { replication_factor: Math.min(p.replicas, 3) },
        schemaConfig: { configs: [{ from: p.schemaFrom, store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'index_', period: '24h' } }] },
        storage: { type: 's3', bucketNames: { chunks: p.bucket, ruler: p.bucket }, s3: { region: p.region } },
        compactor: { retention_enabled: true, delete_request_store: 's3' },
        structuredConfig: { limits_config: { retention_period: `${p.retentionDays * 24}h` } },
      },
      serviceAccount: { create: true, name: p.serviceAccount },
      singleBinary: { replicas: p.replicas, resources: res('loki'), nodeSelector: p.nodeSelector },
      minio: { enabled: false }, chunksCache: { enabled: false }, resultsCache: { enabled: false }, test: { enabled: false }, lokiCanary: { enabled: false },
    },
    footprint: [fp('loki', p.replicas)],
  };
}

// --- Tempo 2.2.4 ------------------------------------------------------------------------------------

export interface TempoValues {
  readonly tempo: {
    readonly retention: string;
    readonly resources: ContainerResources;
    readonly storage: { readonly trace: { readonly backend: 's3'; readonly s3: { readonly bucket: string; readonly endpoint: string } } };
  };
  readonly serviceAccount: { readonly create: true; readonly name: string };
  readonly nodeSelector: Labels;
}

export function tempoValues(p: PlacementProps & { bucket: string; region: string; serviceAccount: string; retentionDays: number }): AddonValues<TempoValues> {
  return {
    values: {
      tempo: {
        retention: `${p.retentionDays * 24}h`, resources: res('tempo'),
        storage: { trace: { backend: 's3', s3: { bucket: p.bucket, endpoint: `s3.${p.region}.amazonaws.com` } } },
      },
      serviceAccount: { create: true, name: p.serviceAccount },
      nodeSelector: p.nodeSelector,
    },
    footprint: [fp('tempo', 1)],
  };
}

// --- OpenTelemetry collector 0.170.0 ----------------------------------------------------------------

export interface OpenTelemetryCollectorValues {
  readonly mode: 'deployment';
  readonly image: { readonly repository: string };
  readonly replicaCount: number;
  readonly resources: ContainerResources;
  readonly nodeSelector: Labels;
  readonly presets: { readonly kubernetesAttributes: { readonly enabled: true } };
  readonly config: {
    readonly exporters: { readonly 'otlp/tempo': { readonly endpoint: string; readonly tls: { readonly insecure: true } } };
    readonly service: { readonly pipelines: { readonly traces: { readonly exporters: readonly string[] } } };
  };
}

/**
 * A gateway collector (Deployment) receiving OTLP from the services and exporting traces to Tempo. The
 * hop to Tempo is plain gRPC inside the mesh: Istio's STRICT mTLS encrypts it.
 */
export function openTelemetryCollectorValues(p: PlacementProps & { tempoOtlpEndpoint: string }): AddonValues<OpenTelemetryCollectorValues> {
  return {
    values: {
      mode: 'deployment', image: { repository: 'otel/opentelemetry-collector-k8s' }, replicaCount: p.replicas,
      resources: res('opentelemetry-collector'), nodeSelector: p.nodeSelector,
      presets: { kubernetesAttributes: { enabled: true } },
      config: {
        exporters: { 'otlp/tempo': { endpoint: p.tempoOtlpEndpoint, tls: { insecure: true } } },
        service: { pipelines: { traces: { exporters: ['otlp/tempo'] } } },
      },
    },
    footprint: [fp('opentelemetry-collector', p.replicas)],
  };
}

// --- Argo CD 10.1.1 ---------------------------------------------------------------------------------

export interface ArgoCdValues {
  readonly global: { readonly nodeSelector: Labels };
  readonly controller: { readonly resources: ContainerResources };
  readonly server: { readonly resources: ContainerResources };
  readonly repoServer: { readonly resources: ContainerResources };
  readonly redis: { readonly resources: ContainerResources };
  readonly dex: { readonly enabled: false };
}

/** Argo CD without Dex (SSO goes through the identity provider the team configures later). */
export function argoCdValues(p: PlacementProps): AddonValues<ArgoCdValues> {
  return {
    values: {
      global: { nodeSelector: p.nodeSelector },
      controller: { resources: res('argocd-controller') }, server: { resources: res('argocd-server') },
      repoServer: { resources: res('argocd-repo-server') }, redis: { resources: res('argocd-redis') },
      dex: { enabled: false },
    },
    footprint: [fp('argocd-controller', 1), fp('argocd-server', 1), fp('argocd-repo-server', 1), fp('argocd-redis', 1)],
  };
}

// --- prometheus-adapter 5.3.0 -----------------------------------------------------------------------

export interface PrometheusAdapterValues {
  readonly prometheus: { readonly url: string; readonly port: number };
  readonly replicas: number;
  readonly resources: ContainerResources;
  readonly nodeSelector: Labels;
  /** Only the platform's rules: resource metrics stay with metrics-server (`default: false`). */
  readonly rules: { readonly default: false; readonly custom: readonly PrometheusAdapterRule[] };
}

/**
 * The custom metrics API (`custom.metrics.k8s.io`) over the cluster's Prometheus: serves the services'
 * per-pod p99 latency ({@link p99LatencyAdapterRule}) that their HPAs scale on.
 */
export function prometheusAdapterValues(p: PlacementProps & { prometheusUrl: string; prometheusPort: number }): AddonValues<PrometheusAdapterValues> {
  return {
    values: {
      prometheus: { url: p.prometheusUrl, port: p.prometheusPort }, replicas: p.replicas,
      resources: res('prometheus-adapter'), nodeSelector: p.nodeSelector,
      rules: { default: false, custom: [p99LatencyAdapterRule()] },
    },
    footprint: [fp('prometheus-adapter', p.replicas)],
  };
}

// --- Vertical Pod Autoscaler (FairwindsOps chart 5.0.0, VPA 1.7.1) ----------------------------------

/** One VPA component's replicas, requests and placement. */
export interface VpaComponentValues {
  readonly replicaCount: number;
  readonly resources: ContainerResources;
  readonly nodeSelector: Labels;
}

export interface VpaValues {
  readonly recommender: VpaComponentValues;
  readonly updater: VpaComponentValues;
  readonly admissionController: VpaComponentValues;
}

/**
 * The VPA's recommender, updater and admission controller (the webhook that sets requests on new pods).
 * The recommender and updater are single-instance controllers (stated: one replica each); the admission
 * webhook gets the HA replica count because pod creation calls it.
 */
export function vpaValues(p: PlacementProps): AddonValues<VpaValues> {
  return {
    values: {
      recommender: { replicaCount: 1, resources: res('vpa-recommender'), nodeSelector: p.nodeSelector },
      updater: { replicaCount: 1, resources: res('vpa-updater'), nodeSelector: p.nodeSelector },
      admissionController: { replicaCount: p.replicas, resources: res('vpa-admission-controller'), nodeSelector: p.nodeSelector },
    },
    footprint: [fp('vpa-recommender', 1), fp('vpa-updater', 1), fp('vpa-admission-controller', p.replicas)],
  };
}
