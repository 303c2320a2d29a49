import * as fs from 'fs';
import * as path from 'path';

/**
 * The shape of the published construct library, derived from the folders under `constructs/`: the root
 * entry `constructs/index.ts` (package root) plus one subpath per folder that has an `index.ts`
 * (`constructs/network/index.ts` -> `<package>/network`). The build, the exports map, the API report and
 * the docs generator all read this, so a new domain folder needs no edit to any of them.
 */

/** The folder (relative to the project root) that holds the library's sources. */
export const LIBRARY_DIR = 'constructs';

/**
 * Folders whose files may be part of the library's import graph (and so of dist/): the constructs,
 * and typed data under catalog/ that a construct needs at synth time. Never stacks/, environments/,
 * tools/ or main.ts: those are the app.
 */
export const LIBRARY_SOURCE_DIRS: readonly string[] = [LIBRARY_DIR, 'catalog'];

/** One entry point of the package. */
export interface LibraryEntry {
  /** `index` for the package root, otherwise the folder name (`network`). Names the API report file. */
  readonly name: string;
  /** Key in package.json `exports`: `.` or `./network`. */
  readonly subpath: string;
  /** Source file, relative to the project root with `/` separators: `constructs/network/index.ts`. */
  readonly sourceFile: string;
  /** Compiled JavaScript, as package.json spells it: `./dist/constructs/network/index.js`. */
  readonly jsFile: string;
  /** Type declarations, as package.json spells it: `./dist/constructs/network/index.d.ts`. */
  readonly dtsFile: string;
}

/** The root entry first, then the domain folders in name order. */
export function discoverEntries(root: string): LibraryEntry[] {
  const libDir = path.join(root, LIBRARY_DIR);
  if (!fs.existsSync(path.join(libDir, 'index.ts'))) {
    throw new Error(`${path.join(libDir, 'index.ts')} does not exist: the package root needs an entry point`);
  }
  const folders = fs.readdirSync(libDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(libDir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
  return [entry('index', '.', `${LIBRARY_DIR}/index`), ...folders.map((f) => entry(f, `./${f}`, `${LIBRARY_DIR}/${f}/index`))];
}

function entry(name: string, subpath: string, stem: string): LibraryEntry {
  return { name, subpath, sourceFile: `${stem}.ts`, jsFile: `./dist/${stem}.js`, dtsFile: `./dist/${stem}.d.ts` };
}

/** The package.json fields that follow from the entry points. */
export interface EntryPointFields {
  main: string;
  types: string;
  exports: Record<string, { types: string; default: string } | string>;
  /** For consumers still on `moduleResolution: node` (node10), which ignores `exports`. */
  typesVersions: Record<string, Record<string, string[]>>;
}

export function entryPointFields(entries: readonly LibraryEntry[]): EntryPointFields {
  const rootEntry = entries.find((e) => e.subpath === '.');
  if (!rootEntry) throw new Error('no root entry');
  const exportsMap: EntryPointFields['exports'] = {};
  const typesMap: Record<string, string[]> = {};
  for (const e of entries) {
    exportsMap[e.subpath] = { types: e.dtsFile, default: e.jsFile };
    if (e.subpath !== '.') typesMap[e.subpath.slice(2)] = [e.dtsFile];
  }
  exportsMap['./package.json'] = './package.json';
  return { main: rootEntry.jsFile, types: rootEntry.dtsFile, exports: exportsMap, typesVersions: { '*': typesMap } };
}

const FIELD_NAMES = ['main', 'types', 'exports', 'typesVersions'] as const;

/**
 * Differences between package.json and the entry points the folders define, one message per field,
 * naming the subpaths that are missing or stale. Empty when they agree.
 */
export function checkEntryPointFields(pkg: Record<string, unknown>, entries: readonly LibraryEntry[]): string[] {
  const expected = entryPointFields(entries);
  const problems: string[] = [];
  const actualExports = (pkg.exports ?? {}) as Record<string, unknown>;
  for (const e of entries) {
    if (!(e.subpath in actualExports)) problems.push(`package.json exports has no '${e.subpath}' although ${e.sourceFile} exists`);
  }
  for (const key of Object.keys(actualExports)) {
    if (!(key in expected.exports)) problems.push(`package.json exports has '${key}' but there is no ${LIBRARY_DIR}/${key.slice(2)}/index.ts`);
  }
  const subpathProblems = problems.length > 0;
  for (const field of FIELD_NAMES) {
    if (field === 'exports' && subpathProblems) continue;
    if (JSON.stringify(pkg[field]) !== JSON.stringify(expected[field])) {
      problems.push(`package.json '${field}' should be ${JSON.stringify(expected[field])}, found ${JSON.stringify(pkg[field])}`);
    }
  }
  return problems;
}

/** package.json with the entry-point fields replaced (key order otherwise kept). */
export function withEntryPointFields(pkg: Record<string, unknown>, entries: readonly LibraryEntry[]): Record<string, unknown> {
  const fields = entryPointFields(entries);
  const out: Record<string, unknown> = { ...pkg };
  for (const f of FIELD_NAMES) out[f] = fields[f];
  return out;
}

export function readPackageJson(root: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
}

export function formatPackageJson(pkg: Record<string, unknown>): string {
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** The published package name, e.g. `@ott-platform/infra`. */
export function packageName(root: string): string {
  const name = readPackageJson(root).name;
  if (typeof name !== 'string') throw new Error(`${path.join(root, 'package.json')} has no name`);
  return name;
}

/** Import specifier of an entry: `@ott-platform/infra` or `@ott-platform/infra/network`. */
export function importSpecifier(pkgName: string, e: LibraryEntry): string {
  return e.subpath === '.' ? pkgName : `${pkgName}/${e.subpath.slice(2)}`;
}
