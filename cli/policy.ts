#!/usr/bin/env node
/**
 * `npm run policy -- [<outdir>] [--markdown <file>] [--json <file>] [--suppressions <file>]`
 *
 * Runs the policy pack over an already synthesized output (default `cdktf.out`), prints every finding
 * and exits 1 when a production or staging finding is not suppressed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseCommandLine, runTool, UsageError } from '../tools/cli';
import { formatPolicyMarkdown, formatPolicyText, runPolicyOnOutdir } from '../tools/policy/run';
import { loadSuppressions } from '../tools/policy/suppressions';

const USAGE = 'usage: npm run policy -- [<outdir>] [--markdown <file>] [--json <file>] [--suppressions <file>]';

function main(argv: string[]): number {
  const { values, positionals } = parseCommandLine(argv, {
    markdown: { type: 'string' }, json: { type: 'string' }, suppressions: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('give at most one output directory', USAGE);
  const outdir = positionals[0] ?? 'cdktf.out';
  const { markdown, json, suppressions: suppressionsFile } = values;
  // Default: ./policy-suppressions.yaml of the project being checked, else this package's own list.
  const local = path.resolve('policy-suppressions.yaml');
  const report = runPolicyOnOutdir(outdir, { suppressions: loadSuppressions(suppressionsFile ?? (fs.existsSync(local) ? local : undefined)) });
  console.log(formatPolicyText(report));
  if (markdown) fs.writeFileSync(markdown, `${formatPolicyMarkdown(report)}\n`);
  if (json) fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return report.failed ? 1 : 0;
}

runTool(main);
