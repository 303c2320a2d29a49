import { Construct } from 'constructs';
import { TerraformResource, TerraformStack } from 'cdktf';
import { PlatformValidationError } from './errors';

/** One state move a construct-level move adds: `moved { from, to }`. */
export interface ResourceMove {
  readonly from: string;
  readonly to: string;
}

/**
 * Moves the Terraform state of every resource under `construct` from the addresses they had when the
 * construct's id was `oldId` (same parent, same children): renaming a construct that owns several
 * resources with fixed physical names (a database's instance, parameter group, subnet group, log
 * groups, role, key alias ...) then plans no destroy/create at all. Moving only some of them fails the
 * apply: the others are created while their namesakes still exist.
 *
 * Uses cdktf's public `TerraformResource.moveFromId` (one `moved` block per resource); the old address
 * is computed with the stack's own `getLogicalId` on a temporary twin of the old construct path, which
 * is removed again. The plan preview (`npm run preview`) prints the same moves when it detects the rename.
 *
 * @returns the moves, in construct order
 */
export function moveConstructFrom(construct: Construct, oldId: string): ResourceMove[] {
  const parent = construct.node.scope;
  if (!parent) throw new PlatformValidationError(construct.node.path, 'a root construct cannot be moved');
  if (!oldId || oldId === construct.node.id) throw new PlatformValidationError(construct.node.path, `moveConstructFrom needs the construct's previous id, different from '${construct.node.id}'`);
  if (parent.node.tryFindChild(oldId)) throw new PlatformValidationError(construct.node.path, `'${oldId}' is still a construct under ${parent.node.path}; moving from it would make two owners of one state`);
  const stack = TerraformStack.of(construct);
  const moves: ResourceMove[] = [];
  const twinRoot = new Construct(parent, oldId);
  try {
    for (const child of construct.node.findAll()) {
      if (!TerraformResource.isTerraformResource(child)) continue;
      const resource = child as TerraformResource;
      // The same path below the construct, rooted at the old id.
      const relative = resource.node.scopes.slice(construct.node.scopes.length).map((c) => c.node.id);
      let twin: Construct = twinRoot;
      for (const id of relative) twin = (twin.node.tryFindChild(id) as Construct | undefined) ?? new Construct(twin, id);
      const from = `${resource.terraformResourceType}.${stack.getLogicalId(twin.node)}`;
      resource.moveFromId(from);
      moves.push({ from, to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
    }
  } finally {
    parent.node.tryRemoveChild(oldId);
  }
  return moves;
}
