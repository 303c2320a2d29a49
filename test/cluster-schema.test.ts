import { planCluster } from '../plan/cluster';
import { atPhase, groupScaling, scaleNodes } from '../plan/sizing';
import { EnvironmentConfig } from '../environments/schema';
import { errorOf, Json, loadEdited, configIssues } from './cluster-helpers';

const issues = configIssues;

function sizes(env: EnvironmentConfig, region = 'eu-west-1'): Record<string, string> {
  const { plan } = planCluster(env.regions[region].cluster!, region, env.phase, env.scale);
  return Object.fromEntries([...plan.nodeGroups, ...plan.gpuPools].map((g) => [g.config.name, `${g.scaling.minSize}/${g.scaling.desiredSize}/${g.scaling.maxSize}`]));
}

const euPools = (raw: Json) => raw.regions['eu-west-1'].cluster.gpuPools as Json[];
const usPools = (raw: Json) => raw.regions['us-east-1'].cluster.gpuPools as Json[];

describe('cluster config: sizes from the seed 003 phase table', () => {
  // General is 30, not the seed's 12, in phases 1-2: the services' requests need it (docs/services.md).
  test('production phase 1: system 3, general 30, memory 4, data 4, gpu-inference 4, gpu-compute 2 (47 nodes)', () => {
    const s = sizes(loadEdited('production'));
    expect(s).toMatchObject({
      system: '2/3/6', general: '1/30/60', 'memory-optimized': '1/4/8', 'data-processing': '1/4/8', 'gpu-inference': '1/4/8', 'gpu-compute': '1/2/4',
    });
    const seed = ['system', 'general', 'memory-optimized', 'data-processing', 'gpu-inference', 'gpu-compute'];
    expect(seed.reduce((n, g) => n + Number(s[g].split('/')[1]), 0)).toBe(47);
  });

  test('production phase 4: general 60, memory 16, gpu-inference 16, gpu-compute 8, data 16 (119 nodes)', () => {
    const s = sizes(loadEdited('production', (raw) => { raw.phase = 4; }));
    expect(s).toMatchObject({ system: '2/3/6', general: '1/60/120', 'memory-optimized': '1/16/32', 'data-processing': '1/16/32', 'gpu-inference': '1/16/32', 'gpu-compute': '1/8/16' });
    const seed = ['system', 'general', 'memory-optimized', 'data-processing', 'gpu-inference', 'gpu-compute'];
    expect(seed.reduce((n, g) => n + Number(s[g].split('/')[1]), 0)).toBe(119);
  });

  test('phases 2 and 3 follow the table too (general keeps 30 in phase 2)', () => {
    expect(sizes(loadEdited('production', (raw) => { raw.phase = 2; })).general).toBe('1/30/60');
    expect(sizes(loadEdited('production', (raw) => { raw.phase = 3; }))['gpu-compute']).toBe('1/6/12');
  });

  test('staging is ceil(production x 0.25), dev ceil(production x 0.1), never below min', () => {
    expect(sizes(loadEdited('staging'))).toMatchObject({ system: '2/2/4', general: '1/3/6', 'memory-optimized': '1/1/2', 'gpu-inference': '1/1/2', 'deepfake-detection': '1/2/4' });
    expect(sizes(loadEdited('dev'))).toMatchObject({ system: '2/2/4', general: '1/2/4', 'data-processing': '1/1/2' });
  });

  test('dev GPU pools start empty with min 0 so the autoscaler can add nodes', () => {
    expect(sizes(loadEdited('dev'))).toMatchObject({ 'gpu-inference': '0/0/2', 'voice-cloning': '0/0/2' });
  });

  test('the production GPU pools resolve to the seed 000 fleet', () => {
    const env = loadEdited('production');
    const pools = (region: string) => Object.fromEntries(planCluster(env.regions[region].cluster!, region, 1, 1).plan.gpuPools
      .map((p) => [p.config.name, `${p.scaling.desiredSize} x ${p.resolved.instance.instanceType}${p.resolved.substitution ? ` (${p.resolved.substitution.requested})` : ''}`]));
    expect(pools('eu-west-1')).toEqual({
      'gpu-inference': '4 x g5.xlarge', 'gpu-compute': '2 x g5.4xlarge', 'deepfake-detection': '8 x g5.xlarge (A30)', 'ai-director': '6 x g5.xlarge (A10)', 'voice-cloning': '4 x g4dn.xlarge',
    });
    expect(pools('us-east-1')).toEqual({
      recommendations: '1 x p4de.24xlarge', 'content-generation': '3 x g6e.12xlarge (A40)', 'neural-compression': '4 x g6e.12xlarge (A40)', 'edge-inference': '20 x g6.xlarge',
    });
  });
});

