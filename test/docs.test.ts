import * as fs from 'fs';
import * as path from 'path';
import { checkDocs, checkExamples, exampleModule, exportedConstructs, formatDocsCheck, renderDocs } from '../tools/docs';
import { editedWidget, FIXTURE, lineIn, WIDGET } from './fixtures/api-fixture';
import { loadLibrary, LoadOptions, parseDocComment } from '../tools/library-model';

const ROOT = path.resolve(__dirname, '..');

function exampleProblems(options: LoadOptions): string[] {
  const model = loadLibrary(FIXTURE, options);
  return checkExamples(model, exportedConstructs(model));
}

describe('the committed reference pages of this library', () => {
  test('are up to date, one per exported construct, each with an example that type-checks', () => {
    const result = checkDocs(ROOT);
    expect(formatDocsCheck(result)).toBe('');
    const pages = fs.readdirSync(path.join(ROOT, 'docs/reference')).filter((f) => f !== 'README.md');
    expect(pages).toEqual(expect.arrayContaining(['Network.md', 'EncryptionKey.md', 'EncryptedLogGroup.md']));
    for (const page of pages) expect(fs.readFileSync(path.join(ROOT, 'docs/reference', page), 'utf8')).toContain('## Example');
  });

  test('the README links the reference index', () => {
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('(docs/reference/README.md)');
  });
});

describe('reference page of the fixture construct', () => {
  const docs = renderDocs(loadLibrary(FIXTURE));
  const page = docs.get('docs/reference/Widget.md')!;

  test('has the import, summary, example, props table with defaults, handles and methods', () => {
    expect(page).toContain("`import { Widget } from '@fixture/widgets/widgets';`");
    expect(page).toContain('A widget for the API report tests.');
    expect(page).toContain("## Example\n\n```ts\nimport { Widget } from '@fixture/widgets/widgets';\n");
    expect(page).toContain('| `name` | `string` | required | — | Widget name. |');
    expect(page).toContain('| `size` | `number` | optional | `1` | Size in units. |');
    expect(page).toContain('| `widgetId` | `string` | Identifier other stacks reference. |');
    expect(page).toContain('grantUse(grantee: WidgetGrantee): void;');
    expect(page).not.toContain('grantees');
  });

  test('the index links every page', () => {
    expect(docs.get('docs/reference/README.md')).toContain('| [Widget](Widget.md) | `@fixture/widgets/widgets` | A widget for the API report tests. |');
  });
});

describe('examples', () => {
  test('the fixture example type-checks against the library', () => {
    expect(exampleProblems({})).toEqual([]);
  });

  test('a construct without @example is named, with file:line', () => {
    const options = editedWidget(/ \*\n \* @example[\s\S]*?```\n(?= \*\/)/, '');
    const line = lineIn(options, 'export class Widget');
    expect(exampleProblems(options)).toEqual([
      `${WIDGET}:${line}: exported construct Widget has no @example in its doc comment (its reference page needs one)`,
    ]);
  });

  test('an example that no longer compiles is reported', () => {
    const problems = exampleProblems(editedWidget("{ name: 'w', size: 2 }", "{ name: 'w', size: 'big' }"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/the @example of Widget does not type-check: line \d+: Type 'string' is not assignable to type 'number'/);
  });

  test('examples become a module: imports on top, the rest in a function whose `this` is the scope', () => {
    expect(exampleModule("import {\n  A,\n} from 'x';\nconst a = new A(this);")).toBe(
      "import {\n  A,\n} from 'x';\nexport function example(this: import('constructs').Construct): void {\n  const a = new A(this);\n}\n");
  });
});

describe('doc comment parsing', () => {
  test('a tag starts a line; `@` inside a fenced example is code', () => {
    const doc = parseDocComment([
      '/**',
      ' * Summary line.',
      ' *',
      ' * @example',
      ' * ```ts',
      " * import { X } from '@scope/pkg';",
      ' * @decorator()',
      ' *   indented();',
      ' * ```',
      ' * @default - nothing',
      ' */',
    ].join('\n'));
    expect(doc.summary).toBe('Summary line.');
    expect(doc.tags.map((t) => t.name)).toEqual(['example', 'default']);
    expect(doc.tags[0].text).toBe("```ts\nimport { X } from '@scope/pkg';\n@decorator()\n  indented();\n```");
    expect(doc.tags[1].text).toBe('- nothing');
  });

  test('single-line comments', () => {
    expect(parseDocComment('/** Just this. */')).toEqual({ summary: 'Just this.', tags: [] });
  });
});
