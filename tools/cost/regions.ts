/**
 * The per-region split and the per-phase totals of the cost report (issue 15 item 6, docs/regions-dr.md):
 * `npm run cost -- <env>` prints the split of the estimate by the region part of the stack names (global
 * stacks as `global`); `npm run cost -- <env> --phases` synthesizes the environment at phases 1-4 and prints
 * each phase's monthly total with its split (the synthesis is cli/phase-costs.ts: tools/ read JSON only).
 */
import { parseStackName } from '../tfjson';
import type { CostEstimate } from './model';
import { usd } from './report';

/** Monthly USD by region (`global` for `<env>-global-<layer>` stacks), in first-seen stack order. */
export function costByRegion(e: CostEstimate): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of e.lines) {
    const region = parseStackName(line.stack).region;
    out[region] = (out[region] ?? 0) + line.monthlyUsd;
  }
  return out;
}

/** `by region: eu-west-1 $1,234 (80.0%), ...`. */
export function formatRegionSplit(e: CostEstimate): string {
  const split = costByRegion(e);
  const parts = Object.entries(split).map(([r, v]) => `${r} ${usd(v)} (${e.monthlyUsd > 0 ? ((100 * v) / e.monthlyUsd).toFixed(1) : '0.0'}%)`);
  return `${e.environment} by region: ${parts.join(', ')}`;
}

/** One phase's total and split. */
export interface PhaseCost {
  readonly phase: number;
  readonly monthlyUsd: number;
  readonly byRegion: Readonly<Record<string, number>>;
}

/** Table of the phases' totals: one row per phase, one column per region seen in any phase. */
export function formatPhaseCosts(environment: string, phases: readonly PhaseCost[]): string {
  const regions = [...new Set(phases.flatMap((p) => Object.keys(p.byRegion)))];
  const header = ['phase', 'monthly total', ...regions];
  const rows = phases.map((p) => [String(p.phase), usd(p.monthlyUsd), ...regions.map((r) => (p.byRegion[r] === undefined ? '-' : usd(p.byRegion[r])))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`${environment}: monthly infrastructure estimate by phase (synthesized at each phase)`, line(header), ...rows.map(line)].join('\n');
}
