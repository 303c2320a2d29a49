import { App } from 'cdktf';
import { buildEnvironment } from '../stacks/environment';
import { withoutTokenTraces } from '../stacks/app';
import { resolveEnvironment } from '../plan/environment';
import { planReplication } from '../plan/replication';
import { analyticsFanInTopics, CROSS_REGION_TOPICS, KAFKA_TOPICS, TOPIC_NAMES } from '../catalog/kafka-topics';
import { DATABASES } from '../catalog/databases';
import { replicationDestinationsProblem } from '../constructs/data/bucket-replication';
import { replicatedTopicsProblem } from '../constructs/data/kafka-replicator';
import { replicaLagThresholdProblem } from '../constructs/data/postgres-read-replica';
import { redisGlobalNodeTypeProblem, redisGlobalSecondariesProblem, redisGlobalShapeProblem } from '../constructs/data/redis-global-datastore';
import { registryPrefixProblem } from '../constructs/data/registry-replication';
import { runPolicy } from '../tools/policy/run';
import { BRONZE_RETENTION, bronzeRetentionOf, isPlaybackEventTopic } from '../catalog/lake-tables';
import { DataLake, DEFAULT_DATA_LAKE_LAYERS, rawEventRetentionRules } from '../constructs/data/data-lake';
import { lakeTableRetentionProblem, prefixRetention } from '../constructs/analytics/lakehouse';
import type { LakeRetention } from '../constructs/analytics/lake-types';
import { testStack } from './helpers';
import { deployOrder } from '../tools/deploy-order';
import { LAYERS } from '../stacks/naming';
import { readSynth } from '../tools/tfjson';
import { configIssues, errorOf, loadEdited, resourcesOf, synthEnvironments, type Json } from './cluster-helpers';

type Synth = ReturnType<typeof synthEnvironments>;
const cache = new Map<string, Synth>();
/** Production at `phase`, optionally edited; synthesized once per key. */
function production(phase: 1 | 2 | 3 | 4, key = '', edit: (raw: Json) => void = () => undefined): Synth {
  const k = `${phase}${key}`;
  if (!cache.has(k)) cache.set(k, synthEnvironments([loadEdited('production', (raw) => { raw.phase = phase; edit(raw); })]));
  return cache.get(k)!;
}
/** us-east-1 without its `data:` block (production.yaml writes the phase-4 data layer of the secondary). */
const withoutSecondaryData = (raw: Json) => { delete raw.regions['us-east-1'].data; };
const values = (o: Record<string, Json>) => Object.values(o);
const REPL = 'production-us-east-1-replication';

describe('analytics fan-in: the analytics cluster receives every topic of the catalog', () => {
  test('the topics on the analytics cluster plus those replicated into it are exactly the catalog', () => {
    const data = production(1).stack('production-eu-west-1-data') as Json;
    const topics = values(resourcesOf(data, 'aws_msk_topic'));
    const analyticsArn = '${aws_msk_cluster.kafka-analytics_cluster_';
    const onAnalytics = topics.filter((t) => String(t.cluster_arn).startsWith(analyticsArn)).map((t) => t.name as string);
    const [replicator] = values(resourcesOf(data, 'aws_msk_replicator'));
    const info = replicator.replication_info_list;
    expect(String(info.source_kafka_cluster_arn)).toContain('kafka-realtime_cluster_');
    expect(String(info.target_kafka_cluster_arn)).toContain('kafka-analytics_cluster_');
    const replicated = info.topic_replication[0].topics_to_replicate as string[];
    expect(info.topic_replication[0].topic_name_configuration.type).toBe('IDENTICAL');
    expect(new Set([...onAnalytics, ...replicated])).toEqual(new Set(TOPIC_NAMES));
    expect(replicated.filter((t) => onAnalytics.includes(t))).toEqual([]);
    expect(replicated.sort()).toEqual(analyticsFanInTopics().sort());
  });

  test('the replicator role names each topic and group ARN of the two clusters, never "*"', () => {
    const data = production(1).stack('production-eu-west-1-data') as Json;
    const policy = values(resourcesOf(data, 'aws_iam_role_policy')).find((p) => p.name === 'replicate-topics')!;
    const statements = JSON.parse(policy.policy).Statement as Json[];
    for (const s of statements) for (const r of s.Resource as string[]) expect(r).not.toBe('*');
    const reads = statements.find((s) => s.Sid === 'SourceTopics')!;
    expect(reads.Resource).toHaveLength(analyticsFanInTopics().length);
    expect(statements.find((s) => s.Sid === 'TargetTopics')!.Action).toContain('kafka-cluster:CreateTopic');
    expect(statements.find((s) => s.Sid === 'SourceTopics')!.Action).not.toContain('kafka-cluster:WriteData');
  });

  test('every cross-region topic lives on the real-time cluster', () => {
    for (const name of Object.keys(CROSS_REGION_TOPICS)) expect(KAFKA_TOPICS.find((t) => t.name === name)?.cluster).toBe('realtime');
  });
});

