/**
 * `npm run bench [-- --runs N] [-- --with-tests]`: synthesizes every environment N times and prints the
 * median wall time and peak memory next to the median cost of merely loading the modules the app
 * imports (the floor), and their ratio. Both run as plain `node` on the same compiled JavaScript, so
 * neither carries a TypeScript loader's start-up.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

interface Sample { readonly seconds: number; readonly maxRssMb: number }

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, rssFile: string): Sample {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return { seconds, maxRssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024 };
}

function main(): void {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ott-bench-'));
  try {
    const build = path.join(work, 'build');
    const tsc = spawnSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', path.join(ROOT, 'tsconfig.json'), '--outDir', build,
      '--noEmit', 'false', '--declaration', 'false', '--sourceMap', 'false'], { encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    // Files the compiled app reads beside its sources.
    fs.copyFileSync(path.join(ROOT, 'policy-suppressions.yaml'), path.join(build, 'policy-suppressions.yaml'));
    // Compiled output needs this project's node_modules: link them beside it.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'));
    const hook = path.join(work, 'rss-hook.js');
    fs.writeFileSync(hook, "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
    // The floor: require exactly the modules main.ts imports, and nothing more.
    const specifiers = [...fs.readFileSync(path.join(ROOT, 'main.ts'), 'utf8').matchAll(/^import .* from '(\.[^']+)';$/gm)].map((m) => m[1]);
    const floorScript = specifiers.map((s) => `require(${JSON.stringify(path.join(build, s))});`).join('');
    const env = { PLATFORM_ENVIRONMENTS_DIR: path.join(ROOT, 'environments'), CDKTF_OUTDIR: '' };
    const cwd = path.join(work, 'app');
    fs.mkdirSync(cwd);
    const floor: Sample[] = [];
    const synth: Sample[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const f = run(process.execPath, ['-r', hook, '-e', floorScript], cwd, env, path.join(work, 'rss'));
      const s = run(process.execPath, ['-r', hook, path.join(build, 'main.js'), '--all'], cwd, env, path.join(work, 'rss'));
      if (i > 0) { floor.push(f); synth.push(s); } // the first pair warms the file cache
    }
    const stacks = fs.readdirSync(path.join(cwd, 'cdktf.out', 'stacks')).length;
    const floorS = median(floor.map((x) => x.seconds));
    const synthS = median(synth.map((x) => x.seconds));
    console.log(`runs: ${runs} (after one warm-up), stacks synthesized per run: ${stacks}, node ${process.version}, ${os.cpus().length} CPUs`);
    console.log('                                median wall   peak RSS');
    console.log(`module-load floor               ${floorS.toFixed(3).padStart(8)} s  ${median(floor.map((x) => x.maxRssMb)).toFixed(0).padStart(6)} MB`);
    console.log(`synth all environments          ${synthS.toFixed(3).padStart(8)} s  ${median(synth.map((x) => x.maxRssMb)).toFixed(0).padStart(6)} MB`);
    console.log(`ratio synth / floor             ${(synthS / floorS).toFixed(2).padStart(8)}x`);
    if (argv.includes('--with-tests')) {
      const start = process.hrtime.bigint();
      const t = spawnSync(path.join(ROOT, 'node_modules/.bin/jest'), ['--silent'], { cwd: ROOT, encoding: 'utf8' });
      console.log(`jest (whole suite, once)        ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(3).padStart(8)} s  exit ${t.status}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
