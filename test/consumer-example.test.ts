import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkImports, checkTarball, ConsumerCheckError } from '../tools/consumer-check';
import { discoverEntries, importSpecifier } from '../tools/library-layout';

const ROOT = path.resolve(__dirname, '..');
// The pack + install check itself is test/consumer-pack.slow.test.ts: `npm run consumer:check`, its own
// step of .ci/run (it needs the npm registry or cache and takes ~30 s), not part of the default jest run.
const SPECIFIERS = new Set(['@ott-platform/infra', '@ott-platform/infra/core', '@ott-platform/infra/network']);

describe('the example may use the library only through its package name', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-imports-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'stack.ts'), "export const x = 1;\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const check = (code: string) => {
    fs.writeFileSync(path.join(dir, 'main.ts'), code);
    return () => checkImports(dir, '@ott-platform/infra', SPECIFIERS);
  };

  test('package name, subpaths and its own files are fine', () => {
    expect(check("import { Network } from '@ott-platform/infra/network';\nimport { x } from './src/stack';\n")).not.toThrow();
  });

  test('a relative import out of the example fails', () => {
    expect(check("import { Network } from '../../constructs/network';\n")).toThrow(/main\.ts: '\.\.\/\.\.\/constructs\/network' reaches outside the example/);
  });

  test('a deep import into the package fails', () => {
    expect(check("import { Network } from '@ott-platform/infra/dist/constructs/network';\n")).toThrow(/is not an entry point of @ott-platform\/infra/);
  });

  test('the committed example passes', () => {
    // Against the entry points the folders define now (as the tool does), not the fixed set above.
    const entryPoints = new Set(discoverEntries(ROOT).map((e) => importSpecifier('@ott-platform/infra', e)));
    expect(entryPoints).toContain('@ott-platform/infra/data');
    expect(() => checkImports(path.join(ROOT, 'examples', 'gpu-inference-service'), '@ott-platform/infra', entryPoints)).not.toThrow();
  });
});

test('a tarball with sources, tests or without an entry point is refused', () => {
  const good = ['package.json', 'README.md', 'dist/constructs/index.js', 'dist/constructs/index.d.ts', 'dist/constructs/index.js.map'];
  expect(() => checkTarball(good, ['dist/constructs/index.js'])).not.toThrow();
  expect(() => checkTarball([...good, 'constructs/index.ts'], ['dist/constructs/index.js'])).toThrow(ConsumerCheckError);
  expect(() => checkTarball([...good, 'dist/test/x.test.js'], ['dist/constructs/index.js'])).toThrow(/dist\/test\/x\.test\.js/);
  expect(() => checkTarball(good, ['dist/constructs/index.js', 'dist/constructs/data/index.js'])).toThrow(/lacks dist\/constructs\/data\/index\.js/);
});
