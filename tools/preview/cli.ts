/**
 * `npm run preview -- (--base <dir> | --base-ref <git ref>) [--head <dir>] [options]`
 *
 *   --base <dir>          a synthesized output (holding manifest.json) to compare against
 *   --base-ref <ref>      synthesize that git ref in a temporary worktree (e.g. origin/main, HEAD~1)
 *   --head <dir>          the new output; default: cdktf.out with --base, the working tree synthesized
 *                         afresh with --base-ref
 *   --markdown <file>     write the pull-request comment (Markdown) to a file
 *   --json <file>         write the full JSON report to a file
 *   --format <markdown|json|summary>   what to print on stdout (default markdown)
 *   --allow-destroy       acknowledge every stateful destroy/replace
 *   --allow-file <file>   acknowledgements (default .preview-allow.yaml if present)
 *   --no-cost, --no-policy  leave out the cost delta / the head's policy pack
 *   --max-chars <n>       Markdown size limit (default 60000, below GitHub's 65536)
 *
 * Exit 1 when a stateful resource would be destroyed or replaced without acknowledgement, or the head
 * cannot be priced; 2 on usage or synthesis errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isUserError } from '../../constructs/core/errors';
import { ENVIRONMENTS_DIR, listEnvironments, loadEnvironment } from '../../environments/load';
import { readSynth, SynthReadError } from '../tfjson';
import { ALLOW_FILE, loadAllowList } from './allow';
import { buildPreview, formatPreviewMarkdown, formatPreviewSummary, previewJson } from './preview';
import { SynthesizeError, synthesizeRef, synthesizeWorkingTree, SynthesizedRef } from './synthesize';

const USAGE = 'usage: npm run preview -- (--base <dir> | --base-ref <git-ref>) [--head <dir>] [--markdown <file>] [--json <file>] ' +
  '[--format markdown|json|summary] [--allow-destroy] [--allow-file <file>] [--no-cost] [--no-policy] [--max-chars <n>]';

class UsageError extends Error {}

interface Args {
  base?: string;
  baseRef?: string;
  head?: string;
  markdown?: string;
  json?: string;
  format: 'markdown' | 'json' | 'summary';
  allowDestroy: boolean;
  allowFile?: string;
  cost: boolean;
  policy: boolean;
  maxChars: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { format: 'markdown', allowDestroy: false, cost: true, policy: true, maxChars: 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new UsageError(`${flag} needs a value; ${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--base': a.base = value(); break;
      case '--base-ref': a.baseRef = value(); break;
      case '--head': a.head = value(); break;
      case '--markdown': a.markdown = value(); break;
      case '--json': a.json = value(); break;
      case '--format': {
        const f = value();
        if (f !== 'markdown' && f !== 'json' && f !== 'summary') throw new UsageError(`--format must be markdown, json or summary; ${USAGE}`);
        a.format = f;
        break;
      }
      case '--allow-destroy': a.allowDestroy = true; break;
      case '--allow-file': a.allowFile = value(); break;
      case '--no-cost': a.cost = false; break;
      case '--no-policy': a.policy = false; break;
      case '--max-chars': a.maxChars = Number(value()); break;
      case '--help': case '-h': throw new UsageError(USAGE);
      default: throw new UsageError(`unknown argument ${flag}; ${USAGE}`);
    }
  }
  if (!a.base === !a.baseRef) throw new UsageError(`give exactly one of --base and --base-ref; ${USAGE}`);
  if (!Number.isInteger(a.maxChars) || a.maxChars < 2_000) throw new UsageError('--max-chars must be an integer >= 2000');
  return a;
}

function main(argv: string[]): number {
  const args = parseArgs(argv);
  const cwd = process.cwd();
  const cleanups: (() => void)[] = [];
  try {
    let base: { outdir: string; label: string };
    if (args.baseRef) {
      const ref: SynthesizedRef = synthesizeRef(cwd, args.baseRef);
      cleanups.push(ref.cleanup);
      base = ref;
    } else {
      base = { outdir: args.base!, label: args.base! };
    }
    let head: { outdir: string; label: string };
    if (args.head) head = { outdir: args.head, label: args.head };
    else if (args.baseRef) {
      const wt = synthesizeWorkingTree(cwd);
      cleanups.push(wt.cleanup);
      head = wt;
    } else head = { outdir: 'cdktf.out', label: 'cdktf.out' };

    const allowFile = args.allowFile ?? path.join(cwd, ALLOW_FILE);
    if (args.allowFile && !fs.existsSync(allowFile)) throw new UsageError(`--allow-file ${allowFile} does not exist`);
    const known = fs.existsSync(ENVIRONMENTS_DIR) ? listEnvironments() : [];
    const result = buildPreview(readSynth(base.outdir), readSynth(head.outdir), {
      baseLabel: base.label,
      headLabel: head.label,
      allowDestroy: args.allowDestroy,
      allowEntries: loadAllowList(allowFile),
      cost: args.cost,
      policy: args.policy,
      budgetOf: (env) => (known.includes(env) ? loadEnvironment(env).budget : undefined),
    });
    const markdown = formatPreviewMarkdown(result, args.maxChars);
    const json = `${JSON.stringify(previewJson(result), null, 2)}\n`;
    if (args.markdown) fs.writeFileSync(args.markdown, `${markdown}\n`);
    if (args.json) fs.writeFileSync(args.json, json);
    process.stdout.write(args.format === 'json' ? json : args.format === 'summary' ? `${formatPreviewSummary(result)}\n` : `${markdown}\n`);
    if (args.format !== 'summary') console.error(formatPreviewSummary(result));
    return result.exitCode;
  } finally {
    for (const c of cleanups.reverse()) c();
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError || err instanceof SynthReadError || err instanceof SynthesizeError || isUserError(err)) {
    console.error(`error: ${(err as Error).message}`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