describe('replication layer by phase (production eu-west-1 -> us-east-1)', () => {
  test('phase 1 has no replication stack; the layer sits after data in the deploy order', () => {
    expect(production(1).stacks.filter((s) => s.endsWith('-replication'))).toEqual([]);
  });

  test('phase 2: media origin, model artifacts and data lake replicate with RTC, metrics and a replica key in us-east-1', () => {
    const s = production(2);
    expect(s.stacks).toContain(REPL);
    const repl = s.stack(REPL) as Json;
    const configs = values(resourcesOf(repl, 'aws_s3_bucket_replication_configuration'));
    expect(configs).toHaveLength(3);
    for (const c of configs) {
      expect(c.provider).toBe('aws.source');
      expect(c.bucket).toMatch(/cross-stack-reference-input-production-eu-west-1-data/);
      const [rule] = c.rule as Json[];
      expect(rule.destination.replication_time).toEqual({ status: 'Enabled', time: { minutes: 15 } });
      expect(rule.destination.metrics.status).toBe('Enabled');
      expect(rule.destination.encryption_configuration.replica_kms_key_id).toMatch(/^\$\{aws_kms_key\./);
      expect(rule.delete_marker_replication.status).toBe('Disabled');
      expect(rule.source_selection_criteria.sse_kms_encrypted_objects.status).toBe('Enabled');
    }
    const providers = (repl.provider.aws as Json[]).map((p) => [p.alias ?? 'default', p.region]);
    expect(providers).toEqual([['default', 'us-east-1'], ['source', 'eu-west-1']]);
    // Replicas: versioned, SSE-KMS, with the source's lifecycle (S3 does not replicate expirations).
    const buckets = values(resourcesOf(repl, 'aws_s3_bucket')).map((b) => b.bucket as string);
    expect(buckets.filter((b) => /-replica-/.test(b))).toHaveLength(4);
    expect(values(resourcesOf(repl, 'aws_s3_bucket_versioning'))).toHaveLength(4);
    const lake = values(resourcesOf(repl, 'aws_s3_bucket_lifecycle_configuration')).find((l) => (l.rule as Json[]).some((r) => r.id === 'bronze'))!;
    expect(lake).toBeDefined();
    // No databases or caches before phase 3.
    expect(resourcesOf(repl, 'aws_db_instance')).toEqual({});
    expect(resourcesOf(repl, 'aws_elasticache_replication_group')).toEqual({});
  });

  test('phase 2: the replication role reads only its source bucket and decrypts through S3 in the source region', () => {
    const repl = production(2).stack(REPL) as Json;
    for (const p of values(resourcesOf(repl, 'aws_iam_role_policy')).filter((x) => x.name === 'replicate')) {
      const statements = JSON.parse(p.policy).Statement as Json[];
      for (const s of statements) for (const r of s.Resource as string[]) expect(r).not.toBe('*');
      expect(statements.find((s) => s.Sid === 'DecryptSource')!.Condition.StringEquals['kms:ViaService']).toBe('s3.eu-west-1.amazonaws.com');
      expect(statements.find((s) => s.Sid === 'EncryptReplicas0')!.Condition.StringEquals['kms:ViaService']).toBe('s3.us-east-1.amazonaws.com');
    }
  });

  test('phase 2: ECR replicates the environment\'s repositories (prefix production/) to us-east-1', () => {
    const [config] = values(resourcesOf(production(2).stack(REPL) as Json, 'aws_ecr_replication_configuration'));
    expect(config.provider).toBe('aws.source');
    const [rule] = config.replication_configuration.rule as Json[];
    expect(rule.destination.map((d: Json) => d.region)).toEqual(['us-east-1']);
    expect(rule.repository_filter).toEqual([{ filter: 'production/', filter_type: 'PREFIX_MATCH' }]);
  });

  test('phase 2: the edge origin group fails over to the replicated media bucket, whose policies the edge owns', () => {
    const s = production(2);
    const edge = s.stack('production-global-edge') as Json;
    const media = values(resourcesOf(edge, 'aws_cloudfront_distribution'))[0];
    expect(media.origin_group[0].member.map((m: Json) => m.origin_id)).toEqual(['media-origin', 'media-origin-secondary']);
    const domains = (media.origin as Json[]).map((o) => o.domain_name as string);
    expect(domains[1]).toMatch(/cross-stack-reference-input-production-us-east-1-replication/);
    const keyPolicies = values(resourcesOf(edge, 'aws_kms_key_policy'));
    expect(keyPolicies.map((k) => k.provider ?? 'default')).toEqual(['default', 'aws.us-east-1']);
    // One provider per alias (the secondary origin in us-east-1 shares CloudFront's).
    const aliases = (edge.provider.aws as Json[]).map((p) => p.alias ?? 'default');
    expect(new Set(aliases).size).toBe(aliases.length);
    const repl = s.stack(REPL) as Json;
    const mediaReplica = Object.entries(resourcesOf(repl, 'aws_s3_bucket')).find(([k]) => k.startsWith('bucket-media-origin'))!;
    expect(values(resourcesOf(repl, 'aws_s3_bucket_policy')).some((p) => String(p.bucket).includes(mediaReplica[0]))).toBe(false);
  });

  test('phase 3: a promotable read replica per database in us-east-1 with its own key, IAM auth and a lag alarm from config', () => {
    const repl = production(3).stack(REPL) as Json;
    const replicas = values(resourcesOf(repl, 'aws_db_instance'));
    expect(replicas).toHaveLength(DATABASES.length);
    for (const r of replicas) {
      expect(r.replicate_source_db).toMatch(/cross-stack-reference-input-production-eu-west-1-data.*arn/);
      expect(r.kms_key_id).toMatch(/^\$\{aws_kms_key\.key-rds_key_/);
      expect(r.storage_encrypted).toBe(true);
      expect(r.iam_database_authentication_enabled).toBe(true);
      expect(r.publicly_accessible).toBe(false);
      expect(r.engine_version).toBeUndefined(); // the source's version
      expect(r.manage_master_user_password).toBeUndefined();
      expect(r.db_subnet_group_name).toMatch(/aws_db_subnet_group/);
      expect(r.identifier).toMatch(/^production-us-east-1-[a-z-]+-replica$/);
    }
    const alarms = values(resourcesOf(repl, 'aws_cloudwatch_metric_alarm')).filter((a) => a.metric_name === 'ReplicaLag');
    expect(alarms).toHaveLength(DATABASES.length);
    expect(new Set(alarms.map((a) => a.threshold))).toEqual(new Set([1]));
    const subnets = values(resourcesOf(repl, 'aws_db_subnet_group'))[0];
    expect(JSON.stringify(subnets.subnet_ids)).toMatch(/production-us-east-1-network/);
  });

  test('phase 3: the replicas admit the replica-client group and the us-east-1 cluster\'s security group (its nodes), nothing else', () => {
    const out = production(3);
    const repl = out.stack(REPL) as Json;
    const ingress = values(resourcesOf(repl, 'aws_vpc_security_group_ingress_rule'));
    const endpoints = DATABASES.length + 2; // every database replica and both cache secondaries
    expect(ingress.filter((r) => /^\$\{aws_security_group\.replica-clients_sg_/.test(String(r.referenced_security_group_id)))).toHaveLength(endpoints);
    const fromCluster = ingress.filter((r) => /cross-stack-reference-input-production-us-east-1-cluster/.test(String(r.referenced_security_group_id)));
    expect(fromCluster).toHaveLength(endpoints);
    for (const r of ingress) expect(r.cidr_ipv4).toBeUndefined();
    // The layer order follows: replication deploys after the target's cluster.
    expect(deployOrder(out.outdir, 'production', LAYERS).map((g) => g.layer)).toEqual(
      ['network', 'data', 'cluster', 'replication', 'platform', 'platform-config', 'analytics', 'workloads', 'edge', 'routing']);
  });

  test('phase 3: the lag threshold comes from data.postgres.replicaLagAlarmSeconds', () => {
    const repl = production(3, 'lag', (raw) => { raw.regions['eu-west-1'].data.postgres.replicaLagAlarmSeconds = 5; }).stack(REPL) as Json;
    const alarms = values(resourcesOf(repl, 'aws_cloudwatch_metric_alarm')).filter((a) => a.metric_name === 'ReplicaLag');
    expect(new Set(alarms.map((a) => a.threshold))).toEqual(new Set([5]));
  });

  test('phase 3: both caches join Global Datastores created in eu-west-1; secondaries in us-east-1 keep encryption and users', () => {
    const repl = production(3).stack(REPL) as Json;
    const globals = values(resourcesOf(repl, 'aws_elasticache_global_replication_group'));
    expect(globals.map((g) => [g.primary_replication_group_id, g.provider])).toEqual([
      ['production-eu-west-1-cache', 'aws.source'], ['production-eu-west-1-features', 'aws.source'],
    ]);
    const secondaries = values(resourcesOf(repl, 'aws_elasticache_replication_group'));
    expect(secondaries).toHaveLength(2);
    for (const g of secondaries) {
      expect(g.provider).toBeUndefined();
      expect(g.global_replication_group_id).toMatch(/aws_elasticache_global_replication_group/);
      expect(g.kms_key_id).toMatch(/key-redis/);
      expect(g.transit_encryption_enabled).toBe(true);
      expect(g.user_group_ids).toHaveLength(1);
      expect(g.num_node_groups).toBeUndefined();
    }
  });

  test('phase 3 passes the policy pack; the phase-1 bucket suppressions are reported unused', () => {
    const report = runPolicy(readSynth(production(3).outdir));
    expect(report.findings.filter((f) => f.outcome === 'fail')).toEqual([]);
    expect(report.unusedSuppressions.map((u) => u.address).sort()).toEqual([
      'aws_s3_bucket.bucket-media-origin_bucket_*', 'aws_s3_bucket.bucket-model-artifacts_bucket_*', 'aws_s3_bucket.data-lake_bucket_*',
    ]);
  });

  test('phase 4 without a data layer in the secondary replicates no topics (no real-time cluster to write to)', () => {
    // Without cdktf's per-token traces, as the app builds (stacks/app.ts): the test reads the built constructs.
    const stacks = withoutTokenTraces(() => buildEnvironment(new App(), loadEdited('production', (raw) => { raw.phase = 4; withoutSecondaryData(raw); })));
    const pair = stacks.pairs[0];
    expect(pair.replication.kafkaReplicators).toEqual([]);
    expect(Object.keys(pair.replication.databaseReplicas)).toHaveLength(DATABASES.length);
    expect(planReplication(stacks.plan)[0].kafkaTopics).toEqual([]);
    // A cache secondary's user ARNs name its own users only (the shared redisUserArn rule).
    const secondary = pair.replication.cacheSecondaries.cache!;
    expect(() => secondary.userArn('nobody')).toThrow(/no user 'nobody'; users: /);
  });

  test('phase 4: the real-time topics that need it replicate both ways between the regions\' real-time clusters (prefixed), and the secondary\'s analytics cluster is consolidated into the primary\'s (same names)', () => {
    const repl = production(4).stack(REPL) as Json;
    const replicators = values(resourcesOf(repl, 'aws_msk_replicator')).sort((a, b) => String(a.replicator_name).localeCompare(String(b.replicator_name)));
    expect(replicators.map((r) => [r.replicator_name, r.provider ?? 'default', r.replication_info_list.topic_replication[0].topic_name_configuration.type])).toEqual([
      ['production-eu-west-1-to-us-east-1', 'default', 'PREFIXED'],
      ['production-us-east-1-analytics-to-eu-west-1', 'aws.source', 'IDENTICAL'],
      ['production-us-east-1-to-eu-west-1', 'aws.source', 'PREFIXED'],
    ]);
    const [toTarget, aggregate, toSource] = replicators;
    for (const r of [toTarget, toSource]) expect([...r.replication_info_list.topic_replication[0].topics_to_replicate].sort()).toEqual(Object.keys(CROSS_REGION_TOPICS).sort());
    expect(toTarget.replication_info_list.consumer_group_replication[0].synchronise_consumer_group_offsets).toBe(true);
    // The aggregation carries every topic of the catalog: the analytics cluster's own and the fan-in's.
    expect([...aggregate.replication_info_list.topic_replication[0].topics_to_replicate].sort()).toEqual(KAFKA_TOPICS.map((t) => t.name).sort());
    // The replicas never take the names of the secondary's own stores.
    const own = production(4).stack('production-us-east-1-data') as Json;
    const ids = (j: Json, type: string, key: string) => values(resourcesOf(j, type)).map((r) => r[key] as string);
    for (const [type, key] of [['aws_db_instance', 'identifier'], ['aws_elasticache_replication_group', 'replication_group_id'], ['aws_elasticache_user', 'user_id'], ['aws_s3_bucket', 'bucket']]) {
      expect(ids(repl, type, key).filter((id) => ids(own, type, key).includes(id))).toEqual([]);
    }
    for (const id of ids(repl, 'aws_elasticache_replication_group', 'replication_group_id')) expect(id.length).toBeLessThanOrEqual(40);
  });
});

describe('raw playback events keep 2 years under their own prefixes; other raw events 90 days', () => {
  test('the data lake carries a 90-day rule per non-playback bronze table and none for playback tables', () => {
    const data = production(1).stack('production-eu-west-1-data') as Json;
    const lake = values(resourcesOf(data, 'aws_s3_bucket_lifecycle_configuration')).find((l) => (l.rule as Json[]).some((r) => r.id === 'bronze'))!;
    const rules = lake.rule as Json[];
    expect(rules.find((r) => r.id === 'bronze')).toMatchObject({ filter: [{ prefix: 'bronze/' }], expiration: [{ days: 730 }] });
    const perTable = rules.filter((r) => String(r.id).startsWith('bronze-'));
    const playback = KAFKA_TOPICS.filter((t) => isPlaybackEventTopic(t.name));
    expect(playback.map((t) => t.name)).toEqual(['playback.sessions', 'playback.heartbeats']);
    expect(perTable.map((r) => r.filter[0].prefix).sort()).toEqual(KAFKA_TOPICS.filter((t) => !isPlaybackEventTopic(t.name)).map((t) => `bronze/${t.name.replace(/\./g, '_')}/`).sort());
    for (const r of perTable) expect(r.expiration).toEqual([{ days: 90 }]);
    // The replica of the lake repeats every rule (S3 does not replicate lifecycle expirations).
    const replica = values(resourcesOf(production(2).stack(REPL) as Json, 'aws_s3_bucket_lifecycle_configuration')).find((l) => (l.rule as Json[]).some((r) => r.id === 'bronze'))!;
    expect((replica.rule as Json[]).map((r) => r.id)).toEqual(rules.map((r) => r.id));
  });

  test('the lakehouse check reads the effective retention of each table prefix', () => {
    const rules = [...DEFAULT_DATA_LAKE_LAYERS, ...rawEventRetentionRules(['user_events'])];
    const table = (name: string, retention: LakeRetention) => ({ layer: 'bronze', name, retention });
    expect(lakeTableRetentionProblem(table('playback_sessions', bronzeRetentionOf('playback.sessions')), DEFAULT_DATA_LAKE_LAYERS, rules)).toBeUndefined();
    expect(lakeTableRetentionProblem(table('user_events', bronzeRetentionOf('user.events')), DEFAULT_DATA_LAKE_LAYERS, rules)).toBeUndefined();
    expect(lakeTableRetentionProblem(table('user_events', BRONZE_RETENTION), DEFAULT_DATA_LAKE_LAYERS, rules))
      .toMatch(/lake table 'bronze.user_events': retention 90 days queryable \/ 730 total contradicts layer 'bronze' \(data-lake lifecycle rules 'bronze', 'bronze-user_events' on bronze\/user_events\/: 90 queryable \/ 90 total/);
    expect(prefixRetention([])).toEqual({ queryableDays: 'indefinite', totalDays: 'indefinite' });
  });

  test('a retention rule outside every layer is refused', () => {
    const stack = testStack();
    expect(errorOf(() => new DataLake(stack, 'lake', { bucketName: 'lake-test-bucket', retentionRules: rawEventRetentionRules(['x']).map((r) => ({ ...r, prefix: 'raw/x/' })) })))
      .toMatch(/retention rule 'bronze-x': prefix 'raw\/x\/' must lie inside a layer/);
  });
});

describe('replication rules (one *Problem() each)', () => {
  test('Global Datastore: at most two secondaries', () => {
    expect(redisGlobalSecondariesProblem(2)).toBeUndefined();
    expect(redisGlobalSecondariesProblem(3)).toMatch(/at most 2 other regions/);
    const three = loadEdited('production', (raw) => {
      raw.phase = 3;
      for (const [r, cidr] of [['us-west-2', '10.32.0.0/16'], ['ap-southeast-1', '10.33.0.0/16']]) {
        raw.regions[r] = { role: 'replica-only', vpcCidr: cidr, azCount: 3, network: { natGateways: 'single', flowLogRetentionDays: 365 } };
      }
    });
    expect(errorOf(() => planReplication(resolveEnvironment(three))))
      .toMatch(/environments\/production\.yaml.*regions: 3 secondary regions, but a Global Datastore replicates to at most 2 other regions \(regions receiving cache replicas: us-east-1, us-west-2, ap-southeast-1\)/);
  });

  test('Global Datastore: a supported node family in size large or above, never a t-type', () => {
    expect(redisGlobalNodeTypeProblem('cache.r6g.xlarge')).toBeUndefined();
    expect(redisGlobalNodeTypeProblem('cache.t4g.medium')).toMatch(/not supported by Global Datastore/);
    expect(redisGlobalNodeTypeProblem('cache.r6g.medium')).toMatch(/size large or above/);
    const tiny = loadEdited('production', (raw) => { raw.phase = 3; raw.regions['eu-west-1'].data.redis.cache.nodeType = 'cache.t4g.medium'; });
    expect(errorOf(() => planReplication(resolveEnvironment(tiny)))).toMatch(/regions\.eu-west-1\.data\.redis\.cache\.nodeType: node type 'cache\.t4g\.medium' is not supported/);
  });

  test('Global Datastore: the secondary region\'s own cache has the primary\'s node type and shard count', () => {
    expect(redisGlobalShapeProblem({ nodeType: 'cache.r6g.large', shards: 2 }, { nodeType: 'cache.r6g.large', shards: 2 })).toBeUndefined();
    expect(redisGlobalShapeProblem({ nodeType: 'cache.r6g.large', shards: 2 }, { nodeType: 'cache.r6g.xlarge', shards: 2 })).toMatch(/same node type/);
    // A secondary configures no caches of its own (environments/data-schema.ts regionStoresProblem), so the
    // shape rule is the Global Datastore construct's (registerSecondary).
    expect(errorOf(() => loadEdited('production', (raw) => { raw.regions['us-east-1'].data.redis = raw.regions['eu-west-1'].data.redis; })))
      .toMatch(/regions\.us-east-1\.data\.redis: not allowed outside the primary region/);
  });

  test('replica lag threshold: positive, at most an hour; the schema refuses anything else with the key', () => {
    expect(replicaLagThresholdProblem(1)).toBeUndefined();
    expect(replicaLagThresholdProblem(0)).toMatch(/more than 0/);
    expect(configIssues(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].data.postgres.replicaLagAlarmSeconds = 7200; })))
      .toEqual(['regions.eu-west-1.data.postgres.replicaLagAlarmSeconds: replica lag threshold must be more than 0 and at most 3600 seconds, got 7200']);
  });

  test('bucket replication: another region, one replica per region', () => {
    expect(replicationDestinationsProblem('eu-west-1', [{ region: 'us-east-1' }])).toBeUndefined();
    expect(replicationDestinationsProblem('eu-west-1', [{ region: 'eu-west-1' }])).toMatch(/is the source's region/);
    expect(replicationDestinationsProblem('eu-west-1', [{ region: 'us-east-1' }, { region: 'us-east-1' }])).toMatch(/two destinations in us-east-1/);
    expect(replicationDestinationsProblem('eu-west-1', [])).toMatch(/at least one destination/);
  });

  test('registry replication: an environment prefix ending in /', () => {
    expect(registryPrefixProblem('production/')).toBeUndefined();
    expect(registryPrefixProblem('')).toMatch(/must be lower-case/);
    expect(registryPrefixProblem('prod*')).toMatch(/ending in '\/'/);
  });

  test('replicated topics: named, unique, no patterns', () => {
    expect(replicatedTopicsProblem(['a.b'])).toBeUndefined();
    expect(replicatedTopicsProblem([])).toMatch(/at least one topic/);
    expect(replicatedTopicsProblem(['a', 'a'])).toMatch(/listed twice/);
    expect(replicatedTopicsProblem(['.*'])).toMatch(/topic '\.\*' may only hold letters.*patterns are not allowed/);
  });
});
