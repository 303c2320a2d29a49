/**
 * Structural checks on YAML before it becomes JavaScript: nesting depth (checked on the parser's token tree,
 * before the recursive composer could overflow the stack), alias expansion (billion laughs), duplicate keys,
 * tags outside the YAML core schema, keys that are not plain scalars, and control or invisible characters.
 * Each problem carries the key path where it occurs.
 */
import { CST, Document, isAlias, isMap, isScalar, isSeq, Node, Parser } from 'yaml';
import { codePointLabel, INVISIBLE, isInvisible, printable, suggestKey } from './lookalike';

/** Deepest nesting of mappings and sequences accepted (the checked-in environments nest 7 deep). */
export const MAX_CONFIG_DEPTH = 32;
/** Most values a document may hold once its aliases are expanded (the checked-in environments hold ~600). */
export const MAX_CONFIG_NODES = 20_000;

/** One structural problem: where (key path segments, text offset) and what. */
export interface YamlProblem {
  readonly path: readonly (string | number)[];
  readonly offset?: number;
  readonly message: string;
}

/** The YAML core schema's tags: the only explicit tags accepted (`!!str 3` is fine, `!!binary`, `!foo` are not). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** `line 3, column 7` of a 0-based `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/**
 * The first place where collections nest deeper than `max`, read from the parser's token tree with an
 * explicit stack (the parser is iterative; composing such a document would recurse once per level).
 */
export function depthProblem(text: string, max = MAX_CONFIG_DEPTH): YamlProblem | undefined {
  const stack: { token: CST.Token | undefined; depth: number }[] = [];
  for (const token of new Parser().parse(text)) stack.push({ token, depth: 0 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token | undefined; depth: number };
    if (!token) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > max) {
        return { path: [], offset: token.offset, message: `nesting deeper than ${max} levels; environment files are shallow mappings` };
      }
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
        stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function keyText(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}

/**
 * Walks `doc` with its aliases expanded, stopping at the first problem of each kind that makes further
 * walking pointless (expansion beyond `MAX_CONFIG_NODES` or `MAX_CONFIG_DEPTH`). `knownKeysAt` returns
 * the keys the schema allows at a path, for suggestions on keys with invisible characters.
 */
export function documentProblems(doc: Document, text: string, knownKeysAt: (path: readonly (string | number)[]) => readonly string[] | undefined): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const seen = new Set<Node>(); // per-node checks run once, not once per alias expansion
  let count = 0;
  class Stop extends Error {}
  const stop = (p: YamlProblem) => {
    problems.push(p);
    throw new Stop();
  };

  const resolved = new Map<unknown, unknown>(); // Alias.resolve searches the whole document: once per alias
  /** `via`: the alias (and its key path in the file) being expanded, when inside one. */
  type Via = { readonly alias: string; readonly path: (string | number)[]; readonly offset?: number } | undefined;
  const visit = (node: unknown, path: (string | number)[], depth: number, via: Via): void => {
    if (node === null || node === undefined) return;
    if (isAlias(node)) {
      if (!resolved.has(node)) resolved.set(node, node.resolve(doc));
      const target = resolved.get(node);
      if (!target) return; // the parser already reported an unknown anchor
      visit(target, path, depth, via ?? { alias: `*${node.source}`, path, offset: node.range?.[0] });
      return;
    }
    count++;
    if (count > MAX_CONFIG_NODES) {
      stop({ path: via?.path ?? path, offset: via ? via.offset : (node as Node).range?.[0], message: `${via ? `alias ${via.alias} expands` : 'the document expands'} to more than ${MAX_CONFIG_NODES} values; aliases may repeat small blocks, not multiply them` });
    }
    if (depth > MAX_CONFIG_DEPTH) {
      stop({ path: via?.path ?? path, offset: via ? via.offset : (node as Node).range?.[0], message: `nesting deeper than ${MAX_CONFIG_DEPTH} levels${via ? ` through alias ${via.alias}` : ''}` });
    }
    const n = node as Node;
    const first = !seen.has(n);
    seen.add(n);
    if (first && n.tag && !CORE_TAGS.has(n.tag)) {
      problems.push({ path, offset: n.range?.[0], message: `the YAML tag '${printable(n.tag.replace(/^tag:yaml\.org,2002:/, '!!'))}' is not allowed; write plain values (tags allowed: ${[...CORE_TAGS].map((t) => t.replace('tag:yaml.org,2002:', '!!')).join(', ')})` });
    }
    if (first && isScalar(node) && typeof node.value === 'string' && node.range) {
      // Raw characters were reported from the text already; these came from escapes such as "\a" or "\u200B".
      const hidden = [...node.value].find(isInvisible);
      if (hidden) {
        problems.push({ path, offset: node.range[0], message: `the value has ${/\p{Cc}/u.test(hidden) ? 'a control' : 'an invisible'} character ${codePointLabel(hidden.codePointAt(0) as number)} (written as an escape) and is not allowed; retype the value` });
      }
    }
    if (isMap(node)) {
      const keys = new Map<string, number | undefined>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        if (key === undefined) {
          if (first) problems.push({ path, offset: (pair.key as Node | null)?.range?.[0], message: 'mapping keys must be plain values, not collections or aliases' });
          continue;
        }
        if (first) {
          if (keys.has(key)) {
            problems.push({ path: [...path, key], offset: (pair.key as Node).range?.[0], message: `YAML syntax error: duplicate key '${printable(key)}' (first at ${lineAndColumn(text, keys.get(key) ?? 0)}); keys must be unique in a mapping` });
          } else {
            keys.set(key, (pair.key as Node).range?.[0]);
          }
          const hidden = [...key].findIndex(isInvisible);
          if (hidden >= 0) {
            const suggestion = suggestKey(key, knownKeysAt(path) ?? []);
            problems.push({ path, offset: (pair.key as Node).range?.[0], message: `key '${printable(key)}' contains an invisible character (${codePointLabel([...key][hidden].codePointAt(0) as number)} at position ${hidden + 1})${suggestion ? `; did you mean '${suggestion}'?` : ''}` });
          }
        }
        visit(pair.value, [...path, key], depth + 1, via);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i], depth + 1, via));
    }
  };

  try {
    visit(doc.contents, [], 1, undefined);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return problems;
}

