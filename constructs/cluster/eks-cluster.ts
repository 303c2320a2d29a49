import { Construct } from 'constructs';
import { Fn, ITerraformDependable, Token } from 'cdktf';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { awsContext } from '../core/aws-context';
import { parseCidr } from '../core/cidr';
import { PlatformValidationError } from '../core/errors';
import { policyJson, PolicyStatement, serviceTrustPolicy } from '../core/iam';
import { EncryptionKey, cloudWatchLogsKeyStatement } from '../core/kms';
import { EncryptedLogGroup, assertLogRetention } from '../core/logs';
import { ClusterAccessGrant, EksAccessPolicy } from './access-entries';
import { createManagedAddon, EksAddonName, EKS_ADDONS } from './addons';
import { attachManagedPolicies, podIdentityTrustPolicy } from './iam';
import { associatePodIdentity, PodIdentityCluster } from './pod-identity';
import { DEFAULT_KUBERNETES_VERSION, kubernetesVersionProblem } from './kubernetes-versions';

/**
 * Narrowest-allowed default for public API endpoint CIDRs: a CIDR wider than /24 (256 addresses, an
 * office or VPN egress range) is refused unless `endpointPublicAccessMinPrefixLength` says otherwise.
 */
export const DEFAULT_PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH = 24;
/** The widest limit the option accepts: a /8 is already an entire carrier's address space. */
export const PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH_FLOOR = 8;

/**
 * Why `cidr` may not reach a public EKS API endpoint (undefined when it may): it must be an IPv4 CIDR with
 * its host bits zero, never /0, and no wider than `/minPrefixLength`. Used by the environment schema and
 * {@link EksCluster} alike, so both give this message.
 */
export function publicEndpointCidrProblem(cidr: string, minPrefixLength: number = DEFAULT_PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH): string | undefined {
  const parsed = parseCidr(cidr);
  if (!parsed) return `'${cidr}' is not an IPv4 CIDR with its host bits zero`;
  if (parsed.prefix === 0) return `${cidr} would open the Kubernetes API to the whole internet; list the networks that need it`;
  if (parsed.prefix < minPrefixLength) {
    return `${cidr} is wider than /${minPrefixLength} (endpointPublicAccessMinPrefixLength, default /${DEFAULT_PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH}); list narrower networks or raise the limit explicitly`;
  }
  return undefined;
}

/** Why `limit` is not a usable endpointPublicAccessMinPrefixLength (undefined when it is). */
export function publicEndpointPrefixLimitProblem(limit: number): string | undefined {
  return Number.isInteger(limit) && limit >= PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH_FLOOR && limit <= 32
    ? undefined
    : `must be a whole number from ${PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH_FLOOR} to 32, got ${limit}`;
}

