import { Construct } from 'constructs';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { WorkloadIdentity, type PodIdentityCluster } from '../cluster/pod-identity';
import { PlatformValidationError } from '../core/errors';
import { policyJson } from '../core/iam';
import { KubernetesManifest } from '../k8s/manifest';
import {
  BATCH_IMAGE_DEFAULT, batchCronJobOf, inferenceServiceOf, kserveRuntimeProblem, modelAccessStatements,
  ModelsBucket, serviceAccountOf, tensorParallelProblem, virtualServiceOf, vllmArgsOf, vllmDeploymentOf, vllmServiceOf,
} from './builders';
import type { ServingPlacement } from './types';
import type { CronJob, Deployment, InferenceService, Service, ServiceAccount, VirtualService } from './objects';
import { rolloutProblems } from './rollout';

export interface ServingWorkloadsProps {
  /** The cluster the workloads run on (Pod Identity associations are made on it). */
  readonly cluster: PodIdentityCluster;
  /** The region's resolved placements (`planEnvironmentServing(...).placements` filtered to this region). */
  readonly placements: readonly ServingPlacement[];
  /** The environment's model-artifacts bucket. */
  readonly modelsBucket: ModelsBucket;
  /** Prefix of the IAM role names (`<prefix>-<model id>`, at most 64 characters); e.g. the cluster name. */
  readonly roleNamePrefix: string;
  /**
   * vLLM runner per model id: `pooling` serves embeddings, `generate` an LLM.
   * @default { 'embedding-generation': 'pooling' } (others: 'generate')
   */
  readonly vllmRunners?: Readonly<Record<string, 'generate' | 'pooling'>>;
  /**
   * Container image per batch model id.
   * @default - BATCH_IMAGE_DEFAULT for every batch model
   */
  readonly batchImages?: Readonly<Record<string, string>>;
}

/** One workload's objects and identity. */
export interface ServingWorkload {
  readonly modelId: string;
  readonly serviceAccount: KubernetesManifest<ServiceAccount>;
  readonly identity: WorkloadIdentity;
  readonly objects: readonly KubernetesManifest<InferenceService | Deployment | Service | CronJob | VirtualService>[];
}

const DEFAULT_VLLM_RUNNERS: Readonly<Record<string, 'generate' | 'pooling'>> = { 'embedding-generation': 'pooling' };

/** Why a role name prefix is refused (undefined when every `<prefix>-<id>` fits IAM's 64 characters). */
export function roleNameProblem(prefix: string, ids: readonly string[]): string | undefined {
  if (!/^[\w+=,.@-]+$/.test(prefix) && !prefix.includes('${')) return `roleNamePrefix '${prefix}' is not an IAM role name prefix (letters, digits and + = , . @ _ - only)`;
  if (prefix.includes('${')) return undefined;
  const long = ids.find((id) => `${prefix}-${id}`.length > 64);
  return long ? `roleNamePrefix '${prefix}': role '${prefix}-${long}' is longer than IAM's 64 characters` : undefined;
}

/**
 * The serving workloads of one region: for every placement of the region, a ServiceAccount bound by EKS
 * Pod Identity to its own IAM role (read its model prefix only; batch jobs also write their output prefix),
 * and a KServe `InferenceService` (serving `kserve`), a vLLM `Deployment` + `Service` (serving `vllm`) or a
 * `CronJob` of batch pods (serving `batch-job`) on the model's GPU pool or CPU node group. Namespaces,
 * PriorityClasses and the KServe CRD come from the platform layer, deployed before.
 *
 * @example
 * ```ts
 * import { ServingWorkloads } from '@ott-platform/infra/serving';
 *
 * new ServingWorkloads(this, 'serving', {
 *   cluster: { clusterName: 'production-eu-west-1', clusterArn: 'arn:aws:eks:eu-west-1:123456789012:cluster/production-eu-west-1', podIdentityPrerequisites: [] },
 *   placements: [], // planEnvironmentServing(input).placements.filter((p) => p.region === 'eu-west-1')
 *   modelsBucket: { name: 'production-models', arn: 'arn:aws:s3:::production-models' },
 *   roleNamePrefix: 'production-eu-west-1',
 * });
 * ```
 */
export class ServingWorkloads extends Construct {
  public readonly workloads: readonly ServingWorkload[];

  constructor(scope: Construct, id: string, props: ServingWorkloadsProps) {
    super(scope, id);
    const regions = [...new Set(props.placements.map((p) => p.region))];
    if (regions.length > 1) throw new PlatformValidationError(this.node.path, `placements: one region per ServingWorkloads, got ${regions.join(', ')}`);
    const ids = props.placements.map((p) => p.model.id);
    const dup = ids.find((x, i) => ids.indexOf(x) !== i);
    if (dup) throw new PlatformValidationError(this.node.path, `placements: model '${dup}' is placed twice`);
    const roleProblem = roleNameProblem(props.roleNamePrefix, ids);
    if (roleProblem) throw new PlatformValidationError(this.node.path, roleProblem);
    const runners = { ...DEFAULT_VLLM_RUNNERS, ...(props.vllmRunners ?? {}) };

    this.workloads = props.placements.map((p) => {
      const m = p.model;
      const problem = rolloutProblems(m)[0] ?? (m.serving === 'kserve' ? kserveRuntimeProblem(m) : undefined)
        ?? (m.serving === 'vllm' ? tensorParallelProblem(m) : undefined);
      if (problem) throw new PlatformValidationError(this.node.path, `catalog/models.ts: ${problem}`);
      const scope2 = new Construct(this, m.id);
      const serviceAccount = new KubernetesManifest<ServiceAccount>(scope2, 'service-account', { object: serviceAccountOf(m) });
      const identity = new WorkloadIdentity(scope2, 'identity', {
        cluster: props.cluster, namespace: m.namespace, serviceAccount: m.id, roleName: `${props.roleNamePrefix}-${m.id}`,
      });
      const policy = new IamRolePolicy(scope2, 'policy', {
        name: 'model-access', role: identity.role.id, policy: policyJson({ Statement: modelAccessStatements(m, props.modelsBucket) }),
      });
      const dependsOn = [serviceAccount.resource, identity.association, policy];
      const objects: KubernetesManifest<InferenceService | Deployment | Service | CronJob | VirtualService>[] = [];
      if (m.serving === 'kserve') {
        const isvc = new KubernetesManifest<InferenceService>(scope2, 'inference-service', { object: inferenceServiceOf(p, props.modelsBucket), dependsOn });
        objects.push(isvc);
        // A rollout under way: the mesh splits the traffic between the stable and the candidate predictor.
        if (m.candidate) objects.push(new KubernetesManifest<VirtualService>(scope2, 'traffic-split', { object: virtualServiceOf(m), dependsOn: [isvc.resource] }));
      } else if (m.serving === 'vllm') {
        const args = vllmArgsOf(m, props.modelsBucket, runners[m.id] ?? 'generate');
        objects.push(new KubernetesManifest<Deployment>(scope2, 'deployment', { object: vllmDeploymentOf(p, args, props.modelsBucket), dependsOn }));
        objects.push(new KubernetesManifest<Service>(scope2, 'service', { object: vllmServiceOf(m) }));
      } else {
        objects.push(new KubernetesManifest<CronJob>(scope2, 'cron-job', { object: batchCronJobOf(p, props.modelsBucket, props.batchImages?.[m.id] ?? BATCH_IMAGE_DEFAULT), dependsOn }));
      }
      return { modelId: m.id, serviceAccount, identity, objects };
    });
  }
}
