/**
 * Offline plan preview: compares two synthesized outputs (base, head) stack by stack. Resources are
 * matched by stack name + `<type>.<name>`; an address that disappears while another of the same type
 * appears is the same logical resource renamed (construct ids become addresses), which Terraform
 * destroys and creates unless a `moved` block says otherwise. Changed attributes come from a deep diff
 * that ignores cdktf's `//` metadata.
 */
import { getPath, referencedAddresses, TfResource, TfStack, TfSynth } from '../tfjson';
import { Collision, ConstructMove, findCollisions, planConstructMoves } from './collisions';
import { FORCE_NEW_META, isStateful, REPLACEMENT_ATTRIBUTES } from './replacement-attributes';
import { defaultTagsOf, providerBlocks, providerKeyOf, SettingChange, settingChanges } from './stack-settings';
import { receivesDefaultTags } from './taggable';

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
  /** Create/destroy with the same physical name or construct path: the apply would fail. */
  readonly collision?: { readonly with: string; readonly sameBy: string };
}

export type StackStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface StackDiff {
  readonly stack: string;
  readonly environment: string;
  readonly status: StackStatus;
  readonly changes: readonly ResourceChange[];
  readonly counts: Readonly<Record<Action, number>>;
  /** Provider, backend, output, data source, moved block and lifecycle changes. */
  readonly settings: readonly SettingChange[];
  /** Pairs that would fail on apply, and the moves that fix them (every resource of each renamed construct). */
  readonly collisions: readonly Collision[];
  readonly constructMoves: readonly ConstructMove[];
}

export interface SynthDiff {
  readonly stacks: readonly StackDiff[];
  /** Stateful resources that would be destroyed or replaced, in every stack. */
  readonly statefulRisks: readonly ResourceChange[];
  /** Destroy/create pairs with the same physical name or construct path, in every stack (apply failures). */
  readonly collisions: readonly (Collision & { readonly stack: string })[];
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

  // Updates and replacements of resources present on both sides. References to moved resources are
  // compared by their base address (a moved resource is the same object).
  const replaced = new Set<string>();
  const pending: { before: TfResource; after: TfResource; changed: string[]; forcing: string[] }[] = [];
  const providerEffects = providerResourceEffects(base, head);
  const extraReasons = new Map<string, string>();
  for (const { before, after } of common) {
    const changed = changedPaths(before.body, renameReferences(after.body, movedFrom));
    const forcing = forcingChanges(after.type, changed);
    const effect = providerEffects(after);
    if (effect?.replace) {
      replaced.add(after.address);
      extraReasons.set(after.address, effect.replace);
    }
    if (effect?.tags.length) changed.push(...effect.tags.filter((t) => !changed.includes(t)));
    if (forcing.length) replaced.add(after.address);
    if (changed.length || movedFrom.has(after.address) || effect?.replace) pending.push({ before, after, changed, forcing });
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
      ? [...forcing.map((p) => `${p} forces replacement`), ...(cascade.has(after.address) ? [cascade.get(after.address)!] : []),
        ...(extraReasons.has(after.address) ? [extraReasons.get(after.address)!] : [])]
      : [];
    changes.push({
      stack: name, address: after.address, type: after.type, constructPath: after.constructPath,
      action: isReplace ? 'replace' : 'update', stateful: isStateful(after.type), changedAttributes: changed, reasons,
      ...(movedFrom.has(after.address) ? { movedFrom: movedFrom.get(after.address) } : {}),
    });
  }

