import { AWS_REGION_NAMES } from '../constructs/core/regions';
import {
  GPU_FAMILIES, GPU_FAMILY_SPECS, GPU_MODELS, GPU_MODEL_SPECS, GpuRequest, INSTANCE_TYPES, instanceTypesOfFamily,
  migProfileProblem, resolveGpuRequest, ResolvedGpuRequest,
} from '../constructs/cluster/gpu-catalog';
import {
  DEFAULT_KUBERNETES_VERSION, EKS_KUBERNETES_VERSIONS, kubernetesVersionProblem,
} from '../constructs/cluster/kubernetes-versions';
import { GPU_SHARING_DEFAULTS, PLATFORM_NAMESPACES } from '../catalog/namespaces';

function ok(request: GpuRequest, region = 'us-east-1'): ResolvedGpuRequest {
  const r = resolveGpuRequest(request, region);
  if (!r.ok) throw new Error(`unexpected problem: ${r.problem.field}: ${r.problem.message}`);
  return r.value;
}

function problem(request: GpuRequest, region = 'us-east-1') {
  const r = resolveGpuRequest(request, region);
  if (r.ok) throw new Error(`expected a problem, got ${r.value.instance.instanceType}`);
  return r.problem;
}

describe('GPU catalog: requests by GPU model', () => {
  test('A100 80GB x8 is one p4de.24xlarge', () => {
    const r = ok({ gpu: 'A100-80GB', gpus: 8 });
    expect(r.instance.instanceType).toBe('p4de.24xlarge');
    expect(r.nodes).toBe(1);
    expect(r.gpuModel.memoryGb).toBe(80);
    expect(r.substitution).toBeUndefined();
  });

  test('the seed spelling "A100 80GB" and "T4 16GB" are understood', () => {
    expect(ok({ gpu: 'A100 80GB', gpus: 8 }).instance.family).toBe('p4de');
    expect(ok({ gpu: 'T4 16GB', gpus: 4 }).instance.instanceType).toBe('g4dn.xlarge');
  });

  test('plain "A100" is refused as ambiguous between 40 and 80 GB', () => {
    const p = problem({ gpu: 'A100', gpus: 8 });
    expect(p.field).toBe('gpu');
    expect(p.message).toMatch(/A100-40GB or A100-80GB/);
  });

  test('without gpusPerNode the smallest size is chosen; gpusPerNode picks a bigger one', () => {
    expect(ok({ gpu: 'L4', gpus: 20 })).toMatchObject({ instance: { instanceType: 'g6.xlarge' }, nodes: 20 });
    expect(ok({ gpu: 'L4', gpus: 20, gpusPerNode: 4 })).toMatchObject({ instance: { instanceType: 'g6.12xlarge' }, nodes: 5 });
    expect(ok({ gpu: 'H100', gpus: 16 })).toMatchObject({ instance: { instanceType: 'p5.48xlarge' }, nodes: 2 });
  });

  test('a GPU count that would leave idle GPUs is refused', () => {
    const p = problem({ gpu: 'A100-80GB', gpus: 4 });
    expect(p.field).toBe('gpus');
    expect(p.message).toMatch(/multiple of 8/);
    expect(problem({ gpu: 'L40S', gpus: 6, gpusPerNode: 4 }).message).toMatch(/leave 2 idle.*multiple of 4/);
  });

  test('gpusPerNode the family does not sell is refused with the sizes it has', () => {
    const p = problem({ gpu: 'L40S', gpus: 12, gpusPerNode: 2 });
    expect(p.field).toBe('gpusPerNode');
    expect(p.message).toMatch(/carry 1, 4, 8 GPUs per node/);
  });

  test('gpus must be a positive whole number', () => {
    expect(ok({ gpu: 'L4' })).toMatchObject({ instance: { instanceType: 'g6.xlarge' }, nodes: undefined }); // sized by scaling
    expect(problem({ gpu: 'L4', gpus: 0 }).field).toBe('gpus');
    expect(problem({ gpu: 'L4', gpus: 1.5 }).field).toBe('gpus');
  });

  test('an unknown GPU model is refused with the known ones', () => {
    const p = problem({ gpu: 'V100', gpus: 8 });
    expect(p.field).toBe('gpu');
    expect(p.message).toMatch(/unknown GPU model 'V100'.*A100-80GB.*L40S/);
  });
});

