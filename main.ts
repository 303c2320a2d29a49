// The cdktf app (`npm run synth`, cdktf.json "app"): hands the command line to ONE entry point and does
// nothing else. Entry points live in cli/ (docs/performance.md, ARCHITECTURE: one-way flow);
// test/entry-points.test.ts keeps this file this small.
import { runSynth } from './cli/synth';

runSynth(process.argv.slice(2));
