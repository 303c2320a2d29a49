/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // *.slow.test.ts (the consumer pack/install check) run with `npm run consumer:check` (jest.slow.config.js).
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  reporters: ['default', '<rootDir>/test/reporters/plain-summary.js'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // One synth per checked-in environment per run, shared by the test files (test/helpers.ts synthEnvironments).
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  // Synthesis-heavy suites: keep workers to the machine's two cores.
  maxWorkers: 2,
  testTimeout: 60000,
};
