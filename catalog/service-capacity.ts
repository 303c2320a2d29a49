/**
 * Capacity that adds up: the requests of the services (catalog/services.ts) and CPU models
 * (catalog/models.ts) at their minimum replicas, plus a stated add-on reserve, must fit the CPU node group
 * that hosts them, per environment and phase. The arithmetic is returned, not only a verdict, so the
 * refusal and docs/services.md show the same numbers.
 *
 * Stated figures (verify against the running cluster; none of them is in reference/):
 * - kubelet reservation: the EKS AMI bootstrap formula (amazon-eks-ami): CPU 6% of the first core, 1% of
 *   the second, 0.5% of the next two, 0.25% of the rest; memory 255 MiB + 11 MiB x max pods, plus the
 *   100 MiB hard eviction threshold. Max pods: VPC CNI without prefix delegation (eni-max-pods.txt).
 * - DaemonSets on every node: 0.5 vCPU, 1 GiB (VPC CNI, kube-proxy, EBS CSI node, Pod Identity agent,
 *   node exporter, log and OpenTelemetry agents).
 * - Istio sidecar per replica: 0.1 vCPU, 128 MiB (Istio's default proxy requests).
 * - Platform add-ons placed on the group: 4 vCPU, 4 GiB at production scale (ingress gateways, metrics
 *   adapter), scaled with the environment.
 * - Fill target 90%: 10% of the allocatable room stays free for bin-packing losses and rolling updates.
 * Memory figures of the seed ("4 GB") are read as Kubernetes GiB.
 */
import type { ModelPlacement, ServingNodeGroup } from './serving-rules';
import type { ServiceSpec } from './services';

export const CAPACITY_ASSUMPTIONS = {
  daemonSetsPerNode: { cpu: 0.5, memoryGiB: 1 },
  sidecarPerReplica: { cpu: 0.1, memoryGiB: 0.125 },
  addOnsAtProductionScale: { cpu: 4, memoryGiB: 4 },
  fillTarget: 0.9,
  evictionMemoryGiB: 100 / 1024,
  /** Floors of a scaled-down request. */
  minimumRequest: { cpu: 0.1, memoryGiB: 0.5 },
} as const;

/** Max pods per node (VPC CNI without prefix delegation); unknown types fall back to the 110 kubelet default. */
export const MAX_PODS: Readonly<Record<string, number>> = {
  'm6i.xlarge': 58, 'm6i.2xlarge': 58, 'm6i.4xlarge': 234, 'r6i.2xlarge': 58, 'c6i.2xlarge': 58,
};

/** Kubelet + system reservation of the EKS AMI for a node of `vcpu` cores (cores). */
export function kubeReservedCpu(vcpu: number): number {
  const m = 0.06 * Math.min(vcpu, 1) + 0.01 * Math.min(Math.max(vcpu - 1, 0), 1)
    + 0.005 * Math.min(Math.max(vcpu - 2, 0), 2) + 0.0025 * Math.max(vcpu - 4, 0);
  return Math.round(m * 1000) / 1000;
}

/** Kubelet reservation + eviction threshold for `instanceType` (GiB). */
export function kubeReservedMemoryGiB(instanceType: string): number {
  const pods = MAX_PODS[instanceType] ?? 110;
  return (255 + 11 * pods) / 1024 + CAPACITY_ASSUMPTIONS.evictionMemoryGiB;
}

