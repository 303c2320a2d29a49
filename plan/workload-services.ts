/**
 * The workloads layer's plan: every catalog service resolved for the environment (image, requests and
 * limits, HPA, callers; catalog/service-deployments.ts) with the namespace it runs in and the data it
 * owns (its database, cache, topics and their MSK clusters), so the stack computes nothing.
 */
import type { ModelPlacement } from '../catalog/serving-rules';
import { resolveServiceDeployments, type ResolvedServiceDeployment } from '../catalog/service-deployments';
import { APPLICATION_NAMESPACES } from '../catalog/namespaces';
import type { DatabaseId } from '../catalog/databases';
import { KAFKA_TOPICS, type KafkaClusterName, type TopicName } from '../catalog/kafka-topics';
import type { CacheUsage, ServiceBucketAccess, ServiceSpec } from '../catalog/services';
import { HPA_MAX_REPLICAS_FACTOR } from '../catalog/service-deployments';
import type { IngressConfig } from '../environments/platform-schema';
import { ingressLoadBalancerName } from '../constructs/platform/addon-values';
import type { IngressRoute } from '../constructs/services/ingress-routes';

/** The client API of the region: hostname, DNS, and one rate-limited route per client-facing service. */
export interface WorkloadsIngressPlan {
  readonly hostname: string;
  readonly zoneId: string;
  /** The gateway NLB's name (the platform layer names it; ingressLoadBalancerName). */
  readonly loadBalancerName: string;
  readonly routes: readonly IngressRoute[];
  /**
   * Whether the workloads layer publishes the hostname (an alias of the NLB). False when the environment's
   * global `routing:` owns the API's records (latency records with health checks, docs/regions-dr.md):
   * one owner per DNS name.
   */
  readonly publishDns: boolean;
}

/** A topic a service produces or consumes, with the MSK cluster holding it. */
export interface ServiceTopic {
  readonly name: TopicName;
  readonly cluster: KafkaClusterName;
}

/** One service as the workloads layer deploys it. */
export interface WorkloadServicePlan {
  readonly deployment: ResolvedServiceDeployment;
  /** Application namespace (catalog/namespaces.ts APPLICATION_NAMESPACES). */
  readonly namespace: string;
  /**
   * The database it owns (the first of its catalog `databases`).
   * @default - none: the service keeps no relational data
   */
  readonly database?: DatabaseId;
  readonly cache: CacheUsage;
  /** Bucket prefixes it reads or writes (catalog `buckets`). */
  readonly buckets: readonly ServiceBucketAccess[];
  readonly produces: readonly ServiceTopic[];
  readonly consumes: readonly ServiceTopic[];
}

export interface WorkloadsPlan {
  /** The EKS cluster the services run on (reached by name). */
  readonly clusterName: string;
  readonly services: readonly WorkloadServicePlan[];
  /** Namespace of each service id (and of the ingress gateway's caller entry). */
  readonly namespaces: Readonly<Record<string, string>>;
  /**
   * The serving workloads placed in this region (plan/workloads.ts planEnvironmentServing): KServe
   * InferenceServices, vLLM servers and batch jobs, deployed by the same stack.
   */
  readonly placements: readonly ModelPlacement[];
  /**
   * The client API routes (from `regions.<region>.platform.ingress`).
   * @default - none published
   */
  readonly ingress?: WorkloadsIngressPlan;
}

/** The namespace of a catalog service; throws naming the service when no application namespace lists it. */
export function serviceNamespace(serviceId: string): string {
  const ns = APPLICATION_NAMESPACES.find((n) => (n.services as readonly string[]).includes(serviceId));
  if (!ns) throw new Error(`catalog/namespaces.ts: service '${serviceId}' is in no APPLICATION_NAMESPACES entry`);
  return ns.name;
}

function topicOf(name: TopicName): ServiceTopic {
  const t = KAFKA_TOPICS.find((k) => k.name === name);
  if (!t) throw new Error(`catalog/kafka-topics.ts: topic '${name}' is not in KAFKA_TOPICS`);
  return { name, cluster: t.cluster };
}

/**
 * Routes of the client-facing services (`deploy.ingress`): `/<service>/` to the service's port. Each gateway
 * pod admits HPA_MAX_REPLICAS_FACTOR x the service's expected RPS (Phase 1 figure x environment scale)
 * per second on the route: what the service can absorb at its HPA maximum, so a flood is shed at the edge
 * with HTTP 429 instead of queueing in the mesh (stated; the seed gives no per-route limits).
 */
export function ingressRoutes(services: readonly ServiceSpec[], scale: number, namespaces: Readonly<Record<string, string>>): IngressRoute[] {
  return services.filter((s) => s.deploy.ingress).map((s) => ({
    service: s.id, namespace: namespaces[s.id], port: s.deploy.port, pathPrefix: `/${s.id}/`,
    requestsPerSecondPerPod: Math.max(1, Math.ceil(HPA_MAX_REPLICAS_FACTOR * s.capacity.expectedRps * scale)),
  }));
}

/** The plan of every service of `services` for one environment. */
export function planWorkloads(services: readonly ServiceSpec[], env: {
  readonly name: string; readonly scale: number; readonly images: Readonly<Record<string, string>>;
  /** @default - no client API routes */
  readonly ingress?: IngressConfig;
  /** @default true */
  readonly publishDns?: boolean;
}, clusterName: string, placements: readonly ModelPlacement[] = []): WorkloadsPlan {
  const resolved = new Map(resolveServiceDeployments(services, env).map((d) => [d.id, d]));
  const namespaces = Object.fromEntries(services.map((s) => [s.id, serviceNamespace(s.id)]));
  return {
    clusterName,
    namespaces,
    placements,
    ...(env.ingress ? {
      ingress: {
        hostname: env.ingress.hostname, zoneId: env.ingress.hostedZone.id, loadBalancerName: ingressLoadBalancerName(clusterName),
        routes: ingressRoutes(services, env.scale, namespaces),
        publishDns: env.publishDns ?? true,
      },
    } : {}),
    services: services.map((s) => ({
      deployment: resolved.get(s.id)!,
      namespace: namespaces[s.id],
      ...(s.databases[0] ? { database: s.databases[0] } : {}),
      cache: s.cache,
      buckets: s.buckets ?? [],
      produces: s.produces.map(topicOf),
      consumes: s.consumes.map(topicOf),
    })),
  };
}
