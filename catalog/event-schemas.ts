/**
 * One Avro schema per topic of catalog/kafka-topics.ts (seed 003 §4: "Serialization: Apache Avro with
 * Confluent Schema Registry for schema evolution"; PLATFORM.md: AWS Glue Schema Registry). Each schema is
 * owned by the topic's owner service and registered with BACKWARD compatibility unless it says otherwise,
 * so consumers on the new schema can read records written with the previous one. Every record carries the
 * same envelope (event id, type, time, producer) plus the fields of its domain; optional fields are
 * `["null", T]` with a `null` default, which is what lets them be added later without breaking BACKWARD.
 * Typed data only: the types, the default compatibility and the topic/schema rule (topicSchemaProblems)
 * belong to the library (constructs/analytics/schema-types.ts); the analytics layer registers the schemas
 * (constructs/analytics/schema-registry.ts).
 */
import type { ServiceId } from './services';
import type { TopicName } from './kafka-topics';
import type { AvroField, AvroType, EventSchemaSpec } from '../constructs/analytics/schema-types';

const NAMESPACE = 'tv.ott.events';
const timestamp = { type: 'long', logicalType: 'timestamp-millis' } as const;
const optional = (name: string, type: AvroType, doc?: string): AvroField => ({ name, type: ['null', type], default: null, ...(doc ? { doc } : {}) });
const required = (name: string, type: AvroType, doc?: string): AvroField => ({ name, type, ...(doc ? { doc } : {}) });

/** Fields every event carries, first in every record. */
function envelope(eventTypes: readonly string[], recordName: string): AvroField[] {
  return [
    required('event_id', 'string', 'UUID of the event; consumers deduplicate on it (silver layer)'),
    required('event_type', { type: 'enum', name: `${recordName}Type`, symbols: eventTypes.map((t) => t.replace(/\./g, '_').toUpperCase()) }, 'seed event name, dots as underscores'),
    required('occurred_at', timestamp, 'when the event happened (event time, partitions the lake tables)'),
    required('producer', 'string', 'service id of the producer'),
  ];
}

function event(topic: TopicName, owner: ServiceId, recordName: string, eventTypes: readonly string[], doc: string, fields: readonly AvroField[]): EventSchemaSpec {
  return { topic, owner, schema: { type: 'record', name: recordName, namespace: NAMESPACE, doc, fields: [...envelope(eventTypes, recordName), ...fields] } };
}

const device = optional('device_type', 'string', 'client family: android-tv, apple-tv, web, ios, android, smart-tv, stb');

