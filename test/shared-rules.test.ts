// One rule, one function, one message: the environment schema and the construct that enforces a rule
// reject the same bad value with the same text, and the old duplicates are gone from the source.
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../environments/load';
import { GpuNodeGroup } from '../constructs/cluster/gpu-node-group';
import { NodeGroup } from '../constructs/cluster/node-group';
import { kafkaTopicNameProblem, KafkaTopic } from '../constructs/data/kafka-topic';
import { KafkaCluster } from '../constructs/data/kafka-cluster';
import { PostgresDatabase, type PostgresDatabaseProps, rdsIdentifierProblem, rdsInstanceClassProblem } from '../constructs/data/postgres-database';
import { PostgresReadReplica, type PostgresReadReplicaProps } from '../constructs/data/postgres-read-replica';
import { catalogIssues, CATALOGS } from '../catalog/catalog-validation';
import type { KafkaTopicSpec, TopicName } from '../catalog/kafka-topics';
import { publicEndpointCidrProblem } from '../constructs/cluster/eks-cluster';
import { gpuSharingProblem } from '../constructs/cluster/gpu-catalog';
import { capacityReservationIdProblem, instanceTypeProblem, nodeGroupNameProblem, rootVolumeProblem } from '../constructs/cluster/managed-node-group';
import { addSystemGroup, clusterTestStack, errorOf, Json, loadEdited } from './cluster-helpers';
import { testStack } from './helpers';

/** The schema's message for `edit` applied to production.yaml (the part after `file: key.path: `). */
function schemaMessage(edit: (raw: Json) => void): string {
  try {
    loadEdited('production', edit);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.issues.map((i) => `${i.keyPath}: ${i.message}`).join('\n');
  }
  throw new Error('expected a ConfigError');
}

const cluster = (raw: Json) => raw.regions['eu-west-1'].cluster as Json;
const euPool = (raw: Json) => (cluster(raw).gpuPools as Json[])[0];

