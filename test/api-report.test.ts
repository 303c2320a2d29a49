import * as fs from 'fs';
import * as path from 'path';
import { checkApi, formatApiCheck, lintLibrary, renderApiReports } from '../tools/api-report';
import { diffExcerpt } from '../tools/generated-files';
import { checkEntryPointFields, discoverEntries, readPackageJson, withEntryPointFields } from '../tools/library-layout';
import { editedWidget, FIXTURE, lineIn, WIDGET, widgetSource } from './fixtures/api-fixture';
import { loadLibrary, LoadOptions } from '../tools/library-model';

const ROOT = path.resolve(__dirname, '..');

function fixtureReport(options: LoadOptions = {}): string {
  return renderApiReports(loadLibrary(FIXTURE, options)).get('api/widgets.api.md')!;
}

function fixtureLint(options: LoadOptions = {}): string[] {
  return lintLibrary(loadLibrary(FIXTURE, options), readPackageJson(FIXTURE));
}

describe('the committed API report of this library', () => {
  test('matches what the code exports, package.json entry points match the folders, and the lint passes', () => {
    const result = checkApi(ROOT);
    expect(formatApiCheck(result)).toBe('');
    expect(result.ok).toBe(true);
  });

  test('removing a prop from an exported construct without updating the report fails the check', () => {
    const kms = fs.readFileSync(path.join(ROOT, 'constructs/core/kms.ts'), 'utf8');
    const withoutProp = kms.replace(/\n {2}\/\*\*\n {3}\* Days before a scheduled key deletion[\s\S]*?readonly deletionWindowInDays\?: number;/, '');
    expect(withoutProp).not.toBe(kms);
    const result = checkApi(ROOT, { overrides: new Map([['constructs/core/kms.ts', withoutProp]]) });
    expect(result.ok).toBe(false);
    expect(result.changed.map((c) => c.file)).toEqual(['api/core.api.md']);
    const message = formatApiCheck(result);
    expect(message).toContain('- ' + '    readonly deletionWindowInDays?: number; // @default 30');
    expect(message).toContain('npm run api:update');
  });
});

describe('API report of the fixture library', () => {
  const report = fixtureReport();

  test('lists classes with constructor, handles and methods, props with optionality and @default', () => {
    expect(report).toContain("import { Construct } from 'constructs';");
    expect(report).toContain([
      'export declare class Widget extends Construct {',
      '    constructor(scope: Construct, id: string, props: WidgetProps);',
      '    readonly widgetId: string;',
      '    grantUse(grantee: WidgetGrantee): void;',
      '}',
    ].join('\n'));
    expect(report).toContain('    readonly size?: number; // @default 1');
    expect(report).toContain("export type WidgetColor = 'blue' | 'green';");
    expect(report).toContain('export declare function doubleSize(size: number): number;');
    // Private members are not API.
    expect(report).not.toContain('grantees');
  });

  test('the root entry lists re-exports by subpath instead of repeating signatures', () => {
    const root = renderApiReports(loadLibrary(FIXTURE)).get('api/index.api.md')!;
    expect(root).toContain("} from '@fixture/widgets/widgets';");
    expect(root).not.toContain('constructor(');
  });

  test('a copy that lacks a prop yields a report whose diff names the prop', () => {
    const without = fixtureReport(editedWidget(/ {2}\/\*\*\n {3}\* Size in units\.[\s\S]*?readonly size\?: number;\n/, ''));
    const diff = diffExcerpt(report, without);
    expect(diff).toContain('-     readonly size?: number; // @default 1');
    expect(diff).not.toContain('+ ');
  });

  test('a retyped prop and a changed default both change the report', () => {
    expect(fixtureReport(editedWidget('readonly size?: number;', 'readonly size?: string;'))).toContain('readonly size?: string; // @default 1');
    expect(fixtureReport(editedWidget('@default 1', '@default 2'))).toContain('readonly size?: number; // @default 2');
  });

  test('is stable: generating twice gives the same text', () => {
    expect(fixtureReport()).toBe(report);
  });
});

