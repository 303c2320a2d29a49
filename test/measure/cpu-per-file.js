// Per-file CPU of a jest run (docs/performance.md "Tests"), for finding what to cut. Not part of `npm test`:
//
//   CPU_LOG=/tmp/cpu.log npx jest --setupFilesAfterEnv ./test/setup.ts ./test/measure/cpu-per-file.js
//   node -e 'for (const r of require("fs").readFileSync("/tmp/cpu.log","utf8").trim().split("\n").map(JSON.parse)
//     .sort((a,b)=>b.self+b.kids-a.self-a.kids)) console.log(r.self, r.kids, r.load, r.file)'
//
// Appends one JSON line per test file: `self` the worker's own CPU seconds (user + system) from the start of
// the file to its end, `kids` the CPU of the processes it started and waited for, `load` the part of `self`
// spent before the first hook (loading modules, running describe bodies). Read from /proc/self/stat: on a
// shared machine CPU time, unlike wall time, barely depends on what else runs.
const fs = require('fs');

function cpu() {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  const seconds = (i) => Number(fields[i]) / 100; // clock ticks; 100 per second on Linux
  return { self: seconds(11) + seconds(12), kids: seconds(13) + seconds(14) }; // utime stime cutime cstime
}

const start = cpu();
const startedAt = Date.now();
let load;
beforeAll(() => {
  load = cpu().self - start.self;
});
afterAll(() => {
  const end = cpu();
  const round = (n) => Math.round(n * 100) / 100;
  fs.appendFileSync(process.env.CPU_LOG || 'jest-cpu.log', `${JSON.stringify({
    file: expect.getState().testPath, self: round(end.self - start.self), kids: round(end.kids - start.kids),
    load: round(load ?? 0), wall: (Date.now() - startedAt) / 1000,
  })}\n`);
});
