import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { discoverEntries, LibraryEntry, packageName } from './library-layout';

/**
 * What the library exports, read with the TypeScript compiler API: one program over every entry point
 * (a few dozen files, ~1-2 s), then each entry's exports with their declarations rendered as stable,
 * sorted signature text. tools/api-report.ts prints and lints this model; tools/docs.ts turns the
 * construct classes into reference pages.
 */

export interface DocTag {
  readonly name: string;
  readonly text: string;
}

/** A parsed `/** ... *\/` comment: the text before the first tag, and the tags in order. */
export interface DocComment {
  readonly summary: string;
  readonly tags: readonly DocTag[];
}

export const NO_DOC: DocComment = { summary: '', tags: [] };

export function docTag(doc: DocComment, name: string): string | undefined {
  return doc.tags.find((t) => t.name === name)?.text;
}

export interface SourceLocation {
  /** Relative to the project root, `/` separators. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

export function formatLocation(l: SourceLocation): string {
  return `${l.file}:${l.line}`;
}

export type MemberKind = 'constructor' | 'property' | 'getter' | 'setter' | 'method' | 'signature';

export interface ApiParameter {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly text: string;
}

/** A member of a class or interface, as a consumer sees it. */
export interface ApiMember {
  readonly name: string;
  readonly kind: MemberKind;
  /** The signature line without doc text, e.g. `readonly vpcId: string;`. */
  readonly text: string;
  /** Property type, or a method's return type. */
  readonly type: string;
  readonly parameters: readonly ApiParameter[];
  readonly optional: boolean;
  readonly readonly: boolean;
  readonly isStatic: boolean;
  readonly doc: DocComment;
  readonly location: SourceLocation;
}

export type ApiKind = 'class' | 'interface' | 'function' | 'const' | 'variable' | 'type' | 'enum' | 'namespace';

export interface ApiDeclaration {
  readonly kind: ApiKind;
  /** Rendered declaration, possibly several lines. */
  readonly text: string;
  readonly members: readonly ApiMember[];
  readonly doc: DocComment;
  readonly location: SourceLocation;
  readonly node: ts.Declaration;
  /** Type annotations the rendered text is made of (for the forgotten-export lint). */
  readonly typeNodes: readonly ts.Node[];
}

/** One exported name of one entry point. */
export interface ApiSymbol {
  readonly name: string;
  /** The declaration the export resolves to (aliases followed). */
  readonly symbol: ts.Symbol;
  readonly declarations: readonly ApiDeclaration[];
  /** A class that extends `Construct` from the `constructs` package. */
  readonly isConstruct: boolean;
}

export interface EntryApi {
  readonly entry: LibraryEntry;
  /** Sorted by name. */
  readonly symbols: readonly ApiSymbol[];
}

export interface LibraryModel {
  readonly root: string;
  /** The package name from package.json, e.g. `@ott-platform/infra`. */
  readonly packageName: string;
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly entries: readonly EntryApi[];
  /** Every file of the project the library loads (outside node_modules), relative paths. */
  readonly libraryFiles: readonly ts.SourceFile[];
  relative(fileName: string): string;
  locate(node: ts.Node): SourceLocation;
  /** Members of a props type including inherited ones, in declaration order. */
  propertiesOf(type: ts.Type): ApiMember[];
  /** Props types of a construct class's constructor: the parameters after `scope` and `id`. */
  constructorProps(symbol: ApiSymbol): { readonly parameter: ApiParameter; readonly type: ts.Type }[];
  /**
   * Type-checks extra files (path relative to the root -> content) against the library, where the
   * package name and its subpaths resolve to the sources. Returns the diagnostics per file.
   */
  typeCheck(snippets: ReadonlyMap<string, string>): Map<string, string[]>;
}

export interface LoadOptions {
  /**
   * File contents to use instead of what is on disk, keyed by path relative to `root`. Lets tests
   * see what a change (a prop removed) does to the report without copying the project.
   */
  readonly overrides?: ReadonlyMap<string, string>;
}

function compilerOptions(root: string, entries: readonly LibraryEntry[], pkgName: string): ts.CompilerOptions {
  // The package's own name resolves to the sources, so doc examples can import it like a consumer.
  const paths: Record<string, string[]> = {};
  for (const e of entries) paths[e.subpath === '.' ? pkgName : `${pkgName}/${e.subpath.slice(2)}`] = [path.join(root, e.sourceFile)];
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    // No baseUrl: it would resolve the `constructs` package to the constructs/ folder.
    paths,
  };
}

