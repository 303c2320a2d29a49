import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/**
 * What keeps main.ts an argument hand-over (issue 9): imports only from ./cli/, and besides them exactly
 * one statement, a call of one imported entry point with nothing but the command line
 * (`process.argv.slice(2)`) as argument. Returns what breaks the rule, empty when nothing does.
 */
export function mainProblems(code: string): string[] {
  const source = ts.createSourceFile('main.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const problems: string[] = [];
  const imported = new Set<string>();
  const calls: ts.CallExpression[] = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st)) {
      const from = (st.moduleSpecifier as ts.StringLiteral).text;
      if (!from.startsWith('./cli/')) problems.push(`imports ${from}: main.ts may import only entry points in cli/`);
      const bindings = st.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => imported.add(e.name.text));
      if (st.importClause?.name) imported.add(st.importClause.name.text);
    } else if (ts.isExpressionStatement(st) && ts.isCallExpression(st.expression)) {
      calls.push(st.expression);
    } else {
      problems.push(`line ${source.getLineAndCharacterOfPosition(st.getStart()).line + 1}: ${ts.SyntaxKind[st.kind]}: main.ts only parses arguments and calls one entry point`);
    }
  }
  if (calls.length !== 1) problems.push(`calls ${calls.length} functions at the top level; it must call exactly one entry point`);
  for (const call of calls) {
    const callee = call.expression.getText(source);
    if (!imported.has(callee)) problems.push(`calls ${callee}, which is not an entry point imported from cli/`);
    for (const arg of call.arguments) {
      if (arg.getText(source) !== 'process.argv.slice(2)') problems.push(`passes ${arg.getText(source)}: the only argument is the command line, process.argv.slice(2)`);
    }
  }
  return problems;
}

test('main.ts only hands the command line to one entry point in cli/', () => {
  expect(mainProblems(fs.readFileSync(path.join(ROOT, 'main.ts'), 'utf8'))).toEqual([]);
});

test.each([
  ["import { runSynth } from './cli/synth';\nimport { loadEnvironment } from './environments/load';\nrunSynth(process.argv.slice(2));\n", /imports \.\/environments\/load/],
  ["import { runSynth } from './cli/synth';\nconst started = Date.now();\nrunSynth(process.argv.slice(2));\n", /line 2: FirstStatement/],
  ["import { runSynth } from './cli/synth';\nimport { runCost } from './cli/cost';\nrunSynth(process.argv.slice(2));\nrunCost(process.argv.slice(2));\n", /calls 2 functions/],
  ["import { runSynth } from './cli/synth';\nrunSynth(['--all']);\n", /passes \['--all'\]/],
  ["import { runSynth } from './cli/synth';\nconsole.log(process.argv);\n", /calls console\.log/],
  ["import { runSynth } from './cli/synth';\nif (process.argv.length > 2) runSynth(process.argv.slice(2));\n", /IfStatement/],
])('a main.ts doing more is refused: %#', (code, problem) => {
  expect(mainProblems(code)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
});

test('every entry point the launcher knows exists in cli/ (or is main.ts) and its npm script runs it compiled', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ENTRIES } = require(path.join(ROOT, 'cli', 'launch.js')) as { ENTRIES: Record<string, string> };
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const [name, file] of Object.entries(ENTRIES)) {
    expect(file === 'main.ts' || file.startsWith('cli/')).toBe(true);
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    expect(scripts[name]).toBe(`node cli/launch.js ${name}`);
  }
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app).toBe('node cli/launch.js synth');
});
