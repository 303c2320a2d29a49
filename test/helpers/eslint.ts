import * as path from 'path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '..', '..');
let eslint: ESLint | undefined;

/**
 * Lints `code` as if it were the file `file` (relative to the project root) with the project's own
 * eslint.config.cjs, in this process (one ESLint instance per test file instead of one eslint process per
 * check). Returns the distinct `line:rule` pairs.
 */
export async function lintAs(file: string, code: string): Promise<string[]> {
  // The project's own config, loaded here: ESLint's loader would import() it, which jest cannot do.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  eslint ??= new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: require(path.join(ROOT, 'eslint.config.cjs')) });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`eslint could not parse ${file}: ${fatal.message}`);
  return [...new Set(result.messages.map((m) => `${m.line}:${m.ruleId}`))];
}
