// Schema-level input rules (issue 9 point 7): each bad value gets one line naming the file, the key path
// and what is allowed.
import { ConfigError } from '../environments/load';
import { MAX_ENVIRONMENT_TAGS } from '../constructs/core/tags';
import { envFromYaml } from './helpers';
import { Json, loadEdited } from './cluster-helpers';

const BASE = `name: dev
costCenter: cc-1
regions:
  eu-west-1:
    vpcCidr: 10.10.0.0/16
`;

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.message.split('\n')).toHaveLength(e.issues.length); // one line per problem
    return e.message;
  }
  throw new Error('expected a ConfigError');
}

const cluster = (raw: Json) => raw.regions['eu-west-1'].cluster as Json;
/** Two explicit CPU groups in production eu-west-1 (which otherwise takes the seed defaults), the second edited. */
const groups = (raw: Json, edit: Json): void => {
  cluster(raw).nodeGroups = [{ name: 'system', instanceType: 'm6i.xlarge', count: 3 }, { name: 'general', instanceType: 'm6i.2xlarge', count: 12, ...edit }];
};
const kafka = (raw: Json) => raw.regions['eu-west-1'].data.kafka.clusters as Json;

describe('tags', () => {
  const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, 'v']));
  test(`${MAX_ENVIRONMENT_TAGS} environment tags fit, one more does not (50 per resource, counting the platform's own)`, () => {
    expect(() => loadEdited('dev', (raw) => { raw.tags = tags(MAX_ENVIRONMENT_TAGS); })).not.toThrow();
    expect(refusal(() => loadEdited('dev', (raw) => { raw.tags = tags(MAX_ENVIRONMENT_TAGS + 1); })))
      .toMatch(/^environments\/dev.yaml: tags: 43 tags are too many: AWS allows 50 per resource, the platform sets 5 \(environment, region, layer, cost-center, managed-by\) and constructs add up to 3, so at most 42 remain$/);
  });
});

describe('instance types must exist in the library\'s instance specs', () => {
  test('an unknown CPU type is refused with the known ones', () => {
    expect(refusal(() => loadEdited('production', (raw) => { groups(raw, { instanceType: 'm6i.3xlarge' }); })))
      .toMatch(/regions.eu-west-1.cluster.nodeGroups\[1\].instanceType: 'm6i.3xlarge' is not an instance type this library has specs for; known: .*m6i.2xlarge/);
  });
  test('an unknown GPU type is refused by the GPU catalog', () => {
    expect(refusal(() => loadEdited('production', (raw) => { cluster(raw).gpuPools[0].instanceType = 'g5.3xlarge'; })))
      .toMatch(/gpuPools\[0\].instanceType: g5.3xlarge is not in the GPU catalog; g5 sizes it knows/);
  });
});

describe('absurd counts have upper bounds', () => {
  test('nodes: at most 450 per node group (EKS quota)', () => {
    expect(refusal(() => loadEdited('production', (raw) => { groups(raw, { max: 451 }); })))
      .toMatch(/nodeGroups\[1\].max: must be at most 450 \(EKS quota: nodes per managed node group\)/);
    expect(refusal(() => loadEdited('production', (raw) => { groups(raw, { count: 300 }); })))
      .toMatch(/nodeGroups\[1\].max: 600 nodes exceed the EKS quota of 450 nodes per managed node group/);
    expect(refusal(() => loadEdited('production', (raw) => { groups(raw, { count: 1_000_000 }); })))
      .toMatch(/nodeGroups\[1\].count: must be at most 100000/);
  });
  test('GPUs: a pool whose GPUs need more nodes than a group holds', () => {
    expect(refusal(() => loadEdited('production', (raw) => { raw.regions['us-east-1'].cluster.gpuPools[0].gpus = 8000; })))
      .toMatch(/gpuPools\[0\].max: 2000 nodes exceed the EKS quota of 450/);
  });
  test('brokers: at most 30 per MSK cluster', () => {
    expect(refusal(() => loadEdited('production', (raw) => { kafka(raw).realtime.brokers = 33; })))
      .toMatch(/kafka.clusters.realtime.brokers: must be at most 30 \(MSK's default quota of brokers per cluster\)/);
  });
  test('shards and replicas: ElastiCache limits', () => {
    expect(refusal(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].data.redis.cache.shards = 501; })))
      .toMatch(/redis.cache.shards: .*500/);
    expect(refusal(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].data.redis.cache.replicasPerShard = 6; })))
      .toMatch(/redis.cache.replicasPerShard: .*5/);
  });
});

describe('enum messages list the allowed values', () => {
  test.each([
    [`${BASE}phase: 5\n`, 'phase', 'must be one of 1, 2, 3, 4'],
    [`${BASE.replace('vpcCidr: 10.10.0.0/16', 'vpcCidr: 10.10.0.0/16\n    network: {natGateways: two}')}`, 'regions.eu-west-1.network.natGateways', '"perAz"'],
  ])('%#: %s', (yaml, keyPath, allowed) => {
    const message = refusal(() => envFromYaml('dev', yaml));
    expect(message).toContain(`environments/dev.yaml: ${keyPath}: `);
    expect(message).toContain(allowed);
  });
  test('imdsHopLimit, zones and monitoring interval', () => {
    expect(refusal(() => loadEdited('production', (raw) => { groups(raw, { imdsHopLimit: 3 }); }))).toMatch(/imdsHopLimit: must be one of 1, 2$/);
    expect(refusal(() => loadEdited('production', (raw) => { kafka(raw).realtime.zones = 4; }))).toMatch(/realtime.zones: must be one of 2, 3$/);
    expect(refusal(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].data.postgres.monitoringIntervalSeconds = 7; })))
      .toMatch(/monitoringIntervalSeconds: must be one of 1, 5, 10, 15, 30, 60$/);
  });
});

describe('GPU pool owners come from the catalogs', () => {
  test('a typo in service is refused with the allowed ids', () => {
    expect(refusal(() => loadEdited('production', (raw) => { raw.regions['us-east-1'].cluster.gpuPools[0].service = 'neural-recomendations'; })))
      .toMatch(/gpuPools\[0\].service: 'neural-recomendations' is neither a service of catalog\/services.ts nor a GPU workload of catalog\/gpu-workloads.ts; allowed: .*neural-recommendations/);
  });
});
