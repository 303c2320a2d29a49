// Serving workloads (`@ott-platform/infra/serving`): KServe InferenceServices, vLLM servers and batch CronJobs
// of the model inventory. Subpath-only: it loads the optional peer dependency @cdktf/provider-kubernetes.
export * from './types';
export * from './objects';
export * from './builders';
export * from './rollout';
export * from './serving-workloads';
