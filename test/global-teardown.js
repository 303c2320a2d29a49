// jest globalTeardown: removes the run's synth cache (test/global-setup.js).
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.OTT_TEST_SYNTH_CACHE;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