describe('GPU catalog: GPUs EC2 does not sell', () => {
  test('A40 without a substitute names L40S on g6e with 48 GB', () => {
    const p = problem({ gpu: 'A40', gpus: 12 });
    expect(p.field).toBe('gpu');
    expect(p.message).toMatch(/A40 \(48 GB\) is not sold on EC2/);
    expect(p.message).toMatch(/L40S on g6e \(48 GB per GPU\)/);
    expect(p.message).toMatch(/substitute: L40S/);
  });

  test.each(['A30', 'A10'])('%s without a substitute names A10G on g5 or L4 on g6 with 24 GB', (gpu) => {
    const p = problem({ gpu, gpus: 8 });
    expect(p.field).toBe('gpu');
    expect(p.message).toMatch(new RegExp(`${gpu} \\(24 GB\\) is not sold on EC2`));
    expect(p.message).toMatch(/A10G on g5 \(24 GB per GPU\) or L4 on g6 \(24 GB per GPU\)/);
  });

  test('A40 with substitute L40S resolves to g6e and records the substitution', () => {
    const r = ok({ gpu: 'A40', gpus: 12, gpusPerNode: 4, substitute: 'L40S' });
    expect(r.instance.instanceType).toBe('g6e.12xlarge');
    expect(r.nodes).toBe(3);
    expect(r.substitution).toEqual({ requested: 'A40', substitute: 'L40S' });
  });

  test('A30 may become A10G (g5) or L4 (g6); A10 becomes A10G', () => {
    expect(ok({ gpu: 'A30', gpus: 8, substitute: 'A10G' }, 'eu-west-1')).toMatchObject({ instance: { family: 'g5' }, substitution: { requested: 'A30', substitute: 'A10G' } });
    expect(ok({ gpu: 'A30', gpus: 8, substitute: 'L4' })).toMatchObject({ instance: { family: 'g6' }, substitution: { requested: 'A30', substitute: 'L4' } });
    expect(ok({ gpu: 'A10 24GB', gpus: 6, substitute: 'A10G' }, 'eu-west-1')).toMatchObject({ nodes: 6, substitution: { requested: 'A10' } });
  });

  test('a substitute that is not the EC2 equivalent is refused', () => {
    const p = problem({ gpu: 'A40', gpus: 12, substitute: 'A10G' });
    expect(p.field).toBe('substitute');
    expect(p.message).toMatch(/not an EC2 equivalent of the A40; use L40S/);
    expect(problem({ gpu: 'A30', gpus: 8, substitute: 'T4' }).message).toMatch(/use A10G or L4/);
  });

  test('a substitute for a GPU EC2 does sell is refused', () => {
    const p = problem({ gpu: 'L40S', gpus: 4, substitute: 'L40S' });
    expect(p.field).toBe('substitute');
    expect(p.message).toMatch(/substitute applies only to A40, A30, A10/);
  });
});

