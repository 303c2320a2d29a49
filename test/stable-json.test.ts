import { sortedDocument, stableText } from '../stacks/stable-json';

// cdktf's own serializer (a bundled dependency of cdktf): what stable-json must reproduce byte for byte.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonStableStringify = require('cdktf/node_modules/json-stable-stringify') as (v: unknown, o: { space: number }) => string;
const cdktfText = (value: unknown) => jsonStableStringify(value, { space: 2 });

describe('stable-json: json-stable-stringify bytes through the native serializer', () => {
  test.each([
    ['empty object', {}],
    ['empty list', []],
    ['nested empties, with and without a comma after them', { a: {}, b: [], c: [[], {}], d: { e: [{}], f: 1 } }],
    ['brackets inside strings and keys stay as they are', { k: '{}', l: ['[]', '{}', 'x{},', '[],'], 'x{}': [], 'y[]': {} }],
    ['keys sorted by code unit, escapes in keys and values', { b: 1, a: { z: true, A: null }, 'é': 'ü', 'a"b\\c': 'line\nbreak', '': {} }],
    ['undefined, functions and symbols: left out of objects, null in lists', { u: undefined, f: () => 1, s: Symbol('x'), l: [undefined, () => 1, 2] }],
    ['numbers: -0, NaN, Infinity, exponents', { n: [-0, NaN, Infinity, 1e21, 1.5e-7, 123.456] }],
    ['an object whose every value is left out is written as empty', { o: { u: undefined } }],
    ['deep nesting', { a: { b: { c: { d: [{ e: [[{}]] }] } } } }],
  ])('%s', (_name, value) => {
    const doc = sortedDocument(value);
    expect(doc).toBeDefined();
    expect(stableText(doc!)).toBe(cdktfText(value));
    // The copy is what parsing the written text gives back, key order included.
    expect(JSON.stringify(doc!.json)).toBe(JSON.stringify(JSON.parse(cdktfText(value))));
  });

  test.each([
    ['an array-index key (V8 lists those first)', { b: 1, 10: 'x', 2: 'y' }],
    ['a __proto__ key', JSON.parse('{"__proto__": {"a": 1}}')],
    ['a value with toJSON', { when: new Date(0) }],
    ['a bigint', { n: BigInt(1) }],
  ])('declines %s (left to cdktf)', (_name, value) => {
    expect(sortedDocument(value)).toBeUndefined();
  });
});
