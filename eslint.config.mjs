// ESLint flat config. The one rule this project cannot live without: provider packages are imported by
// deep path. The barrel of @cdktf/provider-aws costs ~2.5 s and ~550 MB on every synth and test run.
import tseslint from 'typescript-eslint';

const providerBarrels = ['@cdktf/provider-aws', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'];

const providerBarrelPaths = providerBarrels.map((name) => ({
  name,
  message: `Import ${name} by deep path (e.g. ${name}/lib/<resource>): the package root loads every resource class.`,
}));
const providerBarrelPattern = {
  regex: '^@cdktf/provider-(aws|kubernetes|helm)(/lib)?(/index(\\.js)?)?$',
  message: 'Import provider classes by deep path (@cdktf/provider-*/lib/<resource>), never the package barrel.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', 'dist/**', '**/*.js', '**/*.mjs', '.cdktf-*/**', 'examples/**/node_modules/**', 'examples/**/cdktf.out/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: providerBarrelPaths, patterns: [providerBarrelPattern] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // constructs/ is the published library: it takes typed props and never reaches for the app's
    // configuration (data flows YAML -> environments/ -> stacks/ -> constructs/, docs/versioning.md).
    files: ['constructs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...providerBarrelPaths,
          { name: 'yaml', message: 'constructs/ never reads configuration files: take typed props instead.' },
        ],
        patterns: [
          providerBarrelPattern,
          {
            regex: '^(\\.\\./)+(environments|stacks|tools|test|examples|main)(/|$)',
            message: 'constructs/ is the published library: it must not import the app (environments/, stacks/, tools/, main.ts). Take typed props instead.',
          },
        ],
      }],
      'no-restricted-properties': ['error', {
        object: 'process',
        property: 'env',
        message: 'constructs/ must not read the environment: take the value as a typed prop (the stack reads configuration).',
      }],
    },
  },
);