/** The key path at text `offset` and whether the offset lies in a mapping key (undefined outside any node). */
export function locate(doc: Document, offset: number): { readonly path: (string | number)[]; readonly inKey: boolean } {
  const path: (string | number)[] = [];
  const within = (n: unknown) => {
    const r = (n as Node | null)?.range;
    return !!r && offset >= r[0] && offset < Math.max(r[1], r[2]);
  };
  let node: unknown = doc.contents;
  for (let guard = 0; guard <= MAX_CONFIG_DEPTH; guard++) {
    let next: unknown;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair.key) ?? '?';
        if (within(pair.key)) return { path: [...path, key], inKey: true };
        if (within(pair.value)) {
          path.push(key);
          next = pair.value;
          break;
        }
      }
    } else if (isSeq(node)) {
      const i = node.items.findIndex(within);
      if (i >= 0) {
        path.push(i);
        next = node.items[i];
      }
    }
    if (next === undefined) break;
    node = next;
  }
  return { path, inKey: false };
}

/** Offsets of control and invisible characters in `text` (a byte-order mark at the very start is fine), at most `limit`. */
export function invisibleOffsets(text: string, limit = 5): number[] {
  const found: number[] = [];
  const pattern = new RegExp(INVISIBLE.source, 'gu');
  for (let m = pattern.exec(text); m && found.length < limit; m = pattern.exec(text)) {
    if (!(m.index === 0 && m[0] === '\uFEFF')) found.push(m.index);
  }
  return found;
}
