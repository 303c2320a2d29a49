/** What every command-line tool here shares: strict argument parsing and one way of reporting mistakes. */
import { parseArgs, ParseArgsConfig } from 'util';
import { isUserError, PlatformValidationError } from '../constructs/core/errors';
import { SynthReadError } from './tfjson';

/** A mistake on a tool's command line. */
export class UsageError extends PlatformValidationError {
  constructor(message: string, usage?: string) {
    super('command line', usage ? `${message}; ${usage}` : message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
/** What `parseCommandLine` returns for a given option set: typed `values` and the `positionals`. */
export type ParsedCommandLine<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/**
 * Parses `argv` strictly with Node's `util.parseArgs` (positionals allowed). An unknown option or an
 * option without its value becomes a UsageError naming it, followed by `usage`.
 */
export function parseCommandLine<O extends Options>(argv: string[], options: O, usage: string): ParsedCommandLine<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (!err.code?.startsWith('ERR_PARSE_ARGS_')) throw e;
    const option = /'(-[^' ]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option}`, usage);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${option} needs a value`, usage);
    throw new UsageError(err.message.split('. ')[0], usage);
  }
}

/**
 * Runs a tool's `main` with this process's arguments and sets the exit code it returns. A mistake the
 * user made (bad arguments or configuration, no synthesized output, or one of `userErrors`) is printed
 * as one line and exits 2; anything else is a bug and keeps its stack trace.
 */
export function runTool(main: (argv: string[]) => number, userErrors: readonly (new (...args: never[]) => Error)[] = []): void {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    if (isUserError(err) || err instanceof SynthReadError || userErrors.some((c) => err instanceof c)) {
      console.error(`error: ${(err as Error).message}`);
      process.exitCode = 2;
    } else {
      throw err;
    }
  }
}
