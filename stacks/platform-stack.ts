import { Construct } from 'constructs';
import { ITerraformDependable, TerraformOutput } from 'cdktf';
import { DataAwsEcrpublicAuthorizationToken } from '@cdktf/provider-aws/lib/data-aws-ecrpublic-authorization-token';
import { ADDON_CHARTS, ADDON_NAMESPACES } from '../catalog/addons';
import { APPLICATION_NAMESPACES, PLATFORM_NAMESPACE_SETTINGS, PLATFORM_NAMESPACES } from '../catalog/namespaces';
import { INSTANCE_TYPES } from '../constructs/cluster/gpu-catalog';
import { NODE_LABELS } from '../constructs/cluster/labels';
import { awsContext } from '../constructs/core/aws-context';
import { PlatformValidationError } from '../constructs/core/errors';
import { AddonIdentity } from '../constructs/platform/addon-identity';
import {
  ADDON_REQUESTS, argoCdValues, certManagerValues, ingressLoadBalancerName, istiodValues, istioGatewayValues, karpenterValues, kserveValues, kubePrometheusStackValues,
  loadBalancerControllerValues, lokiValues, metricsServerValues, openTelemetryCollectorValues, PlacementProps, prometheusAdapterValues, tempoValues,
  vpaValues,
} from '../constructs/platform/addon-values';
import { ClusterConnection } from '../constructs/platform/cluster-connection';
import { EdgeCertificate } from '../constructs/edge/certificate';
import { gpuOperatorValues } from '../constructs/platform/gpu-operator';
import { HelmRelease } from '../constructs/platform/helm-release';
import { KarpenterAws } from '../constructs/platform/karpenter';
import { loadBalancerControllerStatements } from '../constructs/platform/load-balancer-controller';
import { createPriorityClasses, PlatformNamespace, scaleQuota } from '../constructs/platform/namespaces';
import { ObservabilityStorage } from '../constructs/platform/observability';
import { AddonFootprint, allocatable, capacityProblem, totalRequests } from '../constructs/platform/resources';
import type { PlatformPlan } from '../plan/platform';
import type { LayerInputs } from './contracts';
import { LayerStack } from './layer-stack';

/** The platform layer takes its plan slice only: it reaches the cluster by looking it up by name. */
export type PlatformStackProps = LayerInputs<PlatformPlan>;

/** Environments at this scale or above run two replicas of each controller. */
const HA_SCALE = 0.25;
/** Public ECR serves tokens from us-east-1 only (karpenter-provider-aws#6357). */
const ECR_PUBLIC_REGION = 'us-east-1';
/** First day of the Loki TSDB v13 schema; never change it once logs exist (add a new period instead). */
const LOKI_SCHEMA_FROM = '2026-12-01';

/**
 * `<env>-<region>-platform`: the add-ons every cluster needs, as Helm releases at the exact versions of
 * catalog/addons.ts, with their namespaces (labels, quotas, limits), priority classes, and each add-on's
 * own AWS identity and storage. It reaches the cluster by name (ClusterConnection: data source + exec
 * auth), so it is deployed after `<env>-<region>-cluster`; the custom resources that need the CRDs
 * installed here are in `<env>-<region>-platform-config`, deployed after it.
 */
export class PlatformStack extends LayerStack {
  public readonly connection: ClusterConnection;
  public readonly releases: Readonly<Record<string, HelmRelease>>;
  public readonly namespaces: readonly PlatformNamespace[];
  /** Add-on workloads on the system node group and what they request. */
  public readonly footprint: readonly AddonFootprint[];

  constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'platform' });
    const { context, region } = props;
    const file = `environments/${context.name}.yaml`;
    const cfg = props.plan.config;
    const plan = props.plan.cluster;
    const name = plan.name;
    const ctx = awsContext(this);

    this.connection = new ClusterConnection(this, 'cluster', { clusterName: name, region });
    const cluster = { clusterName: this.connection.clusterName, clusterArn: this.connection.clusterArn };
    const system = plan.nodeGroups.find((g) => g.config.name === 'system') ?? plan.nodeGroups[0];
    const placement: PlacementProps = { nodeSelector: { [NODE_LABELS.nodeGroup]: system.config.name }, replicas: context.scale >= HA_SCALE ? 2 : 1 };

    // Namespaces, quotas, limits and priorities (seed 000).
    const namespaces = [
      ...PLATFORM_NAMESPACES.map((n) => new PlatformNamespace(this, `namespace-${n.name}`, {
        name: n.name,
        ...(PLATFORM_NAMESPACE_SETTINGS[n.name] ?? {}),
        ...(n.quota ? { quota: scaleQuota({ gpus: n.quota.gpus, cpuCores: n.quota.cpuCores, memoryGiB: quantityGiB(n.quota.memory) }, context.scale) } : {}),
      })),
      ...APPLICATION_NAMESPACES.map((n) => new PlatformNamespace(this, `namespace-${n.name}`, { name: n.name })),
      ...ADDON_NAMESPACES.map((n) => new PlatformNamespace(this, `namespace-${n.name}`, n)),
    ];
    this.namespaces = namespaces;
    const ns = (n: string) => {
      const found = namespaces.find((x) => x.name === n);
      return found ? [found.namespace.resource] : [];
    };
    createPriorityClasses(this);

    const releases: Record<string, HelmRelease> = {};
    const footprint: AddonFootprint[] = [];
    const release = <V extends object>(id: keyof typeof ADDON_CHARTS, namespace: string, built: { values: V; footprint?: readonly AddonFootprint[] }, opts: { wait?: boolean; dependsOn?: HelmRelease[]; extra?: ITerraformDependable[]; skipCrds?: boolean; timeoutSeconds?: number; credentials?: { username: string; password: string } } = {}) => {
      const r = new HelmRelease(this, `release-${id}`, {
        chart: ADDON_CHARTS[id], releaseName: id, namespace, values: built.values,
        wait: opts.wait, skipCrds: opts.skipCrds, timeoutSeconds: opts.timeoutSeconds,
        dependsOn: [...ns(namespace), ...(opts.dependsOn ?? []), ...(opts.extra ?? [])],
        ...(opts.credentials ? { repositoryCredentials: opts.credentials } : {}),
      });
      footprint.push(...(built.footprint ?? []));
      releases[id] = r;
      return r;
    };

    // AWS Load Balancer Controller (its webhook must exist before any Service of type LoadBalancer).
    const lbcIdentity = new AddonIdentity(this, 'identity-aws-load-balancer-controller', {
      cluster, namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', roleName: `${name}-aws-lb-controller`,
      statements: loadBalancerControllerStatements({ partition: ctx.partition, region: ctx.region, accountId: ctx.accountId, vpcArn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc/${this.connection.vpcId}` }),
    });
    const lbc = release('aws-load-balancer-controller', 'kube-system',
      loadBalancerControllerValues({ ...placement, clusterName: name, region, vpcId: this.connection.vpcId, serviceAccount: 'aws-load-balancer-controller' }),
      { extra: [lbcIdentity.association] });

    release('metrics-server', 'kube-system', metricsServerValues(placement));

    // Karpenter: CRDs as their own release (Helm never upgrades CRDs), chart from public ECR with a token.
    if (cfg.karpenter.enabled) {
      const karpenterAws = new KarpenterAws(this, 'karpenter', { cluster, name });
      const token = new DataAwsEcrpublicAuthorizationToken(this, 'ecr-public-token', { region: ECR_PUBLIC_REGION });
      const credentials = { username: token.userName, password: token.password };
      const crds = release('karpenter-crd', 'kube-system', { values: {} }, { credentials });
      release('karpenter', 'kube-system', karpenterValues({ ...placement, clusterName: name, interruptionQueue: karpenterAws.queueName, serviceAccount: 'karpenter' }),
        { skipCrds: true, dependsOn: [crds], extra: [karpenterAws.identity.association, karpenterAws.queue, karpenterAws.accessEntry], credentials });
    }

    // Observability: storage and identities, then kube-prometheus-stack (installs the monitoring CRDs).
    const obs = cfg.observability;
    const storage = new ObservabilityStorage(this, 'observability', {
      name, metricsRetentionDays: obs.metricsRetentionDays, logArchiveDays: obs.logArchiveDays, traceRetentionDays: obs.traceRetentionDays,
      forceDestroy: !context.deletionProtection,
    });
    const identity = (id: string, serviceAccount: string, statements: ReturnType<typeof ObservabilityStorage.bucketStatements>) =>
      new AddonIdentity(this, `identity-${id}`, { cluster, namespace: 'monitoring', serviceAccount, roleName: `${name}-${id}`, statements });
    const prometheusIdentity = identity('prometheus', 'prometheus', storage.remoteWriteStatements());
    const grafanaIdentity = identity('grafana', 'kube-prometheus-stack-grafana', storage.queryStatements());
    const lokiIdentity = identity('loki', 'loki', ObservabilityStorage.bucketStatements(storage.logs));
    const tempoIdentity = identity('tempo', 'tempo', ObservabilityStorage.bucketStatements(storage.traces));
    const kps = release('kube-prometheus-stack', 'monitoring', kubePrometheusStackValues({
      ...placement, region, prometheusServiceAccount: 'prometheus', ampEndpoint: storage.ampEndpoint,
      localRetentionDays: obs.metricsLocalRetentionDays, storageGiB: obs.prometheusStorageGiB,
      lokiUrl: 'http://loki.monitoring.svc.cluster.local:3100', tempoUrl: 'http://tempo.monitoring.svc.cluster.local:3200',
    }), { extra: [prometheusIdentity.association, grafanaIdentity.association], timeoutSeconds: 900 });
    release('loki', 'monitoring', lokiValues({ ...placement, bucket: storage.logs.bucketName, region, serviceAccount: 'loki', retentionDays: obs.logRetentionDays, schemaFrom: LOKI_SCHEMA_FROM }),
      { dependsOn: [kps], extra: [lokiIdentity.association] });
    const tempo = release('tempo', 'monitoring', tempoValues({ ...placement, bucket: storage.traces.bucketName, region, serviceAccount: 'tempo', retentionDays: obs.traceRetentionDays }),
      { dependsOn: [kps], extra: [tempoIdentity.association] });
    // The services' p99 latency for their HPAs, from the cluster Prometheus (`<release>-prometheus` Service).
    release('prometheus-adapter', 'monitoring', prometheusAdapterValues({ ...placement, prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring.svc', prometheusPort: 9090 }), { dependsOn: [kps] });
    release('vpa', 'kube-system', vpaValues(placement));
    release('opentelemetry-collector', 'monitoring', openTelemetryCollectorValues({ ...placement, tempoOtlpEndpoint: 'tempo.monitoring.svc.cluster.local:4317' }), { dependsOn: [tempo] });

    // GPU operator: node-scoped DaemonSets, so no waiting for GPU nodes (they may not exist yet).
    const gpuOperator = gpuOperatorValues({
      pools: plan.gpuPools.map((p) => ({
        name: p.config.name, gpuModel: p.resolved.gpuModel.model,
        ...(p.config.sharing && 'timeSlicingReplicas' in p.config.sharing ? { timeSlicingReplicas: p.config.sharing.timeSlicingReplicas } : {}),
        ...(p.config.sharing && 'migProfile' in p.config.sharing ? { migProfile: p.config.sharing.migProfile } : {}),
      })),
      systemNodeSelector: placement.nodeSelector,
      operatorRequests: ADDON_REQUESTS['gpu-operator'],
    });
    release('gpu-operator', 'gpu-operator', { values: gpuOperator, footprint: [{ component: 'gpu-operator', replicas: 1, requests: ADDON_REQUESTS['gpu-operator'] }] }, { wait: false, dependsOn: [kps] });

    // cert-manager (its ServiceMonitor needs kube-prometheus-stack's CRDs), Istio, KServe.
    const certManager = release('cert-manager', 'cert-manager', certManagerValues(placement), { dependsOn: [kps] });
    const istioBase = release('istio-base', 'istio-system', { values: { defaultRevision: 'default' } });
    const istiod = release('istiod', 'istio-system', istiodValues(placement), { dependsOn: [istioBase] });
    // The client API's TLS: an ACM certificate for the configured hostname on the gateway NLB's listener.
    const ingress = cfg.ingress;
    const tls = ingress ? {
      certificateArn: new EdgeCertificate(this, 'api-certificate', { hostnames: [ingress.hostname], zoneName: ingress.hostedZone.name, zoneId: ingress.hostedZone.id, provider: this.provider }).certificateArn,
      loadBalancerName: ingressLoadBalancerName(name),
    } : undefined;
    release('istio-gateway', 'istio-ingress', istioGatewayValues({ ...placement, ...(tls ? { tls } : {}) }), { dependsOn: [istiod, lbc] });
    const kserveCrd = release('kserve-crd', 'kserve', { values: {} });
    const kserve = release('kserve', 'kserve', kserveValues(placement), { dependsOn: [kserveCrd, certManager, istiod] });
    // Runtimes after the controller is ready: a first install can fail on the runtime webhook (kserve#5037).
    release('kserve-runtimes', 'kserve', { values: { kserve: { servingruntime: { enabled: true } } } }, { dependsOn: [kserve] });

    release('argo-cd', 'argocd', argoCdValues(placement));

    this.releases = releases;
    this.footprint = footprint;

    // Capacity: what the add-ons request must fit the system node group.
    const instance = INSTANCE_TYPES[system.config.instanceType];
    const nodes = system.scaling.desiredSize;
    if (instance) {
      const problem = capacityProblem(footprint, { name: system.config.name, nodes, vcpu: instance.vcpu, memoryGiB: instance.memoryGiB });
      if (problem) throw new PlatformValidationError(file, `regions.${region}.cluster.nodeGroups (${system.config.name}): ${problem}`);
      new TerraformOutput(this, 'system-node-group-requests', {
        description: 'Requests of the platform add-ons on the system node group (node summary reads it)',
        value: {
          nodeGroup: system.config.name, instanceType: system.config.instanceType, nodes,
          requested: totalRequests(footprint, nodes), allocatable: scaled(allocatable(instance.vcpu, instance.memoryGiB), nodes),
        },
      });
    }
    new TerraformOutput(this, 'amp-endpoint', { value: storage.ampEndpoint });
  }
}

function scaled(r: { cpuMillis: number; memoryMiB: number }, n: number) {
  return { cpuMillis: r.cpuMillis * n, memoryMiB: r.memoryMiB * n };
}

/** GiB in a Kubernetes quantity such as `8Ti` or `512Gi`. */
function quantityGiB(q: string): number {
  const m = /^(\d+)(Gi|Ti)$/.exec(q);
  if (!m) throw new Error(`quota memory '${q}' must be <n>Gi or <n>Ti`);
  return Number(m[1]) * (m[2] === 'Ti' ? 1024 : 1);
}
