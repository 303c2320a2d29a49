/**
 * Keeping a long synth (many environments) within its memory budget. synth lets each environment go once
 * it is written (stacks/app.ts synthesizeStreaming), but V8 collects that garbage only when its heap grows
 * past a limit it sets from the live size: twelve environments in a row reached 280-420 MB resident while
 * the live heap stayed at about 80 MB. Between two environments, when the heap holds more than
 * `thresholdMb`, one full collection brings it back to what is alive (about 40 ms), before the next
 * environment is built. The three checked-in environments never reach the threshold.
 */
import * as v8 from 'v8';
import * as vm from 'vm';

let collect: (() => void) | undefined;

/** V8's full collection, as `--expose-gc` provides it (enabled at run time, for this process only). */
function fullCollection(): () => void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  return collect;
}

/** Collects garbage when the heap in use exceeds `thresholdMb`; returns whether it did. */
export function collectIfAbove(thresholdMb: number): boolean {
  if (process.memoryUsage().heapUsed / (1024 * 1024) <= thresholdMb) return false;
  fullCollection()();
  return true;
}
