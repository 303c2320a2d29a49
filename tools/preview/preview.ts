/**
 * The plan preview as a whole: the diff of two synthesized outputs, the stateful gate with its
 * acknowledgements, the monthly cost delta per environment and the head's policy pack, rendered as a
 * pull-request comment (Markdown, under GitHub's 65,536-character limit) and as JSON.
 */
import { BudgetConfig } from '../../environments/budget-schema';
import { estimateCost, MissingPriceError } from '../cost/model';
import { BudgetCheck, checkBudget, usd } from '../cost/report';
import { formatPolicyMarkdown, PolicyReport, runPolicy } from '../policy/run';
import { parseStackName, TfSynth } from '../tfjson';
import { AllowEntry, ALLOW_FILE, findAllowEntry } from './allow';
import { moveCalls, movedBlocksHcl } from './collisions';
import { Action, diffSynth, ResourceChange, StackDiff, SynthDiff } from './diff';

/** GitHub's limit for an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Marker the workflow uses to find and update its sticky comment. */
export const COMMENT_MARKER = '<!-- platform-plan-preview -->';

export interface PreviewOptions {
  readonly baseLabel: string;
  readonly headLabel: string;
  /** `--allow-destroy`: every stateful destroy/replace is acknowledged. */
  readonly allowDestroy?: boolean;
  /** Entries of `.preview-allow.yaml`. */
  readonly allowEntries?: readonly AllowEntry[];
  /** @default true */
  readonly cost?: boolean;
  /** @default true */
  readonly policy?: boolean;
  /** Budget of an environment (from its YAML in the head checkout). */
  readonly budgetOf?: (environment: string) => BudgetConfig | undefined;
}

export interface StatefulRisk {
  readonly change: ResourceChange;
  readonly acknowledged: boolean;
  readonly acknowledgedBy?: 'flag' | 'allow-list';
  readonly reason?: string;
}

export interface EnvironmentCost {
  readonly environment: string;
  readonly baseUsd?: number;
  readonly headUsd?: number;
  readonly deltaUsd?: number;
  readonly byLayerDeltaUsd?: Readonly<Record<string, number>>;
  readonly budget?: BudgetCheck;
  readonly baseError?: string;
  readonly headError?: string;
}

export interface PreviewResult {
  readonly base: string;
  readonly head: string;
  readonly diff: SynthDiff;
  readonly stateful: readonly StatefulRisk[];
  readonly unusedAllowEntries: readonly AllowEntry[];
  readonly costs: readonly EnvironmentCost[];
  readonly policy?: PolicyReport;
  /** A stateful destroy/replace is not acknowledged. */
  readonly blocked: boolean;
  /** A create would collide with a destroyed resource's physical name: the apply would fail. */
  readonly applyFails: boolean;
  /** The head cannot be priced (a missing price). */
  readonly costFailed: boolean;
  readonly exitCode: number;
}

export function buildPreview(base: TfSynth, head: TfSynth, options: PreviewOptions): PreviewResult {
  const diff = diffSynth(base, head);
  const entries = options.allowEntries ?? [];
  const used = new Set<AllowEntry>();
  const stateful = diff.statefulRisks.map((change): StatefulRisk => {
    if (options.allowDestroy) return { change, acknowledged: true, acknowledgedBy: 'flag', reason: '--allow-destroy' };
    const entry = findAllowEntry(entries, change);
    if (entry) {
      used.add(entry);
      return { change, acknowledged: true, acknowledgedBy: 'allow-list', reason: entry.reason };
    }
    return { change, acknowledged: false };
  });
  const costs = options.cost === false ? [] : costDeltas(base, head, options.budgetOf);
  const policy = options.policy === false ? undefined : runPolicy(head);
  const blocked = stateful.some((s) => !s.acknowledged);
  const applyFails = diff.collisions.length > 0;
  const costFailed = costs.some((c) => c.headError !== undefined);
  return {
    base: options.baseLabel, head: options.headLabel, diff, stateful,
    unusedAllowEntries: entries.filter((e) => !used.has(e)),
    costs, policy, blocked, applyFails, costFailed,
    exitCode: blocked || applyFails || costFailed ? 1 : 0,
  };
}

