/**
 * Offline plan preview: compares two synthesized outputs (base, head) stack by stack. Resources are
 * matched by stack name + `<type>.<name>`; an address that disappears while another of the same type
 * appears is the same logical resource renamed (construct ids become addresses), which Terraform
 * destroys and creates unless a `moved` block says otherwise. Changed attributes come from a deep diff
 * that ignores cdktf's `//` metadata.
 */
import { getPath, referencedAddresses, TfResource, TfStack, TfSynth } from '../tfjson';
import { FORCE_NEW_META, isStateful, REPLACEMENT_ATTRIBUTES } from './replacement-attributes';

export type Action = 'create' | 'update' | 'replace' | 'delete';

export interface ResourceChange {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly constructPath?: string;
  readonly action: Action;
  readonly stateful: boolean;
  /** Changed attribute paths (update/replace). */
  readonly changedAttributes: readonly string[];
  /** Why a replace or delete happens: forcing attributes, an address change, a replaced dependency, a removed stack. */
  readonly reasons: readonly string[];
  /** For an address change: the address on the other side (new one for a delete, old one for a create). */
  readonly renamedTo?: string;
  readonly renamedFrom?: string;
  /** Base address when a `moved` block carried the resource to this address. */
  readonly movedFrom?: string;
}

export type StackStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface StackDiff {
  readonly stack: string;
  readonly environment: string;
  readonly status: StackStatus;
  readonly changes: readonly ResourceChange[];
  readonly counts: Readonly<Record<Action, number>>;
}

export interface SynthDiff {
  readonly stacks: readonly StackDiff[];
  /** Stateful resources that would be destroyed or replaced, in every stack. */
  readonly statefulRisks: readonly ResourceChange[];
}

/** Keys that are not resource arguments (metadata and meta-arguments without effect on the object). */
const IGNORED_KEYS = new Set(['//', 'depends_on', 'lifecycle', 'provisioner', 'connection']);

