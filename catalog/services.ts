/**
 * The application service catalog of seed 003 §3, as typed data: the single catalog every layer reads
 * (the data layer for ECR repositories, topic owners and database users; the application-services
 * layer extends the same entries with its deployment settings, never a second copy).
 *
 * Counting: the seed's five service tables list 23 rows (4 core user, 5 content & metadata, 4 playback
 * & recording, 4 AI & discovery, 6 delivery & infrastructure), which are the 23 services here, plus the
 * 3 BFFs of §2/§7. The "Subscription Service" appears only as a dependency of the Entitlement Service
 * and as a co-user of the Entitlement DB; it has no row (no language, events or SLO), so it is recorded
 * as an external dependency of `entitlement` (the billing/subscription system) and its
 * `subscription.changed` events arrive on `user.events` (see SEED_EVENT_TOPICS).
 *
 * Topics: `produces`/`consumes` are catalog topic names; `seedEvents` keeps the seed's event names they
 * were mapped from (catalog/kafka-topics.ts SEED_EVENT_TOPICS documents the mapping).
 */
import type { DatabaseId } from './databases';
import { TOPIC_NAMES, type TopicName } from './kafka-topics';

export const SERVICE_IDS = [
  'user', 'auth', 'entitlement', 'profile',
  'catalog', 'metadata', 'epg', 'content-ingest', 'encoding-pipeline',
  'playback-session', 'bookmark', 'recording', 'schedule',
  'recommendation', 'search', 'model-serving', 'feature-store',
  'cdn-routing', 'token', 'notification', 'ad', 'qoe', 'analytics-collector',
  'bff-tv', 'bff-mobile', 'bff-web',
] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

export type ServiceKind = 'service' | 'bff';
export type ServiceLanguage = 'go' | 'python';
/** Which ElastiCache Redis a service uses: the shared cache layer, the online feature store, or none. */
export type CacheUsage = 'shared' | 'feature-store' | 'none';

export interface ServiceSlo {
  /** p99 latency target in milliseconds, when the seed states one. */
  readonly p99Ms?: number;
  /** Availability target in percent. */
  readonly availability: number;
  /** Anything else the seed says (e.g. "Completion < 4hrs (VOD)"). */
  readonly note?: string;
}

/**
 * Production Phase 1 capacity per replica: seed 003 §3 "Capacity Planning (Phase 1: 50K Concurrent)" for
 * the twelve rows it lists (`source: 'seed'`); values stated here for the services it is silent on
 * (`source: 'stated'`, sized from their SLO and event rates). Scaled per environment by
 * catalog/service-capacity.ts.
 */
export interface ServiceCapacity {
  readonly expectedRps: number;
  readonly minReplicas: number;
  /** CPU request per replica, vCPU. */
  readonly cpu: number;
  /** Memory request per replica, GB. */
  readonly memoryGb: number;
  /** @default 'seed' */
  readonly source?: 'seed' | 'stated';
}

/** Probes: HTTP paths, or the gRPC health-checking protocol (grpc.health.v1) on the service port. */
export type ServiceHealth =
  | { readonly kind: 'http'; readonly readinessPath: string; readonly livenessPath: string; readonly startupPath: string }
  | { readonly kind: 'grpc' };

/** How the service's container is deployed (issue 13; seed 003 §3 scaling strategy, §8, §9). */
export interface ServiceDeployment {
  /** Container port the Service targets. */
  readonly port: number;
  readonly protocol: 'grpc' | 'http';
  readonly health: ServiceHealth;
  /** Reached by clients through the ingress gateway (BFFs, auth, token); otherwise mesh-internal only. */
  readonly ingress: boolean;
  /** HPA CPU target, percent of the request (seed: 60). The HPA adds p99 latency when the SLO states one. */
  readonly hpaCpuTargetPercent: number;
  /** VerticalPodAutoscaler on memory (seed: recommendation and search; CPU stays with the HPA). */
  readonly vpa: boolean;
  /** CPU node group of the primary region's cluster that hosts it. */
  readonly nodeGroup: string;
}

/** A data-layer bucket a service uses (the keys of the data layer's `buckets` contract). */
export type ServiceBucket = 'mediaOrigin' | 'dataLake';

