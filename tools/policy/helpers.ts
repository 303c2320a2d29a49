/** Small helpers the policy rules share: literal booleans, value display, per-resource hits, attachments. */
import { getPath, isExpression, referencedAddresses, resourcesOfType, TfResource, TfStack } from '../tfjson';
import { policyDocuments, Statement } from './iam-documents';
import { RuleHit } from './types';

export const isTrue = (v: unknown) => v === true || v === 'true';
export const isFalse = (v: unknown) => v === false || v === 'false';
export const show = (v: unknown) => (v === undefined ? 'not set' : JSON.stringify(v));

/** Hit on `r` for every resource of `types` where `bad(r)` returns a message. */
export function each(stack: TfStack, types: readonly string[], bad: (r: TfResource) => string | undefined): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const r of resourcesOfType(stack, ...types)) {
    const message = bad(r);
    if (message) hits.push({ resource: r, message });
  }
  return hits;
}

/** Resources of `type` whose `attr` refers to `target` (by `${target.…}` or by its literal name). */
export function attachedTo(stack: TfStack, type: string, attr: string, target: TfResource, literalKey?: string): TfResource[] {
  const literal = literalKey ? target.body[literalKey] : undefined;
  return resourcesOfType(stack, type).filter((r) => {
    const v = getPath(r.body, attr);
    return referencedAddresses(v).includes(target.address) || (literal !== undefined && !isExpression(literal) && v === literal);
  });
}

export const isReplica = (r: TfResource) => r.body.replicate_source_db !== undefined;


/** Every statement of the stack's identity policies (inline role policies, managed policies), with a label for messages. */
export function identityStatements(stack: TfStack): { resource: TfResource; attribute: string; statement: Statement; label: string }[] {
  const out: { resource: TfResource; attribute: string; statement: Statement; label: string }[] = [];
  for (const doc of policyDocuments(stack)) {
    if (doc.kind !== 'identity' || !doc.statements) continue;
    doc.statements.forEach((statement, i) => out.push({
      resource: doc.resource, attribute: doc.attribute, statement, label: statement.sid ? `statement "${statement.sid}"` : `statement #${i + 1}`,
    }));
  }
  return out;
}
