import { GpuModel } from '../cluster/gpu-catalog';
import { GPU_TAINT, migConfigName, timeSlicingConfigName } from '../cluster/labels';
import { PlatformValidationError } from '../core/errors';
import { containerResources, ContainerResources, ResourceRequests } from './resources';

/** A GPU pool as the GPU operator needs to know it. */
export interface GpuOperatorPool {
  readonly name: string;
  readonly gpuModel: GpuModel;
  /**
   * Time-slicing replicas per GPU (seed 001: 4).
   * @default - not time-sliced
   */
  readonly timeSlicingReplicas?: number;
  /**
   * MIG profile every GPU of the pool is cut into (A100/H100, seed 002).
   * @default - no MIG
   */
  readonly migProfile?: string;
}

export interface GpuOperatorValuesProps {
  /** The cluster's GPU pools and how each shares its GPUs. */
  readonly pools: readonly GpuOperatorPool[];
  /** Node selector of the operator Deployment (the system node group). */
  readonly systemNodeSelector: Readonly<Record<string, string>>;
  /** Operator requests. */
  readonly operatorRequests: ResourceRequests;
}

/** The subset of the gpu-operator chart's values (v26.7.0) the platform sets. */
export interface GpuOperatorValues {
  readonly operator: { readonly resources: ContainerResources; readonly nodeSelector: Readonly<Record<string, string>> };
  readonly driver: { readonly enabled: false };
  readonly toolkit: { readonly enabled: false };
  readonly daemonsets: { readonly tolerations: readonly { key: string; operator: 'Exists'; effect: string }[] };
  readonly devicePlugin: { readonly enabled: true; readonly config: { readonly create: boolean; readonly name: string; readonly default: string; readonly data: Readonly<Record<string, string>> } };
  readonly mig: { readonly strategy: 'mixed' };
  readonly migManager: { readonly enabled: boolean; readonly config: { readonly create: boolean; readonly name: string; readonly default: string; readonly data: Readonly<Record<string, string>> } };
  readonly dcgmExporter: { readonly enabled: true; readonly serviceMonitor: { readonly enabled: false } };
}

/** Device-plugin ConfigMap entry with no sharing (nodes without the config label use it). */
export const EXCLUSIVE_DEVICE_PLUGIN_CONFIG = 'exclusive';
const MIG_DISABLED_CONFIG = 'all-disabled';
const MIG_CAPABLE: readonly GpuModel[] = ['A100-40GB', 'A100-80GB', 'H100'];

/** MIG instances of `profile` that fit one A100/H100 (7 compute slices): 1g -> 7, 2g -> 3, 3g -> 2, 4g/7g -> 1. */
export function migInstancesPerGpu(profile: string): number {
  const m = /^(\d)g\./.exec(profile);
  if (!m) throw new Error(`'${profile}' is not a MIG profile such as 1g.10gb`);
  return Math.floor(7 / Number(m[1]));
}

/**
 * Values of the NVIDIA GPU operator on EKS NVIDIA AMIs: the AMI ships driver 580 and the container
 * toolkit, so the operator's driver and toolkit are off (NVIDIA publishes no Amazon Linux driver
 * containers, NVIDIA/gpu-operator#686). The device plugin gets one config entry per time-slicing replica
 * count the pools use (`sharing.timeSlicing.resources[{name: nvidia.com/gpu, replicas}]`), selected per
 * node by the `nvidia.com/device-plugin.config` label the cluster layer sets; MIG uses the `mixed`
 * strategy and a mig-parted config per profile, selected by `nvidia.com/mig.config`. DCGM exporter is
 * on; its ServiceMonitor is a typed object of the platform-config stack (not the chart's), so it is
 * validated like every other custom resource.
 */
export function gpuOperatorValues(props: GpuOperatorValuesProps): GpuOperatorValues {
  const devicePluginData: Record<string, string> = {
    [EXCLUSIVE_DEVICE_PLUGIN_CONFIG]: JSON.stringify({ version: 'v1', flags: { migStrategy: 'mixed' } }),
  };
  const migConfigs: Record<string, unknown[]> = { [MIG_DISABLED_CONFIG]: [{ devices: 'all', 'mig-enabled': false }] };
  for (const p of props.pools) {
    if (p.timeSlicingReplicas !== undefined && p.migProfile !== undefined) {
      throw new PlatformValidationError(`gpu pool ${p.name}`, 'sharing: choose timeSlicingReplicas or migProfile, not both');
    }
    if (p.timeSlicingReplicas !== undefined) {
      devicePluginData[timeSlicingConfigName(p.timeSlicingReplicas)] = JSON.stringify({
        version: 'v1',
        flags: { migStrategy: 'none' },
        sharing: { timeSlicing: { resources: [{ name: 'nvidia.com/gpu', replicas: p.timeSlicingReplicas }] } },
      });
    }
    if (p.migProfile !== undefined) {
      if (!MIG_CAPABLE.includes(p.gpuModel)) {
        throw new PlatformValidationError(`gpu pool ${p.name}`, `migProfile: ${p.gpuModel} does not support MIG (${MIG_CAPABLE.join(', ')} do)`);
      }
      migConfigs[migConfigName(p.migProfile)] = [{ devices: 'all', 'mig-enabled': true, 'mig-devices': { [p.migProfile]: migInstancesPerGpu(p.migProfile) } }];
    }
  }
  const hasMig = Object.keys(migConfigs).length > 1;
  return {
    operator: { resources: containerResources(props.operatorRequests), nodeSelector: { ...props.systemNodeSelector } },
    driver: { enabled: false },
    toolkit: { enabled: false },
    daemonsets: { tolerations: [{ key: GPU_TAINT.key, operator: 'Exists', effect: GPU_TAINT.effect }] },
    devicePlugin: {
      enabled: true,
      config: { create: true, name: 'device-plugin-config', default: EXCLUSIVE_DEVICE_PLUGIN_CONFIG, data: devicePluginData },
    },
    mig: { strategy: 'mixed' },
    migManager: {
      enabled: hasMig,
      config: { create: true, name: 'mig-parted-config', default: MIG_DISABLED_CONFIG, data: { 'config.yaml': JSON.stringify({ version: 'v1', 'mig-configs': migConfigs }) } },
    },
    dcgmExporter: { enabled: true, serviceMonitor: { enabled: false } },
  };
}