/** Objects a service reads and/or writes: one prefix of one bucket (the Pod Identity role gets exactly these). */
export interface ServiceBucketAccess {
  readonly bucket: ServiceBucket;
  /** Key prefix, a folder ending in `/` (constructs/data/secure-bucket.ts bucketPrefixProblem). */
  readonly prefix: string;
  readonly access: 'read' | 'write' | 'read-write';
}

export interface ServiceSpec {
  /** kebab-case id: ECR repository, Kubernetes names, database and cache user names. */
  readonly id: ServiceId;
  readonly displayName: string;
  readonly kind: ServiceKind;
  readonly language: ServiceLanguage;
  /** RDS databases it uses (ids of catalog/databases.ts); the first is the one it owns. */
  readonly databases: readonly DatabaseId[];
  /** Seed data stores this platform does not build now (PLATFORM.md), kept so they are not forgotten. */
  readonly storesNotBuilt?: readonly string[];
  readonly cache: CacheUsage;
  /**
   * Bucket prefixes it reads or writes (issue 13: "read and write only its bucket prefixes").
   * @default [] (no S3 access)
   */
  readonly buckets?: readonly ServiceBucketAccess[];
  readonly produces: readonly TopicName[];
  readonly consumes: readonly TopicName[];
  /** Seed event names behind `produces`/`consumes` ("*" entries: "all events" style wording). */
  readonly seedEvents: { readonly produced: readonly string[]; readonly consumed: readonly string[] };
  /** Catalog services it calls synchronously. */
  readonly dependencies: readonly ServiceId[];
  /** Systems outside this catalog that it calls. */
  readonly externalDependencies?: readonly string[];
  readonly slo?: ServiceSlo;
  readonly capacity: ServiceCapacity;
  readonly deploy: ServiceDeployment;
}

const HTTP_HEALTH: ServiceHealth = { kind: 'http', readinessPath: '/healthz/ready', livenessPath: '/healthz/live', startupPath: '/healthz/startup' };

/**
 * Deployment settings with the platform's defaults: gRPC services on 9090 with gRPC health probes, HTTP
 * services on 8080 with /healthz/{ready,live,startup}; HPA on CPU 60% (seed 003 §3); general node group.
 */
export function deployment(protocol: 'grpc' | 'http', overrides: Partial<Omit<ServiceDeployment, 'protocol'>> = {}): ServiceDeployment {
  return {
    port: protocol === 'grpc' ? 9090 : 8080, protocol, health: protocol === 'grpc' ? { kind: 'grpc' } : HTTP_HEALTH,
    ingress: false, hpaCpuTargetPercent: 60, vpa: false, nodeGroup: 'general', ...overrides,
  };
}

/** Stated capacity for a service the seed's Phase 1 table does not list. */
function stated(expectedRps: number, minReplicas: number, cpu: number, memoryGb: number): ServiceCapacity {
  return { expectedRps, minReplicas, cpu, memoryGb, source: 'stated' };
}

/** Every topic (the analytics collector consumes them all): the catalog's own list, never a copy. */
const ALL_TOPICS: readonly TopicName[] = TOPIC_NAMES;

const BFF_DEPENDENCIES: readonly ServiceId[] = [
  'auth', 'user', 'profile', 'entitlement', 'catalog', 'epg', 'search', 'recommendation', 'bookmark',
  'recording', 'schedule', 'playback-session', 'token', 'cdn-routing', 'ad', 'notification',
];

/** BFFs: Go, HTTP/JSON to clients through the ingress gateway (seed 003 §7). */
function bff<const I extends ServiceId>(id: I, displayName: string, capacity: ServiceCapacity): ServiceSpec & { readonly id: I } {
  return {
    id, displayName, kind: 'bff', language: 'go', databases: [], cache: 'none', produces: [], consumes: [],
    seedEvents: { produced: [], consumed: [] }, dependencies: BFF_DEPENDENCIES, capacity,
    deploy: deployment('http', { ingress: true }),
  };
}

