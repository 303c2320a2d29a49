import YAML, { Document } from 'yaml';
import { z } from 'zod';
import { PlatformValidationError } from '../constructs/core/errors';
import { displayPath } from './file-access';
import { codePointLabel, firstUnusual, printable, unknownKeyMessage } from './lookalike';
import { depthProblem, documentProblems, invisibleOffsets, lineAndColumn, locate, MAX_CONFIG_DEPTH, YamlProblem } from './yaml-checks';

/** One problem in one environment file. */
export interface ConfigIssue {
  /** Dotted key path inside the file (`regions.eu-west-1.vpcCidr`); empty for the whole file. */
  readonly keyPath: string;
  readonly message: string;
}

/** Bad environment configuration: names the file and, per problem, the key path and what is allowed. */
export class ConfigError extends PlatformValidationError {
  public readonly file: string;
  public readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: readonly ConfigIssue[]) {
    const display = displayPath(file);
    super(display, issues.map((i) => (i.keyPath ? `${i.keyPath}: ${i.message}` : i.message)).join(`\n${display}: `));
    this.name = 'ConfigError';
    this.file = display;
    this.issues = issues;
  }
}

export interface ParseYamlOptions {
  /**
   * Treat an empty document as an empty mapping (otherwise it is an error listing the expected keys).
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** Most problems listed for one file; the rest are counted. */
const MAX_LISTED_ISSUES = 20;

function formatKeyPath(p: readonly (string | number)[]): string {
  return formatPath(p.map((k) => (typeof k === 'string' ? printable(k) : k)));
}

function issueAt(text: string, problem: YamlProblem): ConfigIssue {
  const at = problem.offset === undefined ? '' : ` (${lineAndColumn(text, problem.offset)})`;
  return { keyPath: formatKeyPath(problem.path), message: `${problem.message}${at}` };
}

function throwIfAny(file: string, issues: readonly ConfigIssue[]): void {
  if (issues.length === 0) return;
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  if (issues.length > listed.length) listed.push({ keyPath: '', message: `and ${issues.length - listed.length} more problems` });
  throw new ConfigError(file, listed);
}

/** Control and invisible characters outside mapping keys (keys are checked with a suggestion in documentProblems). */
function characterIssues(text: string, doc: Document): ConfigIssue[] {
  return invisibleOffsets(text).flatMap((offset) => {
    const { path, inKey } = locate(doc, offset);
    if (inKey) return [];
    const cp = text.codePointAt(offset) as number;
    const kind = /\p{Cc}/u.test(String.fromCodePoint(cp)) ? 'control character' : 'invisible character';
    return [{ keyPath: formatKeyPath(path), message: `${kind} ${codePointLabel(cp)} at ${lineAndColumn(text, offset)} is not allowed; retype the value` }];
  });
}

/**
 * Parses YAML `text` (read from `file`) and validates it with `schema`. Every problem becomes one line of
 * a ConfigError naming the file, the key path and what is allowed, and none quotes a value: syntax errors;
 * nesting deeper than MAX_CONFIG_DEPTH and alias expansion beyond MAX_CONFIG_NODES (checked before the
 * document is expanded); duplicate keys; tags outside the YAML core schema; control and invisible
 * characters; keys the schema does not know (with the keys it does, or the one a lookalike key resembles).
 */
export function parseYamlConfig<S extends z.ZodType>(text: string, file: string, schema: S, options: ParseYamlOptions = {}): z.output<S> {
  const tooDeep = depthProblem(text);
  if (tooDeep) throwIfAny(file, [issueAt(text, tooDeep)]);
  let doc: Document;
  try {
    doc = YAML.parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } catch (e) {
    if (e instanceof RangeError) throwIfAny(file, [{ keyPath: '', message: `nesting too deep to read (limit ${MAX_CONFIG_DEPTH} levels)` }]);
    throw e;
  }
  throwIfAny(file, [
    ...characterIssues(text, doc),
    ...doc.errors.map((e) => ({
      keyPath: '',
      message: `YAML syntax error at ${lineAndColumn(text, e.pos[0])}: ${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '')}`,
    })),
  ]);
  throwIfAny(file, documentProblems(doc, text, (p) => allowedKeysAt(schema, p)).map((p) => issueAt(text, p)));
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (e) {
    if (e instanceof ReferenceError) throwIfAny(file, [{ keyPath: '', message: 'aliases expand too much (a resource exhaustion attack?); repeat small blocks only' }]);
    throw e;
  }
  if (raw === null && options.allowEmpty) raw = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const keys = allowedKeysAt(schema, []);
    throw new ConfigError(file, [{ keyPath: '', message: `expected a mapping${keys ? ` with the keys ${keys.join(', ')}` : ''}` }]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throwIfAny(file, result.error.issues.map((i) => describeIssue(schema, i, raw)));
  }
  return (result as { data: z.output<S> }).data;
}

function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, raw: unknown): ConfigIssue {
  const keyPath = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(schema, issue.path);
    const lines = issue.keys.map((key) => {
      const { inPath, message } = unknownKeyMessage(key, allowed);
      return { keyPath: inPath ? joinPath(keyPath, key) : keyPath, message };
    });
    return lines.length === 1 ? lines[0] : { keyPath, message: lines.map((l) => (l.keyPath === keyPath ? l.message : `${l.keyPath}: ${l.message}`)).join('; ') };
  }
  const note = lookalikeNote(issue.path);
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) {
    return { keyPath: formatKeyPath(issue.path as (string | number)[]), message: `is required (${issue.expected})${note}` };
  }
  const message = issue.code === 'invalid_key' ? issue.issues.map((i) => i.message).join('; ') : issue.message;
  return { keyPath: formatKeyPath(issue.path as (string | number)[]), message: `${message}${note}` };
}

/** ` (the key 'eu-wеst-1' has U+0435 at position 5)` when a key on `p` holds a character outside printable ASCII. */
function lookalikeNote(p: readonly PropertyKey[]): string {
  for (const k of p) {
    const unusual = typeof k === 'string' ? firstUnusual(k) : undefined;
    if (unusual) return ` (the key '${printable(k as string)}' has ${codePointLabel(unusual.cp)} at position ${unusual.position})`;
  }
  return '';
}

function valueAt(raw: unknown, p: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function joinPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : joinPath(acc, String(k))), '');
}

/** Walks the schema along `p` and returns the keys an object there allows. */
function allowedKeysAt(schema: z.ZodType, p: readonly PropertyKey[]): string[] | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const key of p) {
    if (!current) return undefined;
    const def = (current as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    if (def.type === 'object') current = unwrap((def.shape as Record<string, z.ZodType>)[String(key)]);
    else if (def.type === 'record') current = unwrap(def.valueType as z.ZodType);
    else if (def.type === 'array') current = unwrap(def.element as z.ZodType);
    else return undefined;
  }
  const def = current && (current as unknown as { _zod: { def: { type: string; shape?: Record<string, unknown> } } })._zod.def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  for (let i = 0; s && i < 10; i++) {
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  return s;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
