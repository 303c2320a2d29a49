import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { buildEnvironment } from '../stacks/environment';
import { loadEnvironmentFile } from '../environments/load';
import { resolveEnvironment } from '../plan/environment';
import { planReplication } from '../plan/replication';
import { replicationFeatures } from '../plan/regions';
import { vpcCidrOverlapProblem } from '../constructs/core/cidr';
import { admittedCidrProblem, DataClientAccess } from '../constructs/data/data-client-access';
import { Network, type NetworkRef } from '../constructs/network/network';
import { RegionPeering, regionPeeringProblem } from '../constructs/network/region-peering';
import { planSubnets } from '../constructs/network/subnet-plan';
import { DATABASES } from '../catalog/databases';
import { runPolicy } from '../tools/policy/run';
import { estimateCost } from '../tools/cost/model';
import { readSynth } from '../tools/tfjson';
import { deployOrder } from '../tools/deploy-order';
import { LAYERS } from '../stacks/naming';
import { renderRunbook } from '../tools/runbook';
import { FIXTURES, readStackDoc, toSynth } from './helpers/fixtures';
import { errorOf, loadEdited, resourcesOf, synthEnvironments, synthJson, type Json } from './cluster-helpers';

type Synth = ReturnType<typeof synthEnvironments>;
const cache = new Map<number, Synth>();
/** Production at `phase` (as the checked-in file, phase overridden), synthesized once. */
function production(phase: 3 | 4): Synth {
  if (!cache.has(phase)) cache.set(phase, synthEnvironments([loadEdited('production', (raw) => { raw.phase = phase; })]));
  return cache.get(phase)!;
}
const values = (o: Record<string, Json>) => Object.values(o);
const REPL = 'production-us-east-1-replication';
/** us-east-1's private subnets as the network layer carves them (production: 10.31.0.0/16 over 3 AZs). */
const US_EAST_1_PRIVATE = ['10.31.0.0/19', '10.31.32.0/19', '10.31.64.0/19'];