function costDeltas(base: TfSynth, head: TfSynth, budgetOf?: (env: string) => BudgetConfig | undefined): EnvironmentCost[] {
  const envs = [...new Set([...base.stacks, ...head.stacks].map((s) => s.environment))].sort();
  return envs.map((environment) => {
    const price = (synth: TfSynth) => {
      if (!synth.stacks.some((s) => s.environment === environment)) return { usd: 0 };
      try {
        return { estimate: estimateCost(synth, environment) };
      } catch (e) {
        if (e instanceof MissingPriceError || (e instanceof Error && e.message.startsWith('cannot estimate'))) return { error: e.message };
        throw e;
      }
    };
    const b = price(base);
    const h = price(head);
    const baseUsd = 'estimate' in b && b.estimate ? b.estimate.monthlyUsd : 'usd' in b ? b.usd : undefined;
    const headUsd = 'estimate' in h && h.estimate ? h.estimate.monthlyUsd : 'usd' in h ? h.usd : undefined;
    const byLayerDeltaUsd: Record<string, number> = {};
    const bl = 'estimate' in b && b.estimate ? b.estimate.byLayer : {};
    const hl = 'estimate' in h && h.estimate ? h.estimate.byLayer : {};
    for (const layer of new Set([...Object.keys(bl), ...Object.keys(hl)])) byLayerDeltaUsd[layer] = (hl[layer] ?? 0) - (bl[layer] ?? 0);
    const budget = 'estimate' in h && h.estimate ? checkBudget(h.estimate, budgetOf?.(environment)) : undefined;
    return {
      environment, baseUsd, headUsd,
      deltaUsd: baseUsd !== undefined && headUsd !== undefined ? headUsd - baseUsd : undefined,
      byLayerDeltaUsd, budget,
      ...('error' in b ? { baseError: b.error } : {}),
      ...('error' in h ? { headError: h.error } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Markdown

const SYMBOL: Record<Action, string> = { create: '+', update: '~', replace: '±', delete: '−' };
const VERB: Record<Action, string> = { create: 'create', update: 'update in place', replace: 'replace (destroy + create)', delete: 'destroy' };

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : '−'}${usd(Math.abs(n))}`;
}

function summaryTable(stacks: readonly StackDiff[], stateful: readonly StatefulRisk[]): string[] {
  const changed = stacks.filter((s) => s.status !== 'unchanged');
  if (changed.length === 0) return ['No resource changes.'];
  const lines = ['| environment | stack | + create | ~ update | ± replace | − destroy | other changes | stateful destroyed/replaced |', '|---|---|---:|---:|---:|---:|---:|---|'];
  for (const s of changed) {
    const risks = stateful.filter((r) => r.change.stack === s.stack);
    const open = risks.filter((r) => !r.acknowledged).length;
    const risk = risks.length === 0 ? '' : open > 0 ? `❌ ${open} not acknowledged${risks.length > open ? ` (+${risks.length - open} acknowledged)` : ''}` : `⚠️ ${risks.length} acknowledged`;
    const label = s.status === 'added' ? `${s.stack} (new stack)` : s.status === 'removed' ? `${s.stack} (**stack removed**)` : s.stack;
    const failing = s.collisions.length ? ` ❌ ${s.collisions.length} apply failure${s.collisions.length > 1 ? 's' : ''}` : '';
    lines.push(`| ${s.environment} | ${label} | ${s.counts.create} | ${s.counts.update} | ${s.counts.replace} | ${s.counts.delete} | ${s.settings.length || ''} | ${risk}${failing} |`);
  }
  return lines;
}

function statefulSection(stateful: readonly StatefulRisk[], maxRows: number): string[] {
  if (stateful.length === 0) return [];
  const open = stateful.filter((s) => !s.acknowledged).length;
  const out = [
    `### ${open ? '❌' : '⚠️'} Stateful resources destroyed or replaced: ${stateful.length} (${open} not acknowledged)`,
    '',
    '| stack | resource | action | why | acknowledged |', '|---|---|---|---|---|',
  ];
  for (const s of stateful.slice(0, maxRows)) {
    const c = s.change;
    out.push(`| ${c.stack} | \`${c.address}\`${c.constructPath ? `<br>\`${c.constructPath}\`` : ''} | **${VERB[c.action]}** | ${cell(c.reasons.join('; '))} | ${s.acknowledged ? `yes (${s.acknowledgedBy}: ${cell(s.reason ?? '')})` : '**no**'} |`);
  }
  if (stateful.length > maxRows) out.push('', `… and ${stateful.length - maxRows} more (see the JSON report).`);
  if (open) {
    out.push('', `> To proceed: keep the construct ids and the forcing attributes unchanged, or move the state with a \`moved\` block. ` +
      `If losing the data is intended, list each resource in \`${ALLOW_FILE}\` (stack, address, reason) in this pull request.`);
  }
  return out;
}

/** Apply failures: the colliding pairs, then the moves for every resource of each renamed construct. */
function collisionSection(stacks: readonly StackDiff[], maxChars: number): string[] {
  const hit = stacks.filter((s) => s.collisions.length);
  if (hit.length === 0) return [];
  const total = hit.reduce((n, s) => n + s.collisions.length, 0);
  const out = [`### ❌ The apply would fail: ${total} resource${total > 1 ? 's are' : ' is'} created with the physical name of a resource destroyed in the same apply`, '',
    '| stack | destroyed | created | same |', '|---|---|---|---|'];
  for (const s of hit) for (const c of s.collisions) out.push(`| ${s.stack} | \`${c.from.address}\` | \`${c.to.address}\` | ${cell(c.sameBy)} |`);
  out.push('', '> AWS refuses the create ("already exists") while the old resource still exists, and Terraform stops half-way. Move the state of **every** resource of the renamed construct (the moves below), then rerun the preview.');
  let body = '';
  for (const s of hit) {
    for (const plan of s.constructMoves) {
      body += `\n**${s.stack}**: \`${plan.fromPath}\` → \`${plan.toPath}\` (${plan.moves.length} resources)\n\n\`\`\`ts\n${moveCalls(plan).join('\n')}\n\`\`\`\n\n\`\`\`hcl\n${movedBlocksHcl(plan.moves)}\n\`\`\`\n`;
    }
  }
  if (body.length > maxChars) body = `${body.slice(0, maxChars)}\n\`\`\`\n\n… truncated; \`npm run preview -- --format summary\` prints every move.\n`;
  out.push('', '<details open><summary>The moves (cdktf calls or HCL moved blocks)</summary>', body, '</details>');
  return out;
}

function costSection(costs: readonly EnvironmentCost[]): string[] {
  if (costs.length === 0) return [];
  const out = ['### Monthly cost (infrastructure estimate)', '', '| environment | base | head | delta | budget |', '|---|---:|---:|---:|---|'];
  for (const c of costs) {
    const budget = c.budget ? `${c.budget.status === 'over' ? '❌' : c.budget.status === 'alert' ? '⚠️' : c.budget.status === 'ok' ? '✅' : ''} ${c.budget.percentUsed !== undefined ? `${c.budget.percentUsed.toFixed(1)}% of ${usd(c.budget.infrastructureBudgetUsd!)}` : 'no budget'}` : '';
    const layers = Object.entries(c.byLayerDeltaUsd ?? {}).filter(([, d]) => Math.abs(d) >= 0.005).map(([l, d]) => `${l} ${signed(d)}`).join(', ');
    out.push(`| ${c.environment} | ${c.baseUsd !== undefined ? usd(c.baseUsd) : 'n/a'} | ${c.headUsd !== undefined ? usd(c.headUsd) : '**error**'} | ${c.deltaUsd !== undefined ? `${signed(c.deltaUsd)}${layers ? `<br><sub>${layers}</sub>` : ''}` : 'n/a'} | ${budget} |`);
  }
  for (const c of costs.filter((x) => x.headError)) out.push('', `❌ **${c.environment}**: ${cell(c.headError!.split('\n')[0])}`, '```', ...c.headError!.split('\n').slice(1, 20), '```');
  for (const c of costs.filter((x) => x.baseError)) out.push('', `Base of ${c.environment} could not be priced: ${cell(c.baseError!.split('\n')[0])}`);
  out.push('', '<sub>On-demand prices as of the table date with stated Spot discounts; excludes CDN bandwidth, S3/EFS bytes, data transfer and other usage (`npm run cost -- <env>` for the breakdown).</sub>');
  return out;
}

type Detail = 'full' | 'addresses' | 'none';

function stackDetails(s: StackDiff, detail: Detail, maxAttributes: number): string[] {
  if (detail === 'none' || (s.changes.length === 0 && s.settings.length === 0)) return [];
  const c = s.counts;
  const out = [`<details><summary>${s.stack}${s.status === 'added' ? ' (new stack)' : s.status === 'removed' ? ' (removed)' : ''}: +${c.create} ~${c.update} ±${c.replace} −${c.delete}</summary>`, ''];
  if (detail === 'full') {
    out.push('| | resource | detail |', '|---|---|---|');
    for (const ch of s.changes) {
      const attrs = ch.changedAttributes.slice(0, maxAttributes).map((a) => `\`${a}\``).join(', ') + (ch.changedAttributes.length > maxAttributes ? ` … +${ch.changedAttributes.length - maxAttributes}` : '');
      const detailText = [ch.reasons.join('; '), ch.action === 'update' || ch.action === 'replace' ? attrs : '', ch.movedFrom ? `moved from \`${ch.movedFrom}\`` : ''].filter(Boolean).join(' — ');
      out.push(`| ${SYMBOL[ch.action]} | \`${ch.address}\`${ch.stateful ? ' 🗄️' : ''} | ${cell(detailText)} |`);
    }
  } else {
    for (const a of ['delete', 'replace', 'create', 'update'] as Action[]) {
      const list = s.changes.filter((ch) => ch.action === a);
      if (list.length) out.push(`**${VERB[a]}** (${list.length}): ${list.map((ch) => `\`${ch.address}\``).join(', ')}`, '');
    }
  }
  if (s.settings.length) {
    out.push('', `**Other changes** (${s.settings.length}):`, '');
    const shown = detail === 'full' ? s.settings : s.settings.slice(0, 10);
    for (const c of shown) out.push(`- ${c.kind}: ${cell(c.detail)}`);
    if (shown.length < s.settings.length) out.push(`- … ${s.settings.length - shown.length} more`);
  }
  out.push('', '</details>');
  return out;
}

/**
 * The pull-request comment. Summary first, details collapsed; when the whole would exceed `maxChars`,
 * details shrink to address lists, then to nothing (the JSON report keeps everything).
 */
export function formatPreviewMarkdown(r: PreviewResult, maxChars = 60_000): string {
  const status = r.applyFails ? '❌ the apply would fail (a new resource takes the name of one being destroyed)'
    : r.blocked ? '❌ stateful resources would be destroyed or replaced without acknowledgement'
      : r.costFailed ? '❌ the head cannot be priced' : '✅ no unacknowledged destruction of stateful resources';
  const counts = r.diff.stacks.reduce((acc, s) => {
    for (const a of Object.keys(acc) as Action[]) acc[a] += s.counts[a];
    return acc;
  }, { create: 0, update: 0, replace: 0, delete: 0 } as Record<Action, number>);
  const changedStacks = r.diff.stacks.filter((s) => s.status !== 'unchanged').length;
  const header = [
    COMMENT_MARKER,
    `## Plan preview: ${status}`,
    '',
    `Base \`${r.base}\` → head \`${r.head}\`: ${changedStacks} of ${r.diff.stacks.length} stacks change; ` +
      `+${counts.create} create, ~${counts.update} update, ±${counts.replace} replace, −${counts.delete} destroy.`,
    '',
    `Environments: ${environmentLine(r.diff.stacks)}`,
    '',
    ...regionLines(r.diff.stacks),
    ...summaryTable(r.diff.stacks, r.stateful),
  ];
  const unused = r.unusedAllowEntries.length
    ? ['', `<sub>${ALLOW_FILE}: ${r.unusedAllowEntries.length} entr${r.unusedAllowEntries.length === 1 ? 'y matches' : 'ies match'} nothing (${r.unusedAllowEntries.map((e) => `${e.stack} ${e.address}`).join(', ')}); remove after merge.</sub>`]
    : [];
  const footer = ['', '<sub>Offline preview from synthesized JSON (`npm run preview`); replacement rules: tools/preview/replacement-attributes.ts.</sub>'];

  const assemble = (detail: Detail, maxAttributes: number, statefulRows: number, policyChars: number) => {
    const parts = [...header, ''];
    const col = collisionSection(r.diff.stacks, Math.max(2_000, policyChars));
    if (col.length) parts.push(...col, '');
    const st = statefulSection(r.stateful, statefulRows);
    if (st.length) parts.push(...st, '');
    parts.push(...unused);
    const cost = costSection(r.costs);
    if (cost.length) parts.push(...cost, '');
    if (r.policy) parts.push(formatPolicyMarkdown(r.policy, policyChars), '');
    const details = r.diff.stacks.flatMap((s) => stackDetails(s, detail, maxAttributes));
    if (details.length) parts.push('### Changes by stack', '', ...details);
    if (detail === 'none' && r.diff.stacks.some((s) => s.changes.length)) parts.push('', '<sub>Per-stack details omitted to stay under the comment size limit; see the JSON report (workflow artifact).</sub>');
    parts.push(...footer);
    return parts.join('\n');
  };
  const attempts: [Detail, number, number, number][] = [
    ['full', 20, 200, 20_000], ['full', 5, 200, 10_000], ['addresses', 0, 100, 8_000], ['none', 0, 50, 5_000], ['none', 0, 20, 2_000],
  ];
  for (const [detail, attrs, rows, policyChars] of attempts) {
    const text = assemble(detail, attrs, rows, policyChars);
    if (text.length <= maxChars) return text;
  }
  const minimal = assemble('none', 0, 10, 1_000);
  return minimal.length <= maxChars ? minimal : `${minimal.slice(0, maxChars - 200)}\n\n… truncated to the comment size limit; see the JSON report.`;
}

/** `production (5 of 5 stacks change), dev (unchanged)`. */
function environmentLine(stacks: readonly StackDiff[]): string {
  const envs = [...new Set(stacks.map((s) => s.environment))].sort();
  if (envs.length === 0) return 'none';
  return envs.map((e) => {
    const all = stacks.filter((s) => s.environment === e);
    const changed = all.filter((s) => s.status !== 'unchanged').length;
    return changed ? `**${e}** (${changed} of ${all.length} stacks change)` : `${e} (unchanged)`;
  }).join(', ');
}

/**
 * Changes by environment and region (`global` for global stacks): each region's stacks deploy on their own
 * (docs/regions-dr.md), so a reviewer sees which regions a change touches. Only changed regions are listed.
 */
export function regionChanges(stacks: readonly StackDiff[]): { environment: string; region: string; counts: Record<Action, number> }[] {
  const out = new Map<string, { environment: string; region: string; counts: Record<Action, number> }>();
  for (const s of stacks.filter((x) => x.status !== 'unchanged')) {
    const region = parseStackName(s.stack).region;
    const key = `${s.environment} ${region}`;
    const entry = out.get(key) ?? { environment: s.environment, region, counts: { create: 0, update: 0, replace: 0, delete: 0 } };
    for (const a of Object.keys(entry.counts) as Action[]) entry.counts[a] += s.counts[a];
    out.set(key, entry);
  }
  return [...out.values()];
}

function regionLines(stacks: readonly StackDiff[]): string[] {
  const changes = regionChanges(stacks);
  if (changes.length === 0) return [];
  return [`Regions: ${changes.map((c) => `${c.environment} ${c.region} +${c.counts.create} ~${c.counts.update} ±${c.counts.replace} −${c.counts.delete}`).join('; ')}`, ''];
}

/** The JSON report (everything, untruncated). */
export function previewJson(r: PreviewResult): unknown {
  return {
    base: r.base,
    head: r.head,
    exitCode: r.exitCode,
    blocked: r.blocked,
    applyFails: r.applyFails,
    costFailed: r.costFailed,
    collisions: r.diff.collisions.map((c) => ({ stack: c.stack, destroyed: c.from.address, created: c.to.address, same: c.sameBy })),
    moves: r.diff.stacks.flatMap((s) => s.constructMoves.map((m) => ({ stack: s.stack, ...m }))),
    summary: r.diff.stacks.filter((s) => s.status !== 'unchanged').map((s) => ({ stack: s.stack, environment: s.environment, status: s.status, ...s.counts, other: s.settings.length })),
    changedStacks: r.diff.stacks.filter((s) => s.status !== 'unchanged').map((s) => s.stack),
    stateful: r.stateful.map((s) => ({ ...s.change, acknowledged: s.acknowledged, acknowledgedBy: s.acknowledgedBy, acknowledgement: s.reason })),
    unusedAllowEntries: r.unusedAllowEntries,
    cost: r.costs,
    policy: r.policy ? { failed: r.policy.failed, findings: r.policy.findings, unusedSuppressions: r.policy.unusedSuppressions } : undefined,
    stacks: r.diff.stacks.filter((s) => s.status !== 'unchanged'),
  };
}

/** A few lines for the terminal (stderr) next to the Markdown/JSON. */
export function formatPreviewSummary(r: PreviewResult): string {
  const lines = [`plan preview ${r.base} -> ${r.head}`];
  for (const c of regionChanges(r.diff.stacks)) {
    lines.push(`  region ${c.environment} ${c.region}: +${c.counts.create} ~${c.counts.update} ±${c.counts.replace} -${c.counts.delete}`);
  }
  for (const s of r.diff.stacks.filter((x) => x.status !== 'unchanged')) {
    lines.push(`  ${s.stack} (${s.status}): +${s.counts.create} ~${s.counts.update} ±${s.counts.replace} -${s.counts.delete}${s.settings.length ? `, ${s.settings.length} other` : ''}`);
  }
  for (const c of r.diff.collisions) {
    lines.push(`  APPLY FAILS ${c.stack}: ${c.to.address} is created with the same ${c.sameBy} as ${c.from.address}, which is destroyed`);
  }
  for (const s of r.diff.stacks) {
    for (const plan of s.constructMoves) {
      lines.push(`  fix ${s.stack}: move ${plan.fromPath} -> ${plan.toPath} (${plan.moves.length} resources):`);
      for (const l of moveCalls(plan)) lines.push(`    ${l}`);
      for (const l of movedBlocksHcl(plan.moves).split('\n')) lines.push(`    ${l}`);
    }
  }
  for (const s of r.stateful) {
    lines.push(`  ${s.acknowledged ? 'ACKNOWLEDGED' : 'BLOCKED'} ${VERB[s.change.action]} ${s.change.stack} ${s.change.address}: ${s.change.reasons.join('; ')}`);
  }
  for (const c of r.costs) {
    if (c.headError) lines.push(`  cost ${c.environment}: ERROR ${c.headError.split('\n')[0]}`);
    else if (c.deltaUsd !== undefined) lines.push(`  cost ${c.environment}: ${usd(c.baseUsd ?? 0)} -> ${usd(c.headUsd ?? 0)} (${signed(c.deltaUsd)})`);
  }
  lines.push(r.applyFails ? '  exit 1: the apply would fail; add the moves above'
    : r.blocked ? `  exit 1: acknowledge with ${ALLOW_FILE} or --allow-destroy if intended` : r.costFailed ? '  exit 1: the head cannot be priced' : '  exit 0');
  return lines.join('\n');
}
