import { loadEnvironment } from '../environments/load';
import { resolveEnvironment } from '../plan/environment';
import { planReplication } from '../plan/replication';
import { crossRegionKafkaSources, hasOwnDataLayer, OWN_DATA_FROM_PHASE, REGION_ROLES, replicationFeatures } from '../plan/regions';
import { crossRegionSourceProblem, KafkaCluster } from '../constructs/data/kafka-cluster';
import { testStack } from './helpers';
import { regionStoresProblem } from '../environments/data-schema';
import { CROSS_REGION_TOPICS } from '../catalog/kafka-topics';
import { SERVICES } from '../catalog/services';
import { renderRunbook } from '../tools/runbook';
import { K8sObject, validateObjects } from './k8s-validation';
import { errorOf, loadEdited, resourcesOf, synthEnvironments, type Json } from './cluster-helpers';

/**
 * Phase 4 active-active (issue 15, docs/regions-dr.md "Active-active"): production's secondary us-east-1
 * runs a full regional set: its own data layer (MSK, EFS), the application services reading the pair's
 * replicas and writing to eu-west-1, and the API behind a latency record.
 */
const LAYERS = ['network', 'data', 'cluster', 'platform', 'platform-config', 'workloads'];
const synth = synthEnvironments([loadEdited('production', (raw) => { raw.phase = 4; })]);
const stack = (name: string) => synth.stack(name) as Json;
const values = (j: Json, type: string) => Object.values(resourcesOf(j, type));
const objects = (j: Json): K8sObject[] => values(j, 'kubernetes_manifest').map((m) => m.manifest as K8sObject);
const envOf = (j: Json, service: string): Record<string, string> => {
  const d = objects(j).find((o) => o.kind === 'Deployment' && o.metadata?.name === service) as Json;
  return Object.fromEntries((d.spec.template.spec.containers[0].env as Json[]).map((e) => [e.name as string, e.value as string]));
};
const resourcesIn = (policy: string): string[] => (JSON.parse(policy).Statement as Json[]).flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]) as string[]);
const remote = (stackName: string) => `data.terraform_remote_state.cross-stack-reference-input-${stackName}.outputs.`;

