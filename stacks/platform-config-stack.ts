import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { GpuModel } from '../constructs/cluster/gpu-catalog';
import { KubernetesManifest } from '../constructs/k8s/manifest';
import { EC2NodeClass, NodePool, PeerAuthentication, PodMonitor, ServiceMonitor } from '../constructs/k8s/objects';
import { APPLICATION_NAMESPACES } from '../catalog/namespaces';
import { ClusterConnection } from '../constructs/platform/cluster-connection';
import { karpenterNodeRoleName } from '../constructs/platform/karpenter';
import { CapacityType, cpuNodePool, ec2NodeClass, gpuNodePool } from '../constructs/platform/node-pools';
import type { PlatformPlan } from '../plan/platform';
import type { EventDataOutputs, LayerInputs } from './contracts';
import { LayerStack } from './layer-stack';

export interface PlatformConfigStackProps extends LayerInputs<PlatformPlan> {
  /**
   * The region's data layer: Karpenter nodes join its "data clients" group besides the cluster security
   * group, as the managed node groups do.
   * @default - the cluster security group only (a region without a data layer)
   */
  readonly data?: EventDataOutputs;
}

/**
 * `<env>-<region>-platform-config`: the custom resources whose CRDs the platform stack's releases
 * install (Karpenter EC2NodeClass and NodePools, Istio's mesh-wide STRICT PeerAuthentication, the DCGM
 * exporter's ServiceMonitor). Terraform plans `kubernetes_manifest` against the API server, so these
 * cannot share a stack with the releases: this stack is deployed after `<env>-<region>-platform`.
 */
export class PlatformConfigStack extends LayerStack {
  public readonly manifests: readonly KubernetesManifest[];

  constructor(scope: Construct, props: PlatformConfigStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'platform-config' });
    const { context, region } = props;
    const cfg = props.plan.config;
    const plan = props.plan.cluster;
    const name = plan.name;
    const connection = new ClusterConnection(this, 'cluster', { clusterName: name, region, helm: false });
    const manifests: KubernetesManifest[] = [];

    manifests.push(new KubernetesManifest<PeerAuthentication>(this, 'mesh-mtls', {
      object: {
        apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'istio-system' },
        spec: { mtls: { mode: 'STRICT' } },
      },
    }));
    manifests.push(new KubernetesManifest<ServiceMonitor>(this, 'dcgm-exporter-monitor', {
      object: {
        apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor',
        metadata: { name: 'nvidia-dcgm-exporter', namespace: 'gpu-operator', labels: { 'app.kubernetes.io/part-of': 'gpu-operator' } },
        spec: {
          selector: { matchLabels: { app: 'nvidia-dcgm-exporter' } },
          namespaceSelector: { matchNames: ['gpu-operator'] },
          endpoints: [{ port: 'gpu-metrics', interval: '30s', path: '/metrics' }],
        },
      },
    }));
    // Envoy's standard Istio metrics of every sidecar in the application namespaces: the request-duration
    // histogram behind the services' p99 latency HPA metric (constructs/services/latency-metric.ts).
    manifests.push(new KubernetesManifest<PodMonitor>(this, 'istio-sidecars-monitor', {
      object: {
        apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor',
        metadata: { name: 'istio-sidecars', namespace: 'monitoring', labels: { 'app.kubernetes.io/part-of': 'istio' } },
        spec: {
          selector: { matchExpressions: [{ key: 'security.istio.io/tlsMode', operator: 'Exists' }] },
          namespaceSelector: { matchNames: APPLICATION_NAMESPACES.map((n) => n.name) },
          podMetricsEndpoints: [{ port: 'http-envoy-prom', path: '/stats/prometheus', interval: '15s' }],
        },
      },
    }));

    if (cfg.karpenter.enabled) {
      const k = cfg.karpenter;
      const nodeClassName = 'default';
      const subnetIds = Array.from({ length: props.plan.azCount }, (_, i) => Fn.element(connection.subnetIds, i) as string);
      manifests.push(new KubernetesManifest<EC2NodeClass>(this, 'karpenter-node-class', {
        object: ec2NodeClass({
          name: nodeClassName,
          nodeRoleName: karpenterNodeRoleName(name),
          subnetIds,
          securityGroupIds: [connection.clusterSecurityGroupId, ...(props.data ? [props.data.clientSecurityGroupId] : [])],
          tags: { ...this.tags },
        }),
      }));
      const common = { nodeClassName, expireAfter: k.expireAfter, consolidateAfter: k.consolidateAfter };
      manifests.push(new KubernetesManifest<NodePool>(this, 'karpenter-pool-cpu', {
        object: cpuNodePool({ ...common, capacityTypes: k.capacityTypes, cpuLimit: Math.max(1, Math.ceil(k.cpuLimit * context.scale)) }),
      }));
      // One NodePool per GPU class of the region: spot when every pool of the class is spot, both when some are.
      const classes = new Map<GpuModel, { gpus: number; spot: boolean[] }>();
      for (const p of plan.gpuPools) {
        const model = p.resolved.gpuModel.model;
        const c = classes.get(model) ?? { gpus: 0, spot: [] };
        c.gpus += p.scaling.desiredSize * p.resolved.instance.gpus;
        c.spot.push(p.config.spot);
        classes.set(model, c);
      }
      for (const [model, c] of classes) {
        const capacityTypes: CapacityType[] = c.spot.every(Boolean) ? ['spot'] : c.spot.some(Boolean) ? ['spot', 'on-demand'] : ['on-demand'];
        manifests.push(new KubernetesManifest<NodePool>(this, `karpenter-pool-${model.toLowerCase()}`, {
          object: gpuNodePool({ ...common, model, region, capacityTypes, gpuLimit: Math.max(1, c.gpus) }),
        }));
      }
    }
    this.manifests = manifests;
  }
}
