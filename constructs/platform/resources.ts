import { PlatformValidationError } from '../core/errors';

/** Container resource requests (and the same limits for memory), in the units the platform sizes in. */
export interface ResourceRequests {
  /** Millicores. */
  readonly cpuMillis: number;
  /** Mebibytes. */
  readonly memoryMiB: number;
}

/** Kubernetes `resources` block for a container: requests, and a memory limit equal to the request. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

/** Kubernetes `resources` with requests only (for charts whose defaults have no limits block). */
export function containerRequests(r: ResourceRequests): { readonly requests: { readonly cpu: string; readonly memory: string } } {
  return { requests: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` } };
}

/** Kubernetes `resources` for `r` (memory limit = request: no overcommit of memory on system nodes). */
export function containerResources(r: ResourceRequests): ContainerResources {
  return { requests: { cpu: `${r.cpuMillis}m`, memory: `${r.memoryMiB}Mi` }, limits: { memory: `${r.memoryMiB}Mi` } };
}

/** One workload of an add-on and what it asks of the node group it runs on. */
export interface AddonFootprint {
  /** `<add-on>/<component>`. */
  readonly component: string;
  /** Pods of a Deployment/StatefulSet; ignored for per-node DaemonSets. */
  readonly replicas: number;
  /** Requests of one pod. */
  readonly requests: ResourceRequests;
  /**
   * A DaemonSet: one pod on every node of the group.
   * @default false
   */
  readonly perNode?: boolean;
}

/** Allocatable resources of one node, and how many nodes a group has. */
export interface NodeGroupCapacity {
  readonly name: string;
  readonly nodes: number;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/** Requests per node that EKS's own DaemonSets (vpc-cni, kube-proxy, pod identity agent, EBS CSI node) take. */
export const EKS_DAEMONSET_REQUESTS: ResourceRequests = { cpuMillis: 150, memoryMiB: 256 };

/**
 * Allocatable of one node after the kubelet's reservations, as the EKS AMIs compute them: CPU 6% of the
 * first core, 1% of the second, 0.5% of the third and fourth, 0.25% above; memory 255 MiB + 11 MiB per
 * pod (max pods 58 for 4-vCPU Nitro types is taken as the floor) + 100 MiB eviction threshold.
 */
export function allocatable(vcpu: number, memoryGiB: number): ResourceRequests {
  const cores = [0.06, 0.01, 0.005, 0.005];
  let reservedCpu = 0;
  for (let i = 0; i < vcpu; i++) reservedCpu += 1000 * (cores[i] ?? 0.0025);
  const maxPods = vcpu <= 2 ? 29 : 58;
  return { cpuMillis: Math.floor(vcpu * 1000 - reservedCpu), memoryMiB: Math.floor(memoryGiB * 1024 - (255 + 11 * maxPods) - 100) };
}

/** Sum of the requests of `footprints` (and EKS's DaemonSets) on a group of `nodes` nodes. */
export function totalRequests(footprints: readonly AddonFootprint[], nodes: number): ResourceRequests {
  const perNode = [...footprints.filter((f) => f.perNode).map((f) => f.requests), EKS_DAEMONSET_REQUESTS];
  const pods = footprints.filter((f) => !f.perNode);
  const sum = (pick: (r: ResourceRequests) => number) =>
    pods.reduce((a, f) => a + f.replicas * pick(f.requests), 0) + nodes * perNode.reduce((a, r) => a + pick(r), 0);
  return { cpuMillis: sum((r) => r.cpuMillis), memoryMiB: sum((r) => r.memoryMiB) };
}

/** Why `footprints` do not fit `group`, or undefined. */
export function capacityProblem(footprints: readonly AddonFootprint[], group: NodeGroupCapacity): string | undefined {
  const need = totalRequests(footprints, group.nodes);
  const one = allocatable(group.vcpu, group.memoryGiB);
  const have = { cpuMillis: one.cpuMillis * group.nodes, memoryMiB: one.memoryMiB * group.nodes };
  if (need.cpuMillis <= have.cpuMillis && need.memoryMiB <= have.memoryMiB) return undefined;
  return `the add-ons request ${need.cpuMillis}m CPU and ${need.memoryMiB}Mi memory on node group '${group.name}', which offers ${have.cpuMillis}m and ${have.memoryMiB}Mi allocatable on ${group.nodes} node(s); grow the group (count or instanceType) or lower the add-ons' replicas`;
}

/** Throws unless every request is a positive whole number. */
export function assertRequests(where: string, component: string, r: ResourceRequests): void {
  if (!Number.isInteger(r.cpuMillis) || r.cpuMillis <= 0 || !Number.isInteger(r.memoryMiB) || r.memoryMiB <= 0) {
    throw new PlatformValidationError(where, `${component}: requests must be positive whole millicores and MiB, got ${r.cpuMillis}m/${r.memoryMiB}Mi`);
  }
}