/** Every EKS control-plane log type; all are enabled. */
export const EKS_CONTROL_PLANE_LOG_TYPES: readonly string[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** What a node group needs from its cluster. {@link EksCluster} provides it. */
export interface NodeGroupCluster {
  readonly clusterName: string;
  /** Kubernetes version node groups follow (they are upgraded with the control plane). */
  readonly kubernetesVersion: string;
  /** The security group EKS creates for the cluster; every node must be in it. */
  readonly clusterSecurityGroupId: string;
  /** Subnets node groups use unless they name their own. */
  readonly privateSubnetIds: readonly string[];
  readonly nodeRoleArn: string;
  /** KMS key that encrypts node EBS volumes (its policy admits the Auto Scaling service-linked role). */
  readonly nodeVolumeKmsKeyArn: string;
  /** Resources every node group must wait for (CNI and Pod Identity agent add-ons, node role policies). */
  readonly nodePrerequisites: readonly ITerraformDependable[];
}

/**
 * The handle other layers and teams take: node groups ({@link NodeGroupCluster}), workload identity
 * ({@link PodIdentityCluster}) and access grants work on it. {@link EksCluster} provides it; adopt an
 * existing cluster with {@link EksCluster.fromClusterAttributes}.
 */
export interface ClusterRef extends NodeGroupCluster, PodIdentityCluster {}

/** Attributes of an existing EKS cluster to adopt. */
export interface ClusterAttributes {
  readonly clusterName: string;
  /** Kubernetes version node groups follow. */
  readonly kubernetesVersion: string;
  /** The security group EKS created for the cluster. */
  readonly clusterSecurityGroupId: string;
  /** Subnets node groups use by default. */
  readonly privateSubnetIds: readonly string[];
  /** Node IAM role (already admitted to the cluster by an `EC2_LINUX` access entry). */
  readonly nodeRoleArn: string;
  /** KMS key for node EBS volumes (its policy admits the Auto Scaling service-linked role). */
  readonly nodeVolumeKmsKeyArn: string;
  /**
   * Cluster ARN.
   * @default - built from the name in the scope's account, region and partition
   */
  readonly clusterArn?: string;
}

/** An EKS cluster adopted by its attributes: node groups and workload identities attach to it. */
class ImportedEksCluster extends Construct implements ClusterRef {
  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly kubernetesVersion: string;
  public readonly clusterSecurityGroupId: string;
  public readonly privateSubnetIds: readonly string[];
  public readonly nodeRoleArn: string;
  public readonly nodeVolumeKmsKeyArn: string;
  /** Nothing to wait for: the cluster's add-ons were installed by whoever created it. */
  public readonly nodePrerequisites: readonly ITerraformDependable[] = [];
  public readonly podIdentityPrerequisites: readonly ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, attrs: ClusterAttributes) {
    super(scope, id);
    const where = this.node.path;
    if (!Token.isUnresolved(attrs.clusterName) && !/^[a-zA-Z][a-zA-Z0-9-]{0,99}$/.test(attrs.clusterName)) {
      throw new PlatformValidationError(where, `clusterName '${attrs.clusterName}' must start with a letter and hold at most 100 letters, digits and dashes`);
    }
    if (!Token.isUnresolved(attrs.kubernetesVersion)) {
      const problem = kubernetesVersionProblem(attrs.kubernetesVersion);
      if (problem) throw new PlatformValidationError(where, `kubernetesVersion: ${problem}`);
    }
    if (attrs.privateSubnetIds.length < 1) throw new PlatformValidationError(where, 'privateSubnetIds must name at least one subnet for node groups');
    const ctx = awsContext(this);
    this.clusterName = attrs.clusterName;
    this.clusterArn = attrs.clusterArn ?? `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/${attrs.clusterName}`;
    this.kubernetesVersion = attrs.kubernetesVersion;
    this.clusterSecurityGroupId = attrs.clusterSecurityGroupId;
    this.privateSubnetIds = [...attrs.privateSubnetIds];
    this.nodeRoleArn = attrs.nodeRoleArn;
    this.nodeVolumeKmsKeyArn = attrs.nodeVolumeKmsKeyArn;
  }
}

/** The node group after which the node-dependent add-ons are installed. */
export interface FirstNodeGroup {
  readonly nodeGroup: ITerraformDependable;
}

