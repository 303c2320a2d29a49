/**
 * What the serving constructs need of a model and its placement: a structural subset of the app's
 * catalog types (catalog/models.ts `ModelSpec`, catalog/serving-rules.ts `ModelPlacement`), so a stack
 * passes `planEnvironmentServing(...).placements` as they are, and the library does not import the app.
 */
import type { GpuModel } from '../cluster/gpu-catalog';

/** What the autoscaler watches. */
export type ServingSignal = 'concurrency' | 'rps' | 'gpu-utilization' | 'queue-depth' | 'cpu' | 'none';

/** A candidate version taking a share of a model's traffic. */
export interface RolloutCandidate {
  /** Version of the candidate: artifacts under `<artifactPrefix><version>/`, KServe predictor name. */
  readonly version: string;
  /** Share of the traffic it receives, percent (0-100). */
  readonly percent: number;
  /**
   * Replicas of the candidate (KServe runs a canary at fixed replicas), at most the stable minimum.
   * @default - half the stable minimum replicas, rounded up
   */
  readonly replicas?: number;
}

/** A served model (catalog/models.ts `ModelSpec`). */
export interface ServedModel {
  /** kebab-case id: object, service account and role name. */
  readonly id: string;
  readonly framework: { readonly name: string; readonly version: string };
  readonly serving: 'kserve' | 'vllm' | 'batch-job';
  /** Prefix of the artifacts in the models bucket, e.g. `models/<id>/`. */
  readonly artifactPrefix: string;
  readonly compute:
    | { readonly kind: 'gpu'; readonly gpusPerReplica: number }
    | { readonly kind: 'cpu'; readonly cpu: number; readonly memoryGb: number };
  /**
   * p99 latency target, ms.
   * @default - none
   */
  readonly p99LatencyMs?: number;
  readonly autoscaling: ServingSignal;
  /**
   * Version serving the traffic: artifacts under `<artifactPrefix><version>/`.
   * @default - unversioned: the artifacts directly under `artifactPrefix`
   */
  readonly version?: string;
  /**
   * A rollout under way (KServe models): the candidate version, its share of the traffic, and its fixed
   * replicas (constructs/serving/rollout.ts).
   * @default - none: the stable version takes all traffic
   */
  readonly candidate?: RolloutCandidate;
  readonly namespace: string;
  /**
   * Refresh cycle (`hourly`, `6 hours`, `daily`, `weekly`, `monthly`).
   * @default - static
   */
  readonly refresh?: string;
  /**
   * vLLM settings (serving `vllm`).
   * @default - none
   */
  readonly vllm?: {
    readonly tensorParallel: number;
    /** vLLM method first, e.g. `compressed-tensors (W8A8 INT8)`. @default - none */
    readonly quantization?: string;
    readonly maxModelLen: number;
    readonly maxNumSeqs: number;
    readonly gpuMemoryUtilization: number;
  };
}

/** Where one model runs in one region (catalog/serving-rules.ts `ModelPlacement`). */
export interface ServingPlacement {
  readonly model: ServedModel;
  readonly region: string;
  /**
   * GPU pool (GPU models).
   * @default - none (CPU model)
   */
  readonly pool?: { readonly name: string; readonly gpuModel: GpuModel; readonly spot: boolean };
  /**
   * CPU node group (CPU models).
   * @default - none (GPU model)
   */
  readonly nodeGroup?: { readonly name: string };
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** GB of weights per replica (host memory to stage them). */
  readonly weightsGb: number;
}
