/**
 * The Helm charts the platform layer installs, with their exact versions: the only place chart versions
 * live (constructs and stacks read them from here). Sources: ../shared/reference/versions.md §7 and its
 * 2026-12-01 addendum; each version's `values.yaml` was read at the commit named in
 * test/fixtures/chart-values/<chart>.json, whose key paths the values tests check against.
 */

import type { AddonChart } from '../constructs/platform/helm-release';

export type { AddonChart };

export const ADDON_CHARTS = {
  // versions.md §7: 3.x needs its CRDs applied on upgrade (aws-load-balancer-controller#4555).
  'aws-load-balancer-controller': { chart: 'aws-load-balancer-controller', version: '3.5.0', repository: 'https://aws.github.io/eks-charts', fixture: 'aws-load-balancer-controller' },
  'metrics-server': { chart: 'metrics-server', version: '3.13.1', repository: 'https://kubernetes-sigs.github.io/metrics-server/', fixture: 'metrics-server' },
  // Public ECR needs a token (karpenter-provider-aws#6357); Karpenter 1.14 supports Kubernetes 1.29-1.36.
  'karpenter-crd': { chart: 'karpenter-crd', version: '1.14.1', repository: 'oci://public.ecr.aws/karpenter', fixture: 'karpenter-crd' },
  karpenter: { chart: 'karpenter', version: '1.14.1', repository: 'oci://public.ecr.aws/karpenter', fixture: 'karpenter' },
  // Versions carry a leading v (addendum).
  'gpu-operator': { chart: 'gpu-operator', version: 'v26.7.0', repository: 'https://helm.ngc.nvidia.com/nvidia', fixture: 'gpu-operator' },
  'cert-manager': { chart: 'cert-manager', version: 'v1.21.1', repository: 'https://charts.jetstack.io', fixture: 'cert-manager' },
  // Istio 1.30.3 (2026-07-13) is the newest GA release in istio/istio's tags (snapshot 2026-08-22); 1.31
  // exists only as 1.31.0-rc.0 (2026-08-19). 1.30 is past its end of life (2026-11-30): see docs/platform.md.
  'istio-base': { chart: 'base', version: '1.30.3', repository: 'https://istio-release.storage.googleapis.com/charts', fixture: 'base' },
  istiod: { chart: 'istiod', version: '1.30.3', repository: 'https://istio-release.storage.googleapis.com/charts', fixture: 'istiod' },
  'istio-gateway': { chart: 'gateway', version: '1.30.3', repository: 'https://istio-release.storage.googleapis.com/charts', fixture: 'gateway' },
  // KServe renamed `kserve` to `kserve-resources` in v0.17; runtimes are their own chart (kserve PR #5089).
  'kserve-crd': { chart: 'kserve-crd', version: 'v0.20.0', repository: 'oci://ghcr.io/kserve/charts', fixture: 'kserve-crd' },
  kserve: { chart: 'kserve-resources', version: 'v0.20.0', repository: 'oci://ghcr.io/kserve/charts', fixture: 'kserve-resources' },
  'kserve-runtimes': { chart: 'kserve-runtime-configs', version: 'v0.20.0', repository: 'oci://ghcr.io/kserve/charts', fixture: 'kserve-runtime-configs' },
  'kube-prometheus-stack': { chart: 'kube-prometheus-stack', version: '88.5.3', repository: 'https://prometheus-community.github.io/helm-charts', fixture: 'kube-prometheus-stack' },
  // OSS Loki and Tempo moved to grafana-community (versions.md §7).
  loki: { chart: 'loki', version: '18.11.0', repository: 'https://grafana-community.github.io/helm-charts', fixture: 'loki' },
  tempo: { chart: 'tempo', version: '2.2.4', repository: 'https://grafana-community.github.io/helm-charts', fixture: 'tempo' },
  'opentelemetry-collector': { chart: 'opentelemetry-collector', version: '0.170.0', repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts', fixture: 'opentelemetry-collector' },
  // Serves the services' p99 latency to their HPAs (issue 13); 5.3.0 (app v0.12.0) is the newest release tag.
  'prometheus-adapter': { chart: 'prometheus-adapter', version: '5.3.0', repository: 'https://prometheus-community.github.io/helm-charts', fixture: 'prometheus-adapter' },
  // FairwindsOps' VPA chart 5.0.0 (VPA 1.7.1, Kubernetes >= 1.28), chart and CRD read at FairwindsOps/charts 5f478fce.
  vpa: { chart: 'vpa', version: '5.0.0', repository: 'https://charts.fairwinds.com/stable', fixture: 'vpa' },
  'argo-cd': { chart: 'argo-cd', version: '10.1.1', repository: 'https://argoproj.github.io/argo-helm', fixture: 'argo-cd' },
} as const satisfies Record<string, AddonChart>;

/** Name of an add-on release (also its Helm release name). */
export type AddonName = keyof typeof ADDON_CHARTS;

/** Namespaces of the add-ons themselves (besides kube-system), and how they are labelled. */
export interface AddonNamespace {
  readonly name: string;
  /** Pod Security Standard: node-level DaemonSets (GPU operator, node exporter) need `privileged`. */
  readonly podSecurity: 'privileged' | 'baseline' | 'restricted';
  /** Istio sidecar injection (off for the mesh's own control plane and node agents). */
  readonly istioInjection: boolean;
}

export const ADDON_NAMESPACES: readonly AddonNamespace[] = [
  { name: 'istio-system', podSecurity: 'baseline', istioInjection: false },
  { name: 'istio-ingress', podSecurity: 'baseline', istioInjection: false },
  { name: 'cert-manager', podSecurity: 'restricted', istioInjection: false },
  { name: 'gpu-operator', podSecurity: 'privileged', istioInjection: false },
  { name: 'kserve', podSecurity: 'baseline', istioInjection: false },
  { name: 'argocd', podSecurity: 'baseline', istioInjection: false },
];
