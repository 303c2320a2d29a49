// ESLint flat config. The one rule this project cannot live without: provider packages are imported by
// deep path. The barrel of @cdktf/provider-aws costs ~2.5 s and ~550 MB on every synth and test run.
import tseslint from 'typescript-eslint';

const providerBarrels = ['@cdktf/provider-aws', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', 'dist/**', '**/*.js', '**/*.mjs', '.cdktf-*/**', 'examples/**/node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: providerBarrels.map((name) => ({
          name,
          message: `Import ${name} by deep path (e.g. ${name}/lib/<resource>): the package root loads every resource class.`,
        })),
        patterns: [{
          regex: '^@cdktf/provider-(aws|kubernetes|helm)(/lib)?(/index(\\.js)?)?$',
          message: 'Import provider classes by deep path (@cdktf/provider-*/lib/<resource>), never the package barrel.',
        }],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
