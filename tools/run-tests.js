#!/usr/bin/env node
// `npm test [-- <jest arguments>]`: the type check, ESLint and jest, started together; fails when any fails.
//
// One after the other, the two checks left a core idle: tsc and eslint are single-threaded, and jest leaves
// one idle while it starts, and at the end while its last test file runs. Started together, the checks
// fill those gaps; they run at a lower CPU priority (nice 10) so that jest's workers, the longest part,
// are not slowed down while both cores are busy. Both checks are incremental on a local machine: `tsc -b`
// (tsconfig.typecheck.json, build info in .cache/) skips checking when no input changed, eslint --cache
// lints only changed files.
//
// Output: jest's progress (stderr) streams as usual; a check's output is printed when it finishes, only if
// it failed; its one-line result on stderr. jest's stdout (the closing `tests: N passed, N failed` line of
// test/reporters/plain-summary.js) is written last, after every check has finished, so it stays the last line.
// The actionlint check of .github/workflows is the test 'GitHub workflows pass actionlint'
// (test/workflows.test.ts); `npm run lint:workflows` runs the same check alone.
'use strict';
const { spawn } = require('child_process');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [ROOT] })), file);

/** The checks started beside jest, as [name, script, arguments]. */
const CHECKS = [
  ['typecheck', bin('typescript', 'bin/tsc'), ['-b', 'tsconfig.typecheck.json']],
  ['lint', bin('eslint', 'bin/eslint.js'), ['--cache', '--cache-location', '.cache/eslint/', '.']],
];

/** Starts `node script args`; resolves with its exit code (1 when killed) and what it printed. */
function run(script, args, { nice = 0, stdout = 'pipe', stderr = 'pipe' } = {}) {
  const started = Date.now();
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', stdout, stderr] });
  if (nice) {
    try {
      os.setPriority(child.pid, nice);
    } catch {
      // Not allowed here: the check only competes with jest for the cores.
    }
  }
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ code: 1, out: `${out}${e.message}\n`, seconds: (Date.now() - started) / 1000 }));
    child.on('close', (code) => resolve({ code: code ?? 1, out, seconds: (Date.now() - started) / 1000 }));
  });
}

async function main() {
  const checks = CHECKS.map(([name, script, args]) =>
    run(script, args, { nice: 10 }).then((r) => {
      if (r.code !== 0) process.stderr.write(r.out);
      process.stderr.write(`${name}: ${r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`} in ${r.seconds.toFixed(1)} s\n`);
      return r.code;
    }));
  const jest = run(bin('jest', 'bin/jest.js'), process.argv.slice(2), { stderr: 'inherit' });
  const codes = await Promise.all(checks);
  const tests = await jest;
  process.stdout.write(tests.out);
  process.exitCode = [...codes, tests.code].some((c) => c !== 0) ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
