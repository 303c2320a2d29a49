// Point 8 of issue 9 with the writer fixture (writeDirAtomically without cdktf, ~0.3 s a process): a
// write killed at every step, concurrent writers, stale locks, modes. test/outdir-app.test.ts does the
// same against the real app.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireLock, currentOwner, isOwnerAlive, lockWaitFromEnv } from '../tools/outdir-lock';
import { outdirNames, recoverOutdir, writeDirAtomically } from '../tools/outdir';
import { digest, expectOneLineError, leftoversIn, startWriter } from './outdir-helpers';
import { tempDir } from './helpers';

function writeOld(target: string): void {
  writeDirAtomically(target, (tmp) => fs.writeFileSync(path.join(tmp, 'out.txt'), 'old'), { log: () => undefined });
}

function contentOf(target: string): string | undefined {
  return fs.existsSync(target) ? fs.readFileSync(path.join(target, 'out.txt'), 'utf8') : undefined;
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  return spawnSync('true').pid as number;
}

describe('a write killed at any step', () => {
  let root: string;
  let target: string;
  beforeEach(() => {
    root = tempDir('ott-outdir-');
    target = path.join(root, 'cdktf.out');
    writeOld(target);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  // What is at cdktf.out right after the kill, and what the next run finds once it has recovered.
  const cases: [string, string | undefined, string][] = [
    ['writing', 'old', 'old'],
    ['locked', 'old', 'old'],
    ['recovered', 'old', 'old'],
    ['written', 'old', 'old'],
    ['moved-away', undefined, 'old'], // between the two renames: the old output waits under its -previous name
    ['swapped', 'new', 'new'],
    ['done', 'new', 'new'],
  ];

  test.each(cases)('killed at %s: cdktf.out holds %s, and the next run recovers %s and removes the leftovers', async (step, now, recovered) => {
    const run = await startWriter(target, 'new', step).done;
    expect(run.signal).toBe('SIGKILL');
    expect(contentOf(target)).toBe(now);
    if (now === undefined) {
      const previous = fs.readdirSync(root).filter((f) => f.endsWith('-previous'));
      expect(previous).toHaveLength(1);
      expect(fs.readFileSync(path.join(root, previous[0], 'out.txt'), 'utf8')).toBe('old');
    }
    expect(fs.existsSync(`${target}.lock`)).toBe(true); // the dead writer's lock stays behind, stale

    // The next run: takes over the stale lock, recovers, then its own write fails: cdktf.out is what was recovered.
    const notes: string[] = [];
    expect(() => writeDirAtomically(target, () => {
      throw new Error('stop after recovery');
    }, { log: (l) => notes.push(l), waitMs: 0 })).toThrow('stop after recovery');
    expect(contentOf(target)).toBe(recovered);
    expect(leftoversIn(root)).toEqual([]);
    if (now === undefined) expect(notes[0]).toMatch(/^restored .*cdktf\.out from .*\.cdktf-out-\d+-[0-9a-f]+-previous, left by a synth interrupted while swapping$/);
    if (['writing', 'written', 'swapped'].includes(step)) expect(notes.join('\n')).toMatch(/removed 1 leftover\(s\) of interrupted synths: \.cdktf-out-\d+-/);
  });

  test('killed at a random moment, 5 times in a row: cdktf.out is always complete (old or new) once recovered', async () => {
    const started = Date.now();
    expect((await startWriter(target, 'old', '', 300).done).status).toBe(0);
    const fullRunMs = Date.now() - started;
    for (let i = 0; i < 5; i++) {
      const writer = startWriter(target, `new-${i}`, '', 300);
      const delay = Math.floor(Math.random() * fullRunMs * 1.1);
      await new Promise((r) => setTimeout(r, delay));
      writer.kill();
      const run = await writer.done;
      expect(run.signal === 'SIGKILL' || run.status === 0).toBe(true);
      recoverUnderLock(target);
      const content = contentOf(target);
      expect(content === 'old' || content?.startsWith('new-')).toBe(true);
      // Both files of one write agree: never half of one output and half of another.
      if (content !== 'old') expect(fs.readFileSync(path.join(target, 'stacks', 'x.json'), 'utf8')).toBe(content);
      expect(leftoversIn(root)).toEqual([]);
    }
  });
});

function recoverUnderLock(target: string): void {
  const lock = acquireLock(outdirNames(target).lock, target, { waitMs: 0 });
  try {
    recoverOutdir(target);
  } finally {
    lock.release();
  }
}

describe('the lock', () => {
  let root: string;
  let target: string;
  beforeEach(() => {
    root = tempDir('ott-lock-');
    target = path.join(root, 'cdktf.out');
    writeOld(target);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('two writers started together never interleave: the second waits, then writes', async () => {
    const a = startWriter(target, 'first', '', 3000);
    // Start the second once the first holds the lock (process start-up times vary on a busy machine).
    for (let i = 0; i < 600 && !fs.existsSync(`${target}.lock`); i++) await new Promise((r) => setTimeout(r, 50));
    const b = startWriter(target, 'second', '', 0);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.status, rb.status]).toEqual([0, 0]);
    expect(ra.stderr).toBe('');
    expect(rb.stderr).toMatch(new RegExp(`^waiting up to 60 s for another synth writing .*cdktf\\.out \\(pid ${a.pid} on `));
    const content = contentOf(target) as string;
    expect(content).toBe('second'); // written after the first, never in between
    expect(fs.readFileSync(path.join(target, 'stacks', 'x.json'), 'utf8')).toBe(content);
    expect(leftoversIn(root)).toEqual([]);
  });

  test('a writer that may not wait stops with one line naming the holder; the output survives', async () => {
    const lock = acquireLock(`${target}.lock`, target, { waitMs: 0 });
    try {
      const run = await startWriter(target, 'new', '', 0, { PLATFORM_OUTDIR_LOCK_WAIT: '0' }).done;
      expectOneLineError(run, new RegExp(`^error: .*cdktf\\.out\\.lock: another synth is writing .*cdktf\\.out \\(pid ${process.pid} on ${os.hostname()}, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\); waited 0 s \\(PLATFORM_OUTDIR_LOCK_WAIT\\)\\. Run again when it has finished\\n$`));
      expect(contentOf(target)).toBe('old');
    } finally {
      lock.release();
    }
    expect(fs.existsSync(`${target}.lock`)).toBe(false);
  });

  test('a stale lock is taken over: dead pid, reused pid, unreadable and old', async () => {
    const stale = [
      { ...currentOwner(), pid: deadPid() },
      { ...currentOwner(), startTicks: '1' }, // this test's pid, but "started" at another time: the pid was reused
    ];
    for (const owner of stale) {
      expect(isOwnerAlive(owner)).toBe(false);
      fs.writeFileSync(`${target}.lock`, JSON.stringify(owner));
      const run = await startWriter(target, `after-${owner.pid}`, '', 0, { PLATFORM_OUTDIR_LOCK_WAIT: '0' }).done;
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(contentOf(target)).toBe(`after-${owner.pid}`);
    }
    fs.writeFileSync(`${target}.lock`, '');
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(`${target}.lock`, old, old);
    writeDirAtomically(target, (tmp) => fs.writeFileSync(path.join(tmp, 'out.txt'), 'after-empty'), { waitMs: 0 });
    expect(contentOf(target)).toBe('after-empty');
    expect(leftoversIn(root)).toEqual([]);
  });

  test('a live holder on this host, or a fresh unreadable lock, is not taken over', () => {
    expect(isOwnerAlive(currentOwner())).toBe(true);
    expect(isOwnerAlive({ ...currentOwner(), host: 'another-host', pid: deadPid() })).toBe(true);
    fs.writeFileSync(`${target}.lock`, '');
    expect(() => writeDirAtomically(target, () => undefined, { waitMs: 0 })).toThrow(/another synth is writing .*\(owner unreadable\)/);
    fs.rmSync(`${target}.lock`);
  });

  test('the holder notices when its lock was taken from it and replaces nothing', () => {
    expect(() => writeDirAtomically(target, (tmp) => {
      fs.writeFileSync(path.join(tmp, 'out.txt'), 'new');
      fs.writeFileSync(`${target}.lock`, JSON.stringify(currentOwner())); // someone else's token
    }, { waitMs: 0 })).toThrow(/cdktf\.out\.lock: the lock was removed or taken over while this synth ran; nothing was replaced/);
    expect(contentOf(target)).toBe('old');
    fs.rmSync(`${target}.lock`);
  });

  test('PLATFORM_OUTDIR_LOCK_WAIT is seconds', () => {
    expect(lockWaitFromEnv(undefined)).toBe(60_000);
    expect(lockWaitFromEnv('2.5')).toBe(2500);
    expect(() => lockWaitFromEnv('soon')).toThrow("PLATFORM_OUTDIR_LOCK_WAIT: 'soon' is not a number of seconds (>= 0)");
  });
});

describe('modes and what the previous output was', () => {
  let root: string;
  beforeEach(() => (root = tempDir('ott-mode-')));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('the new cdktf.out keeps the mode of the previous one; a first one gets the umask default', () => {
    const target = path.join(root, 'cdktf.out');
    writeOld(target);
    const umask = process.umask();
    expect(fs.statSync(target).mode & 0o777).toBe(0o777 & ~umask);
    for (const mode of [0o750, 0o700, 0o2775]) {
      fs.chmodSync(target, mode);
      writeOld(target);
      expect(fs.statSync(target).mode & 0o7777).toBe(mode);
    }
  });

  test('a previous output that is not a directory is refused before writing', () => {
    const target = path.join(root, 'cdktf.out');
    fs.writeFileSync(target, 'a file');
    let called = false;
    expect(() => writeDirAtomically(target, () => (called = true), { waitMs: 0 }))
      .toThrow(/cdktf\.out: exists and is not a directory; move it away to synthesize$/);
    expect(called).toBe(false);
    expect(fs.readFileSync(target, 'utf8')).toBe('a file');
  });

  test('digest helper sees every file', () => {
    const target = path.join(root, 'cdktf.out');
    writeOld(target);
    const before = digest(target);
    fs.writeFileSync(path.join(target, 'extra'), 'x');
    expect(digest(target)).not.toBe(before);
  });
});

