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

/** Hits per stack: two rules (literal secrets, key material) read the same scan. */
const scanned = new WeakMap<TfStack, SecretHit[]>();

/** Scans every section of the stack (resources, data, providers, outputs, variables, locals, backend). */
export function findSecrets(stack: TfStack): SecretHit[] {
  let hits = scanned.get(stack);
  if (!hits) {
    hits = scan(stack);
    scanned.set(stack, hits);
  }
  return hits;
}

/** Below this length a string can hold no key material (an access key id, the shortest, is 20 characters). */
const MIN_MATERIAL_LENGTH = 20;

function scan(stack: TfStack): SecretHit[] {
  const hits: SecretHit[] = [];
  let byAddress: Map<string, TfResource> | undefined;
  const resourceOf = (location: string) => {
    byAddress ??= new Map([...stack.resources, ...stack.dataSources].map((r) => [r.address, r]));
    return resourceAt(location, byAddress);
  };
  const secretKey = new Map<string, boolean>();
  // The JSON location is built only for a string that may be a hit: `path` holds its parts meanwhile.
  const path: (string | number)[] = [];
  const visit = (value: unknown, key: string | undefined) => {
    if (typeof value === 'string') {
      let literal = false;
      if (key !== undefined) {
        let secret = secretKey.get(key);
        if (secret === undefined) {
          secret = SECRET_ATTRIBUTE.test(key) && !NOT_SECRET_ATTRIBUTES.includes(key);
          secretKey.set(key, secret);
        }
        literal = secret;
      }
      if (literal || value.length >= MIN_MATERIAL_LENGTH || (key !== undefined && BASE64_ATTRIBUTES.includes(key))) {
        const location = locationOf(path);
        scanString(value, location, key, hits, () => resourceOf(location));
      }
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i], key);
        path.pop();
      }
    } else if (value && typeof value === 'object') {
      for (const k of Object.keys(value)) {
        if (k === '//') continue;
        path.push(k);
        visit((value as Record<string, unknown>)[k], k);
        path.pop();
      }
    }
  };
  visit(stack.json, undefined);
  return hits;
}

/** `resource.aws_db_instance.db.password`, `provider.aws[0].secret_key`. */
function locationOf(path: readonly (string | number)[]): string {
  let location = '';
  for (const part of path) location = typeof part === 'number' ? `${location}[${part}]` : location ? `${location}.${part}` : part;
  return location;
}

function scanString(value: string, location: string, key: string | undefined, hits: SecretHit[], resourceAtLocation: () => TfResource | undefined): void {
  // Inside a resource, name the attribute relative to it (the finding already names the resource).
  const attr = () => {
    const resource = resourceAtLocation();
    return { resource, attr: resource ? location.replace(/^(resource|data)\.[^.[]+\.[^.[]+\./, '') : location };
  };
  if (key && SECRET_ATTRIBUTE.test(key) && !NOT_SECRET_ATTRIBUTES.includes(key) && value.trim() !== '' && !isExpression(value)) {
    const at = attr();
    hits.push({ resource: at.resource, location, kind: 'literal', message: `${at.attr} is a literal string (${value.length} characters); a secret must come from a reference (AWS-managed password, Secrets Manager, KMS), never the synthesized JSON` });
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
      const at = attr();
      hits.push({ resource: at.resource, location, kind: 'material', message: `${at.attr} contains ${what}${text === value ? '' : ' (in its base64-decoded content)'}` });
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
