import * as fs from 'fs';
import * as path from 'path';
import { App, Manifest, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../environments/schema';
import { buildEnvironment, EnvironmentStacks } from './environment';
import type { WorkloadCatalogs } from '../catalog/catalog-validation';
import { ResolveOnceStack, SynthesizedStack } from './resolve-once-stack';
import { sortedDocument, stableText } from './stable-json';
import { releaseTokensSince, tokenMark } from './token-release';

export type { SynthesizedStack } from './resolve-once-stack';

export interface SynthesizeOptions {
  /**
   * Keep the creation stack trace cdktf records for every token (it only appears in cdktf's messages about
   * a misused token). Off, synthesis is about a quarter faster; turn it on when debugging such an error
   * (`PLATFORM_TOKEN_TRACES=1 npm run synth`).
   * @default false
   */
  readonly tokenTraces?: boolean;
  /**
   * Catalogs to build from instead of the checked-in ones (e.g. an inventory with one rollout step changed).
   * @default CATALOGS (catalog/catalog-validation.ts)
   */
  readonly catalogs?: WorkloadCatalogs;
}

/**
 * Builds every stack of the given environments and synthesizes them into `outdir` (one `manifest.json`
 * listing every stack, as one cdktf App would write). Returns the built stacks.
 */
export function synthesizeEnvironments(envs: readonly EnvironmentConfig[], outdir: string, options: SynthesizeOptions = {}): EnvironmentStacks[] {
  const built: EnvironmentStacks[] = [];
  synthesizeEach(envs, outdir, options, (stacks) => built.push(stacks));
  return built;
}

/**
 * Synthesizes the environments one at a time into `outdir` and hands each one's written stack documents
 * to `onEnvironment`, then lets that environment go: its App, constructs and tokens (stacks/token-release.ts)
 * can be collected before the next one is built, so memory holds one environment, not all of them.
 * `manifest.json` lists every stack at the end, byte for byte what one App holding them all writes.
 */
export function synthesizeStreaming(
  envs: readonly EnvironmentConfig[], outdir: string, options: SynthesizeOptions,
  onEnvironment: (env: EnvironmentConfig, stacks: readonly SynthesizedStack[]) => void,
): void {
  synthesizeEach(envs, outdir, options, undefined, onEnvironment);
}

/**
 * One App per environment (environments share nothing: every reference between stacks stays inside one
 * environment), each synthesized into the same `outdir`; their manifests are merged at the end.
 * Without `keep`, the environment's tokens are released once its documents were handed over.
 */
function synthesizeEach(
  envs: readonly EnvironmentConfig[], outdir: string, options: SynthesizeOptions,
  keep?: (stacks: EnvironmentStacks) => void,
  onEnvironment?: (env: EnvironmentConfig, stacks: readonly SynthesizedStack[]) => void,
): void {
  const run = () => {
    const manifests: Manifest[] = [];
    for (const env of envs) {
      const mark = tokenMark();
      const app = new App({ outdir, skipValidation: false });
      const built = buildEnvironment(app, env, options.catalogs);
      app.synth();
      manifests.push(app.manifest);
      if (keep) keep(built);
      const documents = onEnvironment ? stacksOf(app).map((s) => synthesizedOf(s, outdir, app.manifest)) : [];
      if (!keep) releaseTokensSince(mark);
      onEnvironment?.(env, documents);
    }
    if (manifests.length > 1) writeMergedManifest(outdir, manifests);
  };
  if (options.tokenTraces) run();
  else withoutTokenTraces(run);
}

function stacksOf(app: App): TerraformStack[] {
  return app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
}

/** What the stack wrote: kept in memory by ResolveOnceStack, read back from the file otherwise. */
function synthesizedOf(stack: TerraformStack, outdir: string, manifest: Manifest): SynthesizedStack {
  const kept = stack instanceof ResolveOnceStack ? stack.takeSynthesized() : undefined;
  if (kept) return kept;
  const file = path.join(outdir, manifest.forStack(stack).synthesizedStackPath);
  return { name: stack.node.id, json: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> };
}

/** One manifest.json for every App: cdktf's format (json-stable-stringify, two spaces), every stack listed. */
function writeMergedManifest(outdir: string, manifests: readonly Manifest[]): void {
  const stacks: Record<string, unknown> = {};
  for (const m of manifests) {
    for (const [name, entry] of Object.entries(m.stacks)) {
      if (Object.hasOwn(stacks, name)) throw new Error(`two environments both define the stack ${name}`);
      stacks[name] = entry;
    }
  }
  const merged = sortedDocument({ version: manifests[0].version, stacks });
  if (!merged) throw new Error('manifest.json: a stack entry cannot be written as cdktf writes it');
  fs.writeFileSync(path.join(outdir, Manifest.fileName), stableText(merged));
}

/**
 * Runs `fn` with stack traces captured only for real `Error` objects. cdktf calls
 * `Error.captureStackTrace` on a plain object for every token it creates (with an unlimited depth) and
 * reads the formatted `stack` at once, which makes V8 walk and format the whole, deep construct call
 * stack each time: measured here at about a quarter of synth time (npm run bench). Errors keep their
 * full stack traces; only that bookkeeping gets an empty one. The original is restored afterwards.
 * Tests that build stacks in code and compare what they write use it too, as the app does.
 */
export function withoutTokenTraces<T>(fn: () => T): T {
  const original = Error.captureStackTrace;
  Error.captureStackTrace = (...args: Parameters<typeof original>): void => {
    if (args[0] instanceof Error) original.apply(Error, args);
  };
  try {
    return fn();
  } finally {
    Error.captureStackTrace = original;
  }
}
