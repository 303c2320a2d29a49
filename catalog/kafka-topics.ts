/**
 * The Kafka topic catalog of seed 003 §4 ("Kafka Topic Catalog"), as typed data. The data layer creates
 * every topic with `aws_msk_topic` on the cluster named here and checks the catalog against the service
 * catalog (catalog/catalog-validation.ts).
 */
import type { ServiceId } from './services';

/** The MSK clusters of seed 003 §4 "Kafka Cluster Configuration". */
export const KAFKA_CLUSTER_NAMES = ['realtime', 'analytics'] as const;
export type KafkaClusterName = (typeof KAFKA_CLUSTER_NAMES)[number];

/** The 15 topic names of the seed's catalog. */
export const TOPIC_NAMES = [
  'playback.sessions', 'playback.heartbeats', 'user.events', 'catalog.changes', 'epg.updates',
  'recommendations.served', 'search.queries', 'recordings.events', 'bookmarks.updates', 'notifications.events',
  'qoe.metrics', 'cdn.routing.events', 'ad.events', 'ai.features.updates', 'content.ingest.events',
] as const;
export type TopicName = (typeof TOPIC_NAMES)[number];

export interface KafkaTopicSpec {
  /** Topic name as created on the cluster. */
  readonly name: TopicName;
  readonly partitions: number;
  /** How long records are kept, e.g. `3d`, `72h`, `30 days` (see {@link parseRetention}). */
  readonly retention: string;
  /** Phase 1 throughput from the seed, messages per second (documentation and sizing only). */
  readonly phase1MessagesPerSecond: number;
  /** The service that owns (and produces) the topic; an id of catalog/services.ts. */
  readonly owner: ServiceId;
  /** Which MSK cluster hosts the topic. */
  readonly cluster: KafkaClusterName;
}

/**
 * Cluster placement: the seed's real-time cluster is "dedicated for playback events, session events and
 * real-time signals" (3-day cluster default), the analytics cluster (30-day default) takes everything
 * with longer retention or analytical use. Real-time: the playback, QoE, CDN-routing, recommendation,
 * search, bookmark (driven by heartbeats) and feature-update streams. Analytics: user, catalog, EPG,
 * recording, notification, ad and ingest events. The seed's "analytics receives all events": the data
 * layer replicates every real-time topic into the analytics cluster of the same region with MSK Replicator
 * ({@link analyticsFanInTopics}, docs/replication.md).
 */
const TOPIC_TABLE = [
  { name: 'playback.sessions', partitions: 32, retention: '3d', phase1MessagesPerSecond: 5_000, owner: 'playback-session', cluster: 'realtime' },
  { name: 'playback.heartbeats', partitions: 64, retention: '1d', phase1MessagesPerSecond: 50_000, owner: 'playback-session', cluster: 'realtime' },
  { name: 'user.events', partitions: 16, retention: '7d', phase1MessagesPerSecond: 500, owner: 'user', cluster: 'analytics' },
  { name: 'catalog.changes', partitions: 8, retention: '30d', phase1MessagesPerSecond: 50, owner: 'catalog', cluster: 'analytics' },
  { name: 'epg.updates', partitions: 8, retention: '7d', phase1MessagesPerSecond: 200, owner: 'epg', cluster: 'analytics' },
  { name: 'recommendations.served', partitions: 16, retention: '3d', phase1MessagesPerSecond: 3_000, owner: 'recommendation', cluster: 'realtime' },
  { name: 'search.queries', partitions: 8, retention: '3d', phase1MessagesPerSecond: 1_000, owner: 'search', cluster: 'realtime' },
  { name: 'recordings.events', partitions: 16, retention: '30d', phase1MessagesPerSecond: 200, owner: 'recording', cluster: 'analytics' },
  { name: 'bookmarks.updates', partitions: 32, retention: '7d', phase1MessagesPerSecond: 10_000, owner: 'bookmark', cluster: 'realtime' },
  { name: 'notifications.events', partitions: 8, retention: '7d', phase1MessagesPerSecond: 500, owner: 'notification', cluster: 'analytics' },
  { name: 'qoe.metrics', partitions: 32, retention: '3d', phase1MessagesPerSecond: 20_000, owner: 'qoe', cluster: 'realtime' },
  { name: 'cdn.routing.events', partitions: 16, retention: '3d', phase1MessagesPerSecond: 5_000, owner: 'cdn-routing', cluster: 'realtime' },
  { name: 'ad.events', partitions: 16, retention: '30d', phase1MessagesPerSecond: 2_000, owner: 'ad', cluster: 'analytics' },
  { name: 'ai.features.updates', partitions: 16, retention: '7d', phase1MessagesPerSecond: 5_000, owner: 'feature-store', cluster: 'realtime' },
  { name: 'content.ingest.events', partitions: 4, retention: '30d', phase1MessagesPerSecond: 10, owner: 'content-ingest', cluster: 'analytics' },
] as const satisfies readonly KafkaTopicSpec[];

/** The catalog, typed by its spec (ids are literal unions; the table above keeps the literals for the completeness proof). */
export const KAFKA_TOPICS: readonly KafkaTopicSpec[] = TOPIC_TABLE;

/** Compile-time proof that KAFKA_TOPICS has an entry for every name of TOPIC_NAMES. */
type MissingTopics = Exclude<TopicName, (typeof TOPIC_TABLE)[number]['name']>;
export const KAFKA_TOPICS_COMPLETE: [MissingTopics] extends [never] ? true : MissingTopics = true;

