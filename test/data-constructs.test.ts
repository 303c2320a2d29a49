/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped synthesized Terraform JSON */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { PlatformValidationError } from '../constructs/core/errors';
import { ContainerRepository } from '../constructs/data/container-registry';
import { DataClientAccess } from '../constructs/data/data-client-access';
import { DataLake, DEFAULT_DATA_LAKE_LAYERS } from '../constructs/data/data-lake';
import { EfsFilesystem } from '../constructs/data/efs-filesystem';
import { assertLeastPrivilege } from '../constructs/data/grants';
import { KafkaCluster, KafkaClusterProps } from '../constructs/data/kafka-cluster';
import { KafkaTopic } from '../constructs/data/kafka-topic';
import { PostgresDatabase, PostgresDatabaseProps, postgresStorageGb } from '../constructs/data/postgres-database';
import { RedisCache, RedisCacheProps, redisNodeTypeFor } from '../constructs/data/redis-cache';
import { SecureBucket, allowServerAccessLogDelivery } from '../constructs/data/secure-bucket';
import { only, policyOf, resources, synthJson, testStack } from './data-helpers';

const SUBNETS = ['subnet-a', 'subnet-b', 'subnet-c'];

function kafkaProps(over: Partial<KafkaClusterProps> = {}): KafkaClusterProps {
  return { clusterName: 'test-realtime', kafkaVersion: '3.9.x.kraft', brokers: 6, brokerType: 'kafka.m7g.large', vpcId: 'vpc-1', subnetIds: SUBNETS, ...over };
}

function pgProps(over: Partial<PostgresDatabaseProps> = {}): PostgresDatabaseProps {
  return { identifier: 'test-catalog', databaseName: 'catalog', engineVersion: '16.14', instanceClass: 'db.r6g.large', vpcId: 'vpc-1', subnetIds: SUBNETS, allocatedStorageGb: 125, ...over };
}

function redisProps(over: Partial<RedisCacheProps> = {}): RedisCacheProps {
  return {
    replicationGroupId: 'test-cache', description: 'test', engineVersion: '7.1', memoryGb: 64, shards: 4, vpcId: 'vpc-1', subnetIds: SUBNETS,
    users: [{ name: 'catalog' }], userIdPrefix: 'test-cache', ...over,
  };
}

