import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..');
const LAUNCH = path.join(ROOT, 'cli', 'launch.js');

/** Runs the app the way `npm run synth -- <args>` does (compiled, via cli/launch.js), in `cwd`, with environments from `envDir`. */
function runApp(cwd: string, envDir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [LAUNCH, 'synth', ...args], {
    cwd,
    env: { ...process.env, PLATFORM_ENVIRONMENTS_DIR: envDir, CDKTF_OUTDIR: '', PLATFORM_ENV: '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A digest of every file under `dir` (names and contents). */
function digest(dir: string): string {
  const hash = crypto.createHash('sha256');
  for (const d of fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name)).sort()) {
    hash.update(path.relative(dir, d)).update(fs.readFileSync(d));
  }
  return hash.digest('hex');
}

describe('the app (npm run synth)', () => {
  let work: string;
  let envDir: string;

  beforeAll(() => {
    work = tempDir('ott-app-');
    envDir = path.join(work, 'environments');
    fs.mkdirSync(envDir);
    for (const f of ['dev.yaml', 'staging.yaml', 'production.yaml']) {
      fs.copyFileSync(path.join(ROOT, 'environments', f), path.join(envDir, f));
    }
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('synthesizes dev by default and every environment with --all', () => {
    const dev = runApp(work, envDir, []);
    expect(dev.stderr).toBe('');
    expect(dev.status).toBe(0);
    expect(fs.existsSync(path.join(work, 'cdktf.out/stacks/dev-eu-west-1-network/cdk.tf.json'))).toBe(true);
    expect(dev.stdout).toMatch(/dev-eu-west-1-network\s+\d+/);
    // The wiring report and the Mermaid service graph are written beside the stacks (catalog/wiring.ts).
    expect(fs.readFileSync(path.join(work, 'cdktf.out/service-graph.mmd'), 'utf8')).toMatch(/^flowchart LR\n/);
    expect(fs.readFileSync(path.join(work, 'cdktf.out/wiring-report.txt'), 'utf8')).toMatch(/^Service wiring \(26 services/);
    expect(dev.stdout).toMatch(/^Synthesized dev into cdktf\.out\/ in \d+\.\d\d s \(since the process started\)\n/);

    const all = runApp(work, envDir, ['--all']);
    expect(all.status).toBe(0);
    const stacks = fs.readdirSync(path.join(work, 'cdktf.out/stacks'));
    for (const env of ['dev', 'staging', 'production']) expect(stacks).toContain(`${env}-eu-west-1-network`);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('.cdktf-out-'))).toEqual([]);
  });

  const badCases: [string, (yaml: string) => string, RegExp][] = [
    ['malformed YAML', (y) => `${y}\nregions: [unclosed\n`, /environments\/production\.yaml: YAML syntax error at line \d+/],
    ['overlapping CIDRs', (y) => y.replace(/vpcCidr: 10\.30\.0\.0\/16/, 'vpcCidr: 10.30.0.0/16\n  us-west-2:\n    vpcCidr: 10.30.64.0/18'),
      /environments\/production\.yaml: regions\.us-west-2\.vpcCidr: 10\.30\.64\.0\/18 overlaps regions\.eu-west-1\.vpcCidr/],
    ['unknown key', (y) => `${y}\nnatGateway: single\n`, /environments\/production\.yaml: natGateway: unknown key; allowed keys here: /],
    ['unknown region', (y) => y.replace(/^  eu-west-1:/m, '  eu-west-7:').replace('primaryRegion: eu-west-1', 'primaryRegion: eu-west-7'),
      /environments\/production\.yaml: regions\.eu-west-7: 'eu-west-7' is not an AWS region/],
  ];

  /** Digest of the output the first test left (one baseline for the whole file instead of one per case). */
  let baseline: string | undefined;
  const outputDigest = () => {
    if (!fs.existsSync(path.join(work, 'cdktf.out'))) expect(runApp(work, envDir, ['--all']).status).toBe(0);
    baseline ??= digest(path.join(work, 'cdktf.out'));
    return baseline;
  };

  test.each(badCases)('%s: exits non-zero with one readable message and leaves cdktf.out untouched', (_name, mutate, message) => {
    const before = outputDigest();
    const file = path.join(envDir, 'production.yaml');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, mutate(original));
    try {
      const run = runApp(work, envDir, ['production']);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
      expect(digest(path.join(work, 'cdktf.out'))).toBe(before);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  test('an unknown environment name or option is refused', () => {
    const before = outputDigest();
    const run = runApp(work, envDir, ['prod']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unknown environment 'prod'; known environments: dev, production, staging/);
    const opt = runApp(work, envDir, ['--everything']);
    expect(opt.status).toBe(1);
    expect(opt.stderr).toMatch(/unknown option '--everything'/);
    expect(digest(path.join(work, 'cdktf.out'))).toBe(before);
  });

  test('--help prints the usage and exits 0 without touching cdktf.out', () => {
    const before = digest(path.join(work, 'cdktf.out'));
    const run = runApp(work, envDir, ['--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^usage: npm run synth -- \[<environment> \.\.\.\] \[--file <path\.yaml> \.\.\.\] \| --all \| --help\n/);
    for (const v of ['PLATFORM_ENV', 'PLATFORM_ENVIRONMENTS_DIR', 'PLATFORM_POLICY', 'PLATFORM_OUTDIR_LOCK_WAIT', 'CDKTF_OUTDIR']) expect(run.stdout).toContain(v);
    expect(digest(path.join(work, 'cdktf.out'))).toBe(before);
  });

  test('PLATFORM_ENV disagreeing with the arguments, or --all over an empty folder, fails and keeps cdktf.out', () => {
    const before = digest(path.join(work, 'cdktf.out'));
    const disagree = runApp(work, envDir, ['dev'], { PLATFORM_ENV: 'production' });
    expect(disagree.status).toBe(1);
    expect(disagree.stderr).toBe('error: command line: PLATFORM_ENV=production disagrees with the command line (dev); name the environments in one place, or make both agree\n');
    const empty = path.join(work, 'empty');
    fs.mkdirSync(empty);
    const all = runApp(work, empty, ['--all']);
    expect(all.status).toBe(1);
    expect(all.stderr).toMatch(/^error: empty: holds no environment files \(<name>\.yaml\); --all needs at least one\n$/);
    expect(digest(path.join(work, 'cdktf.out'))).toBe(before);
  });

  test('the compiled app writes byte for byte what the TypeScript sources write (tsx main.ts)', () => {
    const other = tempDir('ott-app-tsx-');
    try {
      const tsx = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'main.ts'), '--all'], {
        cwd: other, env: { ...process.env, PLATFORM_ENVIRONMENTS_DIR: envDir, CDKTF_OUTDIR: '' }, encoding: 'utf8',
      });
      expect(tsx.stderr).toBe('');
      expect(tsx.status).toBe(0);
      expect(digest(path.join(other, 'cdktf.out'))).toBe(outputDigest());
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
