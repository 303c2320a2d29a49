// Closes every jest run with the plain line 'tests: N passed, N failed' (plus skipped), which CI
// systems that do not parse jest's own summary read. Written at exit so it is the last line.
const fs = require('fs');

class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    process.once('exit', () => fs.writeSync(1, line));
  }
}
module.exports = PlainSummaryReporter;
