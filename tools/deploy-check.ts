/**
 * `npx tsx tools/deploy-check.ts <outdir> <environment>`: refuses to deploy an environment whose
 * synthesized stacks would keep their state on the runner (no remote backend: cdktf falls back to the
 * `local` backend, and the state is lost when the job ends) or could reach any AWS account (no
 * `allowed_account_ids` on the AWS provider, i.e. no `accountId` in the environment YAML).
 *
 * It reads only the synthesized JSON, so it runs before any AWS call (deploy.yml runs it in the job that
 * holds no credentials) and works over any cdktf output directory. Exit 0 when deployable, 1 with one
 * line per problem otherwise, 2 on usage errors.
 */
import { parseCommandLine, runTool, UsageError } from './cli';
import { readSynth, TfStack } from './tfjson';

/** Backends that keep the state outside the runner (Terraform's built-in remote backends). */
export const REMOTE_BACKENDS: readonly string[] = ['s3', 'remote', 'cloud', 'gcs', 'azurerm', 'http', 'consul', 'kubernetes', 'pg', 'oss', 'cos'];

/** Why `stack` must not be deployed from CI, or an empty list. */
export function deployProblems(stack: TfStack): string[] {
  const problems: string[] = [];
  const terraform = (stack.json as { terraform?: { backend?: Record<string, unknown>; cloud?: unknown } }).terraform ?? {};
  const backends = Object.keys(terraform.backend ?? {});
  if (terraform.cloud === undefined && !backends.some((b) => REMOTE_BACKENDS.includes(b))) {
    problems.push(`${stack.name}: no remote state backend (backend: ${backends.join(', ') || 'none'}); the state would stay on the runner and be lost when the job ends. ` +
      `Set \`backend: { bucket, keyPrefix, region }\` in environments/${stack.environment}.yaml`);
  }
  const providers = (stack.json.provider as Record<string, unknown> | undefined)?.aws;
  const list = (Array.isArray(providers) ? providers : providers ? [providers] : []) as { alias?: string; allowed_account_ids?: unknown }[];
  const unpinned = list.filter((p) => !Array.isArray(p.allowed_account_ids) || p.allowed_account_ids.length === 0);
  if (list.length === 0 || unpinned.length > 0) {
    problems.push(`${stack.name}: the AWS provider${unpinned.some((p) => p.alias) ? `s ${unpinned.map((p) => p.alias ?? 'default').join(', ')}` : ''} ` +
      `${list.length === 0 ? 'is missing' : 'has no allowed_account_ids'}, so a wrong role could deploy into another account. Set \`accountId\` in environments/${stack.environment}.yaml`);
  }
  return problems;
}

/** Every problem of the environment's stacks in `outdir`; throws when the output holds no stack of it. */
export function checkDeployable(outdir: string, environment: string): string[] {
  const stacks = readSynth(outdir).stacks.filter((s) => s.environment === environment);
  if (stacks.length === 0) return [`${outdir} holds no stack of environment ${environment}; synthesize it first (npm run synth -- ${environment})`];
  return stacks.flatMap(deployProblems);
}

const USAGE = 'usage: npx tsx tools/deploy-check.ts <outdir> <environment>';

function main(argv: string[]): number {
  const { positionals } = parseCommandLine(argv, {}, USAGE);
  if (positionals.length !== 2) throw new UsageError('give the output directory and the environment', USAGE);
  const [outdir, environment] = positionals;
  const problems = checkDeployable(outdir, environment);
  if (problems.length === 0) {
    console.log(`deploy check: environment ${environment} has a remote backend and a pinned account in every stack`);
    return 0;
  }
  console.error(`deploy check: refusing to deploy ${environment}:`);
  for (const p of problems) console.error(`  ${p}`);
  return 1;
}

if (require.main === module) runTool(main);
