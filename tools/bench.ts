/**
 * `npm run bench [-- --runs N] [--environments N] [--phases]`: times what users run, `npm run synth -- --all`,
 * against the module-load floor, and prints peak memory.
 *
 * - The floor is `node` requiring cdktf, constructs and exactly the provider modules the app's own source
 *   imports (listed by the build from esbuild's metafile, .build/framework-imports.json): the cost no
 *   cdktf app importing those classes can avoid.
 * - The two commands run in turn (floor, synth, floor, synth ...) after one unmeasured pair; the ratio is
 *   the median of the per-pair ratios, so a machine that speeds up or slows down during the run (a shared
 *   one) moves both sides of a pair alike.
 * - Peak memory is the largest resident set of any node process of a run (npm's own included), read by a
 *   `--require` hook in each process; CPU is user + system summed over those processes.
 * - Nothing is recompiled per run: the entry points are built once (only when sources changed) by
 *   `node cli/launch.js --build`, exactly as `npm run synth` would.
 * - `--environments N` synthesizes N environments (copies of the checked-in ones under new names) instead of
 *   the checked-in folder, to check that peak memory stays under PEAK_LIMIT_MB at that size.
 * - `--phases` then runs synth with PLATFORM_SYNTH_PHASES=1 and prints the median CPU and wall time of each
 *   phase (cli/phases.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCommandLine, runTool, UsageError } from './cli';

const ROOT = path.resolve(__dirname, '..');
const USAGE = 'usage: npm run bench -- [--runs N] [--environments N] [--phases]';
/** Issue 16: synthesizing 12 environments' worth of stacks stays under this in every run. */
export const PEAK_LIMIT_MB = 250;

interface Run { readonly wall: number; readonly cpu: number; readonly peakMb: number; readonly output: string }

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median of the ratios a[i] / b[i] of paired runs. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error('pairedRatio needs two lists of the same non-zero length');
  return median(a.map((x, i) => x / b[i]));
}

/** Runs a command with a hook in every node process that records its CPU time and peak RSS. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, work: string): Run {
  const usage = path.join(work, `usage-${process.hrtime.bigint()}`);
  const hook = path.join(work, 'usage-hook.js');
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usage, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${hook}`.trim() },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  const rows = fs.readFileSync(usage, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
  fs.rmSync(usage, { force: true });
  return {
    wall,
    cpu: rows.reduce((n, [user, system]) => n + (user + system) / 1e6, 0),
    peakMb: Math.max(...rows.map(([, , rssKb]) => rssKb / 1024)),
    output: `${r.stdout}${r.stderr}`,
  };
}

/** Writes `count` environment files into `dir`: the checked-in ones, then copies of them under new names. */
export function writeEnvironments(dir: string, count: number): string[] {
  const sources = fs.readdirSync(path.join(ROOT, 'environments')).filter((f) => f.endsWith('.yaml')).sort();
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = sources[i % sources.length].replace(/\.yaml$/, '');
    const name = i < sources.length ? base : `${base}-${Math.floor(i / sources.length) + 1}`;
    const text = fs.readFileSync(path.join(ROOT, 'environments', `${base}.yaml`), 'utf8');
    fs.writeFileSync(path.join(dir, `${name}.yaml`), text.replace(new RegExp(`^name: ${base}$`, 'm'), `name: ${name}`));
    names.push(name);
  }
  return names;
}