describe('cluster config: sizing rules', () => {
  test('scaleNodes rounds up and is robust to binary fractions', () => {
    expect(scaleNodes(12, 0.1)).toBe(2);
    expect(scaleNodes(30, 0.1)).toBe(3);
    expect(scaleNodes(4, 0.25)).toBe(1);
    expect(scaleNodes(0, 0.5)).toBe(0);
  });

  test('desired = max(min, scaled) unless given; max = 2 x max(desired, scaled) unless given', () => {
    expect(groupScaling({ min: 1 }, 12, 1)).toEqual({ minSize: 1, desiredSize: 12, maxSize: 24 });
    expect(groupScaling({ min: 2 }, 3, 0.1)).toEqual({ minSize: 2, desiredSize: 2, maxSize: 4 });
    expect(groupScaling({ min: 0, desired: 0 }, 4, 0.1)).toEqual({ minSize: 0, desiredSize: 0, maxSize: 2 });
    expect(groupScaling({ min: 1, max: 50 }, 12, 1)).toEqual({ minSize: 1, desiredSize: 12, maxSize: 50 });
  });

  test('atPhase reads a number or a phase table', () => {
    expect(atPhase(3, 4)).toBe(3);
    expect(atPhase({ 1: 12, 2: 24, 3: 40, 4: 60 }, 3)).toBe(40);
  });

  test('min above desired and max below desired are refused at the key', () => {
    expect(issues(() => loadEdited('production', (raw) => { Object.assign(euPools(raw)[0], { min: 3, desired: 2 }); }))).toEqual(expect.arrayContaining([expect.stringMatching(/^regions.eu-west-1.cluster.gpuPools\[0\].min: min 3 is above desired 2 \(scaling needs min <= desired <= max/)]));
    // A min above the scaled size raises desired instead of failing.
    expect(sizes(loadEdited('production', (raw) => { euPools(raw)[0].min = 9; }))['gpu-inference']).toBe('9/9/18');
    expect(issues(() => loadEdited('production', (raw) => { euPools(raw)[0].max = 2; }))).toEqual(expect.arrayContaining([expect.stringMatching(/^regions.eu-west-1.cluster.gpuPools\[0\].max: max 2 is below desired 4 \(/)]));
  });

  test('a malformed phase table is refused', () => {
    expect(issues(() => loadEdited('production', (raw) => { euPools(raw)[0].count = { 1: 4, 2: 8 }; })).join('\n'))
      .toMatch(/regions.eu-west-1.cluster.gpuPools\[0\].count: must be a whole number or a table by phase/);
  });
});

describe('cluster config: Kubernetes version', () => {
  test('defaults to the newest allowed version', () => {
    expect(loadEdited('production').regions['eu-west-1'].cluster!.kubernetesVersion).toBe('1.36');
  });

  test("the seeds' 1.30 is refused with the reason, at its key", () => {
    const found = issues(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].cluster.kubernetesVersion = '1.30'; }));
    expect(found).toEqual([expect.stringMatching(/^regions.eu-west-1.cluster.kubernetesVersion: Kubernetes 1.30 is out of support on EKS: .*allowed: 1.35, 1.36/)]);
  });

  test('an unquoted version is refused with a hint', () => {
    const found = issues(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].cluster.kubernetesVersion = 1.3; }));
    expect(found[0]).toMatch(/kubernetesVersion: write the version as a quoted string such as '1.36'/);
  });

  test('1.35 is accepted', () => {
    expect(loadEdited('production', (raw) => { raw.regions['eu-west-1'].cluster.kubernetesVersion = '1.35'; }).regions['eu-west-1'].cluster!.kubernetesVersion).toBe('1.35');
  });
});

