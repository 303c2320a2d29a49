import * as fs from 'fs';
import * as path from 'path';

/**
 * Runs `write(tmpDir)` against a fresh sibling of `finalDir`, then swaps it into place. When `write`
 * throws, the temporary directory is removed and `finalDir` is left exactly as it was.
 */
export function writeDirAtomically<T>(finalDir: string, write: (tmpDir: string) => T): T {
  const target = path.resolve(finalDir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(target), '.cdktf-out-'));
  let result: T;
  try {
    result = write(tmp);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const previous = `${tmp}-previous`;
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) fs.renameSync(target, previous);
  try {
    fs.renameSync(tmp, target);
  } catch (e) {
    if (hadPrevious) fs.renameSync(previous, target);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (hadPrevious) fs.rmSync(previous, { recursive: true, force: true });
  return result;
}
