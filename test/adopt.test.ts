// Adopting what exists: every handle another team consumes can be built from attributes.
import { TerraformVariable, Testing } from 'cdktf';
import { EksCluster } from '../constructs/cluster/eks-cluster';
import { GpuNodeGroup } from '../constructs/cluster/gpu-node-group';
import { NodeGroup } from '../constructs/cluster/node-group';
import { WorkloadIdentity } from '../constructs/cluster/pod-identity';
import { DataClientAccess } from '../constructs/data/data-client-access';
import { KafkaCluster, mskIamResourceArn, parseMskClusterArn } from '../constructs/data/kafka-cluster';
import { KafkaTopic } from '../constructs/data/kafka-topic';
import { PostgresDatabase } from '../constructs/data/postgres-database';
import { SecureBucket } from '../constructs/data/secure-bucket';
import { Network } from '../constructs/network/network';
import { errorOf, Json, resourcesOf } from './cluster-helpers';
import { testStack } from './helpers';

const MSK_ARN = 'arn:aws:kafka:eu-west-1:123456789012:cluster/platform-events/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab-3';
const synth = (stack: ReturnType<typeof testStack>): Json => JSON.parse(Testing.synth(stack)) as Json;
const policies = (json: Json) => Object.values(resourcesOf(json, 'aws_iam_role_policy')).map((p) => JSON.parse(p.policy as string) as Json);

function adoptedCluster(stack: ReturnType<typeof testStack>) {
  return EksCluster.fromClusterAttributes(stack, 'platform-eks', {
    clusterName: 'production-eu-west-1', kubernetesVersion: '1.35', clusterSecurityGroupId: 'sg-0123456789abcdef0',
    privateSubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60719'], nodeRoleArn: 'arn:aws:iam::123456789012:role/production-eu-west-1-eks-node',
    nodeVolumeKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab',
  });
}

