/**
 * `npm run runbook -- <environment> [--phase <1-4>] [--file <environment.yaml>] [--out <file.md>]`: the promotion
 * runbook of tools/runbook.ts, printed (or written to --out). --phase plans the environment at another growth phase.
 */
import * as fs from 'fs';
import { loadEnvironment, loadEnvironmentFile } from '../environments/load';
import type { Phase } from '../environments/cluster-schema';
import { parseCommandLine, runTool, UsageError } from '../tools/cli';
import { renderRunbook } from '../tools/runbook';

const USAGE = 'usage: npm run runbook -- <environment> | --file <environment.yaml> [--phase <1-4>] [--out <file.md>]';

function main(argv: string[]): number {
  const { values, positionals } = parseCommandLine(argv, { phase: { type: 'string' }, file: { type: 'string' }, out: { type: 'string' } }, USAGE);
  if (positionals.length + (values.file ? 1 : 0) !== 1) throw new UsageError('name one environment, or one --file', USAGE);
  const phase = values.phase === undefined ? undefined : Number(values.phase);
  if (phase !== undefined && ![1, 2, 3, 4].includes(phase)) throw new UsageError(`--phase '${values.phase}' must be one of 1, 2, 3, 4`, USAGE);
  const options = phase === undefined ? {} : { phase: phase as Phase };
  const env = values.file ? loadEnvironmentFile(values.file, undefined, options) : loadEnvironment(positionals[0], undefined, options);
  if (!env.recovery) throw new UsageError(`${env.name} declares no recovery objectives (recovery:); there is no runbook to generate`, USAGE);
  const text = renderRunbook(env);
  if (values.out) fs.writeFileSync(values.out, text);
  else process.stdout.write(text);
  return 0;
}

runTool(main);
