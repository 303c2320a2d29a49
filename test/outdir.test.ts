import * as fs from 'fs';
import * as path from 'path';
import { writeDirAtomically } from '../tools/outdir';
import { parseSelection } from '../tools/selection';
import { tempDir } from './helpers';

describe('writeDirAtomically', () => {
  test('a failing writer leaves the previous directory exactly as it was and no temporary behind', () => {
    const root = tempDir();
    const target = path.join(root, 'cdktf.out');
    writeDirAtomically(target, (tmp) => fs.writeFileSync(path.join(tmp, 'a.json'), 'first'));
    expect(() => writeDirAtomically(target, (tmp) => {
      fs.writeFileSync(path.join(tmp, 'a.json'), 'half-written');
      throw new Error('synth failed');
    })).toThrow('synth failed');
    expect(fs.readFileSync(path.join(target, 'a.json'), 'utf8')).toBe('first');
    expect(fs.readdirSync(root)).toEqual(['cdktf.out']);
    writeDirAtomically(target, (tmp) => fs.writeFileSync(path.join(tmp, 'b.json'), 'second'));
    expect(fs.readdirSync(target)).toEqual(['b.json']);
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe('parseSelection', () => {
  test('defaults to dev, takes names, --all, or PLATFORM_ENV for the cdktf CLI', () => {
    expect(parseSelection([])).toEqual({ all: false, names: ['dev'] });
    expect(parseSelection(['production'])).toEqual({ all: false, names: ['production'] });
    expect(parseSelection(['--all'])).toEqual({ all: true });
    expect(parseSelection(['dev', 'production', 'dev'])).toEqual({ all: false, names: ['dev', 'production'] });
    expect(parseSelection([], 'staging, production')).toEqual({ all: false, names: ['staging', 'production'] });
    expect(parseSelection([], 'all')).toEqual({ all: true });
    expect(() => parseSelection(['--prod'])).toThrow(/unknown option '--prod'/);
  });
});
