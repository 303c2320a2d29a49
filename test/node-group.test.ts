import { NodeGroup, NodeGroupProps } from '../constructs/cluster/node-group';
import { addressOf, addSystemGroup, clusterTestStack, errorOf, Json, resourceNamed, synthJson } from './cluster-helpers';

const SCALING = { minSize: 1, desiredSize: 12, maxSize: 24 };

function synthGroup(props: Partial<NodeGroupProps> = {}): Json {
  const { stack, cluster } = clusterTestStack();
  addSystemGroup(stack, cluster);
  new NodeGroup(stack, 'node-group-general', { cluster, name: 'general', instanceType: 'm6i.2xlarge', scaling: SCALING, ...props });
  return synthJson(stack);
}

function build(props: Partial<NodeGroupProps>): void {
  const { stack, cluster } = clusterTestStack();
  new NodeGroup(stack, 'node-group-general', { cluster, name: 'general', instanceType: 'm6i.2xlarge', scaling: SCALING, ...props });
}

describe('NodeGroup (CPU): launch template', () => {
  const json = synthGroup();
  const lt = resourceNamed(json, 'aws_launch_template', 'node-group-general');

  test('IMDSv2 is required with hop limit 1', () => {
    expect(lt.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' });
  });

  test('the root volume is gp3, 100 GiB, encrypted with the node volume key', () => {
    expect(lt.block_device_mappings).toEqual([{
      device_name: '/dev/xvda',
      ebs: { volume_type: 'gp3', volume_size: 100, encrypted: 'true', delete_on_termination: 'true', kms_key_id: `\${${addressOf(json, 'aws_kms_key', 'node-volume-key')}.arn}` },
    }]);
  });

  test('the nodes join the cluster security group', () => {
    expect(lt.vpc_security_group_ids).toEqual([`\${${addressOf(json, 'aws_eks_cluster', 'eks_cluster')}.vpc_config[0].cluster_security_group_id}`]);
  });

  test('instances, volumes and interfaces are tagged (default tags do not reach them)', () => {
    expect(lt.tag_specifications.map((t: Json) => t.resource_type)).toEqual(['instance', 'volume', 'network-interface']);
    expect(lt.tag_specifications[0].tags['eks-node-group']).toBe('general');
  });
});

describe('NodeGroup (CPU): node group', () => {
  const json = synthGroup({ labels: { 'ott.platform/workload': 'general' }, taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] });
  const group = resourceNamed(json, 'aws_eks_node_group', 'node-group-general');

  test('uses the launch template, AL2023 and on-demand capacity', () => {
    expect(group).toMatchObject({
      ami_type: 'AL2023_x86_64_STANDARD',
      capacity_type: 'ON_DEMAND',
      instance_types: ['m6i.2xlarge'],
      node_group_name_prefix: 'general-',
      launch_template: { id: `\${${addressOf(json, 'aws_launch_template', 'node-group-general')}.id}`, version: `\${${addressOf(json, 'aws_launch_template', 'node-group-general')}.latest_version}` },
    });
  });

  test('desired size is set at creation and then left to the autoscaler', () => {
    expect(group.scaling_config).toEqual({ min_size: 1, desired_size: 12, max_size: 24 });
    expect(group.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
    expect(group.lifecycle.create_before_destroy).toBe(true);
    expect(group.update_config).toEqual({ max_unavailable_percentage: 33 });
  });

  test('labels (with the group name) and taints in the EKS spelling', () => {
    expect(group.labels).toEqual({ 'ott.platform/workload': 'general', 'ott.platform/node-group': 'general' });
    expect(group.taint).toEqual([{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }]);
  });

  test('the node group follows the cluster version and uses the cluster node role', () => {
    expect(group.version).toBe(`\${${addressOf(json, 'aws_eks_cluster', 'eks_cluster')}.version}`);
    expect(group.node_role_arn).toBe(`\${${addressOf(json, 'aws_iam_role', 'node-role')}.arn}`);
    expect(group.subnet_ids).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
  });
});

describe('NodeGroup (CPU): options', () => {
  test('spot capacity', () => {
    expect(resourceNamed(synthGroup({ spot: true }), 'aws_eks_node_group', 'node-group-general').capacity_type).toBe('SPOT');
  });

  test('extra security groups are added after the cluster security group', () => {
    const json = synthGroup({ additionalSecurityGroupIds: ['sg-0123456789abcdef0'] });
    expect(resourceNamed(json, 'aws_launch_template', 'node-group-general').vpc_security_group_ids).toEqual([
      `\${${addressOf(json, 'aws_eks_cluster', 'eks_cluster')}.vpc_config[0].cluster_security_group_id}`, 'sg-0123456789abcdef0',
    ]);
  });

  test('hop limit 2 for a group whose pods must read IMDS', () => {
    expect(resourceNamed(synthGroup({ imdsHopLimit: 2 }), 'aws_launch_template', 'node-group-general').metadata_options.http_put_response_hop_limit).toBe(2);
  });

  test('Bottlerocket gets an encrypted OS volume and an encrypted data volume', () => {
    const lt = resourceNamed(synthGroup({ amiType: 'BOTTLEROCKET_x86_64', rootVolumeSizeGiB: 150 }), 'aws_launch_template', 'node-group-general');
    expect(lt.block_device_mappings.map((b: Json) => [b.device_name, b.ebs.volume_size, b.ebs.encrypted])).toEqual([['/dev/xvda', 4, 'true'], ['/dev/xvdb', 150, 'true']]);
  });
});

describe('NodeGroup (CPU): validation', () => {
  test.each([
    [{ scaling: { minSize: 3, desiredSize: 2, maxSize: 4 } }, /min <= desired <= max, got min 3 \/ desired 2 \/ max 4/],
    [{ scaling: { minSize: 1, desiredSize: 5, maxSize: 4 } }, /min <= desired <= max/],
    [{ scaling: { minSize: 0, desiredSize: 0, maxSize: 0 } }, /maxSize must be at least 1/],
    [{ scaling: { minSize: 0, desiredSize: 1.5, maxSize: 2 } }, /whole numbers/],
    [{ imdsHopLimit: 3 }, /imdsHopLimit must be 1 .* or 2/],
    [{ instanceType: 'g5.xlarge' }, /g5.xlarge is a GPU type .* use GpuNodeGroup/],
    [{ instanceType: 'large' }, /not an EC2 instance type/],
    [{ name: 'General_Workloads' }, /name 'General_Workloads' must be 1-30 lower-case/],
    [{ labels: { 'bad key!': 'x' } }, /labels: 'bad key!'/],
    [{ labels: { team: 'x'.repeat(64) } }, /label values are at most 63/],
    [{ taints: [{ key: 'a', effect: 'NoWay' as never }] }, /effect 'NoWay' must be NoSchedule, NoExecute or PreferNoSchedule/],
    [{ rootVolumeSizeGiB: 10 }, /rootVolumeSizeGiB must be a whole number from 20/],
    [{ amiType: 'AL2023_x86_64_NVIDIA' as never }, /not a CPU AMI type/],
    [{ maxUnavailablePercentage: 0 }, /maxUnavailablePercentage must be a whole number from 1 to 100/],
    [{ subnetIds: [] }, /subnetIds must not be empty/],
  ] as [Partial<NodeGroupProps>, RegExp][])('refuses %o', (props, message) => {
    expect(errorOf(() => build(props))).toMatch(message);
  });

  test('errors name the construct path', () => {
    expect(errorOf(() => build({ imdsHopLimit: 3 }))).toMatch(/^test\/node-group-general: /);
  });
});
