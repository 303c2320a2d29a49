/**
 * `.preview-allow.yaml`: the pull request's explicit acknowledgement that a stateful resource may be
 * destroyed or replaced. Each entry names the stack and the base address and says why. Entries that
 * match nothing are reported so they are removed after the merge.
 */
import * as fs from 'fs';
import { z } from 'zod';
import { parseYamlConfig } from '../../environments/yaml-config';
import { globMatches } from '../policy/suppressions';
import { ResourceChange } from './diff';

export const ALLOW_FILE = '.preview-allow.yaml';

const entrySchema = z.strictObject({
  /** Stack name; `*` matches any run of characters. */
  stack: z.string().min(1),
  /** Address in the base (the resource that goes away); `*` allowed. */
  address: z.string().min(1),
  /** Why losing this resource is acceptable (data migrated, empty, recreated from backup ...). */
  reason: z.string().trim().min(20, 'must say why destroying the resource is acceptable (at least 20 characters)'),
});
const fileSchema = z.strictObject({ allow: z.array(entrySchema).default([]) });

export type AllowEntry = z.output<typeof entrySchema>;

export function parseAllowList(text: string, file: string): AllowEntry[] {
  return parseYamlConfig(text, file, fileSchema, { allowEmpty: true }).allow;
}

/** Reads the allow list; a missing file is an empty list. */
export function loadAllowList(file: string): AllowEntry[] {
  return fs.existsSync(file) ? parseAllowList(fs.readFileSync(file, 'utf8'), file) : [];
}

export function findAllowEntry(entries: readonly AllowEntry[], change: ResourceChange): AllowEntry | undefined {
  return entries.find((e) => globMatches(e.stack, change.stack) && globMatches(e.address, change.address));
}