  const collisions = base && head ? findCollisions(removed, added) : [];
  const collidesFrom = new Map(collisions.map((c) => [c.from.address, c]));
  const collidesTo = new Map(collisions.map((c) => [c.to.address, c]));
  const constructMoves = planConstructMoves(collisions, removed, added);
  const renames = base && head ? pairRenames(removed.filter((r) => !collidesFrom.has(r.address)), added.filter((a) => !collidesTo.has(a.address))) : new Map<TfResource, TfResource>();
  for (const c of collisions) renames.set(c.from, c.to);
  const renamedFrom = new Map([...renames.entries()].map(([r, a]) => [a, r]));
  for (const r of removed) {
    const to = renames.get(r);
    const hit = collidesFrom.get(r.address);
    const reasons = !head ? [`stack ${name} is removed`]
      : hit ? [`apply would fail: ${hit.to.address} is created with the same ${hit.sameBy} while this one is destroyed; move the state (moved block / moveFromId) instead`]
        : to ? [`address change: the resource now has address ${to.address}${to.constructPath ? ` (${to.constructPath})` : ''}; ${RENAME_HINT}`]
          : ['removed from the stack'];
    changes.push({
      stack: name, address: r.address, type: r.type, constructPath: r.constructPath, action: 'delete', stateful: isStateful(r.type),
      changedAttributes: [], reasons, ...(to ? { renamedTo: to.address } : {}),
      ...(hit ? { collision: { with: hit.to.address, sameBy: hit.sameBy } } : {}),
    });
  }
  for (const a of added) {
    const from = renamedFrom.get(a);
    const hit = collidesTo.get(a.address);
    changes.push({
      stack: name, address: a.address, type: a.type, constructPath: a.constructPath, action: 'create', stateful: isStateful(a.type),
      changedAttributes: [], reasons: hit ? [`apply would fail: ${hit.from.address} still exists with the same ${hit.sameBy}`] : from ? [`address change from ${from.address}`] : [],
      ...(from ? { renamedFrom: from.address } : {}), ...(hit ? { collision: { with: hit.from.address, sameBy: hit.sameBy } } : {}),
    });
  }
  const order: Record<Action, number> = { delete: 0, replace: 1, create: 2, update: 3 };
  changes.sort((x, y) => order[x.action] - order[y.action] || x.address.localeCompare(y.address));
  const counts: Record<Action, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) counts[c.action]++;
  const settings = settingChanges(base, head);
  const status: StackStatus = !base ? 'added' : !head ? 'removed' : changes.length || settings.length ? 'changed' : 'unchanged';
  return { stack: name, environment, status, changes, counts, settings, collisions, constructMoves };
}

/** Rewrites `${<moved-to address>.attr}` references to the base address the resource moved from. */
function renameReferences(body: Record<string, unknown>, movedFrom: ReadonlyMap<string, string>): Record<string, unknown> {
  if (movedFrom.size === 0) return body;
  const rewrite = (v: unknown): unknown => {
    if (typeof v === 'string' && v.includes('${')) {
      let out = v;
      for (const [to, from] of movedFrom) out = out.split(`${to}.`).join(`${from}.`);
      return out;
    }
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
    return v;
  };
  return rewrite(body) as Record<string, unknown>;
}

/**
 * What a provider block change does to a resource: default tag changes update every resource that
 * receives default tags (`tags_all.<key>`); a region or allowed-account change re-creates every resource
 * of that provider elsewhere (Terraform finds none of them in the new region/account).
 */
function providerResourceEffects(base: TfStack | undefined, head: TfStack | undefined): (r: TfResource) => { tags: string[]; replace?: string } | undefined {
  const a = providerBlocks(base);
  const b = providerBlocks(head);
  const tagChanges = new Map<string, string[]>();
  const moved = new Map<string, string>();
  for (const [key, y] of b) {
    const x = a.get(key);
    if (!x) continue;
    const tx = defaultTagsOf(x);
    const ty = defaultTagsOf(y);
    const keys = [...new Set([...Object.keys(tx), ...Object.keys(ty)])].filter((k) => JSON.stringify(tx[k]) !== JSON.stringify(ty[k])).sort();
    if (keys.length) tagChanges.set(key, keys.map((k) => `tags_all.${k}`));
    for (const attr of ['region', 'allowed_account_ids']) {
      if (JSON.stringify(x.body[attr]) !== JSON.stringify(y.body[attr])) {
        moved.set(key, `provider ${key} ${attr} changes from ${JSON.stringify(x.body[attr])} to ${JSON.stringify(y.body[attr])}: the resource is created anew there`);
      }
    }
  }
  if (tagChanges.size === 0 && moved.size === 0) return () => undefined;
  return (r) => {
    const key = providerKeyOf(r.type, r.body);
    const tags = tagChanges.has(key) && receivesDefaultTags(r.type, r.body) ? tagChanges.get(key)! : [];
    const replace = moved.get(key);
    return tags.length || replace ? { tags, replace } : undefined;
  };
}

/** Diffs every stack of base and head. */
export function diffSynth(base: TfSynth, head: TfSynth): SynthDiff {
  const baseBy = new Map(base.stacks.map((s) => [s.name, s]));
  const headBy = new Map(head.stacks.map((s) => [s.name, s]));
  const names = [...new Set([...baseBy.keys(), ...headBy.keys()])].sort();
  const stacks = names.map((n) => diffStack(baseBy.get(n), headBy.get(n)));
  const statefulRisks = stacks.flatMap((s) => s.changes.filter((c) => c.stateful && (c.action === 'delete' || c.action === 'replace')));
  const collisions = stacks.flatMap((s) => s.collisions.map((c) => ({ ...c, stack: s.stack })));
  return { stacks, statefulRisks, collisions };
}
