import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { policyJson, serviceTrustPolicy, PolicyStatement } from '../core/iam';

/** S3 Replication Time Control's only objective: 99.99% of objects within 15 minutes (S3 user guide, "Meeting compliance requirements with S3 RTC"). */
export const S3_RTC_MINUTES = 15;

/** The bucket replicated from (versioned, SSE-KMS with a customer-managed key). */
export interface ReplicationSource {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Key of the source's SSE-KMS encryption; replication decrypts with it. */
  readonly kmsKeyArn: string;
  /** Region of the source bucket (the key's `kms:ViaService` condition). */
  readonly region: string;
}

/** One replica bucket in another region. */
export interface ReplicationDestination {
  readonly bucketArn: string;
  /** Region of the replica bucket. */
  readonly region: string;
  /** Customer-managed key in the replica's region that encrypts the replicas. */
  readonly kmsKeyArn: string;
}

export interface BucketReplicationProps {
  /** IAM role name for S3 replication, e.g. `production-eu-west-1-media-origin-crr`. */
  readonly roleName: string;
  /** The bucket replicated from. */
  readonly source: ReplicationSource;
  /** Replica buckets; one rule each (S3 allows one replication configuration per source bucket). */
  readonly destinations: readonly ReplicationDestination[];
  /**
   * Replicate delete markers. Off: a delete in the source (mistaken or malicious) leaves the replica's
   * copy readable; S3 never replicates lifecycle expirations, so each replica carries the source's
   * lifecycle rules itself.
   * @default false
   */
  readonly replicateDeleteMarkers?: boolean;
  /**
   * Provider of the source bucket's region (the configuration belongs to the source bucket).
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Resources that must exist first (the replica buckets' versioning: S3 refuses a destination without it).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Why `destinations` cannot be the destinations of one source bucket (undefined when they can). */
export function replicationDestinationsProblem(sourceRegion: string, destinations: readonly { readonly region: string }[]): string | undefined {
  if (destinations.length === 0) return 'a replication configuration needs at least one destination';
  const same = destinations.find((d) => d.region === sourceRegion);
  if (same) return `destination region ${same.region} is the source's region: cross-region replication needs another region`;
  const dup = destinations.find((d, i) => destinations.findIndex((x) => x.region === d.region) !== i);
  return dup ? `two destinations in ${dup.region}: one replica per region` : undefined;
}

/**
 * S3 cross-region replication of one versioned SSE-KMS bucket to replica buckets in other regions, with
 * S3 Replication Time Control (15 minutes) and replication metrics, replicas encrypted with a
 * customer-managed key of their own region, and a replication role that may read only this bucket's
 * object versions, decrypt only with the source key (through S3 in the source region), and write only
 * to the named replica buckets with their keys. Objects that existed before the configuration are not
 * copied by it (S3 Batch Replication does that once, docs/replication.md).
 *
 * @example
 * ```ts
 * import { EncryptionKey } from '@ott-platform/infra/core';
 * import { BucketReplication, SecureBucket } from '@ott-platform/infra/data';
 *
 * // This stack's provider is us-east-1 (the replica's region); `source` is an aliased eu-west-1 provider.
 * const replicaKey = new EncryptionKey(this, 'replica-key', { purpose: 'model replicas', alias: 'inference-prod-models-replica' });
 * const replica = new SecureBucket(this, 'models-replica', { bucketName: 'inference-prod-models-replica-111122223333', label: 'models-replica', kmsKeyArn: replicaKey.keyArn });
 * new BucketReplication(this, 'models-crr', {
 *   roleName: 'inference-prod-models-crr',
 *   source: {
 *     bucketName: 'inference-prod-models-111122223333', bucketArn: 'arn:aws:s3:::inference-prod-models-111122223333',
 *     kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', region: 'eu-west-1',
 *   },
 *   destinations: [{ bucketArn: replica.bucketArn, kmsKeyArn: replicaKey.keyArn, region: 'us-east-1' }],
 * });
 * ```
 */
export class BucketReplication extends Construct {
  /** The `aws_s3_bucket_replication_configuration` resource. */
  public readonly configuration: S3BucketReplicationConfigurationA;
  /** The role S3 assumes to replicate. */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const problem = replicationDestinationsProblem(props.source.region, props.destinations);
    if (problem) throw new PlatformValidationError(this.node.path, problem);
    const ctx = awsContext(this);
    const provider = props.provider ? { provider: props.provider } : {};
    const src = props.source;
    const s3In = (region: string) => `s3.${region}.amazonaws.com`;
    const statements: PolicyStatement[] = [
      { Sid: 'ReadConfiguration', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: [src.bucketArn] },
      { Sid: 'ReadVersions', Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: [`${src.bucketArn}/*`] },
      { Sid: 'WriteReplicas', Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: props.destinations.map((d) => `${d.bucketArn}/*`) },
      {
        Sid: 'DecryptSource', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [src.kmsKeyArn],
        Condition: { StringEquals: { 'kms:ViaService': s3In(src.region) }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [src.bucketArn, `${src.bucketArn}/*`] } },
      },
      ...props.destinations.map((d, i): PolicyStatement => ({
        Sid: `EncryptReplicas${i}`, Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: [d.kmsKeyArn],
        Condition: { StringEquals: { 'kms:ViaService': s3In(d.region) }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [d.bucketArn, `${d.bucketArn}/*`] } },
      })),
    ];
    this.role = new IamRole(this, 'role', {
      ...provider,
      name: props.roleName,
      description: `S3 replication of ${src.region} bucket to ${props.destinations.map((d) => d.region).join(', ')}`,
      assumeRolePolicy: serviceTrustPolicy('s3.amazonaws.com', ctx.accountId),
    });
    const policy = new IamRolePolicy(this, 'policy', { ...provider, name: 'replicate', role: this.role.name, policy: policyJson({ Statement: statements }) });
    const deletes = props.replicateDeleteMarkers ?? false;
    this.configuration = new S3BucketReplicationConfigurationA(this, 'configuration', {
      ...provider,
      bucket: src.bucketName,
      role: this.role.arn,
      rule: props.destinations.map((d, i) => ({
        id: `to-${d.region}`,
        priority: i,
        status: 'Enabled',
        filter: { prefix: '' },
        deleteMarkerReplication: { status: deletes ? 'Enabled' : 'Disabled' },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
        destination: {
          bucket: d.bucketArn,
          storageClass: 'STANDARD',
          encryptionConfiguration: { replicaKmsKeyId: d.kmsKeyArn },
          replicationTime: { status: 'Enabled', time: { minutes: S3_RTC_MINUTES } },
          metrics: { status: 'Enabled', eventThreshold: { minutes: S3_RTC_MINUTES } },
        },
      })),
      dependsOn: [policy, ...(props.dependsOn ?? [])],
    });
  }
}
