/**
 * `npm run policy -- [<outdir>] [--markdown <file>] [--json <file>] [--suppressions <file>]`
 *
 * Runs the policy pack over an already synthesized output (default `cdktf.out`), prints every finding
 * and exits 1 when a production or staging finding is not suppressed.
 */
import * as fs from 'fs';
import { isUserError } from '../../constructs/core/errors';
import { SynthReadError } from '../tfjson';
import { formatPolicyMarkdown, formatPolicyText, runPolicyOnOutdir } from './run';
import { loadSuppressions } from './suppressions';

const USAGE = 'usage: npm run policy -- [<outdir>] [--markdown <file>] [--json <file>] [--suppressions <file>]';

function main(argv: string[]): number {
  let outdir = 'cdktf.out';
  let markdown: string | undefined;
  let json: string | undefined;
  let suppressionsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value; ${USAGE}`);
      return v;
    };
    if (a === '--markdown') markdown = value();
    else if (a === '--json') json = value();
    else if (a === '--suppressions') suppressionsFile = value();
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}; ${USAGE}`);
    else outdir = a;
  }
  const report = runPolicyOnOutdir(outdir, { suppressions: loadSuppressions(suppressionsFile) });
  console.log(formatPolicyText(report));
  if (markdown) fs.writeFileSync(markdown, `${formatPolicyMarkdown(report)}\n`);
  if (json) fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return report.failed ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (isUserError(err) || err instanceof SynthReadError || (err instanceof Error && err.message.includes('usage:'))) {
    console.error(`error: ${(err as Error).message}`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
