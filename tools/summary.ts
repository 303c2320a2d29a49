import * as fs from 'fs';
import * as path from 'path';

/** Counts of one synthesized stack. */
export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly outputs: number;
}

/** Reads `<outdir>/manifest.json` and every stack's JSON, and counts what each stack holds. */
export function summarizeOutdir(outdir: string): StackSummary[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, s]) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')) as TerraformJson;
    return { name, resources: countBlocks(json.resource), dataSources: countBlocks(json.data), outputs: Object.keys(json.output ?? {}).length };
  }).sort((a, b) => a.name.localeCompare(b.name));
}

/** The parts of a synthesized stack the tools read. */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown>;
}

function countBlocks(blocks: TerraformJson['resource']): number {
  return Object.values(blocks ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
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
