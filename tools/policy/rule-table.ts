/** The rule table of docs/policy-preview-cost.md (between the policy-rules markers), generated from POLICY_RULES. */
import { POLICY_RULES } from './rules';
import { PolicyRule } from './types';

export const RULE_TABLE_START = '<!-- policy-rules:start (generated from tools/policy/rules.ts; test/policy.test.ts checks it) -->';
export const RULE_TABLE_END = '<!-- policy-rules:end -->';

/** One Markdown row per rule: id, severity, scope, checkov ids, what it requires. */
export function ruleTable(rules: readonly PolicyRule[] = POLICY_RULES): string {
  const rows = rules.map((r) => `| \`${r.id}\` | ${r.severity} | ${r.productionOnly ? 'production' : 'all'} | ${r.checkov.length ? r.checkov.join(', ') : '— (platform rule)'} | ${r.title.replace(/\|/g, '\\|')} |`);
  const ids = new Set(rules.flatMap((r) => r.checkov));
  return [RULE_TABLE_START,
    `${rules.length} rules, equivalent to ${ids.size} checkov checks.`, '',
    '| rule | severity | environments | checkov | requires |', '|---|---|---|---|---|', ...rows, RULE_TABLE_END].join('\n');
}
