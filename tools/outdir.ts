/**
 * Replacing an output directory (`cdktf.out`) so that it cannot be lost:
 *
 * - one writer at a time: `cdktf.out.lock` (tools/outdir-lock.ts);
 * - the new output is written into a sibling temporary directory `.cdktf-out-<pid>-<random>` and swapped in
 *   with two renames in the same folder: `cdktf.out` -> `.cdktf-out-<pid>-<random>-previous`, then the
 *   temporary directory -> `cdktf.out`;
 * - a run killed at any moment leaves the previous output, the new one, or (killed between the two renames)
 *   the complete previous output under its `-previous` name; every run starts, under the lock, by restoring
 *   that directory when `cdktf.out` is missing and removing what killed runs left behind.
 *
 * Why not a symlink swap or RENAME_EXCHANGE: Node exposes no renameat2(RENAME_EXCHANGE) (Linux-only anyway),
 * and a `cdktf.out` symlink would change what the cdktf CLI, Terraform working directories, `rm -rf
 * cdktf.out` and Windows users see. Two renames in one folder are each atomic; the only gap between them is
 * recovered by the next run.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { displayPath, fileSystemReason, isSystemError } from '../environments/file-access';
import { acquireLock, LockOptions, OutdirLock, OutputDirError } from './outdir-lock';

export { OutputDirError, lockWaitFromEnv, DEFAULT_LOCK_WAIT_MS } from './outdir-lock';

/** The moments of a write, in order (the fault-injection tests kill the process at each). */
export type WriteStep = 'locked' | 'recovered' | 'written' | 'moved-away' | 'swapped' | 'done';

export interface WriteDirOptions extends LockOptions {
  /** Called at each step of the write. @default no callback */
  readonly onStep?: (step: WriteStep) => void;
}

/** The names an output directory's lock and temporary siblings use. */
export interface OutdirNames {
  readonly target: string;
  readonly lock: string;
  /** Prefix of temporary and `-previous` directories: `.cdktf-out-` for `cdktf.out`. */
  readonly tmpPrefix: string;
}

/** Lock file and temporary-directory names for `dir` (all in its parent folder). */
export function outdirNames(dir: string): OutdirNames {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  return {
    target,
    lock: `${target}.lock`,
    tmpPrefix: path.join(parent, `.${path.basename(target).replace(/\./g, '-')}-`),
  };
}

/** A leftover sibling of an interrupted write: `<prefix>[<pid>-]<random>[-previous]`. */
interface Leftover { readonly path: string; readonly previous: boolean }

function leftovers(names: OutdirNames): Leftover[] {
  const parent = path.dirname(names.target);
  const prefix = path.basename(names.tmpPrefix);
  const pattern = /^(?:\d+-)?[A-Za-z0-9]{6,}(-previous)?$/;
  return fs.readdirSync(parent)
    .filter((n) => n.startsWith(prefix) && pattern.test(n.slice(prefix.length)))
    .map((n) => ({ path: path.join(parent, n), previous: n.endsWith('-previous') }));
}

/**
 * Repairs what a killed write left behind; call it while holding the lock. When `dir` is missing and a
 * `-previous` directory exists (killed between the two renames), the newest one becomes `dir` again. Every
 * other temporary or `-previous` directory is removed. Returns one line per action, for the log.
 */
export function recoverOutdir(dir: string): string[] {
  const names = outdirNames(dir);
  const notes: string[] = [];
  let rest = leftovers(names);
  if (rest.length === 0) return notes;
  if (!fs.existsSync(names.target)) {
    const previous = rest.filter((l) => l.previous && fs.lstatSync(l.path).isDirectory())
      .sort((a, b) => fs.lstatSync(b.path).ctimeMs - fs.lstatSync(a.path).ctimeMs)[0];
    if (previous) {
      fs.renameSync(previous.path, names.target);
      notes.push(`restored ${displayPath(names.target)} from ${displayPath(previous.path)}, left by a synth interrupted while swapping`);
      rest = rest.filter((l) => l !== previous);
    }
  }
  const removed: string[] = [];
  for (const l of rest) {
    try {
      fs.rmSync(l.path, { recursive: true, force: true });
      removed.push(path.basename(l.path));
    } catch (e) {
      notes.push(`could not remove ${displayPath(l.path)}, left by an interrupted synth: ${fileSystemReason(e)}; remove it by hand`);
    }
  }
  if (removed.length > 0) notes.push(`removed ${removed.length} leftover(s) of interrupted synths: ${removed.join(', ')}`);
  return notes;
}

