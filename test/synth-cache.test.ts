// The run's synth cache (test/global-setup.js, test/helpers.ts synthEnvironments): what a test reads from it
// is what synthesizing writes.
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironment } from '../environments/load';
import { synthesizeEnvironments } from '../stacks/app';
import { envFromYaml, synthCacheKey, synthEnvironments, tempDir } from './helpers';

/** Every file's text under `dir`, by relative path (latin1 strings, byte for byte: jest compares Buffers element by element, slowly). */
function filesOf(dir: string): Map<string, string> {
  return new Map(fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name)).sort().map((f) => [path.relative(dir, f), fs.readFileSync(f, 'latin1')]));
}

const SMALL = () => envFromYaml('staging', 'name: staging\ncostCenter: c\nregions:\n  eu-west-1:\n    vpcCidr: 10.20.0.0/16\n');

test('jest runs with a synth cache', () => {
  expect(process.env.OTT_TEST_SYNTH_CACHE).toBeTruthy();
  expect(fs.statSync(process.env.OTT_TEST_SYNTH_CACHE as string).isDirectory()).toBe(true);
});

test('a checked-in environment read from the cache is byte for byte what synthesizing it writes', () => {
  const fresh = tempDir('ott-synth-fresh-');
  const cached = synthEnvironments([loadEnvironment('dev')]);
  try {
    expect(fs.existsSync(path.join(process.env.OTT_TEST_SYNTH_CACHE as string, synthCacheKey(loadEnvironment('dev')), 'manifest.json'))).toBe(true);
    synthesizeEnvironments([loadEnvironment('dev')], fresh);
    const want = filesOf(fresh);
    expect(want.size).toBeGreaterThan(5);
    expect(filesOf(cached.outdir)).toEqual(want);
  } finally {
    for (const d of [fresh, cached.outdir]) fs.rmSync(d, { recursive: true, force: true });
  }
});

test('an edited environment is cached under its configuration: the same edit made twice is one entry, a different edit another', () => {
  const edited = (phase: number) => envFromYaml('staging', `name: staging\ncostCenter: c\nphase: ${phase}\nregions:\n  eu-west-1:\n    vpcCidr: 10.20.0.0/16\n`);
  expect(synthCacheKey(edited(2))).toBe(synthCacheKey(edited(2)));
  expect(synthCacheKey(edited(2))).not.toBe(synthCacheKey(edited(3)));
  // Key order does not matter, only content.
  expect(synthCacheKey(envFromYaml('staging', 'costCenter: c\nname: staging\nphase: 2\nregions:\n  eu-west-1:\n    vpcCidr: 10.20.0.0/16\n'))).toBe(synthCacheKey(edited(2)));
});

test('cached environments (checked-in and built in code) merge into what one App synthesizing both writes', () => {
  const together = tempDir('ott-synth-together-');
  const merged = synthEnvironments([loadEnvironment('dev'), SMALL()]);
  try {
    synthesizeEnvironments([loadEnvironment('dev'), SMALL()], together);
    const want = filesOf(together);
    const got = filesOf(merged.outdir);
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [file, content] of want) {
      if (file === 'manifest.json') expect(JSON.parse(got.get(file)!)).toEqual(JSON.parse(content));
      else expect(got.get(file) === content).toBe(true);
    }
    expect(Object.keys(merged.stacks)).toContain('staging-eu-west-1-network'); // the environment built in code
    // ... cached under its own key: same name as the checked-in staging, different configuration.
    expect(synthCacheKey(SMALL())).not.toBe(synthCacheKey(loadEnvironment('staging')));
    expect(synthCacheKey(SMALL())).toBe(synthCacheKey(SMALL()));
    expect(fs.existsSync(path.join(process.env.OTT_TEST_SYNTH_CACHE as string, synthCacheKey(SMALL()), 'manifest.json'))).toBe(true);
  } finally {
    for (const d of [together, merged.outdir]) fs.rmSync(d, { recursive: true, force: true });
  }
});
