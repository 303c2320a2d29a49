import { formatNodeSummary, gpuTotals, nodeGroupsOfStack, NodeGroupRow } from '../tools/node-summary';
import { TerraformJson } from '../tools/summary';

function nodeGroup(name: string, instanceType: string, desired: number, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return {
    instance_types: [instanceType],
    capacity_type: 'ON_DEMAND',
    scaling_config: { min_size: 1, desired_size: desired, max_size: desired * 2 },
    labels: { 'ott.platform/node-group': name, ...labels },
    ...extra,
  };
}

const json: TerraformJson = {
  resource: {
    aws_eks_node_group: {
      a: nodeGroup('system', 'm6i.xlarge', 3),
      b: nodeGroup('generation', 'g6e.12xlarge', 3, { 'ott.platform/gpu-substitute-for': 'A40', 'ott.platform/service': 'content-generation' }),
      c: nodeGroup('compute', 'g5.4xlarge', 2, {}, { capacity_type: 'SPOT' }),
      d: nodeGroup('custom', 'm7i.large', 2),
    },
  },
};

describe('node summary', () => {
  const rows = nodeGroupsOfStack('prod-eu-2-us-east-1-cluster', json);

  test('reads environment and region from the stack name and specs from the catalog', () => {
    expect(rows.map((r) => [r.environment, r.region, r.name])).toEqual([
      ['prod-eu-2', 'us-east-1', 'system'], ['prod-eu-2', 'us-east-1', 'generation'], ['prod-eu-2', 'us-east-1', 'compute'], ['prod-eu-2', 'us-east-1', 'custom'],
    ]);
    expect(rows[1]).toMatchObject({ instanceType: 'g6e.12xlarge', desired: 3, min: 1, max: 6, vcpu: 48, memoryGiB: 384, gpusPerNode: 4, gpuModel: 'L40S', gpuMemoryGb: 48, substituteFor: 'A40', service: 'content-generation' });
    expect(rows[2].spot).toBe(true);
    expect(rows[3].vcpu).toBeUndefined();
  });

  test('ignores stacks that are not cluster stacks', () => {
    expect(nodeGroupsOfStack('prod-us-east-1-network', json)).toEqual([]);
  });

  test('GPU totals count desired nodes x GPUs per node, by model, with substitutions', () => {
    const totals = gpuTotals(rows);
    expect(totals.gpus).toBe(14);
    expect(totals.gpuMemoryGb).toBe(12 * 48 + 2 * 24);
    expect(totals.byModel).toEqual({ L40S: { gpus: 12, gpuMemoryGb: 576 }, A10G: { gpus: 2, gpuMemoryGb: 48 } });
    expect(totals.substitutions).toEqual([{ requested: 'A40', substitute: 'L40S', pools: ['us-east-1/generation'], gpus: 12 }]);
  });

  test('the table has one row per group, totals, GPU totals and the substitutions', () => {
    const text = formatNodeSummary(rows);
    expect(text).toMatch(/^Node groups of prod-eu-2 /);
    expect(text).toMatch(/us-east-1\s+generation\s+g6e.12xlarge\s+on-demand\s+3 \(1-6\)\s+144\s+1152\s+12\s+L40S \(for A40\)\s+576\s+content-generation/);
    expect(text).toMatch(/us-east-1\s+compute\s+g5.4xlarge\s+spot/);
    expect(text).toMatch(/us-east-1\s+custom\s+m7i.large\s+on-demand\s+2 \(1-4\)\s+\?\s+\?/);
    expect(text).toMatch(/total\s+10\s+\d+\+\?/);
    expect(text).toMatch(/GPU totals of prod-eu-2: 14 GPUs, 624 GB GPU memory - L40S 12 \(576 GB\), A10G 2 \(48 GB\)/);
    expect(text).toMatch(/of which pools owned by a service: 12 GPUs, 576 GB/);
    expect(text).toMatch(/A40 -> L40S: 12 GPUs in us-east-1\/generation/);
  });

  test('an environment without substitutions says so', () => {
    const plain: NodeGroupRow[] = rows.filter((r) => !r.substituteFor);
    expect(formatNodeSummary(plain)).toMatch(/GPU substitutions of prod-eu-2: none/);
  });

  test('a scaling_config given as a list is read too', () => {
    const listed = nodeGroupsOfStack('dev-eu-west-1-cluster', { resource: { aws_eks_node_group: { x: { ...nodeGroup('g', 'g5.xlarge', 0), scaling_config: [{ min_size: 0, desired_size: 0, max_size: 2 }] } } } });
    expect(listed[0]).toMatchObject({ desired: 0, max: 2, gpusPerNode: 1 });
  });
});
