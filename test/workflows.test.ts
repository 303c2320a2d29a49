import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { LAYERS } from '../stacks/naming';
import { loadEnvironment } from '../environments/load';
import { checkDeployable } from '../tools/deploy-check';
import { deployOrder } from '../tools/deploy-order';
import { lintWorkflows, workflowFiles, WORKFLOWS_DIR } from '../tools/lint-workflows';
import { gateFailures } from '../tools/preview/gate';
import { COMMENT_MARKER } from '../tools/preview/preview';
import { compliantStackDocs, FIXTURES, tempDir, writeOutdir } from './helpers/fixtures';
import { synthEnvironments } from './helpers';

type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { permissions?: Record<string, string>; environment?: string; steps: Step[]; if?: string };

/** A job runs the repository's code when it checks it out and runs npm/npx/node/tsx/a script from it. */
function runsRepositoryCode(job: Job): boolean {
  const checksOut = job.steps.some((s) => s.uses?.startsWith('actions/checkout'));
  const runs = job.steps.some((s) => /\b(npm|npx|node|tsx|yarn|pnpm)\b|\.\/|bash [^-]/.test(s.run ?? ''));
  return checksOut && runs;
}
type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

const read = (name: string) => YAML.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, name), 'utf8')) as Workflow;

describe('GitHub workflows', () => {
  test('pass actionlint', async () => {
    const files = workflowFiles();
    expect(files.map((f) => path.basename(f))).toEqual(['deploy.yml', 'pr.yml']);
    expect(await lintWorkflows(files)).toEqual([]);
  });

  test('actionlint reports mistakes (the check can fail)', async () => {
    const problems = await lintWorkflows([path.join(FIXTURES, 'workflows', 'broken.yml')]);
    const text = problems.map((p) => `${p.line}: ${p.message}`).join('\n');
    expect(text).toMatch(/input "fetch-dept" is not defined/);
    expect(text).toMatch(/property "missing" is not defined/);
    expect(text).toMatch(/is always evaluated to true because extra characters are around/);
    expect(text).toMatch(/undefined variable "secret"/);
  });

  test('every action is pinned to a version tag; top-level permissions are read-only', () => {
    for (const name of ['pr.yml', 'deploy.yml']) {
      const wf = read(name);
      expect(wf.permissions).toEqual({ contents: 'read' });
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
      }
    }
  });

  test('pull-request workflow: checks with read-only permissions, optional plan job, comment job that runs no code', () => {
    const wf = read('pr.yml');
    const checks = wf.jobs.checks;
    const runs = checks.steps.map((s) => s.run ?? '').join('\n');
    for (const command of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm run lint:workflows', 'npx jest --ci', 'npx tsx main.ts --all',
      'npm run -s preview -- --base-ref "origin/${BASE_REF}"', 'npm run -s policy -- cdktf.out', 'npm run -s cost -- --all --outdir cdktf.out',
      'npx tsx tools/preview/gate.ts']) {
      expect(runs).toContain(command);
    }
    expect(checks.permissions).toEqual({ contents: 'read' });
    expect(checks.steps.at(-1)!.name).toBe('Gate (says which step failed)');
    const plan = wf.jobs.plan;
    expect(plan.if).toContain("vars.AWS_PLAN_ROLE_ARN != ''");
    expect(plan.environment).toBe('pr-plan');
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const comment = wf.jobs.comment;
    expect(comment.permissions).toEqual({ 'pull-requests': 'write' });
    const script = comment.steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
    expect(String(script.with!.script)).toContain(`const marker = '${COMMENT_MARKER}'`);
    expect(String(script.with!.script)).toContain('updateComment');
    expect(comment.steps.some((s) => s.uses?.startsWith('actions/download-artifact'))).toBe(true);
  });

  test.each(['pr.yml', 'deploy.yml'])('%s: no job that runs repository code holds id-token: write or pull-requests: write', (name) => {
    const wf = read(name);
    for (const [id, job] of Object.entries(wf.jobs)) {
      const privileged = job.permissions?.['id-token'] === 'write' || job.permissions?.['pull-requests'] === 'write';
      if (privileged) expect([id, runsRepositoryCode(job)]).toEqual([id, false]);
    }
    // The check itself can fail: the old single-job pr.yml is flagged.
    const old = YAML.parse(fs.readFileSync(path.join(FIXTURES, 'workflows', 'pr-single-job.yml'), 'utf8')) as Workflow;
    expect(runsRepositoryCode(old.jobs.checks)).toBe(true);
    expect(old.jobs.checks.permissions).toMatchObject({ 'id-token': 'write' });
  });

  test('cached node_modules and Terraform plugin directory', () => {
    const caches = ['pr.yml', 'deploy.yml'].flatMap((n) => Object.values(read(n).jobs).flatMap((j) => j.steps))
      .filter((s) => s.uses?.startsWith('actions/cache')).map((s) => String(s.with!.path));
    expect(caches).toEqual(expect.arrayContaining(['node_modules', '.terraform-plugins']));
  });

  test('deploy workflow: infra paths only; refuses before any AWS call; plans, summarizes, applies the saved plan after approval; skips without the role secret', () => {
    const wf = read('deploy.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['push', 'workflow_dispatch']);
    const push = wf.on.push as { branches: string[]; paths: string[] };
    expect(push.branches).toEqual(['main']);
    expect(push.paths).toEqual(expect.arrayContaining(['constructs/**', 'stacks/**', 'environments/**', 'main.ts']));
    expect(push.paths).not.toContain('docs/**');
    const prepare = wf.jobs.prepare;
    expect(prepare.if).toBe("github.ref == 'refs/heads/main'");
    const prepareRuns = prepare.steps.map((s) => s.run ?? '').join('\n');
    expect(prepareRuns).toContain('npm run synth -- "$PLATFORM_ENV"');
    expect(prepareRuns).toContain('npx tsx tools/deploy-check.ts cdktf.out "$PLATFORM_ENV"');
    expect(prepareRuns).toContain('npm run -s deploy-order -- cdktf.out "$PLATFORM_ENV"');
    expect(prepare.steps.some((s) => s.uses?.startsWith('aws-actions/'))).toBe(false);
    expect(prepare.permissions).toEqual({ contents: 'read' });

    const plan = wf.jobs.plan;
    expect(plan.if).toBe("needs.prepare.outputs.deployable == 'true'");
    const planSteps = plan.steps;
    const skip = planSteps.findIndex((s) => s.run?.includes('Deploy skipped'));
    const creds = planSteps.findIndex((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(skip).toBe(0);
    expect(planSteps[creds].if).toBe("steps.role.outputs.present == 'true'");
    const planRun = planSteps.map((s) => s.run ?? '').join('\n');
    expect(planRun).toContain('-out=tfplan');
    expect(planRun).toContain('GITHUB_STEP_SUMMARY');

    const apply = wf.jobs.apply;
    expect(apply.environment).toBe("${{ inputs.environment || 'dev' }}");
    expect(apply.if).toBe("needs.plan.outputs.planned == 'true'");
    const applyRun = apply.steps.map((s) => s.run ?? '').join('\n');
    expect(applyRun).toContain('apply -input=false -no-color tfplan');
    expect(applyRun).not.toContain('auto-approve');
    expect(apply.steps[0].run).toContain('Apply skipped');
  });

  test('deploy check: an environment without backend or accountId is refused with a message; a complete one passes', () => {
    const dir = writeOutdir(tempDir('deploy-check'), compliantStackDocs());
    try {
      const problems = checkDeployable(dir, 'production');
      expect(problems.some((p) => /production-eu-west-1-data: no remote state backend \(backend: local\).*environments\/production\.yaml/.test(p))).toBe(true);
      expect(problems.some((p) => /has no allowed_account_ids.*Set `accountId` in environments\/production\.yaml/.test(p))).toBe(true);
      expect(checkDeployable(dir, 'qa')).toEqual([expect.stringMatching(/holds no stack of environment qa/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const remote = compliantStackDocs().map((d) => {
      const json = JSON.parse(JSON.stringify(d.json)) as { terraform?: Record<string, unknown>; provider: { aws: Record<string, unknown>[] } };
      json.terraform = { ...json.terraform, backend: { s3: { bucket: 'state', key: `${d.name}.tfstate`, region: 'eu-west-1' } } };
      for (const p of json.provider.aws) p.allowed_account_ids = ['123456789012'];
      return { name: d.name, json: json as unknown as Record<string, unknown> };
    });
    const ok = writeOutdir(tempDir('deploy-check-ok'), remote);
    try {
      expect(checkDeployable(ok, 'production')).toEqual([]);
    } finally {
      fs.rmSync(ok, { recursive: true, force: true });
    }
  });

  test('deploy check on the checked-in dev environment stops with the message (no backend in dev.yaml)', () => {
    // The run's synth of the checked-in dev (test/helpers.ts): byte for byte what synthesizing it writes.
    const out = synthEnvironments([loadEnvironment('dev')]).outdir;
    try {
      const problems = checkDeployable(out, 'dev');
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]).toMatch(/^dev-eu-west-1-\w+: no remote state backend/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('gate: the message names the failed step (tests, destroy, usage), not always the destroy', () => {
    const ok = { typecheck: 'success', lint: 'success', tests: 'success', previewExit: 0, policy: 'success', cost: 'success' };
    expect(gateFailures(ok)).toEqual([]);
    expect(gateFailures({ ...ok, tests: 'failure' }).map((f) => f.step)).toEqual(['tests']);
    expect(gateFailures({ ...ok, previewExit: 1 }).map((f) => f.step)).toEqual(['destroy']);
    expect(gateFailures({ ...ok, previewExit: 2 })[0]).toMatchObject({ step: 'usage', message: expect.stringMatching(/not a destroy/) });
    expect(gateFailures({ ...ok, previewExit: undefined }).map((f) => f.step)).toEqual(['usage']);
    expect(gateFailures({ ...ok, tests: 'failure', policy: 'failure' }).map((f) => f.step)).toEqual(['tests', 'policy']);
  });

  test('deploy order groups an environment\'s stacks by layer: network, data, cluster, ..., edge', () => {
    const dir = writeOutdir(tempDir('deploy-order'), compliantStackDocs());
    expect(deployOrder(dir, 'production', LAYERS)).toEqual([
      { layer: 'data', stacks: ['production-eu-west-1-data'] },
      { layer: 'cluster', stacks: ['production-eu-west-1-cluster', 'production-us-east-1-cluster'] },
      { layer: 'edge', stacks: ['production-global-edge'] },
    ]);
    expect(deployOrder(dir, 'dev', LAYERS)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
