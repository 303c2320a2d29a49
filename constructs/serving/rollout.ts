/**
 * Rollout rules of a served model: the version serving its traffic and a candidate version taking a share
 * of it (seed 003 §6: canary 5% -> 50% -> 100%). Data and rules only (no construct, no cdktf), so the
 * app's catalog checks (catalog/serving-rules.ts) and the construct call the same functions.
 *
 * Why the split is the mesh's: KServe v0.20.0 in `Standard` mode ignores `canaryTrafficPercent` (read
 * only by pkg/controller/v1beta1/inferenceservice/reconcilers/knative/ksvc_reconciler.go). Its `spec.canary`
 * (kserve#5672) deploys each candidate as its own Deployment and Service `{isvc}-{name}-predictor` with
 * fixed replicas (components/predictor.go `reconcileCanaryDeployments`), but routes nothing to it: the
 * Ingress, the address and the stable Service (selector `app: isvc.{isvc}-predictor`) reach only the
 * stable predictor. HTTPRoute weights arrived after v0.20.0 (kserve#5912). So the candidate is deployed
 * by `spec.canary` with explicit replicas and `trafficPercent: 0` (KServe's own routing sends it nothing),
 * and an Istio `VirtualService` on the stable predictor's host weights the two Services.
 */
import type { ServedModel } from './types';

/** KServe's predictor name pattern (v1beta1 PredictorSpec.Name), which a version becomes. */
const VERSION_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes Service names are DNS labels. */
const DNS_LABEL_MAX = 63;

/** Name of the stable predictor's Service: `{isvc}-predictor` (kserve pkg/constants PredictorServiceName). */
export function stablePredictorService(m: ServedModel): string {
  return `${m.id}-predictor`;
}

/** Name of a candidate's Deployment and Service: `{isvc}-{version}-predictor`. */
export function candidatePredictorService(m: ServedModel, version: string): string {
  return `${m.id}-${version}-predictor`;
}

/** Prefix of a version's artifacts: `models/<id>/<version>` (no trailing slash); unversioned: the model's prefix. */
export function versionPrefixOf(m: ServedModel, version: string | undefined): string {
  const base = m.artifactPrefix.replace(/\/+$/, '');
  return version ? `${base}/${version}` : base;
}

/** Replicas of the candidate in an environment: the catalog's (default half the stable minimum, rounded up), at most the stable minimum. */
export function candidateReplicasOf(m: ServedModel, stableMinReplicas: number): number {
  if (!m.candidate) return 0;
  return Math.min(m.candidate.replicas ?? Math.ceil(stableMinReplicas / 2), stableMinReplicas);
}

/**
 * Why a model's version or candidate is refused (empty when fine): versions are KServe predictor names
 * (lower-case, digits and dashes, starting with a letter) whose candidate Service name fits a DNS label;
 * a candidate needs a versioned stable artifact (otherwise the stable predictor, reading the whole model
 * prefix, would download the candidate's folder too), a different version, a whole percent 0-100 and
 * whole replicas >= 1, and only a KServe model has traffic KServe can split.
 */
export function rolloutProblems(m: ServedModel): string[] {
  const out: string[] = [];
  const at = `model '${m.id}'`;
  const versionProblem = (field: string, v: string) => {
    if (!VERSION_PATTERN.test(v)) out.push(`${at}: ${field} '${v}' must be lower-case letters, digits and dashes, starting with a letter (a KServe predictor name), e.g. v2`);
    else if (candidatePredictorService(m, v).length > DNS_LABEL_MAX) out.push(`${at}: ${field} '${v}' makes the Service name '${candidatePredictorService(m, v)}' longer than ${DNS_LABEL_MAX} characters`);
  };
  if (m.version !== undefined) versionProblem('version', m.version);
  const c = m.candidate;
  if (!c) return out;
  if (m.serving !== 'kserve') out.push(`${at}: candidate applies to KServe models only (serving '${m.serving}' has no traffic KServe can split; a batch job's next run uses the new version)`);
  versionProblem('candidate.version', c.version);
  if (m.version === undefined) out.push(`${at}: candidate needs a stable version (version: ...): the unversioned predictor reads all of ${m.artifactPrefix}, the candidate's folder included`);
  else if (m.version === c.version) out.push(`${at}: candidate.version '${c.version}' is the stable version; promote by setting version and removing candidate`);
  if (!Number.isInteger(c.percent) || c.percent < 0 || c.percent > 100) out.push(`${at}: candidate.percent must be a whole number from 0 to 100, got ${c.percent}`);
  if (c.replicas !== undefined && (!Number.isInteger(c.replicas) || c.replicas < 1)) out.push(`${at}: candidate.replicas must be a whole number >= 1, got ${c.replicas}`);
  return out;
}
