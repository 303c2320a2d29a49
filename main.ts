// The app: load environment(s) -> build their stacks -> synthesize -> policy pack (tools/policy).
// `npm run synth -- [env ...|--all]`; PLATFORM_POLICY=report turns policy failures into a printed report.
import { isUserError } from './constructs/core/errors';
import { ENVIRONMENTS_DIR, loadAllEnvironments, loadEnvironment } from './environments/load';
import { synthesizeEnvironments } from './stacks/app';
import { writeDirAtomically } from './tools/outdir';
import { addonCapacityOf, formatAddonCapacity, formatNodeSummary, nodeGroupsOf } from './tools/node-summary';
import { enforcePolicy, formatPolicyText } from './tools/policy/run';
import { parseSelection } from './tools/selection';
import { formatStackTable, summarizeStacks } from './tools/summary';
import { readSynth } from './tools/tfjson';

function main(): void {
  const started = process.hrtime.bigint();
  const selection = parseSelection(process.argv.slice(2), process.env.PLATFORM_ENV);
  // PLATFORM_ENVIRONMENTS_DIR points the app at another folder of YAML files (tests, forks).
  const dir = process.env.PLATFORM_ENVIRONMENTS_DIR ?? ENVIRONMENTS_DIR;
  const envs = selection.all ? loadAllEnvironments(dir) : selection.names.map((n) => loadEnvironment(n, dir));
  const synthOptions = { tokenTraces: process.env.PLATFORM_TOKEN_TRACES === '1' };
  const cliOutdir = process.env.CDKTF_OUTDIR;
  if (cliOutdir) {
    // Run by the cdktf CLI, which owns its output directory. A failing policy still stops deploy.
    synthesizeEnvironments(envs, cliOutdir, synthOptions);
    console.log(formatPolicyText(enforcePolicy(cliOutdir, process.env.PLATFORM_POLICY)));
    return;
  }
  const outdir = 'cdktf.out';
  // The policy pack runs on the temporary directory before the swap: a failing production or staging
  // synth leaves cdktf.out exactly as it was.
  // The output is read once and shared by the policy pack and the summaries.
  const { synth, policy } = writeDirAtomically(outdir, (tmp) => {
    synthesizeEnvironments(envs, tmp, synthOptions);
    const output = readSynth(tmp);
    return { synth: output, policy: enforcePolicy(output, process.env.PLATFORM_POLICY) };
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`Synthesized ${envs.map((e) => e.name).join(', ')} into ${outdir}/ in ${seconds.toFixed(2)} s`);
  console.log(formatStackTable(summarizeStacks(synth)));
  const nodeGroups = nodeGroupsOf(synth);
  if (nodeGroups.length > 0) console.log(`\n${formatNodeSummary(nodeGroups)}`);
  const addonCapacity = addonCapacityOf(synth);
  if (addonCapacity.length > 0) console.log(`\n${formatAddonCapacity(addonCapacity)}`);
  console.log(`\n${formatPolicyText(policy)}`);
}

try {
  main();
} catch (err) {
  if (isUserError(err)) {
    console.error(`error: ${err.message}`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