describe('inter-region network: production phase 4 peers eu-west-1 and us-east-1', () => {
  test('the feature: phase 4, secondary only', () => {
    expect(replicationFeatures('secondary', 4).peering).toBe(true);
    expect(replicationFeatures('secondary', 3).peering).toBe(false);
    expect(replicationFeatures('replica-only', 4).peering).toBe(false);
    expect(replicationFeatures('gpu-only', 4).peering).toBe(false);
  });

  test('exactly one connection, requested in us-east-1 and auto-accepted in eu-west-1, DNS resolution on both sides', () => {
    const out = production(4);
    const all = out.stacks.flatMap((s) => values(resourcesOf(out.stack(s), 'aws_vpc_peering_connection')));
    expect(all).toHaveLength(1);
    const repl = out.stack(REPL) as Json;
    const [conn] = values(resourcesOf(repl, 'aws_vpc_peering_connection'));
    expect(conn.provider).toBeUndefined(); // the stack's default provider: us-east-1
    expect(conn.peer_region).toBe('eu-west-1');
    expect(conn.auto_accept).toBeUndefined();
    expect(conn.peer_owner_id).toBeUndefined();
    expect(String(conn.vpc_id)).toMatch(/cross-stack-reference-input-production-us-east-1-network/);
    expect(String(conn.peer_vpc_id)).toMatch(/cross-stack-reference-input-production-eu-west-1-network/);
    const [accepter] = values(resourcesOf(repl, 'aws_vpc_peering_connection_accepter'));
    expect(accepter).toMatchObject({ provider: 'aws.source', auto_accept: true });
    expect(String(accepter.vpc_peering_connection_id)).toMatch(/^\$\{aws_vpc_peering_connection\.peering_connection_/);
    const options = values(resourcesOf(repl, 'aws_vpc_peering_connection_options'));
    expect(options.map((o) => [o.provider ?? 'default', o.requester?.allow_remote_vpc_dns_resolution, o.accepter?.allow_remote_vpc_dns_resolution])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([['aws.source', undefined, true], ['default', true, undefined]]);
    for (const o of options) expect(String(o.vpc_peering_connection_id)).toMatch(/^\$\{aws_vpc_peering_connection_accepter\./);
  });

  test('routes both ways: us-east-1\'s private tables to 10.30.0.0/16, eu-west-1\'s isolated table to 10.31.0.0/16', () => {
    const repl = production(4).stack(REPL) as Json;
    const routes = values(resourcesOf(repl, 'aws_route'));
    const requester = routes.filter((r) => r.provider === undefined);
    const accepter = routes.filter((r) => r.provider === 'aws.source');
    expect(requester).toHaveLength(3);
    expect(accepter).toHaveLength(1);
    for (const r of requester) {
      expect(r.destination_cidr_block).toBe('10.30.0.0/16');
      expect(String(r.route_table_id)).toMatch(/cross-stack-reference-input-production-us-east-1-network.*private-rt/);
    }
    expect(accepter[0].destination_cidr_block).toBe('10.31.0.0/16');
    expect(String(accepter[0].route_table_id)).toMatch(/cross-stack-reference-input-production-eu-west-1-network.*isolated-rt/);
    for (const r of routes) {
      expect(String(r.vpc_peering_connection_id)).toMatch(/^\$\{aws_vpc_peering_connection_accepter\./);
      expect(r.gateway_id).toBeUndefined();
    }
  });

  test('every primary PostgreSQL instance and Redis group admits each us-east-1 private subnet on its own port, nothing else', () => {
    const out = production(4);
    const net = out.stack('production-us-east-1-network') as Json;
    const privateSubnets = values(resourcesOf(net, 'aws_subnet')).filter((s) => s.tags.tier === 'private').map((s) => s.cidr_block as string);
    expect(privateSubnets.sort()).toEqual(US_EAST_1_PRIVATE);
    const repl = out.stack(REPL) as Json;
    const fromCidr = values(resourcesOf(repl, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.cidr_ipv4 !== undefined);
    expect(fromCidr).toHaveLength((DATABASES.length + 2) * US_EAST_1_PRIVATE.length);
    for (const r of fromCidr) {
      expect(r.provider).toBe('aws.source');
      expect(r.ip_protocol).toBe('tcp');
      expect(r.from_port).toBe(r.to_port);
      expect(r.description).toMatch(/^us-east-1 private subnet \(VPC peering\) 10\.31\.\d+\.0\/19 -> /);
      expect(String(r.security_group_id)).toMatch(/cross-stack-reference-input-production-eu-west-1-data/);
    }
    // Per store: its port only, from exactly the three private subnets.
    const data = out.stack('production-eu-west-1-data') as Json;
    const byGroup = new Map<string, Json[]>();
    for (const r of fromCidr) byGroup.set(String(r.security_group_id), [...(byGroup.get(String(r.security_group_id)) ?? []), r]);
    expect(byGroup.size).toBe(DATABASES.length + 2);
    const ports = [...byGroup.values()].map((rules) => {
      expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual(US_EAST_1_PRIVATE);
      expect(new Set(rules.map((r) => r.from_port)).size).toBe(1);
      return rules[0].from_port as number;
    });
    expect(ports.filter((p) => p === 5432)).toHaveLength(DATABASES.length);
    expect(ports.filter((p) => p === 6379)).toHaveLength(2);
    // The groups are the primary's PostgreSQL and Redis groups: never MSK (9098) nor EFS (2049).
    expect(ports.some((p) => p === 9098 || p === 2049)).toBe(false);
    const outputs = Object.entries(data.output as Record<string, Json>);
    for (const group of byGroup.keys()) {
      const output = /outputs\.([A-Za-z0-9_-]+)\}/.exec(group)![1];
      const value = String(outputs.find(([k]) => k === output)![1].value);
      expect(value).toMatch(/^\$\{aws_security_group\.(db-[a-z-]+_sg|redis-(cache|features)_sg|[a-z-]+_sg)_/);
      expect(value).not.toMatch(/kafka|efs/);
    }
  });

  test('the stack exposes the peering and writesReachPrimary; the runbook says what happens to the writers', () => {
    const stacks = buildEnvironment(new App(), loadEdited('production', (raw) => { raw.phase = 4; }));
    const pair = stacks.pairs[0].replication;
    expect(pair.writesReachPrimary).toBe(true);
    expect(pair.peering?.accepterCidr).toBe('10.30.0.0/16');
    expect(pair.peering?.requesterCidr).toBe('10.31.0.0/16');
    const text = renderRunbook(loadEdited('production', (raw) => { raw.phase = 4; }));
    expect(text).toMatch(/peering production-us-east-1-to-eu-west-1/);
    expect(text).toMatch(/writer endpoints/);
  });

  test('the stacks keep the layer order and pass the policy pack', () => {
    const out = production(4);
    expect(deployOrder(out.outdir, 'production', LAYERS).map((g) => g.layer)).toEqual(
      ['network', 'data', 'cluster', 'replication', 'platform', 'platform-config', 'analytics', 'workloads', 'edge', 'routing']);
    const report = runPolicy(readSynth(out.outdir));
    expect(report.findings.filter((f) => f.outcome === 'fail')).toEqual([]);
  });

  test('cost: the connection is a usage item (inter-region GB, no hourly charge), acceptance and options are free', () => {
    const estimate = estimateCost(readSynth(production(4).outdir), 'production');
    const of = (type: string) => estimate.notPriced.filter((n) => n.type === type).map((n) => [n.reason, n.note]);
    expect(of('aws_vpc_peering_connection')).toEqual([['usage-based', 'inter-region data transfer per GB over the peering (no hourly charge)']]);
    expect(of('aws_vpc_peering_connection_accepter')).toEqual([['free', 'no charge of its own']]);
    expect(of('aws_vpc_peering_connection_options').map(([r]) => r)).toEqual(['free', 'free']);
    expect(estimate.notPriced.filter((n) => n.reason === 'unknown' && n.type.startsWith('aws_vpc_peering'))).toEqual([]);
    expect(estimate.lines.filter((l) => l.type.startsWith('aws_vpc_peering'))).toEqual([]);
  });

  test('phase 3 has no peering, no route to the other region and no CIDR admission', () => {
    const out = production(3);
    const repl = out.stack(REPL) as Json;
    expect(resourcesOf(repl, 'aws_vpc_peering_connection')).toEqual({});
    expect(resourcesOf(repl, 'aws_route')).toEqual({});
    expect(values(resourcesOf(repl, 'aws_vpc_security_group_ingress_rule')).filter((r) => r.cidr_ipv4 !== undefined)).toEqual([]);
    const stacks = buildEnvironment(new App(), loadEdited('production', (raw) => { raw.phase = 3; }));
    expect(stacks.pairs[0].replication.writesReachPrimary).toBe(false);
    expect(planReplication(stacks.plan)[0].peering).toBeUndefined();
    expect(renderRunbook(loadEdited('production', (raw) => { raw.phase = 3; }))).not.toMatch(/VPC peering|writer endpoints/);
  });
});

describe('four-region layout: only the secondary is peered', () => {
  test('us-east-1 (secondary) peers eu-west-1; ap-southeast-1 (replica-only) and us-west-2 (gpu-only) do not', () => {
    const env = loadEnvironmentFile(path.join(__dirname, '..', 'examples', 'four-region', 'four-region.yaml'));
    const plans = planReplication(resolveEnvironment(env));
    expect(plans.map((p) => [p.pair.target, p.peering?.name])).toEqual([
      ['us-east-1', 'four-region-us-east-1-to-eu-west-1'], ['ap-southeast-1', undefined],
    ]);
    const usEast = plans[0].peering!;
    expect(usEast.admittedCidrs).toEqual(planSubnets('10.41.0.0/16', 3).private);
    const stacks = buildEnvironment(new App(), env);
    expect(stacks.pairs.map((p) => [p.target, p.replication.writesReachPrimary])).toEqual([['us-east-1', true], ['ap-southeast-1', false]]);
    expect(stacks.pairs.map((p) => p.replication.node.findAll().filter((c) => c instanceof RegionPeering).length)).toEqual([1, 0]);
  });
});

/** A stack in us-east-1 with an aliased eu-west-1 provider, two VPCs, and adopted ones on demand. */
function twoRegions(): { stack: TerraformStack; primary: AwsProvider; secondary: Network; primaryNet: Network } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'peering-test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const primary = new AwsProvider(stack, 'aws-primary', { region: 'eu-west-1', alias: 'primary' });
  const secondary = new Network(stack, 'secondary', { name: 'test-us-east-1', cidr: '10.31.0.0/16', availabilityZoneIds: ['use1-az1', 'use1-az2', 'use1-az4'] });
  const primaryNet = new Network(stack, 'primary', { name: 'test-eu-west-1', cidr: '10.30.0.0/16', availabilityZoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'] });
  return { stack, primary, secondary, primaryNet };
}

describe('RegionPeering and CIDR admission: rules (one *Problem() each)', () => {
  test('overlapping CIDRs are refused, with the same rule as the schema', () => {
    expect(vpcCidrOverlapProblem('10.30.0.0/16', '10.31.0.0/16', 'x')).toBeUndefined();
    expect(vpcCidrOverlapProblem('10.30.0.0/16', '10.30.128.0/17', 'regions.eu-west-1.vpcCidr'))
      .toBe('10.30.0.0/16 overlaps regions.eu-west-1.vpcCidr (10.30.128.0/17); regions of one environment need disjoint CIDRs so they can be peered');
    const { stack, primary, secondary } = twoRegions();
    const overlapping = Network.fromNetworkAttributes(stack, 'adopted', {
      vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'], cidr: '10.31.128.0/17',
      isolatedRouteTableIds: ['rtb-0123456789abcdef0'],
    });
    expect(errorOf(() => new RegionPeering(stack, 'p', {
      name: 'x', requester: { network: secondary, region: 'us-east-1' }, accepter: { network: overlapping, region: 'eu-west-1', provider: primary },
    }))).toMatch(/peering-test\/p.*10\.31\.0\.0\/16 overlaps the accepter VPC in eu-west-1 \(10\.31\.128\.0\/17\)/);
  });

  test('the two VPCs are in different regions and one account', () => {
    expect(regionPeeringProblem({ region: 'eu-west-1', cidr: '10.30.0.0/16' }, { region: 'eu-west-1', cidr: '10.31.0.0/16' }))
      .toMatch(/requester and accepter are both in eu-west-1; RegionPeering peers VPCs of two different regions/);
    expect(regionPeeringProblem({ region: 'us-east-1', cidr: '10.31.0.0/16', accountId: '111122223333' }, { region: 'eu-west-1', cidr: '10.30.0.0/16', accountId: '444455556666' }))
      .toMatch(/requester account 111122223333 and accepter account 444455556666 differ/);
    expect(regionPeeringProblem({ region: 'us-east-1', cidr: '10.31.0.0/16', accountId: '111122223333' }, { region: 'eu-west-1', cidr: '10.30.0.0/16', accountId: '111122223333' })).toBeUndefined();
    const { stack, primaryNet, secondary } = twoRegions();
    expect(errorOf(() => new RegionPeering(stack, 'p', {
      name: 'x', requester: { network: secondary, region: 'us-east-1' }, accepter: { network: primaryNet, region: 'us-east-1' },
    }))).toMatch(/both in us-east-1/);
  });

  test('an adopted network without its CIDR or the route tables a tier needs is refused, naming the attribute', () => {
    const { stack, primary, secondary } = twoRegions();
    const ids = { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] };
    const bare: NetworkRef = Network.fromNetworkAttributes(stack, 'bare', ids);
    expect(errorOf(() => new RegionPeering(stack, 'p1', {
      name: 'x', requester: { network: secondary, region: 'us-east-1' }, accepter: { network: bare, region: 'eu-west-1', provider: primary },
    }))).toMatch(/accepter\.network\.cidr is missing: peering needs the VPC's CIDR as a literal \(an adopted network: pass cidr to Network\.fromNetworkAttributes\)/);
    const noTables = Network.fromNetworkAttributes(stack, 'no-tables', { ...ids, cidr: '10.30.0.0/16' });
    expect(errorOf(() => new RegionPeering(stack, 'p2', {
      name: 'x', requester: { network: secondary, region: 'us-east-1', routeFromTiers: ['private'] },
      accepter: { network: noTables, region: 'eu-west-1', provider: primary, routeFromTiers: ['isolated'] },
    }))).toMatch(/accepter\.network\.isolatedRouteTableIds is missing: routing the isolated tier of eu-west-1 to the peer needs its route tables/);
    expect(errorOf(() => Network.fromNetworkAttributes(stack, 'bad-rtb', { ...ids, privateRouteTableIds: ['rt-1'] }))).toMatch(/privateRouteTableIds: 'rt-1' is not a route table id/);
    expect(errorOf(() => Network.fromNetworkAttributes(stack, 'bad-cidr', { ...ids, cidr: '10.30.0.1/16' }))).toMatch(/cidr '10\.30\.0\.1\/16' is not a literal IPv4 CIDR/);
  });

  test('an adopted network with its CIDR and route tables peers; routes use the acceptance\'s id', () => {
    const { stack, primary, secondary } = twoRegions();
    const adopted = Network.fromNetworkAttributes(stack, 'adopted', {
      vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'], cidr: '10.30.0.0/16',
      isolatedRouteTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1'],
    });
    new RegionPeering(stack, 'p', {
      name: 'x', requester: { network: secondary, region: 'us-east-1', routeFromTiers: ['private'] },
      accepter: { network: adopted, region: 'eu-west-1', provider: primary, routeFromTiers: ['isolated'] }, allowRemoteVpcDnsResolution: false,
    });
    const json = synthJson(stack);
    const routes = values(resourcesOf(json, 'aws_route')).filter((r) => r.vpc_peering_connection_id !== undefined);
    expect(routes.map((r) => [r.provider ?? 'default', r.route_table_id, r.destination_cidr_block]).filter(([p]) => p !== 'default')).toEqual([
      ['aws.primary', 'rtb-0123456789abcdef0', '10.31.0.0/16'], ['aws.primary', 'rtb-0123456789abcdef1', '10.31.0.0/16'],
    ]);
    expect(routes.filter((r) => r.provider === undefined)).toHaveLength(3);
    expect(values(resourcesOf(json, 'aws_vpc_peering_connection'))[0].peer_vpc_id).toBe('vpc-0123456789abcdef0');
    expect(values(resourcesOf(json, 'aws_vpc_peering_connection_options')).map((o) => o.requester?.allow_remote_vpc_dns_resolution ?? o.accepter?.allow_remote_vpc_dns_resolution)).toEqual([false, false]);
  });

  test('admitted CIDRs: RFC 1918, /16 or smaller; one rule per endpoint and block on the endpoint\'s port', () => {
    expect(admittedCidrProblem('10.31.0.0/19')).toBeUndefined();
    expect(admittedCidrProblem('0.0.0.0/0')).toMatch(/not an RFC 1918 block of \/16 or smaller/);
    expect(admittedCidrProblem('10.0.0.0/8')).toMatch(/not an RFC 1918 block of \/16 or smaller/);
    expect(admittedCidrProblem('10.31.0.1/19')).toMatch(/is not an IPv4 CIDR/);
    const { stack, primary } = twoRegions();
    const endpoints = [{ endpointName: 'postgres-a', securityGroupId: 'sg-0123456789abcdef0', port: 5432 }, { endpointName: 'redis-b', securityGroupId: 'sg-0123456789abcdef1', port: 6379 }];
    expect(errorOf(() => DataClientAccess.admitCidrBlocks(stack, 'bad', { endpoints, cidrBlocks: [{ cidr: '0.0.0.0/0', label: 'world' }] })))
      .toMatch(/world: 0\.0\.0\.0\/0 is not an RFC 1918 block/);
    expect(errorOf(() => DataClientAccess.admitCidrBlocks(stack, 'twice', { endpoints: [endpoints[0], endpoints[0]], cidrBlocks: [] }))).toMatch(/postgres-a is listed twice/);
    expect(errorOf(() => new DataClientAccess(stack, 'clients-bad', { name: 'c', vpcId: 'vpc-1', admittedCidrBlocks: [{ cidr: '192.168.0.0/8', label: 'peer' }] })))
      .toMatch(/admittedCidrBlocks \(peer\): '192\.168\.0\.0\/8' is not an IPv4 CIDR/);
    DataClientAccess.admitCidrBlocks(stack, 'peer', { endpoints, provider: primary, cidrBlocks: [{ cidr: '10.31.0.0/19', label: 'us-east-1 a' }, { cidr: '10.31.32.0/19', label: 'us-east-1 b' }] });
    const clients = new DataClientAccess(stack, 'clients', { name: 'c', vpcId: 'vpc-1', admittedCidrBlocks: [{ cidr: '10.31.0.0/19', label: 'us-east-1 a' }] });
    clients.allow(endpoints[0]);
    const rules = values(resourcesOf(synthJson(stack), 'aws_vpc_security_group_ingress_rule')).filter((r) => r.cidr_ipv4 !== undefined);
    expect(rules.map((r) => [r.provider ?? 'default', r.security_group_id, r.cidr_ipv4, r.from_port, r.to_port]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      ['aws.primary', 'sg-0123456789abcdef0', '10.31.0.0/19', 5432, 5432], ['aws.primary', 'sg-0123456789abcdef0', '10.31.32.0/19', 5432, 5432],
      ['aws.primary', 'sg-0123456789abcdef1', '10.31.0.0/19', 6379, 6379], ['aws.primary', 'sg-0123456789abcdef1', '10.31.32.0/19', 6379, 6379],
      ['default', 'sg-0123456789abcdef0', '10.31.0.0/19', 5432, 5432],
    ]);
    expect(rules.map((r) => r.description)).toContain('us-east-1 a 10.31.0.0/19 -> postgres-a (tcp 5432)');
  });
});

describe('policy rules of the inter-region network', () => {
  const findings = (rule: string) => runPolicy(toSynth([readStackDoc(path.join(FIXTURES, 'policy', 'violations', `${rule}.tf.json`))]), { suppressions: [] })
    .findings.filter((f) => f.ruleId === rule).map((f) => `${f.address}: ${f.message}`);

  test('vpc-peering-route-least-access (CKV2_AWS_44): a route of all traffic through the peering fails; the peer VPC block passes', () => {
    expect(findings('vpc-peering-route-least-access')).toEqual([
      'aws_route.peering_requester-private-route-0_4: routes 0.0.0.0/0 through the peering (all traffic)',
    ]);
  });

  test('peer-cidr-ingress-scoped: all protocols, or a block outside the peered VPCs, fails', () => {
    expect(findings('peer-cidr-ingress-scoped')).toEqual([
      'aws_vpc_security_group_ingress_rule.peer-writers_ingress-postgres-catalog-cidr-0_5: opens all protocols all ports; one TCP port only',
      'aws_vpc_security_group_ingress_rule.peer-writers_ingress-redis-cache-cidr-0_6: 10.99.0.0/16 lies in no VPC the stack\'s peering routes lead to (peered blocks: 10.31.0.0/16)',
    ]);
  });
});