describe('GPU catalog: requests by instance type or family', () => {
  test('a family means its smallest size; a type means itself', () => {
    expect(ok({ instanceType: 'g5' }, 'eu-west-1').instance.instanceType).toBe('g5.xlarge');
    expect(ok({ instanceType: 'g5.4xlarge' }, 'eu-west-1')).toMatchObject({ instance: { instanceType: 'g5.4xlarge', gpus: 1, vcpu: 16 }, gpuModel: { model: 'A10G' } });
    expect(ok({ instanceType: 'g5.4xlarge' }, 'eu-west-1').nodes).toBeUndefined();
  });

  test('a size the catalog does not hold is refused with the sizes it holds', () => {
    const p = problem({ instanceType: 'g5.16xlarge' });
    expect(p.field).toBe('instanceType');
    expect(p.message).toMatch(/g5.16xlarge is not in the GPU catalog; g5 sizes it knows: g5.xlarge, g5.2xlarge/);
  });

  test('a CPU instance type is refused as a GPU pool', () => {
    expect(problem({ instanceType: 'm6i.2xlarge' }).message).toMatch(/m6i.2xlarge has no GPU/);
    expect(problem({ instanceType: 'x9z.large' }).message).toMatch(/not a GPU instance type or family/);
  });

  test('exactly one of gpu and instanceType', () => {
    expect(problem({}).message).toMatch(/either gpu .* or instanceType/);
    expect(problem({ gpu: 'L4', gpus: 1, instanceType: 'g6' }).message).toMatch(/not both/);
    expect(problem({ instanceType: 'g6', gpus: 4 }).message).toMatch(/go with gpu, not with instanceType/);
  });
});

describe('GPU catalog: regions', () => {
  test.each([
    ['L40S', 'g6e', /us-east-1/, 'g5'],
    ['L4', 'g6', /eu-west-2/, 'g5'],
    ['A100-80GB', 'p4de', /us-east-1, us-west-2/, 'p4d'],
    ['H100', 'p5', /eu-north-1/, 'p4d'],
  ])('%s (%s) in eu-west-1 is refused with the regions that have it and the nearest family', (gpu, family, regions, nearest) => {
    const p = problem({ gpu, gpus: 8 }, 'eu-west-1');
    expect(p.field).toBe('gpu');
    expect(p.message).toMatch(new RegExp(`^${family} \\(.*\\) is not offered in eu-west-1`));
    expect(p.message).toMatch(regions);
    expect(p.message).toMatch(new RegExp(`nearest family offered in eu-west-1: ${nearest} `));
  });

  test('an instance-type request is checked against the region too', () => {
    expect(problem({ instanceType: 'g6e.12xlarge' }, 'eu-west-1').field).toBe('instanceType');
  });

  test('a region without any recorded GPU family says so', () => {
    expect(problem({ gpu: 'T4', gpus: 1 }, 'sa-east-1').message).toMatch(/no GPU family of this catalog is recorded in sa-east-1/);
  });

  test('eu-west-1 lacks p4de, g6 and g6e (aws-facts.md §2); us-east-1 offers every family', () => {
    const missing = GPU_FAMILIES.filter((f) => !GPU_FAMILY_SPECS[f].regions.includes('eu-west-1'));
    expect(missing.sort()).toEqual(['g6', 'g6e', 'p4de', 'p5']);
    expect(GPU_FAMILIES.every((f) => GPU_FAMILY_SPECS[f].regions.includes('us-east-1'))).toBe(true);
  });
});