describe('KafkaCluster', () => {
  test('secure defaults: TLS, IAM only, private, encrypted, logs, storage autoscaling, configuration', () => {
    const stack = testStack();
    new KafkaCluster(stack, 'realtime', kafkaProps());
    const json = synthJson(stack);
    const c = only(json, 'aws_msk_cluster') as Record<string, any>;
    expect(c.client_authentication).toEqual({ sasl: { iam: true, scram: false }, unauthenticated: false });
    expect(c.encryption_info.encryption_in_transit).toEqual({ client_broker: 'TLS', in_cluster: true });
    expect(c.encryption_info.encryption_at_rest_kms_key_arn).toMatch(/aws_kms_key/);
    expect(c.broker_node_group_info.connectivity_info.public_access.type).toBe('DISABLED');
    expect(c.broker_node_group_info.client_subnets).toEqual(SUBNETS);
    expect(c.logging_info.broker_logs.cloudwatch_logs.enabled).toBe(true);
    expect(c.lifecycle.ignore_changes).toEqual(['broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size']);
    expect(resources(json, 'aws_kms_key').every((k) => k.enable_key_rotation === true)).toBe(true);
    expect(only(json, 'aws_cloudwatch_log_group')).toMatchObject({ retention_in_days: 90, name: '/aws/msk/test-realtime/broker' });
    expect(only(json, 'aws_appautoscaling_target')).toMatchObject({ max_capacity: 4000, scalable_dimension: 'kafka:broker-storage:VolumeSize', service_namespace: 'kafka' });
    expect((only(json, 'aws_appautoscaling_policy') as Record<string, any>).target_tracking_scaling_policy_configuration)
      .toMatchObject({ target_value: 55, disable_scale_in: true, predefined_metric_specification: { predefined_metric_type: 'KafkaBrokerStorageUtilization' } });
    const cfg = only(json, 'aws_msk_configuration') as Record<string, any>;
    expect(cfg.name).toBe('test-realtime-3-9-x-kraft');
    expect(cfg.lifecycle).toEqual({ create_before_destroy: true });
    expect(cfg.kafka_versions).toEqual(['3.9.x.kraft']);
    expect(cfg.server_properties).toContain('auto.create.topics.enable=false\n');
    expect(cfg.server_properties).toContain('default.replication.factor=3\n');
    expect(cfg.server_properties).toContain('min.insync.replicas=2\n');
    expect(cfg.server_properties).toContain('log.retention.hours=168\n');
    expect(only(json, 'aws_security_group')).not.toHaveProperty('ingress');
  });

  test('a cross-region replicator source: multi-VPC IAM connectivity and the MSK Replicator cluster policy; neither by default', () => {
    const plain = synthJson((() => { const st = testStack(); new KafkaCluster(st, 'realtime', kafkaProps()); return st; })());
    expect((only(plain, 'aws_msk_cluster') as Record<string, any>).broker_node_group_info.connectivity_info.vpc_connectivity).toBeUndefined();
    expect(resources(plain, 'aws_msk_cluster_policy')).toEqual([]);
    const stack = testStack();
    const cluster = new KafkaCluster(stack, 'realtime', kafkaProps({ crossRegionReplicationSource: true }));
    const json = synthJson(stack);
    const c = only(json, 'aws_msk_cluster') as Record<string, any>;
    expect(c.broker_node_group_info.connectivity_info.vpc_connectivity).toEqual({ client_authentication: { sasl: { iam: true, scram: false }, tls: false } });
    const policy = only(json, 'aws_msk_cluster_policy') as Record<string, any>;
    expect(policy.cluster_arn).toMatch(/aws_msk_cluster\.realtime_cluster_.*\.arn/);
    expect(JSON.parse(policy.policy).Statement).toEqual([{
      Sid: 'MskReplicatorCrossRegionSource', Effect: 'Allow', Principal: { Service: 'kafka.amazonaws.com' },
      Action: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeClusterV2'], Resource: [expect.stringMatching(/aws_msk_cluster\.realtime_cluster_.*\.arn/)],
    }]);
    expect(cluster.replicationSourcePolicy).toBeDefined();
  });

  test('a 5-broker cluster over 3 AZs is refused with a clear message', () => {
    const stack = testStack();
    expect(() => new KafkaCluster(stack, 'bad', kafkaProps({ brokers: 5 }))).toThrow(PlatformValidationError);
    expect(() => new KafkaCluster(testStack(), 'bad', kafkaProps({ brokers: 5 })))
      .toThrow('test/bad: 5 brokers cannot be spread evenly over 3 Availability Zones; MSK needs a broker count that is a multiple of the zone count (e.g. 3 or 6)');
  });

  test('4 brokers over 2 zones use the first two subnets', () => {
    const stack = testStack();
    new KafkaCluster(stack, 'analytics', kafkaProps({ brokers: 4, zones: 2 }));
    expect((only(synthJson(stack), 'aws_msk_cluster') as Record<string, any>).broker_node_group_info.client_subnets).toEqual(['subnet-a', 'subnet-b']);
  });

  test.each<[string, Partial<KafkaClusterProps>, RegExp]>([
    ['zones', { zones: 4 as never }, /zones must be 2 or 3/],
    ['version', { kafkaVersion: '3.6.0' }, /kafkaVersion '3.6.0' is not offered/],
    ['broker type', { brokerType: 'kafka.m6.large' }, /not an MSK Standard broker size/],
    ['tiered on t3', { brokerType: 'kafka.t3.small', brokers: 3, storageMode: 'TIERED' }, /tiered storage is not available on kafka.t3.small/],
    ['t3 on 4.x', { brokerType: 'kafka.t3.small', brokers: 3, kafkaVersion: '4.1.x.kraft' }, /kafka.t3.small is reported as rejected/],
    ['replication factor', { brokers: 2, zones: 2, subnetIds: ['a', 'b'] }, /replicationFactor 3 needs at least 3 brokers/],
    ['volume', { volumeSizeGb: 20000 }, /volumeSizeGb must be 1-16384/],
    ['max volume', { volumeSizeGb: 1000, maxVolumeSizeGb: 500 }, /maxVolumeSizeGb must be between/],
    ['log retention', { logRetentionDays: 10 }, /log retention 10 days is not accepted/],
  ])('refuses a bad %s', (_name, over, message) => {
    expect(() => new KafkaCluster(testStack(), 'bad', kafkaProps(over))).toThrow(message);
  });

  test('topics: retention and configs; grants are scoped to cluster, topic and group ARNs', () => {
    const stack = testStack();
    const cluster = new KafkaCluster(stack, 'realtime', kafkaProps());
    const topic = new KafkaTopic(stack, 'sessions', { cluster, name: 'playback.sessions', partitions: 32, retentionMs: 259_200_000 });
    const role = new IamRole(stack, 'svc-role', { name: 'playback-session', assumeRolePolicy: '{}' });
    topic.grantProduce(role);
    topic.grantConsume({ roleName: 'bookmark' });
    const json = synthJson(stack);
    expect(only(json, 'aws_msk_topic')).toMatchObject({ name: 'playback.sessions', partition_count: 32, replication_factor: 3, configs: '{"cleanup.policy":"delete","retention.ms":"259200000"}' });
    const policies = resources(json, 'aws_iam_role_policy');
    expect(policies).toHaveLength(2);
    const produce = policies.find((p) => p.name === 'kafka-produce-playback.sessions')!;
    expect(produce.role).toBe('${aws_iam_role.svc-role.name}');
    expect(policyOf(produce).Statement.map((s) => s.Action)).toEqual([
      ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster', 'kafka-cluster:WriteDataIdempotently'],
      ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
    ]);
    const consume = policies.find((p) => p.name === 'kafka-consume-playback.sessions')!;
    expect(consume.role).toBe('bookmark');
    const stmts = policyOf(consume).Statement;
    expect((stmts[1].Resource as string[])[0]).toMatch(/:kafka:.*:topic\/test-realtime\/\$\{aws_msk_cluster\.realtime_cluster_\w+\.cluster_uuid\}\/playback\.sessions$/);
    expect(stmts[2].Action).toEqual(['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup']);
    expect((stmts[2].Resource as string[])[0]).toMatch(/:group\/test-realtime\/\$\{aws_msk_cluster\.realtime_cluster_\w+\.cluster_uuid\}\/bookmark$/);
    for (const p of policies) for (const s of policyOf(p).Statement) expect(s.Resource).not.toContain('*');
  });

  test('topics on a tiered cluster enable remote storage with a shorter local retention', () => {
    const stack = testStack();
    const cluster = new KafkaCluster(stack, 'analytics', kafkaProps({ storageMode: 'TIERED' }));
    new KafkaTopic(stack, 'ads', { cluster, name: 'ad.events', partitions: 16, retentionMs: 2_592_000_000 });
    const configs = JSON.parse((only(synthJson(stack), 'aws_msk_topic') as Record<string, string>).configs);
    expect(configs).toEqual({ 'cleanup.policy': 'delete', 'local.retention.ms': '86400000', 'remote.storage.enable': 'true', 'retention.ms': '2592000000' });
  });

  test('topic props are checked', () => {
    const stack = testStack();
    const cluster = new KafkaCluster(stack, 'c', kafkaProps({ brokers: 3 }));
    expect(() => new KafkaTopic(stack, 't1', { cluster, name: 'a b', partitions: 1, retentionMs: 1 })).toThrow(/may only hold letters/);
    expect(() => new KafkaTopic(stack, 't2', { cluster, name: 'a', partitions: 0, retentionMs: 1 })).toThrow(/partitions must be a positive integer/);
    expect(() => new KafkaTopic(stack, 't3', { cluster, name: 'a', partitions: 1, retentionMs: 1, replicationFactor: 4 })).toThrow(/replicationFactor 4 must be 1-3/);
  });
});

