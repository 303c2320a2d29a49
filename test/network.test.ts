import { Testing } from 'cdktf';
import { Network, NetworkProps } from '../constructs/network/network';
import { TerraformJson } from '../tools/summary';
import { testStack } from './helpers';

const AZS = ['euw1-az1', 'euw1-az2', 'euw1-az3'];

function synthNetwork(props: Partial<NetworkProps> = {}): TerraformJson {
  const stack = testStack();
  new Network(stack, 'network', { name: 'test-eu-west-1', cidr: '10.30.0.0/16', availabilityZoneIds: AZS, ...props });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

function all(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

describe('Network', () => {
  const json = synthNetwork();

  test('one subnet per tier and AZ, by AZ ID, sized from the CIDR', () => {
    const subnets = all(json, 'aws_subnet') as { tags: Record<string, string>; cidr_block: string; availability_zone_id: string; map_public_ip_on_launch?: boolean }[];
    expect(subnets).toHaveLength(9);
    const byTier = (tier: string) => subnets.filter((s) => s.tags.tier === tier);
    expect(byTier('private').map((s) => s.cidr_block)).toEqual(['10.30.0.0/19', '10.30.32.0/19', '10.30.64.0/19']);
    expect(byTier('public').map((s) => s.availability_zone_id)).toEqual(AZS);
    expect(byTier('public').every((s) => s.tags['kubernetes.io/role/elb'] === '1' && s.map_public_ip_on_launch === false)).toBe(true);
    expect(byTier('private').every((s) => s.tags['kubernetes.io/role/internal-elb'] === '1')).toBe(true);
    expect(byTier('isolated').every((s) => !('kubernetes.io/role/elb' in s.tags) && !('kubernetes.io/role/internal-elb' in s.tags))).toBe(true);
  });

  test('one NAT gateway per AZ by default, each private route table using its own', () => {
    expect(all(json, 'aws_nat_gateway')).toHaveLength(3);
    const routes = all(json, 'aws_route') as { nat_gateway_id?: string; gateway_id?: string }[];
    const natTargets = new Set(routes.filter((r) => r.nat_gateway_id).map((r) => r.nat_gateway_id));
    expect(natTargets.size).toBe(3);
  });

  test('a single NAT gateway when asked (development)', () => {
    const single = synthNetwork({ natGateways: 'single' });
    expect(all(single, 'aws_nat_gateway')).toHaveLength(1);
    expect(all(single, 'aws_eip')).toHaveLength(1);
    const routes = all(single, 'aws_route') as { nat_gateway_id?: string }[];
    expect(routes.filter((r) => r.nat_gateway_id)).toHaveLength(3);
  });

  test('isolated subnets have no route out of the VPC', () => {
    const tables = json.resource!.aws_route_table as Record<string, { tags: { Name: string } }>;
    const isolated = Object.keys(tables).find((k) => tables[k].tags.Name.endsWith('-isolated'))!;
    const routes = all(json, 'aws_route') as { route_table_id: string }[];
    expect(routes.some((r) => r.route_table_id.includes(isolated))).toBe(false);
  });

  test('gateway endpoints for S3 and DynamoDB, interface endpoints for ECR, STS and Logs', () => {
    const endpoints = all(json, 'aws_vpc_endpoint') as { service_name: string; vpc_endpoint_type: string; private_dns_enabled?: boolean; route_table_ids?: string[] }[];
    const gateway = endpoints.filter((e) => e.vpc_endpoint_type === 'Gateway').map((e) => e.service_name.split('.').pop());
    expect(gateway.sort()).toEqual(['dynamodb', 's3']);
    expect(endpoints.filter((e) => e.vpc_endpoint_type === 'Gateway').every((e) => e.route_table_ids!.length === 4)).toBe(true);
    const iface = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(iface.map((e) => e.service_name.replace(/^com\.amazonaws\.\$\{[^}]+\}\./, '')).sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'sts']);
    expect(iface.every((e) => e.private_dns_enabled === true)).toBe(true);
  });

  test('the endpoint security group admits HTTPS from the VPC only', () => {
    const [sg] = all(json, 'aws_security_group') as { ingress: { from_port: number; to_port: number; cidr_blocks: string[] }[] }[];
    expect(sg.ingress).toEqual([expect.objectContaining({ from_port: 443, to_port: 443, cidr_blocks: ['10.30.0.0/16'] })]);
  });

  test('the default security group is adopted with no rules', () => {
    const [dsg] = all(json, 'aws_default_security_group') as Record<string, unknown>[];
    expect(dsg.ingress).toBeUndefined();
    expect(dsg.egress).toBeUndefined();
  });

  test('flow logs of all traffic go to a KMS-encrypted log group with retention', () => {
    const [flow] = all(json, 'aws_flow_log') as { traffic_type: string; log_destination_type: string; vpc_id: string }[];
    expect(flow.traffic_type).toBe('ALL');
    expect(flow.log_destination_type).toBe('cloud-watch-logs');
    const [group] = all(json, 'aws_cloudwatch_log_group') as { retention_in_days: number; kms_key_id: string }[];
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
    const [key] = all(json, 'aws_kms_key') as { enable_key_rotation: boolean; policy: string }[];
    expect(key.enable_key_rotation).toBe(true);
    expect(JSON.parse(key.policy).Statement.map((s: { Sid: string }) => s.Sid)).toContain('CloudWatchLogsUse');
  });

  test('the flow-log role may write only to its own log group', () => {
    const [policy] = all(json, 'aws_iam_role_policy') as { policy: string }[];
    const doc = JSON.parse(policy.policy);
    expect(doc.Statement[0].Resource.every((r: string) => r.includes('aws_cloudwatch_log_group'))).toBe(true);
    const [role] = all(json, 'aws_iam_role') as { assume_role_policy: string }[];
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition.StringEquals['aws:SourceAccount']).toMatch(/caller/);
  });

  test('a passed-in logs key is used instead of a new one', () => {
    const withKey = synthNetwork({ logsKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc' });
    expect(all(withKey, 'aws_kms_key')).toHaveLength(0);
  });

  test('cluster names tag the subnets for EKS discovery', () => {
    const tagged = synthNetwork({ clusterNames: ['prod-eu'], privateSubnetTags: { 'karpenter.sh/discovery': 'prod-eu' } });
    const subnets = all(tagged, 'aws_subnet') as { tags: Record<string, string> }[];
    expect(subnets.filter((s) => s.tags['kubernetes.io/cluster/prod-eu'] === 'shared')).toHaveLength(6);
    expect(subnets.filter((s) => s.tags['karpenter.sh/discovery'] === 'prod-eu')).toHaveLength(3);
  });

  describe('refuses bad props', () => {
    test.each([
      [{ cidr: '52.0.0.0/16' }, /not inside an RFC 1918 range/],
      [{ cidr: '10.0.0.1/16' }, /host bits zero/],
      [{ cidr: '10.0.0.0/25' }, /too small for 3 AZs/],
      [{ availabilityZoneIds: ['euw1-az1', 'euw1-az1'] }, /distinct AZ IDs/],
      [{ availabilityZoneIds: [] }, /non-empty list/],
      [{ flowLogRetentionDays: 42 }, /log retention 42 days is not accepted/],
    ] as [Partial<NetworkProps>, RegExp][])('%p', (props, message) => {
      expect(() => synthNetwork(props)).toThrow(message);
      expect(() => synthNetwork(props)).toThrow(/^test\/network: /);
    });
  });
});
