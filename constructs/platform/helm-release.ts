import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { PlatformValidationError } from '../core/errors';

/** A chart at one version in one repository (HTTPS Helm repository or `oci://` registry path). */
export interface AddonChart {
  /** Chart name inside the repository. */
  readonly chart: string;
  /** Exact chart version (never a range). */
  readonly version: string;
  /** `https://...` Helm repository or `oci://...` registry path holding the chart. */
  readonly repository: string;
  /** Name of the key-path fixture (test/fixtures/chart-values/<fixture>.json in this repository; any label elsewhere). */
  readonly fixture: string;
}

/** A Helm values document, typed per add-on by the caller (an interface of the keys the platform sets). */
export type HelmValues = object;

/** Credentials for an OCI registry that needs them (public ECR: `aws_ecrpublic_authorization_token`). */
export interface RepositoryCredentials {
  readonly username: string;
  /** A reference (never a literal): it lands in Terraform state, not in the synthesized JSON. */
  readonly password: string;
}

export interface HelmReleaseProps<V extends HelmValues> {
  /** The chart, version and repository, from catalog/addons.ts. */
  readonly chart: AddonChart;
  /**
   * Release name.
   * @default - the chart name
   */
  readonly releaseName?: string;
  /** Namespace of the release (created by the platform layer, never by Helm). */
  readonly namespace: string;
  /** The values the platform sets, typed per add-on. */
  readonly values: V;
  /**
   * Wait until every resource is ready. Node-scoped DaemonSet charts (GPU operator) must not wait: their
   * pods only run once GPU nodes exist, and a waiting release would stay in `pending-install`.
   * @default true
   */
  readonly wait?: boolean;
  /**
   * Seconds Helm waits for the install or upgrade.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Releases and resources that must exist first, by object reference (rendered as `depends_on`).
   * @default []
   */
  readonly dependsOn?: readonly (HelmRelease | ITerraformDependable)[];
  /**
   * Do not install the chart's `crds/` directory (the CRDs come from their own release).
   * @default false
   */
  readonly skipCrds?: boolean;
  /**
   * Credentials for the chart registry.
   * @default - anonymous
   */
  readonly repositoryCredentials?: RepositoryCredentials;
}

const EXACT_VERSION = /^v?\d+\.\d+\.\d+$/;
const MAX_TIMEOUT_SECONDS = 3600;

/** Why `version` is not an exact chart version, or undefined. */
export function chartVersionProblem(version: string): string | undefined {
  return EXACT_VERSION.test(version) ? undefined : `'${version}' is not an exact chart version (x.y.z, optionally with a leading v); ranges and tags make deployments unrepeatable`;
}

/** Why `repository` is not an HTTPS Helm repository or OCI registry path, or undefined. */
export function chartRepositoryProblem(repository: string): string | undefined {
  return /^(https|oci):\/\/[^\s]+$/.test(repository) ? undefined : `'${repository}' must be an https:// Helm repository or an oci:// registry path (plain http is refused)`;
}

/**
 * One Helm release (`helm_release`, Helm provider 3.x) of a catalogued chart at its exact version, with
 * values typed per add-on rendered as one JSON document (JSON is YAML), `atomic` (when waiting) and
 * `cleanup_on_fail` so a failed install or upgrade rolls back, a timeout, `wait` chosen per chart, and dependencies on
 * other releases by object reference. The namespace must exist already (`create_namespace = false`):
 * the platform layer creates namespaces with their labels, quotas and limits.
 *
 * @example
 * ```ts
 * import { AddonChart, HelmRelease } from '@ott-platform/infra/platform';
 *
 * const repository = 'oci://public.ecr.aws/karpenter';
 * const karpenterCrd: AddonChart = { chart: 'karpenter-crd', version: '1.14.1', repository, fixture: 'karpenter-crd' };
 * const karpenter: AddonChart = { chart: 'karpenter', version: '1.14.1', repository, fixture: 'karpenter' };
 * const crds = new HelmRelease(this, 'karpenter-crd', { chart: karpenterCrd, namespace: 'kube-system', values: {} });
 * new HelmRelease(this, 'karpenter', {
 *   chart: karpenter, namespace: 'kube-system', skipCrds: true, dependsOn: [crds],
 *   values: { settings: { clusterName: 'prod-eu-west-1', interruptionQueue: 'prod-eu-west-1-karpenter' } },
 * });
 * ```
 */
export class HelmRelease<V extends HelmValues = HelmValues> extends Construct implements ITerraformDependable {
  public readonly release: Release;
  public readonly chart: AddonChart;
  public readonly releaseName: string;
  public readonly namespace: string;
  /** The values as passed (tests and the capacity check read them). */
  public readonly values: V;
  public readonly fqn: string;

  constructor(scope: Construct, id: string, props: HelmReleaseProps<V>) {
    super(scope, id);
    const where = this.node.path;
    const versionProblem = chartVersionProblem(props.chart.version);
    if (versionProblem) throw new PlatformValidationError(where, `chart.version: ${versionProblem}`);
    const repoProblem = chartRepositoryProblem(props.chart.repository);
    if (repoProblem) throw new PlatformValidationError(where, `chart.repository: ${repoProblem}`);
    const timeout = props.timeoutSeconds ?? 600;
    if (!Number.isInteger(timeout) || timeout < 60 || timeout > MAX_TIMEOUT_SECONDS) {
      throw new PlatformValidationError(where, `timeoutSeconds must be a whole number from 60 to ${MAX_TIMEOUT_SECONDS}, got ${timeout}`);
    }
    this.chart = props.chart;
    this.releaseName = props.releaseName ?? props.chart.chart;
    this.namespace = props.namespace;
    this.values = props.values;
    const wait = props.wait ?? true;
    const dependsOn = (props.dependsOn ?? []).map((d) => (d instanceof HelmRelease ? d.release : d));
    this.release = new Release(this, 'release', {
      name: this.releaseName,
      repository: props.chart.repository,
      chart: props.chart.chart,
      version: props.chart.version,
      namespace: props.namespace,
      createNamespace: false,
      values: [JSON.stringify(props.values)],
      // Helm's atomic implies wait: a release that must not wait cannot be atomic either.
      atomic: wait,
      cleanupOnFail: true,
      wait,
      timeout,
      maxHistory: 10,
      ...(props.skipCrds ? { skipCrds: true } : {}),
      ...(props.repositoryCredentials ? { repositoryUsername: props.repositoryCredentials.username, repositoryPassword: props.repositoryCredentials.password } : {}),
      ...(dependsOn.length ? { dependsOn } : {}),
    });
    this.fqn = this.release.fqn;
  }
}
