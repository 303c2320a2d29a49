/**
 * The synth entry point (`npm run synth -- [env ...|--all]`, and the cdktf CLI's app): load environment(s)
 * -> build their stacks -> synthesize -> policy pack (tools/policy) -> print the summaries.
 * PLATFORM_POLICY=report turns policy failures into a printed report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatWiringReport, renderServiceGraph } from '../catalog/wiring';
import { isUserError } from '../constructs/core/errors';
import { ENVIRONMENTS_DIR, loadAllEnvironments, loadEnvironment, loadEnvironmentFile } from '../environments/load';
import { synthesizeEnvironments } from '../stacks/app';
import { PhaseClock } from './phases';
import { addonCapacityOf, formatAddonCapacity, formatNodeSummary, nodeGroupsOf } from '../tools/node-summary';
import { writeDirAtomically } from '../tools/outdir';
import { enforcePolicy, formatPolicyText } from '../tools/policy/run';
import { parseSelection, splitFileArguments, SYNTH_USAGE, wantsHelp } from '../tools/selection';
import { formatStackTable, summarizeStacks } from '../tools/summary';
import { readSynth } from '../tools/tfjson';

/** Synthesizes what `argv` selects; returns the process exit code. */
export function synth(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  if (wantsHelp([...argv])) {
    console.log(SYNTH_USAGE);
    return 0;
  }
  // --file <path>: environment files outside the environments folder; alone, they replace the default.
  const { files, rest } = splitFileArguments(argv);
  const selection = files.length > 0 && rest.length === 0 ? { all: false as const, names: [] } : parseSelection(rest, env.PLATFORM_ENV);
  // PLATFORM_SYNTH_PHASES=1 prints where the time goes (cli/phases.ts) as one JSON line on stderr.
  const clock = env.PLATFORM_SYNTH_PHASES === '1' ? new PhaseClock() : undefined;
  const phase = <T>(name: string, fn: () => T): T => (clock ? clock.time(name, fn) : fn());
  const uninstrument = clock?.instrumentCdktf();
  // PLATFORM_ENVIRONMENTS_DIR points the app at another folder of YAML files (tests, forks).
  const dir = env.PLATFORM_ENVIRONMENTS_DIR ?? ENVIRONMENTS_DIR;
  const envs = phase('load + validate environments', () =>
    [...(selection.all ? loadAllEnvironments(dir) : selection.names.map((n) => loadEnvironment(n, dir))), ...files.map((f) => loadEnvironmentFile(path.resolve(f)))]);
  const synthOptions = { tokenTraces: env.PLATFORM_TOKEN_TRACES === '1' };
  const cliOutdir = env.CDKTF_OUTDIR;
  if (cliOutdir) {
    // Run by the cdktf CLI, which owns its output directory. A failing policy still stops deploy.
    synthesizeEnvironments(envs, cliOutdir, synthOptions);
    console.log(formatPolicyText(enforcePolicy(cliOutdir, env.PLATFORM_POLICY)));
    return 0;
  }
  const outdir = 'cdktf.out';
  // The policy pack runs on the temporary directory before the swap: a failing production or staging
  // synth leaves cdktf.out exactly as it was.
  // The output is read once and shared by the policy pack and the summaries.
  const { synth: output, policy } = phase('output directory swap', () => writeDirAtomically(outdir, (tmp) => {
    phase('build constructs + cdktf synth', () => synthesizeEnvironments(envs, tmp, synthOptions));
    // The wiring report and the Mermaid service graph, beside the stacks (catalog/wiring.ts).
    fs.writeFileSync(path.join(tmp, 'service-graph.mmd'), renderServiceGraph());
    fs.writeFileSync(path.join(tmp, 'wiring-report.txt'), formatWiringReport());
    const read = phase('read synthesized JSON', () => readSynth(tmp));
    return { synth: read, policy: phase('policy pack', () => enforcePolicy(read, env.PLATFORM_POLICY)) };
  }));
  const seconds = performance.now() / 1000; // since this process started: module loading, load, synth, policy, swap
  console.log(`Synthesized ${envs.map((e) => e.name).join(', ')} into ${outdir}/ in ${seconds.toFixed(2)} s (since the process started)`);
  phase('summaries', () => {
    console.log(formatStackTable(summarizeStacks(output)));
    const nodeGroups = nodeGroupsOf(output);
    if (nodeGroups.length > 0) console.log(`\n${formatNodeSummary(nodeGroups)}`);
    const addonCapacity = addonCapacityOf(output);
    if (addonCapacity.length > 0) console.log(`\n${formatAddonCapacity(addonCapacity)}`);
    console.log(`\n${formatPolicyText(policy)}`);
  });
  uninstrument?.();
  if (clock) console.error(`synth phases (ms): ${JSON.stringify(clock)}`);
  return 0;
}

/**
 * Runs `synth` and sets the exit code: a mistake in the arguments or the configuration is one line on
 * stderr and exit 1; anything else is a bug and keeps its stack trace.
 */
export function runSynth(argv: readonly string[]): void {
  try {
    process.exitCode = synth(argv);
  } catch (err) {
    if (!isUserError(err)) throw err;
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
  }
}
