/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped synthesized Terraform JSON */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import * as avro from 'avsc';
import { loadEnvironment } from '../environments/load';
import { EnvironmentConfig } from '../environments/schema';
import { AnalyticsCatalogs, AnalyticsStack, regionCode } from '../stacks/analytics-stack';
import { ClusterStack } from '../stacks/cluster-stack';
import { DataStack } from '../stacks/data-stack';
import { resolveEnvironment } from '../plan/environment';
import { NetworkStack } from '../stacks/network-stack';
import { LAYERS } from '../stacks/naming';
import { EVENT_SCHEMAS } from '../catalog/event-schemas';
import { KAFKA_TOPICS } from '../catalog/kafka-topics';
import { BRONZE_RETENTION, LAKE_TABLES } from '../catalog/lake-tables';
import { PLATFORM_NAMESPACES } from '../catalog/namespaces';
import { DEFAULT_DATA_LAKE_LAYERS } from '../constructs/data/data-lake';
import { bronzeTableOf, glueTypeOf, lakeTableRetentionProblem, layerRetention } from '../constructs/analytics/lakehouse';
import { DEFAULT_SCHEMA_COMPATIBILITY, topicSchemaProblems } from '../constructs/analytics/schema-types';
import { searchDomainNameProblem, searchTopologyProblem, searchVolumeGb } from '../constructs/analytics/search-domain';
import { airflowBucketNameProblem } from '../constructs/analytics/airflow-environment';
import { bedrockModelIdProblem } from '../constructs/analytics/ml-access';
import { base36RoleName, nonResourceActions } from '../constructs/analytics/iam';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { DATA_ACTIONS } from '../tools/policy/rules';
import { ANALYTICS_DATA_ACTIONS } from '../tools/policy/analytics-rules';
import { actionMatches } from '../tools/policy/iam-documents';
import { runPolicy } from '../tools/policy/run';
import { loadSuppressions } from '../tools/policy/suppressions';
import { estimateCost } from '../tools/cost/model';
import { readSynth } from '../tools/tfjson';
import { deployOrder } from '../tools/deploy-order';
import { envFromYaml, synthEnvironments, testStack } from './helpers';

type Res = Record<string, any>;

function synth(name: string): { dir: string; json: any } {
  const dir = synthEnvironments([loadEnvironment(name)]).outdir; // the run's synth of the checked-in environment (test/helpers.ts)
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', `${name}-eu-west-1-analytics`, 'cdk.tf.json'), 'utf8'));
  return { dir, json };
}
const list = (json: any, type: string): Res[] => Object.values(json.resource[type] ?? {});

/** Builds the stacks of one region up to analytics, with altered catalogs (construction is enough to throw). */
function buildAnalytics(env: EnvironmentConfig, catalogs: AnalyticsCatalogs): void {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'analytics-build-')) });
  const region = 'eu-west-1';
  const { context, regions } = resolveEnvironment(env);
  const plan = regions[region];
  const network = new NetworkStack(app, { context, region, plan: plan.network });
  const data = new DataStack(app, { context, region, plan: plan.data!, network: network.outputs });
  const cluster = new ClusterStack(app, { context, region, plan: plan.cluster!, network: network.outputs, data: data.outputs });
  new AnalyticsStack(app, {
    context, region, plan: plan.analytics!, catalogs, network: network.outputs.network,
    data: { kafkaClusters: data.kafkaClusters, dataLake: data.buckets.dataLake, modelArtifacts: data.buckets.modelArtifacts, accessLogsBucketName: data.buckets.accessLogs.bucketName, clientSecurityGroupId: data.outputs.clientSecurityGroupId },
    cluster: cluster.cluster,
  });
}
const CATALOGS: AnalyticsCatalogs = { topics: KAFKA_TOPICS, schemas: EVENT_SCHEMAS, lakeTables: LAKE_TABLES };