/**
 * How the seed's event names (service catalog, "Events Produced/Consumed") map onto the 15 topics. The
 * seed names ~60 events but only 15 topics; events travel on the topic of their domain, keyed by user or
 * content id. Choices that are not obvious:
 * - `auth.*`, `profile.*`, `entitlement.granted/revoked` and `subscription.changed` are account events
 *   keyed by user id: `user.events`.
 * - `entitlement.checked` and `token.issued` happen once per playback start: `playback.sessions`.
 * - `metadata.*` are catalog changes: `catalog.changes`; `encoding.*`, `ai.enrichment.completed` and
 *   `epg.ingest.completed` belong to the ingest pipeline: `content.ingest.events`.
 * - `schedule.reminder.*` feed the notification service: `notifications.events`.
 * - `model.prediction.served` is logged next to feature updates: `ai.features.updates`.
 * - `qoe.metric` (consumed by CDN routing) is the QoE service's stream: `qoe.metrics`.
 */
export const SEED_EVENT_TOPICS: Readonly<Record<string, TopicName>> = {
  'user.created': 'user.events', 'user.updated': 'user.events', 'user.deleted': 'user.events',
  'auth.login': 'user.events', 'auth.logout': 'user.events', 'auth.token.refreshed': 'user.events',
  'entitlement.granted': 'user.events', 'entitlement.revoked': 'user.events', 'entitlement.checked': 'playback.sessions',
  'subscription.changed': 'user.events',
  'profile.created': 'user.events', 'profile.updated': 'user.events', 'profile.switched': 'user.events',
  'catalog.title.added': 'catalog.changes', 'catalog.title.updated': 'catalog.changes', 'catalog.availability.changed': 'catalog.changes',
  'metadata.enriched': 'catalog.changes', 'metadata.tags.updated': 'catalog.changes',
  'epg.schedule.updated': 'epg.updates', 'epg.program.changed': 'epg.updates',
  'epg.ingest.completed': 'content.ingest.events', 'ai.enrichment.completed': 'content.ingest.events',
  'ingest.started': 'content.ingest.events', 'ingest.completed': 'content.ingest.events', 'ingest.failed': 'content.ingest.events',
  'encoding.started': 'content.ingest.events', 'encoding.completed': 'content.ingest.events', 'encoding.failed': 'content.ingest.events',
  'playback.started': 'playback.sessions', 'playback.stopped': 'playback.sessions', 'playback.error': 'playback.sessions',
  'playback.heartbeat': 'playback.heartbeats',
  'bookmark.updated': 'bookmarks.updates', 'bookmark.resumed': 'bookmarks.updates',
  'recording.scheduled': 'recordings.events', 'recording.started': 'recordings.events', 'recording.completed': 'recordings.events', 'recording.deleted': 'recordings.events',
  'schedule.reminder.set': 'notifications.events', 'schedule.reminder.triggered': 'notifications.events',
  'recommendation.served': 'recommendations.served', 'recommendation.clicked': 'recommendations.served',
  'search.query': 'search.queries', 'search.result.clicked': 'search.queries',
  'model.prediction.served': 'ai.features.updates', 'features.updated': 'ai.features.updates',
  'cdn.route.selected': 'cdn.routing.events', 'cdn.switch.triggered': 'cdn.routing.events',
  'token.issued': 'playback.sessions',
  'notification.sent': 'notifications.events', 'notification.clicked': 'notifications.events',
  'ad.decision.made': 'ad.events', 'ad.impression': 'ad.events', 'ad.completed': 'ad.events',
  'qoe.score.calculated': 'qoe.metrics', 'qoe.alert.triggered': 'qoe.metrics', 'qoe.metric': 'qoe.metrics',
};

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000, w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

/**
 * Parses a retention such as `3d`, `72h`, `30 days` or `1 week` into milliseconds (Kafka's
 * `retention.ms`). Returns undefined for anything else, including zero and negative values.
 */
export function parseRetention(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNIT_MS[m[2].toLowerCase()];
  const n = Number(m[1]);
  if (unit === undefined || n <= 0) return undefined;
  return n * unit;
}

/** The catalog entry of a topic; throws for a name not in the catalog. */
export function topicSpec(name: TopicName, topics: readonly KafkaTopicSpec[] = KAFKA_TOPICS): KafkaTopicSpec {
  const t = topics.find((x) => x.name === name);
  if (!t) throw new Error(`topic '${name}' is not in the Kafka topic catalog`);
  return t;
}

/**
 * Topics the data layer replicates from the real-time cluster into the analytics cluster of the same
 * region, so that the analytics cluster "receives all events" (seed 003 §4): every topic that lives only
 * on the real-time cluster. With the topics it hosts itself, the analytics cluster then holds the whole
 * catalog.
 */
export function analyticsFanInTopics(topics: readonly KafkaTopicSpec[] = KAFKA_TOPICS): TopicName[] {
  return topics.filter((t) => t.cluster === 'realtime').map((t) => t.name);
}

/**
 * Real-time topics replicated between the regions' real-time clusters in phase 4 (active-active, seed
 * 003 §10 "MirrorMaker for cross-region replication"), and why. The others stay regional: heartbeats,
 * QoE, CDN-routing, search and served-recommendation streams describe the sessions of the region that
 * produced them, and each region's analytics cluster receives its own.
 */
export const CROSS_REGION_TOPICS: Readonly<Partial<Record<TopicName, string>>> = {
  'playback.sessions': 'concurrent-stream limits and entitlement checks count a user\'s sessions in every region',
  'bookmarks.updates': 'a resume point written in one region must be there when the user is served by the other',
  'ai.features.updates': 'the online feature store of each region applies the same feature updates',
};
