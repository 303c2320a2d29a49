#!/usr/bin/env node
/**
 * `npm run cost -- <environment> [...] | --all [--outdir <dir>] [--details] [--markdown <file>] [--json <file>] [--phases]`
 * (--phases: synthesize each environment at phases 1-4 and print each phase's monthly total and per-region split)
 * `ott-cost --outdir <any cdktf output> [--all | <environment> ...]` (package bin) works without this project's YAML.
 * `npm run cost -- --prices` prints the resolved price table with each row's confidence and source.
 *
 * Without --outdir the environments are synthesized afresh into a temporary directory. Prints a
 * per-layer and per-resource-type table, the confidence mix, the budget check, and what is not
 * estimated. Exits 1 when a price is missing (naming type and region) or an environment is over budget;
 * above the budget's alert threshold it only warns.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BudgetConfig } from '../environments/budget-schema';
import { listEnvironments, loadEnvironment } from '../environments/load';
import { parseCommandLine, runTool, UsageError } from '../tools/cli';
import { readSynth } from '../tools/tfjson';
import { estimateCost, MissingPriceError } from '../tools/cost/model';
import { priceTable } from '../tools/cost/price-table';
import { HOURS_PER_MONTH, PRICE_SOURCES, PRICES_AS_OF } from '../tools/cost/prices';
import { LAYERS } from '../stacks/naming';
import { checkBudget, confidenceShares, formatCostMarkdown, formatCostText } from '../tools/cost/report';
import { formatPhaseCosts, formatRegionSplit } from '../tools/cost/regions';
import { phaseCosts } from './phase-costs';

const USAGE = 'usage: npm run cost -- <environment> [...] | --all [--outdir <dir>] [--details] [--markdown <file>] [--json <file>] [--phases] | --prices';

function main(argv: string[]): number {
  const { values, positionals: names } = parseCommandLine(argv, {
    all: { type: 'boolean' }, outdir: { type: 'string' }, details: { type: 'boolean' },
    markdown: { type: 'string' }, json: { type: 'string' }, prices: { type: 'boolean' }, phases: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.prices) {
    printPrices();
    return 0;
  }
  const { all, outdir, details, markdown, json } = values;
  if (values.phases) {
    if (outdir) throw new UsageError('--phases synthesizes each phase itself; it does not read --outdir', USAGE);
    const wantedPhases = all ? listEnvironments() : names;
    if (wantedPhases.length === 0) throw new UsageError('name an environment for --phases', USAGE);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synthesizeEnvironments } = require('../stacks/app') as typeof import('../stacks/app');
    for (const name of wantedPhases) console.log(`${formatPhaseCosts(name, phaseCosts(name, [1, 2, 3, 4], synthesizeEnvironments))}\n`);
    return 0;
  }
  // Over an existing output (--outdir) any cdktf app works: environments come from the stacks, budgets
  // from environments/<name>.yaml only where this project has one (a consumer's output has none).
  const known = listEnvironments();
  const preSynth = outdir ? readSynth(outdir) : undefined;
  const wanted = all ? (preSynth ? [...new Set(preSynth.stacks.map((s) => s.environment))].sort() : known) : names;
  const envs: { name: string; budget?: BudgetConfig }[] = wanted.map((n) => (known.includes(n) || !outdir ? loadEnvironment(n) : { name: n }));
  if (envs.length === 0) throw new UsageError(`name an environment (${known.join(', ') || 'as in the output\'s stack names'}) or --all`, USAGE);

  let dir = outdir;
  let tmp: string | undefined;
  if (!dir) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-synth-'));
    // Loaded only here: over an existing --outdir (the package bin in a consumer project) the tool needs
    // none of this project's stacks or their provider bindings.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synthesizeEnvironments } = require('../stacks/app') as typeof import('../stacks/app');
    synthesizeEnvironments(envs.map((e) => loadEnvironment(e.name)), tmp);
    dir = tmp;
  }
  try {
    const synth = preSynth ?? readSynth(dir);
    let exit = 0;
    const md: string[] = [];
    const results: unknown[] = [];
    for (const env of envs) {
      let estimate;
      try {
        estimate = estimateCost(synth, env.name);
      } catch (e) {
        if (!(e instanceof MissingPriceError)) throw e;
        console.error(`error: cannot estimate ${env.name}: ${e.message}`);
        exit = 1;
        continue;
      }
      if (estimate.stacks.length === 0) {
        console.error(`error: ${dir} holds no stack of environment ${env.name}`);
        exit = 1;
        continue;
      }
      const budget = checkBudget(estimate, env.budget);
      console.log(formatCostText(estimate, budget, { details, layerOrder: LAYERS }));
      console.log(formatRegionSplit(estimate));
      console.log('');
      if (budget.status === 'over') exit = 1;
      if (budget.status === 'alert') console.error(`warning: ${env.name}: ${budget.message}`);
      md.push(formatCostMarkdown(estimate, budget, { layerOrder: LAYERS }));
      results.push({ ...estimate, budget, confidenceShares: confidenceShares(estimate) });
    }
    if (markdown) fs.writeFileSync(markdown, `${md.join('\n\n')}\n`);
    if (json) fs.writeFileSync(json, `${JSON.stringify({ asOf: PRICES_AS_OF, hoursPerMonth: HOURS_PER_MONTH, environments: results }, null, 2)}\n`);
    return exit;
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function printPrices(): void {
  const table = priceTable();
  console.log(`Price table as of ${table.asOf} (USD; ec2/rds/elasticache/msk per hour, storage per GB-month, other per unit in its name)`);
  console.log(`eu-west-1/us-east-1 ratios: EC2 ${table.ratios.ec2.toFixed(4)}, P family ${table.ratios.pFamily.toFixed(4)}`);
  const counts = { verified: 0, derived: 0, estimate: 0 };
  for (const r of table.rows) {
    counts[r.confidence]++;
    console.log(`${r.service.padEnd(11)} ${r.key.padEnd(40)} ${r.region.padEnd(9)} ${String(r.usd).padStart(10)}  ${r.confidence.padEnd(8)} ${r.source}${r.derivation ? `: ${r.derivation}` : ''}`);
  }
  console.log(`\n${table.rows.length} rows: ${counts.verified} verified, ${counts.derived} derived, ${counts.estimate} estimate`);
  console.log('Sources:');
  for (const [id, text] of Object.entries(PRICE_SOURCES)) console.log(`  ${id}: ${text}`);
}

runTool(main);
