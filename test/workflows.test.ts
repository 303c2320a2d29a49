import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { LAYERS } from '../stacks/naming';
import { deployOrder } from '../tools/deploy-order';
import { lintWorkflows, workflowFiles, WORKFLOWS_DIR } from '../tools/lint-workflows';
import { COMMENT_MARKER } from '../tools/preview/preview';
import { compliantStackDocs, FIXTURES, tempDir, writeOutdir } from './helpers/fixtures';

type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { permissions?: Record<string, string>; environment?: string; steps: Step[]; if?: string };
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

  test('pull-request workflow: checks, base and head synthesis, preview, policy, cost, sticky comment, optional OIDC diff', () => {
    const job = read('pr.yml').jobs.checks;
    const runs = job.steps.map((s) => s.run ?? '').join('\n');
    for (const command of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm run lint:workflows', 'npx jest --ci', 'npx tsx main.ts --all',
      'npm run -s preview -- --base-ref "origin/${BASE_REF}"', 'npm run -s policy -- cdktf.out', 'npm run -s cost -- --all --outdir cdktf.out']) {
      expect(runs).toContain(command);
    }
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    const aws = job.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))!;
    expect(aws.if).toBe("vars.AWS_PLAN_ROLE_ARN != ''");
    expect(job.steps.find((s) => s.name === 'cdktf diff of the changed stacks')!.if).toContain("vars.AWS_PLAN_ROLE_ARN != ''");
    const comment = job.steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
    expect(String(comment.with!.script)).toContain(`const marker = '${COMMENT_MARKER}'`);
    expect(String(comment.with!.script)).toContain('updateComment');
    expect(job.steps.at(-1)!.name).toBe('Gate on preview, policy pack and cost');
  });

  test('deploy workflow: dev on merge to main, any environment by hand, GitHub environment for approval, layer order', () => {
    const wf = read('deploy.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(wf.on.push).toEqual({ branches: ['main'] });
    const job = wf.jobs.deploy;
    expect(job.environment).toBe("${{ inputs.environment || 'dev' }}");
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    const runs = job.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run synth -- "$PLATFORM_ENV"');
    expect(runs).toContain('npm run -s deploy-order -- cdktf.out "$PLATFORM_ENV"');
    expect(runs).toContain('cdktf deploy ${stacks} --auto-approve --ignore-missing-stack-dependencies');
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
