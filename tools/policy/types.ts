import { TfResource, TfStack, TfSynth } from '../tfjson';

/** How bad a violation is (for ordering and the report); whether it fails synth depends on the environment. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** One place a rule is violated. */
export interface RuleHit {
  /** The offending resource, or undefined for stack-wide hits (e.g. a secret in a provider block). */
  readonly resource?: TfResource;
  /** Where in the stack JSON, when there is no resource (e.g. `provider.aws[0].secret_key`). */
  readonly location?: string;
  /** What exactly is wrong, with the attribute and its value. */
  readonly message: string;
}

/** Everything a rule may look at besides its own stack (cross-stack lookups are rare but possible). */
export interface RuleContext {
  readonly synth: TfSynth;
  /** True when the stack belongs to a production environment (production-only rules apply). */
  readonly production: boolean;
}

/** A rule of the policy pack: data (id, severity, rationale, fix) plus a check over one stack's JSON. */
export interface PolicyRule {
  /** Stable kebab-case id, used in suppressions and reports. */
  readonly id: string;
  readonly severity: Severity;
  /**
   * The well-known checkov check(s) this rule corresponds to (https://www.checkov.io/5.Policy%20Index/terraform.html),
   * e.g. `CKV_AWS_226`; empty for a platform rule checkov has no equivalent of. Listed in docs/policy-preview-cost.md.
   */
  readonly checkov: readonly string[];
  /** One-line statement of what the rule requires. */
  readonly title: string;
  /** One line: why the platform requires it (seed 003 §8, PLATFORM.md §9). */
  readonly rationale: string;
  /** What to change in the construct or config to comply. */
  readonly fix: string;
  /** Applies only to production environments (deletion protection, backups). @default false */
  readonly productionOnly?: boolean;
  /** Resource types the rule inspects (documentation; the check decides). */
  readonly resourceTypes: readonly string[];
  check(stack: TfStack, ctx: RuleContext): RuleHit[];
}

/** What a finding does to the run. */
export type Outcome = 'fail' | 'warn' | 'suppressed';

/** A rule hit in a stack, with the outcome its environment and the suppression list give it. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly stack: string;
  readonly environment: string;
  /** Terraform address (`aws_db_instance.db_x_1234`) or a JSON location for stack-wide hits. */
  readonly address: string;
  readonly constructPath?: string;
  readonly message: string;
  readonly fix: string;
  readonly outcome: Outcome;
  /** The reason given in `policy-suppressions.yaml`, when suppressed. */
  readonly suppressionReason?: string;
}
