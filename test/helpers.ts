import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { synthesizeEnvironments } from '../stacks/app';
import { EnvironmentConfig } from '../environments/schema';
import { loadEnvironment, parseEnvironment } from '../environments/load';
import { TerraformJson } from '../tools/summary';

/** A bare stack in eu-west-1 with an AWS provider, for construct tests. */
export function testStack(name = 'test'): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

/** A fresh temporary directory, removed by the caller with `fs.rmSync`. */
export function tempDir(prefix = 'ott-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Parses YAML text as if it were `environments/<name>.yaml`. */
export function envFromYaml(name: string, text: string): EnvironmentConfig {
  return parseEnvironment(text, path.join('environments', `${name}.yaml`));
}

/** Synthesized stacks of a real App (prepareStack applied: backends and cross-stack references present). */
export interface SynthResult {
  readonly outdir: string;
  readonly stacks: Record<string, TerraformJson>;
}

/** This jest run's folder of synthesized checked-in environments (test/global-setup.js); unset outside jest. */
const SYNTH_CACHE = process.env.OTT_TEST_SYNTH_CACHE;

/** Whether `env` is a checked-in environment exactly as environments/<name>.yaml loads (not edited, not built in code). */
function isCheckedIn(env: EnvironmentConfig): boolean {
  try {
    return isDeepStrictEqual(env, loadEnvironment(env.name));
  } catch {
    return false;
  }
}

/** How long a test file waits for another one that is synthesizing the same environment, before doing it itself. */
const CACHE_WAIT_MS = 120_000;

/** Blocks this worker for `ms` (the other worker is synthesizing what it needs). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The output of synthesizing the checked-in environment `env` alone, made by the first test file of the run
 * that asks for it. A file that asks while another one is making it waits for that one (the two workers used
 * to synthesize production side by side at the start of a run) instead of doing it too; after CACHE_WAIT_MS,
 * or when the other gave up (its lock is gone and there is no output), it synthesizes itself. Two that do
 * both: the first rename wins, the content is the same.
 */
function cachedOutdir(cache: string, env: EnvironmentConfig): string {
  const dir = path.join(cache, env.name);
  const done = () => fs.existsSync(path.join(dir, 'manifest.json'));
  if (done()) return dir;
  const lock = path.join(cache, `.${env.name}.lock`);
  let owner = false;
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    owner = true;
  } catch {
    const until = Date.now() + CACHE_WAIT_MS;
    while (!done() && fs.existsSync(lock) && Date.now() < until) sleep(50);
  }
  try {
    if (!done()) {
      const tmp = fs.mkdtempSync(path.join(cache, `.${env.name}-`));
      synthesizeEnvironments([env], tmp);
      try {
        fs.renameSync(tmp, dir);
      } catch {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
  } finally {
    if (owner) fs.rmSync(lock, { force: true });
  }
  return dir;
}

/**
 * Copies synthesized output folders into `outdir` as one output: their stacks, and one manifest listing all
 * of them in cdktf's (sorted) order. Environments are independent: the stacks of one App synthesizing several
 * are byte for byte those of one App per environment (test/synth-cache.test.ts).
 */
function mergeOutdirs(parts: readonly string[], outdir: string): void {
  for (const part of parts) fs.cpSync(part, outdir, { recursive: true });
  if (parts.length === 1) return;
  const manifests = parts.map((p) => JSON.parse(fs.readFileSync(path.join(p, 'manifest.json'), 'utf8')) as { version: string; stacks: Record<string, unknown> });
  const stacks = Object.fromEntries(manifests.flatMap((m) => Object.entries(m.stacks)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ stacks, version: manifests[0].version }, null, 2));
}

/**
 * Synthesizes whole environments the way main.ts does, into a temp dir, and reads every stack's JSON.
 * Under jest, a checked-in environment is synthesized once per run and copied (test/global-setup.js);
 * edited environments and environments built in code are synthesized here, every time.
 */
export function synthEnvironments(envs: readonly EnvironmentConfig[]): SynthResult {
  const outdir = tempDir('ott-synth-');
  const cache = SYNTH_CACHE;
  const cached = cache ? envs.filter(isCheckedIn) : [];
  if (!cache || cached.length === 0) {
    synthesizeEnvironments(envs, outdir);
  } else {
    const fresh = envs.filter((e) => !cached.includes(e));
    const freshDir = fresh.length > 0 ? tempDir('ott-synth-') : undefined;
    try {
      if (freshDir) synthesizeEnvironments(fresh, freshDir);
      mergeOutdirs([...cached.map((e) => cachedOutdir(cache, e)), ...(freshDir ? [freshDir] : [])], outdir);
    } finally {
      if (freshDir) fs.rmSync(freshDir, { recursive: true, force: true });
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const stacks: Record<string, TerraformJson> = {};
  for (const [name, s] of Object.entries(manifest.stacks)) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')) as TerraformJson;
  }
  return { outdir, stacks };
}

/** All resources of one type in a stack's JSON, by Terraform name. */
export function resourcesOf(stack: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}
