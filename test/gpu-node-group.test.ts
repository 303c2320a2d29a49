import { GpuNodeGroup, GpuNodeGroupProps } from '../constructs/cluster/gpu-node-group';
import { addressOf, addSystemGroup, clusterTestStack, errorOf, Json, resourceNamed, resourcesOf, synthJson } from './cluster-helpers';

function synthPool(props: Partial<GpuNodeGroupProps>): Json {
  const { stack, cluster } = clusterTestStack();
  addSystemGroup(stack, cluster);
  new GpuNodeGroup(stack, 'gpu-pool-test', { cluster, name: 'pool', region: 'us-east-1', request: { gpu: 'L4', gpus: 4 }, ...props });
  return synthJson(stack);
}

function build(props: Partial<GpuNodeGroupProps>): GpuNodeGroup {
  const { stack, cluster } = clusterTestStack();
  return new GpuNodeGroup(stack, 'gpu-pool-test', { cluster, name: 'pool', region: 'us-east-1', request: { gpu: 'L4', gpus: 4 }, ...props });
}

const group = (json: Json) => resourceNamed(json, 'aws_eks_node_group', 'gpu-pool-test');
const template = (json: Json) => resourceNamed(json, 'aws_launch_template', 'gpu-pool-test');

describe('GpuNodeGroup: GPU node basics', () => {
  const json = synthPool({ request: { gpu: 'A40', gpus: 12, gpusPerNode: 4, substitute: 'L40S' }, service: 'content-generation' });

  test('NVIDIA AMI type and the catalog instance type; by default exactly the nodes the GPUs need', () => {
    expect(group(json)).toMatchObject({ ami_type: 'AL2023_x86_64_NVIDIA', instance_types: ['g6e.12xlarge'], scaling_config: { min_size: 3, desired_size: 3, max_size: 3 } });
  });

  test('the nvidia.com/gpu=true:NoSchedule taint', () => {
    expect(group(json).taint).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }]);
  });

  test('labels for GPU model, memory, count, sharing, service and the GPU it stands in for', () => {
    expect(group(json).labels).toEqual({
      'ott.platform/node-group': 'pool',
      'ott.platform/gpu-model': 'L40S',
      'ott.platform/gpu-memory-gb': '48',
      'ott.platform/gpu-count': '4',
      'ott.platform/gpu-sharing': 'exclusive',
      'ott.platform/service': 'content-generation',
      'ott.platform/gpu-substitute-for': 'A40',
    });
  });

  test("a larger encrypted root volume: the family's default", () => {
    expect(template(json).block_device_mappings[0].ebs).toMatchObject({ volume_size: 300, volume_type: 'gp3', encrypted: 'true' });
    expect(template(synthPool({ request: { gpu: 'A100-80GB', gpus: 8 } })).block_device_mappings[0].ebs.volume_size).toBe(500);
    expect(template(synthPool({ request: { gpu: 'L4', gpus: 1 } })).block_device_mappings[0].ebs.volume_size).toBe(200);
  });

  test('IMDSv2 required, cluster security group, no EFA and no placement group by default', () => {
    expect(template(json).metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template(json).vpc_security_group_ids).toEqual([`\${${addressOf(json, 'aws_eks_cluster', 'eks_cluster')}.vpc_config[0].cluster_security_group_id}`]);
    expect(template(json).network_interfaces).toBeUndefined();
    expect(resourcesOf(json, 'aws_placement_group')).toEqual({});
  });

  test('the handle reports GPUs and the substitution', () => {
    const pool = build({ request: { gpu: 'A40', gpus: 16, gpusPerNode: 4, substitute: 'L40S' } });
    expect(pool.gpus).toBe(16);
    expect(pool.instanceType).toBe('g6e.12xlarge');
    expect(pool.substitution).toEqual({ requested: 'A40', substitute: 'L40S' });
  });
});

