// Point 8 of issue 9 against the real app (`npm run synth`), one app process per scenario: killed at random
// moments, two synths at once, ENOSPC on a small tmpfs, a read-only file system, an immutable cdktf.out
// and a cdktf.out the user may not write. Each asserts the message, the exit code and that the previous
// output survives. Scenarios that need root (mount, chattr, another uid) are skipped with the reason logged.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { acquireLock } from '../tools/outdir-lock';
import { recoverOutdir } from '../tools/outdir';
import { copyEnvironments, digest, expectOneLineError, leftoversIn, startApp } from './outdir-helpers';
import { tempDir } from './helpers';

jest.setTimeout(240_000);

const isRoot = process.getuid?.() === 0;

/** Runs `cmd` and returns undefined, or why it is not possible here (for a logged skip). */
function tryRun(cmd: string, args: string[]): string | undefined {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `${cmd} ${args.join(' ')}: ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim()}`;
  }
}

function skip(reason: string): void {
  console.warn(`skipped: ${reason}`);
}

describe('the app keeps cdktf.out through faults', () => {
  let work: string;
  let envDir: string;
  let out: string;
  const complete: Record<string, string> = {}; // digest of a complete output -> environment
  let stagingMs = 0;

  beforeAll(async () => {
    work = tempDir('ott-app-faults-');
    fs.chmodSync(work, 0o755);
    envDir = copyEnvironments(work);
    out = path.join(work, 'cdktf.out');
    // The two complete outputs every later state is compared with: dev (the previous output) and staging.
    const ref = path.join(work, 'ref');
    fs.mkdirSync(ref);
    const started = Date.now();
    const [dev, staging] = await Promise.all([startApp(work, envDir, ['dev']).done,
      startApp(ref, envDir, ['staging']).done.then((r) => ((stagingMs = Date.now() - started), r))]);
    expect([dev.status, staging.status, dev.stderr, staging.stderr]).toEqual([0, 0, '', '']);
    complete[digest(out) as string] = 'dev';
    complete[digest(path.join(ref, 'cdktf.out')) as string] = 'staging';
    fs.rmSync(ref, { recursive: true, force: true });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('killed (SIGKILL) at random moments of a synth: cdktf.out is a complete output, after recovery by the next run', async () => {
    for (let i = 0; i < 3; i++) {
      const app = startApp(work, envDir, ['staging']);
      // Anywhere from module loading to the swap (a whole run took stagingMs, two at once).
      await new Promise((r) => setTimeout(r, stagingMs * (0.2 + Math.random() * 0.8)));
      app.kill('SIGKILL');
      const run = await app.done;
      const now = digest(out);
      if (now === undefined) {
        // Killed between the two renames: the previous output is complete under its -previous name.
        const previous = leftoversIn(work).filter((f) => f.endsWith('-previous'));
        expect(previous).toHaveLength(1);
        expect(complete[digest(path.join(work, previous[0])) as string]).toBeDefined();
      } else {
        expect(complete[now]).toBeDefined();
      }
      const lock = acquireLock(`${out}.lock`, out, { waitMs: 0 }); // takes over the dead run's lock
      recoverOutdir(out);
      lock.release();
      expect(complete[digest(out) as string]).toBeDefined();
      expect(leftoversIn(work)).toEqual([]);
      if (run.status === 0) break; // the machine was faster than the random delay
    }
  });

  test('two synths started together both finish, one after the other; cdktf.out is one whole output', async () => {
    const [a, b] = await Promise.all([startApp(work, envDir, ['dev']).done, startApp(work, envDir, ['staging']).done]);
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(complete[digest(out) as string]).toBeDefined();
    expect(leftoversIn(work)).toEqual([]);
    for (const r of [a, b]) expect(r.stderr).toMatch(/^(waiting up to 60 s for another synth writing cdktf\.out \(pid \d+ on .*\)\n)?$/);
  });

  test('an immutable cdktf.out (chattr +i): one line naming it and EPERM, exit 1, output unchanged', async () => {
    const before = digest(out);
    const why = isRoot ? tryRun('chattr', ['+i', out]) : 'not root';
    if (why) return skip(`immutable cdktf.out: ${why}`);
    try {
      const run = await startApp(work, envDir, ['dev']).done;
      expectOneLineError(run, /^error: cdktf\.out: the previous output cannot be replaced: cdktf\.out: operation not permitted \(immutable, append-only or protected\) \(EPERM\); make it writable \(chmod -R u\+w cdktf\.out; chattr -R -i cdktf\.out\) or remove it\n$/);
    } finally {
      tryRun('chattr', ['-i', out]);
    }
    expect(digest(out)).toBe(before);
    expect(leftoversIn(work)).toEqual([]);
  });

  test('a read-only cdktf.out and a read-only folder for a user without the permission: EACCES, exit 1, output unchanged', async () => {
    if (!isRoot) return skip('read-only output for another user: needs root to run the app as nobody');
    const nobody = { uid: 65534, gid: 65534 };
    const home = path.join(work, 'home');
    const mine = path.join(work, 'mine');
    fs.mkdirSync(home);
    fs.mkdirSync(mine);
    fs.cpSync(out, path.join(mine, 'cdktf.out'), { recursive: true });
    execFileSync('chown', ['-R', '65534:65534', home, mine]);
    fs.chmodSync(path.join(mine, 'cdktf.out'), 0o555);
    const before = digest(path.join(mine, 'cdktf.out'));
    const env = { HOME: home, TMPDIR: home };
    const readOnly = await startApp(mine, envDir, ['dev'], env, nobody).done;
    expectOneLineError(readOnly, /^error: cdktf\.out: the previous output cannot be replaced: cdktf\.out: permission denied \(EACCES\); make it writable/);
    expect(digest(path.join(mine, 'cdktf.out'))).toBe(before);
    expect(leftoversIn(mine)).toEqual([]);
    // A folder the user may not write (root's work folder): not even the lock can be created.
    const noFolder = await startApp(work, envDir, ['dev'], env, nobody).done;
    expectOneLineError(noFolder, /^error: cdktf\.out\.lock: cannot create the lock file: permission denied \(EACCES\)\n$/);
    expect(complete[digest(out) as string]).toBeDefined();
  });

  describe('on a small tmpfs', () => {
    let mnt: string;
    let mounted = false;
    beforeAll(() => {
      mnt = path.join(work, 'mnt');
      fs.mkdirSync(mnt);
      const why = isRoot ? tryRun('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0755', 'tmpfs', mnt]) : 'not root';
      if (why) skip(`ENOSPC and EROFS on a small tmpfs: ${why}`);
      mounted = !why;
    });
    afterAll(() => {
      if (mounted) tryRun('umount', [mnt]);
    });

    test('no space left on device (ENOSPC) while writing: one line naming the path, exit 1, previous output unchanged', async () => {
      if (!mounted) return;
      fs.mkdirSync(path.join(mnt, 'cdktf.out'));
      fs.writeFileSync(path.join(mnt, 'cdktf.out', 'previous.json'), '{"previous": true}');
      const before = digest(path.join(mnt, 'cdktf.out'));
      const run = await startApp(mnt, envDir, ['dev']).done; // dev is ~300 KB
      expectOneLineError(run, /^error: cdktf\.out: cannot write the new output \(\.cdktf-out-\d+-[0-9a-f]+(\/[^)]+)?\): no space left on device \(ENOSPC\); the previous cdktf\.out is unchanged\n$/);
      expect(digest(path.join(mnt, 'cdktf.out'))).toBe(before);
      expect(leftoversIn(mnt)).toEqual([]);
    });

    test('a read-only file system (EROFS): one line naming the lock file, exit 1, previous output unchanged', async () => {
      if (!mounted) return;
      const before = digest(path.join(mnt, 'cdktf.out'));
      const why = tryRun('mount', ['-o', 'remount,ro', mnt]);
      if (why) return skip(`EROFS: ${why}`);
      const run = await startApp(mnt, envDir, ['dev']).done;
      expectOneLineError(run, /^error: cdktf\.out\.lock: cannot create the lock file: read-only file system \(EROFS\)\n$/);
      expect(digest(path.join(mnt, 'cdktf.out'))).toBe(before);
    });
  });
});