describe('public API lint', () => {
  test('the fixture is clean', () => {
    expect(fixtureLint()).toEqual([]);
  });

  test('an optional prop without @default is reported with file:line', () => {
    const options = editedWidget('   * Size in units.\n   * @default 1\n', '   * Size in units.\n');
    const line = lineIn(options, 'readonly size?: number;');
    expect(fixtureLint(options)).toEqual([`${WIDGET}:${line}: WidgetProps.size is optional but has no @default tag`]);
  });

  test('a prop without a doc comment is reported', () => {
    const options = editedWidget('  /** Widget name. */\n', '');
    const line = lineIn(options, 'readonly name: string;');
    expect(fixtureLint(options)).toEqual([`${WIDGET}:${line}: WidgetProps.name has no doc comment`]);
  });

  test('an exported construct without a doc comment is reported', () => {
    const options = editedWidget(/\/\*\*\n \* A widget for the API report tests\.[\s\S]*?\*\/\n(?=export class Widget)/, '');
    const line = lineIn(options, 'export class Widget');
    expect(fixtureLint(options)).toEqual([`${WIDGET}:${line}: exported construct Widget has no doc comment`]);
  });

  test('a signature using a type no entry point exports is reported', () => {
    const options = editedWidget('export interface WidgetGrantee {', 'interface WidgetGrantee {');
    const problems = fixtureLint(options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^constructs\/widgets\/widget\.ts:\d+: Widget uses WidgetGrantee \(constructs\/widgets\/widget\.ts:\d+\), which no entry point exports$/);
  });

  test('importing a package that is not a (peer) dependency is reported', () => {
    const options = editedWidget("import { Construct } from 'constructs';", "import { Construct } from 'constructs';\nimport 'yaml';");
    expect(fixtureLint(options)).toEqual([
      `${WIDGET}:2: imports 'yaml', but package.json lists 'yaml' in neither dependencies nor peerDependencies, so consumers would not get it`,
    ]);
  });

  test('importing the app from the library is reported', () => {
    const overrides = new Map([
      [WIDGET, widgetSource.replace("import { Construct } from 'constructs';", "import { Construct } from 'constructs';\nimport { appName } from '../../stacks/app-name';\nexport const APP = appName;")],
      ['stacks/app-name.ts', "export const appName = 'app';\n"],
    ]);
    expect(fixtureLint({ overrides })).toContain(
      "stacks/app-name.ts:1: is part of the library's import graph but lies outside constructs/, catalog/ (the library must not import the app)");
  });
});

describe('package.json entry points follow the folders under constructs/', () => {
  const entries = discoverEntries(FIXTURE);
  const pkg = readPackageJson(FIXTURE);

  test('one subpath per folder with an index.ts, plus the root', () => {
    expect(entries.map((e) => e.subpath)).toEqual(['.', './widgets']);
    expect(checkEntryPointFields(pkg, entries)).toEqual([]);
  });

  test('a new folder without its subpath, or a subpath without its folder, is reported', () => {
    const exportsMap = pkg.exports as Record<string, unknown>;
    const missing = { ...pkg, exports: Object.fromEntries(Object.entries(exportsMap).filter(([k]) => k !== './widgets')) };
    expect(checkEntryPointFields(missing, entries)).toContain("package.json exports has no './widgets' although constructs/widgets/index.ts exists");
    const extra = { ...pkg, exports: { ...exportsMap, './edge': { types: 'x', default: 'y' } } };
    expect(checkEntryPointFields(extra, entries)).toContain("package.json exports has './edge' but there is no constructs/edge/index.ts");
    expect(checkEntryPointFields(withEntryPointFields(missing, entries), entries)).toEqual([]);
  });

  test('this repository has a subpath for every domain folder', () => {
    const folders = fs.readdirSync(path.join(ROOT, 'constructs'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, 'constructs', d.name, 'index.ts'))).map((d) => `./${d.name}`);
    expect(folders.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(readPackageJson(ROOT).exports as object).sort()).toEqual(['.', './package.json', ...folders].sort());
  });
});
