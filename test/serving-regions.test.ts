/**
 * Serving across production's two regions (issue 12): the primary region's workloads stack and the GPU
 * region's, every placement of the inventory in exactly one of them, the GPU region reading the primary
 * region's models bucket through the data stack's outputs; and the preview of a rollout step.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CATALOGS } from '../catalog/catalog-validation';
import { MODELS, ModelSpec } from '../catalog/models';
import { loadEnvironment } from '../environments/load';
import { planEnvironmentServing, workloadPlanInput } from '../plan/workloads';
import { synthesizeEnvironments } from '../stacks/app';
import { buildPreview } from '../tools/preview/preview';
import { readSynth } from '../tools/tfjson';
import { MODEL_LABEL } from '../constructs/serving';
import { NODE_LABELS } from '../constructs/cluster/labels';
import { resolveEnvironment } from '../plan/environment';
import { errorOf, Json } from './cluster-helpers';
import { synthEnvironments, tempDir } from './helpers';

const PROD = loadEnvironment('production');
const PLAN = planEnvironmentServing(workloadPlanInput(PROD));
const WORKLOADS = ['production-eu-west-1-workloads', 'production-us-east-1-workloads'];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('production: both workloads stacks', () => {
  const { outdir, stacks } = synthEnvironments([PROD]);
  dirs.push(outdir);
  const manifests = (stack: string) => Object.values((stacks[stack].resource?.kubernetes_manifest ?? {}) as Record<string, Json>).map((r) => r.manifest as Json);
  /** The workload objects (not ServiceAccounts or Services) of a stack, by model id. */
  const workloadsOf = (stack: string) => manifests(stack).filter((o) => ['InferenceService', 'Deployment', 'CronJob'].includes(o.kind) && o.metadata.labels?.[MODEL_LABEL]);

  test('every placement of the inventory lands in exactly one workloads stack: the one of its region', () => {
    expect(Object.keys(stacks).filter((s) => s.endsWith('-workloads')).sort()).toEqual(WORKLOADS);
    expect(PLAN.placements).toHaveLength(MODELS.length);
    const landed = WORKLOADS.flatMap((stack) => workloadsOf(stack).map((o) => ({ stack, id: o.metadata.name as string })));
    expect(landed.map((l) => l.id).sort()).toEqual(PLAN.placements.map((p) => p.model.id).sort());
    for (const p of PLAN.placements) {
      expect(landed.filter((l) => l.id === p.model.id)).toEqual([{ stack: `production-${p.region}-workloads`, id: p.model.id }]);
    }
    // The GPU region: Llama 4 Scout, video generation, neural recommendations, neural compression, edge inference.
    expect(workloadsOf(WORKLOADS[1]).map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'CronJob/neural-compression', 'CronJob/neural-recommendations-training', 'Deployment/llama-4-scout-content-analysis',
      'InferenceService/edge-inference', 'InferenceService/neural-recommendations-serving', 'InferenceService/video-generation',
    ]);
  });

  test("each GPU workload selects a GPU class and pool its region's cluster has", () => {
    const plan = resolveEnvironment(PROD);
    let checked = 0;
    for (const stack of WORKLOADS) {
      const region = stack.split('-').slice(1, 4).join('-');
      const pools = plan.regions[region].cluster!.gpuPools.map((p) => `${p.config.name}/${p.resolved.gpuModel.model}`);
      for (const o of workloadsOf(stack)) {
        const pod = o.kind === 'InferenceService' ? o.spec.predictor : o.kind === 'Deployment' ? o.spec.template.spec : o.spec.jobTemplate.spec.template.spec;
        const gpu = pod.nodeSelector[NODE_LABELS.gpuModel] as string | undefined;
        if (gpu) expect(pools).toContain(`${pod.nodeSelector[NODE_LABELS.nodeGroup]}/${gpu}`);
        if (gpu) checked += 1;
      }
    }
    expect(checked).toBe(PLAN.placements.filter((p) => p.pool).length);
  });

  test("the GPU region's stack follows its platform-config and reads the primary region's models bucket through the data stack's outputs", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    expect(manifest.stacks[WORKLOADS[1]].dependencies).toEqual(expect.arrayContaining(['production-us-east-1-platform-config', 'production-eu-west-1-data']));
    const us = stacks[WORKLOADS[1]] as Json;
    expect(Object.keys(us.data.terraform_remote_state)).toEqual(['cross-stack-reference-input-production-eu-west-1-data']);
    const video = manifests(WORKLOADS[1]).find((o) => o.kind === 'InferenceService' && o.metadata.name === 'video-generation')!;
    expect(video.spec.predictor.model.storage).toEqual({
      path: 'models/video-generation',
      parameters: { type: 's3', region: 'eu-west-1', bucket: expect.stringMatching(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-production-eu-west-1-data\.outputs\.[\w-]+model-artifacts[\w-]+\}$/) },
    });
    const eu = manifests(WORKLOADS[0]).find((o) => o.kind === 'InferenceService' && o.metadata.name === 'ai-director')!;
    expect(eu.spec.predictor.model.storage.parameters.region).toBe('eu-west-1');
    // The eu-west-1 stack names the bucket directly (same region, same data stack outputs).
    expect(eu.spec.predictor.model.storage.parameters.bucket).toMatch(/model-artifacts/);
  });
});

describe('preview of a rollout step', () => {
  const ID = 'neural-recommendations-serving';
  const catalogsAt = (percent: number) => ({
    ...CATALOGS,
    models: MODELS.map((m): ModelSpec => (m.id === ID ? { ...m, version: 'v1', candidate: { version: 'v2', percent } } : m)),
  });

  test("changing one model's canary percent is exactly one in-place update: that model's traffic split", () => {
    const base = tempDir('serving-rollout-base');
    const head = tempDir('serving-rollout-head');
    dirs.push(base, head);
    synthesizeEnvironments([PROD], base, { catalogs: catalogsAt(5) });
    synthesizeEnvironments([PROD], head, { catalogs: catalogsAt(50) });
    const r = buildPreview(readSynth(base), readSynth(head), { baseLabel: '5%', headLabel: '50%', cost: false, policy: false });
    const changes = r.diff.stacks.flatMap((s) => s.changes.map((c) => ({ stack: s.stack, action: c.action, type: c.type, address: c.address })));
    expect(changes).toEqual([{ stack: 'production-us-east-1-workloads', action: 'update', type: 'kubernetes_manifest', address: expect.stringMatching(/^kubernetes_manifest\.serving_neural-recommendations-serving_traffic-split_/) }]);
    expect(r.diff.stacks.filter((s) => s.status !== 'unchanged').map((s) => s.stack)).toEqual(['production-us-east-1-workloads']);
    expect(r.exitCode).toBe(0);
  });

  test('an inventory handed in code is checked like the checked-in one', () => {
    const bad = { ...CATALOGS, models: MODELS.map((m): ModelSpec => (m.id === ID ? { ...m, candidate: { version: 'v2', percent: 5 } } : m)) };
    expect(errorOf(() => resolveEnvironment(PROD, bad))).toMatch(/^catalog\/models\.ts: model 'neural-recommendations-serving': candidate needs a stable version/);
  });
});
