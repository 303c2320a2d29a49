import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** Lints `code` as if it were the file `file` (relative to the root); returns the distinct `line:rule` pairs. */
function lint(file: string, code: string): string[] {
  const eslint = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const run = spawnSync(process.execPath, [eslint, '--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: ROOT, input: code, encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { line: number; ruleId: string }[] }[];
  return [...new Set(result.messages.map((m) => `${m.line}:${m.ruleId}`))];
}

const code = [
  "import { loadEnvironment } from '../../environments/load';",
  "import { parse } from 'yaml';",
  'export const region = process.env.AWS_REGION;',
  'const { env } = process;',
  'export const used = [loadEnvironment, parse, env];',
  '',
].join('\n');

test('the published library may not read the environment, configuration files or the app', () => {
  expect(lint('constructs/core/example.ts', code)).toEqual([
    '1:no-restricted-imports', '2:no-restricted-imports', '3:no-restricted-properties', '4:no-restricted-properties',
  ]);
});

test('the app may (the rules are scoped to constructs/), and the provider barrel stays forbidden everywhere', () => {
  expect(lint('stacks/example.ts', code)).toEqual([]);
  expect(lint('constructs/core/example.ts', `export * from '${['@cdktf', 'provider-aws'].join('/')}';\n`)).toEqual(['1:no-restricted-imports']);
});
