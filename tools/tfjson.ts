/**
 * Reading synthesized Terraform JSON generically: `<outdir>/manifest.json` -> stacks -> `cdk.tf.json`,
 * resources keyed `resource.<type>.<name>`. The plan preview, the policy pack and the cost model all
 * work on this view, never on construct classes, so they also cover resource types other layers add.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The parts of a synthesized stack the tools read. */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown>;
}

/** One `resource.<type>.<name>` block of a stack. */
export interface TfResource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`, the Terraform address inside its stack. */
  readonly address: string;
  /** Construct path from cdktf's `//` metadata (e.g. `production-eu-west-1-data/db-catalog/instance`). */
  readonly constructPath?: string;
  /** The block's arguments without cdktf's `//` metadata key. */
  readonly body: Record<string, unknown>;
}

/** One synthesized stack, with what the stack name and provider say about it. */
export interface TfStack {
  readonly name: string;
  /** Environment from the provider's `default_tags.environment`, else parsed from the stack name. */
  readonly environment: string;
  /** `<region>` part of the stack name (`global` for global layers). */
  readonly region: string;
  /** Layer from the provider's default tags, else the stack name's suffix. */
  readonly layer: string;
  /** Region the default AWS provider targets (where resources without `provider` are created). */
  readonly providerRegion?: string;
  readonly json: TerraformJson & { moved?: unknown; variable?: unknown; locals?: unknown };
  readonly resources: readonly TfResource[];
  /** `data.<type>.<name>` blocks, same shape as resources (address starts with `data.`). */
  readonly dataSources: readonly TfResource[];
}

/** A whole synthesized output directory. */
export interface TfSynth {
  readonly outdir: string;
  readonly stacks: readonly TfStack[];
}

/** Problems reading an output directory (missing manifest, unreadable stack JSON). */
export class SynthReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SynthReadError';
  }
}

interface Manifest {
  stacks: Record<string, { synthesizedStackPath: string }>;
}

/** Reads every stack of `<outdir>/manifest.json`, sorted by stack name. */
export function readSynth(outdir: string): TfSynth {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new SynthReadError(`${manifestFile} not found: synthesize first (npm run synth -- --all) or pass the directory that holds manifest.json`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (e) {
    throw new SynthReadError(`${manifestFile}: not valid JSON (${(e as Error).message})`);
  }
  const stacks = Object.entries(manifest.stacks ?? {}).map(([name, entry]) => {
    const file = path.join(outdir, entry.synthesizedStackPath);
    let json: TfStack['json'];
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8')) as TfStack['json'];
    } catch (e) {
      throw new SynthReadError(`${file} (stack ${name}): ${(e as Error).message}`);
    }
    return stackFromJson(name, json);
  });
  stacks.sort((a, b) => a.name.localeCompare(b.name));
  return { outdir, stacks };
}

/** Builds the stack view of one `cdk.tf.json` document (also used by tests on hand-written fixtures). */
export function stackFromJson(name: string, json: TfStack['json']): TfStack {
  const tags = defaultTags(json);
  const parsed = parseStackName(name);
  return {
    name,
    environment: tags.environment ?? parsed.environment,
    region: parsed.region,
    layer: tags.layer ?? parsed.layer,
    providerRegion: providerRegion(json),
    json,
    resources: blocks(name, json.resource, ''),
    dataSources: blocks(name, json.data, 'data.'),
  };
}

function blocks(stack: string, section: TerraformJson['resource'], prefix: string): TfResource[] {
  const out: TfResource[] = [];
  for (const [type, byName] of Object.entries(section ?? {})) {
    for (const [name, raw] of Object.entries(byName ?? {})) {
      const { ['//']: meta, ...body } = raw;
      const constructPath = (meta as { metadata?: { path?: string } } | undefined)?.metadata?.path;
      out.push({ stack, type, name, address: `${prefix}${type}.${name}`, constructPath, body });
    }
  }
  return out;
}

/**
 * Splits `<environment>-<region>-<layer>` (environment names may contain dashes; regions look like
 * `eu-west-1`, or `global`; layer names are lower-case words joined by dashes, such as `platform-config`). Unknown shapes keep the whole name as the environment.
 * Tools read synthesized output only, so the layer is whatever the name says: which layers exist and in
 * which order they deploy is the app's knowledge (stacks/naming.ts), handed in where it matters
 * (cli/deploy-order.ts).
 */
