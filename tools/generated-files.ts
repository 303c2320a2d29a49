import * as fs from 'fs';
import * as path from 'path';

/**
 * Committed files a tool generates into one folder (API reports, reference pages): compare them with what
 * the code produces now, or write them. Shared by tools/api-report.ts and tools/docs.ts.
 */

/** Generated files keyed by path relative to the root, all inside `dir` and ending in `suffix`. */
export interface GeneratedSet {
  readonly dir: string;
  readonly suffix: string;
  readonly files: ReadonlyMap<string, string>;
}

export interface GeneratedDiff {
  /** Files whose committed content differs from the generated one; `actual` undefined when missing. */
  readonly changed: readonly { readonly file: string; readonly expected: string; readonly actual: string | undefined }[];
  /** Committed files in `dir` that the code no longer generates. */
  readonly stale: readonly string[];
}

function committed(root: string, set: GeneratedSet): string[] {
  const dir = path.join(root, set.dir);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(set.suffix)).map((f) => `${set.dir}/${f}`) : [];
}

function read(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

export function compareGenerated(root: string, set: GeneratedSet): GeneratedDiff {
  const changed = [...set.files].flatMap(([file, expected]) => {
    const actual = read(path.join(root, file));
    return actual === expected ? [] : [{ file, expected, actual }];
  });
  return { changed, stale: committed(root, set).filter((f) => !set.files.has(f)) };
}

/** Writes what changed and removes stale files. */
export function writeGenerated(root: string, set: GeneratedSet): void {
  fs.mkdirSync(path.join(root, set.dir), { recursive: true });
  const diff = compareGenerated(root, set);
  for (const f of diff.stale) fs.rmSync(path.join(root, f));
  for (const c of diff.changed) fs.writeFileSync(path.join(root, c.file), c.expected);
}

/** One message per changed or stale file, with a diff excerpt. */
export function describeDiff(diff: GeneratedDiff, staleMeans: string): string[] {
  return [
    ...diff.changed.map((c) => (c.actual === undefined
      ? `${c.file} is missing`
      : `${c.file} differs from what the code generates (- committed, + generated):\n${diffExcerpt(c.actual, c.expected)}`)),
    ...diff.stale.map((s) => `${s} ${staleMeans}`),
  ];
}

/** A short line diff: the first differing region with a little context, `-` committed, `+` generated. */
export function diffExcerpt(actual: string, expected: string, maxLines = 20): string {
  const a = actual.split('\n');
  const b = expected.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const lines = [
    ...a.slice(Math.max(0, start - 2), start).map((l) => `  ${l}`),
    ...a.slice(start, endA).map((l) => `- ${l}`),
    ...b.slice(start, endB).map((l) => `+ ${l}`),
  ];
  return (lines.length > maxLines ? [...lines.slice(0, maxLines), `  ... (${lines.length - maxLines} more lines)`] : lines).join('\n');
}

/** The `--check | --update` command line both generators share. */
export interface CheckUpdateCommand {
  readonly usage: string;
  /** Writes the generated files; returns the problems writing cannot fix (lint findings). */
  update(): { readonly done: string; readonly problems: readonly string[] };
  /** `report` is empty when everything is up to date. */
  check(): { readonly report: string; readonly done: string };
  readonly problemsHeading: string;
}

export function runCheckOrUpdate(argv: readonly string[], cmd: CheckUpdateCommand): number {
  const started = process.hrtime.bigint();
  const elapsed = () => `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s`;
  if (argv.includes('--update')) {
    const { done, problems } = cmd.update();
    console.log(`${done} in ${elapsed()}`);
    if (problems.length === 0) return 0;
    console.error(`${cmd.problemsHeading}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return 1;
  }
  if (!argv.includes('--check')) {
    console.error(`usage: ${cmd.usage} --check | --update`);
    return 2;
  }
  const { report, done } = cmd.check();
  if (report !== '') {
    console.error(report);
    return 1;
  }
  console.log(`${done} (${elapsed()})`);
  return 0;
}