describe('PostgresDatabase', () => {
  test('secure defaults', () => {
    const stack = testStack();
    const db = new PostgresDatabase(stack, 'catalog', pgProps());
    const json = synthJson(stack);
    const i = only(json, 'aws_db_instance') as Record<string, any>;
    expect(i).toMatchObject({
      engine: 'postgres', engine_version: '16', auto_minor_version_upgrade: true, storage_type: 'gp3', allocated_storage: 125, max_allocated_storage: 500,
      storage_encrypted: true, manage_master_user_password: true, publicly_accessible: false, multi_az: true,
      deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: 'test-catalog-final',
      backup_retention_period: 14, iam_database_authentication_enabled: true, performance_insights_enabled: true,
      performance_insights_retention_period: 7, monitoring_interval: 60, enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
    });
    expect(i).not.toHaveProperty('password');
    expect(i.kms_key_id).toMatch(/aws_kms_key/);
    expect(i.monitoring_role_arn).toMatch(/aws_iam_role/);
    const pg = only(json, 'aws_db_parameter_group') as Record<string, any>;
    expect(pg.family).toBe('postgres16');
    expect(pg.name).toBe('test-catalog-postgres16');
    expect(pg.parameter).toContainEqual({ name: 'rds.force_ssl', value: '1' });
    expect(resources(json, 'aws_cloudwatch_log_group').map((g) => g.name).sort()).toEqual(['/aws/rds/instance/test-catalog/postgresql', '/aws/rds/instance/test-catalog/upgrade']);
    expect(db.bootstrapSql).toEqual([]);
  });

  test('development opt-outs: single-AZ, no deletion protection, no final snapshot', () => {
    const stack = testStack();
    new PostgresDatabase(stack, 'catalog', pgProps({ multiAz: false, deletionProtection: false, backupRetentionDays: 1 }));
    const i = only(synthJson(stack), 'aws_db_instance') as Record<string, any>;
    expect(i).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true, backup_retention_period: 1 });
    expect(i).not.toHaveProperty('final_snapshot_identifier');
  });

  test('pgvector: explicit extension, no preload change, bootstrap SQL', () => {
    const stack = testStack();
    const db = new PostgresDatabase(stack, 'vector', pgProps({ identifier: 'test-vector', databaseName: 'vector', extensions: ['vector'] }));
    const json = synthJson(stack);
    expect(db.bootstrapSql).toEqual(['CREATE EXTENSION IF NOT EXISTS vector;']);
    const pg = only(json, 'aws_db_parameter_group') as Record<string, any>;
    expect(pg.parameter).toContainEqual({ name: 'shared_preload_libraries', value: 'pg_stat_statements', apply_method: 'pending-reboot' });
    expect((only(json, 'aws_db_instance') as Record<string, any>).tags['postgres-extensions']).toBe('vector');
  });

  test('grantConnect: rds-db:connect on the dbuser ARN', () => {
    const stack = testStack();
    const db = new PostgresDatabase(stack, 'catalog', pgProps());
    db.grantConnect({ roleName: 'catalog-service' });
    const p = only(synthJson(stack), 'aws_iam_role_policy');
    const s = policyOf(p).Statement[0];
    expect(s.Action).toEqual(['rds-db:connect']);
    expect((s.Resource as string[])[0]).toMatch(/^arn:\$\{data\.aws_partition\..*\}:rds-db:\$\{data\.aws_region\..*\}:\$\{data\.aws_caller_identity\..*\}:dbuser:\$\{aws_db_instance\.catalog_instance_.*\.resource_id\}\/catalog$/);
  });

  test.each<[string, Partial<PostgresDatabaseProps>, RegExp]>([
    ['engine version', { engineVersion: '15.4' }, /must be a PostgreSQL 16 minor version/],
    ['backups off', { backupRetentionDays: 0 }, /backupRetentionDays must be 1-35/],
    ['storage', { allocatedStorageGb: 10 }, /allocatedStorageGb must be an integer from 20/],
    ['identifier', { identifier: 'Bad_Name' }, /identifier 'Bad_Name'/],
    ['single subnet', { subnetIds: ['a'] }, /at least 2 AZs/],
    ['PI retention', { performanceInsightsRetentionDays: 30 }, /performanceInsightsRetentionDays must be 7/],
    ['monitoring', { monitoringIntervalSeconds: 0 }, /monitoringIntervalSeconds must be one of/],
  ])('refuses a bad %s', (_n, over, message) => {
    expect(() => new PostgresDatabase(testStack(), 'db', pgProps(over))).toThrow(message);
  });

  test('storage sizing from the estimate', () => {
    expect(postgresStorageGb(200, 1, 1.25)).toBe(250);
    expect(postgresStorageGb(50, 0.1, 1.25)).toBe(20);
  });
});

