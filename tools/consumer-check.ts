// Proves the library works as a published package: packs it, installs the tarball into a temporary copy of
// every examples/<name>/ app (with the peers from the npm registry or cache), type-checks and synthesizes the
// app there, and asserts on the synthesized JSON. `npm run consumer:check [-- --keep]`.
//
// It also checks that the tarball holds only dist/ and the docs, and that the example's sources import the
// library only by package name (no relative path leaving the example, no deep path into the package).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { discoverEntries, importSpecifier, packageName, readPackageJson } from './library-layout';
import { summarizeOutdir, TerraformJson } from './summary';

/** What examples/<name>/consumer-check.json expects of the synthesized output. */
export interface ConsumerExpectations {
  readonly stacks: Record<string, {
    /** Minimum number of resources per type. */
    readonly resources?: Record<string, number>;
    readonly outputs?: readonly string[];
  }>;
}

export class ConsumerCheckError extends Error {}

export interface ConsumerCheckResult {
  readonly tarball: { readonly name: string; readonly size: number; readonly files: readonly string[] };
  readonly examples: readonly { readonly name: string; readonly stacks: number; readonly resources: number }[];
  /** Seconds per step. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Files a consumer needs; anything else in the tarball is a packaging mistake. */
const ALLOWED_IN_TARBALL = [/^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^LICENSE$/, /^dist\/.+\.(js|d\.ts|js\.map|d\.ts\.map|json)$/];

export function runConsumerCheck(root: string, options: { keep?: boolean; log?: (line: string) => void } = {}): ConsumerCheckResult {
  const log = options.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  const timed = <T>(step: string, fn: () => T): T => {
    const t = process.hrtime.bigint();
    try {
      return fn();
    } finally {
      timings[step] = (timings[step] ?? 0) + Number(process.hrtime.bigint() - t) / 1e9;
      log(`${step}: ${timings[step].toFixed(1)} s`);
    }
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ott-consumer-check-'));
  try {
    const pkg = readPackageJson(root);
    const name = packageName(root);
    const tarball = timed('npm pack (prepack builds dist/)', () => pack(root, work));
    const bins = Object.values((pkg as { bin?: Record<string, string> }).bin ?? {}).map((b) => b.replace(/^\.\//, ''));
    checkTarball(tarball.files, [...discoverEntries(root).map((e) => e.jsFile.slice(2)), ...bins]);

    const examplesDir = path.join(root, 'examples');
    const examples = fs.readdirSync(examplesDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(examplesDir, d.name, 'package.json')))
      .map((d) => d.name);
    if (examples.length === 0) throw new ConsumerCheckError(`no example under ${examplesDir}`);

    const results = examples.map((example) => {
      const source = path.join(examplesDir, example);
      const validSpecifiers = new Set(discoverEntries(root).map((e) => importSpecifier(name, e)));
      checkImports(source, name, validSpecifiers);
      const app = path.join(work, example);
      timed(`${example}: copy`, () => copyExample(source, app));
      const appPkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      const spec = appPkg.dependencies?.[name];
      if (!spec || spec.replace(/^[\^~]/, '') !== pkg.version) {
        throw new ConsumerCheckError(`examples/${example}/package.json must depend on ${name} at version ${String(pkg.version)} (found ${spec ?? 'nothing'})`);
      }
      appPkg.dependencies![name] = `file:${tarball.path}`;
      fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify(appPkg, null, 2)}\n`);
      timed(`${example}: npm install`, () => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error'], app));
      const tsc = path.join(app, 'node_modules', 'typescript', 'bin', 'tsc');
      timed(`${example}: tsc`, () => run(process.execPath, [tsc, '-p', 'tsconfig.json'], app));
      // Consumers still on classic resolution ignore `exports` and find subpaths through `typesVersions`.
      timed(`${example}: tsc (moduleResolution node10)`, () =>
        run(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit', '--module', 'commonjs', '--moduleResolution', 'node10'], app));
      const outdir = path.join(app, 'cdktf.out');
      timed(`${example}: synth`, () => run(process.execPath, [path.join('build', 'main.js')], app, { CDKTF_OUTDIR: outdir }));
      const expectations = JSON.parse(fs.readFileSync(path.join(source, 'consumer-check.json'), 'utf8')) as ConsumerExpectations;
      const summary = checkSynthesized(outdir, expectations, example);
      timed(`${example}: package bins over cdktf.out`, () => checkBins(app, outdir, Object.keys((pkg as { bin?: Record<string, string> }).bin ?? {})));
      return { name: example, ...summary };
    });
    return { tarball: { name: tarball.name, size: tarball.size, files: tarball.files }, examples: results, timings };
  } finally {
    if (options.keep) log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The gate a consumer gets from the package's `bin` entries (policy pack, plan preview, cost report),
 * run from the installed package over the example's own synthesized output: each must run and report.
 * Findings (exit 1) are the consumer's business; a crash or usage error (exit 2) fails the check.
 */
export function checkBins(app: string, outdir: string, bins: readonly string[]): void {
  const expected: Record<string, { args: string[]; output: RegExp }> = {
    'ott-policy': { args: [outdir], output: /^policy pack: \d+ rules over \d+ stacks/m },
    'ott-preview': { args: ['--base', outdir, '--head', outdir, '--format', 'summary', '--no-cost'], output: /^plan preview .*\n(.*\n)*\s+exit 0$/m },
    'ott-cost': { args: ['--outdir', outdir, '--all'], output: /^Monthly cost estimate for /m },
  };
  const missing = Object.keys(expected).filter((b) => !bins.includes(b));
  if (missing.length) throw new ConsumerCheckError(`package.json "bin" lacks ${missing.join(', ')}`);
  for (const [bin, { args, output }] of Object.entries(expected)) {
    const r = spawnSync(path.join(app, 'node_modules', '.bin', bin), args, { cwd: app, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw new ConsumerCheckError(`${bin} did not start in ${app}: ${r.error.message}`);
    if ((r.status !== 0 && r.status !== 1) || !output.test(r.stdout)) {
      throw new ConsumerCheckError(`${bin} ${args.join(' ')} (exit ${r.status}) did not report as expected:\n${(r.stdout + r.stderr).trim().split('\n').slice(-20).join('\n')}`);
    }
  }
}

function run(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new ConsumerCheckError(`\`${[path.basename(cmd), ...args].join(' ')}\` failed in ${cwd} (exit ${r.status}):\n${(r.stdout + r.stderr).trim().split('\n').slice(-30).join('\n')}`);
  }
  return r.stdout;
}

function pack(root: string, dest: string): { name: string; path: string; size: number; files: string[] } {
  const out = run('npm', ['pack', '--json', '--pack-destination', dest, '--loglevel=error'], root);
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; size: number; files: { path: string }[] }[];
  return { name: info.filename, path: path.join(dest, info.filename), size: info.size, files: info.files.map((f) => f.path).sort() };
}

/** Only dist/ and the docs, no test files, and every entry point's JavaScript and declarations. */
export function checkTarball(files: readonly string[], entryJsFiles: readonly string[]): void {
  const unexpected = files.filter((f) => !ALLOWED_IN_TARBALL.some((re) => re.test(f)) || /\.test\.|__tests__|\/fixtures\//.test(f));
  if (unexpected.length > 0) throw new ConsumerCheckError(`the tarball holds files a consumer does not need: ${unexpected.join(', ')} (see "files" in package.json)`);
  const needed = entryJsFiles.flatMap((js) => [js, js.replace(/\.js$/, '.d.ts'), `${js}.map`]);
  const missing = needed.filter((f) => !files.includes(f));
  if (missing.length > 0) throw new ConsumerCheckError(`the tarball lacks ${missing.join(', ')}`);
}

function copyExample(source: string, dest: string): void {
  fs.cpSync(source, dest, {
    recursive: true,
    filter: (src) => !['node_modules', 'cdktf.out', 'build'].includes(path.basename(src)),
  });
}

/**
 * The example may import its own files by relative path, and the library only by package name and its
 * exported subpaths: never a relative path out of the example, never `<package>/dist/...`.
 */
export function checkImports(exampleDir: string, pkgName: string, validSpecifiers: ReadonlySet<string>): void {
  const problems: string[] = [];
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (['node_modules', 'cdktf.out', 'build'].includes(d.name)) return [];
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : /\.(ts|tsx|js|mjs|cjs)$/.test(d.name) ? [p] : [];
  });
  for (const file of walk(exampleDir)) {
    const rel = path.relative(exampleDir, file);
    for (const ref of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
      const spec = ref.fileName;
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        if (path.relative(exampleDir, target).startsWith('..')) problems.push(`${rel}: '${spec}' reaches outside the example; import '${pkgName}/<domain>' instead`);
      } else if ((spec === pkgName || spec.startsWith(`${pkgName}/`)) && !validSpecifiers.has(spec)) {
        problems.push(`${rel}: '${spec}' is not an entry point of ${pkgName} (use one of ${[...validSpecifiers].join(', ')})`);
      }
    }
  }
  if (problems.length > 0) throw new ConsumerCheckError(`the example must use the library only through its package name:\n  ${problems.join('\n  ')}`);
}