/**
 * Parsed declaration files of packages and of TypeScript's lib, shared by every program this process
 * creates (as TypeScript's own document registry does): parsing @types/node and the lib files is most
 * of the cost of a small program, and tests create a few dozen. Their doc comments are not parsed
 * (JSDocParsingMode.ParseNone): the model reads the doc comments of the library's own sources only, and
 * the provider typings are mostly doc comments (about 1 s less CPU per program of the whole library).
 */
const declarationCache = new Map<string, ts.SourceFile>();

/**
 * Parsed project files by name, with the text they were parsed from: a later program of this process (the
 * examples' check, a check with one file overridden) gets the same SourceFile for every file whose text did
 * not change, so TypeScript reuses it, and its binding, instead of parsing and binding the project again.
 */
const projectFileCache = new Map<string, { text: string; file: ts.SourceFile }>();

/** A compiler host that reads `files` (absolute paths) from memory before the disk. */
function createHost(options: ts.CompilerOptions, files: ReadonlyMap<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.endsWith('.d.ts') || !/[\\/]node_modules[\\/]/.test(fileName)) {
      const text = host.readFile(fileName);
      if (text === undefined) return parse(fileName, languageVersion, onError, shouldCreate);
      const key = `${fileName}|${JSON.stringify(languageVersion)}`;
      const cached = projectFileCache.get(key);
      if (cached?.text === text) return cached.file;
      const file = ts.createSourceFile(fileName, text, languageVersion, true);
      projectFileCache.set(key, { text, file });
      return file;
    }
    const key = `${fileName}|${JSON.stringify(languageVersion)}`;
    let sf = declarationCache.get(key);
    if (!sf) {
      const mode = typeof languageVersion === 'object' ? languageVersion : { languageVersion };
      sf = parse(fileName, { ...mode, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, onError, shouldCreate);
      if (sf) declarationCache.set(key, sf);
    }
    return sf;
  };
  if (files.size === 0) return host;
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = files.get(path.resolve(fileName));
    return text === undefined
      ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  host.fileExists = (f) => files.has(path.resolve(f)) || fileExists(f);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => {
    const dir = path.resolve(d) + path.sep;
    return [...files.keys()].some((f) => f.startsWith(dir)) || (directoryExists ? directoryExists(d) : fs.existsSync(d));
  };
  host.readFile = (f) => files.get(path.resolve(f)) ?? readFile(f);
  return host;
}