describe('GPU catalog: data integrity', () => {
  test('every family lists known regions, a size it holds, and other families as nearest', () => {
    for (const f of GPU_FAMILIES) {
      const spec = GPU_FAMILY_SPECS[f];
      expect(spec.regions.filter((r) => !AWS_REGION_NAMES.includes(r))).toEqual([]);
      expect(INSTANCE_TYPES[spec.regionSource]?.family).toBe(f);
      expect(spec.nearest).not.toContain(f);
      expect(GPU_MODEL_SPECS[spec.gpuModel].family).toBe(f);
      expect(spec.rootVolumeGiB).toBeGreaterThanOrEqual(200);
      expect(spec.rootVolumeGiB).toBeLessThanOrEqual(500);
      expect(spec.amiTypes).toEqual(['AL2023_x86_64_NVIDIA', 'BOTTLEROCKET_x86_64_NVIDIA']);
    }
  });

  test('every GPU model has instance types whose GPUs are that model', () => {
    for (const m of GPU_MODELS) {
      const sizes = instanceTypesOfFamily(GPU_MODEL_SPECS[m].family);
      expect(sizes.length).toBeGreaterThan(0);
      expect(sizes.every((s) => s.gpuModel === m && s.gpus > 0)).toBe(true);
    }
  });

  test('specs match aws-facts.md §1 for the seed types', () => {
    expect(INSTANCE_TYPES['g6e.12xlarge']).toMatchObject({ vcpu: 48, memoryGiB: 384, gpus: 4, gpuModel: 'L40S' });
    expect(INSTANCE_TYPES['p4de.24xlarge']).toMatchObject({ vcpu: 96, memoryGiB: 1152, gpus: 8, gpuModel: 'A100-80GB' });
    expect(INSTANCE_TYPES['m6i.4xlarge']).toMatchObject({ vcpu: 16, memoryGiB: 64, gpus: 0 });
  });

  test('MIG profiles exist on A100 and H100 only', () => {
    expect(migProfileProblem('A100-80GB', '1g.10gb')).toBeUndefined();
    expect(migProfileProblem('A100-80GB', '1g.5gb')).toMatch(/not a MIG profile of the A100-80GB; allowed: 1g.10gb/);
    expect(migProfileProblem('L40S', '1g.10gb')).toMatch(/L40S has no MIG \(MIG is available on A100-40GB, A100-80GB, H100\)/);
  });
});

describe('Kubernetes version allow-list', () => {
  test('1.35 and 1.36 are allowed; the default is the newest', () => {
    expect([...EKS_KUBERNETES_VERSIONS]).toEqual(['1.35', '1.36']);
    expect(DEFAULT_KUBERNETES_VERSION).toBe('1.36');
    expect(kubernetesVersionProblem('1.35')).toBeUndefined();
  });

  test("the seeds' 1.30 is refused as out of support", () => {
    const p = kubernetesVersionProblem('1.30')!;
    expect(p).toMatch(/Kubernetes 1.30 is out of support on EKS/);
    expect(p).toMatch(/standard support ended 2025-07-23 and extended support ended 2026-07-23/);
    expect(p).toMatch(/allowed: 1.35, 1.36 \(default 1.36\)/);
  });

  test('1.34 is refused because it leaves standard support on 2026-12-02', () => {
    expect(kubernetesVersionProblem('1.34')).toMatch(/leaves EKS standard support on 2026-12-02/);
  });

  test('a version in paid extended support and an unknown version are refused', () => {
    expect(kubernetesVersionProblem('1.32')).toMatch(/left EKS standard support on 2026-03-23 \(paid extended support until 2027-03-23\)/);
    expect(kubernetesVersionProblem('1.37')).toMatch(/not a version EKS offers in standard support/);
  });
});

describe('catalog/namespaces (typed data for the platform layer)', () => {
  test('seed 000 namespaces with the ml-serving and ml-training quotas', () => {
    expect(PLATFORM_NAMESPACES.map((n) => n.name)).toEqual(['ml-training', 'ml-serving', 'content-processing', 'deepfake-detection', 'monitoring', 'emr-spark']);
    expect(PLATFORM_NAMESPACES.find((n) => n.name === 'ml-serving')!.quota).toEqual({ gpus: 40, cpuCores: 2000, memory: '8Ti' });
    expect(PLATFORM_NAMESPACES.find((n) => n.name === 'ml-training')!.quota).toEqual({ gpus: 20, cpuCores: 1000, memory: '4Ti' });
  });

  test('MIG-capable models are exactly those with MIG profiles in the catalog', () => {
    expect([...GPU_SHARING_DEFAULTS.migCapable]).toEqual(GPU_MODELS.filter((m) => GPU_MODEL_SPECS[m].migProfiles.length > 0));
    expect(GPU_SHARING_DEFAULTS.timeSlicingReplicas).toBe(4);
  });
});