export function checkSynthesized(outdir: string, expected: ConsumerExpectations, example: string): { stacks: number; resources: number } {
  const summaries = summarizeOutdir(outdir);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { synthesizedStackPath: string }> };
  const problems: string[] = [];
  for (const [stack, want] of Object.entries(expected.stacks)) {
    const entry = manifest.stacks[stack];
    if (!entry) {
      problems.push(`stack ${stack} was not synthesized (got ${Object.keys(manifest.stacks).join(', ') || 'none'})`);
      continue;
    }
    const json = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8')) as TerraformJson;
    for (const [type, min] of Object.entries(want.resources ?? {})) {
      const n = Object.keys(json.resource?.[type] ?? {}).length;
      if (n < min) problems.push(`${stack}: expected at least ${min} ${type}, found ${n}`);
    }
    for (const output of want.outputs ?? []) {
      if (!(output in (json.output ?? {}))) problems.push(`${stack}: output ${output} is missing (has ${Object.keys(json.output ?? {}).join(', ')})`);
    }
  }
  if (problems.length > 0) throw new ConsumerCheckError(`examples/${example}: the synthesized output is not what consumer-check.json expects:\n  ${problems.join('\n  ')}`);
  return { stacks: summaries.length, resources: summaries.reduce((n, s) => n + s.resources, 0) };
}

function main(argv: readonly string[]): number {
  const root = path.resolve(__dirname, '..');
  const started = process.hrtime.bigint();
  try {
    const r = runConsumerCheck(root, { keep: argv.includes('--keep'), log: (l) => console.log(`  ${l}`) });
    console.log(`Packed ${r.tarball.name} (${(r.tarball.size / 1024).toFixed(0)} kB, ${r.tarball.files.length} files)`);
    for (const e of r.examples) console.log(`examples/${e.name}: installed from the tarball, type-checked, synthesized ${e.stacks} stack(s) with ${e.resources} resources`);
    console.log(`Consumer check passed in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    return 0;
  } catch (e) {
    if (!(e instanceof ConsumerCheckError)) throw e;
    console.error(`consumer check failed: ${e.message}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
