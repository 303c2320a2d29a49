import { Construct } from 'constructs';
import { PlatformValidationError } from '../core/errors';
import { KubernetesManifest, objectNameProblem } from '../k8s/manifest';
import type { AuthorizationPolicy, NetworkPolicy } from '../k8s/objects';

/** Name of the per-namespace deny-all objects (AuthorizationPolicy and NetworkPolicy). */
export const DEFAULT_DENY_NAME = 'default-deny';

export interface NamespaceDefaultDenyProps {
  /** Application namespace the policies close (created by the platform layer). */
  readonly namespace: string;
}

/**
 * Zero trust's floor for one application namespace: an Istio `AuthorizationPolicy` with an empty spec
 * (it selects every workload and allows nothing, so only the per-service ALLOW policies admit requests)
 * and a Kubernetes `NetworkPolicy` selecting every pod with no ingress rule (no packet reaches a pod
 * unless a per-service NetworkPolicy admits its callers). The per-service policies come from
 * {@link ServiceDeployment}.
 *
 * @example
 * ```ts
 * import { NamespaceDefaultDeny } from '@ott-platform/infra/services';
 *
 * new NamespaceDefaultDeny(this, 'deny-playback-services', { namespace: 'playback-services' });
 * ```
 */
export class NamespaceDefaultDeny extends Construct {
  public readonly manifests: readonly KubernetesManifest[];

  constructor(scope: Construct, id: string, props: NamespaceDefaultDenyProps) {
    super(scope, id);
    const namespace = props.namespace;
    const problem = objectNameProblem(namespace);
    if (problem) throw new PlatformValidationError(this.node.path, `namespace: ${problem}`);
    const metadata = { name: DEFAULT_DENY_NAME, namespace, labels: { 'app.kubernetes.io/part-of': 'ott-platform' } };
    this.manifests = [
      new KubernetesManifest<AuthorizationPolicy>(this, 'authorization-policy', {
        object: { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata, spec: {} },
      }),
      new KubernetesManifest<NetworkPolicy>(this, 'network-policy', {
        object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
      }),
    ];
  }
}
