import { Construct, IConstruct } from 'constructs';
import { Token } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PlatformValidationError } from '../core/errors';
import { policyJson, PolicyStatement } from '../core/iam';

/**
 * Who a grant is for: an IamRole construct, or just a role name (a literal or a reference) for roles
 * made elsewhere (e.g. an EKS Pod Identity role of a later layer).
 */
export type GrantRole = IamRole | { readonly roleName: string };

/** Where a grant's `aws_iam_role_policy` is created, and for whom. */
export interface GrantTarget {
  readonly role: GrantRole;
  /**
   * Scope to create the policy in. Pass a construct of the layer that owns the role, so the policy
   * lives in that layer's stack and only references the data layer (never the other way round).
   * @default - the role itself when it is an IamRole, otherwise the granting construct
   */
  readonly scope?: Construct;
}

/** Actions that AWS only authorizes on `Resource: "*"` (not data actions). */
const STAR_RESOURCE_ACTIONS: readonly string[] = ['ecr:GetAuthorizationToken'];

/** The role's name as a string (reference or literal). */
export function roleNameOf(role: GrantRole): string {
  return role instanceof IamRole ? role.name : role.roleName;
}

function asArray(v: string | readonly string[] | undefined): readonly string[] {
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

/**
 * Throws unless every statement names concrete actions (no `*`, no `service:*`) and, except for the few
 * actions AWS only grants on `*`, concrete resources (never a bare `*`).
 */
export function assertLeastPrivilege(where: string, statements: readonly PolicyStatement[]): void {
  for (const s of statements) {
    const actions = asArray(s.Action);
    const resources = asArray(s.Resource);
    for (const a of actions) {
      if (a === '*' || a.endsWith(':*')) throw new PlatformValidationError(where, `grant action '${a}' is a wildcard; name the actions`);
    }
    if (resources.length === 0) throw new PlatformValidationError(where, 'grant statement names no resource');
    if (resources.includes('*') && !actions.every((a) => STAR_RESOURCE_ACTIONS.includes(a))) {
      throw new PlatformValidationError(where, `grant of ${actions.join(', ')} on Resource '*'; scope it to the resource ARNs`);
    }
  }
}

/**
 * Creates (once per granting construct, role and purpose) an inline policy on the role. `purpose` is a
 * short literal (`produce-user-events`), used in the construct id and the policy name.
 */
export function grantStatements(granting: IConstruct, target: GrantRole | GrantTarget, purpose: string, statements: readonly PolicyStatement[]): IamRolePolicy {
  const { role, scope } = 'role' in target ? target : { role: target, scope: undefined };
  assertLeastPrivilege(granting.node.path, statements);
  const host: Construct = scope ?? (role instanceof IamRole ? role : (granting as Construct));
  const roleName = roleNameOf(role);
  // Literal role names make the id unique per role; a referenced name is unique through its host (the role).
  const roleKey = Token.isUnresolved(roleName) ? '' : `-${slug(roleName)}`;
  const id = `grant-${slug(granting.node.path)}${roleKey}-${slug(purpose)}`;
  const existing = host.node.tryFindChild(id) as IamRolePolicy | undefined;
  if (existing) {
    if (existing.roleInput === roleName) return existing;
    throw new PlatformValidationError(granting.node.path, `'${purpose}' was already granted from ${host.node.path} to another role; pass a distinct scope per role`);
  }
  return new IamRolePolicy(host, id, {
    name: purpose.slice(0, 128),
    role: roleName,
    policy: policyJson({ Statement: statements }),
  });
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