describe('schema and construct give the same message for the same bad value', () => {
  test.each([
    ['0.0.0.0/0', /would open the Kubernetes API to the whole internet/],
    ['198.51.0.0/16', /is wider than \/24 \(endpointPublicAccessMinPrefixLength/],
    ['203.0.113.1/24', /is not an IPv4 CIDR/],
  ])('public endpoint CIDR %s', (cidr, expected) => {
    const problem = publicEndpointCidrProblem(cidr)!;
    expect(problem).toMatch(expected);
    expect(schemaMessage((raw) => { cluster(raw).endpointPublicAccessCidrs = [cidr]; }))
      .toBe(`regions.eu-west-1.cluster.endpointPublicAccessCidrs[0]: ${problem}`);
    expect(errorOf(() => clusterTestStack({ endpointPublicAccessCidrs: [cidr] }))).toBe(`test/eks: endpointPublicAccessCidrs: ${problem}`);
  });

  test('the CIDR limit is a config key: raising it admits a wider network in both places', () => {
    const env = loadEdited('production', (raw) => { cluster(raw).endpointPublicAccessCidrs = ['198.51.0.0/16']; cluster(raw).endpointPublicAccessMinPrefixLength = 16; });
    expect(env.regions['eu-west-1'].cluster!.endpointPublicAccessMinPrefixLength).toBe(16);
    expect(() => clusterTestStack({ endpointPublicAccessCidrs: ['198.51.0.0/16'], endpointPublicAccessMinPrefixLength: 16 })).not.toThrow();
    expect(schemaMessage((raw) => { cluster(raw).endpointPublicAccessMinPrefixLength = 4; }))
      .toBe('regions.eu-west-1.cluster.endpointPublicAccessMinPrefixLength: must be a whole number from 8 to 32, got 4');
  });

  test('MIG profile on a GPU without MIG', () => {
    const problem = gpuSharingProblem({ migProfile: '1g.10gb' }, 'A10G')!;
    expect(problem.message).toMatch(/A10G has no MIG/);
    expect(schemaMessage((raw) => { euPool(raw).sharing = { migProfile: '1g.10gb' }; }))
      .toBe(`regions.eu-west-1.cluster.gpuPools[0].sharing.migProfile: ${problem.message}`);
    const { stack, cluster: eks } = clusterTestStack();
    addSystemGroup(stack, eks);
    expect(errorOf(() => new GpuNodeGroup(stack, 'gpu', {
      cluster: eks, name: 'gpu', region: 'eu-west-1', request: { instanceType: 'g5.xlarge' }, scaling: { minSize: 0, desiredSize: 1, maxSize: 2 }, sharing: { migProfile: '1g.10gb' },
    }))).toBe(`test/gpu: sharing.migProfile: ${problem.message}`);
  });

  test('time-slicing replicas out of range', () => {
    const problem = gpuSharingProblem({ timeSlicingReplicas: 1 }, 'A10G')!;
    expect(schemaMessage((raw) => { euPool(raw).sharing = { timeSlicingReplicas: 1 }; }))
      .toBe(`regions.eu-west-1.cluster.gpuPools[0].sharing.timeSlicingReplicas: ${problem.message}`);
    const { stack, cluster: eks } = clusterTestStack();
    addSystemGroup(stack, eks);
    expect(errorOf(() => new GpuNodeGroup(stack, 'gpu', {
      cluster: eks, name: 'gpu', region: 'eu-west-1', request: { instanceType: 'g5.xlarge' }, scaling: { minSize: 0, desiredSize: 1, maxSize: 2 }, sharing: { timeSlicingReplicas: 1 },
    }))).toBe(`test/gpu: sharing.timeSlicingReplicas: ${problem.message}`);
  });

  test('topic name: the catalog check and KafkaTopic', () => {
    const problem = kafkaTopicNameProblem('bad topic')!;
    const topics: KafkaTopicSpec[] = [...CATALOGS.topics];
    topics[0] = { ...topics[0], name: 'bad topic' as TopicName };
    expect(catalogIssues({ ...CATALOGS, topics }).map((i) => i.message)).toContain(`topic 'bad topic': topic name ${problem}`);
    const { stack } = clusterTestStack();
    const kafka = KafkaCluster.fromKafkaClusterAttributes(stack, 'kafka', {
      clusterArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/events/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab-3', brokers: 3, securityGroupId: 'sg-0123456789abcdef0',
    });
    expect(errorOf(() => new KafkaTopic(stack, 'topic', { cluster: kafka, name: 'bad topic', partitions: 1, retentionMs: 1000 }))).toBe(`test/topic: topic name ${problem}`);
  });

  test.each([
    ['name', 'General_Workloads', () => nodeGroupNameProblem('General_Workloads')!],
    ['instanceType', 'm6i.2xlarg', () => instanceTypeProblem('m6i.2xlarg')!],
    ['rootVolumeSizeGiB', 10, () => rootVolumeProblem(10, false)!],
  ] as const)('node group %s %s', (key, value, problemOf) => {
    const problem = problemOf();
    expect(schemaMessage((raw) => { cluster(raw).nodeGroups = [{ name: 'general', instanceType: 'm6i.2xlarge', count: 3, [key]: value }]; }))
      .toBe(`regions.eu-west-1.cluster.nodeGroups[0].${key}: ${problem}`);
    const { stack, cluster: eks } = clusterTestStack();
    expect(errorOf(() => new NodeGroup(stack, 'ng', {
      cluster: eks, name: 'general', instanceType: 'm6i.2xlarge', scaling: { minSize: 1, desiredSize: 1, maxSize: 2 }, [key]: value,
    }))).toBe(`test/ng: ${key} ${problem}`);
  });

  test('node group defaults are written once: the schema default equals what the construct applies', () => {
    const env = loadEdited('production', (raw) => { cluster(raw).nodeGroups = [{ name: 'general', instanceType: 'm6i.2xlarge', count: 30 }]; });
    const g = env.regions['eu-west-1'].cluster!.nodeGroups[0];
    const { stack, cluster: eks } = clusterTestStack();
    const built = new NodeGroup(stack, 'ng', { cluster: eks, name: 'general', instanceType: 'm6i.2xlarge', scaling: { minSize: 1, desiredSize: 1, maxSize: 2 } });
    expect(built.nodeGroup.amiTypeInput).toBe(g.amiType);
    expect(built.launchTemplate.blockDeviceMappingsInput).toEqual([expect.objectContaining({ ebs: expect.objectContaining({ volumeSize: g.rootVolumeSizeGiB }) })]);
    expect(g).toMatchObject({ min: 1, spot: false, imdsHopLimit: 1 });
  });

  test('capacity reservation id', () => {
    const problem = capacityReservationIdProblem('cr-1')!;
    expect(schemaMessage((raw) => { euPool(raw).capacityReservationIds = ['cr-1']; }))
      .toBe(`regions.eu-west-1.cluster.gpuPools[0].capacityReservationIds[0]: ${problem}`);
    const { stack, cluster: eks } = clusterTestStack();
    expect(errorOf(() => new GpuNodeGroup(stack, 'gpu', {
      cluster: eks, name: 'gpu', region: 'eu-west-1', request: { instanceType: 'g5.xlarge' }, scaling: { minSize: 0, desiredSize: 1, maxSize: 2 }, capacityReservationIds: ['cr-1'],
    }))).toBe(`test/gpu: capacityReservationIds: ${problem}`);
  });
});

describe('the duplicates are gone from the source', () => {
  const ROOT = path.join(__dirname, '..');
  const walk = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const sources = ['constructs', 'environments', 'plan', 'catalog', 'stacks'].flatMap((dir) => walk(dir));
  const count = (needle: string) => sources.filter((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').includes(needle));

  test.each([
    'would open the Kubernetes API to the whole internet',
    'may only hold letters, digits',
    '[A-Za-z0-9._-]{1,249}',
    'has no MIG',
    'must be 1-30 lower-case letters, digits or dashes',
    'cr-[0-9a-f]{8,17}',
    'they cannot be combined with spot',
    "'playback.sessions', 'playback.heartbeats', 'user.events'",
  ])('%s is written in one file', (needle) => {
    expect(count(needle)).toHaveLength(1);
  });
});

describe('RDS identifier and instance class: one rule each for the schema, the database and its replica', () => {
  const replicaProps = (over: Partial<PostgresReadReplicaProps>): PostgresReadReplicaProps => ({
    identifier: 'prod-us-east-1-catalog-replica', sourceDbArn: 'arn:aws:rds:eu-west-1:123456789012:db:prod-catalog', sourceEngineVersion: '16.14',
    instanceClass: 'db.r6g.large', vpcId: 'vpc-1', subnetIds: ['subnet-a', 'subnet-b'], kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k',
    logsKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/l', logRetentionDays: 365, lagAlarmSeconds: 1,
    monitoringRoleArn: 'arn:aws:iam::123456789012:role/rds-monitoring', ...over,
  });
  const databaseProps = (over: Partial<PostgresDatabaseProps>): PostgresDatabaseProps => ({
    identifier: 'test-catalog', databaseName: 'catalog', engineVersion: '16.14', instanceClass: 'db.r6g.large', vpcId: 'vpc-1',
    subnetIds: ['subnet-a', 'subnet-b'], allocatedStorageGb: 125, ...over,
  });

  test('a bad instance class: the same text from the schema, PostgresDatabase and PostgresReadReplica', () => {
    const text = rdsInstanceClassProblem('r6g.large')!;
    expect(text).toBe("'r6g.large' is not an RDS instance class such as db.r6g.large");
    expect(schemaMessage((raw) => { raw.regions['eu-west-1'].data.postgres.instanceClass = 'r6g.large'; })).toBe(`regions.eu-west-1.data.postgres.instanceClass: ${text}`);
    expect(schemaMessage((raw) => { raw.regions['eu-west-1'].data.postgres.databases.catalog = { instanceClass: 'r6g.large' }; }))
      .toBe(`regions.eu-west-1.data.postgres.databases.catalog.instanceClass: ${text}`);
    expect(errorOf(() => new PostgresDatabase(testStack(), 'db', databaseProps({ instanceClass: 'r6g.large' })))).toContain(`instanceClass ${text}`);
    expect(errorOf(() => new PostgresReadReplica(testStack(), 'replica', replicaProps({ instanceClass: 'r6g.large' })))).toContain(`instanceClass ${text}`);
  });

  test('a bad identifier: the same text from PostgresDatabase and PostgresReadReplica', () => {
    const text = rdsIdentifierProblem('Prod--catalog')!;
    expect(text).toBe("identifier 'Prod--catalog' must be 1-63 lower-case letters, digits or single dashes, starting with a letter");
    expect(rdsIdentifierProblem(`a${'b'.repeat(63)}`)).toBeDefined();
    expect(rdsIdentifierProblem('prod-us-east-1-catalog-replica')).toBeUndefined();
    expect(errorOf(() => new PostgresDatabase(testStack(), 'db', databaseProps({ identifier: 'Prod--catalog' })))).toContain(text);
    expect(errorOf(() => new PostgresReadReplica(testStack(), 'replica', replicaProps({ identifier: 'Prod--catalog' })))).toContain(text);
  });
});
