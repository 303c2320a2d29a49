/**
 * An error a user of the library can cause with bad props or bad configuration.
 *
 * The app prints `message` alone (no stack trace) and exits non-zero. Messages name where the bad value
 * came from (a construct path, or a file and key path) and what would be valid.
 */
export class PlatformValidationError extends Error {
  /** Where the bad value was given: a construct path or `file: key.path`. */
  public readonly where: string;

  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'PlatformValidationError';
    this.where = where;
  }
}

/** True for errors the user caused, which are reported without a stack trace. */
export function isUserError(err: unknown): err is PlatformValidationError {
  return err instanceof PlatformValidationError;
}
