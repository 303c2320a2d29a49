import { UsageError } from './cli';
import { DEFAULT_LOCK_WAIT_MS } from './outdir-lock';

/** Which environments a run synthesizes: named ones, or all of them. */
export type EnvironmentSelection = { readonly all: true } | { readonly all: false; readonly names: readonly string[] };

/** The environment synthesized when none is named. */
export const DEFAULT_ENVIRONMENT = 'dev';

/** `npm run synth -- --help`. */
export const SYNTH_USAGE = `usage: npm run synth -- [<environment> ...] [--file <path.yaml> ...] | --all | --help

Synthesizes environments/<environment>.yaml (default: ${DEFAULT_ENVIRONMENT}; --all: every file there) and each
--file (an environment file anywhere, validated the same way, e.g. examples/four-region/four-region.yaml) into cdktf.out/,
runs the policy pack and prints the stacks, node groups and policy results. cdktf.out is replaced only
when everything succeeded; one synth at a time writes it (cdktf.out.lock).

environment variables:
  PLATFORM_ENV                 environments when the cdktf CLI runs the app (a name, a comma-separated
                               list, or all); must agree with names given on the command line
  PLATFORM_ENVIRONMENTS_DIR    folder of environment YAML files (default: environments/)
  PLATFORM_POLICY=report       report policy failures instead of failing the synth
  PLATFORM_OUTDIR_LOCK_WAIT    seconds to wait for another synth's cdktf.out.lock (default ${DEFAULT_LOCK_WAIT_MS / 1000})
  PLATFORM_TOKEN_TRACES=1      keep cdktf's token stack traces (debugging)
  CDKTF_OUTDIR                 set by the cdktf CLI: write there, without the swap and the lock`;

/** True when the command line asks for the usage (`--help`, `-h`). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((w) => w === '--help' || w === '-h');
}

function selectionOf(words: readonly string[], source: string): EnvironmentSelection {
  const names: string[] = [];
  for (const w of words) {
    if (w === '--all' || w === 'all') return { all: true };
    if (w.startsWith('-')) {
      throw new UsageError(`unknown option '${w}' in ${source}`, SYNTH_USAGE.split('\n')[0]);
    }
    if (!names.includes(w)) names.push(w); // naming an environment twice synthesizes it once
  }
  return { all: false, names };
}

function sameSelection(a: EnvironmentSelection, b: EnvironmentSelection): boolean {
  if (a.all || b.all) return a.all === b.all;
  return a.names.length === b.names.length && a.names.every((n) => b.names.includes(n));
}

/**
 * Reads the selection from the command line (`production`, `dev staging`, `--all`) or, when the
 * cdktf CLI runs the app and cannot pass arguments, from `PLATFORM_ENV` (`production`, `dev,staging`
 * or `all`). When both are given they must name the same environments (in any order).
 */
export function parseSelection(argv: readonly string[], envVar?: string): EnvironmentSelection {
  const fromArgs = selectionOf(argv, 'the command line');
  const envWords = (envVar ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const fromEnv = selectionOf(envWords, 'PLATFORM_ENV');
  const argsGiven = argv.length > 0;
  const envGiven = envWords.length > 0;
  if (argsGiven && envGiven && !sameSelection(fromArgs, fromEnv)) {
    throw new UsageError(`PLATFORM_ENV=${envVar?.trim()} disagrees with the command line (${argv.join(' ')}); `
      + 'name the environments in one place, or make both agree');
  }
  const chosen = argsGiven ? fromArgs : fromEnv;
  if (!chosen.all && chosen.names.length === 0) return { all: false, names: [DEFAULT_ENVIRONMENT] };
  return chosen;
}

/**
 * Takes `--file <path>` / `--file=<path>` out of `argv`: environment files outside environments/ (the
 * four-region example). Returns the files and the remaining words for parseSelection.
 */
export function splitFileArguments(argv: readonly string[]): { files: string[]; rest: string[] } {
  const files: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--file') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) throw new UsageError('--file needs the path of an environment YAML file', SYNTH_USAGE.split('\n')[0]);
      files.push(value);
      i++;
    } else if (w.startsWith('--file=')) {
      files.push(w.slice('--file='.length));
    } else {
      rest.push(w);
    }
  }
  return { files, rest };
}
