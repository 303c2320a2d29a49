/** Helpers for tests over hand-written synthesized JSON (test/fixtures/**.tf.json). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stackFromJson, TfStack, TfSynth } from '../../tools/tfjson';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');
export const STACK_FIXTURES = path.join(FIXTURES, 'stacks');

/** A stack document: the JSON of one `cdk.tf.json`, named by its `//.metadata.stackName`. */
export interface StackDoc {
  readonly name: string;
  readonly json: Record<string, unknown>;
}

export function readStackDoc(file: string): StackDoc {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const name = (json['//'] as { metadata: { stackName: string } }).metadata.stackName;
  return { name, json };
}

/** The compliant production stacks under test/fixtures/stacks (data, two cluster regions, edge). */
export function compliantStackDocs(): StackDoc[] {
  return fs.readdirSync(STACK_FIXTURES).filter((f) => f.endsWith('.tf.json')).sort().map((f) => readStackDoc(path.join(STACK_FIXTURES, f)));
}

export function toStack(doc: StackDoc): TfStack {
  return stackFromJson(doc.name, doc.json as TfStack['json']);
}

export function toSynth(docs: readonly StackDoc[]): TfSynth {
  return { outdir: '(fixture)', stacks: docs.map(toStack) };
}

/** A deep copy, for tests that edit a fixture. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Writes the docs as a cdktf output directory (manifest.json + stacks/<name>/cdk.tf.json). */
export function writeOutdir(dir: string, docs: readonly StackDoc[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const stacks: Record<string, unknown> = {};
  for (const d of docs) {
    const rel = `stacks/${d.name}/cdk.tf.json`;
    fs.mkdirSync(path.join(dir, 'stacks', d.name), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), JSON.stringify(d.json, null, 2));
    stacks[d.name] = { name: d.name, constructPath: d.name, synthesizedStackPath: rel, workingDirectory: `stacks/${d.name}`, annotations: [], dependencies: [] };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ stacks, version: '0.21.0' }, null, 2));
  return dir;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}
