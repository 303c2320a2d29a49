/**
 * The model inventory: every model the platform serves or runs as a GPU batch job, as typed data. The
 * workloads layer generates its KServe InferenceServices, vLLM servers and Jobs from these entries;
 * catalog/serving-rules.ts proves at load that each one fits the GPUs it asks for.
 *
 * Sources:
 * - seed 003 §6 "Model Inventory" (the ten rows: framework, serving, p99, GPU, refresh cycle) and
 *   "ML Pipeline" (canary 5% -> 50% -> 100%, artifacts in S3);
 * - seed 001 (Llama 4 Scout 17B-16E content analysis and moderation on vLLM, INT8, sharded over GPUs,
 *   dynamic batching);
 * - seed 000 "GPU Allocation by Service" (one workload per GPU pool service; pools in environments/*.yaml).
 *
 * Placement: a GPU model names the GPU pool (`compute.pool`) of the environment that hosts it; it is
 * placed in every region whose cluster has a pool of that name, and skipped (and reported) where none
 * has. A CPU model runs on a CPU node group of the primary region's cluster.
 *
 * Parameter counts are TOTAL parameters (all experts of a mixture-of-experts model): the weights all
 * sit in GPU memory even when only some are active per token. Counts marked "stated" are sizing
 * assumptions for models the seeds name only by family; replace them with the trained model's count.
 */
import type { GpuModel } from '../constructs/cluster/gpu-catalog';
import type { RolloutCandidate } from '../constructs/serving/types';
import type { ServiceId } from './services';

/** How the model is served. */
export type ServingKind = 'kserve' | 'vllm' | 'batch-job';

/** Numeric precision of the weights in GPU memory. */
export type Precision = 'fp32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'int4';

/** Bytes per parameter of each precision (weights only). */
export const BYTES_PER_PARAMETER: Readonly<Record<Precision, number>> = {
  fp32: 4, bf16: 2, fp16: 2, fp8: 1, int8: 1, int4: 0.5,
};

/** What the autoscaler watches. */
export type AutoscalingSignal = 'concurrency' | 'rps' | 'gpu-utilization' | 'queue-depth' | 'cpu' | 'none';

/**
 * How a replica uses its GPUs: `whole` GPUs, a `time-sliced` share (pool with `timeSlicingReplicas`;
 * one `nvidia.com/gpu` is one slice, memory budget = GPU memory / replicas), or a MIG slice.
 */
export type GpuSharingMode = 'whole' | 'time-sliced' | { readonly mig: string };

export interface GpuCompute {
  readonly kind: 'gpu';
  /** GPU model the model is sized for (constructs/cluster/gpu-catalog.ts). */
  readonly gpu: GpuModel;
  /** `nvidia.com/gpu` per replica (whole GPUs, slices or MIG slices). */
  readonly gpusPerReplica: number;
  readonly sharing: GpuSharingMode;
  /** Name of the GPU pool (environments/<env>.yaml `cluster.gpuPools[].name`) that hosts it. */
  readonly pool: string;
}

export interface CpuCompute {
  readonly kind: 'cpu';
  /** CPU node group of the primary region's cluster. */
  readonly nodeGroup: string;
  /** CPU request per replica, cores. */
  readonly cpu: number;
  /** Memory request per replica, GB. */
  readonly memoryGb: number;
}

/** Memory beyond the weights: KV cache, activations, runtime. A fraction of the weights or explicit GB. */
export type MemoryOverhead =
  | { readonly fractionOfWeights: number; readonly basis: string }
  | { readonly gb: number; readonly basis: string };

export interface ModelParameters {
  /** Total parameters (all experts). */
  readonly total: number;
  /** Parameters active per token, for mixture-of-experts models (documentation only). */
  readonly active?: number;
  /** Where the count comes from. */
  readonly source: string;
}

/** vLLM server settings (serving kind `vllm`). */
export interface VllmSettings {
  /** Tensor-parallel degree: GPUs one replica shards the model over (= gpusPerReplica). */
  readonly tensorParallel: number;
  /** vLLM `--quantization`, when the weights are quantized. @default - none */
  readonly quantization?: string;
  readonly maxModelLen: number;
  /** Concurrent sequences per replica (`--max-num-seqs`): dynamic batching. */
  readonly maxNumSeqs: number;
  /** `--gpu-memory-utilization`: share of each GPU vLLM may take (below 1/replicas on a time-sliced GPU). */
  readonly gpuMemoryUtilization: number;
}