describe('RedisCache', () => {
  test('node types are sized from memory', () => {
    expect(redisNodeTypeFor(64, 4)).toBe('cache.r6g.xlarge');
    expect(redisNodeTypeFor(32, 3)).toBe('cache.r6g.xlarge');
    expect(redisNodeTypeFor(16, 2)).toBe('cache.r6g.large');
    expect(redisNodeTypeFor(2, 1)).toBe('cache.t4g.medium');
    expect(() => redisNodeTypeFor(1000, 1)).toThrow(/add shards/);
  });

  test('secure defaults: both encryptions, RBAC with IAM users, Multi-AZ, snapshots, slow log', () => {
    const stack = testStack();
    new RedisCache(stack, 'cache', redisProps());
    const json = synthJson(stack);
    const g = only(json, 'aws_elasticache_replication_group') as Record<string, any>;
    expect(g).toMatchObject({
      engine: 'redis', engine_version: '7.1', node_type: 'cache.r6g.xlarge', cluster_mode: 'enabled', num_node_groups: 4, replicas_per_node_group: 1,
      at_rest_encryption_enabled: 'true', transit_encryption_enabled: true, transit_encryption_mode: 'required',
      multi_az_enabled: true, automatic_failover_enabled: true, snapshot_retention_limit: 7, final_snapshot_identifier: 'test-cache-final',
    });
    expect(g).not.toHaveProperty('auth_token');
    expect(g.log_delivery_configuration.map((l: Record<string, string>) => l.log_type)).toEqual(['slow-log', 'engine-log']);
    const users = resources(json, 'aws_elasticache_user');
    expect(users.find((u) => u.user_name === 'default')).toMatchObject({ access_string: 'off -@all' });
    expect(users.find((u) => u.user_id === 'test-cache-catalog')).toMatchObject({ user_name: 'test-cache-catalog', authentication_mode: { type: 'iam' }, access_string: 'on ~catalog:* &* +@all -@dangerous' });
    expect((only(json, 'aws_elasticache_parameter_group') as Record<string, any>).family).toBe('redis7');
  });

  test('no replicas: no Multi-AZ or failover', () => {
    const stack = testStack();
    new RedisCache(stack, 'cache', redisProps({ memoryGb: 2, shards: 1, replicasPerShard: 0 }));
    expect(only(synthJson(stack), 'aws_elasticache_replication_group')).toMatchObject({ multi_az_enabled: false, automatic_failover_enabled: false, node_type: 'cache.t4g.medium' });
  });

  test.each<[string, Partial<RedisCacheProps>, RegExp]>([
    ['id length', { replicationGroupId: 'x'.repeat(41) }, /must be 1-40/],
    ['engine', { engineVersion: '6.2' }, /must be a Redis OSS 7 version/],
    ['memory', { memoryGb: 900, shards: 1 }, /add shards/],
    ['users', { users: [] }, /at least one user/],
  ])('refuses a bad %s', (_n, over, message) => {
    expect(() => new RedisCache(testStack(), 'c', redisProps(over))).toThrow(message);
  });

  test('grantConnect: elasticache:Connect on the group and the user', () => {
    const stack = testStack();
    const c = new RedisCache(stack, 'cache', redisProps());
    c.grantConnect({ roleName: 'catalog' }, 'catalog');
    const s = policyOf(only(synthJson(stack), 'aws_iam_role_policy')).Statement[0];
    expect(s.Action).toEqual(['elasticache:Connect']);
    expect((s.Resource as string[])[1]).toMatch(/:user:test-cache-catalog$/);
    expect(() => c.grantConnect({ roleName: 'x' }, 'nobody')).toThrow(/no user 'nobody'/);
  });
});

