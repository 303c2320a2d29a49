import { GpuCompute, MODELS, ModelSpec, modelSpec } from '../catalog/models';
import {
  fitSuggestions, gpuSharingProblem, memoryNeededGb, migSlice, modelFitProblem, modelSpecProblems, planServing,
  podsWithCandidate, poolUnits, scaledReplicas, ServingPool, ServingRegion, unitMemoryGb, weightsGb,
} from '../catalog/serving-rules';
import { planEnvironmentServing, workloadPlanInput, workloadPlanIssues } from '../plan/workloads';
import { costShareUsd, fitLine, formatServingReport, servingReport } from '../cli/serving';
import { priceTable } from '../tools/cost/price-table';
import { Json, loadEdited, configIssues } from './cluster-helpers';

const issues = configIssues;

const usPools = (raw: Json) => raw.regions['us-east-1'].cluster.gpuPools as Json[];
const euPools = (raw: Json) => raw.regions['eu-west-1'].cluster.gpuPools as Json[];
const LLAMA = modelSpec('llama-4-scout-content-analysis');

/** The issues of the production plan with `models` instead of the inventory. */
function productionIssues(models: readonly ModelSpec[]): string[] {
  const env = loadEdited('production');
  const input = workloadPlanInput(env);
  return workloadPlanIssues(input, (r) => env.regions[r].cluster?.gpuPools.map((p) => p.name) ?? [], models).map((i) => `${i.path.join('.')}: ${i.message}`);
}
const withModel = (id: string, edit: (m: ModelSpec) => ModelSpec) => MODELS.map((m) => (m.id === id ? edit(m) : m));

const pool = (over: Partial<ServingPool> = {}): ServingPool => ({
  name: 'p', region: 'us-east-1', gpuModel: 'A100-80GB', instanceType: 'p4de.24xlarge', gpusPerNode: 8, desiredNodes: 1, maxNodes: 2, spot: false, ...over,
});

