import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import { unzipSync } from 'fflate';
import { zipAsset, zipDirectory } from '../constructs/core/zip-asset';
import { tempDir, testStack } from './helpers';

describe('zipDirectory / zipAsset (Lambda packages built in-process)', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('zip-asset-');
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 1;\n');
    fs.writeFileSync(path.join(dir, 'lib', 'util.js'), 'module.exports = 2;\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the archive holds every file under its relative path, with a fixed timestamp', () => {
    const files = unzipSync(zipDirectory(dir).bytes);
    expect(Object.keys(files).sort()).toEqual(['index.js', 'lib/util.js']);
    expect(Buffer.from(files['lib/util.js']).toString()).toBe('module.exports = 2;\n');
  });

  test('same files, same bytes and hash, whatever their modification times; other content, other hash', () => {
    const first = zipDirectory(dir);
    fs.utimesSync(path.join(dir, 'index.js'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const touched = zipDirectory(dir);
    expect(Buffer.from(touched.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(touched.contentHash).toBe(first.contentHash);
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 3;\n');
    expect(zipDirectory(dir).contentHash).not.toBe(first.contentHash);
  });

  test('zipAsset is a file asset named by the content hash, whose archive is the deterministic one', () => {
    const stack = testStack();
    const asset = zipAsset(stack, 'code', dir);
    const { bytes, contentHash } = zipDirectory(dir);
    expect(asset.assetHash).toBe(contentHash);
    expect(asset.fileName).toBe(`${contentHash}.zip`);
    expect(fs.readFileSync(path.join(os.tmpdir(), 'ott-platform-assets', `${contentHash}.zip`)).equals(Buffer.from(bytes))).toBe(true);
  });
});