export interface ModelSpec {
  /** kebab-case id: InferenceService / Job name and artifact prefix. */
  readonly id: string;
  readonly displayName: string;
  /** Seed row it comes from. */
  readonly source: string;
  readonly framework: { readonly name: string; readonly version: string };
  readonly serving: ServingKind;
  /** Prefix in the environment's model-artifacts bucket: `models/<id>/`. */
  readonly artifactPrefix: string;
  /** GPU models only. */
  readonly parameters?: ModelParameters;
  /** GPU models only. */
  readonly precision?: Precision;
  /** GPU models only. */
  readonly overhead?: MemoryOverhead;
  readonly compute: GpuCompute | CpuCompute;
  /** p99 latency target, ms (for a batch job: per item). @default - none (throughput-bound batch job) */
  readonly p99LatencyMs?: number;
  /** Production replicas (batch jobs: parallelism). Scaled per environment by catalog/serving-rules.ts. */
  readonly replicas: { readonly min: number; readonly max: number };
  readonly autoscaling: AutoscalingSignal;
  /**
   * Version serving the traffic: artifacts under `<artifactPrefix><version>/`.
   * @default - unversioned: the artifacts directly under artifactPrefix
   */
  readonly version?: string;
  /**
   * A rollout under way (KServe models, seed 003 §6: 5 -> 50 -> 100 percent): the candidate version
   * (artifacts under `<artifactPrefix><version>/`), its share of the traffic and its fixed replicas.
   * A rollout step is a one-line change of `percent` (docs/serving.md "How to roll out a new version").
   * @default - none: the stable version takes all traffic
   */
  readonly candidate?: RolloutCandidate;
  /** Catalog service (catalog/services.ts) or seed 000 GPU service that owns the model. */
  readonly owner: ServiceId | Seed000GpuService;
  /** Namespace (catalog/namespaces.ts). */
  readonly namespace: string;
  readonly vllm?: VllmSettings;
  /** Seed refresh cycle. @default - static */
  readonly refresh?: string;
  readonly note?: string;
}

/** The services of seed 000 "GPU Allocation by Service" (the `service` of a GPU pool). */
export const SEED_000_GPU_SERVICES = [
  'neural-recommendations', 'content-generation', 'deepfake-detection', 'ai-director', 'voice-cloning',
  'neural-compression', 'edge-inference',
] as const;
export type Seed000GpuService = (typeof SEED_000_GPU_SERVICES)[number];

const B = 1e9;
const M = 1e6;
const SEED_003 = 'seed 003 §6 Model Inventory';

/** The seed's "T4" rows: the gpu-inference pool is g5.xlarge (A10G 24 GB), time-sliced 4 ways (seed 001). */
function sliced(pool = 'gpu-inference'): GpuCompute {
  return { kind: 'gpu', gpu: 'A10G', gpusPerReplica: 1, sharing: 'time-sliced', pool };
}