describe('GpuNodeGroup: options', () => {
  test('spot and Bottlerocket NVIDIA', () => {
    const json = synthPool({ spot: true, amiType: 'BOTTLEROCKET_x86_64_NVIDIA' });
    expect(group(json)).toMatchObject({ capacity_type: 'SPOT', ami_type: 'BOTTLEROCKET_x86_64_NVIDIA' });
    expect(template(json).block_device_mappings.map((b: Json) => b.device_name)).toEqual(['/dev/xvda', '/dev/xvdb']);
  });

  test('EFA: one EFA interface per network card and a cluster placement group in one subnet', () => {
    const json = synthPool({ request: { gpu: 'A100-80GB', gpus: 8 }, efa: true, additionalSecurityGroupIds: ['sg-0123456789abcdef0'] });
    const lt = template(json);
    expect(lt.network_interfaces).toHaveLength(4);
    expect(lt.network_interfaces.map((n: Json) => [n.network_card_index, n.device_index, n.interface_type])).toEqual([[0, 0, 'efa'], [1, 1, 'efa'], [2, 1, 'efa'], [3, 1, 'efa']]);
    expect(lt.network_interfaces[0].security_groups).toHaveLength(2);
    expect(lt.vpc_security_group_ids).toBeUndefined();
    const pg = resourceNamed(json, 'aws_placement_group', 'gpu-pool-test');
    expect(pg.strategy).toBe('cluster');
    expect(lt.placement).toEqual({ group_name: `\${${addressOf(json, 'aws_placement_group', 'gpu-pool-test')}.name}` });
    expect(group(json).subnet_ids).toEqual(['subnet-a']);
  });

  test('EFA with the placement group switched off keeps every subnet', () => {
    const json = synthPool({ request: { gpu: 'A100-80GB', gpus: 8 }, efa: true, placementGroup: false });
    expect(resourcesOf(json, 'aws_placement_group')).toEqual({});
    expect(template(json).placement).toBeUndefined();
    expect(group(json).subnet_ids).toHaveLength(3);
  });

  test('one capacity reservation is targeted directly', () => {
    const json = synthPool({ capacityReservationIds: ['cr-0123456789abcdef0'] });
    expect(template(json).capacity_reservation_specification).toEqual({ capacity_reservation_target: { capacity_reservation_id: 'cr-0123456789abcdef0' } });
  });

  test('several capacity reservations are pooled in a resource group', () => {
    const json = synthPool({ capacityReservationIds: ['cr-0123456789abcdef0', 'cr-0fedcba9876543210'] });
    const pool = resourceNamed(json, 'aws_resourcegroups_group', 'capacity-reservations');
    expect(pool.configuration.map((c: Json) => c.type)).toEqual(['AWS::EC2::CapacityReservationPool', 'AWS::ResourceGroups::Generic']);
    const members = Object.values(resourcesOf(json, 'aws_resourcegroups_resource'));
    expect(members.map((m) => String(m.resource_arn).split('/').pop())).toEqual(['cr-0123456789abcdef0', 'cr-0fedcba9876543210']);
    expect(template(json).capacity_reservation_specification).toEqual({
      capacity_reservation_target: { capacity_reservation_resource_group_arn: `\${${addressOf(json, 'aws_resourcegroups_group', 'capacity-reservations')}.arn}` },
    });
    expect(template(json).depends_on).toHaveLength(2);
  });

  test('time-slicing and MIG intent are recorded as labels', () => {
    expect(group(synthPool({ sharing: { timeSlicingReplicas: 4 } })).labels).toMatchObject({ 'ott.platform/gpu-sharing': 'time-slicing', 'ott.platform/gpu-time-slicing-replicas': '4' });
    expect(group(synthPool({ request: { gpu: 'A100-80GB', gpus: 8 }, sharing: { migProfile: '3g.40gb' } })).labels).toMatchObject({ 'ott.platform/gpu-sharing': 'mig', 'ott.platform/gpu-mig-profile': '3g.40gb' });
  });

  test('an instance-type request with explicit scaling', () => {
    const json = synthPool({ request: { instanceType: 'g5.4xlarge' }, region: 'eu-west-1', scaling: { minSize: 1, desiredSize: 2, maxSize: 4 } });
    expect(group(json)).toMatchObject({ instance_types: ['g5.4xlarge'], scaling_config: { min_size: 1, desired_size: 2, max_size: 4 } });
    expect(group(json).labels['ott.platform/gpu-substitute-for']).toBeUndefined();
  });

  test('every node group waits for the CNI and the pod identity agent', () => {
    const json = synthPool({});
    expect(group(json).depends_on).toEqual(expect.arrayContaining([addressOf(json, 'aws_eks_addon', 'addon-vpc-cni'), addressOf(json, 'aws_eks_addon', 'addon-eks-pod-identity-agent')]));
  });
});

describe('GpuNodeGroup: validation', () => {
  test.each([
    [{ request: { gpu: 'A40', gpus: 12 } }, /request.gpu: NVIDIA A40 \(48 GB\) is not sold on EC2; its EC2 equivalent is L40S on g6e/],
    [{ request: { gpu: 'L40S', gpus: 4 }, region: 'eu-west-1' }, /request.gpu: g6e \(L40S\) is not offered in eu-west-1 .* regions that offer it: .*us-east-1/],
    [{ request: { instanceType: 'g6.xlarge' } }, /scaling is required when the request names an instanceType/],
    [{ efa: true }, /efa: g6.xlarge does not support EFA; EFA-capable catalog types: p4d.24xlarge/],
    [{ placementGroup: true, subnetIds: ['subnet-a', 'subnet-b'] }, /a cluster placement group lives in one Availability Zone/],
    [{ capacityReservationIds: ['cr-1'] }, /'cr-1' is not a capacity reservation id/],
    [{ capacityReservationIds: ['cr-0123456789abcdef0'], spot: true }, /cannot be combined with spot/],
    [{ sharing: { migProfile: '1g.10gb' } }, /sharing.migProfile: L4 has no MIG/],
    [{ request: { gpu: 'A100-40GB', gpus: 8 }, sharing: { migProfile: '1g.20gb' } }, /'1g.20gb' is not a MIG profile of the A100-40GB/],
    [{ sharing: { timeSlicingReplicas: 1 } }, /timeSlicingReplicas: must be a whole number from 2 to 48/],
    [{ amiType: 'AL2_x86_64_GPU' as never }, /has no NVIDIA driver.*AL2_x86_64_GPU is deprecated/],
    [{ rootVolumeSizeGiB: 50 }, /from 100 to 16384 for GPU nodes/],
    [{ service: 'Content Generation' }, /service 'Content Generation' must be a lower-case name/],
    [{ scaling: { minSize: 0, desiredSize: 3, maxSize: 2 } }, /min <= desired <= max/],
  ] as [Partial<GpuNodeGroupProps>, RegExp][])('refuses %o', (props, message) => {
    expect(errorOf(() => build(props))).toMatch(message);
  });
});