export function loadLibrary(root: string, options: LoadOptions = {}): LibraryModel {
  const absRoot = path.resolve(root);
  const entries = discoverEntries(absRoot);
  const overrides = new Map<string, string>();
  for (const [rel, text] of options.overrides ?? []) overrides.set(path.resolve(absRoot, rel), text);
  const pkgName = packageName(absRoot);
  const opts = compilerOptions(absRoot, entries, pkgName);
  const rootNames = entries.map((e) => path.join(absRoot, e.sourceFile));
  const program = ts.createProgram({ rootNames, options: opts, host: createHost(opts, overrides) });
  const checker = program.getTypeChecker();
  const relative = (fileName: string) => path.relative(absRoot, fileName).split(path.sep).join('/');
  const locate = (node: ts.Node): SourceLocation => {
    const sf = node.getSourceFile();
    const start = node.getStart(sf, false);
    return { file: relative(sf.fileName), line: sf.getLineAndCharacterOfPosition(start).line + 1 };
  };
  const renderer = new Renderer(checker, locate);

  const entryApis: EntryApi[] = entries.map((entry) => {
    const sf = program.getSourceFile(path.join(absRoot, entry.sourceFile));
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) return { entry, symbols: [] };
    const symbols = checker.getExportsOfModule(moduleSymbol).map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = exported.getName();
      const declarations = renderer.declarations(name, symbol);
      const isConstruct = declarations.some((d) => d.kind === 'class' && extendsConstruct(checker, symbol));
      return { name, symbol, declarations, isConstruct };
    });
    symbols.sort((a, b) => compareNames(a.name, b.name));
    return { entry, symbols };
  });

  const libraryFiles = program.getSourceFiles().filter((f) =>
    !f.isDeclarationFile && !f.fileName.split(/[\\/]/).includes('node_modules') && !relative(f.fileName).startsWith('..'));

  const typeCheck = (snippets: ReadonlyMap<string, string>): Map<string, string[]> => {
    const files = new Map(overrides);
    const names: string[] = [];
    for (const [rel, text] of snippets) {
      files.set(path.resolve(absRoot, rel), text);
      names.push(path.resolve(absRoot, rel));
    }
    // Reusing the library program keeps this to the cost of the snippets themselves.
    const withSnippets = ts.createProgram({ rootNames: [...rootNames, ...names], options: opts, host: createHost(opts, files), oldProgram: program });
    const result = new Map<string, string[]>();
    for (const [rel] of snippets) {
      const sf = withSnippets.getSourceFile(path.resolve(absRoot, rel))!;
      const diags = [...withSnippets.getSyntacticDiagnostics(sf), ...withSnippets.getSemanticDiagnostics(sf)];
      result.set(rel, diags.map((d) => {
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
        return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      }));
    }
    return result;
  };

  return {
    root: absRoot,
    packageName: pkgName,
    program,
    checker,
    entries: entryApis,
    libraryFiles,
    relative,
    locate,
    propertiesOf: (type) => renderer.propertiesOf(type),
    constructorProps: (s) => renderer.constructorProps(s),
    typeCheck,
  };
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when the class (or an ancestor) extends `Construct` of the `constructs` package. */
function extendsConstruct(checker: ts.TypeChecker, symbol: ts.Symbol): boolean {
  const seen = new Set<ts.Type>();
  const visit = (type: ts.Type): boolean => {
    if (seen.has(type)) return false;
    seen.add(type);
    if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)) return false;
    for (const base of checker.getBaseTypes(type as ts.InterfaceType)) {
      const s = base.getSymbol();
      const fromConstructs = s?.getDeclarations()?.some((d) => /[\\/]node_modules[\\/]constructs[\\/]/.test(d.getSourceFile().fileName));
      if (s?.getName() === 'Construct' && fromConstructs) return true;
      if (visit(base)) return true;
    }
    return false;
  };
  return visit(checker.getDeclaredTypeOfSymbol(symbol));
}

// ---------------------------------------------------------------------------------------------------
// Doc comments

/** The last `/** *\/` comment attached to `node` (for a variable, the one on its statement). */
export function docOf(node: ts.Node): DocComment {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  if (!last) return NO_DOC;
  return parseDocComment(node.getSourceFile().text.slice(last.pos, last.end));
}

/**
 * Splits a doc comment into summary and tags. A tag starts at a line beginning with `@name` outside
 * a ``` fence, so code in `@example` blocks may contain `@` (package names, decorators).
 */
