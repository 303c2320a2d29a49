// The module object itself (not a namespace copy), so that cli/phases.ts's timing of writeFileSync sees these writes.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a namespace import is a frozen copy in the bundle
import fs = require('fs');
import * as path from 'path';
import { Construct, IConstruct } from 'constructs';
import {
  App, Aspects, DefaultTokenResolver, IStackSynthesizer, ISynthesisSession, StringConcat, TerraformElement, TerraformOutput, TerraformStack,
  Tokenization,
} from 'cdktf';
import { SortedDocument, sortedDocument, stableText } from './stable-json';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** A stack's synthesized JSON: exactly what `JSON.parse` of its `cdk.tf.json` returns (same key order). */
export interface SynthesizedStack {
  /** Stack name (its construct id). */
  readonly name: string;
  readonly json: Record<string, unknown>;
}

/**
 * The stack's synthesizer: cdktf's own (kept as `inner`), run through ResolveOnceStack#synthesizeThrough so
 * that the document is written with stable-json. HCL output (`SYNTH_HCL_OUTPUT`) is left to cdktf entirely.
 */
class StableJsonSynthesizer implements IStackSynthesizer {
  constructor(private readonly stack: ResolveOnceStack, private readonly inner: IStackSynthesizer) {}

  public synthesize(session: ISynthesisSession): void {
    if (App.of(this.stack).hclOutput) this.inner.synthesize(session);
    else this.stack.synthesizeThrough(this.inner, session);
  }
}

/**
 * A TerraformStack that resolves each of its elements once per synth instead of three times.
 *
 * cdktf 0.21's `App.synth()` calls `prepareStack()` on every stack, which resolves every element's
 * `toTerraform()` (the "preparing" pass that discovers cross-stack references), then `toTerraform()`,
 * which builds and resolves every element again and finally resolves the merged document a third time.
 * The resolved JSON of an element is the same in all three passes (the preparing pass only adds new
 * elements: outputs and remote-state data sources for cross-stack references), so this class keeps the
 * preparing pass's result and reuses it; elements created after it are resolved as cdktf would. Measured
 * with `npm run bench -- --phases`: the second and third passes were about half of synth time.
 *
 * It relies only on cdktf's public API (`prepareStack`, `toTerraform`, `addOverride`, `Tokenization`,
 * `TerraformElement#toMetadata`); when a stack holds aspects (which run after `prepareStack` and may change
 * elements) it leaves everything to cdktf. test/resolve-once.test.ts proves the output is byte-identical to
 * cdktf's own for every environment.
 *
 * It also writes its JSON file faster (stacks/stable-json.ts: the same bytes as cdktf's json-stable-stringify,
 * through the native serializer) and keeps the written document, as `JSON.parse` of the file would return it,
 * for `takeSynthesized()`: the policy pack and the summaries read it instead of the file.
 */
export class ResolveOnceStack extends TerraformStack {
  /** Element -> resolved `toTerraform()` from the preparing pass of the current synth. */
  private prepared = new Map<TerraformElement, unknown>();
  /** Stack-level `addOverride` calls, in order (cdktf keeps them in a private field). */
  private readonly overrides: [string, unknown][] = [];

