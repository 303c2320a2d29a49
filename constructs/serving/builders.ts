/**
 * Pure builders of the serving workloads' Kubernetes objects and IAM statements, one function per object,
 * from a resolved {@link ServingPlacement} (plan/workloads.ts `planEnvironmentServing`). No construct here:
 * {@link ServingWorkloads} (serving-workloads.ts) applies what these return.
 */
import { GPU_TAINT, NODE_LABELS } from '../cluster/labels';
import type { PolicyStatement } from '../core/iam';
import { PLATFORM_PRIORITIES } from '../platform/namespaces';
import type { ServedModel, ServingPlacement, ServingSignal } from './types';
import type { Container, CronJob, Deployment, EnvVar, InferenceService, PodPlacement, PredictorModel, ResourceRequirements, Service, ServiceAccount, VirtualService } from './objects';
import { candidatePredictorService, candidateReplicasOf, stablePredictorService, versionPrefixOf } from './rollout';

/** The models bucket: artifacts under `models/<id>/`, batch outputs under `outputs/<id>/`. */
export interface ModelsBucket {
  /** Bucket name (a token is fine). */
  readonly name: string;
  /** Bucket ARN (a token is fine). */
  readonly arn: string;
  /**
   * KMS key that encrypts the bucket: the workloads may decrypt (and writers encrypt) through S3 only.
   * @default - none (SSE-S3)
   */
  readonly kmsKeyArn?: string;
  /**
   * Region of the bucket. Given, the pods are told where it is (a cross-region read, such as the GPU
   * region reading the primary region's bucket): KServe's storage initializer through a secret-less
   * `model.storage` spec (`parameters.region` becomes `AWS_DEFAULT_REGION`, kserve v0.20.0
   * python/storage/kserve_storage/kserve_storage.py `_update_with_storage_spec`), vLLM and batch pods
   * through `AWS_REGION`/`AWS_DEFAULT_REGION`; KMS use is limited to S3 in that region.
   * @default - not stated: `storageUri`, the SDK's default region, KMS via S3 in any region
   */
  readonly region?: string;
}

/** Label every serving object carries: the model id. */
export const MODEL_LABEL = 'ott.platform/model';
/** Annotation with the model's p99 latency target in ms (catalog/models.ts `p99LatencyMs`). */
export const LATENCY_SLO_ANNOTATION = 'ott.platform/latency-slo-p99-ms';
/** Annotation with the catalog's autoscaling signal (the KServe scaleMetric, when one matches). */
export const AUTOSCALING_SIGNAL_ANNOTATION = 'ott.platform/autoscaling-signal';

/** Priority classes of the platform layer (constructs/platform/namespaces.ts PLATFORM_PRIORITIES). */
export const SERVING_PRIORITY = { realtime: 'realtime-serving', batch: 'batch', training: 'training' } as const;

/** PriorityClass of a model: real-time for KServe/vLLM, `training` in ml-training, `batch` for other jobs. */
export function priorityClassOf(m: ServedModel): string {
  if (m.serving !== 'batch-job') return SERVING_PRIORITY.realtime;
  return m.namespace === 'ml-training' ? SERVING_PRIORITY.training : SERVING_PRIORITY.batch;
}

/** The value of a platform PriorityClass (throws for a name the platform does not define). */
export function priorityValue(name: string): number {
  const p = PLATFORM_PRIORITIES.find((x) => x.name === name);
  if (!p) throw new Error(`PriorityClass '${name}' is not one of the platform's (${PLATFORM_PRIORITIES.map((x) => x.name).join(', ')})`);
  return p.value;
}

/**
 * KServe runtime and model format per framework, with the format version the runtime declares
 * (kserve v0.20.0 config/runtimes/*.yaml `supportedModelFormats`): TorchServe declares `pytorch` "1" only
 * (the model-archive format; PyTorch 2.x archives serve under it), XGBServer `xgboost` "2", TF Serving
 * `tensorflow` "1"/"2". The runtime picks the format by this version, not by the framework's own.
 */
