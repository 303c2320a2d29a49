import { Construct } from 'constructs';
import { Lazy, Token } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { EncryptionKey } from '../core/kms';
import { policyJson, PolicyStatement } from '../core/iam';
import { GrantRole, GrantTarget, grantStatements } from './grants';

export type S3StorageClass = 'STANDARD_IA' | 'INTELLIGENT_TIERING' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';

export interface BucketLifecycleRule {
  /** Rule id (unique in the bucket). */
  readonly id: string;
  /** Key prefix the rule applies to, ending in `/`; empty for the whole bucket. */
  readonly prefix: string;
  /**
   * Storage-class transitions, by object age in days.
   * @default []
   */
  readonly transitions?: readonly { readonly days: number; readonly storageClass: S3StorageClass }[];
  /**
   * Delete current objects at this age, days.
   * @default - never
   */
  readonly expirationDays?: number;
}

/** `kms`: a customer-managed key (SSE-KMS with bucket keys); `s3-managed`: SSE-S3 (AES-256). */
export type BucketEncryption = 'kms' | 's3-managed';

/** What a consumer needs from a bucket: {@link SecureBucket} (and DataLake) provide it, or adopt one with {@link SecureBucket.fromBucketAttributes}. */
export interface BucketRef {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Lets `role` list and read objects (under `prefix`, a folder ending in `/`, when given) and decrypt them. */
  grantRead(role: GrantRole | GrantTarget, prefix?: string): void;
  /** Lets `role` write objects (under `prefix` when given) and encrypt them. */
  grantWrite(role: GrantRole | GrantTarget, prefix?: string): void;
}

/** Attributes of an existing bucket to adopt. */
export interface BucketAttributes {
  readonly bucketName: string;
  /**
   * KMS key of SSE-KMS encryption; grants add kms:Decrypt / GenerateDataKey on it.
   * @default - none (SSE-S3)
   */
  readonly kmsKeyArn?: string;
  /**
   * Partition of the bucket ARN.
   * @default 'aws'
   */
  readonly partition?: string;
}

/** Why `prefix` is not a grant prefix (undefined when it is). */
export function bucketPrefixProblem(prefix?: string): string | undefined {
  return prefix !== undefined && (prefix.startsWith('/') || !prefix.endsWith('/') || prefix.includes('*'))
    ? `prefix '${prefix}' must end with '/', must not start with '/' and must not contain '*'`
    : undefined;
}

/** The statements of a read grant on a bucket (shared by created and adopted buckets). */
export function bucketReadStatements(bucketArn: string, kmsKeyArn: string | undefined, prefix?: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: [`${bucketArn}/${prefix ?? ''}*`] },
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucketArn], ...(prefix ? { Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}) },
  ];
  if (kmsKeyArn) statements.push({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [kmsKeyArn] });
  return statements;
}

/** The statements of a write grant on a bucket (shared by created and adopted buckets). */
export function bucketWriteStatements(bucketArn: string, kmsKeyArn: string | undefined, prefix?: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: [`${bucketArn}/${prefix ?? ''}*`] },
  ];
  // Multipart uploads to SSE-KMS need Decrypt as well as GenerateDataKey.
  if (kmsKeyArn) statements.push({ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [kmsKeyArn] });
  return statements;
}

