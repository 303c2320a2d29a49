import * as path from 'path';
import YAML from 'yaml';
import { z } from 'zod';
import { PlatformValidationError } from '../constructs/core/errors';

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

/**
 * Parses YAML `text` (read from `file`) and validates it with `schema`: duplicate keys, syntax errors and
 * every schema problem become one ConfigError naming the file, each key path and what is allowed there
 * (for an unknown key, the keys the schema accepts at that place).
 */
export function parseYamlConfig<S extends z.ZodType>(text: string, file: string, schema: S, options: ParseYamlOptions = {}): z.output<S> {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(file, doc.errors.map((e) => ({
      keyPath: '',
      message: `YAML syntax error${e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : ''}: ${firstLine(e.message)}`,
    })));
  }
  let raw: unknown = doc.toJS();
  if (raw === null && options.allowEmpty) raw = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const keys = allowedKeysAt(schema, []);
    throw new ConfigError(file, [{ keyPath: '', message: `expected a mapping${keys ? ` with the keys ${keys.join(', ')}` : ''}` }]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(file, result.error.issues.map((i) => describeIssue(schema, i, raw)));
  }
  return result.data;
}

function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, raw: unknown): ConfigIssue {
  const keyPath = formatPath(issue.path);
  if (issue.code === 'invalid_key') {
    return { keyPath, message: issue.issues.map((i) => i.message).join('; ') };
  }
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(schema, issue.path);
    return issue.keys.length === 1
      ? { keyPath: joinPath(keyPath, issue.keys[0]), message: `unknown key${allowed ? `; allowed keys here: ${allowed.join(', ')}` : ''}` }
      : { keyPath, message: `unknown keys ${issue.keys.join(', ')}${allowed ? `; allowed keys here: ${allowed.join(', ')}` : ''}` };
  }
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) {
    return { keyPath, message: `is required (${issue.expected})` };
  }
  return { keyPath, message: issue.message };
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

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
