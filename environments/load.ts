import * as fs from 'fs';
import * as path from 'path';
import { environmentSchema, EnvironmentConfig } from './schema';
import { ConfigError, parseYamlConfig } from './yaml-config';

export { ConfigError } from './yaml-config';
export type { ConfigIssue } from './yaml-config';

/** Folder holding the checked-in `<name>.yaml` files. */
export const ENVIRONMENTS_DIR = __dirname;

/** Environment names available in `dir` (the `.yaml` files' base names), sorted. */
export function listEnvironments(dir: string = ENVIRONMENTS_DIR): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError(dir, [{ keyPath: '', message: 'is not a folder of environment YAML files' }]);
  }
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
}

/** Loads `<dir>/<name>.yaml`; an unknown name is a ConfigError listing the known ones. */
export function loadEnvironment(name: string, dir: string = ENVIRONMENTS_DIR): EnvironmentConfig {
  const file = path.join(dir, `${name}.yaml`);
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !fs.existsSync(file)) {
    throw new ConfigError(dir, [{ keyPath: '', message: `unknown environment '${name}'; known environments: ${listEnvironments(dir).join(', ')} (or --all)` }]);
  }
  return loadEnvironmentFile(file);
}

/** Loads every environment in `dir`. */
export function loadAllEnvironments(dir: string = ENVIRONMENTS_DIR): EnvironmentConfig[] {
  return listEnvironments(dir).map((n) => loadEnvironment(n, dir));
}

/** Reads, parses and validates one environment file. */
export function loadEnvironmentFile(file: string): EnvironmentConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ keyPath: '', message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return parseEnvironment(text, file);
}

/** Parses environment YAML text; `file` is used for messages and the name check. */
export function parseEnvironment(text: string, file: string): EnvironmentConfig {
  const env = parseYamlConfig(text, file, environmentSchema);
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (env.name !== expected) {
    throw new ConfigError(file, [{ keyPath: 'name', message: `'${env.name}' must equal the file name '${expected}'` }]);
  }
  return env;
}
