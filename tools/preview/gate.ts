/**
 * The pull-request gate: one message per failed step, saying which one and what to do, so a failing
 * test is never reported as "a stateful resource would be destroyed".
 *
 * `npx tsx tools/preview/gate.ts --typecheck <outcome> --lint <outcome> --tests <outcome> --preview-exit <code> --policy <outcome> --cost <outcome>`
 * (outcomes as GitHub reports them: success, failure, cancelled, skipped). Prints `::error` lines and
 * exits 1 when anything failed.
 */
import { parseCommandLine, runTool, UsageError } from '../cli';

export interface GateInput {
  readonly typecheck?: string;
  readonly lint?: string;
  readonly tests?: string;
  /** Exit code of `npm run preview`: 0 green, 1 destroy/collision/unpriced, 2 usage or synthesis error; undefined = did not run. */
  readonly previewExit?: number;
  readonly policy?: string;
  readonly cost?: string;
}

export interface GateFailure {
  readonly step: 'typecheck' | 'lint' | 'tests' | 'destroy' | 'usage' | 'policy' | 'cost';
  readonly title: string;
  readonly message: string;
}

/** The failures of a run, in the order a reader should fix them. */
export function gateFailures(g: GateInput): GateFailure[] {
  const out: GateFailure[] = [];
  const failed = (o: string | undefined) => o !== undefined && o !== 'success' && o !== 'skipped';
  if (failed(g.typecheck)) out.push({ step: 'typecheck', title: 'Type-check', message: 'the TypeScript type-check failed (npm run typecheck); see the "Type-check" step log' });
  if (failed(g.lint)) out.push({ step: 'lint', title: 'Lint', message: 'eslint or actionlint reported problems (npm run lint, npm run lint:workflows); see the "Lint" steps' });
  if (failed(g.tests)) out.push({ step: 'tests', title: 'Tests', message: 'the test suite failed (npx jest); see the "Tests" step log' });
  if (g.previewExit === undefined) {
    out.push({ step: 'usage', title: 'Plan preview', message: 'the plan preview did not run (an earlier step failed or was cancelled); see the workflow log' });
  } else if (g.previewExit === 1) {
    out.push({ step: 'destroy', title: 'Plan preview', message: 'a stateful resource would be destroyed or replaced without acknowledgement (.preview-allow.yaml), an apply would fail on an already existing physical name (apply the printed moved blocks), or the head cannot be priced' });
  } else if (g.previewExit !== 0) {
    out.push({ step: 'usage', title: 'Plan preview', message: `the plan preview could not run (exit ${g.previewExit}: a usage, synthesis or configuration error, not a destroy); see the "Plan preview" step log` });
  }
  if (failed(g.policy)) out.push({ step: 'policy', title: 'Policy pack', message: 'production or staging violates the policy pack; fix the resource or add a reasoned entry to policy-suppressions.yaml' });
  if (failed(g.cost)) out.push({ step: 'cost', title: 'Cost', message: 'a price is missing from tools/cost/prices.ts or an environment is over its budget' });
  return out;
}

const USAGE = 'usage: gate.ts [--typecheck <outcome>] [--lint <outcome>] [--tests <outcome>] [--preview-exit <code>] [--policy <outcome>] [--cost <outcome>]';

function main(argv: string[]): number {
  const { values: v, positionals } = parseCommandLine(argv, {
    typecheck: { type: 'string' }, lint: { type: 'string' }, tests: { type: 'string' }, 'preview-exit': { type: 'string' },
    policy: { type: 'string' }, cost: { type: 'string' },
  }, USAGE);
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`, USAGE);
  const raw = v['preview-exit'];
  if (raw !== undefined && raw !== '' && !/^\d+$/.test(raw)) throw new UsageError('--preview-exit must be an exit code', USAGE);
  const failures = gateFailures({ ...v, previewExit: raw === undefined || raw === '' ? undefined : Number(raw) });
  for (const f of failures) console.log(`::error title=${f.title}::${f.message}`);
  if (failures.length === 0) console.log('gate: tests, plan preview, policy pack and cost passed');
  return failures.length ? 1 : 0;
}

if (require.main === module) runTool(main);
