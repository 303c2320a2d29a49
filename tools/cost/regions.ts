/**
 * The per-region split and the per-phase totals of the cost report (issue 15 item 6, docs/regions-dr.md):
 * `npm run cost -- <env>` prints the split of the estimate by the region part of the stack names (global
 * stacks as `global`); `npm run cost -- <env> --phases` synthesizes the environment at phases 1-4 and prints
 * each phase's monthly total with its split.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Phase } from '../../environments/cluster-schema';
import { loadEnvironment } from '../../environments/load';
import type { EnvironmentConfig } from '../../environments/schema';
import { parseStackName, readSynth } from '../tfjson';
import { estimateCost, type CostEstimate } from './model';
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

/**
 * Synthesizes `name` at each of `phases` (environments/load.ts LoadOptions.phase: every rule runs at that
 * phase) into a temporary directory and estimates it. `synthesize` is stacks/app's synthesizeEnvironments,
 * passed in so that this module does not pull the stacks into tools that only read an output.
 */
export function phaseCosts(name: string, phases: readonly Phase[], synthesize: (envs: EnvironmentConfig[], outdir: string) => unknown): PhaseCost[] {
  return phases.map((phase) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cost-phase-${phase}-`));
    try {
      synthesize([loadEnvironment(name, undefined, { phase })], dir);
      const estimate = estimateCost(readSynth(dir), name);
      return { phase, monthlyUsd: estimate.monthlyUsd, byRegion: costByRegion(estimate) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
