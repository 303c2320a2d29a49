/**
 * The GPU workloads of seed 000 "GPU Allocation by Service" that are not application services of
 * catalog/services.ts. A GPU pool's `service:` must be a service id or one of these, so a typo fails
 * the compiler (in code) or the schema (in YAML) instead of landing in a node label.
 */
import { SERVICE_IDS, type ServiceId } from './services';

export const GPU_WORKLOAD_IDS = [
  'neural-recommendations', 'content-generation', 'deepfake-detection', 'ai-director', 'voice-cloning',
  'neural-compression', 'edge-inference',
] as const;
export type GpuWorkloadId = (typeof GPU_WORKLOAD_IDS)[number];

/** What may own a GPU pool: an application service or a seed 000 GPU workload. */
export type GpuPoolServiceId = ServiceId | GpuWorkloadId;

/** Every id a GPU pool's `service:` accepts, derived from the two lists. */
export const GPU_POOL_SERVICE_IDS: readonly GpuPoolServiceId[] = [...SERVICE_IDS, ...GPU_WORKLOAD_IDS];

/** Why `id` cannot own a GPU pool (undefined when it can). */
export function gpuPoolServiceProblem(id: string): string | undefined {
  return (GPU_POOL_SERVICE_IDS as readonly string[]).includes(id)
    ? undefined
    : `'${id}' is neither a service of catalog/services.ts nor a GPU workload of catalog/gpu-workloads.ts; allowed: ${GPU_POOL_SERVICE_IDS.join(', ')}`;
}
