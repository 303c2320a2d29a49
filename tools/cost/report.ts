/** Formats cost estimates (terminal tables, Markdown) and compares them with an environment's budget. */
import { BudgetConfig } from '../../environments/budget-schema';
import { CostEstimate, EXCLUDED_FROM_ESTIMATE } from './model';
import { Confidence, HOURS_PER_MONTH, PRICES_AS_OF } from './prices';

export type BudgetStatus = 'none' | 'ok' | 'alert' | 'over';

export interface BudgetCheck {
  readonly status: BudgetStatus;
  readonly monthlyUsd?: number;
  readonly usageAllowanceUsd?: number;
  /** monthlyUsd - usageAllowanceUsd: what the infrastructure estimate is compared with. */
  readonly infrastructureBudgetUsd?: number;
  readonly percentUsed?: number;
  readonly message: string;
}

/** How the reports order layers. */
export interface LayerOrderOption {
  /**
   * Layers in deploy order (the app passes stacks/naming.ts `LAYERS`; tools read synthesized output and do
   * not know the app's layers). Layers not listed follow, in the order they appear in the estimate.
   * @default - the order layers appear in the estimate
   */
  readonly layerOrder?: readonly string[];
}

export function usd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '0.0%';
}

/** Over budget fails; above the alert threshold warns; no budget says so. */
export function checkBudget(estimate: CostEstimate, budget: BudgetConfig | undefined): BudgetCheck {
  if (!budget) return { status: 'none', message: `no budget set for ${estimate.environment} (add budget.monthlyUsd to environments/${estimate.environment}.yaml)` };
  const infra = budget.monthlyUsd - budget.usageAllowanceUsd;
  const percentUsed = (estimate.monthlyUsd / infra) * 100;
  const status: BudgetStatus = percentUsed > 100 ? 'over' : percentUsed >= budget.alertThresholdPercent ? 'alert' : 'ok';
  const parts = budget.components ? ` (${Object.entries(budget.components).map(([k, v]) => `${k} ${usd(v)}`).join(' + ')})` : '';
  const basis = `budget ${usd(budget.monthlyUsd)}/month${parts}${budget.usageAllowanceUsd ? ` minus ${usd(budget.usageAllowanceUsd)} reserved for usage-based costs` : ''} = infrastructure budget ${usd(infra)}`;
  const verdict = status === 'over' ? `OVER BUDGET by ${usd(estimate.monthlyUsd - infra)}`
    : status === 'alert' ? `above the ${budget.alertThresholdPercent}% alert threshold` : 'within budget';
  return {
    status, monthlyUsd: budget.monthlyUsd, usageAllowanceUsd: budget.usageAllowanceUsd, infrastructureBudgetUsd: infra, percentUsed,
    message: `${basis}; estimate ${usd(estimate.monthlyUsd)} = ${percentUsed.toFixed(1)}%: ${verdict}`,
  };
}

/** `12.3% of the total ($5,000.00) rests on non-verified rows (derived $x, estimate $y)`. */
export function confidenceLine(e: CostEstimate): string {
  const c = e.byConfidence;
  const nonVerified = c.derived + c.estimate;
  return `confidence: verified ${usd(c.verified)} (${pct(c.verified, e.monthlyUsd)}), derived ${usd(c.derived)} (${pct(c.derived, e.monthlyUsd)}), ` +
    `estimate ${usd(c.estimate)} (${pct(c.estimate, e.monthlyUsd)}): ${pct(nonVerified, e.monthlyUsd)} of the total rests on non-verified prices`;
}

function table(headers: string[], rows: string[][], rightAligned: number[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(headers), ...rows.map(fmt)].join('\n');
}

function layerRows(e: CostEstimate, order: readonly string[] = []): string[][] {
  const rank = (l: string) => (order.includes(l) ? order.indexOf(l) : order.length);
  const layers = Object.keys(e.byLayer).sort((a, b) => rank(a) - rank(b)); // a stable sort keeps the rest in order
  return layers.map((l) => [l, usd(e.byLayer[l]), pct(e.byLayer[l], e.monthlyUsd)]);
}

function typeRows(e: CostEstimate): string[][] {
  return Object.entries(e.byType).sort((a, b) => b[1] - a[1]).map(([type, total]) => [type, String(e.lines.filter((l) => l.type === type).length), usd(total), pct(total, e.monthlyUsd)]);
}