  /** Set while cdktf's synthesizer asks for the document: toTerraform() hands it here instead. */
  private capture: { document?: SortedDocument; declined?: boolean } | undefined;
  /** The document written by the last synth, until taken. */
  private synthesized: SynthesizedStack | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.synthesizer = new StableJsonSynthesizer(this, this.synthesizer);
  }

  /** The stack's JSON as written by the last synth (then forgotten here, so that it can be collected). */
  public takeSynthesized(): SynthesizedStack | undefined {
    const out = this.synthesized;
    this.synthesized = undefined;
    return out;
  }

  /**
   * Runs cdktf's synthesizer (aspects, validations, annotations, manifest entry, the file) with the
   * document kept aside, then writes the document's file in cdktf's format. A document stable-json declines
   * is written by cdktf as usual, then read back.
   * @internal
   */
  public synthesizeThrough(inner: IStackSynthesizer, session: ISynthesisSession): void {
    const capture: { document?: SortedDocument; declined?: boolean } = {};
    this.capture = capture;
    try {
      inner.synthesize(session);
    } finally {
      this.capture = undefined;
    }
    const file = path.join(session.outdir, session.manifest.forStack(this).synthesizedStackPath);
    if (capture.document) {
      fs.writeFileSync(file, stableText(capture.document));
      this.synthesized = { name: this.node.id, json: capture.document.json as Record<string, unknown> };
    } else if (capture.declined) {
      this.synthesized = { name: this.node.id, json: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> };
    }
  }

  public addOverride(path: string, value: unknown): void {
    this.overrides.push([path, value]);
    super.addOverride(path, value);
  }

  public prepareStack(): void {
    this.ensureBackendExists();
    const prepared = new Map<TerraformElement, unknown>();
    // One stack's elements repeat the same token strings (a key's ARN, a VPC id): about a third of the
    // strings the preparing pass resolves are repeats. Within the pass a string resolves the same way each
    // time (the scope is always this stack; cross-stack registration happens on the first resolution and
    // is idempotent), so a string result is kept per string. Results that are not strings are resolved
    // each time: they are merged into the document and must not be shared.
    const strings = new Map<string, string>();
    for (const element of elementsOf(this)) prepared.set(element, this.resolveValue(element.toTerraform(), true, strings));
    this.prepared = prepared;
  }

  public toTerraform(): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- cdktf's own signature
    const capture = this.capture;
    if (!capture) return this.document();
    this.capture = undefined; // once per synthesize
    const doc = this.document();
    const sorted = sortedDocument(doc);
    if (!sorted) {
      capture.declined = true;
      return doc; // cdktf writes it
    }
    capture.document = sorted;
    return {}; // cdktf writes `{}`; synthesizeThrough replaces it with the document
  }

  /** The stack's resolved document (what cdktf's TerraformStack#toTerraform returns). */
  private document(): Record<string, unknown> {
    if (this.hasAspects()) {
      this.prepared.clear();
      return super.toTerraform();
    }
    const prepared = this.prepared;
    this.prepared = new Map();
    // The rest mirrors TerraformStack.toTerraform() of cdktf 0.21.0, minus the re-resolution.
    const elements = elementsOf(this);
    const metadata: Record<string, unknown> = {
      version: this.node.tryGetContext('cdktfVersion'),
      stackName: this.node.id,
      backend: 'local', // overwritten by backend implementations
      cloud: undefined, // overwritten by cloud and remote backend implementations
      ...(this.overrides.length > 0 ? { overrides: { stack: topLevelKeys(this.overrides) } } : {}),
    };
    for (const element of elements) deepMergeInto(metadata, this.resolveValue(element.toMetadata()) as Record<string, unknown>);
    const outputs: Record<string, unknown> = {};
    for (const element of elements) {
      if (!TerraformOutput.isTerraformOutput(element)) continue;
      deepMergeInto(outputs, element.node.path.split('/').reduceRight<Record<string, unknown>>(
        (inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }), {}));
    }
    const tf: Record<string, unknown> = { '//': this.resolveValue({ metadata, outputs }) };
    for (const element of elements) {
      const fragment = prepared.has(element) ? prepared.get(element) : this.resolveValue(element.toTerraform());
      deepMergeInto(tf, fragment as Record<string, unknown>);
    }
    if (this.overrides.length === 0) return tf;
    // Stack-level overrides may hold tokens: merge them as cdktf does, then resolve what they touched.
    const raw: Record<string, unknown> = {};
    for (const [path, value] of this.overrides) setPath(raw, path, value);
    deepMergeInto(tf, raw);
    for (const key of new Set(this.overrides.map(([p]) => p.split('.')[0]))) {
      const value = this.resolveValue(tf[key]);
      if (value === undefined) delete tf[key];
      else tf[key] = value;
    }
    return tf;
  }

  private resolveValue(value: unknown, preparing = false, strings?: Map<string, string>): unknown {
    const resolve = (v: unknown) => Tokenization.resolve(v, { scope: this, preparing, resolver: RESOLVER });
    const resolveToken = strings
      ? (v: unknown) => {
        if (typeof v !== 'string') return resolve(v);
        const known = strings.get(v);
        if (known !== undefined) return known;
        const resolved = resolve(v);
        if (typeof resolved === 'string') strings.set(v, resolved);
        return resolved;
      }
      : resolve;
    return resolveTokens(value, resolveToken);
  }

  private hasAspects(): boolean {
    const visit = (c: IConstruct): boolean => Aspects.of(c).all.length > 0 || c.node.children.some((child) => !TerraformStack.isStack(child) && visit(child));
    return visit(this);
  }
}