/** Room per node for workload pods after the kubelet reservation and the DaemonSets. */
export function podRoomPerNode(group: ServingNodeGroup): { cpu: number; memoryGiB: number } {
  return {
    cpu: group.vcpu - kubeReservedCpu(group.vcpu) - CAPACITY_ASSUMPTIONS.daemonSetsPerNode.cpu,
    memoryGiB: group.memoryGiB - kubeReservedMemoryGiB(group.instanceType) - CAPACITY_ASSUMPTIONS.daemonSetsPerNode.memoryGiB,
  };
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/** A per-replica request scaled to an environment (production: unchanged; smaller: x scale, floored). */
export function scaledRequest(cpu: number, memoryGiB: number, scale: number): { cpu: number; memoryGiB: number } {
  if (scale >= 1) return { cpu, memoryGiB };
  return {
    cpu: Math.max(CAPACITY_ASSUMPTIONS.minimumRequest.cpu, r2(cpu * scale)),
    memoryGiB: Math.max(CAPACITY_ASSUMPTIONS.minimumRequest.memoryGiB, r2(memoryGiB * scale)),
  };
}

/** A service's replicas and requests in an environment: replicas max(1, ceil(min x scale)); limits stay at the production figure. */
export interface ScaledServiceCapacity {
  readonly replicas: number;
  readonly cpu: number;
  readonly memoryGiB: number;
  readonly limits: { readonly cpu: number; readonly memoryGiB: number };
}

export function scaledServiceCapacity(s: ServiceSpec, scale: number): ScaledServiceCapacity {
  const replicas = Math.max(1, Math.ceil(Math.round(s.capacity.minReplicas * scale * 1e6) / 1e6));
  return { replicas, ...scaledRequest(s.capacity.cpu, s.capacity.memoryGb, scale), limits: { cpu: s.capacity.cpu, memoryGiB: s.capacity.memoryGb } };
}

/** One line of the demand on a node group. */
export interface CapacityDemand {
  readonly name: string;
  readonly kind: 'service' | 'model' | 'add-ons';
  readonly replicas: number;
  /** Per replica, including the sidecar for services and models. */
  readonly cpu: number;
  readonly memoryGiB: number;
}

export interface NodeGroupCapacity {
  readonly group: ServingNodeGroup;
  readonly demands: readonly CapacityDemand[];
  readonly requestedCpu: number;
  readonly requestedMemoryGiB: number;
  /** desiredNodes x pod room per node x fill target. */
  readonly usableCpu: number;
  readonly usableMemoryGiB: number;
  readonly perNode: { readonly cpu: number; readonly memoryGiB: number };
  /** Nodes the demand needs at the fill target (the larger of CPU and memory). */
  readonly nodesNeeded: number;
}

/** The demand of `services` and the CPU `models` placed on `group`, at min replicas, with the add-on reserve. */
export function nodeGroupCapacity(group: ServingNodeGroup, services: readonly ServiceSpec[], models: readonly ModelPlacement[], scale: number): NodeGroupCapacity {
  const side = CAPACITY_ASSUMPTIONS.sidecarPerReplica;
  const demands: CapacityDemand[] = [];
  for (const s of services.filter((x) => x.deploy.nodeGroup === group.name)) {
    const c = scaledServiceCapacity(s, scale);
    demands.push({ name: s.id, kind: 'service', replicas: c.replicas, cpu: c.cpu + side.cpu, memoryGiB: c.memoryGiB + side.memoryGiB });
  }
  for (const p of models.filter((x) => x.nodeGroup?.name === group.name && x.region === group.region)) {
    if (p.model.compute.kind !== 'cpu' || p.minReplicas === 0) continue;
    const req = scaledRequest(p.model.compute.cpu, p.model.compute.memoryGb, scale);
    demands.push({ name: `model ${p.model.id}`, kind: 'model', replicas: p.minReplicas, cpu: req.cpu + side.cpu, memoryGiB: req.memoryGiB + side.memoryGiB });
  }
  const addOns = CAPACITY_ASSUMPTIONS.addOnsAtProductionScale;
  demands.push({ name: 'platform add-ons', kind: 'add-ons', replicas: 1, cpu: r2(addOns.cpu * Math.min(scale, 1)), memoryGiB: r2(addOns.memoryGiB * Math.min(scale, 1)) });
  const requestedCpu = r2(demands.reduce((s, d) => s + d.replicas * d.cpu, 0));
  const requestedMemoryGiB = r2(demands.reduce((s, d) => s + d.replicas * d.memoryGiB, 0));
  const room = podRoomPerNode(group);
  const fill = CAPACITY_ASSUMPTIONS.fillTarget;
  const perNode = { cpu: r2(room.cpu * fill), memoryGiB: r2(room.memoryGiB * fill) };
  return {
    group, demands, requestedCpu, requestedMemoryGiB, perNode,
    usableCpu: r2(group.desiredNodes * perNode.cpu), usableMemoryGiB: r2(group.desiredNodes * perNode.memoryGiB),
    nodesNeeded: Math.max(Math.ceil(requestedCpu / perNode.cpu), Math.ceil(requestedMemoryGiB / perNode.memoryGiB)),
  };
}

/** Rule: the requests at min replicas fit the node group at its desired size; the message carries the arithmetic. */
export function nodeGroupCapacityProblem(c: NodeGroupCapacity): string | undefined {
  const cpuOver = c.requestedCpu > c.usableCpu;
  const memOver = c.requestedMemoryGiB > c.usableMemoryGiB;
  if (!cpuOver && !memOver) return undefined;
  const top = [...c.demands].sort((a, b) => b.replicas * b.cpu - a.replicas * a.cpu).slice(0, 4)
    .map((d) => `${d.name} ${d.replicas} x ${r2(d.cpu)}`).join(', ');
  const what = cpuOver
    ? `${c.requestedCpu} vCPU requested at min replicas (largest: ${top}; sidecars and add-ons included) but ${c.group.desiredNodes} x ${c.group.instanceType} offer ${c.usableCpu} vCPU (${c.perNode.cpu} per node after kubelet, DaemonSets and the ${CAPACITY_ASSUMPTIONS.fillTarget * 100}% fill target)`
    : `${c.requestedMemoryGiB} GiB requested at min replicas but ${c.group.desiredNodes} x ${c.group.instanceType} offer ${c.usableMemoryGiB} GiB (${c.perNode.memoryGiB} per node)`;
  return `node group '${c.group.name}' (${c.group.region}): ${what}; it needs ${c.nodesNeeded} nodes, or fewer replicas / smaller requests in catalog/services.ts`;
}