/** The 15 schemas, in the order of the topic catalog. */
export const EVENT_SCHEMAS: readonly EventSchemaSpec[] = [
  event('playback.sessions', 'playback-session', 'PlaybackSessionEvent',
    ['playback.started', 'playback.stopped', 'playback.error', 'entitlement.checked', 'token.issued'],
    'Playback session lifecycle, keyed by user id', [
      required('session_id', 'string'), required('user_id', 'string'), optional('profile_id', 'string'), required('content_id', 'string'),
      device, optional('cdn', 'string'), optional('position_ms', 'long'), optional('error_code', 'string'),
    ]),
  event('playback.heartbeats', 'playback-session', 'PlaybackHeartbeat', ['playback.heartbeat'],
    'Periodic heartbeat of a playing session', [
      required('session_id', 'string'), required('user_id', 'string'), required('content_id', 'string'), required('position_ms', 'long'),
      optional('bitrate_kbps', 'int'), optional('buffer_ms', 'int'), optional('cdn', 'string'),
    ]),
  event('user.events', 'user', 'UserEvent',
    ['user.created', 'user.updated', 'user.deleted', 'auth.login', 'auth.logout', 'auth.token.refreshed', 'entitlement.granted',
      'entitlement.revoked', 'subscription.changed', 'profile.created', 'profile.updated', 'profile.switched'],
    'Account events keyed by user id (user, auth, profile, entitlement)', [
      required('user_id', 'string'), optional('profile_id', 'string'), optional('country', 'string'), optional('plan', 'string'),
      optional('attributes', { type: 'map', values: 'string' }),
    ]),
  event('catalog.changes', 'catalog', 'CatalogChange',
    ['catalog.title.added', 'catalog.title.updated', 'catalog.availability.changed', 'metadata.enriched', 'metadata.tags.updated'],
    'Catalog and metadata changes keyed by content id', [
      required('content_id', 'string'), optional('title', 'string'), optional('genres', { type: 'array', items: 'string' }),
      optional('available_from', timestamp), optional('available_until', timestamp), optional('regions', { type: 'array', items: 'string' }),
    ]),
  event('epg.updates', 'epg', 'EpgUpdate', ['epg.schedule.updated', 'epg.program.changed'],
    'Electronic programme guide changes keyed by channel id', [
      required('channel_id', 'string'), optional('program_id', 'string'), optional('starts_at', timestamp), optional('ends_at', timestamp), optional('title', 'string'),
    ]),
  event('recommendations.served', 'recommendation', 'RecommendationEvent', ['recommendation.served', 'recommendation.clicked'],
    'Recommendations shown and clicked', [
      required('user_id', 'string'), required('request_id', 'string'), optional('surface', 'string'), optional('model_version', 'string'),
      optional('content_ids', { type: 'array', items: 'string' }), optional('clicked_content_id', 'string'),
    ]),
  event('search.queries', 'search', 'SearchEvent', ['search.query', 'search.result.clicked'],
    'Search queries and result clicks', [
      optional('user_id', 'string'), required('query_id', 'string'), optional('query_text', 'string'), optional('result_count', 'int'),
      optional('clicked_content_id', 'string'), optional('conversational', 'boolean'),
    ]),
  event('recordings.events', 'recording', 'RecordingEvent', ['recording.scheduled', 'recording.started', 'recording.completed', 'recording.deleted'],
    'Cloud DVR recordings', [
      required('recording_id', 'string'), required('user_id', 'string'), optional('channel_id', 'string'), optional('program_id', 'string'),
    ]),
  event('bookmarks.updates', 'bookmark', 'BookmarkUpdate', ['bookmark.updated', 'bookmark.resumed'],
    'Resume points ("continue watching")', [
      required('user_id', 'string'), optional('profile_id', 'string'), required('content_id', 'string'), required('position_ms', 'long'),
    ]),
  event('notifications.events', 'notification', 'NotificationEvent',
    ['notification.sent', 'notification.clicked', 'schedule.reminder.set', 'schedule.reminder.triggered'],
    'Notifications and reminders', [
      required('user_id', 'string'), optional('notification_id', 'string'), optional('channel', 'string'), optional('template', 'string'),
    ]),
  event('qoe.metrics', 'qoe', 'QoeMetric', ['qoe.metric', 'qoe.score.calculated', 'qoe.alert.triggered'],
    'Quality-of-experience measurements and scores', [
      required('session_id', 'string'), optional('cdn', 'string'), optional('startup_ms', 'int'), optional('rebuffer_ratio', 'double'),
      optional('avg_bitrate_kbps', 'int'), optional('score', 'double'), device,
    ]),
  event('cdn.routing.events', 'cdn-routing', 'CdnRoutingEvent', ['cdn.route.selected', 'cdn.switch.triggered'],
    'CDN selection decisions', [
      required('session_id', 'string'), required('cdn', 'string'), optional('previous_cdn', 'string'), optional('region', 'string'), optional('reason', 'string'),
    ]),
  event('ad.events', 'ad', 'AdEvent', ['ad.decision.made', 'ad.impression', 'ad.completed'],
    'Server-side ad insertion decisions and impressions', [
      required('session_id', 'string'), optional('user_id', 'string'), optional('ad_id', 'string'), optional('break_id', 'string'), optional('duration_ms', 'int'),
    ]),
  event('ai.features.updates', 'feature-store', 'FeatureUpdate', ['features.updated', 'model.prediction.served'],
    'Feature values written to the online store, and predictions served', [
      required('entity_type', 'string', 'user_id, content_id, channel_id, cdn_id or session_id'), required('entity_id', 'string'),
      required('feature_group', 'string'), optional('values', { type: 'map', values: 'double' }), optional('model_version', 'string'),
    ]),
  event('content.ingest.events', 'content-ingest', 'ContentIngestEvent',
    ['ingest.started', 'ingest.completed', 'ingest.failed', 'encoding.started', 'encoding.completed', 'encoding.failed',
      'ai.enrichment.completed', 'epg.ingest.completed'],
    'Ingest, encoding and enrichment pipeline progress', [
      required('content_id', 'string'), optional('asset_uri', 'string'), optional('stage', 'string'), optional('error', 'string'),
    ]),
];
