/**
 * What changes in a stack besides its resources: provider blocks (default tags, region, assume role,
 * allowed accounts), the backend and the rest of the `terraform` block, outputs, data sources, `moved`
 * blocks and resources' lifecycle settings. A provider change also touches resources: every resource
 * that receives the default tags is updated in place, every resource of a provider whose region or
 * account changes is created anew elsewhere (tools/preview/diff.ts applies that).
 */
import { asList, TfStack } from '../tfjson';

export type SettingKind = 'provider' | 'backend' | 'terraform' | 'output' | 'data' | 'moved' | 'lifecycle';

/** One non-resource change of a stack. */
export interface SettingChange {
  readonly kind: SettingKind;
  /** What changed: `aws.default_tags.owner`, `backend.s3.key`, `output.vpc_id`, `data.aws_region.r`, a resource address for lifecycle. */
  readonly subject: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** One line for the reviewer, with old and new values where short. */
  readonly detail: string;
}

/** One provider block: `<name>` or `<name>.<alias>`. */
export interface ProviderBlock {
  readonly key: string;
  readonly body: Record<string, unknown>;
}

/** Every provider block of the stack keyed `aws`, `aws.us-east-1`, `kubernetes` ... */
export function providerBlocks(stack: TfStack | undefined): Map<string, ProviderBlock> {
  const out = new Map<string, ProviderBlock>();
  for (const [name, raw] of Object.entries((stack?.json.provider as Record<string, unknown> | undefined) ?? {})) {
    for (const body of asList(raw)) {
      const key = typeof body.alias === 'string' ? `${name}.${body.alias}` : name;
      out.set(key, { key, body });
    }
  }
  return out;
}

/** The provider a resource uses: its `provider` meta-argument (`aws.us-east-1`), else the type's default provider. */
export function providerKeyOf(type: string, body: Record<string, unknown>): string {
  const ref = body.provider;
  if (typeof ref === 'string') return ref.replace(/^\$\{|\}$/g, '');
  return type.split('_')[0];
}

/** `default_tags[0].tags` of an AWS provider block. */
export function defaultTagsOf(p: ProviderBlock | undefined): Record<string, unknown> {
  const dt = asList(p?.body.default_tags)[0];
  return (dt?.tags as Record<string, unknown> | undefined) ?? {};
}

const show = (v: unknown) => (v === undefined ? 'unset' : short(JSON.stringify(v)));
const short = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** Keyed diff of two maps of JSON values. */
function keyed(kind: SettingKind, prefix: string, a: Record<string, unknown>, b: Record<string, unknown>, what: string): SettingChange[] {
  const out: SettingChange[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const [x, y] = [a[k], b[k]];
    const subject = prefix ? `${prefix}.${k}` : k;
    if (x === undefined) out.push({ kind, subject, change: 'added', detail: `${what} ${subject} added${y !== undefined && typeof y !== 'object' ? ` (${show(y)})` : ''}` });
    else if (y === undefined) out.push({ kind, subject, change: 'removed', detail: `${what} ${subject} removed` });
    else if (JSON.stringify(strip(x)) !== JSON.stringify(strip(y))) out.push({ kind, subject, change: 'changed', detail: `${what} ${subject}: ${show(strip(x))} -> ${show(strip(y))}` });
  }
  return out;
}

/** Drops cdktf's `//` metadata. */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//').map(([k, x]) => [k, strip(x)]));
  return v;
}

/** Provider block changes, attribute by attribute (default tags tag by tag). */
export function providerChanges(base: TfStack | undefined, head: TfStack | undefined): SettingChange[] {
  const a = providerBlocks(base);
  const b = providerBlocks(head);
  const out: SettingChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(key);
    const y = b.get(key);
    if (!x || !y) {
      out.push({ kind: 'provider', subject: key, change: x ? 'removed' : 'added', detail: `provider ${key} ${x ? 'removed' : 'added'}` });
      continue;
    }
    const { default_tags: dx, ...restX } = x.body;
    const { default_tags: dy, ...restY } = y.body;
    void dx;
    void dy;
    out.push(...keyed('provider', `${key}.default_tags`, defaultTagsOf(x), defaultTagsOf(y), 'default tag'));
    out.push(...keyed('provider', key, restX, restY, 'provider'));
  }
  return out;
}

/** Everything but resources: backend, terraform block, outputs, data sources, moved blocks, lifecycle. */
export function settingChanges(base: TfStack | undefined, head: TfStack | undefined): SettingChange[] {
  if (!base || !head) return [];
  const tf = (s: TfStack) => (s.json as { terraform?: Record<string, unknown> }).terraform ?? {};
  const { backend: bx, ...tx } = tf(base);
  const { backend: by, ...ty } = tf(head);
  const out: SettingChange[] = [...providerChanges(base, head)];
  out.push(...keyed('backend', 'backend', (bx as Record<string, unknown>) ?? {}, (by as Record<string, unknown>) ?? {}, 'backend').map((c) => ({
    ...c, detail: `${c.detail} (the state moves: run terraform init -migrate-state, or Terraform starts from an empty state and tries to create everything again)`,
  })));
  out.push(...keyed('terraform', 'terraform', tx, ty, 'terraform setting'));
  out.push(...keyed('output', 'output', (base.json.output as Record<string, unknown>) ?? {}, (head.json.output as Record<string, unknown>) ?? {}, 'output'));
  const data = (s: TfStack) => Object.fromEntries(s.dataSources.map((d) => [d.address.replace(/^data\./, ''), d.body]));
  out.push(...keyed('data', 'data', data(base), data(head), 'data source'));
  const moved = (s: TfStack) => Object.fromEntries(asList(s.json.moved).map((m) => [`${m.from} -> ${m.to}`, true]));
  out.push(...keyed('moved', 'moved', moved(base), moved(head), 'moved block').map((c) => ({ ...c, detail: c.detail.replace(/^moved block moved\./, 'moved block ') })));
  const lifecycle = (s: TfStack) => Object.fromEntries(s.resources.filter((r) => r.body.lifecycle !== undefined).map((r) => [r.address, r.body.lifecycle]));
  const headAddresses = new Set(head.resources.map((r) => r.address));
  const baseAddresses = new Set(base.resources.map((r) => r.address));
  out.push(...keyed('lifecycle', '', lifecycle(base), lifecycle(head), 'lifecycle of').filter((c) => headAddresses.has(c.subject) && baseAddresses.has(c.subject)));
  return out;
}