describe('MSK', () => {
  test('topics and grants on an adopted cluster use the one ARN format', () => {
    const stack = testStack();
    const kafka = KafkaCluster.fromKafkaClusterAttributes(stack, 'events', { clusterArn: MSK_ARN, brokers: 3, securityGroupId: 'sg-0123456789abcdef0' });
    const topic = new KafkaTopic(stack, 'topic', { cluster: kafka, name: 'inference.results', partitions: 6, retentionMs: 86_400_000 });
    topic.grantProduce({ roleName: 'inference' });
    const parts = (parseMskClusterArn(MSK_ARN) as { ok: true; parts: Parameters<typeof mskIamResourceArn>[0] }).parts;
    expect(topic.topicArn).toBe('arn:aws:kafka:eu-west-1:123456789012:topic/platform-events/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab-3/inference.results');
    expect(topic.topicArn).toBe(mskIamResourceArn(parts, 'topic', 'inference.results'));
    expect(kafka.groupArn('g')).toBe('arn:aws:kafka:eu-west-1:123456789012:group/platform-events/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab-3/g');
    const json = synth(stack);
    expect(Object.values(resourcesOf(json, 'aws_msk_topic'))[0]).toMatchObject({ cluster_arn: MSK_ARN, name: 'inference.results' });
    expect(resourcesOf(json, 'aws_msk_cluster')).toEqual({});
    expect(JSON.stringify(policies(json))).toContain(topic.topicArn);
    const clients = new DataClientAccess(stack, 'clients', { name: 'c', vpcId: 'vpc-0123456789abcdef0' });
    clients.allow(kafka);
    expect(Object.values(resourcesOf(synth(stack), 'aws_vpc_security_group_ingress_rule'))[0]).toMatchObject({ security_group_id: 'sg-0123456789abcdef0', from_port: 9098 });
  });

  test('a bad ARN, or a referenced ARN without name and uuid, is refused', () => {
    const stack = testStack();
    expect(errorOf(() => KafkaCluster.fromKafkaClusterAttributes(stack, 'a', { clusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/x', brokers: 3, securityGroupId: 'sg-1' })))
      .toMatch(/^test\/a: clusterArn: 'arn:aws:kafka:eu-west-1:1:cluster\/x' is not an MSK cluster ARN/);
    expect(errorOf(() => KafkaCluster.fromKafkaClusterAttributes(stack, 'b', { clusterArn: new TerraformVariable(stack, 'msk-arn', { type: 'string' }).stringValue, brokers: 3, securityGroupId: 'sg-1' })))
      .toBe('test/b: clusterArn is a reference: pass clusterName and clusterUuid too (topic and group ARNs are built from them)');
  });
});

describe('EKS', () => {
  test('node groups and a workload identity attach to an adopted cluster', () => {
    const stack = testStack();
    const cluster = adoptedCluster(stack);
    new NodeGroup(stack, 'ng', { cluster, name: 'batch', instanceType: 'm6i.2xlarge', scaling: { minSize: 0, desiredSize: 1, maxSize: 4 } });
    new GpuNodeGroup(stack, 'gpu', { cluster, name: 'gpu', region: 'eu-west-1', request: { gpu: 'A10G' }, scaling: { minSize: 0, desiredSize: 0, maxSize: 4 } }); // sized by scaling: no gpus
    const identity = new WorkloadIdentity(stack, 'serving', { cluster, namespace: 'ml-serving', serviceAccount: 'inference', roleName: 'inference-serving' });
    const json = synth(stack);
    const groups = Object.values(resourcesOf(json, 'aws_eks_node_group'));
    expect(groups).toHaveLength(2);
    expect(groups.every((g) => g.cluster_name === 'production-eu-west-1' && g.node_role_arn === 'arn:aws:iam::123456789012:role/production-eu-west-1-eks-node')).toBe(true);
    expect(groups.find((g) => g.instance_types[0] === 'g5.xlarge')).toBeDefined();
    expect(Object.values(resourcesOf(json, 'aws_eks_pod_identity_association'))[0]).toMatchObject({ cluster_name: 'production-eu-west-1', namespace: 'ml-serving', service_account: 'inference' });
    const trust = JSON.parse(Object.values(resourcesOf(json, 'aws_iam_role'))[0].assume_role_policy as string) as Json;
    expect(JSON.stringify(trust)).toContain(':cluster/production-eu-west-1');
    expect(identity.role).toBeDefined();
    expect(resourcesOf(json, 'aws_eks_cluster')).toEqual({});
  });

  test('bad attributes are refused', () => {
    const stack = testStack();
    expect(errorOf(() => EksCluster.fromClusterAttributes(stack, 'x', {
      clusterName: 'c', kubernetesVersion: '1.30', clusterSecurityGroupId: 'sg-1', privateSubnetIds: ['subnet-1'], nodeRoleArn: 'r', nodeVolumeKmsKeyArn: 'k',
    }))).toMatch(/^test\/x: kubernetesVersion: /);
    const cluster = adoptedCluster(stack);
    expect(errorOf(() => new WorkloadIdentity(stack, 'w', { cluster, namespace: 'ML', serviceAccount: 'a', roleName: 'r' })))
      .toMatch(/namespace 'ML' is not a Kubernetes name/);
  });
});

describe('network, database, bucket', () => {
  test('adopted handles validate their ids and grant on exact resources', () => {
    const stack = testStack();
    const net = Network.fromNetworkAttributes(stack, 'net', { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0a1b2c3d4e5f60719'] });
    expect(net.isolatedSubnetIds).toEqual([]);
    expect(errorOf(() => Network.fromNetworkAttributes(stack, 'bad', { vpcId: 'vpc-1', privateSubnetIds: [] }))).toBe("test/bad: vpcId 'vpc-1' is not a VPC id (vpc-0123456789abcdef0)");
    const db = PostgresDatabase.fromDatabaseAttributes(stack, 'db', { identifier: 'catalog', address: 'catalog.x.rds.amazonaws.com', resourceId: 'db-ABCDEFGHIJKL', securityGroupId: 'sg-0123456789abcdef0', iamUser: 'reader' });
    db.grantConnect({ roleName: 'svc' });
    const bucket = SecureBucket.fromBucketAttributes(stack, 'media', { bucketName: 'production-media-origin', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
    bucket.grantRead({ roleName: 'svc' }, 'vod/');
    expect(errorOf(() => bucket.grantWrite({ roleName: 'svc' }, '/x'))).toMatch(/prefix '\/x' must end with '\/'/);
    const text = JSON.stringify(policies(synth(stack)));
    expect(text).toContain(':dbuser:db-ABCDEFGHIJKL/reader');
    expect(text).toContain('arn:aws:s3:::production-media-origin/vod/*');
    expect(text).toContain('arn:aws:kms:eu-west-1:123456789012:key/k');
  });
});
