import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const APP_DIRS = ['cli', 'stacks', 'constructs', 'environments', 'catalog', 'tools'];

/**
 * The runtime import graph of the TypeScript files under `root` (main.ts and APP_DIRS): file -> files and
 * packages it imports. `import type` / `export type` are left out (erased at compile time), as are imports
 * whose every name is only used as a type-only specifier (`import { type X }`).
 */
export function importGraph(root: string, dirs = APP_DIRS): Map<string, string[]> {
  const files = [path.join(root, 'main.ts'), ...dirs.flatMap((d) => listTs(path.join(root, d)))].filter((f) => fs.existsSync(f));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    // Doc comments are not parsed (ParseNone): only the import and export statements matter here.
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), { languageVersion: ts.ScriptTarget.ES2022, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, ts.ScriptKind.TS);
    const edges: string[] = [];
    for (const st of source.statements) {
      let spec: ts.Expression | undefined;
      if (ts.isImportDeclaration(st)) {
        const clause = st.importClause;
        const typeOnly = clause?.isTypeOnly || (!!clause && !clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings)
          && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly));
        if (!typeOnly) spec = st.moduleSpecifier;
      } else if (ts.isExportDeclaration(st) && !st.isTypeOnly) {
        spec = st.moduleSpecifier;
      } else if (ts.isImportEqualsDeclaration(st) && !st.isTypeOnly && ts.isExternalModuleReference(st.moduleReference)) {
        spec = st.moduleReference.expression;
      }
      if (spec && ts.isStringLiteral(spec)) edges.push(resolveSpecifier(file, spec.text));
    }
    graph.set(file, edges);
  }
  return graph;
}

function listTs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(dir, f));
}

function resolveSpecifier(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f)) ?? base;
}

/** Every import cycle of the graph, each as the list of files around it (relative to `root`). */
export function findCycles(graph: Map<string, string[]>, root: string): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(root, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

/** Everything `start` reaches at run time (files and packages). */
function closure(graph: Map<string, string[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length) {
    const f = todo.pop()!;
    for (const next of graph.get(f) ?? []) if (!seen.has(next)) { seen.add(next); todo.push(next); }
  }
  return seen;
}

const graph = importGraph(ROOT);

test('the app has no import cycle', () => {
  expect(graph.size).toBeGreaterThan(50);
  expect(findCycles(graph, ROOT)).toEqual([]);
});

test('tools/ read synthesized JSON only: nothing they import reaches cdktf, constructs, a provider package or stacks/', () => {
  const offending: string[] = [];
  for (const file of [...graph.keys()].filter((f) => f.startsWith(path.join(ROOT, 'tools') + path.sep))) {
    for (const dep of closure(graph, file)) {
      if (/^(cdktf|constructs|@cdktf\/)/.test(dep) || dep.startsWith(path.join(ROOT, 'stacks') + path.sep) || dep.startsWith(path.join(ROOT, 'cli') + path.sep)) {
        offending.push(`${path.relative(ROOT, file)} -> ${dep.startsWith(ROOT) ? path.relative(ROOT, dep) : dep}`);
      }
    }
  }
  expect(offending).toEqual([]);
});

test('main.ts reaches the app only through cli/', () => {
  expect(graph.get(path.join(ROOT, 'main.ts'))).toEqual([path.join(ROOT, 'cli', 'synth.ts')]);
});

test('the cycle check finds a cycle, also through a re-export, and ignores type-only imports', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-graph-'));
  try {
    fs.mkdirSync(path.join(dir, 'tools'));
    fs.writeFileSync(path.join(dir, 'main.ts'), "export const m = 1;\n");
    fs.writeFileSync(path.join(dir, 'tools', 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
    fs.writeFileSync(path.join(dir, 'tools', 'b.ts'), "export { c as b } from './c';\n");
    fs.writeFileSync(path.join(dir, 'tools', 'c.ts'), "import { a } from './a';\nexport const c = () => a;\n");
    fs.writeFileSync(path.join(dir, 'tools', 'd.ts'), "import type { E } from './e';\nexport type D = E;\n");
    fs.writeFileSync(path.join(dir, 'tools', 'e.ts'), "import { type D } from './d';\nexport type E = D | 1;\n");
    expect(findCycles(importGraph(dir, ['tools']), dir)).toEqual([[
      path.join('tools', 'a.ts'), path.join('tools', 'b.ts'), path.join('tools', 'c.ts'), path.join('tools', 'a.ts'),
    ]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