function main(argv: string[]): number {
  const { values } = parseCommandLine(argv, {
    runs: { type: 'string', default: '5' }, environments: { type: 'string' }, phases: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new UsageError('--runs takes a whole number from 1 to 50', USAGE);
  const envCount = values.environments === undefined ? undefined : Number(values.environments);
  if (envCount !== undefined && (!Number.isInteger(envCount) || envCount < 1 || envCount > 50)) throw new UsageError('--environments takes a whole number from 1 to 50', USAGE);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ott-bench-'));
  try {
    fs.writeFileSync(path.join(work, 'usage-hook.js'), [
      "process.on('exit', () => {",
      '  const u = process.resourceUsage();',
      "  require('fs').appendFileSync(process.env.BENCH_USAGE_FILE, `${u.userCPUTime} ${u.systemCPUTime} ${u.maxRSS}\\n`);",
      '});',
    ].join('\n'));
    const env: NodeJS.ProcessEnv = { CDKTF_OUTDIR: '' };
    if (envCount !== undefined) {
      const dir = path.join(work, 'environments');
      fs.mkdirSync(dir);
      writeEnvironments(dir, envCount);
      env.PLATFORM_ENVIRONMENTS_DIR = dir;
    }
    // Build once if sources changed (what the first `npm run synth` after an edit does), not per run.
    const build = spawnSync(process.execPath, [path.join(ROOT, 'cli', 'launch.js'), '--build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`building the entry points failed:\n${build.stderr}`);
    const modules = (JSON.parse(fs.readFileSync(path.join(ROOT, '.build', 'framework-imports.json'), 'utf8')) as { synth: string[] }).synth;
    const floorScript = modules.map((m) => `require(${JSON.stringify(m)});`).join('\n');

    const floor: Run[] = [];
    const synth: Run[] = [];
    for (let i = 0; i <= runs; i++) {
      const f = timed(process.execPath, ['-e', floorScript], {}, work);
      const s = timed('npm', ['run', 'synth', '--', '--all'], env, work);
      if (i > 0) { floor.push(f); synth.push(s); } // the first pair warms the file cache and the code cache
    }
    const stacks = fs.readdirSync(path.join(ROOT, 'cdktf.out', 'stacks')).length;
    const envs = /Synthesized (.*) into/.exec(synth[synth.length - 1].output)?.[1].split(', ').length ?? 0;
    const row = (label: string, xs: Run[]) =>
      `${label.padEnd(34)}${median(xs.map((x) => x.wall)).toFixed(3).padStart(8)} s ${median(xs.map((x) => x.cpu)).toFixed(3).padStart(8)} s ${Math.max(...xs.map((x) => x.peakMb)).toFixed(0).padStart(7)} MB`;
    console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${runs} pairs after one warm-up pair`);
    console.log(`floor: node requiring cdktf, constructs and the ${modules.length - 2} provider modules the app imports`);
    console.log(`synth: npm run synth -- --all (${envs} environments, ${stacks} stacks)`);
    console.log(`${''.padEnd(34)}${'wall'.padStart(10)} ${'cpu'.padStart(10)} ${'peak'.padStart(10)}`);
    console.log(row('module-load floor (median)', floor));
    console.log(row('npm run synth -- --all (median)', synth));
    console.log(`ratio synth / floor, median of pairs: wall ${pairedRatio(synth.map((x) => x.wall), floor.map((x) => x.wall)).toFixed(2)}x, ` +
      `cpu ${pairedRatio(synth.map((x) => x.cpu), floor.map((x) => x.cpu)).toFixed(2)}x`);
    const peak = Math.max(...synth.map((x) => x.peakMb));
    console.log(`peak memory of synth in every run: ${synth.map((x) => x.peakMb.toFixed(0)).join(', ')} MB (limit ${PEAK_LIMIT_MB} MB: ${peak < PEAK_LIMIT_MB ? 'within' : 'OVER'})`);
    if (values.phases) printPhases(env, runs);
    return peak < PEAK_LIMIT_MB ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function printPhases(env: NodeJS.ProcessEnv, runs: number): void {
  const samples: Record<string, { wall: number; cpu: number }>[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'cli', 'launch.js'), 'synth', '--all'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env, PLATFORM_SYNTH_PHASES: '1' }, maxBuffer: 64 * 1024 * 1024,
    });
    const line = /synth phases \(ms\): (.*)/.exec(r.stderr)?.[1];
    if (r.status !== 0 || !line) throw new Error(`synth with PLATFORM_SYNTH_PHASES=1 failed:\n${r.stderr}`);
    samples.push(JSON.parse(line) as Record<string, { wall: number; cpu: number }>);
  }
  console.log(`\nphases of synth (median of ${runs} runs, ms; nested phases are part of the one above them)`);
  for (const phase of Object.keys(samples[0])) {
    const cpu = median(samples.map((s) => s[phase]?.cpu ?? 0));
    const wall = median(samples.map((s) => s[phase]?.wall ?? 0));
    console.log(`  ${phase.padEnd(40)} cpu ${String(Math.round(cpu)).padStart(6)}  wall ${String(Math.round(wall)).padStart(6)}`);
  }
}

if (require.main === module) runTool(main);
