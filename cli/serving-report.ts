/** `npm run serving-report -- <environment> [...]`: the serving report of cli/serving.ts, printed. */
import { formatServingReport, servingReport } from './serving';
import { parseCommandLine, runTool, UsageError } from '../tools/cli';

const USAGE = 'usage: npm run serving-report -- <environment> [...]';

function main(argv: string[]): number {
  const { positionals } = parseCommandLine(argv, {}, USAGE);
  if (positionals.length === 0) throw new UsageError('name at least one environment', USAGE);
  console.log(positionals.map((e) => formatServingReport(servingReport(e))).join('\n\n'));
  return 0;
}

runTool(main);
