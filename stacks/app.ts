import { App } from 'cdktf';
import { EnvironmentConfig } from '../environments/schema';
import { buildEnvironment, EnvironmentStacks } from './environment';
import type { WorkloadCatalogs } from '../catalog/catalog-validation';

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

/** Builds every stack of the given environments into one cdktf App writing to `outdir`, and synthesizes it. */
export function synthesizeEnvironments(envs: readonly EnvironmentConfig[], outdir: string, options: SynthesizeOptions = {}): EnvironmentStacks[] {
  const run = () => {
    const app = new App({ outdir, skipValidation: false });
    const built = envs.map((env) => buildEnvironment(app, env, options.catalogs));
    app.synth();
    return built;
  };
  return options.tokenTraces ? run() : withoutTokenTraces(run);
}

/**
 * Runs `fn` with stack traces captured only for real `Error` objects. cdktf calls
 * `Error.captureStackTrace` on a plain object for every token it creates (with an unlimited depth) and
 * reads the formatted `stack` at once, which makes V8 walk and format the whole, deep construct call
 * stack each time: measured here at about a quarter of synth time (npm run bench). Errors keep their
 * full stack traces; only that bookkeeping gets an empty one. The original is restored afterwards.
 */
function withoutTokenTraces<T>(fn: () => T): T {
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
