/**
 * One service's deployment in one environment, resolved from its catalog entry (catalog/services.ts), the
 * environment's scale and its image map: the exact values the workloads layer's Deployment, HPA, VPA,
 * AuthorizationPolicy and ECR references are generated from, so that step is mechanical.
 */
import { imageTagProblem } from './catalog-validation';
import { scaledServiceCapacity } from './service-capacity';
import type { ServiceHealth, ServiceSpec } from './services';
import { serviceWiring } from './wiring';

/** HPA max replicas = this x min replicas: headroom for three times the Phase 1 RPS (stated; the seed gives no max). */
export const HPA_MAX_REPLICAS_FACTOR = 3;

/** ECR repository of a service in an environment (the data layer creates `<env>/<service>`). */
export function ecrRepositoryName(environment: string, serviceId: string): string {
  return `${environment}/${serviceId}`;
}

export interface ResolvedServiceDeployment {
  readonly id: string;
  readonly image: { readonly repository: string; readonly tag: string };
  readonly port: number;
  readonly protocol: 'grpc' | 'http';
  readonly health: ServiceHealth;
  readonly nodeGroup: string;
  readonly requests: { readonly cpu: number; readonly memoryGiB: number };
  readonly limits: { readonly cpu: number; readonly memoryGiB: number };
  /** HPA: CPU target and, when the SLO states one, the p99 latency target (seed 003 §3). */
  readonly hpa: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuTargetPercent: number; readonly latencyP99Ms?: number };
  /** VerticalPodAutoscaler controlling memory only. */
  readonly vpa: boolean;
  /** Who the AuthorizationPolicy admits: calling services, and the ingress gateway for client-facing services. */
  readonly allowedCallers: readonly string[];
}

/**
 * Resolves every service for an environment. Throws when a service has no image tag or an image tag that is
 * not immutable (the environment schema reports these first, naming the file; this guards direct callers).
 */
export function resolveServiceDeployments(services: readonly ServiceSpec[], env: {
  readonly name: string; readonly scale: number; readonly images: Readonly<Record<string, string>>;
}): ResolvedServiceDeployment[] {
  const wiring = new Map(serviceWiring(services).map((w) => [w.id, w]));
  return services.map((s) => {
    const tag = env.images[s.id];
    if (tag === undefined) throw new Error(`service '${s.id}' has no image tag in environments/${env.name}.yaml (images.${s.id})`);
    const problem = imageTagProblem(tag);
    if (problem) throw new Error(`environments/${env.name}.yaml: images.${s.id}: ${problem}`);
    const c = scaledServiceCapacity(s, env.scale);
    return {
      id: s.id,
      image: { repository: ecrRepositoryName(env.name, s.id), tag },
      port: s.deploy.port, protocol: s.deploy.protocol, health: s.deploy.health, nodeGroup: s.deploy.nodeGroup,
      requests: { cpu: c.cpu, memoryGiB: c.memoryGiB }, limits: c.limits,
      hpa: {
        minReplicas: c.replicas, maxReplicas: c.replicas * HPA_MAX_REPLICAS_FACTOR, cpuTargetPercent: s.deploy.hpaCpuTargetPercent,
        ...(s.slo?.p99Ms !== undefined ? { latencyP99Ms: s.slo.p99Ms } : {}),
      },
      vpa: s.deploy.vpa,
      allowedCallers: wiring.get(s.id)!.callers,
    };
  });
}


