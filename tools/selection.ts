import { UsageError } from './cli';

/** Which environments a run synthesizes: named ones, or all of them. */
export type EnvironmentSelection = { readonly all: true } | { readonly all: false; readonly names: readonly string[] };

/** The environment synthesized when none is named. */
export const DEFAULT_ENVIRONMENT = 'dev';

/**
 * Reads the selection from the command line (`production`, `dev staging`, `--all`) or, when the
 * cdktf CLI runs the app and cannot pass arguments, from `PLATFORM_ENV` (`production`, `dev,staging`
 * or `all`).
 */
export function parseSelection(argv: readonly string[], envVar?: string): EnvironmentSelection {
  const words = argv.length > 0 ? [...argv] : (envVar ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const names: string[] = [];
  for (const w of words) {
    if (w === '--all' || w === 'all') return { all: true };
    if (w.startsWith('-')) {
      throw new UsageError(`unknown option '${w}'`, 'usage: npm run synth -- [<environment> ...] | --all');
    }
    if (!names.includes(w)) names.push(w); // naming an environment twice synthesizes it once
  }
  return { all: false, names: names.length > 0 ? names : [DEFAULT_ENVIRONMENT] };
}
