/** Secret detection over a whole stack document: literal values of secret-named attributes, and key material. */
import { isExpression, TfResource, TfStack } from '../tfjson';

/** Attribute names whose value is a secret (matched on the last path segment). */
export const SECRET_ATTRIBUTE = /^(?:.*_)?(password|passwd|secret|auth_token|token|secret_string|secret_key|private_key|client_secret|api_key|access_key)$/i;

/** Attributes whose names end like a secret's but hold none (idempotency tokens). */
export const NOT_SECRET_ATTRIBUTES: readonly string[] = ['creation_token', 'idempotency_token', 'client_token', 'client_request_token'];

const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
/** A whole value that looks like an AWS secret access key (40 base64 characters, mixed classes). */
const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
const SECRET_ACCESS_KEY_ASSIGNMENT = /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}/i;

/** Attributes holding base64 user data, decoded before scanning. */
const BASE64_ATTRIBUTES = ['user_data', 'user_data_base64'];

export interface SecretHit {
  readonly resource?: TfResource;
  /** JSON location inside the stack document, e.g. `resource.aws_db_instance.db.password`. */
  readonly location: string;
  readonly kind: 'literal' | 'material';
  readonly message: string;
}

/** Scans every section of the stack (resources, data, providers, outputs, variables, locals, backend). */
export function findSecrets(stack: TfStack): SecretHit[] {
  const hits: SecretHit[] = [];
  const byAddress = new Map([...stack.resources, ...stack.dataSources].map((r) => [r.address, r]));
  const visit = (value: unknown, location: string, key: string | undefined) => {
    if (typeof value === 'string') {
      scanString(value, location, key, hits, resourceAt(location, byAddress));
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${location}[${i}]`, key));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '//') continue;
        visit(v, location ? `${location}.${k}` : k, k);
      }
    }
  };
  visit(stack.json, '', undefined);
  return hits;
}

function scanString(value: string, location: string, key: string | undefined, hits: SecretHit[], resource: TfResource | undefined): void {
  // Inside a resource, name the attribute relative to it (the finding already names the resource).
  const attr = resource ? location.replace(/^(resource|data)\.[^.[]+\.[^.[]+\./, '') : location;
  if (key && SECRET_ATTRIBUTE.test(key) && !NOT_SECRET_ATTRIBUTES.includes(key) && value.trim() !== '' && !isExpression(value)) {
    hits.push({ resource, location, kind: 'literal', message: `${attr} is a literal string (${value.length} characters); a secret must come from a reference (AWS-managed password, Secrets Manager, KMS), never the synthesized JSON` });
    return;
  }
  const texts = [value];
  if (key && BASE64_ATTRIBUTES.includes(key)) {
    const decoded = tryBase64(value);
    if (decoded) texts.push(decoded);
  }
  for (const text of texts) {
    const what = PRIVATE_KEY.test(text) ? 'a PEM private key'
      : AWS_ACCESS_KEY_ID.test(text) ? 'an AWS access key id'
        : SECRET_ACCESS_KEY_ASSIGNMENT.test(text) || looksLikeSecretAccessKey(text) ? 'what looks like an AWS secret access key' : undefined;
    if (what) {
      hits.push({ resource, location, kind: 'material', message: `${attr} contains ${what}${text === value ? '' : ' (in its base64-decoded content)'}` });
      return;
    }
  }
}

function looksLikeSecretAccessKey(s: string): boolean {
  return SECRET_ACCESS_KEY.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);
}

function tryBase64(s: string): string | undefined {
  if (isExpression(s) || !/^[A-Za-z0-9+/=\s]+$/.test(s) || s.length < 16) return undefined;
  const text = Buffer.from(s, 'base64').toString('utf8');
  return /^[\x09\x0a\x0d\x20-\x7e]*$/.test(text) ? text : undefined;
}

/** `resource.<type>.<name>.attr` / `data.<type>.<name>.attr` -> the block. */
function resourceAt(location: string, byAddress: Map<string, TfResource>): TfResource | undefined {
  const m = /^(resource|data)\.([^.[]+)\.([^.[]+)/.exec(location);
  if (!m) return undefined;
  return byAddress.get(m[1] === 'data' ? `data.${m[2]}.${m[3]}` : `${m[2]}.${m[3]}`);
}
