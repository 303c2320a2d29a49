/** Per-phase cost of `npm run cost -- <env> --phases`: synthesizes an environment at each phase and estimates it. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Phase } from '../environments/cluster-schema';
import { loadEnvironment } from '../environments/load';
import type { EnvironmentConfig } from '../environments/schema';
import { readSynth } from '../tools/tfjson';
import { estimateCost } from '../tools/cost/model';
import { costByRegion, type PhaseCost } from '../tools/cost/regions';

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