function grantPurpose(kind: 'read' | 'write', label: string, prefix?: string): string {
  return `s3-${kind}-${label}${prefix ? `-${prefix.replace(/\//g, '-')}` : ''}`;
}

/** An existing bucket adopted by its attributes (nothing is created). */
class ImportedBucket extends Construct implements BucketRef {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  private readonly kmsKeyArn?: string;

  constructor(scope: Construct, id: string, attrs: BucketAttributes) {
    super(scope, id);
    if (!Token.isUnresolved(attrs.bucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(attrs.bucketName)) {
      throw new PlatformValidationError(this.node.path, `bucketName '${attrs.bucketName}' is not an S3 bucket name`);
    }
    this.bucketName = attrs.bucketName;
    this.bucketArn = `arn:${attrs.partition ?? 'aws'}:s3:::${attrs.bucketName}`;
    this.kmsKeyArn = attrs.kmsKeyArn;
  }

  public grantRead(role: GrantRole | GrantTarget, prefix?: string): void {
    const problem = bucketPrefixProblem(prefix);
    if (problem) throw new PlatformValidationError(this.node.path, problem);
    grantStatements(this, role, grantPurpose('read', this.node.id, prefix), bucketReadStatements(this.bucketArn, this.kmsKeyArn, prefix));
  }

  public grantWrite(role: GrantRole | GrantTarget, prefix?: string): void {
    const problem = bucketPrefixProblem(prefix);
    if (problem) throw new PlatformValidationError(this.node.path, problem);
    grantStatements(this, role, grantPurpose('write', this.node.id, prefix), bucketWriteStatements(this.bucketArn, this.kmsKeyArn, prefix));
  }
}

export interface SecureBucketProps {
  /** Bucket name (globally unique; may contain a reference such as the account id). */
  readonly bucketName: string;
  /** Short literal label used in grant policy names, e.g. `data-lake`. */
  readonly label: string;
  /**
   * Server-side encryption. Use `s3-managed` only where KMS cannot work (server access log targets) or
   * is deliberately avoided (see docs/data.md for the media origin).
   * @default 'kms'
   */
  readonly encryption?: BucketEncryption;
  /**
   * KMS key ARN when `encryption` is `kms`.
   * @default - a new customer-managed key with rotation
   */
  readonly kmsKeyArn?: string;
  /**
   * Bucket receiving this bucket's server access logs (under `<label>/`).
   * @default - no server access logging (only for the log bucket itself)
   */
  readonly accessLogsBucket?: string;
  /**
   * Lifecycle rules besides the built-in housekeeping rule.
   * @default []
   */
  readonly lifecycleRules?: readonly BucketLifecycleRule[];
  /**
   * Days noncurrent object versions are kept (versioning is always on).
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Let `terraform destroy` delete a non-empty bucket (development only).
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Tags on the bucket.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Leave the bucket policy to an `aws_s3_bucket_policy` elsewhere (the edge layer's MediaOriginAccess,
   * which names the CloudFront distributions and repeats the TLS-only denies). Only one policy may own a
   * bucket, so `addToResourcePolicy` then throws.
   * @default false
   */
  readonly externalPolicy?: boolean;
}

/**
 * An S3 bucket with every public access path blocked, object ownership enforced (ACLs off), versioning,
 * default encryption (customer-managed KMS key with bucket keys, or SSE-S3 where chosen), a bucket
 * policy that refuses plain HTTP and TLS below 1.2, server access logs, a housekeeping lifecycle rule
 * (abort incomplete uploads after 7 days, expire noncurrent versions) plus the rules passed in.
 *
 * @example
 * ```ts
 * import { awsContext } from '@ott-platform/infra/core';
 * import { SecureBucket, allowServerAccessLogDelivery } from '@ott-platform/infra/data';
 *
 * const account = awsContext(this).accountId;
 * const accessLogs = new SecureBucket(this, 'access-logs', {
 *   bucketName: `inference-dev-access-logs-${account}`, label: 'access-logs', encryption: 's3-managed', // S3 cannot log into SSE-KMS
 *   lifecycleRules: [{ id: 'expire-logs', prefix: '', expirationDays: 90 }],
 * });
 * allowServerAccessLogDelivery(accessLogs);
 * const models = new SecureBucket(this, 'model-artifacts', {
 *   bucketName: `inference-dev-models-${account}`,
 *   label: 'models',
 *   accessLogsBucket: accessLogs.bucketName,
 *   lifecycleRules: [{ id: 'old-checkpoints', prefix: 'checkpoints/', transitions: [{ days: 30, storageClass: 'STANDARD_IA' }], expirationDays: 180 }],
 * });
 * models.grantRead({ roleName: 'inference-serving' }, 'released/');
 * ```
 */
export class SecureBucket extends Construct implements BucketRef {
  /** Adopts an existing bucket (aws-cdk-lib's `fromXAttributes` habit): grants work on it; nothing is created. */
  public static fromBucketAttributes(scope: Construct, id: string, attrs: BucketAttributes): BucketRef {
    return new ImportedBucket(scope, id, attrs);
  }

  /** The `aws_s3_bucket` resource. */
  public readonly bucket: S3Bucket;
  /** Bucket name. */
  public readonly bucketName: string;
  /** Bucket ARN. */
  public readonly bucketArn: string;
  /** Label used in grant policy names, as passed in. */
  public readonly label: string;
  /** The key encrypting objects, when encryption is `kms`. */
  public readonly kmsKeyArn?: string;
  /** `kms` or `s3-managed`. */
  public readonly encryption: BucketEncryption;
  /** The lifecycle rules passed in (besides the housekeeping rule). */
  public readonly lifecycleRules: readonly BucketLifecycleRule[];
  /** Regional domain name (`<bucket>.s3.<region>.amazonaws.com`), e.g. for a CloudFront origin. */
  public readonly regionalDomainName: string;
  /** True when another construct owns the bucket policy (`externalPolicy`). */
  public readonly externalPolicy: boolean;
  private readonly extraStatements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const where = this.node.path;
    const fail = (msg: string): never => { throw new PlatformValidationError(where, msg); };
    if (!Token.isUnresolved(props.bucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) fail(`bucketName '${props.bucketName}' is not a valid S3 bucket name (3-63 lower-case letters, digits, dots, dashes)`);
    if (!/^[a-z0-9-]+$/.test(props.label)) fail(`label '${props.label}' must be lower-case letters, digits or dashes`);
    this.encryption = props.encryption ?? 'kms';
    if (this.encryption === 's3-managed' && props.kmsKeyArn) fail('kmsKeyArn was given but encryption is s3-managed');
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 90;
    if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1) fail(`noncurrentVersionExpirationDays must be a positive integer, got ${noncurrentDays}`);
    const rules = props.lifecycleRules ?? [];
    validateLifecycleRules(where, rules);
    this.lifecycleRules = rules;
    this.label = props.label;

    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false, tags: { ...(props.tags ?? {}) } });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.regionalDomainName = this.bucket.bucketRegionalDomainName;
    const pab = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketVersioningA(this, 'versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    if (this.encryption === 'kms') {
      this.kmsKeyArn = props.kmsKeyArn ?? new EncryptionKey(this, 'key', { purpose: `S3 ${props.label}`, alias: `s3-${props.label}-${this.node.addr.slice(0, 10)}` }).keyArn;
    }
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [this.encryption === 'kms'
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.kmsKeyArn }, bucketKeyEnabled: true }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    this.externalPolicy = props.externalPolicy ?? false;
    if (!this.externalPolicy) {
      new S3BucketPolicy(this, 'policy', {
        bucket: this.bucket.id,
        policy: Lazy.stringValue({ produce: () => policyJson({ Statement: [...this.baseStatements(), ...this.extraStatements] }) }),
        dependsOn: [pab],
      });
    }
    if (props.accessLogsBucket) {
      new S3BucketLoggingA(this, 'access-logs', { bucket: this.bucket.id, targetBucket: props.accessLogsBucket, targetPrefix: `${props.label}/` });
    }
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'housekeeping',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
        },
        ...rules.map((r) => ({
          id: r.id,
          status: 'Enabled',
          filter: [{ prefix: r.prefix }],
          ...(r.transitions && r.transitions.length > 0 ? { transition: r.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })) } : {}),
          ...(r.expirationDays !== undefined ? { expiration: [{ days: r.expirationDays }] } : {}),
        })),
      ],
    });
  }

  /** Adds a statement to the bucket policy (e.g. CloudFront OAC read access from the edge layer). */
  public addToResourcePolicy(statement: PolicyStatement): void {
    if (this.externalPolicy) throw new PlatformValidationError(this.node.path, 'the bucket policy is owned elsewhere (externalPolicy): add the statement there');
    this.extraStatements.push(statement);
  }

  private baseStatements(): PolicyStatement[] {
    const resources = [this.bucketArn, `${this.bucketArn}/*`];
    return [
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'DenyTlsBelow12', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
    ];
  }

  private checkPrefix(prefix?: string): void {
    const problem = bucketPrefixProblem(prefix);
    if (problem) throw new PlatformValidationError(this.node.path, problem);
  }

  /** Lets `role` list and read objects (under `prefix` when given) and decrypt them. */
  public grantRead(role: GrantRole | GrantTarget, prefix?: string): void {
    this.checkPrefix(prefix);
    grantStatements(this, role, grantPurpose('read', this.label, prefix), bucketReadStatements(this.bucketArn, this.kmsKeyArn, prefix));
  }

  /** Lets `role` write objects (under `prefix` when given) and encrypt them. */
  public grantWrite(role: GrantRole | GrantTarget, prefix?: string): void {
    this.checkPrefix(prefix);
    grantStatements(this, role, grantPurpose('write', this.label, prefix), bucketWriteStatements(this.bucketArn, this.kmsKeyArn, prefix));
  }
}

