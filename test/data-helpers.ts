import { TerraformStack, Testing } from 'cdktf';

export { testStack } from './helpers';


export interface TfJson {
  terraform: { required_providers: Record<string, { source: string; version: string }> };
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
}

/** Synthesizes a stack and parses the JSON. */
export function synthJson(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** All resources of one type, as a list. */
export function resources(json: TfJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource[type] ?? {});
}

/** The one resource of a type (fails when there are several). */
export function only(json: TfJson, type: string): Record<string, unknown> {
  const list = resources(json, type);
  if (list.length !== 1) throw new Error(`expected one ${type}, found ${list.length}`);
  return list[0];
}

/** Parses an IAM/bucket policy JSON string. */
export function policyOf(resource: Record<string, unknown>): { Statement: Record<string, unknown>[] } {
  return JSON.parse(resource.policy as string) as { Statement: Record<string, unknown>[] };
}
