/**
 * Runs a CloudFront Functions (JavaScript runtime 2.0) source file under Node, unchanged: the only
 * lines the runtime resolves itself, `import crypto from 'crypto';` and `import cf from 'cloudfront';`,
 * are bound to Node's `crypto` and to an in-memory KeyValueStore with the runtime's `get` semantics
 * (missing key rejects; formats string/json/bytes). Nothing else of the file is touched.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as vm from 'vm';

/** A request event as CloudFront Functions passes it (the subset the edge functions read). */
export interface CfRequest {
  uri: string;
  method?: string;
  headers: Record<string, { value: string }>;
  querystring: Record<string, { value: string; multiValue?: { value: string }[] }>;
  cookies?: Record<string, { value: string }>;
}

export interface CfResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, { value: string }>;
}

export type CfHandler = (event: { version: '1.0'; context: { eventType: 'viewer-request' }; viewer: { ip: string }; request: CfRequest }) => Promise<CfRequest | CfResponse>;

/** The `cloudfront` module of runtime 2.0, backed by a Map the test controls. */
export function cloudfrontModule(store: Map<string, string>): { kvs: () => { get: (key: string, options?: { format?: string }) => Promise<unknown>; exists: (key: string) => Promise<boolean> } } {
  return {
    kvs: () => ({
      get: async (key: string, options?: { format?: string }) => {
        const value = store.get(key);
        if (value === undefined) throw new Error(`KeyValueStore: key ${key} not found`);
        const format = options?.format ?? 'string';
        if (format === 'json') return JSON.parse(value) as unknown;
        if (format === 'bytes') return Buffer.from(value, 'utf8');
        return value;
      },
      exists: async (key: string) => store.has(key),
    }),
  };
}

const IMPORT_LINE = /^import (\w+) from '([a-z]+)';$/;

/** Loads `file` (a CloudFront Function) and returns its top-level `handler`. */
export function loadCloudFrontFunction(file: string, store: Map<string, string>): CfHandler {
  const source = fs.readFileSync(file, 'utf8');
  const modules: Record<string, unknown> = { crypto, cloudfront: cloudfrontModule(store) };
  const lines = source.split('\n').map((line) => {
    const m = IMPORT_LINE.exec(line);
    if (!m) {
      if (/^\s*(import|export)\b/.test(line)) throw new Error(`${file}: unsupported module syntax: ${line}`);
      return line;
    }
    if (!(m[2] in modules)) throw new Error(`${file}: imports '${m[2]}', which CloudFront Functions does not provide`);
    // Same line count, so stack traces point at the file's own lines.
    return `const ${m[1]} = __modules[${JSON.stringify(m[2])}];`;
  });
  const context = vm.createContext({ __modules: modules, Buffer, console });
  vm.runInContext(`${lines.join('\n')}\n;globalThis.__handler = handler;`, context, { filename: file });
  return (context as { __handler: CfHandler }).__handler;
}

/** A viewer-request event for `uri` on `host` with optional query parameters and headers. */
export function viewerRequest(host: string, uri: string, query: Record<string, string> = {}, headers: Record<string, string> = {}): Parameters<CfHandler>[0] {
  const hs: CfRequest['headers'] = { host: { value: host } };
  for (const [k, v] of Object.entries(headers)) hs[k.toLowerCase()] = { value: v };
  const qs: CfRequest['querystring'] = {};
  for (const [k, v] of Object.entries(query)) qs[k] = { value: v };
  return { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '198.51.100.7' }, request: { uri, method: 'GET', headers: hs, querystring: qs } };
}
