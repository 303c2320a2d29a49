/** Layers in deployment order. Regional layers get one stack per region; `edge` is global. */
export const LAYERS = ['network', 'data', 'cluster', 'platform', 'platform-config', 'workloads', 'edge'] as const;
export type Layer = (typeof LAYERS)[number];

/** Stack name `<environment>-<region>-<layer>`, or `<environment>-global-<layer>` for global layers. */
export function stackName(environment: string, region: string | 'global', layer: Layer): string {
  return `${environment}-${region}-${layer}`;
}