export const KSERVE_RUNTIMES: Readonly<Record<string, { readonly runtime: string; readonly format: string; readonly formatVersion: string }>> = {
  tensorflow: { runtime: 'kserve-tensorflow-serving', format: 'tensorflow', formatVersion: '2' },
  pytorch: { runtime: 'kserve-torchserve', format: 'pytorch', formatVersion: '1' },
  xgboost: { runtime: 'kserve-xgbserver', format: 'xgboost', formatVersion: '2' },
  sklearn: { runtime: 'kserve-sklearnserver', format: 'sklearn', formatVersion: '1' },
  onnx: { runtime: 'kserve-tritonserver', format: 'onnx', formatVersion: '1' },
};

/** Why a model's framework has no KServe runtime here (undefined when it has one). */
export function kserveRuntimeProblem(m: ServedModel): string | undefined {
  return KSERVE_RUNTIMES[m.framework.name] ? undefined
    : `model '${m.id}': framework '${m.framework.name}' has no KServe runtime (allowed: ${Object.keys(KSERVE_RUNTIMES).join(', ')})`;
}

/**
 * KServe scale metric and target per catalog signal. The platform runs KServe in `Standard` mode
 * (constructs/platform/addon-values.ts), where the predictor scales with an HPA and KServe's webhook accepts
 * only `cpu` and `memory` (kserve v0.20.0 pkg/apis/serving/v1beta1/inference_service_validation.go
 * `validateHPAMetrics`: "[concurrency] is not a supported metric"). So every predictor scales on CPU; the
 * catalog's signal (concurrency, rps, GPU utilization, queue depth) is kept as an annotation until KEDA
 * external metrics are installed. A CPU-bound model scales earlier than a GPU-bound one.
 */
export const KSERVE_SCALING: Readonly<Record<ServingSignal, { readonly metric: 'cpu' | 'memory'; readonly target: number }>> = {
  concurrency: { metric: 'cpu', target: 60 },
  rps: { metric: 'cpu', target: 60 },
  cpu: { metric: 'cpu', target: 70 },
  'gpu-utilization': { metric: 'cpu', target: 60 },
  'queue-depth': { metric: 'cpu', target: 60 },
  none: { metric: 'cpu', target: 80 },
};

/** Host (pod) resources per GPU unit: CPU cores, and memory to stage the weights plus a margin. */
export const HOST_RESOURCES = { cpuPerGpuUnit: 2, memoryMarginGi: 4 } as const;

/** Requests = limits (guaranteed QoS): `nvidia.com/gpu` per replica, CPU and memory (CPU models: catalog values). */
export function resourcesOf(p: ServingPlacement): ResourceRequirements {
  const c = p.model.compute;
  const list: Record<string, string> = c.kind === 'cpu'
    ? { cpu: String(c.cpu), memory: `${c.memoryGb}Gi` }
    : {
      cpu: String(HOST_RESOURCES.cpuPerGpuUnit * c.gpusPerReplica),
      memory: `${Math.ceil(p.weightsGb) + HOST_RESOURCES.memoryMarginGi}Gi`,
      'nvidia.com/gpu': String(c.gpusPerReplica),
    };
  return { requests: list, limits: list };
}

/** Node selector and tolerations: the pool's node group and GPU class (and spot capacity), or the CPU node group. */
export function placementOf(p: ServingPlacement): PodPlacement {
  if (p.pool) {
    return {
      nodeSelector: {
        [NODE_LABELS.nodeGroup]: p.pool.name,
        [NODE_LABELS.gpuModel]: p.pool.gpuModel,
        ...(p.pool.spot ? { 'eks.amazonaws.com/capacityType': 'SPOT' } : {}),
      },
      tolerations: [{ key: GPU_TAINT.key, operator: 'Equal', value: GPU_TAINT.value!, effect: GPU_TAINT.effect }],
    };
  }
  if (p.nodeGroup) return { nodeSelector: { [NODE_LABELS.nodeGroup]: p.nodeGroup.name }, tolerations: [] };
  throw new Error(`model '${p.model.id}' has neither a GPU pool nor a node group in ${p.region}`);
}

