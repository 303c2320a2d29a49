/**
 * Values keys of a Helm chart, taken from the chart's own `values.yaml`, and the check that every key the
 * platform sets exists there. The fixture files under `test/fixtures/chart-values/` hold only the list of
 * key paths (plus chart, version and where they came from), never chart code.
 *
 * `npx tsx tools/chart-values.ts <git-dir> <ref> <path/to/values.yaml> <chart> <version> <source-repo>`
 * prints a fixture for one chart (the git directory is a local mirror of the chart's repository).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import YAML from 'yaml';

/** Key paths of a chart's default values at one version, and where they were read. */
export interface ChartValuesKeys {
  readonly chart: string;
  readonly version: string;
  /** Repository the values.yaml was read from (`owner/name`). */
  readonly source: string;
  readonly path: string;
  readonly commit: string;
  /** Dotted key paths of every mapping key (array items are not descended into). */
  readonly keys: readonly string[];
  /** Paths whose default is an empty map or null: any key below them is the chart's to accept. */
  readonly openMaps: readonly string[];
  /** Keys the values.yaml documents only in comments (added by hand, with `documentedKeysSource`). */
  readonly documentedKeys?: readonly string[];
  readonly documentedKeysSource?: string;
}

/** Istio wraps its chart defaults in this key (its templates merge it with the user's values). */
const ISTIO_DEFAULTS_WRAPPER = '_internal_defaults_do_not_set';

/** Key paths (and open maps) of a values document. */
export function valuesKeyPaths(text: string): { keys: string[]; openMaps: string[] } {
  const doc: unknown = YAML.parse(text) ?? {};
  const keys = new Set<string>();
  const open = new Set<string>();
  const walk = (node: unknown, prefix: string): void => {
    if (node === null || node === undefined) {
      if (prefix) open.add(prefix);
      return;
    }
    if (typeof node !== 'object' || Array.isArray(node)) return;
    const entries = Object.entries(node as Record<string, unknown>);
    // An empty map, or a map of label-style keys (`kubernetes.io/os: linux`), is the user's to fill.
    if (prefix && (entries.length === 0 || entries.every(([k]) => k.includes('/')))) open.add(prefix);
    for (const [k, v] of entries) {
      if (k === ISTIO_DEFAULTS_WRAPPER && !prefix) {
        walk(v, '');
        continue;
      }
      const p = prefix ? `${prefix}.${k}` : k;
      keys.add(p);
      walk(v, p);
    }
  };
  walk(doc, '');
  return { keys: [...keys].sort(), openMaps: [...open].sort() };
}

/** Key paths a values object sets: every mapping key, not descending into arrays. */
export function setKeyPaths(values: unknown, prefix = ''): string[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return [p, ...setKeyPaths(v, p)];
  });
}

/** Keys `values` sets that the chart's defaults do not have (and no open map of the chart admits). */
export function unknownValuesKeys(values: unknown, chart: Pick<ChartValuesKeys, 'keys' | 'openMaps' | 'documentedKeys'>): string[] {
  const known = new Set([...chart.keys, ...(chart.documentedKeys ?? [])]);
  return setKeyPaths(values).filter((p) => !known.has(p) && !chart.openMaps.some((o) => p.startsWith(`${o}.`)));
}

if (require.main === module) {
  const [gitDir, ref, file, chart, version, source] = process.argv.slice(2);
  if (!source) {
    console.error('usage: tsx tools/chart-values.ts <git-dir> <ref> <values.yaml path> <chart> <version> <owner/repo>');
    process.exit(2);
  }
  const commit = execFileSync('git', ['-C', gitDir, 'rev-parse', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
  const text = execFileSync('git', ['-C', gitDir, 'show', `${commit}:${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const { keys, openMaps } = valuesKeyPaths(text);
  // Keep hand-added documented keys of an existing fixture (FIXTURE=<path>).
  const previous = process.env.FIXTURE && fs.existsSync(process.env.FIXTURE) ? JSON.parse(fs.readFileSync(process.env.FIXTURE, 'utf8')) as ChartValuesKeys : undefined;
  const out: ChartValuesKeys = {
    chart, version, source, path: file, commit, keys, openMaps,
    ...(previous?.documentedKeys ? { documentedKeys: previous.documentedKeys, documentedKeysSource: previous.documentedKeysSource } : {}),
  };
  console.log(JSON.stringify(out, null, 1));
}
