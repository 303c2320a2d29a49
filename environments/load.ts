import * as fs from 'fs';
import * as path from 'path';
import { environmentSchema, EnvironmentConfig } from './schema';
import { ConfigFileProblem, fileSystemReason, readConfigText } from './file-access';
import YAML from 'yaml';
import { ConfigError, parseYamlConfig } from './yaml-config';
import type { Phase } from './cluster-schema';

export { ConfigError } from './yaml-config';
export type { ConfigIssue } from './yaml-config';

/** Options of a load. */
export interface LoadOptions {
  /**
   * Validate and plan the environment at this growth phase instead of the file's `phase` (what-if runs: the
   * runbook, the per-phase cost report). Every rule, the recovery check included, runs at this phase.
   * @default the file's `phase`
   */
  readonly phase?: Phase;
}

/** Folder holding the checked-in `<name>.yaml` files. */
export const ENVIRONMENTS_DIR = __dirname;

/** What an environment name may look like (it also names stacks and files). */
const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Environment names available in `dir` (the `.yaml` files' base names), sorted. */
export function listEnvironments(dir: string = ENVIRONMENTS_DIR): string[] {
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a directory');
    entries = fs.readdirSync(dir);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code && (e as NodeJS.ErrnoException).code !== 'ENOENT' ? ` (${fileSystemReason(e)})` : '';
    throw new ConfigError(dir, [{ keyPath: '', message: `is not a folder of environment YAML files${reason}` }]);
  }
  return entries.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
}

/** Loads `<dir>/<name>.yaml`; an unknown name is a ConfigError listing the known ones. */
export function loadEnvironment(name: string, dir: string = ENVIRONMENTS_DIR, options: LoadOptions = {}): EnvironmentConfig {
  const file = path.join(dir, `${name}.yaml`);
  const known = () => listEnvironments(dir);
  if (!NAME_PATTERN.test(name) || !exists(file)) {
    const names = known();
    const hint = names.includes(name)
      ? `environment file names are lower-case letters, digits and '-'; rename ${name}.yaml`
      : `known environments: ${names.length > 0 ? names.join(', ') : 'none'} (or --all)`;
    throw new ConfigError(dir, [{ keyPath: '', message: `unknown environment '${name.slice(0, 64)}'; ${hint}` }]);
  }
  return loadEnvironmentFile(file, dir, options);
}

/** True when something (even a dangling link or a FIFO) has this name: such a file is refused by name, not called unknown. */
function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads every environment in `dir`. A missing folder, or one without any `*.yaml`, is an error: `--all`
 * must never mean "nothing" (that would replace cdktf.out with an empty output).
 */
export function loadAllEnvironments(dir: string = ENVIRONMENTS_DIR): EnvironmentConfig[] {
  const names = listEnvironments(dir);
  if (names.length === 0) {
    throw new ConfigError(dir, [{ keyPath: '', message: 'holds no environment files (<name>.yaml); --all needs at least one' }]);
  }
  return names.map((n) => loadEnvironment(n, dir));
}

/**
 * Reads, parses and validates one environment file. The file must be a regular file of at most
 * MAX_CONFIG_BYTES; a symbolic link is followed only inside `root` (default: the file's folder).
 */
export function loadEnvironmentFile(file: string, root: string = path.dirname(file), options: LoadOptions = {}): EnvironmentConfig {
  const text = readConfigText(file, root);
  if (text instanceof ConfigFileProblem) throw new ConfigError(file, [{ keyPath: '', message: text.reason }]);
  return parseEnvironment(text, file, options);
}

/** Parses environment YAML text; `file` is used for messages and the name check. */
export function parseEnvironment(text: string, file: string, options: LoadOptions = {}): EnvironmentConfig {
  const env = parseYamlConfig(options.phase === undefined ? text : withPhase(text, options.phase), file, environmentSchema);
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (env.name !== expected) {
    throw new ConfigError(file, [{ keyPath: 'name', message: `'${env.name}' must equal the file name '${expected}'` }]);
  }
  return env;
}

/** `text` with its top-level `phase` set to `phase`; text that is not a clean mapping is left for the parser to report. */
function withPhase(text: string, phase: Phase): string {
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !YAML.isMap(doc.contents)) return text;
  doc.set('phase', phase);
  return doc.toString();
}
