/**
 * The synth entry point (`npm run synth -- [env ...|--all]`, and the cdktf CLI's app): load environment(s)
 * -> per environment: build its stacks, synthesize, policy pack (tools/policy), summary rows -> print.
 * PLATFORM_POLICY=report turns policy failures into a printed report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatWiringReport, renderServiceGraph } from '../catalog/wiring';
import { isUserError } from '../constructs/core/errors';
import { ENVIRONMENTS_DIR, loadAllEnvironments, loadEnvironment, loadEnvironmentFile } from '../environments/load';
import { SynthesizedStack, synthesizeStreaming } from '../stacks/app';
import { collectIfAbove } from './memory';
import { PhaseClock } from './phases';
import {
  AddonCapacityRow, addonCapacityOf, compareNodeGroups, formatAddonCapacity, formatNodeSummary, NodeGroupRow, nodeGroupsOf,
} from '../tools/node-summary';
import { writeDirAtomically } from '../tools/outdir';
import { enforcePolicy, formatPolicyText, PolicyRun } from '../tools/policy/run';
import { parseSelection, splitFileArguments, SYNTH_USAGE, wantsHelp } from '../tools/selection';
import { formatStackTable, StackSummary, summarizeStacks } from '../tools/summary';
import { stackFromJson, TfStack, TfSynth } from '../tools/tfjson';

/**
 * Heap in use above which synth collects garbage between two environments (cli/memory.ts): the live heap
 * of one environment being built is about 80 MB, and `npm run bench -- --environments 12` must stay
 * under 250 MB resident (issue 16).
 */
const HEAP_THRESHOLD_MB = 110;

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
  // Each environment is synthesized, checked by the policy pack and summarized, then let go before the
  // next one is built (stacks/app.ts synthesizeStreaming): memory holds one environment's stacks.
  const policy = new PolicyRun();
  const summaries = new SummaryRows();
  const synthesize = (outdir: string) => synthesizeStreaming(envs, outdir, synthOptions, (_env, documents) => {
    const part = phase('stack view', () => partOf(outdir, documents));
    phase('policy pack', () => policy.add(part));
    phase('summaries', () => summaries.add(part));
    phase('collect garbage', () => collectIfAbove(HEAP_THRESHOLD_MB));
  });
  const cliOutdir = env.CDKTF_OUTDIR;
  if (cliOutdir) {
    // Run by the cdktf CLI, which owns its output directory. A failing policy still stops deploy.
    synthesize(cliOutdir);
    console.log(formatPolicyText(enforcePolicy(policy, env.PLATFORM_POLICY)));
    return 0;
  }
  const outdir = 'cdktf.out';
  // The policy pack runs on the temporary directory before the swap: a failing production or staging
  // synth leaves cdktf.out exactly as it was.
  const report = phase('output directory swap', () => writeDirAtomically(outdir, (tmp) => {
    phase('build constructs + cdktf synth', () => synthesize(tmp));
    // The wiring report and the Mermaid service graph, beside the stacks (catalog/wiring.ts).
    fs.writeFileSync(path.join(tmp, 'service-graph.mmd'), renderServiceGraph());
    fs.writeFileSync(path.join(tmp, 'wiring-report.txt'), formatWiringReport());
    return enforcePolicy(policy, env.PLATFORM_POLICY);
  }));
  const seconds = performance.now() / 1000; // since this process started: module loading, load, synth, policy, swap
  console.log(`Synthesized ${envs.map((e) => e.name).join(', ')} into ${outdir}/ in ${seconds.toFixed(2)} s (since the process started)`);
  const { stacks, nodeGroups, addonCapacity } = summaries.rows();
  console.log(formatStackTable(stacks));
  if (nodeGroups.length > 0) console.log(`\n${formatNodeSummary(nodeGroups)}`);
  if (addonCapacity.length > 0) console.log(`\n${formatAddonCapacity(addonCapacity)}`);
  console.log(`\n${formatPolicyText(report)}`);
  uninstrument?.();
  if (clock) console.error(`synth phases (ms): ${JSON.stringify(clock)}`);
  return 0;
}

/** One environment's written stacks as the tools read them (tools/tfjson.ts), in name order as readSynth lists them. */
function partOf(outdir: string, documents: readonly SynthesizedStack[]): TfSynth {
  const stacks: TfStack[] = documents.map((d) => stackFromJson(d.name, d.json));
  stacks.sort((a, b) => a.name.localeCompare(b.name));
  return { outdir, stacks };
}

/**
 * The summary tables' rows, gathered one environment at a time: per stack its counts, node groups and
 * add-on capacity (small), in the order the tools give for the whole output read at once.
 */
class SummaryRows {
  private readonly perStack: { name: string; summary: StackSummary; nodeGroups: NodeGroupRow[]; addonCapacity: AddonCapacityRow[] }[] = [];

  public add(part: TfSynth): void {
    for (const stack of part.stacks) {
      const one: TfSynth = { outdir: part.outdir, stacks: [stack] };
      this.perStack.push({ name: stack.name, summary: summarizeStacks(one)[0], nodeGroups: nodeGroupsOf(one), addonCapacity: addonCapacityOf(one) });
    }
  }

  public rows(): { stacks: StackSummary[]; nodeGroups: NodeGroupRow[]; addonCapacity: AddonCapacityRow[] } {
    const ordered = [...this.perStack].sort((a, b) => a.name.localeCompare(b.name));
    return {
      stacks: ordered.map((s) => s.summary),
      nodeGroups: ordered.flatMap((s) => s.nodeGroups).sort(compareNodeGroups),
      addonCapacity: ordered.flatMap((s) => s.addonCapacity),
    };
  }
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
