import { GPU_MODEL_SPECS, GpuModel, INSTANCE_TYPES } from '../constructs/cluster/gpu-catalog';
import { NODE_LABELS } from '../constructs/cluster/labels';
import { parseStackName, readSynth, TerraformJson, TfSynth } from './tfjson';

/**
 * The synth summary of the compute layer: every EKS managed node group of the synthesized cluster stacks
 * with its instance type, node count at creation, vCPU, memory, GPUs and GPU memory, plus GPU totals per
 * environment and the GPU substitutions made (A40 -> L40S ...), so the fleet can be compared with seed
 * 000's "GPU Allocation by Service" and "Total GPU Requirements". Reads only the synthesized JSON.
 */

/** One node group as synthesized. Counts are per node unless named total. */
export interface NodeGroupRow {
  readonly environment: string;
  readonly region: string;
  readonly stack: string;
  readonly name: string;
  readonly instanceType: string;
  readonly spot: boolean;
  readonly desired: number;
  readonly min: number;
  readonly max: number;
  /** Undefined when the instance type is not in the catalog. */
  readonly vcpu?: number;
  readonly memoryGiB?: number;
  readonly gpusPerNode: number;
  readonly gpuModel?: string;
  /** Nominal memory per GPU, GB. */
  readonly gpuMemoryGb: number;
  readonly service?: string;
  /** GPU the config asked for when the pool runs its EC2 substitute. */
  readonly substituteFor?: string;
}

/** Node groups of one synthesized stack (none unless it is a `<env>-<region>-cluster` stack). */
export function nodeGroupsOfStack(stack: string, json: TerraformJson): NodeGroupRow[] {
  const { environment, region, layer } = parseStackName(stack);
  if (layer !== 'cluster') return [];
  const groups = json.resource?.aws_eks_node_group ?? {};
  return Object.values(groups).map((raw) => {
    const g = raw as {
      instance_types?: string[]; capacity_type?: string; labels?: Record<string, string>;
      scaling_config?: ScalingJson | ScalingJson[]; node_group_name_prefix?: string; node_group_name?: string;
    };
    const scaling = Array.isArray(g.scaling_config) ? g.scaling_config[0] : g.scaling_config;
    const labels = g.labels ?? {};
    const instanceType = g.instance_types?.[0] ?? '?';
    const spec = INSTANCE_TYPES[instanceType];
    const gpuModel = spec?.gpuModel ?? labels[NODE_LABELS.gpuModel];
    const gpusPerNode = spec?.gpus ?? Number(labels[NODE_LABELS.gpuCount] ?? 0);
    const gpuMemoryGb = gpuModel && gpuModel in GPU_MODEL_SPECS
      ? GPU_MODEL_SPECS[gpuModel as GpuModel].memoryGb
      : Number(labels[NODE_LABELS.gpuMemoryGb] ?? 0);
    return {
      environment,
      region,
      stack,
      name: labels[NODE_LABELS.nodeGroup] ?? (g.node_group_name ?? g.node_group_name_prefix ?? '?').replace(/-$/, ''),
      instanceType,
      spot: g.capacity_type === 'SPOT',
      desired: Number(scaling?.desired_size ?? 0),
      min: Number(scaling?.min_size ?? 0),
      max: Number(scaling?.max_size ?? 0),
      vcpu: spec?.vcpu,
      memoryGiB: spec?.memoryGiB,
      gpusPerNode,
      gpuModel: gpusPerNode > 0 ? gpuModel : undefined,
      gpuMemoryGb: gpusPerNode > 0 ? gpuMemoryGb : 0,
      service: labels[NODE_LABELS.service],
      substituteFor: labels[NODE_LABELS.gpuSubstituteFor],
    };
  });
}

interface ScalingJson {
  desired_size?: number;
  min_size?: number;
  max_size?: number;
}

/** Node groups of every cluster stack of a synthesized output, ordered by environment, stack, name. */
export function nodeGroupsOf(synth: TfSynth): NodeGroupRow[] {
  const rows: NodeGroupRow[] = [];
  for (const st of synth.stacks) {
    rows.push(...nodeGroupsOfStack(st.name, st.json));
  }
  return rows.sort(compareNodeGroups);
}

/** The summary's order: by environment and stack; per stack CPU groups, then GPU pools, each by name. */
export function compareNodeGroups(a: NodeGroupRow, b: NodeGroupRow): number {
  return a.environment.localeCompare(b.environment) || a.stack.localeCompare(b.stack) ||
    Number(a.gpusPerNode > 0) - Number(b.gpusPerNode > 0) || a.name.localeCompare(b.name);
}

/** Node groups of every cluster stack in `<outdir>/manifest.json`. */
export function readNodeGroups(outdir: string): NodeGroupRow[] {
  return nodeGroupsOf(readSynth(outdir));
}

/** A GPU model that was swapped for its EC2 equivalent, with the pools and GPUs concerned. */
export interface SubstitutionSummary {
  readonly requested: string;
  readonly substitute: string;
  readonly pools: readonly string[];
  readonly gpus: number;
}

/** GPU totals of a set of node groups (desired nodes at creation). */
export interface GpuTotals {
  readonly gpus: number;
  readonly gpuMemoryGb: number;
  readonly byModel: Readonly<Record<string, { readonly gpus: number; readonly gpuMemoryGb: number }>>;
  readonly substitutions: readonly SubstitutionSummary[];
}

