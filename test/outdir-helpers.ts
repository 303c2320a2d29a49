import { spawn, spawnSync, SpawnOptions } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..');
/** The launcher `npm run synth` runs: the app compiled, one process (killing it kills the app). */
const LAUNCH = path.join(ROOT, 'cli', 'launch.js');
export const WRITER = path.join(ROOT, 'test', 'fixtures', 'outdir', 'writer.ts');

let launcherReady = false;
/** Brings the launcher's build up to date once per test file (a run as another user could not write it). */
function ensureLauncherBuilt(): void {
  if (launcherReady) return;
  const r = spawnSync(process.execPath, [LAUNCH, '--build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node cli/launch.js --build failed: ${r.stderr}`);
  launcherReady = true;
}

let writerBundle: string | undefined;
/**
 * The writer fixture compiled once per test file with esbuild (as the launcher compiles the app), so each
 * writer process is plain node (~50 ms to start) instead of node with the tsx loader, which compiled it
 * again in every process.
 */
function writerScript(): string {
  if (writerBundle) return writerBundle;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ott-writer-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'writer.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({ entryPoints: [WRITER], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
  writerBundle = out;
  return out;
}

/** A digest of every file under `dir` (relative names and contents); undefined when `dir` is missing. */
export function digest(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const hash = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name)).sort()) {
    hash.update(path.relative(dir, f)).update(fs.readFileSync(f));
  }
  return hash.digest('hex');
}

/** Siblings an interrupted write can leave beside `cdktf.out` (temporary and `-previous` directories, lock files). */
export function leftoversIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('.cdktf-out-') || f.startsWith('cdktf.out.lock')).sort();
}

export interface Run { readonly status: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string }

/** A started child process: its pid, a way to kill it, and its outcome. */
export interface Started { readonly pid: number; readonly done: Promise<Run>; kill(signal?: NodeJS.Signals): void }

/** Starts `cmd args` without waiting for it (so two can run at once, or one can be killed mid-way). */
export function start(cmd: string, args: readonly string[], options: SpawnOptions): Started {
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })));
  return { pid: child.pid as number, done, kill: (signal = 'SIGKILL') => child.kill(signal) };
}

/** The app as `npm run synth -- <args>` runs it (node cli/launch.js synth), in `cwd`, with environments from `envDir`. */
export function startApp(cwd: string, envDir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, extra: SpawnOptions = {}): Started {
  ensureLauncherBuilt();
  return start(process.execPath, [LAUNCH, 'synth', ...args], {
    cwd,
    env: { ...process.env, PLATFORM_ENVIRONMENTS_DIR: envDir, CDKTF_OUTDIR: '', ...env },
    ...extra,
  });
}

/** The writer fixture: replaces `target` with `content`, SIGKILLing itself at `killAt`. */
export function startWriter(target: string, content: string, killAt = '', holdMs = 0, env: NodeJS.ProcessEnv = {}): Started {
  return start(process.execPath, [writerScript(), target, content, killAt, String(holdMs)], { env: { ...process.env, ...env } });
}

/** Copies the checked-in environment files into `<dir>/environments` and returns that folder. */
export function copyEnvironments(dir: string): string {
  const envDir = path.join(dir, 'environments');
  fs.mkdirSync(envDir, { recursive: true });
  for (const f of ['dev.yaml', 'staging.yaml', 'production.yaml']) fs.copyFileSync(path.join(ROOT, 'environments', f), path.join(envDir, f));
  return envDir;
}

/** The one line a failed run printed, with no stack trace. */
export function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}
