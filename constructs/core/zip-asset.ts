import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { zipSync, type Zippable } from 'fflate';

/** Every entry gets this modification time, so the same files always give the same archive bytes. */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1));

/** The regular files below `dir`, as paths relative to it with `/` separators, sorted. */
function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * A deterministic ZIP archive of `dir` (sorted entries, fixed timestamps, deflate level 9) and the SHA-256
 * of its file names and contents. Same files, same bytes: a fresh clone gives the same Lambda package.
 */
export function zipDirectory(dir: string): { readonly bytes: Uint8Array; readonly contentHash: string } {
  const hash = crypto.createHash('sha256');
  const entries: Zippable = {};
  for (const rel of filesBelow(dir)) {
    const data = fs.readFileSync(path.join(dir, rel));
    hash.update(rel).update('\0').update(data).update('\0');
    entries[rel] = [new Uint8Array(data), { mtime: FIXED_MTIME, level: 9 }];
  }
  return { bytes: zipSync(entries), contentHash: hash.digest('hex') };
}

/**
 * A TerraformAsset holding a ZIP of `dir` (a Lambda function's code), built in this process. cdktf's own
 * `AssetType.ARCHIVE` zips by starting a second Node.js process for every asset of every synth (about
 * 0.3 s each here) and stamps file times into the archive; this writes the deterministic archive of
 * {@link zipDirectory} once per content (content-addressed, under the system's temporary folder) and lets
 * cdktf copy it as a file asset. `asset.assetHash` is the content hash, for `source_code_hash`-style use.
 */
export function zipAsset(scope: Construct, id: string, dir: string): TerraformAsset {
  const { bytes, contentHash } = zipDirectory(dir);
  const cacheDir = path.join(os.tmpdir(), 'ott-platform-assets');
  const file = path.join(cacheDir, `${contentHash}.zip`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file); // atomic: a concurrent synth sees the whole archive or none
  }
  return new TerraformAsset(scope, id, { path: file, type: AssetType.FILE, assetHash: contentHash });
}
