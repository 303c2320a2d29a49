import { Testing } from 'cdktf';
import { MODELS, ModelSpec } from '../catalog/models';
import type { ModelPlacement } from '../catalog/serving-rules';
import { PLATFORM_PRIORITIES } from '../constructs/platform/namespaces';
import { NODE_LABELS } from '../constructs/cluster/labels';
import { LATENCY_SLO_ANNOTATION, ServingWorkloads } from '../constructs/serving';
import { planEnvironmentServing, workloadPlanInput } from '../plan/workloads';
import { testStack } from './helpers';
import { errorOf, Json, loadEdited } from './cluster-helpers';
import { K8sObject, validateObjects } from './k8s-validation';

const BUCKET = { name: 'production-models', arn: 'arn:aws:s3:::production-models', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab' };
const PLAN = planEnvironmentServing(workloadPlanInput(loadEdited('production')));
const REGIONS = [...new Set(PLAN.placements.map((p) => p.region))];

function clusterOf(region: string) {
  const name = `production-${region}`;
  return { clusterName: name, clusterArn: `arn:aws:eks:${region}:111122223333:cluster/${name}`, podIdentityPrerequisites: [] };
}

/** Synthesizes one region's workloads from `placements` (default: production's real placements of the region). */
function synth(region: string, placements: readonly ModelPlacement[] = PLAN.placements.filter((p) => p.region === region)): Json {
  const stack = testStack(`serving-${region}`);
  new ServingWorkloads(stack, 'serving', { cluster: clusterOf(region), placements, modelsBucket: BUCKET, roleNamePrefix: `production-${region}` });
  return JSON.parse(Testing.synth(stack)) as Json;
}

function objects(json: Json): K8sObject[] {
  return Object.values((json.resource?.kubernetes_manifest ?? {}) as Record<string, Json>).map((r) => r.manifest as K8sObject);
}

const SYNTHS = new Map(REGIONS.map((r) => [r, synth(r)]));
const ALL = [...SYNTHS.values()].flatMap(objects);
const byKind = (kind: string) => ALL.filter((o) => o.kind === kind) as Json[];

test('production places serving models in more than one region (the GPU region included)', () => {
  expect(REGIONS.sort()).toEqual(['eu-west-1', 'us-east-1']);
});

test('one InferenceService per real-time KServe model, on the GPU class and pool the catalog names', () => {
  const kserve = PLAN.placements.filter((p) => p.model.serving === 'kserve');
  const isvcs = byKind('InferenceService');
  expect(isvcs.map((o) => o.metadata.name).sort()).toEqual(kserve.map((p) => p.model.id).sort());
  for (const p of kserve) {
    const o = isvcs.find((x) => x.metadata.name === p.model.id)!;
    const pred = o.spec.predictor;
    expect(o.metadata.namespace).toBe(p.model.namespace);
    expect(pred.model.storageUri).toBe(`s3://production-models/${p.model.artifactPrefix.replace(/\/$/, '')}`);
    expect(pred).toMatchObject({ minReplicas: p.minReplicas, maxReplicas: p.maxReplicas, serviceAccountName: p.model.id, priorityClassName: 'realtime-serving' });
    expect(o.metadata.annotations[LATENCY_SLO_ANNOTATION]).toBe(String(p.model.p99LatencyMs));
    if (p.model.compute.kind === 'gpu') {
      expect(pred.nodeSelector).toMatchObject({ [NODE_LABELS.gpuModel]: p.pool!.gpuModel, [NODE_LABELS.nodeGroup]: p.pool!.name });
      expect(pred.model.resources.limits['nvidia.com/gpu']).toBe(String(p.model.compute.gpusPerReplica));
      expect(pred.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    } else {
      expect(pred.nodeSelector).toEqual({ [NODE_LABELS.nodeGroup]: p.nodeGroup!.name });
      expect(pred.model.resources.limits['nvidia.com/gpu']).toBeUndefined();
    }
  }
  expect(isvcs.find((o) => o.metadata.name === 'recommendation-collaborative')!.spec.predictor.model)
    .toMatchObject({ modelFormat: { name: 'tensorflow', version: '2' }, runtime: 'kserve-tensorflow-serving' });
  // TorchServe declares pytorch format "1" only (kserve v0.20.0 config/runtimes/kserve-torchserve.yaml).
  expect(isvcs.find((o) => o.metadata.name === 'deepfake-detection')!.spec.predictor.model)
    .toMatchObject({ modelFormat: { name: 'pytorch', version: '1' }, runtime: 'kserve-torchserve' });
  // Standard mode: the HPA accepts cpu/memory only; the catalog's signal rides along as an annotation.
  for (const o of isvcs) expect(o.spec.predictor.scaleMetric).toBe('cpu');
  expect(isvcs.find((o) => o.metadata.name === 'voice-cloning')!.metadata.annotations['ott.platform/autoscaling-signal']).toBe('concurrency');
});

test('Llama 4 Scout: a vLLM Deployment on 4 L40S GPUs, tensor parallel 4, INT8 (compressed-tensors W8A8), and a Service', () => {
  const d = byKind('Deployment').find((o) => o.metadata.name === 'llama-4-scout-content-analysis')!;
  const c = d.spec.template.spec.containers[0];
  expect(c.resources.limits['nvidia.com/gpu']).toBe('4');
  expect(c.args).toEqual(expect.arrayContaining([
    '--tensor-parallel-size=4', '--quantization=compressed-tensors', '--max-model-len=8192', '--max-num-seqs=16',
    '--max-num-batched-tokens=16384', '--runner=generate', '--model=s3://production-models/models/llama-4-scout-content-analysis',
  ]));
  expect(d.spec.template.spec.nodeSelector[NODE_LABELS.gpuModel]).toBe('L40S');
  expect(byKind('Service').map((s) => s.metadata.name).sort()).toEqual(['embedding-generation', 'llama-4-scout-content-analysis']);
  const emb = byKind('Deployment').find((o) => o.metadata.name === 'embedding-generation')!;
  expect(emb.spec.template.spec.containers[0].args).toEqual(expect.arrayContaining(['--runner=pooling', '--tensor-parallel-size=1']));
  expect(emb.spec.template.spec.containers[0].args.some((a: string) => a.startsWith('--quantization'))).toBe(false);
});

test('batch workloads are CronJobs below real-time priority, on spot capacity where their pool is spot', () => {
  const value = (name: string) => PLATFORM_PRIORITIES.find((p) => p.name === name)!.value;
  const jobs = byKind('CronJob');
  expect(jobs.map((j) => j.metadata.name).sort()).toEqual(PLAN.placements.filter((p) => p.model.serving === 'batch-job').map((p) => p.model.id).sort());
  for (const j of jobs) {
    const pod = j.spec.jobTemplate.spec.template.spec;
    expect(value(pod.priorityClassName)).toBeLessThan(value('realtime-serving'));
    expect(pod.tolerations).toEqual([expect.objectContaining({ key: 'nvidia.com/gpu' })]);
  }
  const perTitle = jobs.find((j) => j.metadata.name === 'per-title-encoding')!.spec.jobTemplate.spec.template.spec;
  expect(perTitle.nodeSelector).toMatchObject({ 'eks.amazonaws.com/capacityType': 'SPOT', [NODE_LABELS.nodeGroup]: 'gpu-compute' });
  expect(jobs.find((j) => j.metadata.name === 'neural-recommendations-training')!.spec.jobTemplate.spec.template.spec.priorityClassName).toBe('training');
});

test('every emitted object validates against its upstream schema (the KServe v0.20.0 CRD included)', () => {
  const problems = validateObjects(ALL);
  expect(ALL.map((o, i) => ({ kind: o.kind, name: o.metadata?.name, problems: problems[i] })).filter((x) => x.problems.length > 0)).toEqual([]);
  expect(new Set(ALL.map((o) => o.kind))).toEqual(new Set(['ServiceAccount', 'InferenceService', 'Deployment', 'Service', 'CronJob']));
});

test.each([
  ['InferenceService', (o: Json) => { o.spec.predictor.minReplica = o.spec.predictor.minReplicas; }, /minReplica/],
  ['InferenceService', (o: Json) => { o.spec.predictor.model.storageURI = 's3://x'; }, /storageURI/],
  ['Deployment', (o: Json) => { o.spec.template.spec.nodeSelecter = {}; }, /nodeSelecter/],
  ['CronJob', (o: Json) => { o.spec.shedule = '* * * * *'; }, /shedule/],
  ['ServiceAccount', (o: Json) => { o.automountToken = false; }, /automountToken/],
])('a field-name typo in a %s fails validation %#', (kind, edit, message) => {
  const copy = JSON.parse(JSON.stringify(byKind(kind)[0])) as Json;
  edit(copy);
  expect(validateObjects([copy as K8sObject])[0].join('\n')).toMatch(message);
});

test("each workload's role reads only its model prefix; batch jobs write only their output prefix", () => {
  for (const [region, json] of SYNTHS) {
    const policies = Object.values(json.resource.aws_iam_role_policy as Record<string, Json>);
    const placements = PLAN.placements.filter((p) => p.region === region);
    expect(policies).toHaveLength(placements.length);
    for (const p of placements) {
      const id = p.model.id;
      const prefix = p.model.artifactPrefix.replace(/\/$/, '');
      const roles = Object.entries(json.resource.aws_iam_role as Record<string, Json>).filter(([, r]) => r.name === `production-${region}-${id}`);
      expect(roles).toHaveLength(1);
      const policy = policies.find((x) => x.role === `\${aws_iam_role.${roles[0][0]}.id}`)!;
      const doc = JSON.parse(policy.policy) as { Statement: Json[] };
      const resources = doc.Statement.flatMap((s) => [s.Resource].flat());
      expect(resources.filter((r: string) => r.startsWith('arn:aws:s3:::production-models/')).sort())
        .toEqual((p.model.serving === 'batch-job' ? [`arn:aws:s3:::production-models/${prefix}/*`, `arn:aws:s3:::production-models/outputs/${id}/*`] : [`arn:aws:s3:::production-models/${prefix}/*`]).sort());
      const list = doc.Statement.find((s) => s.Action === 's3:ListBucket')!;
      expect(list.Condition.StringLike['s3:prefix']).toEqual(expect.arrayContaining([`${prefix}/*`]));
      expect(list.Condition.StringLike['s3:prefix'].every((x: string) => x.startsWith(prefix) || x.startsWith(`outputs/${id}`))).toBe(true);
      const writes = doc.Statement.filter((s) => [s.Action].flat().some((a: string) => a === 's3:PutObject'));
      expect(writes.length).toBe(p.model.serving === 'batch-job' ? 1 : 0);
      expect(resources).not.toContain('*');
    }
    const assoc = Object.values(json.resource.aws_eks_pod_identity_association as Record<string, Json>);
    expect(assoc.map((a) => `${a.namespace}/${a.service_account}`).sort()).toEqual(placements.map((p) => `${p.model.namespace}/${p.model.id}`).sort());
  }
});

describe('a rollout: KServe spec.canary deploys the candidate, an Istio VirtualService splits the traffic', () => {
  const region = 'eu-west-1';
  const ID = 'recommendation-collaborative';
  const withRollout = (candidate: ModelSpec['candidate']) => PLAN.placements.filter((p) => p.region === region)
    .map((p) => (p.model.id === ID ? { ...p, model: { ...p.model, version: 'v1', ...(candidate ? { candidate } : {}) } as ModelSpec } : p));
  const manifests = (json: Json) => json.resource.kubernetes_manifest as Record<string, Json>;
  const find = (json: Json, kind: string) => Object.values(manifests(json)).map((r) => r.manifest).find((o) => o.kind === kind && o.metadata.name === ID)!;
  const at5 = synth(region, withRollout({ version: 'v2', percent: 5 }));

  test('the candidate is a canary predictor with its own version and fixed replicas; KServe routes it nothing', () => {
    const isvc = find(at5, 'InferenceService');
    expect(isvc.metadata.annotations['serving.kserve.io/deploymentMode']).toBe('Standard');
    expect(isvc.spec.predictor.model.storageUri).toBe(`s3://production-models/models/${ID}/v1`);
    // 2-6 replicas: the candidate gets ceil(2 / 2) = 1 fixed replica.
    expect(isvc.spec.canary).toEqual([{
      trafficPercent: 0,
      predictor: { name: 'v2', minReplicas: 1, model: { name: 'kserve-container', ...isvc.spec.predictor.model, storageUri: `s3://production-models/models/${ID}/v2` } },
    }]);
    const vs = find(at5, 'VirtualService');
    const host = (name: string) => `${name}.ml-serving.svc.cluster.local`;
    expect(vs.spec).toEqual({
      hosts: [host(`${ID}-predictor`)],
      http: [{ name: 'rollout', route: [{ destination: { host: host(`${ID}-predictor`) }, weight: 95 }, { destination: { host: host(`${ID}-v2-predictor`) }, weight: 5 }] }],
    });
    expect(validateObjects([isvc, vs])).toEqual([[], []]);
  });

  test("a rollout step (5 -> 50 percent) changes only that model's VirtualService", () => {
    const at50 = synth(region, withRollout({ version: 'v2', percent: 50 }));
    const changed = Object.keys(manifests(at50)).filter((k) => JSON.stringify(manifests(at50)[k]) !== JSON.stringify(manifests(at5)[k]));
    expect(changed).toHaveLength(1);
    expect(manifests(at50)[changed[0]].manifest).toMatchObject({ kind: 'VirtualService', metadata: { name: ID } });
    expect(manifests(at50)[changed[0]].manifest.spec.http[0].route.map((r: Json) => r.weight)).toEqual([50, 50]);
    for (const type of Object.keys(at5.resource)) if (type !== 'kubernetes_manifest') expect(at50.resource[type]).toEqual(at5.resource[type]);
  });

  test('without a candidate there is no VirtualService and no canary', () => {
    const plain = synth(region, withRollout(undefined));
    expect(find(plain, 'VirtualService')).toBeUndefined();
    expect(find(plain, 'InferenceService').spec.canary).toBeUndefined();
  });
});

test("a bucket in another region: the storage initializer, vLLM and batch pods are told its region, KMS only via S3 there", () => {
  const json = (() => {
    const stack = testStack('serving-cross-region');
    new ServingWorkloads(stack, 'serving', {
      cluster: clusterOf('us-east-1'), placements: PLAN.placements.filter((p) => p.region === 'us-east-1'),
      modelsBucket: { ...BUCKET, region: 'eu-west-1' }, roleNamePrefix: 'production-us-east-1',
    });
    return JSON.parse(Testing.synth(stack)) as Json;
  })();
  const all = objects(json) as Json[];
  const isvc = all.find((o) => o.kind === 'InferenceService' && o.metadata.name === 'video-generation')!;
  expect(isvc.spec.predictor.model.storageUri).toBeUndefined();
  expect(isvc.spec.predictor.model.storage).toEqual({ path: 'models/video-generation', parameters: { type: 's3', bucket: 'production-models', region: 'eu-west-1' } });
  const llama = all.find((o) => o.kind === 'Deployment' && o.metadata.name === 'llama-4-scout-content-analysis')!;
  expect(llama.spec.template.spec.containers[0].env).toEqual([{ name: 'AWS_REGION', value: 'eu-west-1' }, { name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' }]);
  const job = all.find((o) => o.kind === 'CronJob' && o.metadata.name === 'neural-compression')!;
  expect(job.spec.jobTemplate.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'AWS_REGION', value: 'eu-west-1' }]));
  for (const policy of Object.values(json.resource.aws_iam_role_policy as Record<string, Json>)) {
    const key = (JSON.parse(policy.policy) as { Statement: Json[] }).Statement.find((x) => x.Sid === 'BucketKey')!;
    expect(key.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
  }
  expect(validateObjects(all as K8sObject[]).flat()).toEqual([]);
});

describe('bad input is refused with the rule', () => {
  const eu = PLAN.placements.filter((p) => p.region === 'eu-west-1');
  const run = (placements: readonly ModelPlacement[], prefix = 'production-eu-west-1') => errorOf(() => {
    new ServingWorkloads(testStack(), 'serving', { cluster: clusterOf('eu-west-1'), placements, modelsBucket: BUCKET, roleNamePrefix: prefix });
  });
  const edit = (id: string, f: (m: ModelSpec) => ModelSpec) => eu.map((p) => (p.model.id === id ? { ...p, model: f(p.model) } : p));
  test.each([
    ['canary', edit('cdn-routing', (m) => ({ ...m, version: 'v1', candidate: { version: 'v2', percent: 150 } })), /catalog\/models\.ts: model 'cdn-routing': candidate\.percent must be a whole number from 0 to 100, got 150/],
    ['candidate of a vLLM server', edit('embedding-generation', (m) => ({ ...m, version: 'v1', candidate: { version: 'v2', percent: 5 } })), /catalog\/models\.ts: model 'embedding-generation': candidate applies to KServe models only/],
    ['runtime', edit('cdn-routing', (m) => ({ ...m, framework: { name: 'lightgbm', version: '4' } })), /framework 'lightgbm' has no KServe runtime \(allowed: tensorflow, pytorch/],
    ['tensor parallel', edit('embedding-generation', (m) => ({ ...m, vllm: { ...m.vllm!, tensorParallel: 2 } })), /vllm\.tensorParallel 2 must equal compute\.gpusPerReplica 1/],
    ['quantization', edit('embedding-generation', (m) => ({ ...m, vllm: { ...m.vllm!, quantization: 'int8' } })), /vllm\.quantization 'int8' is not a vLLM method \(allowed: compressed-tensors/],
    ['two regions', [...eu, ...PLAN.placements.filter((p) => p.region === 'us-east-1')], /one region per ServingWorkloads, got eu-west-1, us-east-1/],
    ['duplicate', [...eu, eu[0]], /model '[a-z-]+' is placed twice/],
  ])('%s', (_what, placements, message) => {
    expect(run(placements)).toMatch(message);
  });
  test('role names over 64 characters, and a prefix IAM refuses', () => {
    expect(run(eu, 'x'.repeat(40))).toMatch(/role 'x{40}-[a-z-]+' is longer than IAM's 64 characters/);
    expect(run(eu, 'prod eu')).toMatch(/roleNamePrefix 'prod eu' is not an IAM role name prefix \(letters, digits and \+ = , \. @ _ - only\)/);
  });
  test('the inventory has models of every serving kind', () => {
    expect(new Set(MODELS.map((m) => m.serving))).toEqual(new Set(['kserve', 'vllm', 'batch-job']));
  });
});