export function gpuTotals(rows: readonly NodeGroupRow[]): GpuTotals {
  const byModel: Record<string, { gpus: number; gpuMemoryGb: number }> = {};
  const subs = new Map<string, { requested: string; substitute: string; pools: string[]; gpus: number }>();
  let gpus = 0;
  let memory = 0;
  for (const r of rows) {
    if (r.gpusPerNode === 0 || !r.gpuModel) continue;
    const n = r.desired * r.gpusPerNode;
    gpus += n;
    memory += n * r.gpuMemoryGb;
    const m = (byModel[r.gpuModel] ??= { gpus: 0, gpuMemoryGb: 0 });
    m.gpus += n;
    m.gpuMemoryGb += n * r.gpuMemoryGb;
    if (r.substituteFor) {
      const key = `${r.substituteFor}->${r.gpuModel}`;
      const s = subs.get(key) ?? { requested: r.substituteFor, substitute: r.gpuModel, pools: [], gpus: 0 };
      s.pools.push(`${r.region}/${r.name}`);
      s.gpus += n;
      subs.set(key, s);
    }
  }
  return { gpus, gpuMemoryGb: memory, byModel, substitutions: [...subs.values()] };
}

/** The node-group table, totals and GPU substitutions of every environment in `rows`. */
export function formatNodeSummary(rows: readonly NodeGroupRow[]): string {
  const out: string[] = [];
  const envs = [...new Set(rows.map((r) => r.environment))];
  for (const env of envs) {
    const envRows = rows.filter((r) => r.environment === env);
    out.push(`Node groups of ${env} (nodes = desired at creation, min-max in brackets; GPU memory in nominal GB):`);
    const header = ['region', 'node group', 'instance', 'capacity', 'nodes', 'vCPU', 'mem GiB', 'GPUs', 'GPU model', 'GPU mem GB', 'service'];
    const table: string[][] = [header];
    let vcpu = 0;
    let mem = 0;
    let nodes = 0;
    let unknown = false;
    for (const r of envRows) {
      const gpus = r.desired * r.gpusPerNode;
      nodes += r.desired;
      if (r.vcpu === undefined || r.memoryGiB === undefined) unknown = true;
      vcpu += (r.vcpu ?? 0) * r.desired;
      mem += (r.memoryGiB ?? 0) * r.desired;
      table.push([
        r.region, r.name, r.instanceType, r.spot ? 'spot' : 'on-demand', `${r.desired} (${r.min}-${r.max})`,
        r.vcpu === undefined ? '?' : String(r.vcpu * r.desired),
        r.memoryGiB === undefined ? '?' : String(r.memoryGiB * r.desired),
        String(gpus),
        r.gpuModel ? (r.substituteFor ? `${r.gpuModel} (for ${r.substituteFor})` : r.gpuModel) : '-',
        String(gpus * r.gpuMemoryGb),
        r.service ?? '-',
      ]);
    }
    const totals = gpuTotals(envRows);
    table.push(['total', '', '', '', String(nodes), `${vcpu}${unknown ? '+?' : ''}`, `${mem}${unknown ? '+?' : ''}`, String(totals.gpus), '', String(totals.gpuMemoryGb), '']);
    out.push(...alignColumns(table, new Set([4, 5, 6, 7, 9])));
    const models = Object.entries(totals.byModel).map(([m, t]) => `${m} ${t.gpus} (${t.gpuMemoryGb} GB)`).join(', ');
    out.push(`GPU totals of ${env}: ${totals.gpus} GPUs, ${totals.gpuMemoryGb} GB GPU memory${models ? ` - ${models}` : ''}`);
    const owned = gpuTotals(envRows.filter((r) => r.service !== undefined));
    if (owned.gpus > 0) out.push(`  of which pools owned by a service: ${owned.gpus} GPUs, ${owned.gpuMemoryGb} GB`);
    if (totals.substitutions.length > 0) {
      out.push(`GPU substitutions of ${env} (GPUs not sold on EC2 -> EC2 equivalent):`);
      for (const s of totals.substitutions) out.push(`  ${s.requested} -> ${s.substitute}: ${s.gpus} GPUs in ${s.pools.join(', ')}`);
    } else {
      out.push(`GPU substitutions of ${env}: none`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

function alignColumns(table: readonly string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  return table.map((row) => row.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

/** What the platform add-ons request on a region's system node group (the platform stack's output). */
export interface AddonCapacityRow {
  readonly environment: string;
  readonly region: string;
  readonly nodeGroup: string;
  readonly instanceType: string;
  readonly nodes: number;
  readonly requested: { readonly cpuMillis: number; readonly memoryMiB: number };
  readonly allocatable: { readonly cpuMillis: number; readonly memoryMiB: number };
}

/** The `system-node-group-requests` output of every `<env>-<region>-platform` stack. */
export function addonCapacityOf(synth: TfSynth): AddonCapacityRow[] {
  const rows: AddonCapacityRow[] = [];
  for (const st of synth.stacks) {
    const { environment, region, layer } = parseStackName(st.name);
    if (layer !== 'platform') continue;
    const outputs = (st.json as { output?: Record<string, { value?: unknown }> }).output ?? {};
    const v = outputs['system-node-group-requests']?.value as Omit<AddonCapacityRow, 'environment' | 'region'> | undefined;
    if (v) rows.push({ environment, region, ...v });
  }
  return rows;
}

/** One line per platform stack: requested vs allocatable CPU and memory on the system node group. */
export function formatAddonCapacity(rows: readonly AddonCapacityRow[]): string {
  const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;
  return ['Platform add-on requests on the system node group (requests vs allocatable):', ...rows.map((r) =>
    `  ${r.environment} ${r.region} ${r.nodeGroup} (${r.nodes} x ${r.instanceType}): CPU ${r.requested.cpuMillis}m of ${r.allocatable.cpuMillis}m (${pct(r.requested.cpuMillis, r.allocatable.cpuMillis)}), memory ${r.requested.memoryMiB}Mi of ${r.allocatable.memoryMiB}Mi (${pct(r.requested.memoryMiB, r.allocatable.memoryMiB)})`)].join('\n');
}
