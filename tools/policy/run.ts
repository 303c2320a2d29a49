/** Runs the policy pack over a synthesized output and formats the result. */
import { PlatformValidationError } from '../../constructs/core/errors';
import { readSynth, TfSynth } from '../tfjson';
import { POLICY_RULES } from './rules';
import { findSuppression, globMatches, loadSuppressions, Suppression } from './suppressions';
import { Finding, Outcome, PolicyRule, Severity } from './types';

/** Environments where a violation fails synth; every other environment only warns (dev). */
export const ENFORCING_ENVIRONMENTS: readonly string[] = ['production', 'staging'];
/** Environments the production-only rules (deletion protection, backups, Multi-AZ) apply to. */
export const PRODUCTION_ENVIRONMENTS: readonly string[] = ['production'];

export interface PolicyOptions {
  /** @default loadSuppressions() (policy-suppressions.yaml at the project root) */
  readonly suppressions?: readonly Suppression[];
  /** @default POLICY_RULES */
  readonly rules?: readonly PolicyRule[];
}

export interface PolicyReport {
  readonly stacks: readonly string[];
  readonly rules: number;
  /** Every hit, failing, warning and suppressed, ordered by outcome, severity, stack, address. */
  readonly findings: readonly Finding[];
  /** Suppressions that matched nothing in this output. */
  readonly unusedSuppressions: readonly Suppression[];
  /** True when at least one finding fails (an enforcing environment, not suppressed). */
  readonly failed: boolean;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const OUTCOME_ORDER: Record<Outcome, number> = { fail: 0, warn: 1, suppressed: 2 };

/** Runs every rule on every stack. */
export function runPolicy(synth: TfSynth, options: PolicyOptions = {}): PolicyReport {
  const run = new PolicyRun(options);
  run.add(synth);
  return run.report();
}

/**
 * The pack run over an output that arrives in parts (cli/synth.ts hands over one environment at a time and
 * forgets it): `add` checks the stacks of each part, `report` gives what runPolicy
 * gives for all of them together. A rule's `ctx.synth` is the part its stack came with.
 */
export class PolicyRun {
  private readonly rules: readonly PolicyRule[];
  private readonly suppressions: readonly Suppression[];
  private readonly used = new Set<Suppression>();
  private readonly findings: Finding[] = [];
  private readonly stacks: string[] = [];

  constructor(options: PolicyOptions = {}) {
    this.rules = options.rules ?? POLICY_RULES;
    this.suppressions = options.suppressions ?? loadSuppressions();
  }

  /** Checks every stack of `synth`. */
  public add(synth: TfSynth): void {
    for (const stack of synth.stacks) {
      this.stacks.push(stack.name);
      const production = PRODUCTION_ENVIRONMENTS.includes(stack.environment);
      const enforcing = ENFORCING_ENVIRONMENTS.includes(stack.environment);
      for (const rule of this.rules) {
        if (rule.productionOnly && !production) continue;
        for (const hit of rule.check(stack, { synth, production })) {
          const address = hit.resource?.address ?? hit.location ?? '(stack)';
          const suppression = findSuppression(this.suppressions, rule.id, stack.name, address);
          if (suppression) this.used.add(suppression);
          this.findings.push({
            ruleId: rule.id,
            severity: rule.severity,
            stack: stack.name,
            environment: stack.environment,
            address,
            constructPath: hit.resource?.constructPath,
            message: hit.message,
            fix: rule.fix,
            outcome: suppression ? 'suppressed' : enforcing ? 'fail' : 'warn',
            suppressionReason: suppression?.reason,
          });
        }
      }
    }
  }

  /** The report over every stack added so far, stacks in name order (as readSynth lists them). */
  public report(): PolicyReport {
    const stacks = [...this.stacks].sort((a, b) => a.localeCompare(b));
    // Stable sort: findings of one stack, rule and address keep the order the rule found them in.
    const findings = [...this.findings].sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
      || a.stack.localeCompare(b.stack) || a.address.localeCompare(b.address) || a.ruleId.localeCompare(b.ruleId));
    return {
      stacks,
      rules: this.rules.length,
      findings,
      // Unused: matched nothing although its stack is in this output (a single-environment synth does not
      // report the other environments' suppressions).
      unusedSuppressions: this.suppressions.filter((s) => !this.used.has(s) && stacks.some((st) => globMatches(s.stack, st))),
      failed: findings.some((f) => f.outcome === 'fail'),
    };
  }
}

