// Point 7 of issue 9 (file level): every bad input is one line per problem naming the file and the key
// path, never a stack trace and never the content of a file that is not an environment.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, listEnvironments, loadAllEnvironments, loadEnvironment, loadEnvironmentFile } from '../environments/load';
import { MAX_CONFIG_BYTES } from '../environments/file-access';
import { MAX_CONFIG_DEPTH, MAX_CONFIG_NODES } from '../environments/yaml-checks';
import { foldLookalikes, suggestKey } from '../environments/lookalike';
import { parseSelection } from '../tools/selection';
import { envFromYaml, tempDir } from './helpers';

const BASE = `name: dev
costCenter: cc-1
regions:
  eu-west-1:
    vpcCidr: 10.10.0.0/16
`;

/** The message `yaml` (as environments/dev.yaml) is refused with; fails the test when it loads. */
function refusal(yaml: string): string {
  try {
    envFromYaml('dev', yaml);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the YAML was accepted');
}

/** The message loading `<dir>/<name>.yaml` fails with. */
function loadRefusal(name: string, dir: string): string {
  try {
    loadEnvironment(name, dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

describe('YAML that would exhaust the reader', () => {
  test('an alias bomb (billion laughs) is refused before it is expanded, naming the key path', () => {
    const lines = [`${BASE}description: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
    const tags = ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    let prev = 'a';
    lines.push('tags:');
    for (const t of tags) {
      lines.push(`  ${t}: &${t} [${Array(10).fill(`*${prev}`).join(', ')}]`);
      prev = t;
    }
    const started = Date.now();
    const message = refusal(`${lines.join('\n')}\n`);
    expect(Date.now() - started).toBeLessThan(5000); // 10^9 values if it were expanded
    expect(message).toMatch(new RegExp(`^environments/dev\\.yaml: tags\\.[a-i]\\[\\d+\\]: alias \\*[a-h] expands to more than ${MAX_CONFIG_NODES} values; aliases may repeat small blocks, not multiply them \\(line \\d+, column \\d+\\)$`));
  });

  test('an alias that contains itself is refused', () => {
    expect(refusal(`${BASE}tags: &t {a: *t}\n`)).toMatch(/tags(\.a)+: (alias \*t expands to more than|nesting deeper than 32 levels through alias \*t)/);
  });

  test.each([
    ['flow sequences', `${BASE}description: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['flow mappings', `${BASE}description: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n`],
    ['block mappings', `${BASE}tags:\n${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`],
  ])('nesting deeper than the cap (%s) is refused without overflowing the stack', (_kind, yaml) => {
    expect(refusal(yaml)).toMatch(new RegExp(`^environments/dev\\.yaml: nesting deeper than ${MAX_CONFIG_DEPTH} levels; environment files are shallow mappings \\(line \\d+, column \\d+\\)$`));
  });

  test('a file over the size cap is refused from its size, before it is read', () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'big.yaml'), `${BASE.replace('dev', 'big')}description: "${'x'.repeat(MAX_CONFIG_BYTES)}"\n`);
      expect(loadRefusal('big', dir)).toMatch(new RegExp(`big\\.yaml: is ${MAX_CONFIG_BYTES + 91} bytes; configuration files are at most ${MAX_CONFIG_BYTES} bytes$`));
      // 8 GiB (sparse): reading it would take minutes or fail on the 2 GiB buffer limit; refused at once.
      fs.writeFileSync(path.join(dir, 'huge.yaml'), '');
      fs.truncateSync(path.join(dir, 'huge.yaml'), 8 * 1024 ** 3);
      const started = Date.now();
      expect(loadRefusal('huge', dir)).toMatch(/huge\.yaml: is 8589934592 bytes; configuration files are at most 262144 bytes$/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('YAML the schema would misread', () => {
  test('a duplicate key names the key, its path and both lines', () => {
    const yaml = `${BASE}    azCount: 3\n    azCount: 2\n`;
    expect(refusal(yaml)).toBe("environments/dev.yaml: regions.eu-west-1.azCount: YAML syntax error: duplicate key 'azCount' (first at line 6, column 5); keys must be unique in a mapping (line 7, column 5)");
  });

  test.each([
    ['!!binary', `${BASE}description: !!binary aGVsbG8=\n`, 'description', "the YAML tag '!!binary' is not allowed"],
    ['a local tag', `${BASE}tags:\n  owner: !foo bar\n`, 'tags.owner', "the YAML tag '!foo' is not allowed"],
    ['!!set', `${BASE}tags: !!set {a, b}\n`, 'tags', "the YAML tag '!!set' is not allowed"],
    ['a %TAG directive', `%TAG !e! tag:example.com,2000:\n---\n${BASE}description: !e!x y\n`, 'description', "the YAML tag 'tag:example.com,2000:x' is not allowed"],
  ])('an unknown tag (%s) is refused with its key path', (_kind, yaml, keyPath, message) => {
    const text = refusal(yaml);
    expect(text).toContain(`environments/dev.yaml: ${keyPath}: ${message}; write plain values (tags allowed: !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)`);
  });

  test('core-schema tags are accepted', () => {
    expect(envFromYaml('dev', `${BASE}description: !!str 42\n`).description).toBe('42');
  });

  test('a mapping key that is a collection is refused', () => {
    expect(refusal(`${BASE}tags:\n  ? [a, b]\n  : c\n`)).toMatch(/^environments\/dev\.yaml: tags: mapping keys must be plain values, not collections or aliases/);
  });

  test.each([
    ['a raw BEL in a quoted value', `${BASE}description: "build\u0007 1"\n`, 'description: control character U+0007 BEL at line 6, column 20'],
    ['a raw escape in a plain value', `${BASE}description: a\u001bb\n`, 'description: control character U+001B ESCAPE at line 6, column 15'],
    ['NUL in a comment', `${BASE}# note\u0000\n`, 'control character U+0000 NUL at line 6, column 7'],
    ['a right-to-left override (Trojan Source) in a value', `${BASE}tags:\n  owner: "team\u202Eabc"\n`, 'tags.owner: invisible character U+202E RIGHT-TO-LEFT OVERRIDE at line 7, column 15'],
    ['a zero-width space in a value', `${BASE}costCenter: cc\u200B-1\n`.replace('costCenter: cc-1\n', ''), 'costCenter: invisible character U+200B ZERO WIDTH SPACE at line'],
  ])('%s is refused with its code point and key path', (_kind, yaml, message) => {
    const text = refusal(yaml);
    expect(text).toContain(`environments/dev.yaml: ${message}`);
    expect(text).toMatch(/is not allowed; retype the value/);
  });

  test('a byte-order mark at the start of the file is fine', () => {
    expect(envFromYaml('dev', `\uFEFF${BASE}`).name).toBe('dev');
  });
});

describe('keys that only look like known keys', () => {
  test('a Cyrillic letter: the code point, its position and the key it resembles', () => {
    const message = refusal(BASE.replace('regions:', 'regіons:'));
    expect(message).toContain("environments/dev.yaml: unknown key 'regіons' (U+0456 at position 4); did you mean 'regions'?");
  });

  test('a Cyrillic letter in a nested key', () => {
    expect(refusal(`${BASE}    аzCount: 3\n`)).toContain("environments/dev.yaml: regions.eu-west-1: unknown key 'аzCount' (U+0430 at position 1); did you mean 'azCount'?");
  });

  test('fullwidth letters', () => {
    expect(refusal(`${BASE}ｐｈａｓｅ: 2\n`)).toContain("environments/dev.yaml: unknown key 'ｐｈａｓｅ' (U+FF50 at position 1); did you mean 'phase'?");
  });

  test('a zero-width space inside a key', () => {
    expect(refusal(`${BASE}    vpc\u200BCidr: 10.10.0.0/16\n`.replace('    vpcCidr: 10.10.0.0/16\n', '')))
      .toContain("environments/dev.yaml: regions.eu-west-1: key 'vpc\\u{200B}Cidr' contains an invisible character (U+200B ZERO WIDTH SPACE at position 4); did you mean 'vpcCidr'? (line 5, column 5)");
  });

  test('a typo in a plain ASCII key keeps the short form with a suggestion', () => {
    expect(refusal(`${BASE}    azCuont: 3\n`)).toMatch(/environments\/dev\.yaml: regions\.eu-west-1\.azCuont: unknown key; allowed keys here: role, vpcCidr, azCount, .*; did you mean 'azCount'\?/);
    expect(refusal(`${BASE}natGateway: single\n`)).toMatch(/environments\/dev\.yaml: natGateway: unknown key; allowed keys here: name, /);
  });

  test('a lookalike in a record key (a region name) shows the code point', () => {
    const message = refusal(BASE.replace('eu-west-1:', 'eu-wеst-1:'));
    expect(message).toContain("regions.eu-wеst-1: 'eu-wеst-1' is not an AWS region");
    expect(message).toContain("(the key 'eu-wеst-1' has U+0435 at position 5)");
  });

  test.each([
    ['BEL', '\\a', 'a control character U+0007 BEL'],
    ['a zero-width space', '\\u200B', 'an invisible character U+200B ZERO WIDTH SPACE'],
  ])('%s written as an escape in a quoted value is refused too', (_kind, escape, what) => {
    expect(refusal(`${BASE}description: "build${escape} 1"\n`))
      .toBe(`environments/dev.yaml: description: the value has ${what} (written as an escape) and is not allowed; retype the value (line 6, column 14)`);
  });

  test('folding and suggestions', () => {
    expect(foldLookalikes('ｒｅｇіоns\u200D')).toBe('regions');
    expect(suggestKey('Regions', ['regions', 'phase'])).toBe('regions');
    expect(suggestKey('completely-different', ['regions', 'phase'])).toBeUndefined();
  });
});

describe('files that are not environment files', () => {
  let dir: string;
  let outside: string;
  const SECRET = 'root:x:0:0:do-not-echo-this-line';

  beforeEach(() => {
    dir = tempDir('ott-envs-');
    outside = tempDir('ott-outside-');
    fs.writeFileSync(path.join(outside, 'passwd'), `${SECRET}\n`);
    fs.writeFileSync(path.join(outside, 'other.yaml'), BASE.replace('dev', 'other'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  test('a symbolic link leading outside the folder is refused without reading the target', () => {
    fs.symlinkSync(path.join(outside, 'passwd'), path.join(dir, 'prod.yaml'));
    const message = loadRefusal('prod', dir);
    expect(message).toBe(`${path.join(dir, 'prod.yaml')}: is a symbolic link leading outside ${dir}; only files inside it are read`);
    expect(message).not.toContain('do-not-echo');
  });

  test('a link through a linked folder is refused too; a link inside the folder is followed', () => {
    fs.symlinkSync(outside, path.join(dir, 'sub'));
    expect(() => loadEnvironmentFile(path.join(dir, 'sub', 'other.yaml'), dir)).toThrow(/resolves to a path leading outside/);
    fs.writeFileSync(path.join(dir, 'real.yaml'), BASE.replace('name: dev', 'name: linked'));
    fs.symlinkSync('real.yaml', path.join(dir, 'linked.yaml'));
    expect(loadEnvironment('linked', dir).name).toBe('linked');
  });

  test('a dangling link, a directory and a FIFO are refused at once, without blocking', () => {
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'dangling.yaml'));
    expect(loadRefusal('dangling', dir)).toMatch(/dangling\.yaml: is a symbolic link that cannot be followed: does not exist \(ENOENT\)$/);
    fs.mkdirSync(path.join(dir, 'folder.yaml'));
    expect(loadRefusal('folder', dir)).toMatch(/folder\.yaml: is a directory, not a regular file$/);
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const started = Date.now();
    expect(loadRefusal('pipe', dir)).toMatch(/pipe\.yaml: is a named pipe \(FIFO\), not a regular file$/);
    fs.symlinkSync('pipe.yaml', path.join(dir, 'pipelink.yaml'));
    expect(loadRefusal('pipelink', dir)).toMatch(/pipelink\.yaml: is a named pipe \(FIFO\), not a regular file$/);
    expect(Date.now() - started).toBeLessThan(1000);
    // --all stops at the first refused file rather than skipping it.
    expect(() => loadAllEnvironments(dir)).toThrow(/dangling\.yaml: is a symbolic link/);
  });

  test('a device reached through a link is refused as outside the folder', () => {
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    expect(loadRefusal('zero', dir)).toMatch(/zero\.yaml: is a symbolic link leading outside/);
  });

  test('bytes that are not UTF-8 and text that is not a mapping are refused without echoing them', () => {
    fs.writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0x6e, 0x61, 0xff, 0xfe, 0x00, 0x80]));
    expect(loadRefusal('binary', dir)).toMatch(/binary\.yaml: is not UTF-8 text$/);
    fs.writeFileSync(path.join(dir, 'dotenv.yaml'), 'DB_PASSWORD=hunter2\n');
    const message = loadRefusal('dotenv', dir);
    expect(message).toMatch(/dotenv\.yaml: expected a mapping with the keys name, /);
    expect(message).not.toContain('hunter2');
  });

  test('an unreadable file names the reason', () => {
    expect(() => loadEnvironmentFile(path.join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read the file: does not exist \(ENOENT\)$/);
  });

  test('--all over an empty or missing folder fails instead of meaning "nothing"', () => {
    expect(() => loadAllEnvironments(dir)).toThrow(new RegExp(`${dir}: holds no environment files \\(<name>\\.yaml\\); --all needs at least one$`));
    expect(() => loadAllEnvironments(path.join(dir, 'nope'))).toThrow(/nope: is not a folder of environment YAML files$/);
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    expect(() => listEnvironments(path.join(dir, 'file'))).toThrow(/file: is not a folder of environment YAML files$/);
    expect(() => loadEnvironment('dev', dir)).toThrow(/unknown environment 'dev'; known environments: none \(or --all\)/);
  });
});

describe('PLATFORM_ENV and the command line', () => {
  test('agreeing (in any order, all = --all) is fine; disagreeing names both', () => {
    expect(parseSelection(['dev', 'staging'], 'staging,dev')).toEqual({ all: false, names: ['dev', 'staging'] });
    expect(parseSelection(['--all'], 'all')).toEqual({ all: true });
    expect(parseSelection(['production'], '')).toEqual({ all: false, names: ['production'] });
    expect(() => parseSelection(['dev'], 'production')).toThrow(
      'command line: PLATFORM_ENV=production disagrees with the command line (dev); name the environments in one place, or make both agree');
    expect(() => parseSelection(['--all'], 'dev')).toThrow(/PLATFORM_ENV=dev disagrees with the command line \(--all\)/);
    expect(() => parseSelection([], '--x')).toThrow(/unknown option '--x' in PLATFORM_ENV/);
  });
});
