import { lintAs as lint } from './helpers/eslint';

const code = [
  "import { loadEnvironment } from '../../environments/load';",
  "import { parse } from 'yaml';",
  'export const region = process.env.AWS_REGION;',
  'const { env } = process;',
  'export const used = [loadEnvironment, parse, env];',
  '',
].join('\n');

test('the published library may not read the environment, configuration files or the app', async () => {
  expect(await lint('constructs/core/example.ts', code)).toEqual([
    '1:no-restricted-imports', '2:no-restricted-imports', '3:no-restricted-properties', '4:no-restricted-properties',
  ]);
});

test('the app may (the rules are scoped to constructs/), and the provider barrel stays forbidden everywhere', async () => {
  expect(await lint('stacks/example.ts', code)).toEqual([]);
  expect(await lint('constructs/core/example.ts', `export * from '${['@cdktf', 'provider-aws'].join('/')}';\n`)).toEqual(['1:no-restricted-imports']);
});
