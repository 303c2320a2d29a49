#!/usr/bin/env node
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
import { ENVIRONMENTS_DIR, listEnvironments, loadEnvironment } from '../environments/load';
import { parseCommandLine, runTool, UsageError } from '../tools/cli';
import { readSynth } from '../tools/tfjson';
import { ALLOW_FILE, loadAllowList } from '../tools/preview/allow';
import { buildPreview, formatPreviewMarkdown, formatPreviewSummary, previewJson } from '../tools/preview/preview';
import { SynthesizeError, synthesizeRef, synthesizeWorkingTree, SynthesizedRef } from '../tools/preview/synthesize';

const USAGE = 'usage: npm run preview -- (--base <dir> | --base-ref <git-ref>) [--head <dir>] [--markdown <file>] [--json <file>] ' +
  '[--format markdown|json|summary] [--allow-destroy] [--allow-file <file>] [--no-cost] [--no-policy] [--max-chars <n>]';

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
  const { values: v, positionals } = parseCommandLine(argv, {
    base: { type: 'string' }, 'base-ref': { type: 'string' }, head: { type: 'string' }, markdown: { type: 'string' },
    json: { type: 'string' }, format: { type: 'string', default: 'markdown' }, 'allow-destroy': { type: 'boolean' },
    'allow-file': { type: 'string' }, 'no-cost': { type: 'boolean' }, 'no-policy': { type: 'boolean' },
    'max-chars': { type: 'string', default: '60000' }, help: { type: 'boolean', short: 'h' },
  }, USAGE);
  if (v.help) throw new UsageError(USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`, USAGE);
  const format = v.format;
  if (format !== 'markdown' && format !== 'json' && format !== 'summary') throw new UsageError('--format must be markdown, json or summary', USAGE);
  const a: Args = {
    base: v.base, baseRef: v['base-ref'], head: v.head, markdown: v.markdown, json: v.json, format,
    allowDestroy: v['allow-destroy'] ?? false, allowFile: v['allow-file'], cost: !v['no-cost'], policy: !v['no-policy'],
    maxChars: Number(v['max-chars']),
  };
  if (!a.base === !a.baseRef) throw new UsageError('give exactly one of --base and --base-ref', USAGE);
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

runTool(main, [SynthesizeError]);
