/**
 * A synthesized environment's stacks grouped by layer, in the deployment order the caller gives (the app's
 * `LAYERS`, stacks/naming.ts: the command is cli/deploy-order.ts). Layers without stacks are left out.
 */
import { readSynth } from './tfjson';

export function deployOrder(outdir: string, environment: string, layers: readonly string[]): { layer: string; stacks: string[] }[] {
  const stacks = readSynth(outdir).stacks.filter((s) => s.environment === environment);
  const unknown = stacks.filter((s) => !layers.includes(s.layer));
  if (unknown.length) throw new Error(`stacks with no known layer: ${unknown.map((s) => s.name).join(', ')} (layers: ${layers.join(', ')})`);
  return layers.map((layer) => ({ layer, stacks: stacks.filter((s) => s.layer === layer).map((s) => s.name) })).filter((g) => g.stacks.length > 0);
}
