// The slow checks (`npm run consumer:check`): npm pack + npm install of the tarball into a copy of each
// example, tsc and synth there. They need the npm registry (or its cache) and ~30 s, so they are a step of
// their own in .ci/run instead of part of every `npm test` (jest.config.js leaves *.slow.test.ts out).
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['**/*.slow.test.ts'], testPathIgnorePatterns: ['/node_modules/'], maxWorkers: 1 };
