/**
 * Reading configuration files without trusting them: what a path names is checked (lstat, realpath) before
 * it is opened, the open never blocks (O_NONBLOCK, O_NOFOLLOW), the size is capped before reading, and the
 * bytes must be UTF-8. Every refusal is one line naming the file and the reason, never its content.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Largest configuration file read, in bytes (the checked-in environments are ~5 KB). */
export const MAX_CONFIG_BYTES = 256 * 1024;

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted (immutable, append-only or protected)',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EBUSY: 'busy (in use or a mount point)',
  EEXIST: 'already exists',
  ENOENT: 'does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  ENOTEMPTY: 'directory not empty',
  EXDEV: 'on another file system',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EFBIG: 'file too large',
  ETXTBSY: 'text file busy',
};

/** A Node.js system error (`fs`, `child_process`), which carries an errno `code` and the failing `syscall`. */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  // Duck-typed: errors made by Node's own `fs` are not `instanceof Error` inside a vm context (jest).
  return typeof err === 'object' && err !== null && typeof (err as NodeJS.ErrnoException).code === 'string'
    && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** `permission denied (EACCES)`: the reason of a system error in words, with its code; else its message. */
export function fileSystemReason(err: unknown): string {
  if (isSystemError(err)) return `${REASONS[err.code] ?? err.code.toLowerCase()} (${err.code})`;
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message.split('\n')[0] : String(err);
}

/** `file` relative to the working directory when it lies below it, else as given. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Why a configuration file could not be read; `reason` never quotes the file's content. */
export class ConfigFileProblem {
  constructor(public readonly file: string, public readonly reason: string) {}
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Reads `file` as UTF-8 text, or returns the problem. `root` is the folder the file must stay in: a
 * symbolic link is followed only when its target (fully resolved) lies inside `root`. Directories, FIFOs,
 * sockets and devices are refused from `lstat`/`fstat` alone, so reading never blocks.
 */
export function readConfigText(file: string, root: string = path.dirname(file)): string | ConfigFileProblem {
  const problem = (reason: string) => new ConfigFileProblem(file, reason);
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (e) {
    return problem(`cannot read the file: ${fileSystemReason(e)}`);
  }
  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync(file);
    stat = link.isSymbolicLink() ? fs.statSync(real) : link;
    if (!isInside(real, fs.realpathSync(root))) {
      return problem(`${link.isSymbolicLink() ? 'is a symbolic link' : 'resolves to a path'} leading outside ${displayPath(root)}; only files inside it are read`);
    }
  } catch (e) {
    return problem(`${link.isSymbolicLink() ? 'is a symbolic link that cannot be followed' : 'cannot be resolved'}: ${fileSystemReason(e)}`);
  }
  if (!stat.isFile()) return problem(`is ${kindOf(stat)}, not a regular file`);
  if (stat.size > MAX_CONFIG_BYTES) return problem(`is ${stat.size} bytes; configuration files are at most ${MAX_CONFIG_BYTES} bytes`);
  let fd: number;
  try {
    // O_NONBLOCK: if the file was swapped for a FIFO since lstat, open returns at once; O_NOFOLLOW: the
    // last component was resolved above and must not have become a link since.
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch (e) {
    return problem(`cannot read the file: ${fileSystemReason(e)}`);
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return problem(`is ${kindOf(opened)}, not a regular file`);
    // Read at most one byte more than the cap: a file that grew since fstat is still refused.
    const buffer = Buffer.alloc(Math.min(opened.size, MAX_CONFIG_BYTES) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length;) {
      n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
    }
    if (length > MAX_CONFIG_BYTES) return problem(`is over ${MAX_CONFIG_BYTES} bytes; configuration files are at most ${MAX_CONFIG_BYTES} bytes`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      return problem('is not UTF-8 text');
    }
  } catch (e) {
    return problem(`cannot read the file: ${fileSystemReason(e)}`);
  } finally {
    fs.closeSync(fd);
  }
}