/** Prefix without its trailing slash. */
function bare(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}

/** Output prefix of a batch workload: `outputs/<id>`. */
export function outputPrefixOf(m: ServedModel): string {
  return `outputs/${m.id}`;
}

/** `s3://<bucket>/<prefix>[/<version>]` of the artifacts of a model's serving version. */
export function storageUriOf(m: ServedModel, bucket: ModelsBucket): string {
  return `s3://${bucket.name}/${versionPrefixOf(m, m.version)}`;
}

/** Environment variables that point the AWS SDK of a pod at the bucket's region (none when it is not stated). */
export function bucketRegionEnv(bucket: ModelsBucket): EnvVar[] {
  return bucket.region ? [{ name: 'AWS_REGION', value: bucket.region }, { name: 'AWS_DEFAULT_REGION', value: bucket.region }] : [];
}

/**
 * Where KServe's storage initializer reads the artifacts under `prefix` (without trailing slash): a plain
 * `storageUri`, or, when the bucket's region is stated, a secret-less storage spec (type s3, bucket, region;
 * no `storage-config` secret exists, so the credentials are the pod's own Pod Identity role).
 */
export function kserveStorageOf(prefix: string, bucket: ModelsBucket): Pick<PredictorModel, 'storageUri' | 'storage'> {
  return bucket.region
    ? { storage: { path: prefix, parameters: { type: 's3', bucket: bucket.name, region: bucket.region } } }
    : { storageUri: `s3://${bucket.name}/${prefix}` };
}

function labels(m: ServedModel): Record<string, string> {
  return { [MODEL_LABEL]: m.id, 'app.kubernetes.io/name': m.id, 'app.kubernetes.io/part-of': 'ott-serving' };
}

function annotations(m: ServedModel): Record<string, string> {
  return {
    ...(m.p99LatencyMs !== undefined ? { [LATENCY_SLO_ANNOTATION]: String(m.p99LatencyMs) } : {}),
    [AUTOSCALING_SIGNAL_ANNOTATION]: m.autoscaling,
  };
}

/** The model's own service account (Pod Identity binds its role to it). */
export function serviceAccountOf(m: ServedModel): ServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: m.id, namespace: m.namespace, labels: labels(m) } };
}

/** Name KServe gives the model server container (kserve v0.20.0 pkg/constants InferenceServiceContainerName). */
export const KSERVE_CONTAINER = 'kserve-container';

/** Annotation that pins an InferenceService's deployment mode (KServe refuses `spec.canary` in any other). */
export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/**
 * One KServe InferenceService for a real-time KServe model, in KServe's `Standard` mode (stated in the
 * annotation: the webhook accepts `spec.canary` only there, kserve v0.20.0 inference_service_validation.go
 * `validateCanarySpecs`). The stable predictor reads the model's version (`models/<id>/<version>`, or the
 * whole prefix when unversioned); a rollout's candidate is a `spec.canary` entry with its own version's
 * artifacts and fixed replicas ({@link candidateReplicasOf}); KServe routes it nothing
 * (`trafficPercent: 0`), the {@link virtualServiceOf} split does (constructs/serving/rollout.ts).
 */
