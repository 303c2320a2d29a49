// API report of the construct library: every exported symbol of every entry point with its signature,
// committed under api/ so that an API change shows up in review and an unintended one fails CI.
//
//   npm run api:update   regenerate api/*.api.md and package.json's entry-point fields
//   npm run api:check    fail (exit 1) when either differs from the code, or a lint fails
//
// Lints (each message starts with file:line):
// - an exported construct class without a doc comment;
// - a props interface member without a doc comment, or optional without `@default`;
// - an exported signature that uses a library type no entry point exports;
// - a library file importing a package that is neither a dependency nor a peer dependency, or
//   reaching into the app (stacks/, environments/, tools/, ...).
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import * as ts from 'typescript';
import {
  checkEntryPointFields, formatPackageJson, importSpecifier, LIBRARY_SOURCE_DIRS, LibraryEntry,
  readPackageJson, withEntryPointFields,
} from './library-layout';
import { compareGenerated, describeDiff, GeneratedDiff, GeneratedSet, runCheckOrUpdate, writeGenerated } from './generated-files';
import {
  ApiDeclaration, ApiMember, ApiSymbol, compareNames, docTag, EntryApi, formatLocation, LibraryModel, loadLibrary, LoadOptions,
} from './library-model';

export const API_DIR = 'api';

export function reportFileName(entry: LibraryEntry): string {
  return `${API_DIR}/${entry.name}.api.md`;
}

/** The report of every entry point, keyed by path relative to the root. */
export function renderApiReports(model: LibraryModel): Map<string, string> {
  const pkgName = model.packageName;
  const owners = subpathOwners(model.entries);
  const out = new Map<string, string>();
  for (const e of model.entries) out.set(reportFileName(e.entry), renderEntry(model, e, pkgName, owners));
  return out;
}

/** For each exported symbol, the first non-root entry that exports it (the root re-exports them). */
function subpathOwners(entries: readonly EntryApi[]): Map<ts.Symbol, LibraryEntry> {
  const owners = new Map<ts.Symbol, LibraryEntry>();
  for (const e of entries) {
    if (e.entry.subpath === '.') continue;
    for (const s of e.symbols) if (!owners.has(s.symbol)) owners.set(s.symbol, e.entry);
  }
  return owners;
}