export function parseStackName(name: string): { environment: string; region: string; layer: string } {
  const m = /^(.+)-(global|[a-z]{2}(?:-gov)?-[a-z]+-\d)-([a-z]+(?:-[a-z]+)*)$/.exec(name);
  if (m) return { environment: m[1], region: m[2], layer: m[3] };
  return { environment: name, region: 'unknown', layer: 'unknown' };
}

type ProviderBlock = { region?: string; alias?: string; default_tags?: { tags?: Record<string, string> }[] };

function awsProviders(json: TerraformJson): ProviderBlock[] {
  const aws = (json.provider as Record<string, unknown> | undefined)?.aws;
  if (!aws) return [];
  return (Array.isArray(aws) ? aws : [aws]) as ProviderBlock[];
}

function defaultTags(json: TerraformJson): Record<string, string> {
  const main = awsProviders(json).find((p) => !p.alias);
  return main?.default_tags?.[0]?.tags ?? {};
}

function providerRegion(json: TerraformJson): string | undefined {
  const main = awsProviders(json).find((p) => !p.alias) ?? awsProviders(json)[0];
  return typeof main?.region === 'string' && !isExpression(main.region) ? main.region : undefined;
}

/**
 * AWS region a resource is created in: its own `region` argument (provider 6.x), the region of the
 * aliased provider it names (`provider = "aws.us-east-1"`), else the stack's default provider.
 */
export function resourceRegion(stack: TfStack, resource: TfResource): string | undefined {
  const own = resource.body.region;
  if (typeof own === 'string' && !isExpression(own)) return own;
  const ref = resource.body.provider;
  if (typeof ref === 'string') {
    const alias = ref.replace(/^\$\{|\}$/g, '').split('.')[1];
    const p = awsProviders(stack.json).find((x) => x.alias === alias);
    if (p && typeof p.region === 'string' && !isExpression(p.region)) return p.region;
  }
  return stack.providerRegion;
}

/** True when a string is (or contains) a Terraform interpolation `${...}`. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** True when a string is exactly one interpolation, e.g. `${aws_kms_key.k.arn}`. */
export function isPureReference(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{[^{}]*\}$/.test(value);
}

/**
 * Resource addresses (`<type>.<name>`, or `data.<type>.<name>`) an attribute value refers to through
 * `${...}` interpolations, at any depth.
 */
export function referencedAddresses(value: unknown): string[] {
  const found = new Set<string>();
  walkStrings(value, (s) => {
    for (const m of s.matchAll(/\$\{([^{}]*)\}/g)) {
      for (const r of m[1].matchAll(/(?<![\w.-])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g)) found.add(r[1]);
    }
  });
  return [...found];
}

/** Calls `fn` for every string inside a JSON value, with its dotted path. */
export function walkStrings(value: unknown, fn: (s: string, path: string) => void, at = ''): void {
  if (typeof value === 'string') fn(value, at);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, fn, `${at}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '//') continue;
      walkStrings(v, fn, at ? `${at}.${k}` : k);
    }
  }
}

/**
 * Reads a nested attribute by dotted path. Single nested blocks appear in cdktf JSON either as an
 * object or as a one-element list, so a list met on the way is read through its first element.
 */
export function getPath(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const key of dotted.split('.')) {
    if (Array.isArray(cur)) cur = cur[0];
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A nested block as a list (cdktf writes a block list as an array, a single block as an object). */
export function asList(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object');
}

/** Resources of `stack` whose type is one of `types`. */
export function resourcesOfType(stack: TfStack, ...types: string[]): TfResource[] {
  return stack.resources.filter((r) => types.includes(r.type));
}

/** Finds the resource an interpolation like `${aws_security_group.sg.id}` points to in the same stack. */
export function resolveReference(stack: TfStack, value: unknown): TfResource | undefined {
  if (typeof value !== 'string') return undefined;
  const [address] = referencedAddresses(value);
  if (!address) return undefined;
  return [...stack.resources, ...stack.dataSources].find((r) => r.address === address);
}