/**
 * Fails when the previous output cannot be replaced, before anything is written: `dir` is not a directory,
 * or it (or a directory below it) is not writable, or a file in it is immutable. Removing the previous
 * output after the swap would fail half-way otherwise.
 */
function checkReplaceable(dir: string): void {
  const where = displayPath(dir);
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new OutputDirError(dir, 'exists and is not a directory; move it away to synthesize');
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    try {
      fs.accessSync(current, fs.constants.W_OK);
    } catch (e) {
      throw new OutputDirError(dir, `the previous output cannot be replaced: ${displayPath(current)}: ${fileSystemReason(e)}; `
        + `make it writable (chmod -R u+w ${where}; chattr -R -i ${where}) or remove it`);
    }
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const child = path.join(current, entry.name);
      if (entry.isDirectory()) {
        stack.push(child);
      } else {
        try {
          fs.accessSync(child, fs.constants.W_OK);
        } catch (e) {
          // A read-only file can still be unlinked from a writable folder; an immutable one cannot.
          if ((e as NodeJS.ErrnoException).code === 'EPERM') {
            throw new OutputDirError(dir, `the previous output cannot be replaced: ${displayPath(child)}: ${fileSystemReason(e)}; remove the flag (chattr -i) or the file`);
          }
        }
      }
    }
  }
}

/** A system error raised while writing `target` as one line naming the path and the reason. */
function asOutputError(e: unknown, target: string, doing: string, within?: string): unknown {
  if (!isSystemError(e) || e instanceof OutputDirError) return e;
  const where = e.path ?? within; // writes through a file descriptor carry no path: name the folder written
  const at = where ? ` (${displayPath(where)})` : '';
  return new OutputDirError(target, `${doing}${at}: ${fileSystemReason(e)}; the previous ${path.basename(target)} is unchanged`);
}

function modeOf(dir: string): number | undefined {
  try {
    return fs.statSync(dir).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/**
 * Runs `write(tmpDir)` against a fresh sibling of `finalDir`, then swaps it into place, holding
 * `<finalDir>.lock` throughout. When `write` throws, the temporary directory is removed and `finalDir` is
 * left exactly as it was. The new directory keeps the previous one's mode. File-system failures become an
 * OutputDirError (one line: path and reason).
 */
export function writeDirAtomically<T>(finalDir: string, write: (tmpDir: string) => T, options: WriteDirOptions = {}): T {
  const names = outdirNames(finalDir);
  const { target } = names;
  const step = options.onStep ?? (() => undefined);
  const log = options.log ?? ((line: string) => console.error(line));
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  } catch (e) {
    throw asOutputError(e, target, 'cannot create its folder');
  }
  const lock: OutdirLock = acquireLock(names.lock, target, options);
  try {
    step('locked');
    try {
      for (const note of recoverOutdir(target)) log(note);
    } catch (e) {
      throw asOutputError(e, target, 'cannot recover after an interrupted synth');
    }
    step('recovered');
    const previousMode = modeOf(target);
    try {
      if (previousMode !== undefined) checkReplaceable(target);
    } catch (e) {
      throw asOutputError(e, target, 'cannot inspect the previous output');
    }
    const tmp = `${names.tmpPrefix}${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
    let result: T;
    try {
      fs.mkdirSync(tmp, 0o777); // the umask applies, as for a directory cdktf would create
      result = write(tmp);
      if (previousMode !== undefined) fs.chmodSync(tmp, previousMode);
    } catch (e) {
      try {
        fs.rmSync(tmp, { recursive: true, force: true });
      } catch {
        // The next run removes it.
      }
      throw asOutputError(e, target, 'cannot write the new output', tmp);
    }
    step('written');
    lock.verify();
    const previous = `${tmp}-previous`;
    try {
      if (previousMode !== undefined) fs.renameSync(target, previous);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw asOutputError(e, target, 'cannot move the previous output aside');
    }
    step('moved-away');
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      if (previousMode !== undefined) fs.renameSync(previous, target);
      fs.rmSync(tmp, { recursive: true, force: true });
      throw asOutputError(e, target, 'cannot move the new output into place');
    }
    step('swapped');
    if (previousMode !== undefined) {
      try {
        fs.rmSync(previous, { recursive: true, force: true });
      } catch (e) {
        log(`could not remove the previous output ${displayPath(previous)}: ${fileSystemReason(e)}; the next synth retries`);
      }
    }
    step('done');
    return result;
  } finally {
    lock.release();
  }
}