/** Strings cdktf's resolver may change: token markers (`${TfToken[`, `#{`, `&{`), escapes, number-token look-alikes. */
const MAYBE_TOKEN_STRING = /[{]|[-|\d.+]e[-|\d.eE+]/;

/**
 * `Tokenization.resolve` for a document that is mostly plain JSON. cdktf's resolver visits every key and
 * value with a fresh context (closures, a path array, two regular-expression scans per string): for a
 * 250-resource stack that walk, not the tokens, is most of the cost. This walk copies plain values itself
 * and hands cdktf only what it could change (a string that may hold a token or an escape, a token number,
 * a resolvable object, a list or map token, a construct, a function), each on its own, which is what
 * cdktf's walk does at that point too (a plain object or list passes no context down to its children).
 * Like cdktf it drops `undefined` from objects and lists.
 */
function resolveTokens(value: unknown, resolveToken: (v: unknown) => unknown): unknown {
  switch (typeof value) {
    case 'string':
      return MAYBE_TOKEN_STRING.test(value) ? resolveToken(value) : value;
    case 'number':
      return Number.isFinite(value) && Math.abs(value) < 1e280 ? value : resolveToken(value);
    case 'boolean':
    case 'undefined':
      return value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        if (value.some((v) => typeof v === 'number' || (typeof v === 'string' && MAYBE_TOKEN_STRING.test(v)))) {
          // Possibly a list token element (`#{TfToken[...]}` or a list-token number): cdktf's list handling.
          if (value.some((v) => (typeof v === 'string' && v.includes('#{')) || (typeof v === 'number' && !(Number.isFinite(v) && Math.abs(v) < 1e280)))) {
            return resolveToken(value);
          }
        }
        const out: unknown[] = [];
        for (const v of value) {
          const r = resolveTokens(v, resolveToken);
          if (r !== undefined) out.push(r);
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || Tokenization.isResolvable(value)) return resolveToken(value);
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (keys.some((k) => MAYBE_TOKEN_STRING.test(k))) return resolveToken(value);
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const r = resolveTokens(obj[k], resolveToken);
        if (r !== undefined) out[k] = r;
      }
      return out;
    }
    default:
      return resolveToken(value);
  }
}

/** Top-level keys of the override object, in the order cdktf's own object would list them. */
function topLevelKeys(overrides: readonly [string, unknown][]): string[] {
  const raw: Record<string, unknown> = {};
  for (const [path, value] of overrides) setPath(raw, path, value);
  return Object.keys(raw);
}

/** TerraformStack#addOverride's own algorithm: creates (or replaces non-objects by) objects along `path`. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  while (parts.length > 1) {
    const key = parts.shift()!;
    const next = cur[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[parts.shift()!] = value;
}

/**
 * cdktf's internal deepMerge (lib/util.js, not exported): objects merge recursively, arrays concatenate,
 * `undefined` deletes, a resolvable replaces.
 */
function deepMergeInto(target: Record<string, unknown>, source: Record<string, unknown> | undefined): void {
  if (!source) return;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (typeof target[key] !== 'object') target[key] = {};
      if (Tokenization.isResolvable(value)) target[key] = value;
      else deepMergeInto(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else if (Array.isArray(value)) {
      const existing = target[key];
      target[key] = Array.isArray(existing) ? [...existing, ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
}

/** The stack's Terraform elements in construct order, not descending into nested stacks (as cdktf does). */
function elementsOf(stack: TerraformStack): TerraformElement[] {
  const into: TerraformElement[] = [];
  const visit = (c: IConstruct) => {
    if (TerraformElement.isTerraformElement(c)) into.push(c);
    for (const child of c.node.children) if (!TerraformStack.isStack(child)) visit(child);
  };
  visit(stack);
  return into;
}
