import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { PlatformValidationError } from '../core/errors';
import { KubernetesObject } from './objects';

/** Kubernetes object names: RFC 1123 labels (lower-case letters, digits, '-', at most 63). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** RFC 1123 subdomains (cluster-scoped names such as PriorityClass may contain dots). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Why `name` is not a valid object name, or undefined. */
export function objectNameProblem(name: string, subdomain = false): string | undefined {
  const ok = subdomain ? DNS_SUBDOMAIN.test(name) : DNS_LABEL.test(name);
  return ok ? undefined : `'${name}' is not a Kubernetes name (lower-case letters, digits and '-'${subdomain ? ", '.'" : ''}, at most ${subdomain ? 253 : 63}, starting and ending alphanumeric)`;
}

export interface KubernetesManifestProps<T extends KubernetesObject> {
  /** The object, typed by its kind (see objects.ts). */
  readonly object: T;
  /**
   * Resources Terraform must create first (e.g. the namespace), rendered as `depends_on`.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * One typed Kubernetes object, applied with `kubernetes_manifest` (server-side apply). The object keeps
 * its upstream field names; tests validate every emitted object against its kind's upstream schema.
 * A custom resource must live in a stack deployed after the release that installs its CRD: Terraform
 * plans `kubernetes_manifest` against the API server, which must already know the kind.
 *
 * @example
 * ```ts
 * import { KubernetesManifest, PeerAuthentication } from '@ott-platform/infra/k8s';
 *
 * new KubernetesManifest<PeerAuthentication>(this, 'mesh-mtls', {
 *   object: {
 *     apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
 *     metadata: { name: 'default', namespace: 'istio-system' },
 *     spec: { mtls: { mode: 'STRICT' } },
 *   },
 * });
 * ```
 */
export class KubernetesManifest<T extends KubernetesObject = KubernetesObject> extends Construct {
  public readonly object: T;
  public readonly resource: Manifest;

  constructor(scope: Construct, id: string, props: KubernetesManifestProps<T>) {
    super(scope, id);
    const { metadata } = props.object;
    const problem = objectNameProblem(metadata.name, props.object.kind === 'PriorityClass');
    if (problem) throw new PlatformValidationError(this.node.path, `metadata.name: ${problem}`);
    if (metadata.namespace !== undefined) {
      const nsProblem = objectNameProblem(metadata.namespace);
      if (nsProblem) throw new PlatformValidationError(this.node.path, `metadata.namespace: ${nsProblem}`);
    }
    this.object = props.object;
    this.resource = new Manifest(this, 'manifest', {
      manifest: props.object as unknown as Record<string, unknown>,
      ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }
}
