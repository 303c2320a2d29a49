/**
 * Layers in deployment order. Regional layers get one stack per region; `edge` is global.
 * `platform-config` holds the custom resources whose CRDs the `platform` layer's releases install (Terraform
 * plans a custom resource only once its CRD exists). `analytics` follows them: its EMR on EKS virtual
 * cluster needs the namespace the platform layer creates. `replication` (one stack per pair of regions,
 * named after its target) follows the primary's `data` and the target's `network` and `cluster`, whose nodes
 * the replicas admit (docs/replication.md).
 * `routing` (global) comes last: it looks up the ingress load balancers the workloads layer's gateway
 * Services make the AWS Load Balancer Controller create.
 */
export const LAYERS = ['network', 'data', 'cluster', 'replication', 'platform', 'platform-config', 'analytics', 'workloads', 'edge', 'routing'] as const;
export type Layer = (typeof LAYERS)[number];

/** Stack name `<environment>-<region>-<layer>`, or `<environment>-global-<layer>` for global layers. */
export function stackName(environment: string, region: string | 'global', layer: Layer): string {
  return `${environment}-${region}-${layer}`;
}