const SERVICE_TABLE = [
  // Core User Services
  {
    id: 'user', displayName: 'User Service', kind: 'service', language: 'go', databases: ['user-auth'], cache: 'shared',
    produces: ['user.events'], consumes: [],
    seedEvents: { produced: ['user.created', 'user.updated', 'user.deleted'], consumed: [] },
    dependencies: [], slo: { p99Ms: 50, availability: 99.99 },
    capacity: stated(1_500, 3, 1, 1),
    deploy: deployment('grpc'),
  },
  {
    id: 'auth', displayName: 'Auth Service', kind: 'service', language: 'go', databases: ['user-auth'], cache: 'shared',
    produces: ['user.events'], consumes: ['user.events'],
    seedEvents: { produced: ['auth.login', 'auth.logout', 'auth.token.refreshed'], consumed: ['user.created'] },
    dependencies: ['user'], slo: { p99Ms: 100, availability: 99.99 },
    capacity: stated(2_000, 3, 1, 1),
    deploy: deployment('http', { ingress: true }),
  },
  {
    id: 'entitlement', displayName: 'Entitlement Service', kind: 'service', language: 'go', databases: ['entitlement'], cache: 'shared',
    produces: ['user.events', 'playback.sessions'], consumes: ['user.events'],
    seedEvents: { produced: ['entitlement.granted', 'entitlement.revoked', 'entitlement.checked'], consumed: ['user.created', 'subscription.changed'] },
    dependencies: ['user'], externalDependencies: ['subscription-service'], slo: { p99Ms: 30, availability: 99.99 },
    capacity: { expectedRps: 8_000, minReplicas: 4, cpu: 2, memoryGb: 2 },
    deploy: deployment('grpc'),
  },
  {
    id: 'profile', displayName: 'Profile Service', kind: 'service', language: 'go', databases: ['user-auth'], cache: 'shared',
    produces: ['user.events'], consumes: ['user.events'],
    seedEvents: { produced: ['profile.created', 'profile.updated', 'profile.switched'], consumed: ['user.created'] },
    dependencies: ['user'], slo: { p99Ms: 50, availability: 99.95 },
    capacity: stated(1_500, 3, 1, 1),
    deploy: deployment('grpc'),
  },
  // Content & Metadata Services
  {
    id: 'catalog', displayName: 'Catalog Service', kind: 'service', language: 'go', databases: ['catalog'], storesNotBuilt: ['elasticsearch-8'], cache: 'shared',
    produces: ['catalog.changes'], consumes: ['content.ingest.events', 'catalog.changes'],
    seedEvents: { produced: ['catalog.title.added', 'catalog.title.updated', 'catalog.availability.changed'], consumed: ['ingest.completed', 'metadata.enriched'] },
    dependencies: ['metadata'], slo: { p99Ms: 100, availability: 99.95 },
    capacity: { expectedRps: 2_000, minReplicas: 4, cpu: 2, memoryGb: 4 },
    deploy: deployment('grpc'),
  },
  {
    id: 'metadata', displayName: 'Metadata Service', kind: 'service', language: 'python', databases: ['catalog', 'vector'], cache: 'shared',
    produces: ['catalog.changes'], consumes: ['content.ingest.events'],
    seedEvents: { produced: ['metadata.enriched', 'metadata.tags.updated'], consumed: ['ingest.completed', 'ai.enrichment.completed'] },
    dependencies: [], slo: { p99Ms: 150, availability: 99.95 },
    capacity: stated(300, 3, 1, 2),
    deploy: deployment('http'),
  },
  {
    id: 'epg', displayName: 'EPG Service', kind: 'service', language: 'go', databases: ['epg'], cache: 'shared',
    produces: ['epg.updates'], consumes: ['content.ingest.events'],
    seedEvents: { produced: ['epg.schedule.updated', 'epg.program.changed'], consumed: ['epg.ingest.completed'] },
    dependencies: [], slo: { p99Ms: 100, availability: 99.95 },
    capacity: { expectedRps: 2_000, minReplicas: 4, cpu: 2, memoryGb: 4 },
    deploy: deployment('grpc'),
  },
  {
    id: 'content-ingest', displayName: 'Content Ingest Service', kind: 'service', language: 'python', databases: [],
    storesNotBuilt: ['postgresql-16 (no row in the seed Database Architecture table)'], cache: 'none',
    // Mezzanine uploads land under ingest/ of the media origin bucket (the seed's "S3" dependency).
    buckets: [{ bucket: 'mediaOrigin', prefix: 'ingest/', access: 'read-write' }],
    produces: ['content.ingest.events'], consumes: [],
    seedEvents: { produced: ['ingest.started', 'ingest.completed', 'ingest.failed'], consumed: [] },
    dependencies: ['encoding-pipeline'], externalDependencies: ['s3'], slo: { p99Ms: 500, availability: 99.9 },
    capacity: stated(10, 2, 1, 2),
    deploy: deployment('http'),
  },
  {
    id: 'encoding-pipeline', displayName: 'Encoding Pipeline Service', kind: 'service', language: 'go', databases: [],
    storesNotBuilt: ['postgresql-16 (no row in the seed Database Architecture table)'], cache: 'none',
    // Reads the mezzanine, writes the renditions CloudFront serves under /vod/ (constructs/edge MEDIA_BEHAVIOURS).
    buckets: [{ bucket: 'mediaOrigin', prefix: 'ingest/', access: 'read' }, { bucket: 'mediaOrigin', prefix: 'vod/', access: 'write' }],
    produces: ['content.ingest.events'], consumes: ['content.ingest.events'],
    seedEvents: { produced: ['encoding.started', 'encoding.completed', 'encoding.failed'], consumed: ['ingest.completed'] },
    dependencies: [], externalDependencies: ['gpu-compute', 's3'], slo: { availability: 99.9, note: 'Completion < 4hrs (VOD)' },
    capacity: stated(50, 2, 1, 1),
    deploy: deployment('grpc'),
  },
  // Playback & Recording Services
  {
    id: 'playback-session', displayName: 'Playback Session Service', kind: 'service', language: 'go', databases: ['playback'], cache: 'shared',
    produces: ['playback.sessions', 'playback.heartbeats'], consumes: ['playback.sessions'],
    seedEvents: { produced: ['playback.started', 'playback.stopped', 'playback.heartbeat', 'playback.error'], consumed: ['entitlement.checked'] },
    dependencies: ['entitlement', 'token', 'cdn-routing'], slo: { p99Ms: 200, availability: 99.99 },
    capacity: { expectedRps: 5_000, minReplicas: 6, cpu: 2, memoryGb: 4 },
    deploy: deployment('grpc'),
  },
  {
    id: 'bookmark', displayName: 'Bookmark Service', kind: 'service', language: 'go', databases: ['bookmark'], cache: 'shared',
    produces: ['bookmarks.updates'], consumes: ['playback.heartbeats', 'playback.sessions'],
    seedEvents: { produced: ['bookmark.updated', 'bookmark.resumed'], consumed: ['playback.heartbeat', 'playback.stopped'] },
    dependencies: ['profile'], slo: { p99Ms: 50, availability: 99.95 },
    capacity: { expectedRps: 10_000, minReplicas: 6, cpu: 2, memoryGb: 2 },
    deploy: deployment('grpc'),
  },
  {
    id: 'recording', displayName: 'Recording Service', kind: 'service', language: 'go', databases: ['recording'], cache: 'shared',
    // Cloud DVR copies: its own folder under vod/, served by the same CloudFront behaviour as VOD.
    buckets: [{ bucket: 'mediaOrigin', prefix: 'vod/recordings/', access: 'read-write' }],
    produces: ['recordings.events'], consumes: ['epg.updates', 'playback.sessions'],
    seedEvents: { produced: ['recording.scheduled', 'recording.started', 'recording.completed', 'recording.deleted'], consumed: ['epg.schedule.updated', 'playback.stopped'] },
    dependencies: ['epg', 'entitlement', 'encoding-pipeline'], slo: { p99Ms: 200, availability: 99.95 },
    capacity: stated(500, 3, 1, 1),
    deploy: deployment('grpc'),
  },
  {
    id: 'schedule', displayName: 'Schedule Service', kind: 'service', language: 'go', databases: ['epg'], cache: 'shared',
    produces: ['notifications.events'], consumes: ['epg.updates', 'recordings.events'],
    seedEvents: { produced: ['schedule.reminder.set', 'schedule.reminder.triggered'], consumed: ['epg.schedule.updated', 'recording.scheduled'] },
    dependencies: ['epg', 'notification'], slo: { p99Ms: 100, availability: 99.95 },
    capacity: stated(300, 3, 0.5, 1),
    deploy: deployment('grpc'),
  },
  // AI & Discovery Services
  {
    id: 'recommendation', displayName: 'Recommendation Service', kind: 'service', language: 'python', databases: ['vector'], cache: 'shared',
    produces: ['recommendations.served'], consumes: ['playback.sessions', 'bookmarks.updates', 'catalog.changes'],
    seedEvents: { produced: ['recommendation.served', 'recommendation.clicked'], consumed: ['playback.started', 'playback.stopped', 'bookmark.updated', 'catalog.title.added'] },
    dependencies: ['feature-store', 'model-serving'], slo: { p99Ms: 100, availability: 99.9 },
    capacity: { expectedRps: 3_000, minReplicas: 8, cpu: 4, memoryGb: 8 },
    deploy: deployment('http', { vpa: true }),
  },
  {
    id: 'search', displayName: 'Search Service', kind: 'service', language: 'python', databases: ['vector'], storesNotBuilt: ['elasticsearch-8'], cache: 'shared',
    produces: ['search.queries'], consumes: ['catalog.changes'],
    seedEvents: { produced: ['search.query', 'search.result.clicked'], consumed: ['catalog.title.added', 'metadata.enriched'] },
    dependencies: ['metadata'], slo: { p99Ms: 200, availability: 99.9 },
    capacity: { expectedRps: 1_000, minReplicas: 4, cpu: 4, memoryGb: 8 },
    deploy: deployment('http', { vpa: true }),
  },
  {
    id: 'model-serving', displayName: 'AI Model Serving', kind: 'service', language: 'python', databases: [], cache: 'none',
    produces: ['ai.features.updates'], consumes: [],
    seedEvents: { produced: ['model.prediction.served'], consumed: ['* (varies by model)'] },
    dependencies: ['feature-store'], externalDependencies: ['gpu-compute'], slo: { p99Ms: 50, availability: 99.9 },
    capacity: stated(1_000, 3, 2, 4),
    deploy: deployment('http'),
  },
  {
    id: 'feature-store', displayName: 'Feature Store', kind: 'service', language: 'python', databases: [], storesNotBuilt: ['s3-iceberg-offline-store (data lake ml-features/)'], cache: 'feature-store',
    // The offline store's files (the data lake's ml-features/ layer, constructs/data/data-lake.ts).
    buckets: [{ bucket: 'dataLake', prefix: 'ml-features/', access: 'read-write' }],
    produces: ['ai.features.updates'], consumes: ['playback.sessions', 'playback.heartbeats', 'bookmarks.updates', 'recommendations.served', 'search.queries'],
    seedEvents: { produced: ['features.updated'], consumed: ['* (all playback/browse events)'] },
    dependencies: [], slo: { p99Ms: 10, availability: 99.95, note: 'p99 < 10ms online' },
    capacity: stated(5_000, 3, 2, 4),
    deploy: deployment('grpc'),
  },
  // Delivery & Infrastructure Services
  {
    id: 'cdn-routing', displayName: 'CDN Routing Service', kind: 'service', language: 'go', databases: [], cache: 'shared',
    produces: ['cdn.routing.events'], consumes: ['playback.heartbeats', 'qoe.metrics'],
    seedEvents: { produced: ['cdn.route.selected', 'cdn.switch.triggered'], consumed: ['playback.heartbeat', 'qoe.metric'] },
    dependencies: ['qoe'], slo: { p99Ms: 30, availability: 99.99 },
    capacity: { expectedRps: 5_000, minReplicas: 4, cpu: 2, memoryGb: 2 },
    deploy: deployment('grpc'),
  },
  {
    id: 'token', displayName: 'Token Service (CAT)', kind: 'service', language: 'go', databases: [], cache: 'shared',
    produces: ['playback.sessions'], consumes: ['playback.sessions'],
    seedEvents: { produced: ['token.issued'], consumed: ['playback.started'] },
    dependencies: ['auth'], slo: { p99Ms: 20, availability: 99.99 },
    capacity: { expectedRps: 5_000, minReplicas: 4, cpu: 1, memoryGb: 1 },
    deploy: deployment('http', { ingress: true }),
  },
  {
    id: 'notification', displayName: 'Notification Service', kind: 'service', language: 'go', databases: [],
    storesNotBuilt: ['postgresql-16 (no row in the seed Database Architecture table)'], cache: 'shared',
    produces: ['notifications.events'], consumes: ['notifications.events', 'recommendations.served'],
    seedEvents: { produced: ['notification.sent', 'notification.clicked'], consumed: ['schedule.reminder.triggered', 'recommendation.served'] },
    dependencies: ['user', 'profile'], slo: { p99Ms: 200, availability: 99.9 },
    capacity: stated(500, 3, 0.5, 1),
    deploy: deployment('grpc'),
  },
  {
    id: 'ad', displayName: 'Ad Service (SSAI)', kind: 'service', language: 'go', databases: [],
    storesNotBuilt: ['postgresql-16 (no row in the seed Database Architecture table)'], cache: 'shared',
    produces: ['ad.events'], consumes: ['playback.sessions'],
    seedEvents: { produced: ['ad.decision.made', 'ad.impression', 'ad.completed'], consumed: ['playback.started', 'entitlement.checked'] },
    dependencies: ['playback-session', 'entitlement'], slo: { p99Ms: 100, availability: 99.9 },
    capacity: stated(2_000, 3, 1, 2),
    deploy: deployment('grpc'),
  },
  {
    id: 'qoe', displayName: 'QoE Service', kind: 'service', language: 'go', databases: [], storesNotBuilt: ['clickhouse'], cache: 'shared',
    produces: ['qoe.metrics'], consumes: ['playback.heartbeats', 'playback.sessions'],
    seedEvents: { produced: ['qoe.score.calculated', 'qoe.alert.triggered'], consumed: ['playback.heartbeat', 'playback.error'] },
    dependencies: [], slo: { p99Ms: 100, availability: 99.95 },
    capacity: stated(2_000, 3, 1, 2),
    deploy: deployment('grpc'),
  },
  {
    id: 'analytics-collector', displayName: 'Analytics Collector', kind: 'service', language: 'go', databases: [], cache: 'none',
    // "Sink to S3/Iceberg": raw event files under its own folder of the lake's bronze layer.
    buckets: [{ bucket: 'dataLake', prefix: 'bronze/analytics-collector/', access: 'write' }],
    produces: [], consumes: ALL_TOPICS,
    seedEvents: { produced: [], consumed: ['* (all events, sink to S3/Iceberg)'] },
    dependencies: [], externalDependencies: ['s3'], slo: { p99Ms: 50, availability: 99.9 },
    capacity: stated(1_000, 3, 1, 2),
    deploy: deployment('grpc'),
  },
  // BFF layer (seed 003 §2 item 7 and §7)
  bff('bff-tv', 'TV BFF', { expectedRps: 4_000, minReplicas: 6, cpu: 2, memoryGb: 4 }),
  bff('bff-mobile', 'Mobile BFF', { expectedRps: 3_000, minReplicas: 4, cpu: 2, memoryGb: 4 }),
  bff('bff-web', 'Web BFF', { expectedRps: 2_000, minReplicas: 4, cpu: 2, memoryGb: 4 }),
] as const satisfies readonly ServiceSpec[];