export function inferenceServiceOf(p: ServingPlacement, bucket: ModelsBucket): InferenceService {
  const m = p.model;
  const rt = KSERVE_RUNTIMES[m.framework.name];
  if (!rt) throw new Error(kserveRuntimeProblem(m));
  const scaling = KSERVE_SCALING[m.autoscaling];
  const resources = resourcesOf(p);
  const modelOf = (version: string | undefined): PredictorModel => ({
    modelFormat: { name: rt.format, version: rt.formatVersion },
    runtime: rt.runtime,
    ...kserveStorageOf(versionPrefixOf(m, version), bucket),
    resources,
  });
  const candidateReplicas = candidateReplicasOf(m, p.minReplicas);
  return {
    apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService',
    metadata: { name: m.id, namespace: m.namespace, labels: labels(m), annotations: { ...annotations(m), [DEPLOYMENT_MODE_ANNOTATION]: 'Standard' } },
    spec: {
      predictor: {
        serviceAccountName: m.id,
        priorityClassName: priorityClassOf(m),
        minReplicas: p.minReplicas,
        maxReplicas: p.maxReplicas,
        scaleMetric: scaling.metric,
        scaleTarget: scaling.target,
        ...placementOf(p),
        model: modelOf(m.version),
      },
      ...(m.candidate
        ? {
          canary: [{
            trafficPercent: 0,
            // The CRD requires the container name in a canary's model: KServe's own (constants.InferenceServiceContainerName).
            predictor: { name: m.candidate.version, minReplicas: candidateReplicas, model: { name: KSERVE_CONTAINER, ...modelOf(m.candidate.version) } },
          }],
        }
        : {}),
    },
  };
}

/** In-cluster host of a Service: `<name>.<namespace>.svc.cluster.local`. */
function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

/**
 * The traffic split of a rollout: an Istio VirtualService on the stable predictor's host (the address
 * KServe gives in-cluster callers) that sends `percent` of the requests to the candidate's Service and the
 * rest to the stable one. It applies to callers in the mesh (every application namespace has sidecars).
 * The percent lives here only, so a rollout step changes this one object.
 */
export function virtualServiceOf(m: ServedModel): VirtualService {
  const c = m.candidate;
  if (!c) throw new Error(`model '${m.id}': no candidate, no traffic split`);
  const stable = serviceHost(stablePredictorService(m), m.namespace);
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
    metadata: { name: m.id, namespace: m.namespace, labels: labels(m) },
    spec: {
      hosts: [stable],
      http: [{
        name: 'rollout',
        route: [
          { destination: { host: stable }, weight: 100 - c.percent },
          { destination: { host: serviceHost(candidatePredictorService(m, c.version), m.namespace) }, weight: c.percent },
        ],
      }],
    },
  };
}

/** vLLM `--quantization` methods the library accepts (vLLM 0.11). */
export const VLLM_QUANTIZATIONS = ['compressed-tensors', 'fp8', 'awq', 'gptq', 'bitsandbytes'] as const;
export type VllmQuantization = (typeof VLLM_QUANTIZATIONS)[number];

/** Typed vLLM server arguments. */
export interface VllmArgs {
  readonly model: string;
  readonly tensorParallelSize: number;
  /**
   * @default - unquantized
   */
  readonly quantization?: VllmQuantization;
  readonly maxModelLen: number;
  readonly maxNumSeqs: number;
  readonly maxNumBatchedTokens: number;
  readonly gpuMemoryUtilization: number;
  /** `pooling` for embedding models, `generate` for LLMs. */
  readonly runner: 'generate' | 'pooling';
}

/** Tokens per scheduler step: a full batch of sequences, capped at 16384 and never below one full-length sequence. */
export const MAX_BATCHED_TOKENS_CAP = 16_384;

/** vLLM image (versions.md: vLLM 0.11). */
export const VLLM_IMAGE = 'vllm/vllm-openai:v0.11.0';
export const VLLM_PORT = 8000;

/** The vLLM method of the catalog's quantization text (its first word, e.g. `compressed-tensors (W8A8 INT8)`). */
export function vllmQuantizationOf(m: ServedModel): VllmQuantization | undefined {
  const q = m.vllm?.quantization?.split(/\s/)[0];
  if (q === undefined) return undefined;
  if (!(VLLM_QUANTIZATIONS as readonly string[]).includes(q)) {
    throw new Error(`model '${m.id}': vllm.quantization '${q}' is not a vLLM method (allowed: ${VLLM_QUANTIZATIONS.join(', ')})`);
  }
  return q as VllmQuantization;
}

