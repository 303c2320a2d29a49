import * as path from 'path';
import { runConsumerCheck } from '../tools/consumer-check';

const ROOT = path.resolve(__dirname, '..');

// `npm run consumer:check` (jest.slow.config.js), a step of its own in .ci/run, outside the default `npm test`.
// Slow (~15 s): npm pack, npm install of the tarball and the peers into a temporary copy of
// examples/gpu-inference-service, tsc and synth there. This is what proves the package works as published.
test('the packed library installs into the example app, which type-checks and synthesizes', () => {
  const result = runConsumerCheck(ROOT);
  expect(result.tarball.files).toEqual(expect.arrayContaining([
    'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE',
    'dist/constructs/index.js', 'dist/constructs/index.d.ts', 'dist/constructs/network/index.js', 'dist/constructs/core/index.d.ts',
  ]));
  expect(result.tarball.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  expect(result.examples.map((e) => e.name)).toContain('gpu-inference-service');
  expect(result.examples.every((e) => e.resources > 0)).toBe(true);
}, 300_000);