/** The catalog, typed by its spec (ids are literal unions; the table above keeps the literals for the completeness proof). */
export const SERVICES: readonly ServiceSpec[] = SERVICE_TABLE;

/** Compile-time proof that SERVICES has an entry for every id of SERVICE_IDS (a missing one names itself here). */
type MissingServices = Exclude<ServiceId, (typeof SERVICE_TABLE)[number]['id']>;
export const SERVICES_COMPLETE: [MissingServices] extends [never] ? true : MissingServices = true;

/** The catalog entry of a service; throws for an unknown id. */
export function serviceSpec(id: ServiceId, services: readonly ServiceSpec[] = SERVICES): ServiceSpec {
  const s = services.find((x) => x.id === id);
  if (!s) throw new Error(`service '${id}' is not in the service catalog`);
  return s;
}

/** Services that produce `topic` (the owner and any co-producers). */
export function producersOf(topic: TopicName, services: readonly ServiceSpec[] = SERVICES): ServiceSpec[] {
  return services.filter((s) => s.produces.includes(topic));
}

/** Services that consume `topic`. */
export function consumersOf(topic: TopicName, services: readonly ServiceSpec[] = SERVICES): ServiceSpec[] {
  return services.filter((s) => s.consumes.includes(topic));
}

/** Services that use a given cache. */
export function cacheUsers(cache: Exclude<CacheUsage, 'none'>, services: readonly ServiceSpec[] = SERVICES): ServiceSpec[] {
  return services.filter((s) => s.cache === cache);
}
