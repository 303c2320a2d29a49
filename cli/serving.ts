/**
 * `npm run serving-report -- <environment> [...]`: where every model of catalog/models.ts runs in an
 * environment, with the fit arithmetic (parameters x bytes per parameter + overhead vs the GPUs' memory),
 * replicas, latency target and its monthly cost share of the pool; then the capacity of the CPU node groups
 * hosting the services. Reads the resolved plan (environments + catalog), never the stacks; prices come
 * from tools/cost (on-demand, Spot pools with the cost model's Spot factor).
 */
import { ModelPlacement, poolUnits, ServingPlan } from '../catalog/serving-rules';
import { NodeGroupCapacity } from '../catalog/service-capacity';
import { BYTES_PER_PARAMETER } from '../catalog/models';
import { GPU_MODEL_SPECS } from '../constructs/cluster/gpu-catalog';
import { loadEnvironment } from '../environments/load';
import { planEnvironmentServing, serviceCapacities, workloadPlanInput } from '../plan/workloads';
import { spotFactor } from '../tools/cost/model';
import { priceTable, ResolvedPriceTable } from '../tools/cost/price-table';
import { HOURS_PER_MONTH } from '../tools/cost/prices';
import { UsageError } from '../tools/cli';

/** The serving plan and the service capacity of one environment. */
export interface ServingReport {
  readonly environment: string;
  readonly serving: ServingPlan;
  readonly capacity: readonly NodeGroupCapacity[];
}

export function servingReport(environment: string, dir?: string): ServingReport {
  const input = workloadPlanInput(loadEnvironment(environment, dir));
  const serving = planEnvironmentServing(input);
  return { environment, serving, capacity: serviceCapacities(input, serving) };
}

/** Monthly USD of `nodes` nodes of `instanceType` in `region` (Spot factor applied for Spot pools). */
function monthlyUsd(prices: ResolvedPriceTable, instanceType: string, region: string, nodes: number, spot: boolean): number {
  const row = prices.find('ec2', instanceType, region);
  if (!row) throw new UsageError(`no ec2 price for '${instanceType}' in ${region} in tools/cost/prices.ts`);
  return nodes * row.usd * HOURS_PER_MONTH * (spot ? spotFactor(instanceType, region).value : 1);
}

/** The model's monthly cost share: its units at min replicas / the pool's units at desired size x the pool's cost. */
export function costShareUsd(p: ModelPlacement, prices: ResolvedPriceTable = priceTable()): number {
  if (p.pool) {
    const units = poolUnits(p.pool, p.pool.desiredNodes);
    if (units === 0) return 0;
    return (monthlyUsd(prices, p.pool.instanceType, p.region, p.pool.desiredNodes, p.pool.spot) * p.unitsAtMin) / units;
  }
  if (p.nodeGroup && p.model.compute.kind === 'cpu' && p.nodeGroup.desiredNodes > 0) {
    const g = p.nodeGroup;
    return (monthlyUsd(prices, g.instanceType, p.region, g.desiredNodes, false) * p.minReplicas * p.model.compute.cpu) / (g.desiredNodes * g.vcpu);
  }
  return 0;
}

const fmt = (n: number, d = 1) => (Math.round(n * 10 ** d) / 10 ** d).toLocaleString('en-US');
const pad = (rows: string[][]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
};

/** The fit of one GPU placement in words: `109B params x 1 B (INT8) = 109 GB + 34 GB overhead = 143 GB <= 4 x L40S 48 GB = 192 GB (74%)`. */
export function fitLine(p: ModelPlacement): string {
  const m = p.model;
  if (!p.pool || m.compute.kind !== 'gpu' || !m.parameters || !m.precision) return '';
  const params = m.parameters.total / 1e9;
  const active = m.parameters.active ? ` (${fmt(m.parameters.active / 1e9)}B active)` : '';
  const unit = p.availableGb / m.compute.gpusPerReplica;
  const gpuLabel = unit === GPU_MODEL_SPECS[p.pool.gpuModel].memoryGb ? `${p.pool.gpuModel} ${unit} GB` : `${p.pool.gpuModel} share ${fmt(unit)} GB`;
  return `${m.id}: ${fmt(params, 3)}B params${active} x ${BYTES_PER_PARAMETER[m.precision]} B (${m.precision.toUpperCase()}) = ${fmt(p.weightsGb)} GB weights`
    + ` + ${fmt(p.neededGb - p.weightsGb)} GB overhead = ${fmt(p.neededGb)} GB <= ${m.compute.gpusPerReplica} x ${gpuLabel} = ${fmt(p.availableGb)} GB`
    + ` (${Math.round((100 * p.neededGb) / p.availableGb)}% used) on ${p.pool.instanceType}, pool ${p.pool.name}, ${p.region}`;
}

export function formatServingReport(r: ServingReport, prices: ResolvedPriceTable = priceTable()): string {
  const rows = [['model', 'serving', 'params', 'precision', 'region/pool', 'GPU', 'units/replica', 'GB needed/available', 'replicas', 'p99 ms', 'USD/month']];
  let total = 0;
  for (const p of r.serving.placements) {
    const m = p.model;
    const cost = costShareUsd(p, prices);
    total += cost;
    const gpu = m.compute.kind === 'gpu' ? `${m.compute.gpu}${m.compute.sharing === 'whole' ? '' : typeof m.compute.sharing === 'string' ? ' (sliced)' : ` (MIG ${m.compute.sharing.mig})`}` : 'CPU';
    rows.push([
      m.id, m.serving, m.parameters ? `${fmt(m.parameters.total / 1e9, 3)}B` : '-', m.precision?.toUpperCase() ?? '-',
      `${p.region}/${p.pool?.name ?? p.nodeGroup?.name}`, gpu,
      m.compute.kind === 'gpu' ? String(m.compute.gpusPerReplica) : `${m.compute.cpu} vCPU`,
      m.compute.kind === 'gpu' ? `${fmt(p.neededGb)}/${fmt(p.availableGb)}` : `${m.compute.memoryGb} GB RAM`,
      `${p.minReplicas}-${p.maxReplicas}`, m.p99LatencyMs !== undefined ? String(m.p99LatencyMs) : '-', fmt(cost, 0),
    ]);
  }
  const out = [`Serving plan of ${r.environment}: ${r.serving.placements.length} placements, cost share at min replicas ${fmt(total, 0)} USD/month`, ...pad(rows)];
  if (r.serving.notPlaced.length > 0) {
    out.push('', 'Not deployed in this environment:', ...r.serving.notPlaced.map((n) => `  ${n.model.id}: ${n.reason}`));
  }
  out.push('', 'GPU memory arithmetic (published total parameters):', ...r.serving.placements.map(fitLine).filter((l) => l).map((l) => `  ${l}`));
  if (r.capacity.length > 0) {
    out.push('', 'CPU node groups hosting services and CPU models (requests at min replicas, sidecars and add-ons included):');
    for (const c of r.capacity) {
      out.push(`  ${c.group.region}/${c.group.name}: ${c.requestedCpu} vCPU / ${c.requestedMemoryGiB} GiB requested; `
        + `${c.group.desiredNodes} x ${c.group.instanceType} offer ${c.usableCpu} vCPU / ${c.usableMemoryGiB} GiB (${c.perNode.cpu} vCPU, ${c.perNode.memoryGiB} GiB per node); needs ${c.nodesNeeded} nodes`);
    }
  }
  if (r.serving.issues.length > 0) out.push('', 'Problems:', ...r.serving.issues.map((i) => `  ${i.message}`));
  return out.join('\n');
}
