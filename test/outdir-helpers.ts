import { spawn, SpawnOptions } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

export const ROOT = path.resolve(__dirname, '..');
/**
 * tsx as a loader in one process (`node --import tsx script.ts`): the `tsx` command runs the script in a
 * child process, so killing it would leave the script running.
 */
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Runs a TypeScript file in this Node, as one process. */
function tsNode(script: string, args: readonly string[]): [string, string[]] {
  return [process.execPath, ['--import', TSX_LOADER, script, ...args]];
}
export const WRITER = path.join(ROOT, 'test', 'fixtures', 'outdir', 'writer.ts');

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

/** The app as `npm run synth -- <args>` runs it, in `cwd`, with environments from `envDir`. */
export function startApp(cwd: string, envDir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, extra: SpawnOptions = {}): Started {
  return start(...tsNode(path.join(ROOT, 'main.ts'), args), {
    cwd,
    env: { ...process.env, PLATFORM_ENVIRONMENTS_DIR: envDir, CDKTF_OUTDIR: '', ...env },
    ...extra,
  });
}

/** The writer fixture: replaces `target` with `content`, SIGKILLing itself at `killAt`. */
export function startWriter(target: string, content: string, killAt = '', holdMs = 0, env: NodeJS.ProcessEnv = {}): Started {
  return start(...tsNode(WRITER, [target, content, killAt, String(holdMs)]), { env: { ...process.env, ...env } });
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