describe('cluster config: GPU pools against the catalog', () => {
  test('A40 without a substitute fails at gpuPools[i].gpu naming L40S on g6e', () => {
    const found = issues(() => loadEdited('production', (raw) => { delete usPools(raw)[1].substitute; }));
    expect(found).toEqual(['regions.us-east-1.cluster.gpuPools[1].gpu: NVIDIA A40 (48 GB) is not sold on EC2; its EC2 equivalent is L40S on g6e (48 GB per GPU). Name it explicitly with substitute: L40S']);
  });

  test('A30 and A10 without a substitute fail naming A10G (g5) and L4 (g6)', () => {
    const found = issues(() => loadEdited('production', (raw) => { delete euPools(raw)[2].substitute; delete euPools(raw)[3].substitute; }));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^regions.eu-west-1.cluster.gpuPools\[2\].gpu: NVIDIA A30 .* A10G on g5 \(24 GB per GPU\) or L4 on g6/);
    expect(found[1]).toMatch(/^regions.eu-west-1.cluster.gpuPools\[3\].gpu: NVIDIA A10 /);
  });

  test('a wrong substitute fails at .substitute', () => {
    expect(issues(() => loadEdited('production', (raw) => { usPools(raw)[1].substitute = 'T4'; })))
      .toEqual([expect.stringMatching(/^regions.us-east-1.cluster.gpuPools\[1\].substitute: 'T4' is not an EC2 equivalent of the A40; use L40S/)]);
  });

  test('a family the region lacks fails with the regions that have it and the nearest family', () => {
    const found = issues(() => loadEdited('production', (raw) => { euPools(raw).push({ name: 'generation-eu', gpu: 'L40S', gpus: 4 }); }));
    expect(found).toEqual([expect.stringMatching(/^regions.eu-west-1.cluster.gpuPools\[5\].gpu: g6e \(L40S\) is not offered in eu-west-1 .*regions that offer it: .*us-east-1.*; nearest family offered in eu-west-1: g5 \(A10G, 24 GB per GPU\)/)]);
  });

  test('every phase of a GPU table must resolve, not only the current one', () => {
    const found = issues(() => loadEdited('production', (raw) => { usPools(raw)[0].gpus = { 1: 8, 2: 8, 3: 12, 4: 16 }; }));
    expect(found).toEqual([expect.stringMatching(/gpuPools\[0\].gpus: .*multiple of 8 \(phase 3\)/)]);
  });

  test('gpus with count, instanceType without count, gpu without gpus or count are refused', () => {
    expect(issues(() => loadEdited('production', (raw) => { usPools(raw)[0].count = 1; }))).toEqual([expect.stringMatching(/gpuPools\[0\].count: with gpus the node count follows from gpus .*give gpus \(GPUs\) or count \(nodes\), not both/)]);
    expect(issues(() => loadEdited('production', (raw) => { delete euPools(raw)[0].count; }))).toEqual([expect.stringMatching(/gpuPools\[0\].count: is required with instanceType g5.xlarge/)]);
    expect(issues(() => loadEdited('production', (raw) => { delete usPools(raw)[0].gpus; }))).toEqual([expect.stringMatching(/gpuPools\[0\].gpus: gpu A100-80GB needs gpus \(the production GPU count\) or count \(the production node count\)/)]);
  });

  test('a pool given gpu and a node count (no gpus) is sized by its scaling', () => {
    const env = loadEdited('production', (raw) => { delete usPools(raw)[0].gpus; usPools(raw)[0].count = 2; });
    const pool = planCluster(env.regions['us-east-1'].cluster!, 'us-east-1', env.phase, env.scale).plan.gpuPools[0];
    expect(pool.resolved.instance.instanceType).toBe('p4de.24xlarge');
    expect(pool.resolved.nodes).toBeUndefined();
    expect(pool.scaling).toMatchObject({ desiredSize: 2 });
  });

  test('MIG on a GPU without MIG, EFA on a type without EFA, spot with reservations are refused at their keys', () => {
    expect(issues(() => loadEdited('production', (raw) => { usPools(raw)[3].sharing = { migProfile: '1g.10gb' }; })))
      .toEqual([expect.stringMatching(/gpuPools\[3\].sharing.migProfile: L4 has no MIG/)]);
    expect(issues(() => loadEdited('production', (raw) => { usPools(raw)[3].efa = true; })))
      .toEqual([expect.stringMatching(/gpuPools\[3\].efa: g6.xlarge does not support EFA/)]);
    expect(issues(() => loadEdited('production', (raw) => { euPools(raw)[1].capacityReservationIds = ['cr-0123456789abcdef0']; })))
      .toEqual([expect.stringMatching(/gpuPools\[1\].capacityReservationIds: .*cannot be combined with spot/)]);
  });

  test('sharing must be time-slicing or MIG', () => {
    expect(issues(() => loadEdited('production', (raw) => { usPools(raw)[0].sharing = { timeSlicingReplicas: 4, migProfile: '1g.10gb' }; })).join('\n'))
      .toMatch(/gpuPools\[0\].sharing: must be \{timeSlicingReplicas/);
  });
});

