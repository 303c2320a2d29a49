/**
 * `npx tsx tools/deploy-order.ts <outdir> <environment>`: the environment's synthesized stacks grouped
 * by layer, in deployment order (network, data, cluster, platform, analytics, workloads, edge), one line per layer:
 * `<layer> <stack> [<stack> ...]`. Layers without stacks are left out. Used by the deploy workflow.
 */
import { LAYERS } from '../stacks/naming';
import { readSynth } from './tfjson';

export function deployOrder(outdir: string, environment: string): { layer: string; stacks: string[] }[] {
  const stacks = readSynth(outdir).stacks.filter((s) => s.environment === environment);
  const unknown = stacks.filter((s) => !(LAYERS as readonly string[]).includes(s.layer));
  if (unknown.length) throw new Error(`stacks with no known layer: ${unknown.map((s) => s.name).join(', ')} (layers: ${LAYERS.join(', ')})`);
  return LAYERS.map((layer) => ({ layer, stacks: stacks.filter((s) => s.layer === layer).map((s) => s.name) })).filter((g) => g.stacks.length > 0);
}

if (require.main === module) {
  const [outdir, environment] = process.argv.slice(2);
  if (!outdir || !environment) {
    console.error('usage: tsx tools/deploy-order.ts <outdir> <environment>');
    process.exit(2);
  }
  const order = deployOrder(outdir, environment);
  if (order.length === 0) {
    console.error(`error: ${outdir} holds no stack of environment ${environment}`);
    process.exit(1);
  }
  for (const g of order) console.log(`${g.layer} ${g.stacks.join(' ')}`);
}
