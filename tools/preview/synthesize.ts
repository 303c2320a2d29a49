/**
 * Synthesizing a checkout for the preview: the working tree, or a git ref in a temporary `git worktree`
 * that borrows this checkout's node_modules through a symlink (no `npm ci`). Both run the checkout's own
 * `main.ts --all` in a child process with PLATFORM_POLICY=report, so a policy failure in either side
 * does not stop the comparison (the policy pack gates the pull request separately).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export class SynthesizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthesizeError';
  }
}

/** The project this tool belongs to (for its node_modules and tsx). */
const TOOL_ROOT = path.resolve(__dirname, '..', '..');

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new SynthesizeError(`git ${args.join(' ')} failed in ${cwd}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout.trim();
}

function tsxCli(): string {
  return require.resolve('tsx/cli', { paths: [TOOL_ROOT] });
}

/** Runs `main.ts --all` of `checkout`; the output goes to `outdir` (via CDKTF_OUTDIR) or `<checkout>/cdktf.out`. */
export function runSynth(checkout: string, outdir?: string): string {
  const env: NodeJS.ProcessEnv = { ...process.env, PLATFORM_POLICY: 'report' };
  delete env.CDKTF_OUTDIR;
  delete env.PLATFORM_ENV;
  if (outdir) env.CDKTF_OUTDIR = outdir;
  const r = spawnSync(process.execPath, [tsxCli(), 'main.ts', '--all'], { cwd: checkout, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new SynthesizeError(`synthesizing ${checkout} failed (exit ${r.status}):\n${(r.stderr || r.stdout).trim().split('\n').slice(-20).join('\n')}`);
  }
  const result = outdir ?? path.join(checkout, 'cdktf.out');
  if (!fs.existsSync(path.join(result, 'manifest.json'))) throw new SynthesizeError(`synthesizing ${checkout} wrote no ${path.join(result, 'manifest.json')}`);
  return result;
}

export interface SynthesizedRef {
  readonly outdir: string;
  /** `<ref> (<short sha>)`. */
  readonly label: string;
  cleanup(): void;
}

/** Checks `ref` out in a temporary worktree of the repository at `cwd` and synthesizes it. */
export function synthesizeRef(cwd: string, ref: string): SynthesizedRef {
  const repo = git(cwd, ['rev-parse', '--show-toplevel']);
  const sha = git(repo, ['rev-parse', '--verify', `${ref}^{commit}`]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-base-'));
  const worktree = path.join(dir, 'checkout');
  git(repo, ['worktree', 'add', '--detach', '--quiet', worktree, sha]);
  const cleanup = () => {
    spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: repo });
    fs.rmSync(dir, { recursive: true, force: true });
    spawnSync('git', ['worktree', 'prune'], { cwd: repo });
  };
  try {
    const modules = [path.join(repo, 'node_modules'), path.join(TOOL_ROOT, 'node_modules')].find((m) => fs.existsSync(m));
    if (modules && !fs.existsSync(path.join(worktree, 'node_modules'))) fs.symlinkSync(modules, path.join(worktree, 'node_modules'), 'dir');
    const outdir = runSynth(worktree);
    return { outdir, label: `${ref} (${sha.slice(0, 8)})`, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

/** Synthesizes the working tree at `cwd` into a fresh temporary directory. */
export function synthesizeWorkingTree(cwd: string): SynthesizedRef {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-head-'));
  try {
    const outdir = runSynth(cwd, path.join(dir, 'cdktf.out'));
    let label = 'working tree';
    const r = spawnSync('git', ['rev-parse', '--short=8', 'HEAD'], { cwd, encoding: 'utf8' });
    if (r.status === 0) label = `working tree (${r.stdout.trim()}${spawnSync('git', ['diff', '--quiet', 'HEAD'], { cwd }).status === 0 ? '' : '+changes'})`;
    return { outdir, label, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