export interface EksClusterProps {
  /** Cluster name; also the prefix of its IAM roles, keys and log group. */
  readonly name: string;
  /** Private subnets for the control-plane ENIs and (by default) the nodes. */
  readonly privateSubnetIds: readonly string[];
  /**
   * Kubernetes version; one of EKS_KUBERNETES_VERSIONS (versions in AWS standard support).
   * @default DEFAULT_KUBERNETES_VERSION (the newest allowed)
   */
  readonly kubernetesVersion?: string;
  /**
   * CIDRs allowed to reach a public API endpoint. Empty keeps the endpoint private only.
   * @default [] (private endpoint only)
   */
  readonly endpointPublicAccessCidrs?: readonly string[];
  /**
   * Widest CIDR (shortest prefix length) `endpointPublicAccessCidrs` may hold; /0 is always refused.
   * @default 24 (DEFAULT_PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH)
   */
  readonly endpointPublicAccessMinPrefixLength?: number;
  /**
   * IAM roles given cluster-admin through access entries: role ARNs, or role names (optionally with a
   * path, `sso/AdminRole`) in the cluster's own account. The cluster creator is never made admin implicitly.
   * @default [] (no human admin; add grants with grantAccess)
   */
  readonly adminRoles?: readonly string[];
  /**
   * Days the control-plane log group keeps events; one of the values CloudWatch Logs accepts.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key ARN for envelope encryption of Kubernetes secrets.
   * @default - a new customer-managed key with rotation
   */
  readonly secretsKmsKeyArn?: string;
  /**
   * KMS key ARN that encrypts the control-plane log group (its policy must admit CloudWatch Logs).
   * @default - a new customer-managed key with rotation
   */
  readonly logsKmsKeyArn?: string;
  /**
   * KMS key ARN for node EBS volumes; its policy must let the Auto Scaling service-linked role use it.
   * @default - a new customer-managed key with rotation and that grant
   */
  readonly nodeVolumeKmsKeyArn?: string;
  /**
   * Refuse `terraform destroy` of the control plane (EKS deletion protection).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Add-on versions to pin, by add-on name.
   * @default {} (EKS's default version for the cluster version at creation)
   */
  readonly addonVersions?: Partial<Record<EksAddonName, string>>;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const ROLE_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/**
 * An EKS cluster with a private API endpoint, KMS envelope encryption of secrets, every control-plane
 * log type in a pre-created encrypted log group, authentication mode API with access entries, EKS Pod
 * Identity (agent add-on) plus an IAM OIDC provider for IRSA, and the managed add-ons vpc-cni,
 * kube-proxy, eks-pod-identity-agent (before any node) and coredns, aws-ebs-csi-driver (after the first
 * node group, see {@link addNodeAddons}).
 *
 * Self-managed default add-ons are not bootstrapped (`bootstrap_self_managed_addons = false`): the
 * managed add-ons above replace them, so nothing runs unmanaged.
 *
 * @example
 * ```ts
 * import { EksCluster, NodeGroup } from '@ott-platform/infra/cluster';
 *
 * const cluster = new EksCluster(this, 'eks', {
 *   name: 'inference-dev-eu-west-1',
 *   privateSubnetIds: ['subnet-0a1', 'subnet-0b2', 'subnet-0c3'], // e.g. network.privateSubnetIds
 *   adminRoles: ['platform-admin'], // role name in this account, or a role ARN
 * });
 * const system = new NodeGroup(this, 'node-group-system', {
 *   cluster,
 *   name: 'system',
 *   instanceType: 'm6i.xlarge',
 *   scaling: { minSize: 2, desiredSize: 3, maxSize: 6 },
 * });
 * cluster.addNodeAddons(system); // coredns and the EBS CSI driver wait for the first node group
 * // A workload identity: the role trusts EKS Pod Identity for this cluster only.
 * // cluster.addPodIdentity('ml-serving', 'recommender', role.arn) with role.assumeRolePolicy = cluster.podIdentityTrustPolicy()
 * ```
 */
export class EksCluster extends Construct implements ClusterRef {
  /**
   * Adopts an existing EKS cluster (aws-cdk-lib's `fromXAttributes` habit): NodeGroup, GpuNodeGroup and
   * WorkloadIdentity work on the handle; nothing about the cluster itself is managed.
   */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: ClusterAttributes): ClusterRef {
    return new ImportedEksCluster(scope, id, attrs);
  }

  public readonly resource: EksClusterResource;
  public readonly clusterName: string;
  public readonly clusterArn: string;
  /** API server endpoint URL. */
  public readonly endpoint: string;
  /** Base64 certificate authority data for kubeconfig / providers. */
  public readonly certificateAuthorityData: string;
  public readonly kubernetesVersion: string;
  public readonly clusterSecurityGroupId: string;
  /** OIDC issuer URL (`https://oidc.eks...`). */
  public readonly oidcIssuerUrl: string;
  /** OIDC issuer without `https://`, the prefix of IRSA condition keys. */
  public readonly oidcIssuer: string;
  public readonly oidcProviderArn: string;
  public readonly privateSubnetIds: readonly string[];
  public readonly nodeRole: IamRole;
  public readonly nodeRoleArn: string;
  /** Node role ARNs of the cluster's node groups (one shared role). */
  public readonly nodeRoleArns: readonly string[];
  public readonly nodeVolumeKmsKeyArn: string;
  public readonly secretsKmsKeyArn: string;
  public readonly logGroupName: string;
  /** Managed add-ons by name (node-dependent ones appear after {@link addNodeAddons}). */
  public readonly addons: Partial<Record<EksAddonName, EksAddon>> = {};
  public readonly nodePrerequisites: readonly ITerraformDependable[];
  /** The Pod Identity agent add-on, which associations in this stack wait for. */
  public readonly podIdentityPrerequisites: readonly ITerraformDependable[];
  /** Access grants by construct id. */
  public readonly accessGrants: ClusterAccessGrant[] = [];