describe('cluster config: node groups and cluster keys', () => {
  test('names must be unique across node groups and GPU pools', () => {
    expect(issues(() => loadEdited('production', (raw) => { euPools(raw)[0].name = 'general'; })))
      .toEqual(["regions.eu-west-1.cluster.gpuPools[0].name: 'general' is already the name of nodeGroups[1]; node group and GPU pool names must be unique in a cluster"]);
  });

  test('the first node group must be able to run coredns', () => {
    expect(issues(() => loadEdited('production', (raw) => {
      raw.regions['us-east-1'].cluster.nodeGroups[0].taints = [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }];
    }))).toEqual([expect.stringMatching(/nodeGroups\[0\].taints: the first node group runs coredns .* dedicated:NoSchedule/)]);
  });

  test('a GPU instance type under nodeGroups is refused; an empty list is refused', () => {
    expect(issues(() => loadEdited('production', (raw) => { raw.regions['us-east-1'].cluster.nodeGroups[0].instanceType = 'g5.xlarge'; })))
      .toEqual([expect.stringMatching(/nodeGroups\[0\].instanceType: g5.xlarge is a GPU type .* list it under gpuPools/)]);
    expect(issues(() => loadEdited('production', (raw) => { raw.regions['us-east-1'].cluster.nodeGroups = []; })))
      .toEqual([expect.stringMatching(/nodeGroups: must list at least one CPU node group/)]);
  });

  test('label keys and taint values are checked', () => {
    expect(issues(() => loadEdited('production', (raw) => { raw.regions['us-east-1'].cluster.nodeGroups[0].labels = { 'a b': 'c' }; })))
      .toEqual([expect.stringMatching(/nodeGroups\[0\].labels.a b: 'a b'/)]);
  });

  test('a public endpoint open to the internet is refused', () => {
    expect(issues(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].cluster.endpointPublicAccessCidrs = ['0.0.0.0/0']; })))
      .toEqual([expect.stringMatching(/^regions.eu-west-1.cluster.endpointPublicAccessCidrs\[0\]: 0.0.0.0\/0 would open the Kubernetes API/)]);
  });

  test('admin roles, log retention and unknown keys', () => {
    expect(issues(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].cluster.adminRoles = ['arn:aws:s3:::x']; })).join())
      .toMatch(/adminRoles\[0\]: must be an IAM role ARN or a role name/);
    expect(issues(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].cluster.logRetentionDays = 10; })).join())
      .toMatch(/logRetentionDays: must be one of the retention values/);
    expect(issues(() => loadEdited('production', (raw) => { raw.regions['eu-west-1'].cluster.nodegroups = []; })).join())
      .toMatch(/regions.eu-west-1.cluster.nodegroups: unknown key; allowed keys here: kubernetesVersion, .*nodeGroups, gpuPools/);
  });

  test('the node group default is the seed 003 table', () => {
    const groups = loadEdited('staging').regions['eu-west-1'].cluster!.nodeGroups;
    expect(groups.map((g) => `${g.name}:${g.instanceType}`)).toEqual(['system:m6i.xlarge', 'general:m6i.2xlarge', 'memory-optimized:r6i.2xlarge', 'data-processing:m6i.4xlarge']);
    expect(groups[2].taints).toEqual([{ key: 'ott.platform/workload', value: 'memory-optimized', effect: 'NoSchedule' }]);
  });

  test('errors name the environment file', () => {
    expect(errorOf(() => loadEdited('production', (raw) => { delete usPools(raw)[1].substitute; }))).toMatch(/^environments\/production.yaml: regions.us-east-1/);
  });
});
