import { readSynth, TfSynth } from './tfjson';

export type { TerraformJson } from './tfjson';

/** Counts of one synthesized stack. */
export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly outputs: number;
}

/** Counts what each stack of a synthesized output holds. */
export function summarizeStacks(synth: TfSynth): StackSummary[] {
  return synth.stacks.map((st) => ({
    name: st.name, resources: st.resources.length, dataSources: st.dataSources.length, outputs: Object.keys(st.json.output ?? {}).length,
  }));
}

/** Reads `<outdir>` and counts what each stack holds. */
export function summarizeOutdir(outdir: string): StackSummary[] {
  return summarizeStacks(readSynth(outdir));
}


/** A plain-text table of the stacks, for the terminal. */
export function formatStackTable(stacks: readonly StackSummary[]): string {
  const width = Math.max(5, ...stacks.map((s) => s.name.length));
  const lines = [`${'stack'.padEnd(width)}  resources  data  outputs`];
  for (const s of stacks) {
    lines.push(`${s.name.padEnd(width)}  ${String(s.resources).padStart(9)}  ${String(s.dataSources).padStart(4)}  ${String(s.outputs).padStart(7)}`);
  }
  const total = stacks.reduce((n, s) => n + s.resources, 0);
  lines.push(`${'total'.padEnd(width)}  ${String(total).padStart(9)}`);
  return lines.join('\n');
}
