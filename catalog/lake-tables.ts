/**
 * The Iceberg tables of the data lake, by layer (seed 003 §4 "Data Lake Architecture"), with the
 * retention of the seed's "Data Retention Policies" row each table's data falls under. Typed data only:
 * the analytics layer creates them in the Glue Data Catalog and refuses a table whose retention
 * contradicts its layer's lifecycle rule (constructs/analytics/lakehouse.ts, lakeTableRetentionProblem).
 *
 * Bronze has one table per Kafka topic (raw events as received, Avro data files, columns from the
 * topic's Avro schema): they are derived from catalog/event-schemas.ts, not listed here; the analytics
 * stack gives them bronzeRetentionOf(topic): 2 years for playback events, 90 days for the others
 * (constructs/analytics/lakehouse.ts, bronzeTableOf). The table types
 * belong to the library (constructs/analytics/lake-types.ts).
 */

import type { LakeColumn, LakeRetention, LakeTableSpec } from '../constructs/analytics/lake-types';

const PLAYBACK = 'Playback events: 3 days (Kafka), 90 days (Iceberg), 2 years (S3 Glacier), total 2 years';
const SILVER = 'Silver (Cleaned): retention 1 year; EPG schedule and QoE metrics: 1 year (Iceberg)';
const GOLD = 'Gold (Aggregated): retention indefinite';
const ML = 'ML training data: 1 year (Iceberg), indefinite (S3 Glacier)';

/** Retention of the raw playback-event tables (the seed's playback-events row is the bronze layer's rule), passed to bronzeTableOf by the analytics stack. */
export const BRONZE_RETENTION: LakeRetention = { queryableDays: 90, totalDays: 730, row: PLAYBACK };

/** Retention of every other raw-event table: "Bronze (Raw) ... Retention: 90 days" (the data layer's per-table rules, rawEventRetentionRules). */
export const BRONZE_RAW_RETENTION: LakeRetention = { queryableDays: 90, totalDays: 90, row: 'Bronze (Raw): retention 90 days' };

/** True for the topics whose raw events are playback events (kept 2 years under their own bronze prefixes). */
export function isPlaybackEventTopic(topic: string): boolean {
  return topic.startsWith('playback.');
}

/** Bronze retention of a topic's raw-event table. */
export function bronzeRetentionOf(topic: string): LakeRetention {
  return isPlaybackEventTopic(topic) ? BRONZE_RETENTION : BRONZE_RAW_RETENTION;
}

const silver: LakeRetention = { queryableDays: 365, totalDays: 365, row: SILVER };
const gold: LakeRetention = { queryableDays: 'indefinite', totalDays: 'indefinite', row: GOLD };
const features: LakeRetention = { queryableDays: 365, totalDays: 'indefinite', row: ML };

const ts = (name: string, comment?: string): LakeColumn => ({ name, type: 'timestamp', ...(comment ? { comment } : {}) });
const str = (name: string): LakeColumn => ({ name, type: 'string' });
const big = (name: string): LakeColumn => ({ name, type: 'bigint' });
const dbl = (name: string): LakeColumn => ({ name, type: 'double' });
const day: LakeColumn = { name: 'event_date', type: 'date', comment: 'partition (day of occurred_at)' };

/** Silver, gold and ML-feature tables. */
export const LAKE_TABLES: readonly LakeTableSpec[] = [
  { layer: 'silver', name: 'playback_sessions', description: 'Deduplicated, validated playback sessions (starts, stops, errors)', writer: 'flink', retention: silver,
    columns: [str('event_id'), str('event_type'), ts('occurred_at'), day, str('session_id'), str('user_id'), str('content_id'), str('device_type'), str('cdn'), big('position_ms')] },
  { layer: 'silver', name: 'qoe_metrics', description: 'QoE measurements joined to sessions', writer: 'flink', retention: silver,
    columns: [str('event_id'), ts('occurred_at'), day, str('session_id'), str('cdn'), { name: 'startup_ms', type: 'int' }, dbl('rebuffer_ratio'), dbl('score')] },
  { layer: 'silver', name: 'epg_schedule', description: 'EPG schedule history (1 year)', writer: 'flink', retention: silver,
    columns: [str('event_id'), ts('occurred_at'), day, str('channel_id'), str('program_id'), ts('starts_at'), ts('ends_at'), str('title')] },
  { layer: 'silver', name: 'user_events', description: 'Account events, PII minimised', writer: 'flink', retention: silver,
    columns: [str('event_id'), str('event_type'), ts('occurred_at'), day, str('user_id'), str('country'), str('plan')] },
  { layer: 'silver', name: 'engagement_events', description: 'Bookmarks, recommendations, searches and ad events in one enriched stream', writer: 'flink', retention: silver,
    columns: [str('event_id'), str('event_type'), ts('occurred_at'), day, str('user_id'), str('content_id'), str('source_topic')] },
  { layer: 'gold', name: 'daily_active_users', description: 'Daily active users by country, plan and device', writer: 'spark', retention: gold,
    columns: [day, str('country'), str('plan'), str('device_type'), big('active_users')] },
  { layer: 'gold', name: 'content_engagement', description: 'Daily engagement score per title', writer: 'spark', retention: gold,
    columns: [day, str('content_id'), big('plays'), big('watch_seconds'), dbl('completion_rate'), dbl('engagement_score')] },
  { layer: 'gold', name: 'session_summaries', description: 'One row per playback session with its QoE summary', writer: 'spark', retention: gold,
    columns: [day, str('session_id'), str('user_id'), str('content_id'), big('watch_seconds'), dbl('rebuffer_ratio'), str('cdn')] },
  { layer: 'ml-features', name: 'user_viewing_history', description: 'Feature group "User viewing history" (25 features, user_id)', writer: 'spark', retention: features,
    columns: [str('user_id'), ts('event_time'), day, { name: 'features', type: 'map<string,double>' }] },
  { layer: 'ml-features', name: 'user_genre_preferences', description: 'Feature group "User genre preferences" (15 features, user_id)', writer: 'spark', retention: features,
    columns: [str('user_id'), ts('event_time'), day, { name: 'features', type: 'map<string,double>' }] },
  { layer: 'ml-features', name: 'content_features', description: 'Feature groups "Content metadata", "Content popularity" and "Content embeddings" (content_id)', writer: 'spark', retention: features,
    columns: [str('content_id'), ts('event_time'), day, { name: 'features', type: 'map<string,double>' }, { name: 'embedding', type: 'array<float>' }] },
  { layer: 'ml-features', name: 'delivery_features', description: 'Feature groups "Channel performance", "CDN performance" and "Session context"', writer: 'flink', retention: features,
    columns: [str('entity_type'), str('entity_id'), ts('event_time'), day, { name: 'features', type: 'map<string,double>' }] },
];