describe('production at phase 4: two full regional sets', () => {
  const east = stack('production-us-east-1-workloads');

  test('eu-west-1 and us-east-1 both have network, data, cluster, platform, platform-config and workloads stacks', () => {
    for (const region of ['eu-west-1', 'us-east-1']) for (const layer of LAYERS) expect(synth.stacks).toContain(`production-${region}-${layer}`);
  });

  test("us-east-1's data layer is its MSK clusters, topics and EFS: no PostgreSQL, Redis, buckets or ECR of its own", () => {
    const data = stack('production-us-east-1-data');
    expect(values(data, 'aws_msk_cluster').map((c) => c.cluster_name).sort()).toEqual(['production-us-east-1-analytics', 'production-us-east-1-realtime']);
    expect(values(data, 'aws_msk_topic')).toHaveLength(values(stack('production-eu-west-1-data'), 'aws_msk_topic').length);
    expect(values(data, 'aws_efs_file_system')).toHaveLength(1);
    for (const type of ['aws_db_instance', 'aws_elasticache_replication_group', 'aws_s3_bucket', 'aws_ecr_repository']) expect(values(data, type)).toEqual([]);
    // The region's own analytics fan-in: every region is self-contained for events.
    expect(values(data, 'aws_msk_replicator').map((r) => r.replicator_name)).toEqual(['production-us-east-1-realtime-to-analytics']);
  });

  test("both real-time clusters and us-east-1's analytics cluster are cross-region replicator sources: multi-VPC IAM connectivity and the MSK Replicator cluster policy", () => {
    for (const region of ['eu-west-1', 'us-east-1']) {
      const data = stack(`production-${region}-data`);
      const clusters = values(data, 'aws_msk_cluster');
      const realtime = clusters.find((c) => String(c.cluster_name).endsWith('-realtime'))!;
      const analytics = clusters.find((c) => String(c.cluster_name).endsWith('-analytics'))!;
      expect(realtime.broker_node_group_info.connectivity_info.vpc_connectivity.client_authentication.sasl.iam).toBe(true);
      // The secondary's analytics cluster is consolidated into the primary's; the primary's is only a target.
      if (region === 'us-east-1') expect(analytics.broker_node_group_info.connectivity_info.vpc_connectivity.client_authentication.sasl.iam).toBe(true);
      else expect(analytics.broker_node_group_info.connectivity_info.vpc_connectivity).toBeUndefined();
      const policies = values(data, 'aws_msk_cluster_policy');
      expect(policies.map((p) => String(p.cluster_arn).match(/kafka-(realtime|analytics)_cluster_/)![1]).sort()).toEqual(region === 'us-east-1' ? ['analytics', 'realtime'] : ['realtime']);
      for (const policy of policies) {
        const statement = JSON.parse(policy.policy).Statement[0];
        expect(statement).toMatchObject({ Principal: { Service: 'kafka.amazonaws.com' }, Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'] });
        expect(statement.Resource).not.toContain('*');
      }
    }
  });

  test('the pair replicates the cross-region topics both ways between the two real-time clusters', () => {
    const repl = stack('production-us-east-1-replication');
    const all = values(repl, 'aws_msk_replicator');
    expect(all.map((r) => r.replicator_name).sort()).toEqual(['production-eu-west-1-to-us-east-1', 'production-us-east-1-analytics-to-eu-west-1', 'production-us-east-1-to-eu-west-1']);
    const replicators = all.filter((r) => !String(r.replicator_name).includes('-analytics-'));
    for (const r of replicators) {
      expect([...r.replication_info_list.topic_replication[0].topics_to_replicate].sort()).toEqual(Object.keys(CROSS_REGION_TOPICS).sort());
      const arns = [r.replication_info_list.source_kafka_cluster_arn, r.replication_info_list.target_kafka_cluster_arn].map(String);
      expect(arns.some((a) => a.includes(remote('production-eu-west-1-data')))).toBe(true);
      expect(arns.some((a) => a.includes(remote('production-us-east-1-data')))).toBe(true);
    }
    expect(planReplication(resolveEnvironment(loadEdited('production', (raw) => { raw.phase = 4; })))[0].kafkaTopics).toEqual(Object.keys(CROSS_REGION_TOPICS));
  });

  test("us-east-1's workloads deploy every catalog service: writes to eu-west-1's writers, reads from the local replicas", () => {
    const deployments = objects(east).filter((o) => o.kind === 'Deployment').map((o) => o.metadata!.name);
    // Every catalog service, beside the region's serving Deployments (vLLM servers).
    expect(deployments.filter((d) => SERVICES.some((s) => s.id === d)).sort()).toEqual(SERVICES.map((s) => s.id).sort());
    const env = envOf(east, 'bookmark');
    expect(env.DATABASE_HOST).toContain(`${remote('production-eu-west-1-data')}cross-stack-output-aws_db_instancedb-bookmark_instance`);
    expect(env.DATABASE_READER_HOST).toContain(`${remote('production-us-east-1-replication')}cross-stack-output-aws_db_instancedb-bookmark_instance`);
    expect(env.DATABASE_SECRET_ARN).toContain(remote('production-eu-west-1-data'));
    expect(env.REDIS_ENDPOINT).toContain(remote('production-eu-west-1-data'));
    expect(env.REDIS_READER_ENDPOINT).toContain(`${remote('production-us-east-1-replication')}cross-stack-output-aws_elasticache_replication_groupredis-cache_replication-group`);
    expect([env.REDIS_USER, env.REDIS_READER_USER]).toEqual(['production-cache-bookmark', 'production-gds-cache-bookmark']);
    // Events go to the region's own real-time cluster.
    expect(env.KAFKA_BOOTSTRAP_BROKERS).toContain(`${remote('production-us-east-1-data')}cross-stack-output-aws_msk_clusterkafka-realtime_cluster`);
    // Images come from the region's registry (ECR replication creates the repositories under the same names).
    const image = (objects(east).find((o) => o.kind === 'Deployment' && o.metadata?.name === 'bookmark') as Json).spec.template.spec.containers[0].image as string;
    expect(image).toMatch(/\.dkr\.ecr\..*\/production\/bookmark:0\.1\.0$/);
    expect(image).toContain(remote('production-us-east-1-data'));
  });

  test('IAM: rds-db:connect on the writer and the replica user, elasticache:Connect on both groups, never a data action on "*"', () => {
    const policies = Object.entries(resourcesOf(east, 'aws_iam_role_policy'));
    for (const [, p] of policies) expect(resourcesIn(p.policy as string)).not.toContain('*');
    const [, bookmark] = policies.find(([k]) => k.includes('identity-bookmark_') && k.includes('data-access'))!;
    const statements = JSON.parse(bookmark.policy as string).Statement as Json[];
    const connect = statements.find((s) => s.Action.includes('rds-db:connect'))!.Resource as string[];
    expect(connect).toHaveLength(2);
    expect(connect[0]).toContain(remote('production-eu-west-1-data'));
    expect(connect[1]).toContain(remote('production-us-east-1-replication'));
    for (const arn of connect) expect(arn).toMatch(/\/bookmark$/);
    const redis = statements.find((s) => s.Action.includes('elasticache:Connect'))!.Resource as string[];
    expect(redis).toHaveLength(4);
    expect(redis.filter((r) => r.includes(remote('production-us-east-1-replication')))).toHaveLength(2);
  });

  test("every Kubernetes object of us-east-1's workloads validates against its upstream schema", () => {
    const all = objects(east);
    expect(all.filter((o) => o.kind === 'InferenceService').length).toBeGreaterThan(0);
    const problems = validateObjects(all).flatMap((p, i) => p.map((m) => `${all[i].kind}/${all[i].metadata?.name}: ${m}`));
    expect(problems).toEqual([]);
  });

  test('the routing stack has a latency record per region and fails the primary-only hostnames over to us-east-1', () => {
    const records = values(stack('production-global-routing'), 'aws_route53_record');
    const latency = records.filter((r) => r.latency_routing_policy).map((r) => [r.name, r.latency_routing_policy.region]);
    expect(latency.sort()).toEqual([['api.ott-platform.example', 'eu-west-1'], ['api.ott-platform.example', 'us-east-1']]);
    const failover = records.filter((r) => r.failover_routing_policy).map((r) => [r.set_identifier, r.failover_routing_policy.type]);
    expect(failover.sort()).toEqual([['eu-west-1-primary', 'PRIMARY'], ['us-east-1-secondary', 'SECONDARY']]);
  });

  test('the runbook no longer says the standby serves no API; the RTO arithmetic still holds (270 s <= 300 s)', () => {
    const env = loadEdited('production', (raw) => { raw.phase = 4; });
    const text = renderRunbook(env);
    expect(text).not.toMatch(/serves no API/);
    // After the promotions the standby's services take the local stores as writers (they wrote to eu-west-1).
    expect(text).toContain("Point us-east-1's services' writes at the promoted stores");
    expect(text).toContain('--db-instance-identifier production-us-east-1-bookmark-replica');
    expect(text).toContain('kubectl -n playback-services set env deployment/bookmark DATABASE_HOST="$DB" REDIS_ENDPOINT="$REDIS" REDIS_USER="$REDIS_USER"');
    expect(resolveEnvironment(env).recovery).toMatchObject({ scope: 'regional', standby: 'us-east-1', rtoTotalSeconds: 270, issues: [] });
  });
});

describe('the primary pins the reader contract: its readers are its writers', () => {
  test('eu-west-1 services get DATABASE_READER_HOST = DATABASE_HOST and REDIS_READER_* = REDIS_*; IAM names each ARN once', () => {
    const west = stack('production-eu-west-1-workloads');
    const env = envOf(west, 'bookmark');
    expect(env.DATABASE_READER_HOST).toBe(env.DATABASE_HOST);
    expect(env.REDIS_READER_ENDPOINT).toBe(env.REDIS_ENDPOINT);
    expect(env.REDIS_READER_USER).toBe(env.REDIS_USER);
    const [, policy] = Object.entries(resourcesOf(west, 'aws_iam_role_policy')).find(([k]) => k.includes('identity-bookmark_') && k.includes('data-access'))!;
    const statements = JSON.parse(policy.policy as string).Statement as Json[];
    expect(statements.find((s) => s.Action.includes('rds-db:connect'))!.Resource).toHaveLength(1);
    expect(statements.find((s) => s.Action.includes('elasticache:Connect'))!.Resource).toHaveLength(2);
  });
});

describe('phases 1-3: the secondary has no data layer or services, even with data: written', () => {
  test.each([1, 2, 3] as const)('phase %i: no data plan, no services, no ingress gateway in us-east-1', (phase) => {
    const plan = resolveEnvironment(loadEdited('production', (raw) => { raw.phase = phase; }));
    const east = plan.regions['us-east-1'];
    expect(loadEnvironment('production').regions['us-east-1'].data).toBeDefined();
    expect(east.secondaryData).toBeUndefined();
    expect(east.data).toBeUndefined();
    expect(east.workloads).toBeUndefined();
    expect(east.serving?.placements.length).toBeGreaterThan(0);
    expect(east.platform?.config.ingress).toBeUndefined();
    expect(plan.global.routing?.servingRegions.map((r) => r.region)).toEqual(['eu-west-1']);
    expect(planReplication(plan).flatMap((p) => p.kafkaTopics)).toEqual([]);
  });

  test('phase 4: the plan has the secondary\'s data layer and services; the primary keeps its own', () => {
    const plan = resolveEnvironment(loadEdited('production', (raw) => { raw.phase = 4; }));
    expect(plan.regions['us-east-1'].secondaryData?.kafka.crossRegionSources).toEqual(['realtime', 'analytics']);
    expect(plan.regions['us-east-1'].workloads?.ingress?.hostname).toBe('api.ott-platform.example');
    expect(plan.regions['eu-west-1'].data?.kafka.crossRegionSources).toEqual(['realtime']);
  });
});

describe('rules (one function each)', () => {
  test('OWN_DATA_FROM_PHASE: primary from 1, secondary from 4, replica-only and gpu-only never', () => {
    expect(OWN_DATA_FROM_PHASE).toEqual({ primary: 1, secondary: 4, 'replica-only': undefined, 'gpu-only': undefined });
    const table = REGION_ROLES.map((role) => [role, ([1, 2, 3, 4] as const).filter((p) => hasOwnDataLayer(role, p))]);
    expect(table).toEqual([['primary', [1, 2, 3, 4]], ['secondary', [4]], ['replica-only', []], ['gpu-only', []]]);
    // A secondary's own data layer brings its services, which write to the primary: whenever it exists the pair
    // has the peering and the replicas they read (stacks/environment.ts refuses the wiring otherwise).
    for (const phase of [1, 2, 3, 4] as const) {
      if (!hasOwnDataLayer('secondary', phase)) continue;
      expect(replicationFeatures('secondary', phase)).toMatchObject({ peering: true, postgresReplicas: true, redisReplicas: true });
    }
  });

  test('the services\' capacity is checked in every region that runs them: us-east-1 from phase 4 only', () => {
    const small = (phase: 3 | 4) => (raw: Json) => { raw.phase = phase; raw.regions['us-east-1'].cluster.nodeGroups[1].count = { 1: 0, 2: 0, 3: 0, 4: 2 }; };
    expect(errorOf(() => loadEdited('production', small(4)))).toMatch(/^environments\/production\.yaml: regions\.us-east-1\.cluster\.nodeGroups\[1\]\.count: catalog\/services\.ts: node group .general. \(us-east-1\)/);
    expect(() => loadEdited('production', small(3))).not.toThrow();
  });

  test('a cross-region replicator source cannot run kafka.t3.small (no multi-VPC connectivity): refused at load from phase 4, and by the construct', () => {
    expect(crossRegionSourceProblem('kafka.m7g.xlarge')).toBeUndefined();
    expect(crossRegionSourceProblem('kafka.t3.small')).toMatch(/multi-VPC private connectivity does not support t3\.small/);
    const t3 = (phase: 3 | 4) => (raw: Json) => { raw.phase = phase; raw.regions['us-east-1'].data.kafka.clusters.realtime.brokerType = 'kafka.t3.small'; raw.regions['us-east-1'].data.kafka.clusters.realtime.brokers = 3; };
    expect(errorOf(() => loadEdited('production', t3(4))))
      .toMatch(/^environments\/production\.yaml: regions\.us-east-1\.data\.kafka\.clusters\.realtime\.brokerType: kafka\.t3\.small cannot be a cross-region replication source/);
    expect(() => loadEdited('production', t3(3))).not.toThrow();
    // The secondary's analytics cluster feeds the consolidation into the primary's: the same rule.
    expect(errorOf(() => loadEdited('production', (raw) => {
      raw.phase = 4; raw.regions['us-east-1'].data.kafka.clusters.analytics.brokerType = 'kafka.t3.small';
    }))).toMatch(/^environments\/production\.yaml: regions\.us-east-1\.data\.kafka\.clusters\.analytics\.brokerType: kafka\.t3\.small cannot be a cross-region replication source/);
    expect(() => loadEdited('production', (raw) => { raw.phase = 4; raw.regions['eu-west-1'].data.kafka.clusters.analytics.brokerType = 'kafka.t3.small'; })).not.toThrow();
    expect(crossRegionKafkaSources(loadEdited('production', (raw) => { raw.phase = 4; }), 'eu-west-1')).toEqual({ 'eu-west-1': ['realtime'], 'us-east-1': ['realtime', 'analytics'] });
    expect(crossRegionKafkaSources(loadEdited('production', (raw) => { raw.phase = 3; }), 'eu-west-1')).toEqual({});
    // Without an analytics cluster in the primary there is nothing to consolidate into: the secondary's is no source.
    const clusters = (...names: string[]) => ({ data: { kafka: { clusters: Object.fromEntries(names.map((n) => [n, {}])) } } });
    expect(crossRegionKafkaSources({ phase: 4, regions: { 'eu-west-1': clusters('realtime'), 'us-east-1': { role: 'secondary', ...clusters('realtime', 'analytics') } } }, 'eu-west-1'))
      .toEqual({ 'eu-west-1': ['realtime'], 'us-east-1': ['realtime'] });
    expect(() => new KafkaCluster(testStack(), 'realtime', {
      clusterName: 'x-realtime', kafkaVersion: '3.9.x.kraft', brokers: 3, brokerType: 'kafka.t3.small', vpcId: 'vpc-1', subnetIds: ['a', 'b', 'c'], crossRegionReplicationSource: true,
    })).toThrow(/cannot be a cross-region replication source/);
  });

  test('regionStoresProblem: redis required in the primary; postgres and redis refused elsewhere', () => {
    const redis = loadEnvironment('production').regions['eu-west-1'].data!.redis;
    expect(regionStoresProblem(true, { redis })).toBeUndefined();
    expect(regionStoresProblem(true, {})).toMatchObject({ key: 'redis', message: expect.stringMatching(/required in the primary region/) });
    expect(regionStoresProblem(false, {})).toBeUndefined();
    expect(regionStoresProblem(false, { redis })).toMatchObject({ key: 'redis' });
  });

  test.each([
    ['postgres', (raw: Json) => { raw.regions['us-east-1'].data.postgres = { instanceClass: 'db.r6g.large' }; }, /^environments\/production\.yaml: regions\.us-east-1\.data\.postgres: not allowed outside the primary region: a secondary's databases and caches are the primary's replicas/],
    ['redis', (raw: Json) => { raw.regions['us-east-1'].data.redis = raw.regions['eu-west-1'].data.redis; }, /regions\.us-east-1\.data\.redis: not allowed outside the primary region/],
    ['no redis in the primary', (raw: Json) => { delete raw.regions['eu-west-1'].data.redis; }, /regions\.eu-west-1\.data\.redis: required in the primary region/],
    ['data on a gpu-only region', (raw: Json) => { raw.regions['us-east-1'].role = 'gpu-only'; }, /regions\.us-east-1\.role: 'gpu-only' with a data layer; remove regions\.us-east-1\.data/],
    ['data on a replica-only region', (raw: Json) => { raw.regions['us-east-1'].role = 'replica-only'; }, /regions\.us-east-1\.role: 'replica-only' with a data layer; a replica-only region never has one of its own/],
    ['analytics on a secondary', (raw: Json) => { raw.regions['us-east-1'].analytics = raw.regions['eu-west-1'].analytics; }, /regions\.us-east-1\.analytics: needs regions\.us-east-1\.data in the primary region/],
  ])('%s is refused with the file and key path', (_name, edit, message) => {
    expect(errorOf(() => loadEdited('production', edit))).toMatch(message);
  });
});