/** Reads `outdir` and runs the pack. */
export function runPolicyOnOutdir(outdir: string, options: PolicyOptions = {}): PolicyReport {
  return runPolicy(readSynth(outdir), options);
}

/** One finding as a precise, self-contained line pair: outcome, rule, stack, address, path, message, fix. */
export function formatFinding(f: Finding): string {
  const where = `${f.stack} ${f.address}${f.constructPath ? ` (${f.constructPath})` : ''}`;
  const head = `${f.outcome.toUpperCase()} [${f.ruleId}] (${f.severity}) ${where}: ${f.message}`;
  return f.outcome === 'suppressed' ? `${head}\n      suppressed: ${f.suppressionReason}` : `${head}\n      fix: ${f.fix}`;
}

/** Counts line: `policy pack: 38 rules over 3 stacks: 0 failing, 2 warnings, 1 suppressed`. */
export function summaryLine(report: PolicyReport): string {
  const count = (o: Outcome) => report.findings.filter((f) => f.outcome === o).length;
  return `policy pack: ${report.rules} rules over ${report.stacks.length} stacks: ${count('fail')} failing, ${count('warn')} warnings, ${count('suppressed')} suppressed`;
}

/** Plain-text report for the terminal. */
export function formatPolicyText(report: PolicyReport): string {
  const lines = [summaryLine(report)];
  for (const f of report.findings) lines.push(formatFinding(f));
  for (const s of report.unusedSuppressions) lines.push(`NOTE unused suppression [${s.rule}] ${s.stack} ${s.address} (matches nothing in this output)`);
  return lines.join('\n');
}

/** Markdown section for a pull-request comment, at most `maxChars` long (details collapsed, trimmed when needed). */
export function formatPolicyMarkdown(report: PolicyReport, maxChars = 20_000): string {
  const count = (o: Outcome) => report.findings.filter((f) => f.outcome === o).length;
  const head = [
    `### Policy pack ${report.failed ? '❌' : '✅'}`,
    '',
    `${report.rules} rules over ${report.stacks.length} stacks: **${count('fail')} failing**, ${count('warn')} warnings (dev), ${count('suppressed')} suppressed.`,
  ];
  const row = (f: Finding) => `| ${f.outcome} | \`${f.ruleId}\` | ${f.stack} | \`${f.address}\` | ${escapeCell(f.outcome === 'suppressed' ? `${f.message} — suppressed: ${f.suppressionReason}` : `${f.message} — fix: ${f.fix}`)} |`;
  const table = ['', '| outcome | rule | stack | address | detail |', '|---|---|---|---|---|'];
  const body: string[] = [];
  let size = [...head, ...table].join('\n').length + 200;
  let omitted = 0;
  for (const f of report.findings) {
    const line = row(f);
    if (size + line.length + 1 > maxChars) {
      omitted++;
      continue;
    }
    body.push(line);
    size += line.length + 1;
  }
  if (report.findings.length === 0) return [...head].join('\n');
  const out = [...head, '', `<details${report.failed ? ' open' : ''}><summary>Findings</summary>`, ...table, ...body];
  if (omitted) out.push('', `… ${omitted} more findings not shown (run \`npm run policy\` for the full list).`);
  out.push('', '</details>');
  return out.join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Thrown by synth when a finding fails: lists every failing finding with its fix. */
export class PolicyViolationError extends PlatformValidationError {
  public readonly report: PolicyReport;

  constructor(report: PolicyReport) {
    const failing = report.findings.filter((f) => f.outcome === 'fail');
    super('policy pack', `${failing.length} violation(s) in ${[...new Set(failing.map((f) => f.environment))].join(', ')}; cdktf.out was left unchanged.\n${failing.map(formatFinding).join('\n')}\n` +
      'Fix the resource, or add a reasoned entry (rule, stack, address, reason) to policy-suppressions.yaml.');
    this.name = 'PolicyViolationError';
    this.report = report;
  }
}

/**
 * What synth does after writing `outdir`: run the pack and throw PolicyViolationError when a
 * production/staging finding fails. `PLATFORM_POLICY=report` returns the report instead (used by the
 * plan preview and the PR workflow, where the `npm run policy` step is the gate). The caller prints the
 * report (warnings, suppressions with their reasons) with formatPolicyText.
 */
export function enforcePolicy(output: string | TfSynth | PolicyRun, mode: string | undefined): PolicyReport {
  const report = typeof output === 'string' ? runPolicyOnOutdir(output) : output instanceof PolicyRun ? output.report() : runPolicy(output);
  if (report.failed && mode !== 'report') throw new PolicyViolationError(report);
  return report;
}
