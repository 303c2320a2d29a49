import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { synthesizeEnvironments } from '../stacks/app';
import { EnvironmentConfig } from '../environments/schema';
import { parseEnvironment } from '../environments/load';
import { TerraformJson } from '../tools/summary';

/** A bare stack in eu-west-1 with an AWS provider, for construct tests. */
export function testStack(name = 'test'): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

/** A fresh temporary directory, removed by the caller with `fs.rmSync`. */
export function tempDir(prefix = 'ott-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Parses YAML text as if it were `environments/<name>.yaml`. */
export function envFromYaml(name: string, text: string): EnvironmentConfig {
  return parseEnvironment(text, path.join('environments', `${name}.yaml`));
}

/** Synthesized stacks of a real App (prepareStack applied: backends and cross-stack references present). */
export interface SynthResult {
  readonly outdir: string;
  readonly stacks: Record<string, TerraformJson>;
}

/** Synthesizes whole environments the way main.ts does, into a temp dir, and reads every stack's JSON. */
export function synthEnvironments(envs: readonly EnvironmentConfig[]): SynthResult {
  const outdir = tempDir('ott-synth-');
  synthesizeEnvironments(envs, outdir);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const stacks: Record<string, TerraformJson> = {};
  for (const [name, s] of Object.entries(manifest.stacks)) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')) as TerraformJson;
  }
  return { outdir, stacks };
}

/** All resources of one type in a stack's JSON, by Terraform name. */
export function resourcesOf(stack: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}