/** Why a vLLM model's tensor-parallel degree differs from its GPUs per replica (undefined when equal). */
export function tensorParallelProblem(m: ServedModel): string | undefined {
  const gpus = m.compute.kind === 'gpu' ? m.compute.gpusPerReplica : 0;
  return m.vllm && m.vllm.tensorParallel !== gpus
    ? `model '${m.id}': vllm.tensorParallel ${m.vllm.tensorParallel} must equal compute.gpusPerReplica ${gpus}` : undefined;
}

/** The typed arguments of a vLLM model; the weights stream from S3 (Run:ai model streamer, pod credentials). */
export function vllmArgsOf(m: ServedModel, bucket: ModelsBucket, runner: 'generate' | 'pooling'): VllmArgs {
  const v = m.vllm;
  if (!v) throw new Error(`model '${m.id}': serving 'vllm' needs vllm settings`);
  const tp = tensorParallelProblem(m);
  if (tp) throw new Error(tp);
  const quantization = vllmQuantizationOf(m);
  return {
    model: storageUriOf(m, bucket),
    tensorParallelSize: v.tensorParallel,
    ...(quantization ? { quantization } : {}),
    maxModelLen: v.maxModelLen,
    maxNumSeqs: v.maxNumSeqs,
    maxNumBatchedTokens: Math.max(v.maxModelLen, Math.min(v.maxNumSeqs * v.maxModelLen, MAX_BATCHED_TOKENS_CAP)),
    gpuMemoryUtilization: v.gpuMemoryUtilization,
    runner,
  };
}

/** The command-line form of {@link VllmArgs}. */
export function vllmCommandLine(a: VllmArgs): string[] {
  return [
    `--model=${a.model}`, '--load-format=runai_streamer', `--runner=${a.runner}`,
    `--tensor-parallel-size=${a.tensorParallelSize}`,
    ...(a.quantization ? [`--quantization=${a.quantization}`] : []),
    `--max-model-len=${a.maxModelLen}`, `--max-num-seqs=${a.maxNumSeqs}`,
    `--max-num-batched-tokens=${a.maxNumBatchedTokens}`, `--gpu-memory-utilization=${a.gpuMemoryUtilization}`,
    `--port=${VLLM_PORT}`,
  ];
}

/** vLLM server: a Deployment at min replicas (tensor-parallel shards share /dev/shm). */
export function vllmDeploymentOf(p: ServingPlacement, args: VllmArgs, bucket: ModelsBucket): Deployment {
  const m = p.model;
  const container: Container = {
    name: 'vllm', image: VLLM_IMAGE, args: vllmCommandLine(args), ...(bucketRegionEnv(bucket).length > 0 ? { env: bucketRegionEnv(bucket) } : {}),
    ports: [{ name: 'http', containerPort: VLLM_PORT, protocol: 'TCP' }],
    resources: resourcesOf(p),
    readinessProbe: { httpGet: { path: '/health', port: VLLM_PORT }, initialDelaySeconds: 60, periodSeconds: 10 },
    volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }],
  };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: m.id, namespace: m.namespace, labels: labels(m), annotations: annotations(m) },
    spec: {
      replicas: Math.max(p.minReplicas, 0),
      selector: { matchLabels: { [MODEL_LABEL]: m.id } },
      template: {
        metadata: { labels: labels(m) },
        spec: {
          serviceAccountName: m.id, priorityClassName: priorityClassOf(m), ...placementOf(p),
          containers: [container],
          volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } }],
        },
      },
    },
  };
}