export const MODELS: readonly ModelSpec[] = [
  // seed 003 §6: KServe real-time models in eu-west-1.
  {
    id: 'recommendation-collaborative', displayName: 'Recommendation (collaborative)', source: SEED_003,
    framework: { name: 'tensorflow', version: '2.16' }, serving: 'kserve', artifactPrefix: 'models/recommendation-collaborative/',
    parameters: { total: 200 * M, source: 'stated: two-tower model with user/item embedding tables' },
    precision: 'fp32', overhead: { gb: 1.5, basis: 'TF Serving runtime, batching buffers' },
    compute: sliced(), p99LatencyMs: 30, replicas: { min: 2, max: 6 }, autoscaling: 'concurrency',
    owner: 'recommendation', namespace: 'ml-serving', refresh: '6 hours',
    note: 'seed says T4; the seed\'s own gpu-inference group is g5.xlarge (A10G), shared by time-slicing',
  },
  {
    id: 'recommendation-content-based', displayName: 'Recommendation (content-based)', source: SEED_003,
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/recommendation-content-based/',
    parameters: { total: 110 * M, source: 'stated: BERT-base-sized content encoder' },
    precision: 'fp16', overhead: { gb: 1.5, basis: 'TorchServe runtime, CUDA context, batch activations' },
    compute: sliced(), p99LatencyMs: 20, replicas: { min: 2, max: 6 }, autoscaling: 'concurrency',
    owner: 'recommendation', namespace: 'ml-serving', refresh: 'daily',
  },
  {
    id: 'cdn-routing', displayName: 'CDN Routing', source: SEED_003,
    framework: { name: 'xgboost', version: '2.0' }, serving: 'kserve', artifactPrefix: 'models/cdn-routing/',
    compute: { kind: 'cpu', nodeGroup: 'general', cpu: 1, memoryGb: 2 }, p99LatencyMs: 10,
    replicas: { min: 2, max: 6 }, autoscaling: 'rps', owner: 'cdn-routing', namespace: 'ml-serving', refresh: 'hourly',
  },
  {
    id: 'anomaly-detection', displayName: 'Anomaly Detection', source: SEED_003,
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/anomaly-detection/',
    parameters: { total: 30 * M, source: 'stated: LSTM autoencoder over QoE series' },
    precision: 'fp16', overhead: { gb: 1, basis: 'runtime and CUDA context' },
    compute: sliced(), p99LatencyMs: 50, replicas: { min: 1, max: 2 }, autoscaling: 'concurrency',
    owner: 'qoe', namespace: 'ml-serving', refresh: 'weekly',
  },
  {
    id: 'churn-prediction', displayName: 'Churn Prediction', source: SEED_003,
    framework: { name: 'xgboost', version: '2.0' }, serving: 'kserve', artifactPrefix: 'models/churn-prediction/',
    compute: { kind: 'cpu', nodeGroup: 'general', cpu: 1, memoryGb: 2 }, p99LatencyMs: 15,
    replicas: { min: 2, max: 4 }, autoscaling: 'rps', owner: 'model-serving', namespace: 'ml-serving', refresh: 'daily',
  },
  {
    id: 'content-moderation', displayName: 'Content Moderation (CLIP)', source: SEED_003,
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/content-moderation/',
    parameters: { total: 428 * M, source: 'OpenAI CLIP ViT-L/14 (image + text towers)' },
    precision: 'fp16', overhead: { gb: 2, basis: 'image batch activations (32 x 224px), CUDA context' },
    compute: sliced(), p99LatencyMs: 200, replicas: { min: 1, max: 4 }, autoscaling: 'concurrency',
    owner: 'metadata', namespace: 'ml-serving', refresh: 'static (fine-tuned)',
  },
  {
    id: 'thumbnail-quality', displayName: 'Thumbnail Quality Scoring', source: SEED_003,
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/thumbnail-quality/',
    parameters: { total: 25.6 * M, source: 'ResNet-50 (He et al. 2015)' },
    precision: 'fp16', overhead: { gb: 1, basis: 'runtime and CUDA context' },
    compute: sliced(), p99LatencyMs: 100, replicas: { min: 1, max: 2 }, autoscaling: 'concurrency',
    owner: 'metadata', namespace: 'ml-serving', refresh: 'monthly',
  },
  {
    id: 'embedding-generation', displayName: 'Embedding Generation', source: `${SEED_003}; LLM Integration (instructor-xl, 768-dim)`,
    framework: { name: 'vllm', version: '0.11' }, serving: 'vllm', artifactPrefix: 'models/embedding-generation/',
    parameters: { total: 1.24 * B, source: 'hkunlp/instructor-xl (GTR-T5-XL encoder); stated, verify against the checkpoint' },
    precision: 'fp16', overhead: { gb: 2.5, basis: 'activations for 64 sequences x 512 tokens, CUDA graphs' },
    compute: sliced(), p99LatencyMs: 50, replicas: { min: 2, max: 4 }, autoscaling: 'concurrency',
    owner: 'search', namespace: 'ml-serving',
    vllm: { tensorParallel: 1, maxModelLen: 512, maxNumSeqs: 64, gpuMemoryUtilization: 0.24 },
  },
  // seed 003 §6 batch rows: Jobs on the spot gpu-compute pool (A10G, whole GPUs).
  {
    id: 'per-title-encoding', displayName: 'Per-Title Encoding', source: SEED_003,
    framework: { name: 'pytorch', version: '2.3' }, serving: 'batch-job', artifactPrefix: 'models/per-title-encoding/',
    parameters: { total: 20 * M, source: 'stated: custom CNN complexity estimator' },
    precision: 'fp32', overhead: { gb: 6, basis: 'decoded 4K frame batches' },
    compute: { kind: 'gpu', gpu: 'A10G', gpusPerReplica: 1, sharing: 'whole', pool: 'gpu-compute' },
    p99LatencyMs: 5000, replicas: { min: 1, max: 2 }, autoscaling: 'queue-depth',
    owner: 'encoding-pipeline', namespace: 'content-processing', refresh: 'monthly',
  },
  {
    id: 'whisper-subtitles', displayName: 'Subtitle Generation (Whisper)', source: SEED_003,
    framework: { name: 'pytorch', version: '2.3' }, serving: 'batch-job', artifactPrefix: 'models/whisper-subtitles/',
    parameters: { total: 1.55 * B, source: 'OpenAI Whisper large-v3 model card (1550M)' },
    precision: 'fp16', overhead: { gb: 4, basis: 'beam search decoder state, 30 s audio batches' },
    compute: { kind: 'gpu', gpu: 'A10G', gpusPerReplica: 1, sharing: 'whole', pool: 'gpu-compute' },
    replicas: { min: 1, max: 2 }, autoscaling: 'queue-depth',
    owner: 'content-ingest', namespace: 'content-processing', note: 'seed: ~0.5x real-time; throughput-bound, no p99',
  },
  // seed 001: Llama 4 Scout content analysis on vLLM (docs/serving.md "Llama 4 Scout").
  {
    id: 'llama-4-scout-content-analysis', displayName: 'Content analysis (Llama 4 Scout 17B-16E)', source: 'seed 001 Llama 4 Scout 17B Integration',
    framework: { name: 'vllm', version: '0.11' }, serving: 'vllm', artifactPrefix: 'models/llama-4-scout-content-analysis/',
    parameters: {
      total: 109 * B, active: 17 * B,
      source: 'Meta, Llama 4 announcement and model card meta-llama/Llama-4-Scout-17B-16E-Instruct: 17B active, 16 experts, 109B total',
    },
    precision: 'int8',
    overhead: { gb: 34, basis: 'KV cache 26 GB (16 sequences x 8192 tokens x 196 KB/token: 48 layers x 8 KV heads x 128 dims x 2 (K,V) x 2 bytes) + 2 GB per GPU for activations and CUDA graphs' },
    compute: { kind: 'gpu', gpu: 'L40S', gpusPerReplica: 4, sharing: 'whole', pool: 'content-generation' },
    p99LatencyMs: 10_000, replicas: { min: 1, max: 1 }, autoscaling: 'queue-depth',
    owner: 'metadata', namespace: 'content-processing',
    vllm: { tensorParallel: 4, quantization: 'compressed-tensors (W8A8 INT8)', maxModelLen: 8192, maxNumSeqs: 16, gpuMemoryUtilization: 0.9 },
    note: 'seed 001 sized it from the 17B active parameters (34 GB FP16, 17 GB INT8 on 2 GPUs): wrong, see docs/serving.md',
  },
  // seed 000 GPU pool services.
  {
    id: 'deepfake-detection', displayName: 'Deepfake detection', source: 'seed 000 GPU Allocation: Deepfake Detection (real-time analysis)',
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/deepfake-detection/',
    parameters: { total: 66 * M, source: 'stated: EfficientNet-B7 frame classifier' },
    precision: 'fp16', overhead: { gb: 4, basis: 'frame batches (64 x 600px), CUDA context' },
    compute: { kind: 'gpu', gpu: 'A10G', gpusPerReplica: 1, sharing: 'whole', pool: 'deepfake-detection' },
    p99LatencyMs: 100, replicas: { min: 4, max: 8 }, autoscaling: 'gpu-utilization',
    owner: 'deepfake-detection', namespace: 'deepfake-detection',
  },
  {
    id: 'ai-director', displayName: 'AI Director (multi-camera)', source: 'seed 000 GPU Allocation: AI Director Mode',
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/ai-director/',
    parameters: { total: 150 * M, source: 'stated: detector + shot-ranking heads over 4 camera feeds' },
    precision: 'fp16', overhead: { gb: 6, basis: '4 concurrent 1080p feeds, frame buffers' },
    compute: { kind: 'gpu', gpu: 'A10G', gpusPerReplica: 1, sharing: 'whole', pool: 'ai-director' },
    p99LatencyMs: 200, replicas: { min: 3, max: 6 }, autoscaling: 'gpu-utilization',
    owner: 'ai-director', namespace: 'content-processing',
  },
  {
    id: 'voice-cloning', displayName: 'Voice cloning (speech synthesis)', source: 'seed 000 GPU Allocation: Voice Cloning',
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/voice-cloning/',
    parameters: { total: 500 * M, source: 'stated: multi-speaker TTS (XTTS-class)' },
    precision: 'fp16', overhead: { gb: 3, basis: 'vocoder and autoregressive decoder state' },
    compute: { kind: 'gpu', gpu: 'T4', gpusPerReplica: 1, sharing: 'whole', pool: 'voice-cloning' },
    p99LatencyMs: 500, replicas: { min: 2, max: 4 }, autoscaling: 'concurrency',
    owner: 'voice-cloning', namespace: 'ml-serving',
  },
  {
    id: 'neural-recommendations-training', displayName: 'Neural recommendations (training)', source: 'seed 000 GPU Allocation: Neural Recommendations (training)',
    framework: { name: 'pytorch', version: '2.3' }, serving: 'batch-job', artifactPrefix: 'models/neural-recommendations/',
    parameters: { total: 12 * B, source: 'stated: DLRM-style model, embedding tables dominate' },
    precision: 'fp32', overhead: { fractionOfWeights: 3.5, basis: 'gradients (1x) + Adam moments (2x) + activations (0.5x), data parallel shards' },
    compute: { kind: 'gpu', gpu: 'A100-80GB', gpusPerReplica: 4, sharing: 'whole', pool: 'recommendations' },
    replicas: { min: 1, max: 1 }, autoscaling: 'none',
    owner: 'neural-recommendations', namespace: 'ml-training', refresh: '6 hours',
  },
  {
    id: 'neural-recommendations-serving', displayName: 'Neural recommendations (inference)', source: 'seed 000 GPU Allocation: Neural Recommendations (inference)',
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/neural-recommendations/',
    parameters: { total: 12 * B, source: 'stated: the model trained by neural-recommendations-training' },
    precision: 'fp16', overhead: { gb: 6, basis: 'request batches and CUDA context' },
    compute: { kind: 'gpu', gpu: 'A100-80GB', gpusPerReplica: 1, sharing: 'whole', pool: 'recommendations' },
    p99LatencyMs: 30, replicas: { min: 2, max: 4 }, autoscaling: 'concurrency',
    owner: 'neural-recommendations', namespace: 'ml-serving',
  },
  {
    id: 'video-generation', displayName: 'Video generation', source: 'seed 000 GPU Allocation: Content Generation; seed 002',
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/video-generation/',
    parameters: { total: 5 * B, source: 'stated: 5B video diffusion transformer (CogVideoX-5B class)' },
    precision: 'bf16', overhead: { gb: 28, basis: 'VAE decode and attention activations for 49 frames at 720p' },
    compute: { kind: 'gpu', gpu: 'L40S', gpusPerReplica: 1, sharing: 'whole', pool: 'content-generation' },
    p99LatencyMs: 60_000, replicas: { min: 4, max: 8 }, autoscaling: 'queue-depth',
    owner: 'content-generation', namespace: 'content-processing', note: 'seed 002: dynamic batching and priority queues in front',
  },
  {
    id: 'neural-compression', displayName: 'Neural compression (encoding)', source: 'seed 000 GPU Allocation: Neural Compression',
    framework: { name: 'pytorch', version: '2.3' }, serving: 'batch-job', artifactPrefix: 'models/neural-compression/',
    parameters: { total: 100 * M, source: 'stated: learned video codec' },
    precision: 'fp16', overhead: { gb: 20, basis: '4K frame buffers and motion estimation state' },
    compute: { kind: 'gpu', gpu: 'L40S', gpusPerReplica: 1, sharing: 'whole', pool: 'neural-compression' },
    replicas: { min: 8, max: 16 }, autoscaling: 'queue-depth',
    owner: 'neural-compression', namespace: 'content-processing',
  },
  {
    id: 'edge-inference', displayName: 'Edge inference', source: 'seed 000 GPU Allocation: Edge Inference',
    framework: { name: 'pytorch', version: '2.3' }, serving: 'kserve', artifactPrefix: 'models/edge-inference/',
    parameters: { total: 11 * M, source: 'stated: compact vision model (YOLOv8s class)' },
    precision: 'fp16', overhead: { gb: 1.5, basis: 'runtime and CUDA context' },
    compute: { kind: 'gpu', gpu: 'L4', gpusPerReplica: 1, sharing: 'time-sliced', pool: 'edge-inference' },
    p99LatencyMs: 20, replicas: { min: 20, max: 32 }, autoscaling: 'rps',
    owner: 'edge-inference', namespace: 'ml-serving',
  },
];

/** The inventory entry of a model; throws for an unknown id. */
export function modelSpec(id: string, models: readonly ModelSpec[] = MODELS): ModelSpec {
  const m = models.find((x) => x.id === id);
  if (!m) throw new Error(`model '${id}' is not in the model inventory`);
  return m;
}
