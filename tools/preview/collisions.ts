/**
 * Destroy/create pairs that would fail on apply: a resource created with the physical name (identifier,
 * name, bucket ...) of a resource destroyed in the same apply, or with the same construct path. Terraform
 * plans both, AWS refuses the create ("already exists") or the destroy (deletion protection), and the
 * apply stops half-way. The fix is to move the state, for every resource of the renamed construct, not
 * only the colliding ones: the old and new addresses are known from both outputs.
 */
import { TfResource } from '../tfjson';

/** Arguments that are a resource's real-world name; equal literal values on both sides collide. */
export const PHYSICAL_NAME_ATTRIBUTES: readonly string[] = [
  'identifier', 'name', 'bucket', 'cluster_name', 'replication_group_id', 'cluster_id', 'creation_token', 'node_group_name',
  'function_name', 'role_name', 'family', 'domain_name', 'repository', 'queue_name', 'topic_name', 'user_id', 'user_group_id',
];

export interface Collision {
  /** Address destroyed (base). */
  readonly from: TfResource;
  /** Address created (head). */
  readonly to: TfResource;
  /** `identifier = "production-eu-west-1-catalog"` or `construct path production-.../x`. */
  readonly sameBy: string;
}

/** A `moved` block that carries the state of `from` to `to`. */
export interface Move {
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly fromPath?: string;
  readonly toPath?: string;
}

/** The rename of one construct: its old and new construct path and the moves for all its resources. */
export interface ConstructMove {
  readonly fromPath: string;
  readonly toPath: string;
  readonly moves: readonly Move[];
}

const literal = (v: unknown) => typeof v === 'string' && v !== '' && !v.includes('${');

/** The physical name two resources share, if any. */
function sharedName(a: TfResource, b: TfResource): string | undefined {
  if (a.type !== b.type) return undefined;
  for (const k of PHYSICAL_NAME_ATTRIBUTES) {
    if (literal(a.body[k]) && a.body[k] === b.body[k]) return `${k} = ${JSON.stringify(a.body[k])}`;
  }
  if (a.constructPath && a.constructPath === b.constructPath) return `construct path ${a.constructPath}`;
  return undefined;
}

/** Removed/added pairs of one stack with the same physical name or construct path. */
export function findCollisions(removed: readonly TfResource[], added: readonly TfResource[]): Collision[] {
  const out: Collision[] = [];
  const free = new Set(added);
  for (const r of removed) {
    for (const a of free) {
      const sameBy = sharedName(r, a);
      if (sameBy) {
        out.push({ from: r, to: a, sameBy });
        free.delete(a);
        break;
      }
    }
  }
  return out;
}

const segments = (p: string | undefined) => (p ? p.split('/') : []);

/** Old and new construct path prefixes of a pair: the paths minus their longest common tail. */
function renamedPrefixes(from: TfResource, to: TfResource): { fromPath: string; toPath: string } | undefined {
  const a = segments(from.constructPath);
  const b = segments(to.constructPath);
  if (a.length === 0 || b.length === 0) return undefined;
  let tail = 0;
  while (tail < a.length - 1 && tail < b.length - 1 && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { fromPath: a.slice(0, a.length - tail).join('/'), toPath: b.slice(0, b.length - tail).join('/') };
}

/**
 * The constructs behind the collisions and a move for every resource under each: a removed resource at
 * `<old construct path>/<rest>` moves to the added resource of the same type at `<new construct path>/<rest>`.
 * Colliding pairs without construct paths are moved one by one.
 */
export function planConstructMoves(collisions: readonly Collision[], removed: readonly TfResource[], added: readonly TfResource[]): ConstructMove[] {
  const plans = new Map<string, ConstructMove>();
  const planned = new Set<string>();
  for (const c of collisions) {
    const prefixes = renamedPrefixes(c.from, c.to);
    if (!prefixes || prefixes.fromPath === prefixes.toPath) {
      const key = `${c.from.address}->${c.to.address}`;
      if (!planned.has(c.from.address)) {
        plans.set(key, { fromPath: c.from.constructPath ?? c.from.address, toPath: c.to.constructPath ?? c.to.address, moves: [move(c.from, c.to)] });
        planned.add(c.from.address);
      }
      continue;
    }
    const key = `${prefixes.fromPath}->${prefixes.toPath}`;
    if (plans.has(key)) continue;
    const moves: Move[] = [];
    const targets = new Map(added.filter((a) => a.constructPath?.startsWith(`${prefixes.toPath}/`)).map((a) => [`${a.type} ${a.constructPath!.slice(prefixes.toPath.length)}`, a]));
    for (const r of removed) {
      if (!r.constructPath?.startsWith(`${prefixes.fromPath}/`) || planned.has(r.address)) continue;
      const target = targets.get(`${r.type} ${r.constructPath.slice(prefixes.fromPath.length)}`);
      if (target) {
        moves.push(move(r, target));
        planned.add(r.address);
      }
    }
    plans.set(key, { ...prefixes, moves: moves.sort((x, y) => x.from.localeCompare(y.from)) });
  }
  return [...plans.values()];
}

function move(from: TfResource, to: TfResource): Move {
  return { type: from.type, from: from.address, to: to.address, fromPath: from.constructPath, toPath: to.constructPath };
}

/** HCL `moved` blocks (for a stack written in HCL, or `terraform state mv` by hand). */
export function movedBlocksHcl(moves: readonly Move[]): string {
  return moves.map((m) => `moved {\n  from = ${m.from}\n  to   = ${m.to}\n}`).join('\n');
}

/** The cdktf calls: one `moveFromId` per new resource (construct path shown), or the construct's `moveFrom`. */
export function moveCalls(plan: ConstructMove): string[] {
  const oldId = plan.fromPath.split('/').pop();
  const lines = [`// ${plan.fromPath} -> ${plan.toPath}: on constructs with moveFrom (PostgresDatabase ...), or moveConstructFrom(construct, oldId) from @ott-platform/infra/core:`,
    `moveConstructFrom(<construct at ${plan.toPath}>, '${oldId}');`, '// or resource by resource:'];
  for (const m of plan.moves) lines.push(`<${m.toPath ?? m.to}>.moveFromId('${m.from}');`);
  return lines;
}