/** The terminal report of `npm run cost`. */
export function formatCostText(e: CostEstimate, budget: BudgetCheck, options: { details?: boolean } & LayerOrderOption = {}): string {
  const out: string[] = [];
  out.push(`Monthly cost estimate for ${e.environment}: ${usd(e.monthlyUsd)} (${e.stacks.length} stacks; prices as of ${PRICES_AS_OF}, ${HOURS_PER_MONTH} h/month, on-demand with stated Spot discounts)`);
  out.push('', 'Per layer:', table(['layer', 'monthly', 'share'], [...layerRows(e, options.layerOrder), ['total', usd(e.monthlyUsd), '100.0%']], [1, 2]));
  out.push('', 'Per resource type:', table(['resource type', 'count', 'monthly', 'share'], typeRows(e), [1, 2, 3]));
  if (options.details) {
    out.push('', 'Per resource:');
    for (const l of [...e.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd)) {
      out.push(`  ${usd(l.monthlyUsd).padStart(14)}  ${l.stack} ${l.address}`);
      for (const c of l.components) out.push(`                  ${c.what}: ${usd(c.monthlyUsd)} [${c.confidence}] ${c.price}`);
    }
  }
  out.push('', confidenceLine(e));
  out.push(`budget: ${budget.message}`);
  out.push('', ...notPricedLines(e));
  out.push('', 'Not in this estimate (no synthesized JSON can know them):', ...EXCLUDED_FROM_ESTIMATE.map((x) => `  - ${x}`));
  return out.join('\n');
}

function notPricedLines(e: CostEstimate): string[] {
  const out: string[] = [];
  for (const reason of ['unknown', 'usage-based', 'free'] as const) {
    const items = e.notPriced.filter((n) => n.reason === reason);
    if (items.length === 0) continue;
    const byType = new Map<string, { count: number; note: string }>();
    for (const n of items) byType.set(n.type, { count: (byType.get(n.type)?.count ?? 0) + 1, note: n.note });
    const label = reason === 'unknown' ? 'Not priced (usage-based or free, type unknown to the model)' : reason === 'usage-based' ? 'Not priced (usage-based, not estimated)' : 'Free (no charge of their own)';
    out.push(`${label}: ${items.length} resources`);
    if (reason === 'free') out.push(`  ${[...byType.entries()].map(([t, v]) => `${t} x${v.count}`).join(', ')}`);
    else for (const [t, v] of byType) out.push(`  ${t} x${v.count}: ${v.note}`);
  }
  return out;
}

/** Markdown report (used by the cost CLI's --markdown). */
export function formatCostMarkdown(e: CostEstimate, budget: BudgetCheck, options: LayerOrderOption = {}): string {
  const icon = budget.status === 'over' ? '❌' : budget.status === 'alert' ? '⚠️' : '✅';
  const out = [
    `### Cost estimate: ${e.environment} ${usd(e.monthlyUsd)}/month ${icon}`,
    '',
    `Budget: ${budget.message}.`,
    '',
    '| layer | monthly | share |', '|---|---:|---:|',
    ...layerRows(e, options.layerOrder).map((r) => `| ${r.join(' | ')} |`),
    `| **total** | **${usd(e.monthlyUsd)}** | 100% |`,
    '',
    `<details><summary>Per resource type, confidence and exclusions</summary>`,
    '',
    '| resource type | count | monthly | share |', '|---|---:|---:|---:|',
    ...typeRows(e).map((r) => `| \`${r[0]}\` | ${r.slice(1).join(' | ')} |`),
    '',
    confidenceLine(e),
    '',
    ...notPricedLines(e).map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : `\n${l}`)),
    '',
    'Not estimated: ' + EXCLUDED_FROM_ESTIMATE.join('; ') + '.',
    '',
    '</details>',
  ];
  return out.join('\n');
}

/** Share of the total by confidence (for JSON output). */
export function confidenceShares(e: CostEstimate): Record<Confidence, number> {
  const t = e.monthlyUsd || 1;
  return { verified: e.byConfidence.verified / t, derived: e.byConfidence.derived / t, estimate: e.byConfidence.estimate / t };
}
