import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';

/**
 * EKS managed add-ons the cluster construct installs (reference/versions.md §2 [S7]).
 *
 * Order matters and is written as Terraform `depends_on`:
 * - before any node group: `eks-pod-identity-agent`, `vpc-cni` (nodes stay NotReady without a CNI) and
 *   `kube-proxy`. They are DaemonSets, so they report ACTIVE with no node yet;
 * - after the first node group: `coredns` and `aws-ebs-csi-driver` (Deployments: without a node to run
 *   on they stay DEGRADED and Terraform's create would time out).
 *
 * Versions: `addon_version` is left unset unless configured, so EKS installs its default version for the
 * cluster's Kubernetes version at creation and Terraform keeps whatever runs afterwards; pin a version
 * (`addonVersions`) to upgrade deliberately. Conflicts with hand-made changes are resolved by
 * OVERWRITE on create and update: the add-on configuration lives here, not in the cluster.
 */
export const EKS_ADDONS = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent', 'aws-ebs-csi-driver'] as const;
export type EksAddonName = (typeof EKS_ADDONS)[number];

/** Add-ons that must run before nodes join. */
export const PRE_NODE_ADDONS: readonly EksAddonName[] = ['eks-pod-identity-agent', 'vpc-cni', 'kube-proxy'];
/** Add-ons that need a node to run on. */
export const POST_NODE_ADDONS: readonly EksAddonName[] = ['coredns', 'aws-ebs-csi-driver'];

export interface ManagedAddonOptions {
  readonly clusterName: string;
  readonly name: EksAddonName;
  /** @default - EKS's default version for the cluster version */
  readonly version?: string;
  /** Pod Identity association the add-on's controller uses. @default - none */
  readonly podIdentity?: { readonly serviceAccount: string; readonly roleArn: string };
  /** JSON configuration values (the add-on's schema). @default - the add-on's defaults */
  readonly configurationValues?: string;
  readonly dependsOn: readonly ITerraformDependable[];
}

/** One `aws_eks_addon` with the library's conflict policy; id `addon-<name>`. */
export function createManagedAddon(scope: Construct, options: ManagedAddonOptions): EksAddon {
  return new EksAddon(scope, `addon-${options.name}`, {
    clusterName: options.clusterName,
    addonName: options.name,
    ...(options.version ? { addonVersion: options.version } : {}),
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate: 'OVERWRITE',
    ...(options.configurationValues ? { configurationValues: options.configurationValues } : {}),
    ...(options.podIdentity ? { podIdentityAssociation: [{ serviceAccount: options.podIdentity.serviceAccount, roleArn: options.podIdentity.roleArn }] } : {}),
    ...(options.dependsOn.length > 0 ? { dependsOn: [...options.dependsOn] } : {}),
  });
}