function renderEntry(model: LibraryModel, e: EntryApi, pkgName: string, owners: Map<ts.Symbol, LibraryEntry>): string {
  const spec = importSpecifier(pkgName, e.entry);
  const parts: string[] = [];
  const reexports = new Map<string, string[]>();
  const own: ApiSymbol[] = [];
  for (const s of e.symbols) {
    const owner = owners.get(s.symbol);
    if (owner && owner !== e.entry) {
      const from = importSpecifier(pkgName, owner);
      reexports.set(from, [...(reexports.get(from) ?? []), s.name === s.symbol.getName() ? s.name : `${s.symbol.getName()} as ${s.name}`]);
      continue;
    }
    own.push(s);
    for (const d of s.declarations) parts.push(d.text);
    if (s.declarations.length === 0) parts.push(`// ${s.name}: a declaration kind this report does not render`);
  }
  for (const [from, names] of [...reexports].sort(([a], [b]) => (a < b ? -1 : 1))) {
    parts.push(`export {\n${names.map((n) => `    ${n},`).join('\n')}\n} from '${from}';`);
  }
  const imports = externalImports(model, own);
  if (imports.length > 0) parts.unshift(imports.join('\n'));
  return [
    `# API report: \`${spec}\``,
    '',
    `<!-- Generated from ${e.entry.sourceFile} by tools/api-report.ts: run \`npm run api:update\` after an intended API`,
    '     change. `npm run api:check` (run by `npm test`) fails when the exports differ from this file. -->',
    '',
    '```ts',
    parts.join('\n\n'),
    '```',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Lints

export function lintLibrary(model: LibraryModel, pkg: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const unique = uniqueSymbols(model.entries);

  // Props interfaces: what exported constructs take, and every exported interface named `*Props`.
  const propsTypes = new Map<string, ApiMember[]>();
  for (const s of unique) {
    if (s.isConstruct) {
      const cls = s.declarations.find((d) => d.kind === 'class')!;
      if (cls.doc.summary === '') problems.push(`${formatLocation(cls.location)}: exported construct ${s.name} has no doc comment`);
      for (const p of model.constructorProps(s)) {
        const typeName = p.parameter.type;
        if (!propsTypes.has(typeName)) propsTypes.set(typeName, model.propertiesOf(p.type));
      }
    }
    for (const d of s.declarations) {
      if (d.kind === 'interface' && /Props$/.test(s.name) && !propsTypes.has(s.name)) {
        propsTypes.set(s.name, model.propertiesOf(model.checker.getDeclaredTypeOfSymbol(s.symbol)));
      }
    }
  }
  const seen = new Set<string>();
  for (const [typeName, members] of propsTypes) {
    for (const m of members) {
      const key = `${formatLocation(m.location)} ${m.name}`;
      if (seen.has(key) || m.location.file.includes('node_modules')) continue;
      seen.add(key);
      const where = `${formatLocation(m.location)}: ${typeName}.${m.name}`;
      if (m.doc.summary === '') problems.push(`${where} has no doc comment`);
      if (m.optional && docTag(m.doc, 'default') === undefined) problems.push(`${where} is optional but has no @default tag`);
    }
  }

  problems.push(...forgottenExports(model, unique));
  problems.push(...importProblems(model, pkg));
  return problems.sort();
}

function uniqueSymbols(entries: readonly EntryApi[]): ApiSymbol[] {
  const bySymbol = new Map<ts.Symbol, ApiSymbol>();
  for (const e of entries) for (const s of e.symbols) if (!bySymbol.has(s.symbol)) bySymbol.set(s.symbol, s);
  return [...bySymbol.values()];
}

interface TypeReference {
  /** The declaration's symbol (aliases followed). */
  readonly target: ts.Symbol;
  /** The package specifier the source file imported it from (`constructs`), when it came from a package. */
  readonly fromPackage?: string;
}

/** Symbols named in the type annotations of a declaration's rendered signature. */
function typeReferences(model: LibraryModel, d: ApiDeclaration): TypeReference[] {
  const out: TypeReference[] = [];
  const visit = (node: ts.Node): void => {
    let ref: ts.Node | undefined;
    if (ts.isTypeReferenceNode(node)) ref = node.typeName;
    else if (ts.isExpressionWithTypeArguments(node)) ref = node.expression;
    else if (ts.isTypeQueryNode(node)) ref = node.exprName;
    if (ref) {
      // `KmsKey` in `a.KmsKey` or `KmsKey`: the leftmost name carries the import.
      let head: ts.Node = ref;
      while (ts.isQualifiedName(head)) head = head.left;
      while (ts.isPropertyAccessExpression(head)) head = head.expression;
      const local = model.checker.getSymbolAtLocation(head);
      const importDecl = local?.getDeclarations()?.map(importDeclarationOf).find((x) => x !== undefined);
      const spec = importDecl && ts.isStringLiteral(importDecl.moduleSpecifier) ? importDecl.moduleSpecifier.text : undefined;
      let target = model.checker.getSymbolAtLocation(ref);
      if (target && target.flags & ts.SymbolFlags.Alias) target = model.checker.getAliasedSymbol(target);
      if (target && !(target.flags & ts.SymbolFlags.TypeParameter) && target.getDeclarations()?.length) {
        out.push({ target, fromPackage: spec && !spec.startsWith('.') ? spec : undefined });
      }
    }
    ts.forEachChild(node, visit);
  };
  d.typeNodes.forEach(visit);
  return out;
}

function importDeclarationOf(node: ts.Node): ts.ImportDeclaration | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (ts.isImportDeclaration(n)) return n;
  return undefined;
}

/** `import { Construct } from 'constructs';` lines for the external types an entry's signatures use. */
function externalImports(model: LibraryModel, symbols: readonly ApiSymbol[]): string[] {
  const byModule = new Map<string, Set<string>>();
  for (const s of symbols) {
    for (const d of s.declarations) {
      for (const { target, fromPackage } of typeReferences(model, d)) {
        if (fromPackage) byModule.set(fromPackage, (byModule.get(fromPackage) ?? new Set()).add(target.getName()));
      }
    }
  }
  return [...byModule].sort(([a], [b]) => compareNames(a, b))
    .map(([mod, names]) => `import { ${[...names].sort(compareNames).join(', ')} } from '${mod}';`);
}

/** Library types used in exported signatures that no entry point exports (consumers cannot name them). */
function forgottenExports(model: LibraryModel, unique: readonly ApiSymbol[]): string[] {
  const exported = new Set(unique.map((s) => s.symbol));
  const libraryFiles = new Set(model.libraryFiles);
  const problems = new Set<string>();
  for (const s of unique) {
    for (const d of s.declarations) {
      for (const { target } of typeReferences(model, d)) {
        const decl = target.getDeclarations()![0];
        if (!exported.has(target) && libraryFiles.has(decl.getSourceFile())) {
          problems.add(`${formatLocation(d.location)}: ${s.name} uses ${target.getName()} (${formatLocation(model.locate(decl))}), which no entry point exports`);
        }
      }
    }
  }
  return [...problems];
}

/** Packages the library imports must reach consumers; the library must not import the app. */
function importProblems(model: LibraryModel, pkg: Record<string, unknown>): string[] {
  const declared = new Set([
    ...Object.keys((pkg.dependencies ?? {}) as object),
    ...Object.keys((pkg.peerDependencies ?? {}) as object),
  ]);
  const builtins = new Set(builtinModules);
  const problems: string[] = [];
  for (const sf of model.libraryFiles) {
    const file = model.relative(sf.fileName);
    if (!LIBRARY_SOURCE_DIRS.some((dir) => file.startsWith(`${dir}/`))) {
      problems.push(`${file}:1: is part of the library's import graph but lies outside ${LIBRARY_SOURCE_DIRS.join('/, ')}/ (the library must not import the app)`);
    }
    for (const stmt of sf.statements) {
      const spec = (ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier)
        ? stmt.moduleSpecifier.text : undefined;
      if (!spec || spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec.split('/')[0])) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!declared.has(name)) {
        problems.push(`${formatLocation(model.locate(stmt))}: imports '${spec}', but package.json lists '${name}' in neither dependencies nor peerDependencies, so consumers would not get it`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Check and update

function reportSet(model: LibraryModel): GeneratedSet {
  return { dir: API_DIR, suffix: '.api.md', files: renderApiReports(model) };
}

export interface ApiCheckResult extends GeneratedDiff {
  readonly packageProblems: readonly string[];
  readonly lint: readonly string[];
  readonly ok: boolean;
}

export function checkApi(root: string, options: LoadOptions = {}): ApiCheckResult {
  const model = loadLibrary(root, options);
  const pkg = readPackageJson(root);
  const diff = compareGenerated(root, reportSet(model));
  const packageProblems = checkEntryPointFields(pkg, model.entries.map((e) => e.entry));
  const lint = lintLibrary(model, pkg);
  return { ...diff, packageProblems, lint, ok: diff.changed.length + diff.stale.length + packageProblems.length + lint.length === 0 };
}

/** Writes the reports and package.json's entry-point fields; returns the lint problems (not fixable here). */
export function updateApi(root: string): string[] {
  const model = loadLibrary(root);
  writeGenerated(root, reportSet(model));
  const updated = formatPackageJson(withEntryPointFields(readPackageJson(root), model.entries.map((e) => e.entry)));
  if (updated !== fs.readFileSync(path.join(root, 'package.json'), 'utf8')) fs.writeFileSync(path.join(root, 'package.json'), updated);
  return lintLibrary(model, readPackageJson(root));
}

export function formatApiCheck(r: ApiCheckResult): string {
  const out = [...describeDiff(r, 'belongs to no entry point any more'), ...r.packageProblems];
  if (out.length > 0) out.push('If the API change is intended, run `npm run api:update` and commit the result (is it breaking? docs/versioning.md).');
  if (r.lint.length > 0) out.push(`Public API lint:\n${r.lint.map((l) => `  ${l}`).join('\n')}`);
  return out.join('\n\n');
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  process.exitCode = runCheckOrUpdate(process.argv.slice(2), {
    usage: 'tsx tools/api-report.ts',
    problemsHeading: 'Public API lint',
    update: () => ({ done: 'API reports and package.json entry points updated', problems: updateApi(root) }),
    check: () => ({ report: formatApiCheck(checkApi(root)), done: 'API reports, package.json entry points and public API lint OK' }),
  });
}