/** ClusterIP Service in front of a vLLM server. */
export function vllmServiceOf(m: ServedModel): Service {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: m.id, namespace: m.namespace, labels: labels(m) },
    spec: { type: 'ClusterIP', selector: { [MODEL_LABEL]: m.id }, ports: [{ name: 'http', port: VLLM_PORT, targetPort: VLLM_PORT, protocol: 'TCP' }] },
  };
}

/** Cron schedule per refresh cycle (training); queue-drained batch jobs run every 15 minutes. */
export const BATCH_SCHEDULES: Readonly<Record<string, string>> = {
  hourly: '0 * * * *', '6 hours': '0 */6 * * *', daily: '0 2 * * *', weekly: '0 3 * * 0', monthly: '0 4 1 * *',
};
export const QUEUE_DRAIN_SCHEDULE = '*/15 * * * *';

/** Schedule of a batch workload: training on its refresh cycle, queue-depth jobs drain their queue. */
export function batchScheduleOf(m: ServedModel): string {
  if (m.autoscaling !== 'queue-depth' && m.refresh && BATCH_SCHEDULES[m.refresh]) return BATCH_SCHEDULES[m.refresh];
  return QUEUE_DRAIN_SCHEDULE;
}

/** Default image of batch workloads; a real deployment passes the image per model. */
export const BATCH_IMAGE_DEFAULT = 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime';

/** A batch workload: a CronJob (never overlapping) whose Job runs `maxReplicas` pods in parallel on the pool. */
export function batchCronJobOf(p: ServingPlacement, bucket: ModelsBucket, image: string): CronJob {
  const m = p.model;
  const parallelism = Math.max(p.maxReplicas, 1);
  return {
    apiVersion: 'batch/v1', kind: 'CronJob',
    metadata: { name: m.id, namespace: m.namespace, labels: labels(m), annotations: annotations(m) },
    spec: {
      schedule: batchScheduleOf(m), concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels: labels(m) },
        spec: {
          parallelism, completions: parallelism, backoffLimit: 3, activeDeadlineSeconds: 6 * 3600, ttlSecondsAfterFinished: 86_400,
          template: {
            metadata: { labels: labels(m) },
            spec: {
              serviceAccountName: m.id, priorityClassName: priorityClassOf(m), restartPolicy: 'Never', ...placementOf(p),
              containers: [{
                name: 'worker', image,
                env: [
                  { name: 'MODEL_URI', value: storageUriOf(m, bucket) },
                  { name: 'OUTPUT_URI', value: `s3://${bucket.name}/${outputPrefixOf(m)}` },
                  ...bucketRegionEnv(bucket),
                ],
                resources: resourcesOf(p),
              }],
            },
          },
        },
      },
    },
  };
}

/**
 * The workload's IAM statements: read its model prefix only (GetObject on `<bucket>/<prefix>/*`, ListBucket
 * with an `s3:prefix` condition), batch jobs write their output prefix only; KMS through S3 only.
 */
export function modelAccessStatements(m: ServedModel, bucket: ModelsBucket): PolicyStatement[] {
  const prefix = bare(m.artifactPrefix);
  const writes = m.serving === 'batch-job';
  const out = outputPrefixOf(m);
  const statements: PolicyStatement[] = [
    { Sid: 'ReadModel', Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket.arn}/${prefix}/*` },
    {
      Sid: 'ListModelPrefix', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket.arn,
      Condition: { StringLike: { 's3:prefix': writes ? [prefix, `${prefix}/*`, out, `${out}/*`] : [prefix, `${prefix}/*`] } },
    },
  ];
  if (writes) statements.push({ Sid: 'WriteOutput', Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: `${bucket.arn}/${out}/*` });
  if (bucket.kmsKeyArn) {
    statements.push({
      Sid: 'BucketKey', Effect: 'Allow', Action: writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : 'kms:Decrypt', Resource: bucket.kmsKeyArn,
      Condition: bucket.region
        ? { StringEquals: { 'kms:ViaService': `s3.${bucket.region}.amazonaws.com` } }
        : { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
    });
  }
  return statements;
}