/** Paths whose values differ, e.g. `tags.team`, `scaling_config.desired_size`, `ingress[0].from_port`, `subnet_ids`. */
export function changedPaths(a: unknown, b: unknown, at = ''): string[] {
  if (Object.is(a, b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [at];
    return a.flatMap((v, i) => changedPaths(v, b[i], `${at}[${i}]`));
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !IGNORED_KEYS.has(k)).sort();
    return keys.flatMap((k) => changedPaths(a[k], b[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** `broker_node_group_info[0].client_subnets[1]` -> `broker_node_group_info.client_subnets`. */
function normalize(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

/** Forcing attributes among the changed paths (a changed parent block forces when it contains one). */
function forcingChanges(type: string, changed: readonly string[]): string[] {
  const forceNew = [...(REPLACEMENT_ATTRIBUTES[type]?.forceNew ?? []), ...FORCE_NEW_META];
  const hits = new Set<string>();
  for (const p of changed) {
    const n = normalize(p);
    for (const f of forceNew) {
      if (n === f || n.startsWith(`${f}.`) || f.startsWith(`${n}.`)) hits.add(p);
    }
  }
  return [...hits];
}

interface MovedBlock { from: string; to: string }

function movedBlocks(stack: TfStack | undefined): MovedBlock[] {
  const raw = stack?.json.moved;
  if (!raw) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((m): m is MovedBlock => !!m && typeof (m as MovedBlock).from === 'string' && typeof (m as MovedBlock).to === 'string');
}

/** Attributes that usually carry a resource's real-world name: equal values make a rename likely. */
const IDENTITY_ATTRIBUTES = ['identifier', 'name', 'bucket', 'cluster_name', 'replication_group_id', 'cluster_id', 'creation_token', 'description', 'node_group_name'];

/** Pairs removed and added resources of the same type (most similar first): a likely construct-id change. */
function pairRenames(removed: TfResource[], added: TfResource[]): Map<TfResource, TfResource> {
  const pairs = new Map<TfResource, TfResource>();
  const free = new Set(added);
  const score = (a: TfResource, b: TfResource) => {
    const keys = [...new Set([...Object.keys(a.body), ...Object.keys(b.body)])];
    const same = keys.filter((k) => JSON.stringify(a.body[k]) === JSON.stringify(b.body[k])).length;
    const identity = IDENTITY_ATTRIBUTES.some((k) => a.body[k] !== undefined && JSON.stringify(a.body[k]) === JSON.stringify(b.body[k])) ? 1 : 0;
    return identity + same / Math.max(1, keys.length);
  };
  for (const r of removed) {
    let best: TfResource | undefined;
    let bestScore = 0;
    for (const a of free) {
      if (a.type !== r.type) continue;
      const s = score(r, a);
      if (s > bestScore) [best, bestScore] = [a, s];
    }
    // Only the same type, and either the same name-like attribute or mostly the same arguments.
    if (best && bestScore >= 0.5) {
      pairs.set(r, best);
      free.delete(best);
    }
  }
  return pairs;
}

const RENAME_HINT = 'keep the old construct id, or move the state (cdktf: resource.moveFromId(\'<old address>\') adds a moved block)';

function diffStack(base: TfStack | undefined, head: TfStack | undefined): StackDiff {
  const name = (head ?? base)!.name;
  const environment = (head ?? base)!.environment;
  const changes: ResourceChange[] = [];
  const baseBy = new Map((base?.resources ?? []).map((r) => [r.address, r]));
  const headBy = new Map((head?.resources ?? []).map((r) => [r.address, r]));
  const moves = movedBlocks(head).filter((m) => baseBy.has(m.from) && headBy.has(m.to) && !headBy.has(m.from));
  const movedFrom = new Map(moves.map((m) => [m.to, m.from]));
  const movedAway = new Set(moves.map((m) => m.from));

  const common: { before: TfResource; after: TfResource }[] = [];
  const removed: TfResource[] = [];
  for (const r of base?.resources ?? []) {
    if (movedAway.has(r.address)) continue;
    if (headBy.has(r.address)) common.push({ before: r, after: headBy.get(r.address)! });
    else removed.push(r);
  }
  const added: TfResource[] = [];
  for (const r of head?.resources ?? []) {
    const from = movedFrom.get(r.address);
    if (from) common.push({ before: baseBy.get(from)!, after: r });
    else if (!baseBy.has(r.address)) added.push(r);
  }

  // Updates and replacements of resources present on both sides.
  const replaced = new Set<string>();
  const pending: { before: TfResource; after: TfResource; changed: string[]; forcing: string[] }[] = [];
  for (const { before, after } of common) {
    const changed = changedPaths(before.body, after.body);
    const forcing = forcingChanges(after.type, changed);
    if (forcing.length) replaced.add(after.address);
    if (changed.length || movedFrom.has(after.address)) pending.push({ before, after, changed, forcing });
  }
  // A forcing attribute that refers to a replaced resource changes too (its id/arn is only known after
  // apply): replacement cascades inside the stack.
  const cascade = new Map<string, string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const { before, after } of common) {
      if (replaced.has(after.address)) continue;
      const forceNew = REPLACEMENT_ATTRIBUTES[after.type]?.forceNew ?? [];
      for (const f of forceNew) {
        const target = referencedAddresses(getPath(after.body, f)).find((a) => replaced.has(a));
        if (target) {
          replaced.add(after.address);
          cascade.set(after.address, `${f} refers to ${target}, which is replaced (its new value is only known after apply)`);
          if (!pending.some((p) => p.after === after)) pending.push({ before, after, changed: [], forcing: [] });
          grew = true;
          break;
        }
      }
    }
  }
  for (const { after, changed, forcing } of pending) {
    const isReplace = replaced.has(after.address);
    const reasons = isReplace
      ? [...forcing.map((p) => `${p} forces replacement`), ...(cascade.has(after.address) ? [cascade.get(after.address)!] : [])]
      : [];
    changes.push({
      stack: name, address: after.address, type: after.type, constructPath: after.constructPath,
      action: isReplace ? 'replace' : 'update', stateful: isStateful(after.type), changedAttributes: changed, reasons,
      ...(movedFrom.has(after.address) ? { movedFrom: movedFrom.get(after.address) } : {}),
    });
  }

  const renames = base && head ? pairRenames(removed, added) : new Map<TfResource, TfResource>();
  const renamedFrom = new Map([...renames.entries()].map(([r, a]) => [a, r]));
  for (const r of removed) {
    const to = renames.get(r);
    const reasons = !head ? [`stack ${name} is removed`]
      : to ? [`address change: the resource now has address ${to.address}${to.constructPath ? ` (${to.constructPath})` : ''}; ${RENAME_HINT}`]
        : ['removed from the stack'];
    changes.push({
      stack: name, address: r.address, type: r.type, constructPath: r.constructPath, action: 'delete', stateful: isStateful(r.type),
      changedAttributes: [], reasons, ...(to ? { renamedTo: to.address } : {}),
    });
  }
  for (const a of added) {
    const from = renamedFrom.get(a);
    changes.push({
      stack: name, address: a.address, type: a.type, constructPath: a.constructPath, action: 'create', stateful: isStateful(a.type),
      changedAttributes: [], reasons: from ? [`address change from ${from.address}`] : [], ...(from ? { renamedFrom: from.address } : {}),
    });
  }
  const order: Record<Action, number> = { delete: 0, replace: 1, create: 2, update: 3 };
  changes.sort((x, y) => order[x.action] - order[y.action] || x.address.localeCompare(y.address));
  const counts: Record<Action, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) counts[c.action]++;
  const status: StackStatus = !base ? 'added' : !head ? 'removed' : changes.length ? 'changed' : 'unchanged';
  return { stack: name, environment, status, changes, counts };
}

/** Diffs every stack of base and head. */
export function diffSynth(base: TfSynth, head: TfSynth): SynthDiff {
  const baseBy = new Map(base.stacks.map((s) => [s.name, s]));
  const headBy = new Map(head.stacks.map((s) => [s.name, s]));
  const names = [...new Set([...baseBy.keys(), ...headBy.keys()])].sort();
  const stacks = names.map((n) => diffStack(baseBy.get(n), headBy.get(n)));
  const statefulRisks = stacks.flatMap((s) => s.changes.filter((c) => c.stateful && (c.action === 'delete' || c.action === 'replace')));
  return { stacks, statefulRisks };
}