  private readonly partition: string;
  private readonly accountId: string;
  /** The literal cluster name, prefix of role names. */
  private readonly baseName: string;
  private readonly addonVersions: Partial<Record<EksAddonName, string>>;
  private nodeAddonsInstalled = false;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const where = this.node.path;
    const version = props.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const versionProblem = kubernetesVersionProblem(version);
    if (versionProblem) throw new PlatformValidationError(where, `kubernetesVersion: ${versionProblem}`);
    if (!/^[a-zA-Z][a-zA-Z0-9-]{0,99}$/.test(props.name)) {
      throw new PlatformValidationError(where, `name '${props.name}' must start with a letter and hold at most 100 letters, digits and dashes`);
    }
    if (props.privateSubnetIds.length < 2) {
      throw new PlatformValidationError(where, `privateSubnetIds must name at least two subnets in different AZs (EKS requires it), got ${props.privateSubnetIds.length}`);
    }
    const retention = props.logRetentionDays ?? 365;
    assertLogRetention(where, retention);
    const publicCidrs = [...(props.endpointPublicAccessCidrs ?? [])];
    const minPrefix = props.endpointPublicAccessMinPrefixLength ?? DEFAULT_PUBLIC_ENDPOINT_MIN_PREFIX_LENGTH;
    const limitProblem = publicEndpointPrefixLimitProblem(minPrefix);
    if (limitProblem) throw new PlatformValidationError(where, `endpointPublicAccessMinPrefixLength: ${limitProblem}`);
    for (const c of publicCidrs) {
      const problem = publicEndpointCidrProblem(c, minPrefix);
      if (problem) throw new PlatformValidationError(where, `endpointPublicAccessCidrs: ${problem}`);
    }
    for (const k of Object.keys(props.addonVersions ?? {})) {
      if (!(EKS_ADDONS as readonly string[]).includes(k)) {
        throw new PlatformValidationError(where, `addonVersions: '${k}' is not an add-on this construct installs (${EKS_ADDONS.join(', ')})`);
      }
    }
    this.addonVersions = props.addonVersions ?? {};
    const ctx = awsContext(this);
    this.partition = ctx.partition;
    this.accountId = ctx.accountId;
    const name = props.name;
    this.baseName = name;
    this.privateSubnetIds = [...props.privateSubnetIds];

    // Keys: one per purpose so a key policy never grants more than its purpose needs.
    const secretsKeyArn = props.secretsKmsKeyArn ?? new EncryptionKey(this, 'secrets-key', {
      purpose: `${name} EKS secrets envelope encryption`,
      alias: `${name}-eks-secrets`,
    }).keyArn;
    this.secretsKmsKeyArn = secretsKeyArn;
    const logsKeyArn = props.logsKmsKeyArn ?? new EncryptionKey(this, 'logs-key', {
      purpose: `${name} EKS control-plane logs`,
      alias: `${name}-eks-logs`,
      additionalStatements: [cloudWatchLogsKeyStatement(this)],
    }).keyArn;
    this.nodeVolumeKmsKeyArn = props.nodeVolumeKmsKeyArn ?? new EncryptionKey(this, 'node-volume-key', {
      purpose: `${name} EKS node EBS volumes`,
      alias: `${name}-eks-node-volumes`,
      additionalStatements: autoScalingVolumeKeyStatements(ctx.partition, ctx.accountId),
    }).keyArn;

    // EKS writes control-plane logs to /aws/eks/<cluster>/cluster; creating the group first gives it a
    // retention and a KMS key (EKS would otherwise create it unencrypted and kept forever).
    const logGroup = new EncryptedLogGroup(this, 'control-plane-logs', {
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: retention,
      kmsKeyArn: logsKeyArn,
    });
    this.logGroupName = logGroup.name;