/** Days S3 requires an object to stay in the previous class before each transition target. */
const MIN_DAYS_BEFORE: Partial<Record<S3StorageClass, number>> = { STANDARD_IA: 30 };

/** Checks lifecycle rules: unique ids, prefixes ending in `/`, increasing transitions before expiration. */
export function validateLifecycleRules(where: string, rules: readonly BucketLifecycleRule[]): void {
  const fail = (msg: string): never => { throw new PlatformValidationError(where, msg); };
  const ids = new Set<string>(['housekeeping']);
  for (const r of rules) {
    if (ids.has(r.id)) fail(`lifecycle rule id '${r.id}' is used twice (or is the reserved 'housekeeping')`);
    ids.add(r.id);
    if (r.prefix !== '' && (!r.prefix.endsWith('/') || r.prefix.startsWith('/'))) fail(`lifecycle rule '${r.id}': prefix '${r.prefix}' must end with '/' and not start with '/'`);
    let last = -1;
    for (const t of r.transitions ?? []) {
      if (!Number.isInteger(t.days) || t.days < 0) fail(`lifecycle rule '${r.id}': transition days must be a non-negative integer, got ${t.days}`);
      if (t.days <= last) fail(`lifecycle rule '${r.id}': transitions must be in increasing order of days`);
      const min = MIN_DAYS_BEFORE[t.storageClass];
      if (min !== undefined && t.days < min) fail(`lifecycle rule '${r.id}': S3 needs objects to be ${min} days old before ${t.storageClass}, got ${t.days}`);
      last = t.days;
    }
    if (r.expirationDays !== undefined) {
      if (!Number.isInteger(r.expirationDays) || r.expirationDays < 1) fail(`lifecycle rule '${r.id}': expirationDays must be a positive integer, got ${r.expirationDays}`);
      if (r.expirationDays <= last) fail(`lifecycle rule '${r.id}': expiration (${r.expirationDays} days) must come after the last transition (${last} days)`);
    }
  }
}

/**
 * Lets S3 server access logging (the `logging.s3.amazonaws.com` service principal, this account only)
 * write into `bucket`. The target of server access logs must use SSE-S3: S3 cannot deliver access logs
 * into an SSE-KMS bucket, and with BucketOwnerEnforced the log-delivery ACL is replaced by this policy.
 */
export function allowServerAccessLogDelivery(bucket: SecureBucket): void {
  if (bucket.encryption !== 's3-managed') {
    throw new PlatformValidationError(bucket.node.path, 'a server access log target bucket must use s3-managed encryption (S3 cannot deliver access logs to SSE-KMS buckets)');
  }
  const ctx = awsContext(bucket);
  bucket.addToResourcePolicy({
    Sid: 'S3ServerAccessLogsDelivery',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucket.bucketArn}/*`,
    Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } },
  });
}
