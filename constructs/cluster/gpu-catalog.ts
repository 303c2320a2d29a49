/**
 * GPU catalog: which NVIDIA GPUs EC2 sells, on which instance types, in which regions, and how a request
 * ("12 × A40", "g5", "g5.4xlarge") becomes an instance type and a node count.
 *
 * Sources (ids are those of reference/aws-facts.md, compiled 2026-11-23):
 * - S2 Karpenter's generated instance-type reference (EC2 DescribeInstanceTypes, us-east-1 ∪ us-east-2 ∪
 *   us-west-2, 2026-07-11): vCPU, memory, GPU model, GPU count and GPU memory as EC2 reports it (MiB).
 *   Cross-checked against S5; aws-facts.md §1 reproduces every row used here.
 * - S5 SkyPilot catalog `catalogs/v7/aws/vms.csv` @27f67dd (undated, ≤ mid-2025): per-region, per-AZ rows.
 *   A family counts as offered in a region when S5 has a row for the size named in `regionSource` there.
 *   aws-facts.md §2/§3 notes that g6, g6e, p4de and p5 have no eu-west-1 rows in any source. S5 holds no
 *   sa-east-1 rows at all, so no family is recorded there. Absence is evidence, not an AWS statement:
 *   re-check with `aws ec2 describe-instance-type-offerings --location-type region` before relying on it.
 * - aws-facts.md §4 (S2): NVIDIA A40, A30 and plain A10 are not reported for any EC2 instance type.
 * - Nominal GPU memory (40/80/24/48/16 GB) is NVIDIA's product figure; EC2 reports slightly less for
 *   some parts (A10G and L4: 22888 MiB, L40S: 45776 MiB). Labels and the synth summary use the nominal
 *   figure so totals compare with seed 000's table.
 * - NVIDIA driver AMI types for managed node groups: reference/versions.md §2 [S9]. `AL2_x86_64_GPU` is
 *   deprecated (no AL2 AMIs for Kubernetes ≥ 1.33) and is not offered.
 * - MIG profiles: NVIDIA MIG User Guide, "Supported MIG profiles" (docs.nvidia.com/datacenter/tesla/
 *   mig-user-guide/). Not part of reference/; verify against the GPU operator's mig-parted config.
 * - EFA: AWS EC2 User Guide, EFA supported instance types (docs.aws.amazon.com/AWSEC2/latest/UserGuide/
 *   efa.html) and "EFA and multiple network cards" (efa-acc-inst-types). Not part of reference/; the
 *   interface counts (4 on p4d/p4de, 32 on p5, 1 elsewhere) are to be verified before production use.
 */

/** GPU models EC2 sells (first-class in this catalog). */
export const GPU_MODELS = ['A100-40GB', 'A100-80GB', 'H100', 'A10G', 'L4', 'L40S', 'T4'] as const;
export type GpuModel = (typeof GPU_MODELS)[number];

/** NVIDIA data-centre GPUs that no EC2 instance type carries (aws-facts.md §4). */
export const GPU_MODELS_NOT_ON_EC2 = ['A40', 'A30', 'A10'] as const;
export type GpuModelNotOnEc2 = (typeof GPU_MODELS_NOT_ON_EC2)[number];

/** Instance families that carry an NVIDIA GPU in this catalog. */
export const GPU_FAMILIES = ['p4d', 'p4de', 'p5', 'g5', 'g6', 'g6e', 'g4dn'] as const;
export type GpuFamily = (typeof GPU_FAMILIES)[number];

/** Managed node group AMI types with NVIDIA drivers for x86_64 (reference/versions.md §2). */
export const NVIDIA_AMI_TYPES = ['AL2023_x86_64_NVIDIA', 'BOTTLEROCKET_x86_64_NVIDIA'] as const;
export type NvidiaAmiType = (typeof NVIDIA_AMI_TYPES)[number];

