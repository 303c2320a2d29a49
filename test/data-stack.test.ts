/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped synthesized Terraform JSON */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadEnvironment, parseEnvironment } from '../environments/load';
import { synthesizeEnvironments } from '../stacks/app';
import { KAFKA_TOPICS } from '../catalog/kafka-topics';
import { SERVICES } from '../catalog/services';
import { TfJson } from './data-helpers';
import { synthEnvironments } from './helpers';

type Res = Record<string, any>;

function synthEnv(name: string): { json: TfJson; text: string; network: TfJson } {
  const dir = synthEnvironments([loadEnvironment(name)]).outdir; // the run's synth of the checked-in environment (test/helpers.ts)
  try {
    const read = (stack: string) => fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    const text = read(`${name}-eu-west-1-data`);
    return { json: JSON.parse(text) as TfJson, text, network: JSON.parse(read(`${name}-eu-west-1-network`)) as TfJson };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const list = (json: TfJson, type: string): Res[] => Object.values(json.resource[type] ?? {});

describe('data stack', () => {
  const prod = synthEnv('production');
  const dev = synthEnv('dev');

  test('production: 2 MSK clusters, 15 topics with the seed partitions, provider raised', () => {
    const clusters = list(prod.json, 'aws_msk_cluster');
    expect(clusters.map((c) => [c.cluster_name, c.number_of_broker_nodes]).sort()).toEqual([
      ['production-eu-west-1-analytics', 4], ['production-eu-west-1-realtime', 6],
    ]);
    const topics = list(prod.json, 'aws_msk_topic');
    expect(topics).toHaveLength(15);
    const partitions = Object.fromEntries(topics.map((t) => [t.name, t.partition_count]));
    expect(partitions).toEqual(Object.fromEntries(KAFKA_TOPICS.map((t) => [t.name, t.partitions])));
    const heartbeats = topics.find((t) => t.name === 'playback.heartbeats')!;
    expect(JSON.parse(heartbeats.configs)['retention.ms']).toBe('86400000');
    expect(heartbeats.cluster_arn).toMatch(/kafka-realtime_cluster/);
    expect(prod.json.terraform.required_providers.aws.version).toBe('>= 6.38.0, < 7.0.0');
  });

  test('production: 8 PostgreSQL 16 instances, Multi-AZ, protected, encrypted, AWS-managed passwords, private', () => {
    const dbs = list(prod.json, 'aws_db_instance');
    expect(dbs).toHaveLength(8);
    for (const d of dbs) {
      expect(d).toMatchObject({ engine: 'postgres', multi_az: true, deletion_protection: true, storage_encrypted: true, manage_master_user_password: true, publicly_accessible: false, skip_final_snapshot: false });
      expect(d).toMatchObject({ engine_version: '16', auto_minor_version_upgrade: true }); // major only: RDS applies the minors
      expect(d.backup_retention_period).toBeGreaterThanOrEqual(14);
      expect(d).not.toHaveProperty('password');
    }
    const epg = dbs.find((d) => d.identifier === 'production-eu-west-1-epg')!;
    expect(epg).toMatchObject({ allocated_storage: 250, max_allocated_storage: 1000, tags: { service: 'epg', services: 'epg schedule' } });
  });

  test('production: 2 Redis replication groups with both encryptions', () => {
    const groups = list(prod.json, 'aws_elasticache_replication_group');
    expect(groups).toHaveLength(2);
    for (const g of groups) expect(g).toMatchObject({ at_rest_encryption_enabled: 'true', transit_encryption_enabled: true, multi_az_enabled: true, automatic_failover_enabled: true });
    const fs3 = groups.find((g) => g.replication_group_id === 'production-eu-west-1-features')!;
    expect(fs3).toMatchObject({ num_node_groups: 3, replicas_per_node_group: 1 });
  });

  test('production: buckets with lifecycle rules, EFS, one ECR repository per service', () => {
    expect(list(prod.json, 'aws_s3_bucket')).toHaveLength(5);
    const lake = list(prod.json, 'aws_s3_bucket_lifecycle_configuration').find((l) => l.rule.some((r: Res) => r.id === 'bronze'))!;
    expect(lake.rule.map((r: Res) => r.id).slice(0, 5)).toEqual(['housekeeping', 'bronze', 'silver', 'gold', 'ml-features']);
    // Then one 90-day rule per non-playback raw-event table (docs/replication.md, test/replication.test.ts).
    expect(lake.rule.slice(5).every((r: Res) => String(r.id).startsWith('bronze-') && r.expiration[0].days === 90)).toBe(true);
    const logs = list(prod.json, 'aws_s3_bucket_lifecycle_configuration').find((l) => l.rule.some((r: Res) => r.id === 'audit'))!;
    expect(logs.rule[1]).toMatchObject({ filter: [{ prefix: 'audit/' }], transition: [{ days: 365, storage_class: 'GLACIER' }], expiration: [{ days: 2557 }] });
    expect(list(prod.json, 'aws_efs_file_system')).toHaveLength(1);
    const repos = list(prod.json, 'aws_ecr_repository');
    expect(repos.map((r) => r.name).sort()).toEqual(SERVICES.map((s) => `production/${s.id}`).sort());
    for (const r of repos) expect(r.tags.service).toBe(r.name.split('/')[1]);
  });

  test('no secret value in the synthesized JSON', () => {
    const hits = prod.text.split('\n').filter((l) => /password/i.test(l));
    // Only the switches that make AWS manage the secret, and the disabled Redis default user.
    const counts: Record<string, number> = {};
    for (const h of hits) counts[h.trim()] = (counts[h.trim()] ?? 0) + 1;
    expect(counts).toEqual({ '"manage_master_user_password": true,': 8, '"type": "no-password-required"': 2 });
    expect(prod.text).not.toMatch(/auth_token/);
  });

  test('stores admit only the data-client group; it crosses stacks to the network', () => {
    for (const r of list(prod.json, 'aws_vpc_security_group_ingress_rule')) {
      expect(r.referenced_security_group_id).toMatch(/aws_security_group\.data-clients_sg/);
      expect(r).not.toHaveProperty('cidr_ipv4');
    }
    expect(list(prod.json, 'aws_vpc_security_group_ingress_rule').map((r) => r.from_port).sort()).toEqual([
      2049, 5432, 5432, 5432, 5432, 5432, 5432, 5432, 5432, 6379, 6379, 9098, 9098,
    ]);
    expect(prod.text).not.toContain('0.0.0.0/0');
    expect(prod.json.output?.['data-client-security-group-id']).toBeDefined();
    expect(JSON.stringify(prod.json.resource.aws_security_group)).toContain('terraform_remote_state.cross-stack-reference-input-production-eu-west-1-network');
  });

  test('dev differs: small classes, single-AZ, no protection, short backups', () => {
    const dbs = list(dev.json, 'aws_db_instance');
    expect(dbs).toHaveLength(8);
    for (const d of dbs) expect(d).toMatchObject({ instance_class: 'db.t4g.medium', multi_az: false, deletion_protection: false, skip_final_snapshot: true, backup_retention_period: 1, allocated_storage: expect.any(Number) });
    for (const c of list(dev.json, 'aws_msk_cluster')) expect(c.broker_node_group_info.instance_type).toBe('kafka.t3.small');
    for (const g of list(dev.json, 'aws_elasticache_replication_group')) {
      expect(g).toMatchObject({ node_type: 'cache.t4g.medium', multi_az_enabled: false, replicas_per_node_group: 0 });
      expect(g).not.toHaveProperty('final_snapshot_identifier');
    }
    for (const b of list(dev.json, 'aws_s3_bucket')) expect(b.force_destroy).toBe(true);
    for (const b of list(prod.json, 'aws_s3_bucket')) expect(b.force_destroy).toBe(false);
    for (const r of list(dev.json, 'aws_ecr_repository')) expect(r.force_delete).toBe(true);
    const prodClasses = list(prod.json, 'aws_db_instance').map((d) => d.instance_class);
    expect(new Set(prodClasses)).toEqual(new Set(['db.r6g.large', 'db.r6g.xlarge']));
  });
});

describe('data configuration', () => {
  const base = fs.readFileSync(path.join(__dirname, '..', 'environments', 'production.yaml'), 'utf8');
  const parse = (text: string) => parseEnvironment(text, 'environments/production.yaml');

  test('a 5-broker cluster over 3 AZs is refused naming the key path', () => {
    const bad = base.replace(/brokers: 6/, 'brokers: 5');
    expect(() => parse(bad)).toThrow(ConfigError);
    expect(() => parse(bad)).toThrow('environments/production.yaml: regions.eu-west-1.data.kafka.clusters.realtime.brokers: 5 brokers cannot be spread evenly over 3 Availability Zones; use a multiple of 3 (e.g. 3 or 6), or set zones');
  });

  test('4 brokers over 3 zones needs zones: 2', () => {
    const bad = base.replace(/\n\s+zones: 2[^\n]*/, '');
    expect(() => parse(bad)).toThrow('regions.eu-west-1.data.kafka.clusters.analytics.brokers: 4 brokers cannot be spread evenly over 3 Availability Zones');
  });

  test('a cluster the topic catalog needs must exist', () => {
    const bad = base.replace('analytics:                  #', 'batch:                  #');
    expect(() => parse(bad)).toThrow(/regions\.eu-west-1\.data\.kafka\.clusters: cluster 'analytics' is missing: the topic catalog \(catalog\/kafka-topics\.ts\) places user\.events/);
  });

  test('unknown database overrides, unsupported versions and oversized caches are refused', () => {
    expect(() => parse(base.replace('user-auth: { instanceClass', 'users: { instanceClass'))).toThrow(/regions\.eu-west-1\.data\.postgres\.databases/);
    expect(() => parse(base.replace("engineVersion: '16.14'", "engineVersion: '16.6'"))).toThrow(/regions\.eu-west-1\.data\.postgres\.engineVersion: RDS ended standard support for 16\.5-16\.8/);
    expect(() => parse(base.replace('memoryGb: 64, shards: 4', 'memoryGb: 640, shards: 1'))).toThrow(/regions\.eu-west-1\.data\.redis\.cache\.memoryGb: 640 GB over 1 shards/);
    expect(() => parse(base.replace('brokerType: kafka.m7g.xlarge', 'brokerType: kafka.m9.large'))).toThrow(/regions\.eu-west-1\.data\.kafka\.clusters\.realtime\.brokerType/);
  });

  test('a region without data gets no data stack', () => {
    const env = parse(base.replace(/\n    # Data layer[\s\S]*$/, '\n'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodata-'));
    try {
      const [built] = synthesizeEnvironments([env], dir);
      expect(built.regions.get('eu-west-1')!.data).toBeUndefined();
      expect(fs.readdirSync(path.join(dir, 'stacks'))).toEqual(['production-eu-west-1-network']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