describe('SecureBucket and DataLake', () => {
  test('secure defaults', () => {
    const stack = testStack();
    new SecureBucket(stack, 'b', { bucketName: 'test-bucket', label: 'test', accessLogsBucket: 'logs-bucket' });
    const json = synthJson(stack);
    expect(only(json, 'aws_s3_bucket')).toMatchObject({ bucket: 'test-bucket', force_destroy: false });
    expect(only(json, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(only(json, 'aws_s3_bucket_ownership_controls')).toMatchObject({ rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(only(json, 'aws_s3_bucket_versioning')).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    const enc = (only(json, 'aws_s3_bucket_server_side_encryption_configuration') as Record<string, any>).rule[0];
    expect(enc.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(enc.bucket_key_enabled).toBe(true);
    expect(only(json, 'aws_s3_bucket_logging')).toMatchObject({ target_bucket: 'logs-bucket', target_prefix: 'test/' });
    const stmts = policyOf(only(json, 'aws_s3_bucket_policy')).Statement;
    expect(stmts[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(stmts[1]).toMatchObject({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } });
  });

  test('SSE-S3 buckets and access-log delivery', () => {
    const stack = testStack();
    const logs = new SecureBucket(stack, 'logs', { bucketName: 'logs-bucket', label: 'access-logs', encryption: 's3-managed' });
    allowServerAccessLogDelivery(logs);
    const json = synthJson(stack);
    expect((only(json, 'aws_s3_bucket_server_side_encryption_configuration') as Record<string, any>).rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
    expect(policyOf(only(json, 'aws_s3_bucket_policy')).Statement[2]).toMatchObject({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' });
    const kms = new SecureBucket(testStack(), 'k', { bucketName: 'kms-bucket', label: 'k' });
    expect(() => allowServerAccessLogDelivery(kms)).toThrow(/must use s3-managed encryption/);
  });

  test('data lake lifecycle rules follow the retention table', () => {
    const stack = testStack();
    new DataLake(stack, 'lake', { bucketName: 'lake-bucket' });
    const rules = (only(synthJson(stack), 'aws_s3_bucket_lifecycle_configuration') as Record<string, any>).rule as Record<string, any>[];
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(byId.bronze).toMatchObject({ filter: [{ prefix: 'bronze/' }], transition: [{ days: 90, storage_class: 'GLACIER' }], expiration: [{ days: 730 }] });
    expect(byId.silver).toMatchObject({ filter: [{ prefix: 'silver/' }], expiration: [{ days: 365 }] });
    expect(byId.silver).not.toHaveProperty('transition');
    expect(byId.gold).not.toHaveProperty('expiration');
    expect(byId['ml-features']).toMatchObject({ filter: [{ prefix: 'ml-features/' }], transition: [{ days: 365, storage_class: 'GLACIER' }] });
    expect(byId['ml-features']).not.toHaveProperty('expiration');
    expect(byId.housekeeping).toMatchObject({ abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }], noncurrent_version_expiration: [{ noncurrent_days: 90 }] });
    expect(DEFAULT_DATA_LAKE_LAYERS.map((l) => l.id)).toEqual(['bronze', 'silver', 'gold', 'ml-features']);
  });

  test.each<[string, object, RegExp]>([
    ['expiration before transition', { id: 'r', prefix: 'a/', transitions: [{ days: 90, storageClass: 'GLACIER' }], expirationDays: 30 }, /must come after the last transition/],
    ['prefix', { id: 'r', prefix: 'a', expirationDays: 30 }, /must end with '\/'/],
    ['IA too early', { id: 'r', prefix: 'a/', transitions: [{ days: 10, storageClass: 'STANDARD_IA' }] }, /30 days old before STANDARD_IA/],
    ['reserved id', { id: 'housekeeping', prefix: 'a/' }, /used twice/],
  ])('lifecycle rules: refuses %s', (_n, rule, message) => {
    expect(() => new SecureBucket(testStack(), 'b', { bucketName: 'b-bucket', label: 'b', lifecycleRules: [rule as never] })).toThrow(message);
  });

  test('grants: prefix-scoped read and write with the key', () => {
    const stack = testStack();
    const lake = new DataLake(stack, 'lake', { bucketName: 'lake-bucket' });
    lake.grantRead({ roleName: 'analytics' }, 'gold');
    lake.grantWrite({ roleName: 'collector' }, 'bronze');
    const json = synthJson(stack);
    const read = resources(json, 'aws_iam_role_policy').find((p) => p.role === 'analytics')!;
    const rs = policyOf(read).Statement;
    expect(rs[0].Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    expect((rs[0].Resource as string[])[0]).toMatch(/^\$\{aws_s3_bucket\.lake_bucket_\w+\.arn\}\/gold\/\*$/);
    expect(rs[1]).toMatchObject({ Action: ['s3:ListBucket'], Condition: { StringLike: { 's3:prefix': ['gold/*'] } } });
    expect(rs[2]).toMatchObject({ Action: ['kms:Decrypt'] });
    const write = resources(json, 'aws_iam_role_policy').find((p) => p.role === 'collector')!;
    expect(policyOf(write).Statement[1]).toMatchObject({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'] });
    expect(() => lake.grantRead({ roleName: 'x' }, 'platinum')).toThrow(/no layer 'platinum'/);
  });
});

describe('EfsFilesystem, ContainerRepository, DataClientAccess, grants', () => {
  test('EFS: encrypted, TLS-only policy, backups, mount targets per subnet', () => {
    const stack = testStack();
    new EfsFilesystem(stack, 'live', { name: 'test-live', vpcId: 'vpc-1', subnetIds: SUBNETS });
    const json = synthJson(stack);
    expect(only(json, 'aws_efs_file_system')).toMatchObject({ encrypted: true, throughput_mode: 'elastic' });
    expect(only(json, 'aws_efs_backup_policy')).toMatchObject({ backup_policy: { status: 'ENABLED' } });
    expect(resources(json, 'aws_efs_mount_target')).toHaveLength(3);
    expect(policyOf(only(json, 'aws_efs_file_system_policy')).Statement[1]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test('ECR: immutable tags, scan on push, KMS, lifecycle; grantPull', () => {
    const stack = testStack();
    const repo = new ContainerRepository(stack, 'catalog', { repositoryName: 'test/catalog' });
    repo.grantPull({ roleName: 'node' });
    const json = synthJson(stack);
    expect(only(json, 'aws_ecr_repository')).toMatchObject({ name: 'test/catalog', image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true }, force_delete: false });
    expect((only(json, 'aws_ecr_repository') as Record<string, any>).encryption_configuration[0].encryption_type).toBe('KMS');
    const lc = JSON.parse((only(json, 'aws_ecr_lifecycle_policy') as Record<string, string>).policy);
    expect(lc.rules.map((r: Record<string, any>) => r.selection.tagStatus)).toEqual(['untagged', 'any']);
    const stmts = policyOf(only(json, 'aws_iam_role_policy')).Statement;
    expect(stmts[0].Resource).toEqual([expect.stringMatching(/^\$\{aws_ecr_repository\.catalog_repository_\w+\.arn\}$/)]);
    expect(stmts[1]).toEqual({ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' });
    expect(() => new ContainerRepository(testStack(), 'bad', { repositoryName: 'Bad Name' })).toThrow(/not a valid ECR repository name/);
  });

  test('data clients: security-group references only, no CIDR; duplicates refused', () => {
    const stack = testStack();
    const clients = new DataClientAccess(stack, 'clients', { name: 'test-data-clients', vpcId: 'vpc-1' });
    clients.allow({ endpointName: 'postgres-a', securityGroupId: 'sg-db', port: 5432 });
    const json = synthJson(stack);
    const ingress = only(json, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toMatchObject({ security_group_id: 'sg-db', from_port: 5432, to_port: 5432, ip_protocol: 'tcp' });
    expect(ingress.referenced_security_group_id).toMatch(/aws_security_group\.clients_sg/);
    expect(ingress).not.toHaveProperty('cidr_ipv4');
    expect(only(json, 'aws_vpc_security_group_egress_rule')).toMatchObject({ referenced_security_group_id: 'sg-db', from_port: 5432 });
    expect(only(json, 'aws_security_group')).not.toHaveProperty('egress');
    expect(() => clients.allow({ endpointName: 'postgres-a', securityGroupId: 'sg-x', port: 5432 })).toThrow(/already allowed/);
    expect(() => clients.allow({ endpointName: 'x', securityGroupId: 'sg-x', port: 70000 })).toThrow(/not a TCP port/);
  });

  test('grants refuse wildcards', () => {
    expect(() => assertLeastPrivilege('here', [{ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::b'] }])).toThrow("here: grant action 's3:*' is a wildcard");
    expect(() => assertLeastPrivilege('here', [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }])).toThrow(/on Resource '\*'/);
    expect(() => assertLeastPrivilege('here', [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' }])).not.toThrow();
  });
});
