// ESLint flat config. The one rule this project cannot live without: provider packages are imported by
// deep path. The barrel of @cdktf/provider-aws costs ~2.5 s and ~550 MB on every synth and test run.
// CommonJS (not .mjs) so that tests load it with require() and lint in-process (test/helpers/eslint.ts):
// jest cannot run ESLint's dynamic import of a config file.
const tseslint = require('typescript-eslint');

const providerBarrels = ['@cdktf/provider-aws', '@cdktf/provider-kubernetes', '@cdktf/provider-helm'];

const providerBarrelPaths = providerBarrels.map((name) => ({
  name,
  message: `Import ${name} by deep path (e.g. ${name}/lib/<resource>): the package root loads every resource class.`,
}));
const providerBarrelPattern = {
  regex: '^@cdktf/provider-(aws|kubernetes|helm)(/lib)?(/index(\\.js)?)?$',
  message: 'Import provider classes by deep path (@cdktf/provider-*/lib/<resource>), never the package barrel.',
};

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', 'dist/**', '.build/**', '.cache/**', '**/*.js', '**/*.mjs', '**/*.cjs', '.cdktf-*/**', 'examples/**/node_modules/**', 'examples/**/cdktf.out/**'] },
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
            regex: '^(\\.\\./)+(environments|stacks|tools|cli|catalog|test|examples|main)(/|$)',
            message: 'constructs/ is the published library: it must not import the app (environments/, stacks/, catalog/, tools/, cli/, main.ts). Take typed props instead.',
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
  // The one-way flow (ARCHITECTURE.md): YAML -> environments/ -> stacks/ -> constructs/, entry points in
  // cli/ on top, tools/ reading synthesized JSON on the side. Each rule below turns a back edge into a lint
  // error (test/layering-lint.test.ts feeds one of each); import cycles are test/import-graph.test.ts.
  {
    // catalog/ is typed data: besides its own files it may only name types (import type ...), plus the
    // library's modules that hold no construct code: the error class its validation throws, the GPU
    // catalog's specs, the topic-name rule and the serving rollout rules (none of them imports cdktf).
    files: ['catalog/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          regex: '^\\.\\./(?!constructs/(core/errors|cluster/gpu-catalog|data/topic-names|serving/rollout)$)',
          allowTypeImports: true,
          message: 'catalog/ is typed data: import only types from outside catalog/ (import type { ... }).',
        }],
      }],
    },
  },
  {
    // tools/ reads synthesized Terraform JSON: never the stacks or construct-building code, never the
    // entry points. From constructs/ it may read the data-only modules listed here (core/cidr is the CIDR
    // arithmetic the peering rules share with the network constructs; no cdktf inside:
    // test/import-graph.test.ts proves tools/ never reaches cdktf, constructs or a provider package).
    files: ['tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          {
            // `../cli` alone is tools/cli.ts (the tools' argument parser); the entry points are cli/<name>.
            regex: '^(\\.\\./)+((stacks|main|test|examples)(/|$)|cli/)',
            message: 'tools/ reads synthesized JSON only: it must not import stacks/, cli/ or main.ts (an entry point in cli/ wires them together).',
          },
          {
            regex: '^(\\.\\./)+constructs/(?!(core/errors|core/cidr|cluster/gpu-catalog|cluster/labels)$)',
            message: 'tools/ reads synthesized JSON only: from constructs/ it may import the data modules core/errors, core/cidr, cluster/gpu-catalog and cluster/labels, never construct-building code.',
          },
        ],
      }],
    },
  },
  {
    // environments/ (loading and validating YAML) and stacks/ (building them) never reach up to the entry
    // points or sideways into the tools.
    files: ['environments/**/*.ts', 'stacks/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(\\.\\./)+(cli|tools|test|examples|main)(/|$)',
          message: 'environments/ and stacks/ must not import cli/, tools/ or main.ts: entry points in cli/ call them, not the other way round.',
        }],
      }],
    },
  },
);