export function parseDocComment(raw: string): DocComment {
  const body = raw.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  const lines = body.split(/\r?\n/).map((l, i) => (i === 0 ? l.trim() : l.replace(/^\s*\* ?/, '').trimEnd()));
  const summary: string[] = [];
  const tags: { name: string; lines: string[] }[] = [];
  let inFence = false;
  for (const line of lines) {
    const tag = inFence ? null : /^\s*@(\w+)\s?(.*)$/.exec(line);
    if (tag) {
      tags.push({ name: tag[1], lines: [tag[2]] });
    } else {
      (tags.length > 0 ? tags[tags.length - 1].lines : summary).push(line);
    }
    if (/^\s*```/.test(line)) inFence = !inFence;
  }
  return { summary: trimBlankLines(summary).join('\n').trim(), tags: tags.map((t) => ({ name: t.name, text: dedent(trimBlankLines(t.lines)) })) };
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}

/** Removes the indentation common to all non-blank lines after the first (the first follows the tag name). */
function dedent(lines: string[]): string {
  if (lines.length === 0) return '';
  const rest = lines.slice(1).filter((l) => l.trim() !== '');
  const indent = rest.length === 0 ? 0 : Math.min(...rest.map((l) => /^ */.exec(l)![0].length));
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(indent))].join('\n').replace(/^\n+/, '');
}

// ---------------------------------------------------------------------------------------------------
// Rendering declarations as signature text

const MEMBER_ORDER: Record<MemberKind, number> = { constructor: 0, signature: 1, property: 2, getter: 2, setter: 2, method: 3 };

class Renderer {
  private readonly printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

  constructor(private readonly checker: ts.TypeChecker, private readonly locate: (n: ts.Node) => SourceLocation) {}

  declarations(name: string, symbol: ts.Symbol): ApiDeclaration[] {
    const out: ApiDeclaration[] = [];
    const decls = symbol.getDeclarations() ?? [];
    for (const decl of decls) {
      const typeNodes: ts.Node[] = [];
      const rendered = this.declaration(name, decl, decls, typeNodes);
      if (rendered) out.push({ ...rendered, doc: docOf(decl), location: this.locate(decl), node: decl, typeNodes });
    }
    return out;
  }

  private declaration(name: string, decl: ts.Declaration, all: readonly ts.Declaration[], typeNodes: ts.Node[]):
    Pick<ApiDeclaration, 'kind' | 'text' | 'members'> | undefined {
    if (ts.isClassDeclaration(decl)) {
      const abstract = hasModifier(decl, ts.SyntaxKind.AbstractKeyword) ? 'abstract ' : '';
      const members = this.members(decl.members, typeNodes);
      const head = `export declare ${abstract}class ${name}${this.typeParams(decl.typeParameters, typeNodes)}${this.heritage(decl.heritageClauses, typeNodes)}`;
      return { kind: 'class', members, text: block(head, members) };
    }
    if (ts.isInterfaceDeclaration(decl)) {
      const members = this.members(decl.members, typeNodes);
      const head = `export interface ${name}${this.typeParams(decl.typeParameters, typeNodes)}${this.heritage(decl.heritageClauses, typeNodes)}`;
      return { kind: 'interface', members, text: block(head, members) };
    }
    if (ts.isFunctionDeclaration(decl)) {
      // An implementation with overloads is not callable as written: only the overloads are public.
      if (decl.body && all.some((d) => d !== decl && ts.isFunctionDeclaration(d) && !d.body)) return undefined;
      const sig = this.signature(decl, typeNodes);
      return { kind: 'function', members: [], text: `export declare function ${name}${sig.text};` };
    }
    if (ts.isVariableDeclaration(decl)) {
      const isConst = (decl.parent.flags & ts.NodeFlags.Const) !== 0;
      return { kind: isConst ? 'const' : 'variable', members: [], text: `export declare ${isConst ? 'const' : 'let'} ${name}: ${this.typeOf(decl, decl.type, typeNodes)};` };
    }
    if (ts.isTypeAliasDeclaration(decl)) {
      typeNodes.push(decl.type);
      return { kind: 'type', members: [], text: `export type ${name}${this.typeParams(decl.typeParameters, typeNodes)} = ${this.print(decl.type)};` };
    }
    if (ts.isEnumDeclaration(decl)) {
      const members = decl.members.map((m): ApiMember => {
        const value = this.checker.getConstantValue(m);
        const text = `${this.print(m.name)}${value === undefined ? '' : ` = ${JSON.stringify(value)}`},`;
        return { name: this.print(m.name), kind: 'property', text, type: '', parameters: [], optional: false, readonly: true, isStatic: true, doc: docOf(m), location: this.locate(m) };
      });
      const isConst = hasModifier(decl, ts.SyntaxKind.ConstKeyword) ? 'const ' : '';
      return { kind: 'enum', members, text: [`export declare ${isConst}enum ${name} {`, ...members.map((m) => `    ${m.text}`), '}'].join('\n') };
    }
    if (ts.isModuleDeclaration(decl)) {
      return { kind: 'namespace', members: [], text: `export declare namespace ${name} ${collapse(this.print(decl.body ?? decl))}` };
    }
    return undefined;
  }

  private members(elements: ts.NodeArray<ts.ClassElement | ts.TypeElement>, typeNodes: ts.Node[]): ApiMember[] {
    const out: ApiMember[] = [];
    for (const el of elements) {
      out.push(...this.member(el, elements, typeNodes));
    }
    return out.sort((a, b) => MEMBER_ORDER[a.kind] - MEMBER_ORDER[b.kind] || Number(b.isStatic) - Number(a.isStatic) ||
      compareNames(a.name, b.name) || compareNames(a.text, b.text));
  }

  /** The public face of one class element or interface member (none for private ones). */
  member(el: ts.ClassElement | ts.TypeElement, siblings: readonly ts.Node[] = [], typeNodes: ts.Node[] = []): ApiMember[] {
    if (el.name && ts.isPrivateIdentifier(el.name)) return [];
    const flags = ts.getCombinedModifierFlags(el as ts.Declaration);
    if (flags & ts.ModifierFlags.Private) return [];
    const doc = docOf(el);
    if (docTag(doc, 'internal') !== undefined) return [];
    const location = this.locate(el);
    const isStatic = (flags & ts.ModifierFlags.Static) !== 0;
    const readonly = (flags & ts.ModifierFlags.Readonly) !== 0;
    const mods = [isStatic ? 'static ' : '', flags & ts.ModifierFlags.Protected ? 'protected ' : '', flags & ts.ModifierFlags.Abstract ? 'abstract ' : '', readonly ? 'readonly ' : ''].join('');
    const name = el.name ? this.print(el.name) : '';
    const optional = 'questionToken' in el && !!el.questionToken;
    const q = optional ? '?' : '';
    const base = { name, doc, location, isStatic, readonly, optional };

    if (ts.isConstructorDeclaration(el)) {
      if (el.body && siblings.some((s) => s !== el && ts.isConstructorDeclaration(s) && !s.body)) return [];
      const sig = this.signature(el, typeNodes, false);
      const out: ApiMember[] = [{ ...base, name: 'constructor', kind: 'constructor', text: `constructor${sig.text};`, type: '', parameters: sig.parameters }];
      // Parameter properties (`constructor(public readonly x: T)`) are properties too.
      for (const p of el.parameters) {
        const pflags = ts.getCombinedModifierFlags(p);
        if (!(pflags & (ts.ModifierFlags.Public | ts.ModifierFlags.Protected | ts.ModifierFlags.Readonly)) || pflags & ts.ModifierFlags.Private) continue;
        const pname = this.print(p.name);
        const type = this.typeOf(p, p.type, typeNodes);
        const pro = pflags & ts.ModifierFlags.Readonly ? 'readonly ' : '';
        const prot = pflags & ts.ModifierFlags.Protected ? 'protected ' : '';
        out.push({ ...base, name: pname, kind: 'property', readonly: !!pro, optional: false, text: `${prot}${pro}${pname}: ${type};`, type, parameters: [], location: this.locate(p), doc: docOf(p) });
      }
      return out;
    }
    if (ts.isPropertyDeclaration(el) || ts.isPropertySignature(el)) {
      const type = this.typeOf(el, el.type, typeNodes);
      return [{ ...base, kind: 'property', text: `${mods}${name}${q}: ${type};`, type, parameters: [] }];
    }
    if (ts.isMethodDeclaration(el) || ts.isMethodSignature(el)) {
      if (ts.isMethodDeclaration(el) && el.body &&
        siblings.some((s) => s !== el && ts.isMethodDeclaration(s) && !s.body && s.name.getText() === el.name.getText())) return [];
      const sig = this.signature(el, typeNodes);
      return [{ ...base, kind: 'method', text: `${mods}${name}${q}${sig.text};`, type: sig.returnType, parameters: sig.parameters }];
    }
    if (ts.isGetAccessorDeclaration(el)) {
      const type = this.typeOf(el, el.type, typeNodes);
      return [{ ...base, kind: 'getter', text: `${mods}get ${name}(): ${type};`, type, parameters: [] }];
    }
    if (ts.isSetAccessorDeclaration(el)) {
      const sig = this.signature(el, typeNodes, false);
      return [{ ...base, kind: 'setter', text: `${mods}set ${name}${sig.text};`, type: '', parameters: sig.parameters }];
    }
    if (ts.isIndexSignatureDeclaration(el) || ts.isCallSignatureDeclaration(el) || ts.isConstructSignatureDeclaration(el)) {
      typeNodes.push(el);
      return [{ ...base, kind: 'signature', text: `${collapse(this.print(el)).replace(/;?$/, ';')}`, type: '', parameters: [] }];
    }
    return [];
  }

  private signature(decl: ts.SignatureDeclaration, typeNodes: ts.Node[], withReturn = true):
    { text: string; parameters: ApiParameter[]; returnType: string } {
    const parameters = decl.parameters.map((p): ApiParameter => {
      const name = this.print(p.name);
      const optional = !!p.questionToken || !!p.initializer;
      const type = this.typeOf(p, p.type, typeNodes);
      return { name, type, optional, text: `${p.dotDotDotToken ? '...' : ''}${name}${optional ? '?' : ''}: ${type}` };
    });
    let returnType = '';
    if (withReturn) {
      if (decl.type) {
        typeNodes.push(decl.type);
        returnType = this.print(decl.type);
      } else {
        const sig = this.checker.getSignatureFromDeclaration(decl);
        returnType = sig ? this.checker.typeToString(this.checker.getReturnTypeOfSignature(sig), decl, ts.TypeFormatFlags.NoTruncation) : 'unknown';
      }
    }
    const text = `${this.typeParams(decl.typeParameters, typeNodes)}(${parameters.map((p) => p.text).join(', ')})${withReturn ? `: ${returnType}` : ''}`;
    return { text, parameters, returnType };
  }

  /** The written type annotation, or the type the checker infers when there is none. */
  private typeOf(node: ts.Node, annotation: ts.TypeNode | undefined, typeNodes: ts.Node[]): string {
    if (annotation) {
      typeNodes.push(annotation);
      return this.print(annotation);
    }
    return this.checker.typeToString(this.checker.getTypeAtLocation(node), node, ts.TypeFormatFlags.NoTruncation);
  }

  private typeParams(params: ts.NodeArray<ts.TypeParameterDeclaration> | undefined, typeNodes: ts.Node[]): string {
    if (!params || params.length === 0) return '';
    typeNodes.push(...params);
    return `<${params.map((p) => this.print(p)).join(', ')}>`;
  }

  private heritage(clauses: ts.NodeArray<ts.HeritageClause> | undefined, typeNodes: ts.Node[]): string {
    if (!clauses) return '';
    typeNodes.push(...clauses);
    return clauses.map((c) => ` ${this.print(c)}`).join('');
  }

  private print(node: ts.Node): string {
    return collapse(this.printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile()));
  }

  propertiesOf(type: ts.Type): ApiMember[] {
    const out: ApiMember[] = [];
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const decl = prop.valueDeclaration ?? prop.getDeclarations()?.[0];
      if (decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl))) out.push(...this.member(decl));
    }
    return out;
  }

  constructorProps(s: ApiSymbol): { parameter: ApiParameter; type: ts.Type }[] {
    const cls = s.declarations.find((d) => d.kind === 'class');
    const ctor = cls && (cls.node as ts.ClassDeclaration).members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
    if (!ctor) return [];
    return ctor.parameters.slice(2).map((p) => {
      const name = this.print(p.name);
      const optional = !!p.questionToken || !!p.initializer;
      const type = this.checker.getTypeAtLocation(p);
      const typeText = p.type ? this.print(p.type) : this.checker.typeToString(type);
      return { parameter: { name, type: typeText, optional, text: `${name}${optional ? '?' : ''}: ${typeText}` }, type: this.checker.getNonNullableType(type) };
    });
  }
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** One line per member, with `@default` and `@deprecated` shown: a changed default changes the report. */
function block(head: string, members: readonly ApiMember[]): string {
  if (members.length === 0) return `${head} {\n}`;
  return [`${head} {`, ...members.map((m) => `    ${m.text}${memberNote(m.doc)}`), '}'].join('\n');
}

function memberNote(doc: DocComment): string {
  const notes: string[] = [];
  const def = docTag(doc, 'default');
  if (def !== undefined) notes.push(`@default ${collapse(def)}`);
  if (docTag(doc, 'deprecated') !== undefined) notes.push('@deprecated');
  return notes.length > 0 ? ` // ${notes.join('; ')}` : '';
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
