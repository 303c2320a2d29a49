import { App } from 'cdktf';
import { EnvironmentConfig } from '../environments/schema';
import { buildEnvironment, EnvironmentStacks } from './environment';

/** Builds every stack of the given environments into one cdktf App writing to `outdir`, and synthesizes it. */
export function synthesizeEnvironments(envs: readonly EnvironmentConfig[], outdir: string): EnvironmentStacks[] {
  const app = new App({ outdir, skipValidation: false });
  const built = envs.map((env) => buildEnvironment(app, env));
  app.synth();
  return built;
}
