import { Testing } from 'cdktf';

Testing.setupJest();

/**
 * cdktf records a full-depth stack trace for every token it creates (`Error.captureStackTrace` on a plain
 * object, whose `stack` it reads at once). Under jest, `Error.prepareStackTrace` is jest's source-map
 * support, which maps every frame of those deep construct call stacks through source maps: building
 * production's stacks took ~8 s of CPU in a test instead of ~1 s (the app itself turns these traces off,
 * stacks/app.ts). Here the traces of plain objects (cdktf's token bookkeeping) get V8's own frame text,
 * unmapped; real `Error`s keep jest's source-mapped traces. The traces are still taken, in full, and a test
 * that wraps `Error.prepareStackTrace` itself (test/app.test.ts) still sees every capture.
 */
const mapped = Error.prepareStackTrace;
if (mapped) {
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error ? mapped(target, frames) : `${String(target)}${frames.length > 0 ? `\n    at ${frames.join('\n    at ')}` : ''}`;
}
