import { Construct } from 'constructs';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { EfsBackupPolicy } from '@cdktf/provider-aws/lib/efs-backup-policy';
import { EfsFileSystemPolicy } from '@cdktf/provider-aws/lib/efs-file-system-policy';
import { PlatformValidationError } from '../core/errors';
import { EncryptionKey } from '../core/kms';
import { policyJson } from '../core/iam';
import { DataEndpoint, storeSecurityGroup } from './data-client-access';
import { awsContext } from '../core/aws-context';

export const NFS_PORT = 2049;

export interface EfsFilesystemProps {
  /** Name tag and resource-name prefix, e.g. `production-eu-west-1-live-segments`. */
  readonly name: string;
  /** VPC of the mount targets' security group. */
  readonly vpcId: string;
  /** Private subnets, one per AZ: a mount target in each. */
  readonly subnetIds: readonly string[];
  /**
   * KMS key ARN for encryption at rest.
   * @default - a new customer-managed key with rotation
   */
  readonly kmsKeyArn?: string;
  /**
   * Daily backups through AWS Backup's default plan.
   * @default true
   */
  readonly backup?: boolean;
  /**
   * Throughput mode; `elastic` scales with the live workload's bursts.
   * @default 'elastic'
   */
  readonly throughputMode?: 'elastic' | 'bursting';
  /**
   * Tags on the file system.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An EFS file system for live segments (seed 003 §2: "S3 with EFS for live segment write/read"):
 * encrypted at rest with a customer-managed key, a file-system policy that refuses non-TLS mounts and
 * allows mounting only through the mount targets, mount targets in the private subnets behind a
 * security group reachable only from the data clients (NFS 2049), and backups on. No transition to
 * Infrequent Access: live segments live for minutes.
 *
 * @example
 * ```ts
 * import { availabilityZoneIds } from '@ott-platform/infra/core';
 * import { DataClientAccess, EfsFilesystem } from '@ott-platform/infra/data';
 * import { Network } from '@ott-platform/infra/network';
 *
 * const network = new Network(this, 'network', {
 *   name: 'inference-dev', cidr: '10.40.0.0/16', availabilityZoneIds: availabilityZoneIds('eu-west-1', 3), natGateways: 'single',
 * });
 * const scratch = new EfsFilesystem(this, 'model-cache', {
 *   name: 'inference-dev-model-cache',
 *   vpcId: network.vpcId,
 *   subnetIds: network.privateSubnetIds, // a mount target per AZ, next to the workloads
 * });
 * const clients = new DataClientAccess(this, 'data-clients', { name: 'inference-dev-data-clients', vpcId: network.vpcId });
 * clients.allow(scratch); // NFS 2049 from the data clients only; mount scratch.dnsName with TLS
 * ```
 */
export class EfsFilesystem extends Construct implements DataEndpoint {
  /** The `aws_efs_file_system` resource. */
  public readonly fileSystem: EfsFileSystem;
  /** File system id (`fs-...`). */
  public readonly fileSystemId: string;
  /** File system ARN. */
  public readonly fileSystemArn: string;
  /** DNS name to mount. */
  public readonly dnsName: string;
  /** NFS port, 2049. */
  public readonly port = NFS_PORT;
  /** The mount targets' security group (ingress only through {@link DataClientAccess}). */
  public readonly securityGroupId: string;
  /** `efs-<construct id>`, names the client-access rules. */
  public readonly endpointName: string;
  /** The key encrypting the file system. */
  public readonly kmsKeyArn: string;
  /** Mount target ids, one per subnet. */
  public readonly mountTargetIds: string[] = [];

  constructor(scope: Construct, id: string, props: EfsFilesystemProps) {
    super(scope, id);
    if (props.subnetIds.length < 1) throw new PlatformValidationError(this.node.path, 'at least one subnet is needed for a mount target');
    this.endpointName = `efs-${id}`;
    this.kmsKeyArn = props.kmsKeyArn ?? new EncryptionKey(this, 'key', { purpose: `EFS ${props.name}`, alias: `${props.name}-efs` }).keyArn;
    this.fileSystem = new EfsFileSystem(this, 'fs', {
      creationToken: props.name,
      encrypted: true,
      kmsKeyId: this.kmsKeyArn,
      performanceMode: 'generalPurpose',
      throughputMode: props.throughputMode ?? 'elastic',
      tags: { Name: props.name, ...(props.tags ?? {}) },
    });
    this.fileSystemId = this.fileSystem.id;
    this.fileSystemArn = this.fileSystem.arn;
    this.dnsName = this.fileSystem.dnsName;
    const ctx = awsContext(this);
    new EfsFileSystemPolicy(this, 'policy', {
      fileSystemId: this.fileSystem.id,
      bypassPolicyLockoutSafetyCheck: false,
      policy: policyJson({
        Statement: [
          {
            // Principals of this account only (their IAM policies then decide), through a mount target, with
            // IAM authorization on mount (the EFS CSI driver mounts with `iam`): Principal "*" here admitted
            // any principal, or an anonymous NFS client, that reached a mount target (policy
            // efs-policy-no-anonymous-principal).
            Sid: 'MountThroughMountTargetsOnly',
            Effect: 'Allow',
            Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` },
            Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
            Resource: this.fileSystem.arn,
            Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
          },
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: '*',
            Resource: this.fileSystem.arn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });
    new EfsBackupPolicy(this, 'backup', {
      fileSystemId: this.fileSystem.id,
      backupPolicy: { status: (props.backup ?? true) ? 'ENABLED' : 'DISABLED' },
    });
    const sg = storeSecurityGroup(this, 'sg', `${props.name}-efs`, props.vpcId, `EFS ${props.name}: NFS ${NFS_PORT} from the data clients only`);
    this.securityGroupId = sg.id;
    props.subnetIds.forEach((subnetId, i) => {
      const mt = new EfsMountTarget(this, `mount-target-${i}`, { fileSystemId: this.fileSystem.id, subnetId, securityGroups: [sg.id] });
      this.mountTargetIds.push(mt.id);
    });
  }
}
