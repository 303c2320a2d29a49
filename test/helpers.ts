import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { synthesizeEnvironments } from '../stacks/app';
import { EnvironmentConfig } from '../environments/schema';
import { parseEnvironment } from '../environments/load';
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

/**
 * The cache key of an environment: its name and a hash of its whole configuration with sorted keys, so every
 * test file that synthesizes the same configuration (a checked-in environment, or the same edit of one, e.g.
 * production at phase 4) shares one synth per run. The output depends on nothing else: the catalogs are the
 * checked-in ones and the app reads no environment variable.
 */
export function synthCacheKey(env: EnvironmentConfig): string {
  const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v);
  return `${env.name}-${crypto.createHash('sha256').update(JSON.stringify(sorted(env))).digest('hex').slice(0, 16)}`;
}

/** How long a test file waits for another one that is synthesizing the same environment, before doing it itself. */
const CACHE_WAIT_MS = 120_000;

/** Blocks this worker for `ms` (the other worker is synthesizing what it needs). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The output of synthesizing the environment `env` alone, made by the first test file of the run
 * that asks for it. A file that asks while another one is making it waits for that one (the two workers used
 * to synthesize production side by side at the start of a run) instead of doing it too; after CACHE_WAIT_MS,
 * or when the other gave up (its lock is gone and there is no output), it synthesizes itself. Two that do
 * both: the first rename wins, the content is the same.
 */
function cachedOutdir(cache: string, env: EnvironmentConfig): string {
  const key = synthCacheKey(env);
  const dir = path.join(cache, key);
  const done = () => fs.existsSync(path.join(dir, 'manifest.json'));
  if (done()) return dir;
  const lock = path.join(cache, `.${key}.lock`);
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
      const tmp = fs.mkdtempSync(path.join(cache, `.${key}-`));
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
 * Under jest, each distinct environment configuration (checked-in, edited or built in code) is synthesized
 * once per run and copied (test/global-setup.js, synthCacheKey).
 */
export function synthEnvironments(envs: readonly EnvironmentConfig[]): SynthResult {
  const outdir = tempDir('ott-synth-');
  const cache = SYNTH_CACHE;
  if (cache) mergeOutdirs(envs.map((e) => cachedOutdir(cache, e)), outdir);
  else synthesizeEnvironments(envs, outdir);
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