    // EKS does not pass aws:SourceAccount for the cluster role, so the trust policy names the service only.
    const clusterRole = new IamRole(this, 'cluster-role', {
      name: `${name}-eks-cluster`,
      assumeRolePolicy: serviceTrustPolicy('eks.amazonaws.com'),
    });
    const clusterPolicies = attachManagedPolicies(this, 'cluster-role', clusterRole, ctx.partition, ['AmazonEKSClusterPolicy']);
    const encryptionPolicy = new IamRolePolicy(this, 'cluster-role-secrets-key', {
      name: 'use-secrets-key',
      role: clusterRole.id,
      policy: policyJson({
        Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], Resource: secretsKeyArn }],
      }),
    });

    this.resource = new EksClusterResource(this, 'cluster', {
      name,
      version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.privateSubnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        ...(publicCidrs.length > 0 ? { publicAccessCidrs: publicCidrs } : {}),
      },
      accessConfig: {
        authenticationMode: 'API',
        bootstrapClusterCreatorAdminPermissions: false,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: secretsKeyArn } },
      enabledClusterLogTypes: [...EKS_CONTROL_PLANE_LOG_TYPES],
      bootstrapSelfManagedAddons: false,
      deletionProtection: props.deletionProtection ?? true,
      dependsOn: [logGroup.logGroup, ...clusterPolicies, encryptionPolicy],
    });
    this.clusterName = this.resource.name;
    this.clusterArn = this.resource.arn;
    this.endpoint = this.resource.endpoint;
    this.certificateAuthorityData = this.resource.certificateAuthority.get(0).data;
    this.kubernetesVersion = this.resource.version;
    this.clusterSecurityGroupId = this.resource.vpcConfig.clusterSecurityGroupId;
    this.oidcIssuerUrl = this.resource.identity.get(0).oidc.get(0).issuer;
    this.oidcIssuer = Fn.replace(this.oidcIssuerUrl, 'https://', '');

    // IRSA: IAM trusts EKS OIDC issuers through its own library of root CAs, so no thumbprint is pinned
    // (thumbprint_list is optional since AWS provider 5.x); nothing here needs the tls provider.
    const oidc = new IamOpenidConnectProvider(this, 'oidc-provider', {
      url: this.oidcIssuerUrl,
      clientIdList: ['sts.amazonaws.com'],
      tags: { Name: `${name}-irsa` },
    });
    this.oidcProviderArn = oidc.arn;

    this.nodeRole = new IamRole(this, 'node-role', {
      name: `${name}-eks-node`,
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    // No AmazonEKS_CNI_Policy here: the VPC CNI gets its own Pod Identity role below, so pods on the node
    // cannot borrow ENI permissions through the instance profile.
    const nodePolicies = attachManagedPolicies(this, 'node-role', this.nodeRole, ctx.partition, [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEC2ContainerRegistryReadOnly',
    ]);
    this.nodeRoleArn = this.nodeRole.arn;
    this.nodeRoleArns = [this.nodeRoleArn];

    const podIdentityAgent = this.addAddon('eks-pod-identity-agent', []);
    const cniRole = this.podIdentityRole('vpc-cni-role', `${name}-vpc-cni`, ['AmazonEKS_CNI_Policy']);
    const vpcCni = this.addAddon('vpc-cni', [podIdentityAgent, ...cniRole.attachments], { serviceAccount: 'aws-node', roleArn: cniRole.role.arn });
    const kubeProxy = this.addAddon('kube-proxy', []);
    this.nodePrerequisites = [podIdentityAgent, vpcCni, kubeProxy, ...nodePolicies];
    this.podIdentityPrerequisites = [podIdentityAgent];

    (props.adminRoles ?? []).forEach((role, i) => this.grantAccess(adminGrantId(role, i), this.roleArn(role), 'AmazonEKSClusterAdminPolicy'));

    this.node.addValidation({
      validate: () => (this.nodeAddonsInstalled ? [] : [`${this.node.path}: coredns and aws-ebs-csi-driver are not installed; call addNodeAddons(<first node group>) once a node group exists`]),
    });
  }

  /**
   * Installs the add-ons that need nodes to run on (coredns, aws-ebs-csi-driver with its Pod Identity
   * role), each with `depends_on` the given first node group. Call it once.
   */
  public addNodeAddons(firstNodeGroup: FirstNodeGroup): void {
    if (this.nodeAddonsInstalled) {
      throw new PlatformValidationError(this.node.path, 'addNodeAddons was already called; coredns and aws-ebs-csi-driver exist once per cluster');
    }
    this.nodeAddonsInstalled = true;
    this.addAddon('coredns', [firstNodeGroup.nodeGroup]);
    const ebsRole = this.podIdentityRole('ebs-csi-role', `${this.baseName}-ebs-csi`, ['service-role/AmazonEBSCSIDriverPolicy']);
    this.addAddon('aws-ebs-csi-driver', [firstNodeGroup.nodeGroup, this.addons['eks-pod-identity-agent']!, ...ebsRole.attachments], {
      serviceAccount: 'ebs-csi-controller-sa',
      roleArn: ebsRole.role.arn,
    });
  }

  /**
   * Gives a Kubernetes service account an IAM role through EKS Pod Identity (an
   * `aws_eks_pod_identity_association`). The role's trust policy must admit `pods.eks.amazonaws.com`
   * (see {@link podIdentityTrustPolicy}). Pass `scope` to create the association in another stack
   * (for example the workloads stack that owns the role).
   */
  public addPodIdentity(namespace: string, serviceAccount: string, roleArn: string, options: { readonly scope?: Construct; readonly id?: string } = {}): EksPodIdentityAssociation {
    return associatePodIdentity(options.scope ?? this, options.id ?? `pod-identity-${namespace}-${serviceAccount}`, this, { namespace, serviceAccount, roleArn });
  }

  /** Trust policy for a role used through {@link addPodIdentity}, limited to this cluster. */
  public podIdentityTrustPolicy(): string {
    return podIdentityTrustPolicy(this.accountId, this.clusterArn);
  }

  /** Trust policy for an IRSA role: the service account's web identity token from this cluster's issuer. */
  public irsaTrustPolicy(namespace: string, serviceAccount: string): string {
    return policyJson({
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: this.oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${this.oidcIssuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${this.oidcIssuer}:aud`]: 'sts.amazonaws.com',
          },
        },
      }],
    });
  }

  /** Grants an IAM principal an EKS access policy through an access entry. */
  public grantAccess(id: string, principalArn: string, policy: EksAccessPolicy, namespaces?: readonly string[]): ClusterAccessGrant {
    const grant = new ClusterAccessGrant(this, id, { clusterName: this.clusterName, partition: this.partition, principalArn, policy, namespaces });
    this.accessGrants.push(grant);
    return grant;
  }

  private roleArn(role: string): string {
    if (Token.isUnresolved(role) || ROLE_ARN.test(role)) return role;
    if (!ROLE_NAME.test(role)) {
      throw new PlatformValidationError(this.node.path, `adminRoles: '${role}' is neither an IAM role ARN nor a role name (with optional path)`);
    }
    return `arn:${this.partition}:iam::${this.accountId}:role/${role}`;
  }

  private addAddon(name: EksAddonName, dependsOn: readonly ITerraformDependable[], podIdentity?: { serviceAccount: string; roleArn: string }): EksAddon {
    const addon = createManagedAddon(this, {
      clusterName: this.clusterName,
      name,
      version: this.addonVersions[name],
      podIdentity,
      dependsOn,
    });
    this.addons[name] = addon;
    return addon;
  }

  private podIdentityRole(id: string, roleName: string, policies: readonly string[]) {
    const role = new IamRole(this, id, {
      name: roleName,
      assumeRolePolicy: podIdentityTrustPolicy(this.accountId, this.clusterArn),
    });
    return { role, attachments: attachManagedPolicies(this, id, role, this.partition, policies) };
  }
}

/** Construct id of the admin grant for `role`: the role's name when it is a literal, else its index. */
function adminGrantId(role: string, index: number): string {
  if (Token.isUnresolved(role)) return `admin-${index}`;
  const name = role.split('/').pop() ?? `${index}`;
  return `admin-${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
}

/**
 * Key-policy statements letting EC2 Auto Scaling (which launches managed node group instances) use the
 * key for encrypted EBS volumes, as AWS documents for customer-managed keys ("Required KMS key policy for
 * use with encrypted volumes", EC2 Auto Scaling user guide). The service-linked role
 * AWSServiceRoleForAutoScaling must exist: it does in any account that has created an Auto Scaling group;
 * otherwise create it once with `aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com`.
 */
export function autoScalingVolumeKeyStatements(partition: string, accountId: string): PolicyStatement[] {
  const slr = `arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  return [
    {
      Sid: 'AutoScalingUseForNodeVolumes',
      Effect: 'Allow',
      Principal: { AWS: slr },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
    },
    {
      Sid: 'AutoScalingGrantForNodeVolumes',
      Effect: 'Allow',
      Principal: { AWS: slr },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
    },
  ];
}
