import { parseCommandLine, UsageError } from '../tools/cli';

const USAGE = 'usage: tool [--out <file>] [--all] <name> ...';
const OPTIONS = { out: { type: 'string' }, all: { type: 'boolean' } } as const;

describe('parseCommandLine', () => {
  test('returns typed values and positionals', () => {
    expect(parseCommandLine(['a', '--out', 'x.json', '--all', 'b'], OPTIONS, USAGE)).toEqual({
      values: { out: 'x.json', all: true }, positionals: ['a', 'b'],
    });
  });

  test.each([
    [['--colour'], /^command line: unknown option --colour; usage: tool /],
    [['--out'], /^command line: --out needs a value; usage: tool /],
    [['--out', '--all'], /^command line: --out needs a value; usage: tool /],
    [['--all=yes'], /^command line: .*--all.*; usage: tool /],
  ])('%p is a UsageError naming the option and the usage', (argv, message) => {
    expect(() => parseCommandLine(argv, OPTIONS, USAGE)).toThrow(UsageError);
    expect(() => parseCommandLine(argv, OPTIONS, USAGE)).toThrow(message);
  });
});
