/**
 * A lock file beside an output directory (`cdktf.out.lock`) so two synths never write it at the same
 * time. It is created with O_EXCL and holds its owner's pid, host and process start; a lock whose process
 * is gone (or whose pid now belongs to a newer process) is stale and is taken over.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import { PlatformValidationError } from '../constructs/core/errors';
import { displayPath, fileSystemReason } from '../environments/file-access';

/** How long a synth waits for another one's lock when `PLATFORM_OUTDIR_LOCK_WAIT` (seconds) is unset. */
export const DEFAULT_LOCK_WAIT_MS = 60_000;

/** A problem with the output directory or its lock: one line naming the path and the reason. */
export class OutputDirError extends PlatformValidationError {
  constructor(file: string, message: string) {
    super(displayPath(file), message);
    this.name = 'OutputDirError';
  }
}

/** Who holds a lock: written as JSON into the lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** When the owning process started (ISO 8601). */
  readonly started: string;
  /** Linux: the process start time in clock ticks since boot (`/proc/<pid>/stat` field 22), to detect pid reuse. */
  readonly startTicks?: string;
  /** Random; tells this holder's lock from a later one with a reused pid. */
  readonly token: string;
}

/** A held lock. */
export interface OutdirLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Throws when the lock file no longer holds this owner (removed or taken over by hand). */
  verify(): void;
  /** Removes the lock file if it is still this owner's. */
  release(): void;
}

export interface LockOptions {
  /** How long to wait for a live holder, in milliseconds. @default lockWaitFromEnv() */
  readonly waitMs?: number;
  /** Where the one "waiting for..." line goes. @default console.error */
  readonly log?: (line: string) => void;
}

/** `PLATFORM_OUTDIR_LOCK_WAIT` (seconds, >= 0) in milliseconds, else DEFAULT_LOCK_WAIT_MS. */
export function lockWaitFromEnv(value = process.env.PLATFORM_OUTDIR_LOCK_WAIT): number {
  if (value === undefined || value === '') return DEFAULT_LOCK_WAIT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new OutputDirError('PLATFORM_OUTDIR_LOCK_WAIT', `'${value.slice(0, 20)}' is not a number of seconds (>= 0)`);
  }
  return seconds * 1000;
}

function processStartTicks(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]; // fields after "pid (comm)" start at field 3
  } catch {
    return undefined;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** This process as a lock owner. */
export function currentOwner(): LockOwner {
  return {
    pid: process.pid,
    host: os.hostname(),
    started: new Date(performance.timeOrigin).toISOString(),
    startTicks: processStartTicks(process.pid),
    token: crypto.randomBytes(8).toString('hex'),
  };
}

/** False when `owner`'s process is gone or its pid now names another process; true when unsure (other host). */
export function isOwnerAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const ticks = processStartTicks(owner.pid);
  return !(owner.startTicks && ticks && ticks !== owner.startTicks);
}

interface LockState { readonly owner?: LockOwner; readonly ino: number; readonly mtimeMs: number }

function readLock(file: string): LockState | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const stat = fs.fstatSync(fd);
    const buffer = Buffer.alloc(4096);
    const n = stat.isFile() ? fs.readSync(fd, buffer, 0, buffer.length, 0) : 0;
    let owner: LockOwner | undefined;
    try {
      const parsed = JSON.parse(buffer.subarray(0, n).toString('utf8')) as Partial<LockOwner>;
      if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') owner = parsed as LockOwner;
    } catch {
      owner = undefined;
    }
    return { owner, ino: stat.ino, mtimeMs: stat.mtimeMs };
  } finally {
    fs.closeSync(fd);
  }
}

/** A lock file without a readable owner is stale once it is older than this (its writer died between create and write). */
const UNREADABLE_LOCK_GRACE_MS = 10_000;

function isStale(state: LockState): boolean {
  if (!state.owner) return Date.now() - state.mtimeMs > UNREADABLE_LOCK_GRACE_MS;
  return !isOwnerAlive(state.owner);
}

/**
 * Removes a stale lock. It is first renamed to a name of our own, so of several processes breaking it at
 * once only one succeeds; if what was renamed is not the inode judged stale (a new owner took the lock in
 * between), it is put back.
 */
function breakStaleLock(file: string, state: LockState): void {
  const aside = `${file}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (fs.statSync(aside).ino !== state.ino) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // Someone holds a newer lock already; the one we moved is then orphaned and removed below.
    }
  }
  fs.rmSync(aside, { force: true });
}

function describeOwner(owner: LockOwner | undefined): string {
  return owner ? `pid ${owner.pid} on ${owner.host}, started ${owner.started}` : 'owner unreadable';
}

/**
 * Takes the lock file `file` for `what` (the directory it protects): creates it with O_EXCL, takes over a
 * stale one, waits up to `waitMs` for a live holder, then stops with a message naming the holder.
 */
export function acquireLock(file: string, what: string, options: LockOptions = {}): OutdirLock {
  const waitMs = options.waitMs ?? lockWaitFromEnv();
  const log = options.log ?? ((line: string) => console.error(line));
  const owner = currentOwner();
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
      fs.writeSync(fd, `${JSON.stringify(owner)}\n`);
      fs.closeSync(fd);
      return heldLock(file, owner);
    } catch (e) {
      if (fd !== undefined) {
        fs.closeSync(fd);
        fs.rmSync(file, { force: true });
      }
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new OutputDirError(file, `cannot create the lock file: ${fileSystemReason(e)}`);
      }
    }
    const state = readLock(file);
    if (!state) continue; // released between our open and read
    if (isStale(state)) {
      breakStaleLock(file, state);
      continue;
    }
    if (state.owner?.pid === process.pid && state.owner.host === owner.host) {
      throw new OutputDirError(file, `this process already holds the lock on ${displayPath(what)}`);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new OutputDirError(file, `another synth is writing ${displayPath(what)} (${describeOwner(state.owner)}); `
        + `waited ${Math.round(waitMs / 1000)} s (PLATFORM_OUTDIR_LOCK_WAIT). Run again when it has finished`);
    }
    if (!announced) {
      log(`waiting up to ${Math.round(waitMs / 1000)} s for another synth writing ${displayPath(what)} (${describeOwner(state.owner)})`);
      announced = true;
    }
    sleepSync(Math.min(100, remaining));
  }
}

function heldLock(file: string, owner: LockOwner): OutdirLock {
  const ours = () => readLock(file)?.owner?.token === owner.token;
  return {
    path: file,
    owner,
    verify: () => {
      if (!ours()) throw new OutputDirError(file, 'the lock was removed or taken over while this synth ran; nothing was replaced');
    },
    release: () => {
      try {
        if (ours()) fs.rmSync(file, { force: true });
      } catch {
        // Left behind, it is stale (its pid is gone) and the next synth takes it over.
      }
    },
  };
}
