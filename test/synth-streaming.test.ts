import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { loadEnvironment } from '../environments/load';
import { SynthesizedStack, synthesizeStreaming, withoutTokenTraces } from '../stacks/app';
import { buildEnvironment } from '../stacks/environment';
import { releaseTokensSince, tokenMark } from '../stacks/token-release';
import { PolicyRun, runPolicy } from '../tools/policy/run';
import { readSynth, stackFromJson } from '../tools/tfjson';
import { tempDir } from './helpers';

// cdktf's own stack synthesizer (json-stable-stringify), for the reference output.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StackSynthesizer } = require('cdktf/lib/synthesize/synthesizer') as { StackSynthesizer: new (s: TerraformStack) => TerraformStack['synthesizer'] };

/** Every file under `dir`, relative path -> content. */
function files(dir: string): Map<string, string> {
  return new Map(fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .map((f) => [path.relative(dir, f), fs.readFileSync(f, 'utf8')] as const)
    .sort(([a], [b]) => a.localeCompare(b)));
}

const ENVIRONMENTS = ['dev', 'production'];

describe('synth one environment at a time (stacks/app.ts synthesizeStreaming)', () => {
  let reference: string;
  let streamed: string;
  const handed: { env: string; stacks: readonly SynthesizedStack[] }[] = [];
  let tokensBefore = 0;
  let tokensAfter = 0;

  beforeAll(() => {
    const envs = ENVIRONMENTS.map((n) => loadEnvironment(n));
    // Reference: one App holding every environment, synthesized by cdktf alone (its prepareStack,
    // toTerraform and synthesizer: three resolve passes, json-stable-stringify).
    // Without cdktf's per-token stack traces, as synthesizeStreaming runs: they never reach the output.
    reference = tempDir('streaming-ref-');
    const app = new App({ outdir: reference });
    withoutTokenTraces(() => {
      for (const env of envs) buildEnvironment(app, env);
      for (const stack of app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
        stack.prepareStack = () => TerraformStack.prototype.prepareStack.call(stack);
        stack.toTerraform = () => TerraformStack.prototype.toTerraform.call(stack);
        stack.synthesizer = new StackSynthesizer(stack);
      }
      app.synth();
    });

    streamed = tempDir('streaming-');
    const map = (globalThis as { __cdktfTokenMap?: { stringTokenMap: Map<string, unknown> } }).__cdktfTokenMap;
    tokensBefore = map?.stringTokenMap.size ?? 0;
    synthesizeStreaming(envs, streamed, {}, (env, stacks) => handed.push({ env: env.name, stacks }));
    tokensAfter = map?.stringTokenMap.size ?? 0;
  });
  afterAll(() => {
    for (const d of [reference, streamed]) fs.rmSync(d, { recursive: true, force: true });
  });

  test('writes byte for byte what one cdktf App writes (every stack file and the merged manifest.json)', () => {
    const expected = files(reference);
    const actual = files(streamed);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    expect(actual.size).toBeGreaterThan(20);
    for (const [file, text] of expected) expect({ file, text: actual.get(file) }).toEqual({ file, text });
  });

  test('hands over each environment once, with documents equal to parsing the written files (key order included)', () => {
    expect(handed.map((h) => h.env)).toEqual(ENVIRONMENTS);
    for (const { stacks } of handed) {
      for (const s of stacks) {
        const written = fs.readFileSync(path.join(streamed, 'stacks', s.name, 'cdk.tf.json'), 'utf8');
        expect(JSON.stringify(s.json, null, 2)).toBe(JSON.stringify(JSON.parse(written), null, 2));
      }
    }
  });

  test("releases each environment's tokens, so its constructs can be collected", () => {
    expect(tokensAfter).toBe(tokensBefore);
    // Only tokens registered since the mark go.
    const map = (globalThis as unknown as { __cdktfTokenMap: { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> } }).__cdktfTokenMap;
    const mark = tokenMark();
    map.stringTokenMap.set(`TOKEN.${mark - 1}`, {});
    map.stringTokenMap.set(`TOKEN.${mark}`, {});
    map.numberTokenMap.set(mark, {});
    expect(releaseTokensSince(mark)).toBe(2);
    expect(map.stringTokenMap.has(`TOKEN.${mark - 1}`)).toBe(true);
    map.stringTokenMap.delete(`TOKEN.${mark - 1}`);
  });

  test('the policy pack over the environments one by one reports what it reports over the whole output', () => {
    const run = new PolicyRun();
    for (const { stacks } of handed) run.add({ outdir: streamed, stacks: stacks.map((s) => stackFromJson(s.name, s.json)) });
    expect(run.report()).toEqual(runPolicy(readSynth(streamed)));
    expect(run.report().findings.length).toBeGreaterThan(0);
  });
});
