import { z } from 'zod';
import { LOG_RETENTION_DAYS } from '../constructs/core/logs';
import { MWAA_AIRFLOW_VERSIONS, MWAA_ENVIRONMENT_CLASSES } from '../constructs/analytics/airflow-environment';
import { FLINK_RUNTIMES } from '../constructs/analytics/flink-application';
import { MSK_CONNECT_VERSIONS } from '../constructs/analytics/kafka-iceberg-sink';
import { bedrockModelIdProblem } from '../constructs/analytics/ml-access';
import { OPENSEARCH_VERSIONS, searchTopologyProblem } from '../constructs/analytics/search-domain';

/**
 * `regions.<region>.analytics`: the data platform of a region (issue 17, docs/data-platform.md). Needs the
 * region's `data` (MSK, data lake) and `cluster` (EMR on EKS). Every default of the layer is written here.
 */

const logRetention = z.number().int()
  .refine((d) => LOG_RETENTION_DAYS.includes(d), { message: `must be one of the retention values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}` });

const searchSchema = z.strictObject({
  /** OpenSearch engine (the seed's Elasticsearch 8 role). */
  engineVersion: z.enum(OPENSEARCH_VERSIONS as [string, ...string[]]).default('OpenSearch_2.19'),
  /** Data node type. */
  instanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/, 'must be an OpenSearch instance type such as r6g.xlarge.search'),
  dataNodes: z.number().int().min(1).max(80),
  /** AZs the data nodes spread over (1-3). */
  zones: z.number().int().min(1).max(3),
  /** Dedicated master nodes: 0, 3 or 5. */
  dedicatedMasters: z.number().int().default(0),
  /** Master node type; defaults to the data node family's large size. */
  masterInstanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/).optional(),
  /** UltraWarm nodes (audit logs searchable for 90 days, seed 003 §4); 0 = no warm tier. */
  warmNodes: z.number().int().min(0).max(150).default(0),
  /** Index data to hold, GB (seed 003 §4 "Search Index: 200 GB"). */
  sourceGb: z.number().positive().default(200),
  /** Replica shards per primary. */
  replicas: z.number().int().min(0).max(2).default(1),
  /** Growth headroom on top of AWS's storage rule. */
  storageHeadroom: z.number().min(1).max(5).default(1.25),
});

const sinkSchema = z.strictObject({
  kafkaConnectVersion: z.enum(MSK_CONNECT_VERSIONS as [string, ...string[]]).default('2.7.1'),
  /** MSK Connect units per worker (1 MCU = 1 vCPU, 4 GiB). */
  mcuCount: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]).default(1),
  minWorkers: z.number().int().min(1).max(10).default(1),
  maxWorkers: z.number().int().min(1).max(10).default(2),
  /** Seconds between Iceberg commits of the bronze tables. */
  commitIntervalSeconds: z.number().int().min(10).max(3600).default(300),
  /** Key of the connector plugin zip in the artifacts bucket. */
  pluginKey: z.string().regex(/^connectors\/[A-Za-z0-9._/-]+\.zip$/, 'must be a .zip key under connectors/').default('connectors/iceberg-kafka-connect.zip'),
});

const flinkSchema = z.strictObject({
  runtime: z.enum(FLINK_RUNTIMES as [string, ...string[]]).default('FLINK-1_19'),
  parallelism: z.number().int().min(1).max(1000),
  parallelismPerKpu: z.number().int().min(1).max(8).default(1),
  autoScaling: z.boolean().default(true),
  checkpointIntervalSeconds: z.number().int().min(1).max(3600).default(60),
  /** Key of the job jar in the artifacts bucket. */
  artifactKey: z.string().regex(/^flink\/[A-Za-z0-9._/-]+\.(jar|zip)$/, 'must be a .jar or .zip key under flink/').default('flink/stream-jobs.jar'),
});

const sparkSchema = z.strictObject({
  /** Kubernetes namespace of the EMR on EKS virtual cluster (catalog/namespaces.ts). */
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name').default('emr-spark'),
});

const airflowSchema = z.strictObject({
  airflowVersion: z.enum(MWAA_AIRFLOW_VERSIONS as [string, ...string[]]).default('2.10.3'),
  environmentClass: z.enum(MWAA_ENVIRONMENT_CLASSES as [string, ...string[]]).default('mw1.small'),
  minWorkers: z.number().int().min(1).max(25).default(1),
  maxWorkers: z.number().int().min(1).max(25).default(5),
});

const bedrockSchema = z.strictObject({
  /** Foundation models the Search and Metadata services may invoke (seed 003 §6: Claude Sonnet for quality, Haiku for latency). */
  models: z.array(z.string().refine((m) => !bedrockModelIdProblem(m), { message: 'must be a Bedrock foundation-model id such as anthropic.claude-3-5-haiku-20241022-v1:0' })).min(1)
    .default(['anthropic.claude-3-5-sonnet-20241022-v2:0', 'anthropic.claude-3-5-haiku-20241022-v1:0']),
  /** Create the account/region's model-invocation logging configuration (one per account and region). */
  invocationLogging: z.boolean().default(true),
});

export const analyticsSchema = z.strictObject({
  /** Days the layer's CloudWatch logs are kept. */
  logRetentionDays: logRetention.default(90),
  search: searchSchema,
  sink: sinkSchema.prefault({}),
  flink: flinkSchema,
  spark: sparkSchema.prefault({}),
  airflow: airflowSchema.prefault({}),
  bedrock: bedrockSchema.prefault({}),
});

export type AnalyticsConfig = z.output<typeof analyticsSchema>;

/** Cross-field rules of `regions.<region>.analytics`; called from the environment schema's superRefine. */
export function refineAnalyticsConfig(region: string, azCount: number, hasData: boolean, hasCluster: boolean, a: AnalyticsConfig, ctx: z.RefinementCtx): void {
  const base = ['regions', region, 'analytics'];
  if (!hasData) ctx.addIssue({ code: 'custom', path: base, message: 'needs regions.' + region + '.data in the primary region (MSK clusters and the data lake it reads and writes; a secondary\'s data layer holds no data lake)' });
  if (!hasCluster) ctx.addIssue({ code: 'custom', path: base, message: 'needs regions.' + region + '.cluster (EMR on EKS runs Spark on it)' });
  const s = a.search;
  const topology = searchTopologyProblem({ dataNodes: s.dataNodes, zones: s.zones, dedicatedMasters: s.dedicatedMasters, warmNodes: s.warmNodes, instanceType: s.instanceType });
  if (topology) ctx.addIssue({ code: 'custom', path: [...base, 'search'], message: topology });
  if (s.zones > azCount) ctx.addIssue({ code: 'custom', path: [...base, 'search', 'zones'], message: `${s.zones} zones requested but the region has azCount ${azCount}` });
  if (a.sink.maxWorkers < a.sink.minWorkers) ctx.addIssue({ code: 'custom', path: [...base, 'sink', 'maxWorkers'], message: `must be at least minWorkers (${a.sink.minWorkers})` });
  if (a.airflow.maxWorkers < a.airflow.minWorkers) ctx.addIssue({ code: 'custom', path: [...base, 'airflow', 'maxWorkers'], message: `must be at least minWorkers (${a.airflow.minWorkers})` });
}
