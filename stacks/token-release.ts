/**
 * Letting a synthesized environment's constructs be garbage-collected.
 *
 * cdktf registers every token (each attribute reference, `Fn.*` call, lazy value) in one process-wide map,
 * `TokenMap.instance()`, kept on `global.__cdktfTokenMap` so that copies of the library share it, and never
 * removes an entry. A reference token holds its resource and through it the whole construct tree, so no
 * App synthesized in a process is ever freed: twelve environments' trees stayed in memory together
 * (`npm run bench -- --environments 12` peaked at 293 MB). The app synthesizes one environment per App
 * (stacks/app.ts); once that App is written, the tokens registered while building and synthesizing it can
 * never be resolved again, and are removed here.
 *
 * The map's keys carry the counter cdktf gives each token (`<hint>.<counter>` for strings, the counter for
 * numbers), so "registered since" is a counter comparison. A token created before the mark (at module
 * load) is kept. A token created while one environment was built and used again by a later one would fail
 * loudly in that later synth ("Unrecognized token key"), never silently: the app creates none (every
 * environment builds its own constructs), and test/app.test.ts synthesizes environments in a row.
 */

/** The parts of cdktf's TokenMap (tokens/private/token-map.js, cdktf 0.21) this module reads. */
interface TokenMapState {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
  readonly tokenCounter: number;
}

function tokenMap(): TokenMapState | undefined {
  const map = (globalThis as { __cdktfTokenMap?: Partial<TokenMapState> }).__cdktfTokenMap;
  if (!map || !(map.stringTokenMap instanceof Map) || !(map.numberTokenMap instanceof Map) || typeof map.tokenCounter !== 'number') {
    return undefined; // no token yet, or a cdktf whose map looks different: release nothing
  }
  return map as TokenMapState;
}

/** The counter the next token will get (pass it to releaseTokensSince once those tokens are dead). */
export function tokenMark(): number {
  return tokenMap()?.tokenCounter ?? 0;
}

/** Removes every token registered since `mark` from cdktf's token map; returns how many. */
export function releaseTokensSince(mark: number): number {
  const map = tokenMap();
  if (!map) return 0;
  let released = 0;
  for (const key of map.stringTokenMap.keys()) {
    const counter = Number(key.slice(key.lastIndexOf('.') + 1));
    if (Number.isInteger(counter) && counter >= mark) {
      map.stringTokenMap.delete(key);
      released++;
    }
  }
  for (const counter of map.numberTokenMap.keys()) {
    if (counter >= mark) {
      map.numberTokenMap.delete(counter);
      released++;
    }
  }
  return released;
}
