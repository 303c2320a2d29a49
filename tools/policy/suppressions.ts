/**
 * `policy-suppressions.yaml`: explicit, reasoned exceptions to the policy pack, one per rule, stack and
 * resource. Every suppression is listed in the report, and one that matches nothing is reported as
 * unused so stale exceptions get removed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { parseYamlConfig } from '../../environments/yaml-config';
import { POLICY_RULES } from './rules';

/** Default location: the project root. */
export const SUPPRESSIONS_FILE = path.join(__dirname, '..', '..', 'policy-suppressions.yaml');

const globText = z.string().min(1).regex(/^[A-Za-z0-9_.*:/[\]-]+$/, 'may hold letters, digits, _ . : / - [ ] and * (any run of characters)');

const suppressionSchema = z.strictObject({
  /** Rule id from tools/policy/rules.ts. */
  rule: z.string().refine((id) => POLICY_RULES.some((r) => r.id === id), {
    message: `must be a rule id of the policy pack (${POLICY_RULES.map((r) => r.id).join(', ')})`,
  }),
  /** Stack name; `*` matches any run of characters (e.g. `*-eu-west-1-edge`). */
  stack: globText,
  /** Terraform address inside the stack (`<type>.<name>`), or the JSON location of a stack-wide finding; `*` allowed. */
  address: globText,
  /** Why the exception is acceptable, and until when; printed in every report. */
  reason: z.string().trim().min(20, 'must explain why the exception is acceptable (at least 20 characters)'),
});

const fileSchema = z.strictObject({ suppressions: z.array(suppressionSchema).default([]) });

export type Suppression = z.output<typeof suppressionSchema>;

/** Loads the suppression list; a missing file is an empty list, a malformed one an error naming file and key. */
export function loadSuppressions(file: string = SUPPRESSIONS_FILE): Suppression[] {
  if (!fs.existsSync(file)) return [];
  return parseSuppressions(fs.readFileSync(file, 'utf8'), file);
}

export function parseSuppressions(text: string, file: string): Suppression[] {
  return parseYamlConfig(text, file, fileSchema, { allowEmpty: true }).suppressions;
}

/** True when the glob (only `*` is special) matches the whole text. */
export function globMatches(glob: string, text: string): boolean {
  const re = new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
  return re.test(text);
}

/** The suppression covering (rule, stack, address), if any. */
export function findSuppression(list: readonly Suppression[], rule: string, stack: string, address: string): Suppression | undefined {
  return list.find((s) => s.rule === rule && globMatches(s.stack, stack) && globMatches(s.address, address));
}
