import { familyOfferedIn, GpuFamily, INSTANCE_TYPES } from '../constructs/cluster/gpu-catalog';
import { atPhase } from '../plan/sizing';
import { gpuTotals, readNodeGroups, formatNodeSummary } from '../tools/node-summary';
import { addressOf, errorOf, Json, loadEdited, rawEnvironment, resourcesOf, synthEnvironments } from './cluster-helpers';

const production = synthEnvironments([loadEdited('production')]);
const CLUSTER = 'production-eu-west-1-cluster';

function groupsByName(json: Json): Record<string, Json> {
  return Object.fromEntries(Object.values(resourcesOf(json, 'aws_eks_node_group')).map((g) => [g.labels['ott.platform/node-group'], g]));
}

describe('production cluster stacks', () => {
  test('every region with cluster: gets <env>-<region>-cluster after its network', () => {
    // Other layers (data ...) add their own stacks; only network and cluster are asserted here.
    expect(production.stacks.filter((s) => /-(network|cluster)$/.test(s))).toEqual(['production-eu-west-1-cluster', 'production-eu-west-1-network', 'production-us-east-1-cluster', 'production-us-east-1-network']);
  });

  test('production-eu-west-1-cluster has a private, KMS-encrypted cluster with every log type', () => {
    const json = production.stack(CLUSTER) as Json;
    const clusters = Object.values(resourcesOf(json, 'aws_eks_cluster'));
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({
      name: 'production-eu-west-1',
      version: '1.36',
      vpc_config: { endpoint_private_access: true, endpoint_public_access: false },
      encryption_config: { resources: ['secrets'] },
      enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      access_config: { authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false },
      deletion_protection: true,
    });
  });

  test('the cluster uses the network stack\'s private subnets by reference', () => {
    const json = production.stack(CLUSTER) as Json;
    const subnets = Object.values(resourcesOf(json, 'aws_eks_cluster'))[0].vpc_config.subnet_ids as string[];
    expect(subnets).toHaveLength(3);
    for (const s of subnets) expect(s).toMatch(/^\$\{data\.terraform_remote_state\./);
  });

  test('access entries and the managed add-ons are there', () => {
    const json = production.stack(CLUSTER) as Json;
    expect(Object.values(resourcesOf(json, 'aws_eks_access_entry')).map((e) => e.principal_arn)).toEqual([expect.stringMatching(/:role\/platform-admin$/)]);
    expect(Object.values(resourcesOf(json, 'aws_eks_addon')).map((a) => a.addon_name).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
  });

  test('CPU node groups at phase-1 sizes (seed 003 §10; general 30 for the services, docs/services.md)', () => {
    const groups = groupsByName(production.stack(CLUSTER) as Json);
    const desired = (n: string) => [groups[n].instance_types[0], groups[n].scaling_config.desired_size];
    expect(desired('system')).toEqual(['m6i.xlarge', 3]);
    expect(desired('general')).toEqual(['m6i.2xlarge', 30]);
    expect(desired('memory-optimized')).toEqual(['r6i.2xlarge', 4]);
    expect(desired('data-processing')).toEqual(['m6i.4xlarge', 4]);
    expect(desired('gpu-inference')).toEqual(['g5.xlarge', 4]);
    expect(desired('gpu-compute')).toEqual(['g5.4xlarge', 2]);
    expect(groups['gpu-compute'].capacity_type).toBe('SPOT');
  });

  test('coredns and the EBS CSI driver wait for the system group; node groups wait for vpc-cni and the agent', () => {
    const json = production.stack(CLUSTER) as Json;
    const system = addressOf(json, 'aws_eks_node_group', 'node-group-system');
    for (const addon of ['coredns', 'aws-ebs-csi-driver']) {
      expect(Object.values(resourcesOf(json, 'aws_eks_addon')).find((a) => a.addon_name === addon)!.depends_on).toContain(system);
    }
    for (const g of Object.values(resourcesOf(json, 'aws_eks_node_group'))) {
      expect(g.depends_on).toEqual(expect.arrayContaining([addressOf(json, 'aws_eks_addon', 'addon-vpc-cni'), addressOf(json, 'aws_eks_addon', 'addon-eks-pod-identity-agent')]));
    }
  });

  test('GPU families p4de, g6e, g6, g5 and g4dn are all present, each in a region that offers it', () => {
    const placed: [string, string][] = [];
    for (const region of ['eu-west-1', 'us-east-1']) {
      for (const g of Object.values(resourcesOf(production.stack(`production-${region}-cluster`), 'aws_eks_node_group'))) {
        const family = String(g.instance_types[0]).split('.')[0];
        if (INSTANCE_TYPES[g.instance_types[0]].gpus > 0) placed.push([family, region]);
      }
    }
    expect([...new Set(placed.map(([f]) => f))].sort()).toEqual(['g4dn', 'g5', 'g6', 'g6e', 'p4de']);
    for (const [family, region] of placed) expect(familyOfferedIn(family as GpuFamily, region)).toBe(true);
  });

  test('the GPU region carries a system CPU group, the standby\'s CPU groups (empty until phase 4) and the pools eu-west-1 cannot host', () => {
    const groups = groupsByName(production.stack('production-us-east-1-cluster') as Json);
    expect(Object.keys(groups).sort()).toEqual(['content-generation', 'data-processing', 'edge-inference', 'general', 'memory-optimized', 'neural-compression', 'recommendations', 'system']);
    // docs/regions-dr.md: the warm standby's CPU groups hold no node before phase 4.
    for (const name of ['general', 'memory-optimized', 'data-processing']) expect(groups[name].scaling_config).toMatchObject({ min_size: 0, desired_size: 0 });
    expect(groups['content-generation']).toMatchObject({ instance_types: ['g6e.12xlarge'], scaling_config: { desired_size: 3 } });
    expect(groups['neural-compression']).toMatchObject({ instance_types: ['g6e.12xlarge'], scaling_config: { desired_size: 4 } });
    expect(groups.recommendations).toMatchObject({ instance_types: ['p4de.24xlarge'], ami_type: 'AL2023_x86_64_NVIDIA' });
  });

  test('the synth summary\'s GPU totals match the fleet in production.yaml', () => {
    const raw = rawEnvironment('production');
    let expected = 0;
    for (const region of Object.keys(raw.regions)) {
      for (const pool of raw.regions[region].cluster?.gpuPools ?? []) {
        expected += pool.gpus !== undefined ? atPhase(pool.gpus, raw.phase) : atPhase(pool.count, raw.phase) * INSTANCE_TYPES[pool.instanceType].gpus;
      }
    }
    const totals = gpuTotals(readNodeGroups(production.outdir));
    expect(totals.gpus).toBe(expected);
    expect(totals.gpus).toBe(80); // seed 000's 74 plus seed 003's 6 (gpu-inference 4, gpu-compute 2)
    expect(totals.byModel['L40S']).toEqual({ gpus: 28, gpuMemoryGb: 1344 });
    expect(totals.substitutions.map((s) => `${s.requested}->${s.substitute}:${s.gpus}`).sort()).toEqual(['A10->A10G:6', 'A30->A10G:8', 'A40->L40S:28']);
  });
});

describe('configuration drives the stacks', () => {
  test('phase 4 gives the seed\'s phase-4 counts', () => {
    const out = synthEnvironments([loadEdited('production', (raw) => { raw.phase = 4; })]);
    const groups = groupsByName(out.stack(CLUSTER) as Json);
    const desired = Object.fromEntries(Object.entries(groups).map(([n, g]) => [n, g.scaling_config.desired_size]));
    expect(desired).toMatchObject({ system: 3, general: 60, 'memory-optimized': 16, 'gpu-inference': 16, 'gpu-compute': 8, 'data-processing': 16 });
  });

  test('gpu: A40 without a substitute fails naming L40S/g6e; with it g6e nodes are built and reported', () => {
    const addA40 = (substitute?: string) => loadEdited('staging', (raw) => {
      raw.regions = { 'us-east-1': { vpcCidr: '10.21.0.0/16', cluster: { gpuPools: [{ name: 'generation', gpu: 'A40', gpus: 8, ...(substitute ? { substitute } : {}) }] } } };
      delete raw.edge; // the edge needs a region with a data layer (media origin), which this edit removes
    });
    expect(errorOf(() => addA40())).toMatch(/gpuPools\[0\].gpu: NVIDIA A40 \(48 GB\) is not sold on EC2; its EC2 equivalent is L40S on g6e/);
    const out = synthEnvironments([addA40('L40S')]);
    const rows = readNodeGroups(out.outdir);
    expect(rows.find((r) => r.name === 'generation')).toMatchObject({ instanceType: 'g6e.xlarge', desired: 2, gpuModel: 'L40S', substituteFor: 'A40' });
    expect(formatNodeSummary(rows)).toMatch(/A40 -> L40S: 2 GPUs in us-east-1\/generation/);
  });

  test('a region without cluster: gets no cluster stack', () => {
    // analytics needs the cluster (EMR on EKS), so it goes too.
    const out = synthEnvironments([loadEdited('staging', (raw) => { delete raw.regions['eu-west-1'].cluster; delete raw.regions['eu-west-1'].analytics; })]);
    expect(out.stacks.filter((s) => s.endsWith('-cluster'))).toEqual([]);
    expect(out.stacks).toContain('staging-eu-west-1-network');
  });

  test('dev GPU pools are created empty with min 0 and room to grow', () => {
    const out = synthEnvironments([loadEdited('dev')]);
    const groups = groupsByName(out.stack('dev-eu-west-1-cluster') as Json);
    expect(groups['gpu-inference'].scaling_config).toEqual({ min_size: 0, desired_size: 0, max_size: 2 });
    expect(groups['voice-cloning']).toMatchObject({ instance_types: ['g4dn.xlarge'], capacity_type: 'SPOT' });
  });
});
