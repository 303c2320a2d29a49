/**
 * `npm run -s deploy-order -- <outdir> <environment>`: the environment's synthesized stacks grouped by
 * layer, in deployment order (stacks/naming.ts `LAYERS`), one line per layer: `<layer> <stack> [<stack> ...]`.
 * Used by the deploy workflow.
 */
import { LAYERS } from '../stacks/naming';
import { deployOrder } from '../tools/deploy-order';

function main(argv: string[]): number {
  const [outdir, environment] = argv;
  if (!outdir || !environment) {
    console.error('usage: npm run -s deploy-order -- <outdir> <environment>');
    return 2;
  }
  const order = deployOrder(outdir, environment, LAYERS);
  if (order.length === 0) {
    console.error(`error: ${outdir} holds no stack of environment ${environment}`);
    return 1;
  }
  for (const g of order) console.log(`${g.layer} ${g.stacks.join(' ')}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