describe('model inventory', () => {
  test('holds the ten seed 003 §6 rows, Llama 4 Scout and a workload for every seed 000 GPU pool service', () => {
    const ids = MODELS.map((m) => m.id);
    for (const id of ['recommendation-collaborative', 'recommendation-content-based', 'cdn-routing', 'anomaly-detection', 'churn-prediction',
      'content-moderation', 'thumbnail-quality', 'embedding-generation', 'per-title-encoding', 'whisper-subtitles', 'llama-4-scout-content-analysis']) {
      expect(ids).toContain(id);
    }
    const owners = new Set(MODELS.map((m) => m.owner));
    for (const s of ['neural-recommendations', 'content-generation', 'deepfake-detection', 'ai-director', 'voice-cloning', 'neural-compression', 'edge-inference']) {
      expect(owners).toContain(s);
    }
    for (const m of MODELS) expect(modelSpecProblems(m)).toEqual([]);
  });

  test('Llama 4 Scout is sized from its 109B total parameters, not the 17B active ones', () => {
    expect(LLAMA.parameters).toMatchObject({ total: 109e9, active: 17e9 });
    expect(weightsGb(LLAMA)).toBe(109);
    expect(memoryNeededGb(LLAMA)).toBe(143);
    expect(LLAMA.vllm).toMatchObject({ tensorParallel: 4, maxNumSeqs: 16 });
  });

  const bad: [string, (m: ModelSpec) => ModelSpec, RegExp][] = [
    ['id', (m) => ({ ...m, id: 'Bad_Id' }), /id must be kebab-case/],
    ['artifactPrefix', (m) => ({ ...m, artifactPrefix: 's3://x/' }), /artifactPrefix 's3:\/\/x\/' must be models\/<name>\//],
    ['replicas.min', (m) => ({ ...m, replicas: { min: -1, max: 2 } }), /replicas.min must be a whole number >= 0, got -1/],
    ['replicas.max', (m) => ({ ...m, replicas: { min: 3, max: 2 } }), /replicas.max must be a whole number >= 1 and >= min \(3\), got 2/],
    ['namespace', (m) => ({ ...m, namespace: 'ml' }), /namespace 'ml' is not a namespace of catalog\/namespaces.ts/],
    ['owner', (m) => ({ ...m, owner: 'nobody' as never }), /owner 'nobody' is neither a catalog service nor a seed 000 GPU service/],
    ['gpusPerReplica', (m) => ({ ...m, compute: { ...(m.compute as GpuCompute), gpusPerReplica: 0 } }), /compute.gpusPerReplica must be a whole number >= 1, got 0/],
    ['parameters', (m) => ({ ...m, parameters: undefined }), /parameters.total is required for a GPU model/],
    ['active > total', (m) => ({ ...m, parameters: { total: 1e9, active: 2e9, source: 'x' } }), /parameters.active cannot exceed the total/],
    ['tensorParallel', (m) => ({ ...m, vllm: { ...m.vllm!, tensorParallel: 2 } }), /vllm.tensorParallel 2 must equal compute.gpusPerReplica 4/],
  ];
  test.each(bad)('a bad %s is refused with the model and the field', (_f, edit, message) => {
    expect(modelSpecProblems(edit(LLAMA)).map((p) => p.message)).toContainEqual(expect.stringMatching(message));
  });

  const AI = modelSpec('ai-director');
  const rollout = (version: string | undefined, candidate: ModelSpec['candidate']): ModelSpec => ({ ...AI, ...(version ? { version } : {}), ...(candidate ? { candidate } : {}) });
  test.each([
    ['percent above 100', rollout('v1', { version: 'v2', percent: 101 }), "model 'ai-director': candidate.percent must be a whole number from 0 to 100, got 101"],
    ['fractional percent', rollout('v1', { version: 'v2', percent: 2.5 }), "model 'ai-director': candidate.percent must be a whole number from 0 to 100, got 2.5"],
    ['unversioned stable', rollout(undefined, { version: 'v2', percent: 5 }), "model 'ai-director': candidate needs a stable version (version: ...): the unversioned predictor reads all of models/ai-director/, the candidate's folder included"],
    ['same version', rollout('v2', { version: 'v2', percent: 5 }), "model 'ai-director': candidate.version 'v2' is the stable version; promote by setting version and removing candidate"],
    ['version not a predictor name', rollout('v1', { version: '2.0', percent: 5 }), "model 'ai-director': candidate.version '2.0' must be lower-case letters, digits and dashes, starting with a letter (a KServe predictor name), e.g. v2"],
    ['stable version not a predictor name', rollout('V1', undefined), "model 'ai-director': version 'V1' must be lower-case letters, digits and dashes, starting with a letter (a KServe predictor name), e.g. v2"],
    ['Service name too long', rollout('v1', { version: `v${'x'.repeat(45)}`, percent: 5 }), `model 'ai-director': candidate.version 'v${'x'.repeat(45)}' makes the Service name 'ai-director-v${'x'.repeat(45)}-predictor' longer than 63 characters`],
    ['zero replicas', rollout('v1', { version: 'v2', percent: 5, replicas: 0 }), "model 'ai-director': candidate.replicas must be a whole number >= 1, got 0"],
    ['more replicas than the stable minimum', rollout('v1', { version: 'v2', percent: 5, replicas: 4 }), "model 'ai-director': candidate.replicas 4 exceeds replicas.min 3 (KServe refuses a canary with more replicas than the stable minimum)"],
    ['a batch job', { ...modelSpec('whisper-subtitles'), version: 'v1', candidate: { version: 'v2', percent: 5 } }, "model 'whisper-subtitles': candidate applies to KServe models only (serving 'batch-job' has no traffic KServe can split; a batch job's next run uses the new version)"],
  ] as [string, ModelSpec, string][])('a rollout with %s is refused', (_what, m, message) => {
    expect(modelSpecProblems(m).map((p) => p.message)).toEqual([message]);
  });
  test('a well-formed rollout passes, and its candidate pods count against the pool', () => {
    expect(modelSpecProblems(rollout('v1', { version: 'v2', percent: 5 }))).toEqual([]);
    // ai-director: 3-6 replicas; candidate default ceil(3/2) = 2; KServe lowers the stable minimum to max(3 - 2, 1).
    expect(podsWithCandidate(rollout('v1', { version: 'v2', percent: 5 }), 3, 6)).toEqual({ min: 3, max: 8 });
    expect(podsWithCandidate(rollout('v1', { version: 'v2', percent: 5, replicas: 3 }), 3, 6)).toEqual({ min: 4, max: 9 });
    expect(podsWithCandidate(AI, 3, 6)).toEqual({ min: 3, max: 6 });
  });
});

describe('fit arithmetic', () => {
  test("seed 001's 2-GPU sharding does not hold the INT8 weights: refused with the numbers and what would fit", () => {
    const found = productionIssues(withModel(LLAMA.id, (m) => ({ ...m, compute: { ...(m.compute as GpuCompute), gpusPerReplica: 2 }, vllm: { ...m.vllm!, tensorParallel: 2 } })));
    expect(found).toEqual([
      "regions.us-east-1.cluster.gpuPools.1: catalog/models.ts: model 'llama-4-scout-content-analysis' needs 143 GB per replica (109B parameters x 1 bytes (INT8) = 109 GB weights + 34 GB overhead) "
      + "but 2 x L40S whole GPUs in pool 'content-generation' (us-east-1) hold 96 GB (48 GB each); would fit: 4 x A100-40GB 40 GB, or 2 x A100-80GB 80 GB, or 2 x H100 80 GB, or 8 x A10G 24 GB, or 8 x L4 24 GB, "
      + 'or 4 x L40S 48 GB, or INT4 (88.5 GB) on the same 2 unit(s)',
    ]);
  });

  test('FP16 Llama 4 Scout (218 GB + 34 GB) does not fit 4 x L40S; INT8 is suggested', () => {
    const fp16 = { ...LLAMA, precision: 'fp16' as const };
    expect(modelFitProblem(fp16, pool({ gpuModel: 'L40S', instanceType: 'g6e.12xlarge', gpusPerNode: 4 })))
      .toMatch(/needs 252 GB per replica .* hold 192 GB .* would fit: 8 x A100-40GB 40 GB, or 4 x A100-80GB 80 GB, or 4 x H100 80 GB, or 8 x L40S 48 GB, or FP8 \(143 GB\)/);
  });

  test('a fraction overhead scales with the weights (training: weights x 4.5)', () => {
    const t = modelSpec('neural-recommendations-training');
    expect(weightsGb(t)).toBe(48);
    expect(memoryNeededGb(t)).toBe(216);
  });

  test('time-sliced units hold GPU memory / replicas; MIG slices their profile memory', () => {
    expect(unitMemoryGb(pool({ gpuModel: 'A10G', gpusPerNode: 1, sharing: { timeSlicingReplicas: 4 } }))).toBe(6);
    expect(migSlice('3g.40gb')).toEqual({ perGpu: 2, memoryGb: 40 });
    expect(unitMemoryGb(pool({ sharing: { migProfile: '1g.10gb' } }))).toBe(10);
    expect(poolUnits(pool({ sharing: { migProfile: '1g.10gb' } }), 2)).toBe(2 * 8 * 7);
    expect(poolUnits(pool({ gpuModel: 'L4', gpusPerNode: 1, sharing: { timeSlicingReplicas: 4 } }), 20)).toBe(80);
  });

  test('the embedding model fits a 6 GB time-slice share of an A10G; at FP32 it does not', () => {
    const sliced = pool({ gpuModel: 'A10G', instanceType: 'g5.xlarge', gpusPerNode: 1, sharing: { timeSlicingReplicas: 4 } });
    const emb = modelSpec('embedding-generation');
    expect(modelFitProblem(emb, sliced)).toBeUndefined();
    expect(modelFitProblem({ ...emb, precision: 'fp32' }, sliced)).toMatch(/needs 7.5 GB per replica .* hold 6 GB \(6 GB each\)/);
  });

  test('fitSuggestions says when nothing of the catalog holds a model', () => {
    expect(fitSuggestions({ ...LLAMA, parameters: { total: 2e12, source: 'x' }, precision: 'fp32' }, 192, 4)).toBe('no GPU of the catalog holds it: shard it further or quantize it');
  });
});

describe('placement rules', () => {
  test('production places every model with no problem; each GPU model on a class its region has', () => {
    const plan = planEnvironmentServing(workloadPlanInput(loadEdited('production')));
    expect(plan.issues).toEqual([]);
    expect(plan.notPlaced).toEqual([]);
    expect(plan.placements.map((p) => p.model.id).sort()).toEqual(MODELS.map((m) => m.id).sort());
    const llama = plan.placements.find((p) => p.model.id === LLAMA.id)!;
    expect(llama).toMatchObject({ region: 'us-east-1', neededGb: 143, availableGb: 192, unitsAtMin: 4 });
    expect(llama.pool).toMatchObject({ name: 'content-generation', gpuModel: 'L40S', instanceType: 'g6e.12xlarge' });
  });

  test('a pool moved to a GPU class the model does not ask for fails the load, listing the classes the region has', () => {
    const found = issues(() => loadEdited('production', (raw) => { Object.assign(usPools(raw)[1], { gpu: 'A100-80GB', substitute: undefined, gpusPerNode: undefined, gpus: 16 }); }));
    expect(found).toContain("regions.us-east-1.cluster.gpuPools[1]: catalog/models.ts: model 'llama-4-scout-content-analysis' asks for L40S, but pool 'content-generation' carries A100-80GB; "
      + 'GPU classes in us-east-1: A100-80GB (recommendations, content-generation), L40S (neural-compression), L4 (edge-inference)');
  });

  test('a model asking for a class its region lacks names the region and its classes', () => {
    const found = productionIssues(withModel('deepfake-detection', (m) => ({ ...m, compute: { ...(m.compute as GpuCompute), gpu: 'L40S' } })));
    expect(found).toEqual([expect.stringMatching(/^regions.eu-west-1.cluster.gpuPools.2: .*model 'deepfake-detection' asks for L40S, but pool 'deepfake-detection' carries A10G; eu-west-1 has no L40S; GPU classes in eu-west-1: A10G \(gpu-inference, gpu-compute, deepfake-detection, ai-director\), T4 \(voice-cloning\)$/)]);
  });

  test('time-slicing only on time-sliced pools, whole GPUs only on unshared pools, MIG only on MIG pools', () => {
    const wholePool = pool();
    const sliced = pool({ sharing: { timeSlicingReplicas: 4 } });
    const mig = pool({ sharing: { migProfile: '3g.40gb' } });
    const m = (sharing: ModelSpec['compute'] extends infer C ? C extends { sharing: infer S } ? S : never : never, gpusPerReplica = 1): ModelSpec =>
      ({ ...LLAMA, compute: { kind: 'gpu', gpu: 'A100-80GB', gpusPerReplica, sharing, pool: 'p' } });
    expect(gpuSharingProblem(m('time-sliced'), wholePool)).toMatch(/time-sliced sharing needs a pool configured with sharing.timeSlicingReplicas/);
    expect(gpuSharingProblem(m('time-sliced', 2), sliced)).toMatch(/a time-sliced replica takes exactly 1 slice, got gpusPerReplica 2/);
    expect(gpuSharingProblem(m('whole'), sliced)).toMatch(/asks for whole GPUs, but the pool shares its GPUs/);
    expect(gpuSharingProblem(m({ mig: '3g.40gb' }), wholePool)).toMatch(/MIG slice 3g.40gb needs a pool configured with sharing.migProfile/);
    expect(gpuSharingProblem(m({ mig: '1g.10gb' }), mig)).toMatch(/asks for MIG slice 1g.10gb, but the pool is partitioned into 3g.40gb/);
    expect(gpuSharingProblem(m({ mig: '3g.40gb' }), mig)).toBeUndefined();
    expect(gpuSharingProblem(m('whole'), wholePool)).toBeUndefined();
  });

  test('GPU requests above a pool\'s capacity fail the load with the sum (time-slicing replicas counted)', () => {
    const found = issues(() => loadEdited('production', (raw) => { euPools(raw)[0].count = { 1: 2, 2: 8, 3: 12, 4: 16 }; }));
    expect(found).toEqual(["regions.eu-west-1.cluster.gpuPools[0]: catalog/models.ts: pool 'gpu-inference' (eu-west-1): models ask for 9 nvidia.com/gpu at min replicas "
      + '(recommendation-collaborative 2 + recommendation-content-based 2 + anomaly-detection 1 + content-moderation 1 + thumbnail-quality 1 + embedding-generation 2) '
      + 'but 2 node(s) x 1 GPU(s)/node x 4 (time-sliced x4) = 8']);
  });

  test('max replicas must fit the pool at its max size (twice the desired nodes by default)', () => {
    expect(productionIssues(withModel('video-generation', (m) => ({ ...m, replicas: { min: 4, max: 20 } })))).toEqual([]);
    expect(productionIssues(withModel('video-generation', (m) => ({ ...m, replicas: { min: 4, max: 21 } })))).toEqual([
      "regions.us-east-1.cluster.gpuPools.1: catalog/models.ts: pool 'content-generation' (us-east-1): models ask for 25 nvidia.com/gpu at max replicas "
      + '(llama-4-scout-content-analysis 4 + video-generation 21) but its max 6 node(s) x 4 GPU(s)/node = 24',
    ]);
  });

  test('a namespace whose GPU requests exceed its quota is refused', () => {
    const regions: ServingRegion[] = [{ region: 'eu-west-1', nodeGroups: [], pools: [pool({ region: 'eu-west-1', name: 'p' })] }];
    const model: ModelSpec = { ...modelSpec('neural-recommendations-serving'), compute: { kind: 'gpu', gpu: 'A100-80GB', gpusPerReplica: 1, sharing: 'whole', pool: 'p' } };
    const plan = planServing(regions, [model], { scale: 1, primaryRegion: 'eu-west-1', namespaces: [{ name: 'ml-serving', purpose: 'x', quota: { gpus: 3, cpuCores: 10, memory: '1Ti' } }] });
    expect(plan.issues.map((i) => i.message)).toEqual(["namespace 'ml-serving' (eu-west-1): models ask for 4 nvidia.com/gpu at max replicas (neural-recommendations-serving 4) but its quota is 3 (catalog/namespaces.ts)"]);
  });

  test('production must place every model: a removed pool fails; dev and staging list what they leave out', () => {
    const found = issues(() => loadEdited('production', (raw) => { usPools(raw).splice(3, 1); }));
    expect(found).toEqual(["regions: catalog/models.ts: model 'edge-inference' is not placed: no region has a GPU pool 'edge-inference'"]);
    const dev = planEnvironmentServing(workloadPlanInput(loadEdited('dev')));
    expect(dev.issues).toEqual([]);
    expect(dev.notPlaced.map((n) => n.model.id)).toContain('llama-4-scout-content-analysis');
  });

  test('replicas scale per environment: production as listed, smaller environments scale to zero', () => {
    const m = modelSpec('deepfake-detection');
    expect(scaledReplicas(m, 1)).toEqual({ min: 4, max: 8 });
    expect(scaledReplicas(m, 0.25)).toEqual({ min: 1, max: 2 });
    expect(scaledReplicas(m, 0.1)).toEqual({ min: 0, max: 1 });
  });
});

describe('serving report', () => {
  const report = servingReport('production');

  test('the Llama 4 Scout row shows parameters, precision, bytes and GPUs, and the numbers add up', () => {
    const llama = report.serving.placements.find((p) => p.model.id === LLAMA.id)!;
    expect(fitLine(llama)).toBe('llama-4-scout-content-analysis: 109B params (17B active) x 1 B (INT8) = 109 GB weights + 34 GB overhead = 143 GB '
      + '<= 4 x L40S 48 GB = 192 GB (74% used) on g6e.12xlarge, pool content-generation, us-east-1');
    const text = formatServingReport(report);
    expect(text).toMatch(/llama-4-scout-content-analysis\s+vllm\s+109B\s+INT8\s+us-east-1\/content-generation\s+L40S\s+4\s+143\/192\s+1-1\s+10000\s+7,660/);
  });

  test("a model's cost share is its GPUs at min replicas over the pool's GPUs, times the pool's monthly price", () => {
    const llama = report.serving.placements.find((p) => p.model.id === LLAMA.id)!;
    const price = priceTable().find('ec2', 'g6e.12xlarge', 'us-east-1')!.usd;
    expect(costShareUsd(llama)).toBeCloseTo((3 * price * 730 * 4) / 12, 6);
    expect(Math.round(costShareUsd(llama))).toBe(7660);
    // Llama 4 GPUs + video generation 4 x 1 at min replicas: 8 of the pool's 12 GPUs.
    const onPool = report.serving.placements.filter((p) => p.pool?.name === 'content-generation');
    expect(onPool.reduce((s, p) => s + costShareUsd(p), 0)).toBeCloseTo((3 * price * 730 * 8) / 12, 6);
  });

  test('dev reports the models it leaves out and costs nothing while its pools start empty', () => {
    const text = formatServingReport(servingReport('dev'));
    expect(text).toMatch(/^Serving plan of dev: 9 placements, cost share at min replicas 0 USD\/month/);
    expect(text).toMatch(/Not deployed in this environment:\n {2}per-title-encoding: no region has a GPU pool 'gpu-compute'/);
  });
});
