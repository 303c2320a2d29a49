// Validates emitted Kubernetes objects against the upstream schema of their kind and version:
// - built-in kinds: kubernetes-models 4.x (values, enums, required fields) plus TypeScript's excess-
//   property check against the same package's upstream-generated types (unknown field names);
// - custom resources: the CRD's openAPIV3Schema at the pinned chart version (test/fixtures/crd-schemas),
//   with unknown fields refused where the CRD does not preserve them (kubernetes_manifest refuses them
//   at plan time too).
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import * as ts from 'typescript';

export type K8sObject = { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string }; [k: string]: unknown };

/** Built-in kinds: kubernetes-models module path and exported interface/class names. */
const BUILT_INS: Record<string, { module: string; cls: string; iface: string }> = {
  'v1/Namespace': { module: 'kubernetes-models/v1/Namespace', cls: 'Namespace', iface: 'INamespace' },
  'v1/ResourceQuota': { module: 'kubernetes-models/v1/ResourceQuota', cls: 'ResourceQuota', iface: 'IResourceQuota' },
  'v1/LimitRange': { module: 'kubernetes-models/v1/LimitRange', cls: 'LimitRange', iface: 'ILimitRange' },
  'scheduling.k8s.io/v1/PriorityClass': { module: 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass', cls: 'PriorityClass', iface: 'IPriorityClass' },
  'v1/ServiceAccount': { module: 'kubernetes-models/v1/ServiceAccount', cls: 'ServiceAccount', iface: 'IServiceAccount' },
  'v1/Service': { module: 'kubernetes-models/v1/Service', cls: 'Service', iface: 'IService' },
  'apps/v1/Deployment': { module: 'kubernetes-models/apps/v1/Deployment', cls: 'Deployment', iface: 'IDeployment' },
  'autoscaling/v2/HorizontalPodAutoscaler': { module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', cls: 'HorizontalPodAutoscaler', iface: 'IHorizontalPodAutoscaler' },
  'policy/v1/PodDisruptionBudget': { module: 'kubernetes-models/policy/v1/PodDisruptionBudget', cls: 'PodDisruptionBudget', iface: 'IPodDisruptionBudget' },
  'batch/v1/CronJob': { module: 'kubernetes-models/batch/v1/CronJob', cls: 'CronJob', iface: 'ICronJob' },
  'networking.k8s.io/v1/NetworkPolicy': { module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy', cls: 'NetworkPolicy', iface: 'INetworkPolicy' },
};

const CRD_DIR = path.join(__dirname, 'fixtures', 'crd-schemas');

/** ObjectMeta fields the library may set on a custom resource (CRD schemas leave metadata open). */
const OBJECT_META = {
  type: 'object', additionalProperties: false, required: ['name'],
  properties: {
    name: { type: 'string' }, namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

type Schema = Record<string, unknown>;

/** `schema` with each subschema (under properties, items, additionalProperties, anyOf/allOf/oneOf) replaced by `f` of it. */
function mapSubschemas(schema: Schema, f: (s: Schema) => Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, s]) => [p, f(s)]));
    } else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') {
      out[k] = f(v as Schema);
    } else if ((k === 'anyOf' || k === 'allOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = v.map((s) => f(s as Schema));
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** Refuses unknown fields wherever the CRD lists properties and neither preserves unknown fields nor sets additionalProperties. */
function strict(schema: Schema): Schema {
  const out = mapSubschemas(schema, strict);
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/**
 * The same schema with every subschema that occurs more than once (identical JSON text, at least 100 characters)
 * defined once under `$defs` and referenced (`$ref`) where it occurred. Validation is unchanged (same keywords at
 * the same instance paths, same errors); Ajv compiles each shared subschema once instead of at every occurrence.
 * CRDs repeat whole Kubernetes types: KServe's InferenceService schema holds the container schema 40 times and the
 * pod spec in every component, and compiling it as is took ~10 s of CPU per test file, ~1 s deduplicated.
 */
function shareRepeated(root: Schema): Schema {
  const count = new Map<string, number>();
  const tally = (s: Schema): Schema => {
    const text = JSON.stringify(s);
    if (text.length >= 100) count.set(text, (count.get(text) ?? 0) + 1);
    mapSubschemas(s, tally);
    return s;
  };
  mapSubschemas(root, tally);
  const defs: Record<string, Schema> = {};
  const names = new Map<string, string>();
  const share = (s: Schema): Schema => {
    const text = JSON.stringify(s);
    if ((count.get(text) ?? 0) < 2) return mapSubschemas(s, share);
    let name = names.get(text);
    if (!name) {
      name = `shared${names.size}`;
      names.set(text, name);
      defs[name] = mapSubschemas(s, share);
    }
    return { $ref: `#/$defs/${name}` };
  };
  const out = mapSubschemas(root, share);
  return names.size > 0 ? { ...out, $defs: defs } : out;
}

/** The CRD fixtures by `<group>/<version>/<kind>`, read once; each schema is compiled on first use. */
let crdSchemas: Map<string, Schema> | undefined;
const crdValidators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;
function crdSchemaIndex(): Map<string, Schema> {
  if (crdSchemas) return crdSchemas;
  crdSchemas = new Map();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.json'))) {
    const crd = JSON.parse(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')) as { group: string; version: string; kind: string; schema: Schema };
    const schema = strict(crd.schema);
    const props = schema.properties as Record<string, unknown>;
    props.metadata = OBJECT_META;
    props.apiVersion = { type: 'string', enum: [`${crd.group}/${crd.version}`] };
    props.kind = { type: 'string', enum: [crd.kind] };
    crdSchemas.set(`${crd.group}/${crd.version}/${crd.kind}`, shareRepeated(schema));
  }
  return crdSchemas;
}

/**
 * The validator of one custom resource kind. Compiled lazily: compiling every fixture took ~6.7 s per test
 * file, most of it the 1.6 MB InferenceService schema, which most files never use. `inlineRefs: false`: Ajv
 * would otherwise copy each shared subschema back into every place that references it (shareRepeated).
 */
function crdValidator(key: string): ValidateFunction | undefined {
  const cached = crdValidators.get(key);
  if (cached) return cached;
  const schema = crdSchemaIndex().get(key);
  if (!schema) return undefined;
  ajv ??= new Ajv({ strict: false, allErrors: true, validateFormats: false, inlineRefs: false });
  const validate = ajv.compile(schema);
  crdValidators.set(key, validate);
  return validate;
}

/** Kinds this validator knows (`<apiVersion>/<kind>`). */
export function knownKinds(): string[] {
  return [...Object.keys(BUILT_INS), ...crdSchemaIndex().keys()];
}

/** Problems of each object (same order as `objects`); an empty list means valid. */
export function validateObjects(objects: readonly K8sObject[]): string[][] {
  const results = objects.map((): string[] => []);
  const builtIns: { index: number; obj: K8sObject; spec: (typeof BUILT_INS)[string] }[] = [];
  objects.forEach((obj, i) => {
    const key = `${obj.apiVersion}/${obj.kind}`;
    const builtIn = BUILT_INS[key];
    if (builtIn) {
      builtIns.push({ index: i, obj, spec: builtIn });
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Model = (require(builtIn.module) as Record<string, new (o: unknown) => { validate(): void }>)[builtIn.cls];
        new Model(obj).validate();
      } catch (e) {
        results[i].push((e as Error).message);
      }
      return;
    }
    const validate = crdValidator(key);
    if (!validate) {
      results[i].push(`no schema for ${key}; known: ${knownKinds().join(', ')}`);
      return;
    }
    if (!validate(obj)) {
      // A Terraform interpolation (`${data...}`) is resolved at plan time: its pattern cannot be checked here.
      const errors = (validate.errors ?? []).filter((e) => !(e.keyword === 'pattern' && /\$\{/.test(String(valueAt(obj, e.instancePath)))));
      results[i].push(...errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`));
    }
  });
  for (const [i, problems] of excessProperties(builtIns)) results[i].push(...problems);
  return results;
}

function valueAt(obj: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), obj);
}

/**
 * Parsed (and, once a program has checked them, bound) declaration files of the excess-property check, by file
 * name: the lib and kubernetes-models typings are the same for every call of a test file, so later calls only
 * parse and check their own objects.
 */
const declarationFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * Unknown field names of built-in objects, by TypeScript's excess-property check against kubernetes-models' types.
 * Each distinct object (by its JSON text) is checked once and its problems are reported for every copy: the same
 * literal against the same type gives the same diagnostics (production and dev emit many identical objects).
 */
function excessProperties(items: { index: number; obj: K8sObject; spec: (typeof BUILT_INS)[string] }[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (items.length === 0) return out;
  const root = path.join(__dirname, '..');
  const file = path.join(root, '__k8s_validation__.ts');
  const imports = [...new Set(items.map((it) => `import type { ${it.spec.iface} } from '${it.spec.module}';`))];
  const copies = new Map<string, number[]>();
  for (const it of items) {
    const key = `${it.spec.iface} = ${JSON.stringify(it.obj)}`;
    copies.set(key, [...(copies.get(key) ?? []), it.index]);
  }
  const offsets: { indexes: number[]; start: number }[] = [];
  let text = `${imports.join('\n')}\n`;
  [...copies].forEach(([literal, indexes], n) => {
    offsets.push({ indexes, start: text.length });
    text += `export const o${n}: ${literal};\n`;
  });
  // ES2022 without the DOM (as tsconfig.json): lib.dom.d.ts alone is 1.9 MB, and no kubernetes-models type uses it.
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'], moduleResolution: ts.ModuleResolutionKind.Node10, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => {
    if (path.resolve(name) === file) return ts.createSourceFile(name, text, lang);
    if (!declarationFiles.has(name)) declarationFiles.set(name, getSourceFile(name, lang, ...rest));
    return declarationFiles.get(name);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  for (const d of ts.getPreEmitDiagnostics(program, program.getSourceFile(file))) {
    const at = d.start ?? 0;
    const owner = [...offsets].reverse().find((o) => o.start <= at);
    if (!owner) continue;
    for (const index of owner.indexes) {
      const list = out.get(index) ?? [];
      list.push(ts.flattenDiagnosticMessageText(d.messageText, ' '));
      out.set(index, list);
    }
  }
  return out;
}
