// jest globalSetup: a folder for this run's synthesized checked-in environments (test/helpers.ts,
// synthEnvironments). Each environment is synthesized by the first test file that asks for it and copied for
// the others, instead of once per file. The folder is new for every run, so it never outlives a source change.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  process.env.OTT_TEST_SYNTH_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'ott-synth-cache-'));
};
