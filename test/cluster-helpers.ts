// Shared helpers for the cluster-layer tests: build a stack with an EKS cluster, read synthesized JSON,
// load a checked-in environment with edits, synthesize whole environments into a temp dir.
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { App, TerraformStack, Testing } from 'cdktf';
import { EksCluster, EksClusterProps } from '../constructs/cluster/eks-cluster';
import { NodeGroup } from '../constructs/cluster/node-group';
import { ConfigError, ENVIRONMENTS_DIR, parseEnvironment } from '../environments/load';
import { EnvironmentConfig } from '../environments/schema';
import { synthEnvironments as synthAppEnvironments, testStack } from './helpers';
import { TerraformJson } from '../tools/summary';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const SUBNETS = ['subnet-a', 'subnet-b', 'subnet-c'];

/** A stack with a provider and an EKS cluster (no node groups yet). */
export function clusterTestStack(props: Partial<EksClusterProps> = {}): { app: App; stack: TerraformStack; cluster: EksCluster } {
  const stack = testStack();
  const app = stack.node.root as App;
  const cluster = new EksCluster(stack, 'eks', { name: 'test-eu-west-1', privateSubnetIds: SUBNETS, ...props });
  return { app, stack, cluster };
}

/** Adds a system node group and the node-dependent add-ons. */
export function addSystemGroup(stack: TerraformStack, cluster: EksCluster): NodeGroup {
  const system = new NodeGroup(stack, 'node-group-system', {
    cluster, name: 'system', instanceType: 'm6i.xlarge', scaling: { minSize: 2, desiredSize: 3, maxSize: 6 },
  });
  cluster.addNodeAddons(system);
  return system;
}

export function synthJson(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack)) as Json;
}

/** Resources of one type, by synthesized name. */
export function resourcesOf(json: Json | TerraformJson, type: string): Record<string, Json> {
  return ((json as Json).resource?.[type] ?? {}) as Record<string, Json>;
}

/** The single resource of `type` whose name contains `fragment`. */
export function resourceNamed(json: Json | TerraformJson, type: string, fragment: string): Json {
  const matches = Object.entries(resourcesOf(json, type)).filter(([k]) => k.includes(fragment));
  if (matches.length !== 1) throw new Error(`expected one ${type} named *${fragment}*, found ${matches.map(([k]) => k).join(', ') || 'none'}`);
  return matches[0][1];
}

/** Synthesized name of the single resource of `type` whose name contains `fragment`. */
export function addressOf(json: Json, type: string, fragment: string): string {
  const keys = Object.keys(resourcesOf(json, type)).filter((k) => k.includes(fragment));
  if (keys.length !== 1) throw new Error(`expected one ${type} named *${fragment}*, found ${keys.join(', ') || 'none'}`);
  return `${type}.${keys[0]}`;
}

/** Raw YAML of a checked-in environment, as a JS object to edit. */
export function rawEnvironment(name: string): Json {
  return YAML.parse(fs.readFileSync(path.join(ENVIRONMENTS_DIR, `${name}.yaml`), 'utf8')) as Json;
}

/** Parses a checked-in environment after `edit` changed its raw YAML object. */
export function loadEdited(name: string, edit: (raw: Json) => void = () => undefined): EnvironmentConfig {
  const raw = rawEnvironment(name);
  edit(raw);
  return parseEnvironment(YAML.stringify(raw), path.join(ENVIRONMENTS_DIR, `${name}.yaml`));
}

/** The message of the error `fn` throws (fails the test when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}

/** Synthesizes environments as the app does into a fresh temp dir (test/helpers.ts); returns a stack reader. */
export function synthEnvironments(envs: EnvironmentConfig[]): { outdir: string; stacks: string[]; stack: (name: string) => TerraformJson } {
  const { outdir, stacks } = synthAppEnvironments(envs);
  return {
    outdir,
    stacks: Object.keys(stacks).sort(),
    stack: (name: string) => {
      if (!stacks[name]) throw new Error(`no stack ${name}; stacks: ${Object.keys(stacks).join(', ')}`);
      return stacks[name];
    },
  };
}

/** The issues of the ConfigError `fn` throws, as `<key path>: <message>` lines (fails when it throws none). */
export function configIssues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.keyPath}: ${i.message}`);
    throw e;
  }
  throw new Error('expected a ConfigError');
}