/** Managed node group AMI types for CPU nodes. */
export const CPU_AMI_TYPES = ['AL2023_x86_64_STANDARD', 'BOTTLEROCKET_x86_64'] as const;
export type CpuAmiType = (typeof CPU_AMI_TYPES)[number];

export interface GpuModelSpec {
  readonly model: GpuModel;
  /** Nominal memory per GPU in GB (NVIDIA product figure). */
  readonly memoryGb: number;
  /** Memory per GPU as EC2 reports it (S2), MiB. */
  readonly ec2MemoryMiB: number;
  /** The instance family that carries it. */
  readonly family: GpuFamily;
  /** MIG profiles the GPU can be partitioned into; empty when it has no MIG. */
  readonly migProfiles: readonly string[];
}

export const GPU_MODEL_SPECS: Readonly<Record<GpuModel, GpuModelSpec>> = {
  'A100-40GB': { model: 'A100-40GB', memoryGb: 40, ec2MemoryMiB: 40960, family: 'p4d', migProfiles: ['1g.5gb', '1g.10gb', '2g.10gb', '3g.20gb', '4g.20gb', '7g.40gb'] },
  'A100-80GB': { model: 'A100-80GB', memoryGb: 80, ec2MemoryMiB: 81920, family: 'p4de', migProfiles: ['1g.10gb', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'] },
  H100: { model: 'H100', memoryGb: 80, ec2MemoryMiB: 81920, family: 'p5', migProfiles: ['1g.10gb', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'] },
  A10G: { model: 'A10G', memoryGb: 24, ec2MemoryMiB: 22888, family: 'g5', migProfiles: [] },
  L4: { model: 'L4', memoryGb: 24, ec2MemoryMiB: 22888, family: 'g6', migProfiles: [] },
  L40S: { model: 'L40S', memoryGb: 48, ec2MemoryMiB: 45776, family: 'g6e', migProfiles: [] },
  T4: { model: 'T4', memoryGb: 16, ec2MemoryMiB: 16384, family: 'g4dn', migProfiles: [] },
};

/** What to use on EC2 instead of a GPU that EC2 does not sell (PLATFORM.md §2, aws-facts.md §4). */
export interface UnavailableGpuSpec {
  readonly model: GpuModelNotOnEc2;
  readonly memoryGb: number;
  /** EC2 GPUs of the same class and memory, best match first. */
  readonly substitutes: readonly GpuModel[];
}

export const GPU_MODELS_NOT_ON_EC2_SPECS: Readonly<Record<GpuModelNotOnEc2, UnavailableGpuSpec>> = {
  A40: { model: 'A40', memoryGb: 48, substitutes: ['L40S'] },
  A30: { model: 'A30', memoryGb: 24, substitutes: ['A10G', 'L4'] },
  A10: { model: 'A10', memoryGb: 24, substitutes: ['A10G', 'L4'] },
};

/** One EC2 instance type: S2 figures (aws-facts.md §1). */
export interface InstanceTypeSpec {
  readonly instanceType: string;
  readonly family: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** GPUs per instance (0 for CPU types). */
  readonly gpus: number;
  readonly gpuModel?: GpuModel;
  /** EFA interfaces the launch template attaches when EFA is on; 0 = no EFA support. */
  readonly efaInterfaces: number;
}

function gpuType(instanceType: string, vcpu: number, memoryGiB: number, gpus: number, gpuModel: GpuModel, efaInterfaces = 0): InstanceTypeSpec {
  return { instanceType, family: instanceType.split('.')[0], vcpu, memoryGiB, gpus, gpuModel, efaInterfaces };
}

function cpuType(instanceType: string, vcpu: number, memoryGiB: number): InstanceTypeSpec {
  return { instanceType, family: instanceType.split('.')[0], vcpu, memoryGiB, gpus: 0, efaInterfaces: 0 };
}

/** Instance types with known specs (aws-facts.md §1, S2 2026-07-11), smallest first within a family. */
export const INSTANCE_TYPES: Readonly<Record<string, InstanceTypeSpec>> = Object.fromEntries([
  gpuType('p4d.24xlarge', 96, 1152, 8, 'A100-40GB', 4),
  gpuType('p4de.24xlarge', 96, 1152, 8, 'A100-80GB', 4),
  gpuType('p5.48xlarge', 192, 2048, 8, 'H100', 32),
  gpuType('g5.xlarge', 4, 16, 1, 'A10G'),
  gpuType('g5.2xlarge', 8, 32, 1, 'A10G'),
  gpuType('g5.4xlarge', 16, 64, 1, 'A10G'),
  gpuType('g5.8xlarge', 32, 128, 1, 'A10G', 1),
  gpuType('g5.12xlarge', 48, 192, 4, 'A10G', 1),
  gpuType('g5.48xlarge', 192, 768, 8, 'A10G', 1),
  gpuType('g6.xlarge', 4, 16, 1, 'L4'),
  gpuType('g6.2xlarge', 8, 32, 1, 'L4'),
  gpuType('g6.4xlarge', 16, 64, 1, 'L4'),
  gpuType('g6.12xlarge', 48, 192, 4, 'L4', 1),
  gpuType('g6.48xlarge', 192, 768, 8, 'L4', 1),
  gpuType('g6e.xlarge', 4, 32, 1, 'L40S'),
  gpuType('g6e.2xlarge', 8, 64, 1, 'L40S'),
  gpuType('g6e.12xlarge', 48, 384, 4, 'L40S', 1),
  gpuType('g6e.48xlarge', 192, 1536, 8, 'L40S', 1),
  gpuType('g4dn.xlarge', 4, 16, 1, 'T4'),
  gpuType('g4dn.2xlarge', 8, 32, 1, 'T4'),
  gpuType('g4dn.12xlarge', 48, 192, 4, 'T4', 1),
  cpuType('m6i.xlarge', 4, 16),
  cpuType('m6i.2xlarge', 8, 32),
  cpuType('m6i.4xlarge', 16, 64),
  cpuType('r6i.2xlarge', 8, 64),
  cpuType('c6i.2xlarge', 8, 16),
].map((s) => [s.instanceType, s]));

export interface GpuFamilySpec {
  readonly family: GpuFamily;
  readonly gpuModel: GpuModel;
  /** Regions (of constructs/core/regions.ts) where S5 lists `regionSource`. */
  readonly regions: readonly string[];
  /** The size whose S5 rows were read for `regions`. */
  readonly regionSource: string;
  /** Families to suggest when this one is missing from a region: same workload class, closest first. */
  readonly nearest: readonly GpuFamily[];
  /** Default root volume for nodes of the family (model images and container layers are large). */
  readonly rootVolumeGiB: number;
  /** Managed node group AMI types that carry the NVIDIA driver for the family (all x86_64). */
  readonly amiTypes: readonly NvidiaAmiType[];
}

export const GPU_FAMILY_SPECS: Readonly<Record<GpuFamily, GpuFamilySpec>> = {
  p4d: {
    family: 'p4d', gpuModel: 'A100-40GB', regionSource: 'p4d.24xlarge', amiTypes: NVIDIA_AMI_TYPES, rootVolumeGiB: 500, nearest: ['p4de', 'p5', 'g6e'],
    regions: ['ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-2', 'eu-central-1', 'eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2'],
  },
  p4de: {
    family: 'p4de', gpuModel: 'A100-80GB', regionSource: 'p4de.24xlarge', amiTypes: NVIDIA_AMI_TYPES, rootVolumeGiB: 500, nearest: ['p4d', 'p5', 'g6e'],
    regions: ['us-east-1', 'us-west-2'],
  },
  p5: {
    family: 'p5', gpuModel: 'H100', regionSource: 'p5.48xlarge', amiTypes: NVIDIA_AMI_TYPES, rootVolumeGiB: 500, nearest: ['p4de', 'p4d', 'g6e'],
    regions: ['ap-northeast-1', 'ap-south-1', 'ap-southeast-2', 'ca-central-1', 'eu-north-1', 'eu-west-2', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  },
  g5: {
    family: 'g5', gpuModel: 'A10G', regionSource: 'g5.xlarge', amiTypes: NVIDIA_AMI_TYPES, rootVolumeGiB: 200, nearest: ['g6', 'g6e', 'g4dn'],
    regions: ['ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'us-east-1', 'us-east-2', 'us-west-2'],
  },
  g6: {
    family: 'g6', gpuModel: 'L4', regionSource: 'g6.4xlarge', amiTypes: NVIDIA_AMI_TYPES, rootVolumeGiB: 200, nearest: ['g5', 'g4dn', 'g6e'],
    regions: ['ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-west-2', 'eu-west-3', 'us-east-1', 'us-east-2', 'us-west-2'],
  },
  g6e: {
    // aws-facts.md §2a: "S5 g6e regions: ap-northeast-1/2, eu-central-1, eu-north-1, us-east-1/2, us-west-2".
    family: 'g6e', gpuModel: 'L40S', regionSource: 'g6e.xlarge', amiTypes: NVIDIA_AMI_TYPES, rootVolumeGiB: 300, nearest: ['g6', 'g5', 'p4d', 'g4dn'],
    regions: ['ap-northeast-1', 'ap-northeast-2', 'eu-central-1', 'eu-north-1', 'us-east-1', 'us-east-2', 'us-west-2'],
  },
  g4dn: {
    family: 'g4dn', gpuModel: 'T4', regionSource: 'g4dn.xlarge', amiTypes: NVIDIA_AMI_TYPES, rootVolumeGiB: 200, nearest: ['g6', 'g5'],
    regions: ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  },
};

/** The catalog's instance types of a family, smallest (fewest GPUs, then fewest vCPUs) first. */
export function instanceTypesOfFamily(family: string): InstanceTypeSpec[] {
  return Object.values(INSTANCE_TYPES).filter((s) => s.family === family)
    .sort((a, b) => a.gpus - b.gpus || a.vcpu - b.vcpu);
}

/** True when `family` is one of {@link GPU_FAMILIES}. */
export function isGpuFamily(family: string): family is GpuFamily {
  return (GPU_FAMILIES as readonly string[]).includes(family);
}

/** True when `region` offers the family according to the catalog. */
export function familyOfferedIn(family: GpuFamily, region: string): boolean {
  return GPU_FAMILY_SPECS[family].regions.includes(region);
}

/** Instance type or family of a GPU pool; `gpu` + `gpus` otherwise. Exactly one form per request. */
export interface GpuRequest {
  /** GPU model (`L40S`, `A100-80GB`, `A40 48GB` ...); spaces, dashes and a trailing memory size are tolerated. */
  readonly gpu?: string;
  /**
   * GPUs wanted in total (with `gpu`); the node count follows from it.
   * @default - none: the pool's scaling (node counts) decides its size
   */
  readonly gpus?: number;
  /**
   * GPUs per node (with `gpu`): picks the instance size. Without it the catalog picks the smallest size
   * (fewest GPUs, then fewest vCPUs), which is also the cheapest per GPU in aws-facts.md §2a.
   */
  readonly gpusPerNode?: number;
  /** EC2 substitute for a GPU that EC2 does not sell (A40 -> L40S; A30/A10 -> A10G or L4). */
  readonly substitute?: string;
  /** Instance type (`g5.4xlarge`) or family (`g5`, smallest size) instead of `gpu`. */
  readonly instanceType?: string;
}

/** A GPU model that was replaced by its EC2 equivalent. */
export interface GpuSubstitution {
  readonly requested: GpuModelNotOnEc2;
  readonly substitute: GpuModel;
}

/** A request resolved against the catalog. */
export interface ResolvedGpuRequest {
  readonly instance: InstanceTypeSpec;
  readonly family: GpuFamilySpec;
  readonly gpuModel: GpuModelSpec;
  /** Nodes needed for `gpus` (undefined without `gpus`: instance-type requests and pools sized by scaling). */
  readonly nodes?: number;
  readonly substitution?: GpuSubstitution;
}

/** Why a request cannot be met, and which request field is at fault. */
export interface GpuRequestProblem {
  readonly field: 'gpu' | 'gpus' | 'gpusPerNode' | 'substitute' | 'instanceType';
  readonly message: string;
}

export type GpuRequestResult = { readonly ok: true; readonly value: ResolvedGpuRequest } | { readonly ok: false; readonly problem: GpuRequestProblem };

const MODEL_ALIASES: Readonly<Record<string, GpuModel | GpuModelNotOnEc2 | 'A100'>> = {
  A100: 'A100', A10040GB: 'A100-40GB', A10040G: 'A100-40GB', A10040: 'A100-40GB',
  A10080GB: 'A100-80GB', A10080G: 'A100-80GB', A10080: 'A100-80GB',
  H100: 'H100', H10080GB: 'H100',
  A10G: 'A10G', A10G24GB: 'A10G',
  L4: 'L4', L424GB: 'L4',
  L40S: 'L40S', L40S48GB: 'L40S',
  T4: 'T4', T416GB: 'T4',
  A40: 'A40', A4048GB: 'A40',
  A30: 'A30', A3024GB: 'A30',
  A10: 'A10', A1024GB: 'A10',
};

function normalizeModel(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function describeModel(m: GpuModel): string {
  const spec = GPU_MODEL_SPECS[m];
  return `${m} on ${spec.family} (${spec.memoryGb} GB per GPU)`;
}

function knownModels(): string {
  return `${GPU_MODELS.join(', ')} (not on EC2, substitute required: ${GPU_MODELS_NOT_ON_EC2.join(', ')})`;
}

/**
 * The EC2 GPU model for `name`, applying an explicit `substitute` for the GPUs EC2 does not sell.
 * A40/A30/A10 without a substitute are refused with the EC2 equivalent in the message.
 */
export function resolveGpuModel(name: string, substitute?: string):
  { ok: true; model: GpuModel; substitution?: GpuSubstitution } | { ok: false; problem: GpuRequestProblem } {
  const canonical = MODEL_ALIASES[normalizeModel(name)];
  if (canonical === undefined) {
    return { ok: false, problem: { field: 'gpu', message: `unknown GPU model '${name}'; known: ${knownModels()}` } };
  }
  if (canonical === 'A100') {
    return { ok: false, problem: { field: 'gpu', message: `'${name}' is ambiguous: EC2 sells the A100 with 40 GB (p4d) and 80 GB (p4de); write A100-40GB or A100-80GB` } };
  }
  if ((GPU_MODELS_NOT_ON_EC2 as readonly string[]).includes(canonical)) {
    const spec = GPU_MODELS_NOT_ON_EC2_SPECS[canonical as GpuModelNotOnEc2];
    const options = spec.substitutes.map(describeModel).join(' or ');
    if (substitute === undefined) {
      return {
        ok: false,
        problem: {
          field: 'gpu',
          message: `NVIDIA ${spec.model} (${spec.memoryGb} GB) is not sold on EC2; its EC2 equivalent is ${options}. ` +
            `Name it explicitly with substitute: ${spec.substitutes.join(' or substitute: ')}`,
        },
      };
    }
    const sub = MODEL_ALIASES[normalizeModel(substitute)];
    if (sub === undefined || !(spec.substitutes as readonly string[]).includes(sub)) {
      return { ok: false, problem: { field: 'substitute', message: `'${substitute}' is not an EC2 equivalent of the ${spec.model}; use ${spec.substitutes.join(' or ')} (${options})` } };
    }
    return { ok: true, model: sub as GpuModel, substitution: { requested: spec.model, substitute: sub as GpuModel } };
  }
  if (substitute !== undefined) {
    return { ok: false, problem: { field: 'substitute', message: `${canonical} is sold on EC2 (${GPU_MODEL_SPECS[canonical as GpuModel].family}); substitute applies only to ${GPU_MODELS_NOT_ON_EC2.join(', ')}` } };
  }
  return { ok: true, model: canonical as GpuModel };
}

/** Why `profile` is not a MIG profile of `model` (undefined when it is). MIG exists on A100 and H100 only. */
export function migProfileProblem(model: GpuModel, profile: string): string | undefined {
  const profiles = GPU_MODEL_SPECS[model].migProfiles;
  if (profiles.length === 0) {
    const migModels = GPU_MODELS.filter((m) => GPU_MODEL_SPECS[m].migProfiles.length > 0);
    return `${model} has no MIG (MIG is available on ${migModels.join(', ')}); use timeSlicingReplicas`;
  }
  return profiles.includes(profile) ? undefined : `'${profile}' is not a MIG profile of the ${model}; allowed: ${profiles.join(', ')}`;
}

/** Time-slicing replicas per GPU the platform accepts (seed 001 uses 4; NVIDIA's plugin allows more, 48 is already absurd). */
export const TIME_SLICING_REPLICAS = { min: 2, max: 48 } as const;

/** GPU sharing: time-slicing replicas or a MIG profile (one of them). */
export type GpuSharingSpec = { readonly timeSlicingReplicas?: number; readonly migProfile?: string };

/**
 * Why `sharing` does not fit a pool of `model` GPUs (undefined when it does), with the key at fault.
 * The environment schema and GpuNodeGroup both call it.
 */
export function gpuSharingProblem(sharing: GpuSharingSpec, model: GpuModel): { field: 'timeSlicingReplicas' | 'migProfile'; message: string } | undefined {
  if (sharing.timeSlicingReplicas !== undefined && sharing.migProfile !== undefined) {
    return { field: 'migProfile', message: 'choose timeSlicingReplicas or migProfile, not both' };
  }
  if (sharing.timeSlicingReplicas !== undefined) {
    const r = sharing.timeSlicingReplicas;
    return Number.isInteger(r) && r >= TIME_SLICING_REPLICAS.min && r <= TIME_SLICING_REPLICAS.max
      ? undefined
      : { field: 'timeSlicingReplicas', message: `must be a whole number from ${TIME_SLICING_REPLICAS.min} to ${TIME_SLICING_REPLICAS.max} (seed 001 uses 4), got ${r}` };
  }
  if (sharing.migProfile !== undefined) {
    const problem = migProfileProblem(model, sharing.migProfile);
    return problem ? { field: 'migProfile', message: problem } : undefined;
  }
  return undefined;
}

/** Why `family` cannot be used in `region`, naming the regions that have it and the nearest family there. */
export function regionProblem(family: GpuFamily, region: string): string | undefined {
  if (familyOfferedIn(family, region)) return undefined;
  const spec = GPU_FAMILY_SPECS[family];
  const nearest = spec.nearest.find((f) => familyOfferedIn(f, region));
  const nearestText = nearest
    ? `nearest family offered in ${region}: ${nearest} (${GPU_FAMILY_SPECS[nearest].gpuModel}, ${GPU_MODEL_SPECS[GPU_FAMILY_SPECS[nearest].gpuModel].memoryGb} GB per GPU)`
    : `no GPU family of this catalog is recorded in ${region}`;
  return `${family} (${spec.gpuModel}) is not offered in ${region} according to the GPU catalog; regions that offer it: ${spec.regions.join(', ')}; ${nearestText}`;
}

/**
 * Resolves a GPU pool request for `region`:
 * - `gpu` + `gpus` [+ `gpusPerNode`]: instance type of the GPU's family and the node count; `gpus` must be
 *   a multiple of the GPUs per node (no idle GPUs are bought).
 * - `instanceType`: a catalog type (`g5.4xlarge`) or family (`g5` = its smallest size).
 * The family must be offered in `region`.
 */
export function resolveGpuRequest(request: GpuRequest, region: string): GpuRequestResult {
  const fail = (field: GpuRequestProblem['field'], message: string): GpuRequestResult => ({ ok: false, problem: { field, message } });
  const hasGpu = request.gpu !== undefined;
  const hasType = request.instanceType !== undefined;
  if (hasGpu === hasType) {
    return fail(hasGpu ? 'instanceType' : 'gpu', 'name either gpu (with gpus) or instanceType (an instance type such as g5.4xlarge or a family such as g5), not both');
  }
  let instance: InstanceTypeSpec;
  let model: GpuModel;
  let substitution: GpuSubstitution | undefined;
  let nodes: number | undefined;
  if (hasGpu) {
    const m = resolveGpuModel(request.gpu!, request.substitute);
    if (!m.ok) return { ok: false, problem: m.problem };
    model = m.model;
    substitution = m.substitution;
    const gpus = request.gpus;
    if (gpus !== undefined && (!Number.isInteger(gpus) || gpus < 1)) {
      return fail('gpus', `gpus must be a whole number of GPUs (at least 1) to go with gpu: ${request.gpu}`);
    }
    const family = GPU_MODEL_SPECS[model].family;
    const sizes = instanceTypesOfFamily(family);
    let chosen: InstanceTypeSpec | undefined;
    if (request.gpusPerNode !== undefined) {
      chosen = sizes.find((s) => s.gpus === request.gpusPerNode);
      if (!chosen) {
        return fail('gpusPerNode', `${model} instances (${family}) in the catalog carry ${[...new Set(sizes.map((s) => s.gpus))].join(', ')} GPUs per node, not ${request.gpusPerNode}`);
      }
    } else {
      chosen = sizes[0];
    }
    if (gpus !== undefined && gpus % chosen.gpus !== 0) {
      return fail('gpus', `${chosen.instanceType} carries ${chosen.gpus} ${model} GPUs; ${gpus} GPUs would leave ${chosen.gpus - (gpus % chosen.gpus)} idle on the last node; request a multiple of ${chosen.gpus}`);
    }
    instance = chosen;
    // Without gpus the pool is sized by its scaling (node counts); the catalog only picks the type.
    nodes = gpus === undefined ? undefined : gpus / chosen.gpus;
  } else {
    if (request.gpus !== undefined || request.gpusPerNode !== undefined || request.substitute !== undefined) {
      return fail('instanceType', 'gpus, gpusPerNode and substitute go with gpu, not with instanceType (give the node count instead)');
    }
    const text = request.instanceType!;
    const [family, size] = text.split('.', 2);
    if (!isGpuFamily(family)) {
      const spec = INSTANCE_TYPES[text];
      const what = spec && spec.gpus === 0 ? `${text} has no GPU` : `'${text}' is not a GPU instance type or family of the catalog`;
      return fail('instanceType', `${what}; GPU families: ${GPU_FAMILIES.join(', ')}`);
    }
    const sizes = instanceTypesOfFamily(family);
    if (size === undefined) {
      instance = sizes[0];
    } else {
      const spec = INSTANCE_TYPES[text];
      if (!spec) return fail('instanceType', `${text} is not in the GPU catalog; ${family} sizes it knows: ${sizes.map((s) => s.instanceType).join(', ')}`);
      instance = spec;
    }
    model = instance.gpuModel!;
  }
  const familySpec = GPU_FAMILY_SPECS[instance.family as GpuFamily];
  const problem = regionProblem(familySpec.family, region);
  if (problem) return fail(hasGpu ? 'gpu' : 'instanceType', problem);
  return { ok: true, value: { instance, family: familySpec, gpuModel: GPU_MODEL_SPECS[model], nodes, substitution } };
}
