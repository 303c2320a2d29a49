/**
 * The bytes cdktf writes for a stack (`json-stable-stringify` with `{ space: 2 }`: keys sorted, two-space
 * indentation, an empty object or list written over two lines), produced by V8's native `JSON.stringify`.
 *
 * cdktf 0.21's synthesizer serializes each stack with `json-stable-stringify`, a JavaScript walk that
 * recomputes the indentation of every value and looks each object up in a list of its ancestors: measured
 * with `npm run bench -- --phases` it took about ten times as long as the native serializer on the same
 * document (a sixth of cdktf's synth). Here the document is first copied into plain objects whose keys are
 * inserted in sorted order (the order `JSON.stringify` keeps), the native serializer writes that copy, and
 * the empty objects and lists, which the native serializer writes as `{}`/`[]`, get cdktf's two-line form.
 * The copy is exactly what parsing the written text gives back (same values, same key order), so it doubles
 * as the stack's JSON for the policy pack and the summaries, without reading the file again.
 *
 * Documents the copy cannot represent faithfully are declined (`undefined`) and left to cdktf's own
 * serializer: an object with an array-index key such as `"0"` (V8 lists those first, in numeric order), a
 * `__proto__` key, or a value with a `toJSON` method. test/stable-json.test.ts compares the text with
 * `json-stable-stringify` for every stack of every environment and for each of those edge cases.
 */

/** A document ready to write: the copy with sorted keys, and whether it holds an empty object or list. */
export interface SortedDocument {
  /** Plain JSON value, keys inserted in sorted order: what `JSON.parse` of the written text returns. */
  readonly json: unknown;
  readonly hasEmpty: boolean;
}

/** A key V8 would enumerate before the others (an array index), or one a plain object cannot hold. */
const UNORDERABLE_KEY = /^(?:0|[1-9]\d*|__proto__)$/;

class Declined extends Error {}

/**
 * The sorted plain copy of `value`, or undefined when it holds something only json-stable-stringify itself
 * would write exactly (see the module comment).
 */
export function sortedDocument(value: unknown): SortedDocument | undefined {
  const state = { hasEmpty: false };
  try {
    const json = copy(value, state);
    return json === undefined ? undefined : { json, hasEmpty: state.hasEmpty };
  } catch (e) {
    if (e instanceof Declined) return undefined;
    throw e;
  }
}

/** The text json-stable-stringify gives for the document `doc` was copied from, with `{ space: 2 }`. */
export function stableText(doc: SortedDocument): string {
  const text = JSON.stringify(doc.json, null, 2);
  return doc.hasEmpty ? withTwoLineEmpties(text) : text;
}

/**
 * Rewrites each empty object or list of `JSON.stringify(value, null, 2)` as json-stable-stringify writes it:
 * the opening bracket, a new line, the indentation of its line, the closing bracket. An empty value is a
 * `{}`/`[]` that ends its line (before an optional comma): a string always ends with a quote and holds no
 * raw line break, so such a pair cannot be inside a string.
 */
function withTwoLineEmpties(text: string): string {
  const parts: string[] = [];
  let done = 0;
  let braces = text.indexOf('{}');
  let brackets = text.indexOf('[]');
  while (braces !== -1 || brackets !== -1) {
    const at = brackets === -1 || (braces !== -1 && braces < brackets) ? braces : brackets;
    const after = text.charCodeAt(at + 2) === 44 /* , */ ? at + 3 : at + 2;
    if (after === text.length || text.charCodeAt(after) === 10 /* \n */) {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      let indent = lineStart;
      while (text.charCodeAt(indent) === 32) indent++;
      parts.push(text.slice(done, at + 1), '\n', text.slice(lineStart, indent));
      done = at + 1;
    }
    if (at === braces) braces = text.indexOf('{}', at + 2);
    else brackets = text.indexOf('[]', at + 2);
  }
  parts.push(text.slice(done));
  return parts.join('');
}

/** Value -> plain copy with sorted keys (undefined for what JSON leaves out of an object). */
function copy(value: unknown, state: { hasEmpty: boolean }): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes non-finite numbers as null and -0 as 0; the copy holds what parsing gives back.
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'object': {
      if (value === null) return null;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw new Declined();
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const v = copy(value[i], state);
          out[i] = v === undefined ? null : v;
        }
        if (out.length === 0) state.hasEmpty = true;
        return out;
      }
      const keys = Object.keys(value).sort();
      const out: Record<string, unknown> = {};
      let written = 0;
      for (const k of keys) {
        if (UNORDERABLE_KEY.test(k)) throw new Declined();
        const v = copy((value as Record<string, unknown>)[k], state);
        if (v === undefined) continue;
        out[k] = v;
        written++;
      }
      if (written === 0) state.hasEmpty = true;
      return out;
    }
    case 'bigint':
      throw new Declined(); // json-stable-stringify throws its own error for it
    default:
      return undefined; // undefined, function, symbol: left out of objects, null in lists
  }
}