describe('event schemas (catalog/event-schemas.ts)', () => {
  test('one structurally valid Avro schema per topic, owned by the topic owner, BACKWARD by default', () => {
    expect(EVENT_SCHEMAS).toHaveLength(15);
    expect(topicSchemaProblems(KAFKA_TOPICS, EVENT_SCHEMAS)).toEqual([]);
    for (const s of EVENT_SCHEMAS) {
      const type = avro.Type.forSchema(s.schema as unknown as avro.Schema);
      expect(type.typeName).toBe('record');
      expect(s.owner).toBe(KAFKA_TOPICS.find((t) => t.name === s.topic)!.owner);
      expect(s.compatibility ?? DEFAULT_SCHEMA_COMPATIBILITY).toBe('BACKWARD');
      // Every optional field has a null default, so adding it was a BACKWARD-compatible change.
      for (const f of s.schema.fields) if (Array.isArray(f.type)) expect(f.default).toBeNull();
    }
  });

  test('a record written with an old schema is readable with the current one (BACKWARD resolution)', () => {
    const current = EVENT_SCHEMAS.find((s) => s.topic === 'search.queries')!.schema;
    const old = { ...current, fields: current.fields.filter((f) => f.name !== 'conversational') };
    const writer = avro.Type.forSchema(old as unknown as avro.Schema);
    const reader = avro.Type.forSchema(current as unknown as avro.Schema);
    const buf = writer.toBuffer({ event_id: 'e1', event_type: 'SEARCH_QUERY', occurred_at: 0, producer: 'search', user_id: null, query_id: 'q1', query_text: null, result_count: null, clicked_content_id: null });
    const decoded = reader.fromBuffer(buf, reader.createResolver(writer)) as Record<string, unknown>;
    expect(decoded.query_id).toBe('q1');
    expect(decoded.conversational).toBeNull();
  });

  test('missing, duplicate, foreign-owned and orphan schemas are each named', () => {
    const without = EVENT_SCHEMAS.filter((s) => s.topic !== 'qoe.metrics');
    expect(topicSchemaProblems(KAFKA_TOPICS, without)).toEqual(["topic 'qoe.metrics' (owner 'qoe') has no Avro schema in catalog/event-schemas.ts; every topic needs one"]);
    expect(topicSchemaProblems(KAFKA_TOPICS, [...EVENT_SCHEMAS, EVENT_SCHEMAS[0]])[0]).toMatch(/topic 'playback.sessions' has 2 schemas/);
    expect(topicSchemaProblems(KAFKA_TOPICS, EVENT_SCHEMAS.map((s) => (s.topic === 'ad.events' ? { ...s, owner: 'search' } : s)))[0]).toMatch(/owned by 'search', but the topic's owner is 'ad'/);
    expect(topicSchemaProblems(KAFKA_TOPICS.slice(1), EVENT_SCHEMAS)[0]).toMatch(/'playback.sessions' names a topic that is not in catalog\/kafka-topics.ts/);
  });
});

describe('lake tables and retention', () => {
  test('layer retention comes from the data-lake lifecycle rules', () => {
    const byId = Object.fromEntries(DEFAULT_DATA_LAKE_LAYERS.map((l) => [l.id, layerRetention(l)]));
    expect(byId).toEqual({
      bronze: { queryableDays: 90, totalDays: 730 }, silver: { queryableDays: 365, totalDays: 365 },
      gold: { queryableDays: 'indefinite', totalDays: 'indefinite' }, 'ml-features': { queryableDays: 365, totalDays: 'indefinite' },
    });
    for (const t of [...EVENT_SCHEMAS.map((s) => bronzeTableOf(s, BRONZE_RETENTION)), ...LAKE_TABLES]) expect(lakeTableRetentionProblem(t, DEFAULT_DATA_LAKE_LAYERS)).toBeUndefined();
  });

  test('a table whose retention contradicts its layer, or names no layer, is refused naming it', () => {
    const bad = { ...LAKE_TABLES.find((t) => t.name === 'qoe_metrics')!, retention: { queryableDays: 730, totalDays: 730, row: 'x' } };
    expect(lakeTableRetentionProblem(bad, DEFAULT_DATA_LAKE_LAYERS)).toMatch(/^lake table 'silver.qoe_metrics': retention 730 days queryable \/ 730 total contradicts layer 'silver'/);
    expect(lakeTableRetentionProblem({ ...bad, layer: 'platinum' }, DEFAULT_DATA_LAKE_LAYERS)).toMatch(/layer 'platinum' is not a layer of the data lake/);
  });

  test('Avro types map to Glue types', () => {
    expect(glueTypeOf(['null', 'long'])).toBe('bigint');
    expect(glueTypeOf({ type: 'long', logicalType: 'timestamp-millis' })).toBe('timestamp');
    expect(glueTypeOf({ type: 'map', values: 'double' })).toBe('map<string,double>');
    expect(glueTypeOf({ type: 'array', items: 'string' })).toBe('array<string>');
    expect(glueTypeOf({ type: 'enum', name: 'E', symbols: ['A'] })).toBe('string');
    expect(() => glueTypeOf(['null', 'long', 'string'])).toThrow(/more than one non-null branch/);
  });
});

describe('rules shared by the schema and the constructs', () => {
  test('search sizing: 200 GB x 2 copies x 1.45 x 1.25 over 3 nodes -> 250 GiB each', () => {
    expect(searchVolumeGb(200, 1, 1.25, 3)).toBe(250);
    expect(searchVolumeGb(20, 1, 1.25, 1)).toBe(80);
  });

  test('each topology, name, bucket, model and action rule refuses a bad value', () => {
    const ok = { dataNodes: 3, zones: 3, dedicatedMasters: 3, warmNodes: 2, instanceType: 'r6g.xlarge.search' };
    expect(searchTopologyProblem(ok)).toBeUndefined();
    expect(searchTopologyProblem({ ...ok, dataNodes: 4 })).toMatch(/4 data nodes cannot be spread evenly over 3 zones/);
    expect(searchTopologyProblem({ ...ok, zones: 4, dataNodes: 4 })).toMatch(/zones must be 1, 2 or 3/);
    expect(searchTopologyProblem({ ...ok, dedicatedMasters: 2 })).toMatch(/dedicatedMasters must be 0, 3 or 5/);
    expect(searchTopologyProblem({ ...ok, dedicatedMasters: 0 })).toMatch(/UltraWarm nodes need dedicated master nodes/);
    expect(searchTopologyProblem({ ...ok, warmNodes: 1 })).toMatch(/at least 2 warm nodes/);
    expect(searchTopologyProblem({ ...ok, instanceType: 't3.medium.search' })).toMatch(/UltraWarm is not available with t3.medium.search/);
    expect(searchDomainNameProblem('production-ap-southeast-1-search')).toMatch(/3-28 lower-case/);
    expect(searchDomainNameProblem(`production-${regionCode('ap-southeast-1')}-search`)).toBeUndefined();
    expect(airflowBucketNameProblem('prod-dags')).toMatch(/must start with 'airflow-'/);
    expect(bedrockModelIdProblem('anthropic.*')).toMatch(/not a Bedrock foundation-model id/);
    expect(bedrockModelIdProblem('anthropic.claude-3-5-haiku-20241022-v1:0')).toBeUndefined();
    const stack = testStack();
    const role = new IamRole(stack, 'r', { name: 'r', assumeRolePolicy: '{}' });
    expect(() => nonResourceActions(stack, 'bad', role, ['s3:GetObject'])).toThrow(/s3:GetObject may not be granted on Resource "\*"/);
    expect(base36RoleName('a')).toBe((97).toString(36));
  });

  test('environment schema: analytics needs data and cluster; topology, zones and models are checked with the file and key path', () => {
    const base = fs.readFileSync(path.join(__dirname, '..', 'environments', 'dev.yaml'), 'utf8');
    const noCluster = base.replace(/\n {4}cluster:\n(?: {6}.*\n| {8}.*\n| {10}.*\n)*/, '\n');
    expect(() => envFromYaml('dev', noCluster)).toThrow(/environments\/dev.yaml: regions.eu-west-1.analytics: needs regions.eu-west-1.cluster/);
    expect(() => envFromYaml('dev', base.replace('        dataNodes: 1\n        zones: 1', '        dataNodes: 2\n        zones: 3')))
      .toThrow(/regions.eu-west-1.analytics.search: 2 data nodes cannot be spread evenly over 3 zones/);
    expect(() => envFromYaml('dev', base.replace('        invocationLogging: false', '        models: [claude]\n        invocationLogging: false')))
      .toThrow(/regions.eu-west-1.analytics.bedrock.models\[0\]: must be a Bedrock foundation-model id/);
  });
});

describe('analytics stack', () => {
  const prod = synth('production');
  const dev = synth('dev');
  afterAll(() => {
    fs.rmSync(prod.dir, { recursive: true, force: true });
    fs.rmSync(dev.dir, { recursive: true, force: true });
  });

  test('deploys after the platform layers and before workloads', () => {
    expect(LAYERS.indexOf('analytics')).toBe(LAYERS.indexOf('platform-config') + 1);
    expect(LAYERS.indexOf('workloads')).toBe(LAYERS.indexOf('analytics') + 1);
    expect(deployOrder(prod.dir, 'production', LAYERS).map((g) => g.layer)).toEqual(['network', 'data', 'cluster', 'platform', 'platform-config', 'analytics', 'workloads', 'edge', 'routing']);
  });

  test('production: OpenSearch over 3 AZs with dedicated masters and UltraWarm, KMS, TLS 1.2+, FGAC by IAM, logs, private', () => {
    const [d] = list(prod.json, 'aws_opensearch_domain');
    expect(d).toMatchObject({
      domain_name: 'production-euw1-search', engine_version: 'OpenSearch_2.19',
      cluster_config: { instance_type: 'r6g.xlarge.search', instance_count: 3, zone_awareness_enabled: true, zone_awareness_config: { availability_zone_count: 3 },
        dedicated_master_enabled: true, dedicated_master_count: 3, warm_enabled: true, warm_count: 2 },
      ebs_options: { volume_size: 250, volume_type: 'gp3' },
      encrypt_at_rest: { enabled: true }, node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      advanced_security_options: { enabled: true, internal_user_database_enabled: false },
    });
    expect(d.encrypt_at_rest.kms_key_id).toMatch(/aws_kms_key\.key-data/);
    expect(d.vpc_options.subnet_ids).toHaveLength(3);
    expect(d.log_publishing_options.map((o: Res) => o.log_type).sort()).toEqual(['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS']);
    const access = JSON.parse(d.access_policies);
    expect(access.Statement.map((s: Res) => s.Sid)).toEqual(['Admin', 'searchRead', 'searchWrite', 'catalogRead', 'catalogWrite', 'epgRead', 'epgWrite']);
    const mappings = JSON.parse(prod.json.output['search-role-mappings'].value);
    expect(Object.keys(mappings)).toEqual(['all_access', 'search_service', 'catalog_service', 'epg_service']);
    const ingress = list(prod.json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.from_port === 443);
    expect(ingress).toHaveLength(1);
    expect(ingress[0].referenced_security_group_id).toMatch(/data-client/);
    expect(list(prod.json, 'aws_iam_role').map((r) => r.name)).toContain('production-euw1-search-snapshots');
  });

  test('dev: one t3 node in one AZ, no masters, no warm tier', () => {
    const [d] = list(dev.json, 'aws_opensearch_domain');
    expect(d.cluster_config).toMatchObject({ instance_type: 't3.medium.search', instance_count: 1, zone_awareness_enabled: false, dedicated_master_enabled: false, warm_enabled: false });
    expect(d.vpc_options.subnet_ids).toHaveLength(1);
    expect(list(dev.json, 'aws_bedrock_model_invocation_logging_configuration')).toHaveLength(0);
  });

  test('production: 15 Avro schemas (BACKWARD) in one registry, Iceberg tables in 4 layer databases', () => {
    const schemas = list(prod.json, 'aws_glue_schema');
    expect(schemas).toHaveLength(15);
    expect(schemas.map((s) => s.schema_name).sort()).toEqual(KAFKA_TOPICS.map((t) => t.name).sort());
    for (const s of schemas) expect(s).toMatchObject({ data_format: 'AVRO', compatibility: 'BACKWARD' });
    expect(schemas.find((s) => s.schema_name === 'qoe.metrics')!.tags).toEqual({ owner: 'qoe', topic: 'qoe.metrics' });
    expect(list(prod.json, 'aws_glue_catalog_database').map((d) => d.name).sort())
      .toEqual(['production_eu_west_1_bronze', 'production_eu_west_1_gold', 'production_eu_west_1_ml_features', 'production_eu_west_1_silver']);
    const tables = list(prod.json, 'aws_glue_catalog_table');
    expect(tables).toHaveLength(15 + LAKE_TABLES.length);
    for (const t of tables) {
      expect(t.open_table_format_input).toEqual({ iceberg_input: { metadata_operation: 'CREATE', version: '2' } });
      expect(t.table_type).toBe('EXTERNAL_TABLE');
    }
    const heartbeats = tables.find((t) => t.name === 'playback_heartbeats')!;
    expect(heartbeats.parameters).toMatchObject({ 'write.format.default': 'avro', 'ott.layer': 'bronze', 'ott.retention.queryable-days': '90', 'ott.retention.total-days': '730' });
    expect(heartbeats.storage_descriptor.location).toMatch(/\/bronze\/playback_heartbeats\/$/);
    const gold = tables.find((t) => t.name === 'content_engagement')!;
    expect(gold.parameters).toMatchObject({ 'write.format.default': 'parquet', 'ott.retention.total-days': 'indefinite' });
  });

  test('production: MSK Connect sinks per cluster (IAM, TLS), Flink in the VPC with checkpoints, EMR on EKS in its namespace, private MWAA', () => {
    const connectors = list(prod.json, 'aws_mskconnect_connector');
    expect(connectors.map((c) => c.name).sort()).toEqual(['production-eu-west-1-analytics-collector', 'production-eu-west-1-realtime-collector']);
    const realtime = connectors.find((c) => c.name.includes('realtime'))!;
    expect(realtime.connector_configuration.topics.split(',').sort()).toEqual(KAFKA_TOPICS.filter((t) => t.cluster === 'realtime').map((t) => t.name).sort());
    expect(realtime.connector_configuration['connector.class']).toBe('org.apache.iceberg.connect.IcebergSinkConnector');
    expect(realtime).toMatchObject({ kafka_cluster_client_authentication: { authentication_type: 'IAM' }, kafka_cluster_encryption_in_transit: { encryption_type: 'TLS' } });
    expect(list(prod.json, 'aws_msk_topic').map((t) => t.name).sort()).toEqual(['control-iceberg-production-eu-west-1-analytics-collector', 'control-iceberg-production-eu-west-1-realtime-collector']);
    const [flink] = list(prod.json, 'aws_kinesisanalyticsv2_application');
    expect(flink.runtime_environment).toBe('FLINK-1_19');
    expect(flink.application_configuration.flink_application_configuration).toMatchObject({
      checkpoint_configuration: { checkpointing_enabled: true, checkpoint_interval: 60000 },
      parallelism_configuration: { parallelism: 16, parallelism_per_kpu: 1, auto_scaling_enabled: true },
    });
    expect(flink.application_configuration.vpc_configuration.security_group_ids).toHaveLength(2);
    const [vc] = list(prod.json, 'aws_emrcontainers_virtual_cluster');
    expect(vc.container_provider).toMatchObject({ type: 'EKS', info: { eks_info: { namespace: 'emr-spark' } } });
    expect(PLATFORM_NAMESPACES.map((n) => n.name)).toContain('emr-spark');
    const [assoc] = list(prod.json, 'aws_eks_access_policy_association');
    expect(assoc.policy_arn).toMatch(/cluster-access-policy\/AmazonEMRJobPolicy$/);
    expect(assoc.access_scope).toEqual({ type: 'namespace', namespaces: ['emr-spark'] });
    const jobRole = list(prod.json, 'aws_iam_role').find((r) => r.name === 'production-eu-west-1-spark-spark-jobs')!;
    const trust = JSON.parse(jobRole.assume_role_policy).Statement[0];
    expect(Object.values(trust.Condition.StringLike)[0]).toMatch(/^system:serviceaccount:emr-spark:emr-containers-sa-\*-\*-.*-[0-9a-z]+$/);
    const [mwaa] = list(prod.json, 'aws_mwaa_environment');
    expect(mwaa).toMatchObject({ webserver_access_mode: 'PRIVATE_ONLY', environment_class: 'mw1.medium', dag_s3_path: 'dags/' });
    expect(mwaa.network_configuration.subnet_ids).toHaveLength(2);
    for (const t of ['dag_processing_logs', 'scheduler_logs', 'task_logs', 'webserver_logs', 'worker_logs']) expect(mwaa.logging_configuration[t].enabled).toBe(true);
    expect(list(prod.json, 'aws_s3_bucket').map((b) => b.bucket)).toContainEqual(expect.stringMatching(/^airflow-production-eu-west-1-dags-/));
  });

  test('production: SageMaker roles scoped to feature and model prefixes; Bedrock logs to S3 and CloudWatch; only named models for Search and Metadata', () => {
    const roles = list(prod.json, 'aws_iam_role').map((r) => r.name);
    expect(roles).toEqual(expect.arrayContaining(['production-eu-west-1-sagemaker-training', 'production-eu-west-1-sagemaker-batch']));
    const policies = list(prod.json, 'aws_iam_role_policy');
    const text = (name: string) => policies.filter((p) => String(p.role).includes(`sagemaker_${name}`)).map((p) => p.policy).join('\n');
    expect(text('training-role')).toContain('/ml-features/*');
    expect(text('training-role')).toContain('/models/*');
    expect(text('training-role')).not.toContain('/silver/');
    const [logging] = list(prod.json, 'aws_bedrock_model_invocation_logging_configuration');
    expect(logging.logging_config[0].s3_config[0].key_prefix).toBe('bedrock');
    expect(logging.logging_config[0].cloudwatch_config[0].log_group_name).toMatch(/aws_cloudwatch_log_group\.bedrock_logs/);
    const invoke = policies.filter((p) => p.name.startsWith('bedrock-invoke-'));
    expect(invoke.map((p) => p.name).sort()).toEqual(['bedrock-invoke-metadata', 'bedrock-invoke-search']);
    for (const p of invoke) {
      const [s] = JSON.parse(p.policy).Statement;
      expect(s.Resource).toEqual([
        expect.stringMatching(/::foundation-model\/anthropic\.claude-3-5-sonnet-20241022-v2:0$/),
        expect.stringMatching(/::foundation-model\/anthropic\.claude-3-5-haiku-20241022-v1:0$/),
      ]);
    }
  });

  test('no role of the layer has a data action on "*"', () => {
    const dataActions = [...DATA_ACTIONS, ...ANALYTICS_DATA_ACTIONS];
    const policies = list(prod.json, 'aws_iam_role_policy');
    expect(policies.length).toBeGreaterThan(40);
    for (const p of policies) {
      for (const s of JSON.parse(p.policy).Statement) {
        const resources = [s.Resource].flat();
        if (!resources.includes('*')) continue;
        const actions = [s.Action].flat() as string[];
        expect({ policy: p.name, data: actions.filter((a) => dataActions.some((d) => actionMatches(a, d))) }).toEqual({ policy: p.name, data: [] });
      }
    }
  });

  test('production passes the policy pack and every new resource is priced or classified', () => {
    const synthOut = readSynth(prod.dir);
    // With the project's reasoned suppressions (the DR-phase decisions on S3 replication and object lock).
    const report = runPolicy(synthOut, { suppressions: loadSuppressions() });
    const analytics = report.findings.filter((f) => f.stack === 'production-eu-west-1-analytics');
    expect(analytics.filter((f) => f.outcome !== 'suppressed')).toEqual([]);
    expect(analytics.map((f) => f.ruleId).sort())
      .toEqual([...Array(4).fill('s3-cross-region-replication'), ...Array(4).fill('s3-object-lock')]);
    const e = estimateCost(synthOut, 'production');
    expect(e.byLayer.analytics).toBeGreaterThan(3000);
    const types = new Set(e.lines.filter((l) => l.layer === 'analytics').map((l) => l.type));
    expect([...types].sort()).toEqual(['aws_kinesisanalyticsv2_application', 'aws_kms_key', 'aws_mskconnect_connector', 'aws_mwaa_environment', 'aws_opensearch_domain']);
    expect(e.notPriced.filter((n) => n.stack === 'production-eu-west-1-analytics' && n.reason === 'unknown')).toEqual([]);
  });
});

describe('synth refuses broken catalogs naming the culprit', () => {
  const env = loadEnvironment('dev');

  test('a topic without a schema', () => {
    expect(() => buildAnalytics(env, { ...CATALOGS, schemas: EVENT_SCHEMAS.filter((s) => s.topic !== 'epg.updates') }))
      .toThrow(/dev-eu-west-1-analytics\/schema-registry: topic 'epg.updates' \(owner 'epg'\) has no Avro schema/);
  });

  test('a lake table whose retention contradicts its layer', () => {
    const tables = LAKE_TABLES.map((t) => (t.name === 'epg_schedule' ? { ...t, retention: { ...t.retention, totalDays: 730 } } : t));
    expect(() => buildAnalytics(env, { ...CATALOGS, lakeTables: tables }))
      .toThrow(/dev-eu-west-1-analytics\/lakehouse: lake table 'silver.epg_schedule': retention 365 days queryable \/ 730 total contradicts layer 'silver'/);
  });

  test('a Spark namespace the platform layer does not create', () => {
    const other = { ...env, regions: { ...env.regions, 'eu-west-1': { ...env.regions['eu-west-1'], analytics: { ...env.regions['eu-west-1'].analytics!, spark: { namespace: 'spark' } } } } };
    expect(() => buildAnalytics(other, CATALOGS)).toThrow(/environments\/dev.yaml: regions.eu-west-1.analytics.spark.namespace: 'spark' is not a namespace the platform layer creates/);
  });
});
