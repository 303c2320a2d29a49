/**
 * IAM policy documents as they appear in synthesized JSON: JSON strings (with Terraform `${...}`
 * interpolations inside string values, as constructs/core/iam.ts policyJson() renders them), or a
 * reference to a `data.aws_iam_policy_document`, whose statement blocks are read instead.
 */
import { asList, isPureReference, referencedAddresses, TfResource, TfStack } from '../tfjson';

/** A policy statement normalised to lists. */
export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `*`, or principal type -> identifiers. */
  readonly principals: '*' | Readonly<Record<string, readonly string[]>> | undefined;
  /** Conditions as (operator, key, values) triples. */
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

/** Which role a document plays: identity policies get the wildcard rules; key policies are exempt. */
export type DocumentKind = 'identity' | 'trust' | 'key' | 'resource';

/** A policy document found in a stack. */
export interface PolicyDocumentRef {
  readonly resource: TfResource;
  /** Attribute holding the document, e.g. `policy`, `inline_policy[0].policy`. */
  readonly attribute: string;
  readonly kind: DocumentKind;
  /** Parsed statements, or the reason the document could not be read. */
  readonly statements?: readonly Statement[];
  readonly error?: string;
}

const IDENTITY_POLICY_TYPES = ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];
const RESOURCE_POLICY_ATTRS: Readonly<Record<string, string>> = {
  aws_s3_bucket_policy: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_ecr_repository_policy: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
  aws_msk_cluster_policy: 'policy',
  aws_efs_file_system_policy: 'policy',
};

/** Every policy document of the stack, parsed, with the role it plays. */
export function policyDocuments(stack: TfStack): PolicyDocumentRef[] {
  // Several rules read the same stack's documents: parse them once per stack (the output is read-only).
  const cached = documentsByStack.get(stack);
  if (cached) return cached;
  const out: PolicyDocumentRef[] = [];
  const add = (resource: TfResource, attribute: string, kind: DocumentKind, value: unknown) => {
    if (value === undefined || value === null) return;
    out.push({ resource, attribute, kind, ...parseDocument(stack, value) });
  };
  for (const r of stack.resources) {
    if (IDENTITY_POLICY_TYPES.includes(r.type)) add(r, 'policy', 'identity', r.body.policy);
    if (r.type === 'aws_iam_role') {
      add(r, 'assume_role_policy', 'trust', r.body.assume_role_policy);
      asList(r.body.inline_policy).forEach((p, i) => add(r, `inline_policy[${i}].policy`, 'identity', p.policy));
    }
    if (r.type === 'aws_kms_key' || r.type === 'aws_kms_key_policy') add(r, 'policy', 'key', r.body.policy);
    const resourceAttr = RESOURCE_POLICY_ATTRS[r.type];
    if (resourceAttr) add(r, resourceAttr, 'resource', r.body[resourceAttr]);
  }
  documentsByStack.set(stack, out);
  return out;
}

const documentsByStack = new WeakMap<TfStack, PolicyDocumentRef[]>();

/** Parses one policy attribute value. */
export function parseDocument(stack: TfStack, value: unknown): { statements?: Statement[]; error?: string } {
  if (typeof value !== 'string') return { error: 'policy is not a string' };
  if (isPureReference(value)) {
    const [address] = referencedAddresses(value);
    const doc = stack.dataSources.find((d) => d.address === address && d.type === 'aws_iam_policy_document');
    if (doc) return { statements: asList(doc.body.statement).map(fromDataStatement) };
    return { error: `policy is a reference (${value}) the pack cannot read; render it with policyJson() or a data.aws_iam_policy_document in the same stack` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { error: `policy is not literal JSON (${truncate(value, 80)}); render it with policyJson() so the pack can check it` };
  }
  const statements = (parsed as { Statement?: unknown }).Statement;
  if (statements === undefined) return { error: 'policy has no Statement' };
  return { statements: (Array.isArray(statements) ? statements : [statements]).map((s) => fromJsonStatement(s as Record<string, unknown>)) };
}

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

function fromJsonStatement(s: Record<string, unknown>): Statement {
  const conditions: { test: string; variable: string; values: string[] }[] = [];
  for (const [test, byKey] of Object.entries((s.Condition as Record<string, Record<string, unknown>>) ?? {})) {
    for (const [variable, values] of Object.entries(byKey ?? {})) conditions.push({ test, variable, values: list(values) });
  }
  let principals: Statement['principals'];
  if (s.Principal === '*') principals = '*';
  else if (s.Principal && typeof s.Principal === 'object') {
    principals = Object.fromEntries(Object.entries(s.Principal as Record<string, unknown>).map(([k, v]) => [k, list(v)]));
  }
  return {
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: list(s.Action),
    notActions: list(s.NotAction),
    resources: list(s.Resource),
    notResources: list(s.NotResource),
    principals,
    conditions,
  };
}

function fromDataStatement(s: Record<string, unknown>): Statement {
  const principals: Record<string, string[]> = {};
  for (const p of asList(s.principals)) principals[String(p.type)] = list(p.identifiers);
  return {
    sid: typeof s.sid === 'string' ? s.sid : undefined,
    effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
    actions: list(s.actions),
    notActions: list(s.not_actions),
    resources: list(s.resources),
    notResources: list(s.not_resources),
    principals: Object.keys(principals).length > 0 ? principals : undefined,
    conditions: asList(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: list(c.values) })),
  };
}

/** True when an IAM action pattern (with `*` and `?` wildcards, case-insensitive) matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  let re = actionPatterns.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
    actionPatterns.set(pattern, re);
  }
  return re.test(action);
}

/** Compiled action patterns: the rules test thousands of action pairs per synth, over a few hundred patterns. */
const actionPatterns = new Map<string, RegExp>();

/** True when the statement's principal is everyone (`*` or `{"AWS": "*"}`). */
export function isPublicPrincipal(s: Statement): boolean {
  if (s.principals === '*') return true;
  return !!s.principals && Object.values(s.principals).some((ids) => ids.includes('*'));
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}
