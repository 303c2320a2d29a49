import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { serviceTrustPolicy } from '../core/iam';
import { EncryptionKey, cloudWatchLogsKeyStatement } from '../core/kms';
import { EncryptedLogGroup, assertLogRetention } from '../core/logs';
import { DataEndpoint, storeSecurityGroup } from './data-client-access';
import { GrantRole, GrantTarget, grantStatements } from './grants';
import { moveConstructFrom, ResourceMove } from '../core/moves';

export const POSTGRES_PORT = 5432;
/** Smallest gp3 volume RDS accepts, GiB. */
export const RDS_GP3_MIN_GB = 20;
/** Largest RDS PostgreSQL volume, GiB. */
export const RDS_MAX_STORAGE_GB = 65536;
/** Enhanced-monitoring intervals RDS accepts (0 turns it off). */
export const RDS_MONITORING_INTERVALS: readonly number[] = [0, 1, 5, 10, 15, 30, 60];

/**
 * PostgreSQL extensions the construct knows how to prepare. `vector` (pgvector) needs no parameter:
 * it is not a preload library, so `shared_preload_libraries` stays as is; the owning service's first
 * migration runs `CREATE EXTENSION IF NOT EXISTS vector;` as a role with `rds_superuser` (see
 * {@link PostgresDatabase.bootstrapSql}). `pg_stat_statements` is always preloaded (Performance
 * Insights' SQL statistics use it).
 */
export const POSTGRES_EXTENSIONS = ['vector', 'pg_stat_statements'] as const;
export type PostgresExtension = (typeof POSTGRES_EXTENSIONS)[number];

/** The parameters of every PostgreSQL instance of the platform (primaries and read replicas): TLS only, statement statistics, slow-query and connection logs. */
export const POSTGRES_PARAMETERS: readonly { readonly name: string; readonly value: string; readonly applyMethod?: string }[] = [
  { name: 'rds.force_ssl', value: '1' },
  { name: 'shared_preload_libraries', value: 'pg_stat_statements', applyMethod: 'pending-reboot' },
  { name: 'log_min_duration_statement', value: '1000' },
  { name: 'log_connections', value: '1' },
  { name: 'log_disconnections', value: '1' },
];


/**
 * Allocated storage for a database from its Phase 1 estimate: estimate x environment scale x headroom,
 * rounded up, at least the gp3 minimum.
 */
export function postgresStorageGb(estimateGb: number, scale: number, headroom: number): number {
  return Math.max(RDS_GP3_MIN_GB, Math.ceil(estimateGb * scale * headroom));
}

/** `postgres16` for `16.14`: parameter-group family of an RDS PostgreSQL version (versions.md §4). */
export function postgresFamily(engineVersion: string): string {
  return `postgres${engineVersion.split('.')[0]}`;
}

/** What a consumer needs from a database: {@link PostgresDatabase} provides it, or adopt one with {@link PostgresDatabase.fromDatabaseAttributes}. */
export interface PostgresDatabaseRef extends DataEndpoint {
  readonly identifier: string;
  /** Host name of the instance. */
  readonly address: string;
  /** `db-...` resource id, part of `rds-db:connect` ARNs. */
  readonly resourceId: string;
  /**
   * Secrets Manager secret (managed by RDS) holding the master credentials, and the KMS key encrypting it:
   * a workload reads the ARN, never the value.
   * @default - unknown for an adopted database (the owning team hands it over)
   */
  readonly masterUserSecret?: { readonly secretArn: string; readonly kmsKeyArn: string };
  /** `rds-db:connect` resource ARN of a database user. */
  dbUserArn(dbUser: string): string;
  /** Lets `role` log in as `dbUser` with an IAM authentication token. */
  grantConnect(role: GrantRole | GrantTarget, dbUser?: string): void;
}

/** Attributes of an existing RDS PostgreSQL instance to adopt. */
export interface PostgresDatabaseAttributes {
  readonly identifier: string;
  readonly address: string;
  /** `db-ABCDEFGHIJKLMNOPQRSTUVWXY0`: the instance's resource id (`rds-db:connect` ARNs use it). */
  readonly resourceId: string;
  /** The instance's security group: {@link DataClientAccess.allow} adds its ingress rule there. */
  readonly securityGroupId: string;
  /**
   * Database user `grantConnect` defaults to.
   * @default - none: grantConnect must name the user
   */
  readonly iamUser?: string;
}

/** The `rds-db:connect` ARN of `dbUser` on the instance `resourceId`, in `scope`'s account and region. */
export function rdsDbUserArn(scope: Construct, resourceId: string, dbUser: string): string {
  const ctx = awsContext(scope);
  return `arn:${ctx.partition}:rds-db:${ctx.region}:${ctx.accountId}:dbuser:${resourceId}/${dbUser}`;
}

/** An RDS instance adopted by its attributes. */
class ImportedPostgresDatabase extends Construct implements PostgresDatabaseRef {
  public readonly identifier: string;
  public readonly address: string;
  public readonly resourceId: string;
  public readonly securityGroupId: string;
  public readonly port = POSTGRES_PORT;
  public readonly endpointName: string;
  private readonly iamUser?: string;

  constructor(scope: Construct, id: string, attrs: PostgresDatabaseAttributes) {
    super(scope, id);
    if (!Token.isUnresolved(attrs.resourceId) && !/^db-[A-Z0-9]+$/.test(attrs.resourceId)) {
      throw new PlatformValidationError(this.node.path, `resourceId '${attrs.resourceId}' is not an RDS resource id (db-ABCDEFGHIJKLMNOPQRSTUVWXY0)`);
    }
    this.identifier = attrs.identifier;
    this.address = attrs.address;
    this.resourceId = attrs.resourceId;
    this.securityGroupId = attrs.securityGroupId;
    this.endpointName = `postgres-${id}`;
    this.iamUser = attrs.iamUser;
  }

  public dbUserArn(dbUser: string): string {
    return rdsDbUserArn(this, this.resourceId, dbUser);
  }

  public grantConnect(role: GrantRole | GrantTarget, dbUser?: string): void {
    const user = dbUser ?? this.iamUser;
    if (user === undefined) throw new PlatformValidationError(this.node.path, 'grantConnect needs a database user: pass dbUser or set iamUser when adopting');
    grantStatements(this, role, `rds-connect-${this.node.id}-${user}`, [{ Effect: 'Allow', Action: ['rds-db:connect'], Resource: [this.dbUserArn(user)] }]);
  }
}

export interface PostgresDatabaseProps {
  /** DB instance identifier, e.g. `production-eu-west-1-catalog` (lower-case, at most 63). */
  readonly identifier: string;
  /** Initial database name created in the instance (letters, digits, underscores). */
  readonly databaseName: string;
  /** RDS PostgreSQL version, `16.x` (major.minor). */
  readonly engineVersion: string;
  /** e.g. `db.r6g.large`. */
  readonly instanceClass: string;
  /** VPC of the instance's security group. */
  readonly vpcId: string;
  /** Isolated subnets, at least two AZs. */
  readonly subnetIds: readonly string[];
  /** gp3 storage at creation, GiB. */
  readonly allocatedStorageGb: number;
  /**
   * Ceiling for storage autoscaling, GiB.
   * @default - 4x allocatedStorageGb
   */
  readonly maxAllocatedStorageGb?: number;
  /**
   * Standby in a second AZ.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Days of automated backups (point-in-time recovery window), 1-35.
   * @default 14
   */
  readonly backupRetentionDays?: number;
  /**
   * Refuse deletion and take a final snapshot on destroy.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Performance Insights retention, days: 7 (free tier) or a multiple of 31 up to 731.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Enhanced monitoring interval, seconds (one of 1, 5, 10, 15, 30, 60).
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * IAM role RDS uses to publish enhanced-monitoring metrics.
   * @default - a new role with AmazonRDSEnhancedMonitoringRole
   */
  readonly monitoringRoleArn?: string;
  /**
   * KMS key ARN for storage, the master-user secret and Performance Insights.
   * @default - a new customer-managed key with rotation
   */
  readonly kmsKeyArn?: string;
  /**
   * KMS key ARN for the exported log groups; its policy must admit CloudWatch Logs.
   * @default - a new customer-managed key with rotation admitting CloudWatch Logs
   */
  readonly logsKmsKeyArn?: string;
  /**
   * Days the exported PostgreSQL logs are kept.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Let RDS apply minor version upgrades in the maintenance window (policy rds-auto-minor-version-upgrade,
   * checkov CKV_AWS_226). While on, `engine_version` is written as the major version (`16`): the AWS
   * provider accepts a version prefix then, so an upgraded minor is no drift (a pinned `16.14` would plan
   * a downgrade after RDS moved to 16.15). Off pins `engineVersion` exactly.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;
  /**
   * Extensions the database needs (besides the always-preloaded pg_stat_statements).
   * @default []
   */
  readonly extensions?: readonly PostgresExtension[];
  /**
   * Database user name `grantConnect` authorizes by default (IAM database authentication).
   * @default - databaseName
   */
  readonly iamUser?: string;
  /**
   * Master user name (its password is generated and kept in Secrets Manager by RDS).
   * @default 'dbadmin'
   */
  readonly masterUsername?: string;
  /**
   * Tags added to the instance (e.g. `service`).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The RDS instance identifier rule (RDS: 1-63 letters, digits or hyphens, starting with a letter, no double hyphen). */
export function rdsIdentifierProblem(identifier: string): string | undefined {
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(identifier) && identifier.length <= 63
    ? undefined : `identifier '${identifier}' must be 1-63 lower-case letters, digits or single dashes, starting with a letter`;
}

/** The RDS instance class rule (`db.<family>.<size>`), shared by the schema and the constructs. */
export function rdsInstanceClassProblem(instanceClass: string): string | undefined {
  return /^db\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceClass) ? undefined : `'${instanceClass}' is not an RDS instance class such as db.r6g.large`;
}

/**
 * An RDS for PostgreSQL instance on gp3 with storage autoscaling, encrypted with a customer-managed key,
 * in isolated subnets behind its own security group (ingress only through DataClientAccess), never
 * publicly accessible, with the master password generated and rotated by RDS in Secrets Manager
 * (`manage_master_user_password`; no password in the configuration), `rds.force_ssl` on, IAM database
 * authentication, Performance Insights, enhanced monitoring, PostgreSQL and upgrade logs exported to
 * encrypted log groups with retention, automated backups (point-in-time recovery), and Multi-AZ,
 * deletion protection and a final snapshot unless opted out. The parameter group is keyed on the
 * engine family (`postgres16`), so a major upgrade brings a new group.
 *
 * @example
 * ```ts
 * import { availabilityZoneIds } from '@ott-platform/infra/core';
 * import { PostgresDatabase } from '@ott-platform/infra/data';
 * import { Network } from '@ott-platform/infra/network';
 *
 * const network = new Network(this, 'network', {
 *   name: 'inference-dev', cidr: '10.40.0.0/16', availabilityZoneIds: availabilityZoneIds('eu-west-1', 3), natGateways: 'single',
 * });
 * const db = new PostgresDatabase(this, 'db-embeddings', {
 *   identifier: 'inference-dev-embeddings',
 *   databaseName: 'embeddings',
 *   engineVersion: '16.14',
 *   instanceClass: 'db.t4g.medium',
 *   vpcId: network.vpcId,
 *   subnetIds: network.isolatedSubnetIds,
 *   allocatedStorageGb: 50,
 *   extensions: ['vector'], // the service's first migration runs db.bootstrapSql
 *   multiAz: false, // development only
 * });
 * db.grantConnect({ roleName: 'inference-serving' }); // rds-db:connect as database user 'embeddings'
 * ```
 */
export class PostgresDatabase extends Construct implements PostgresDatabaseRef {
  /** Adopts an existing RDS PostgreSQL instance (aws-cdk-lib's `fromDatabaseInstanceAttributes` habit). */
  public static fromDatabaseAttributes(scope: Construct, id: string, attrs: PostgresDatabaseAttributes): PostgresDatabaseRef {
    return new ImportedPostgresDatabase(scope, id, attrs);
  }

  /** The `aws_db_instance` resource. */
  public readonly instance: DbInstance;
  /** The `aws_db_parameter_group` (TLS only, statement statistics). */
  public readonly parameterGroup: DbParameterGroup;
  /** DB instance identifier, as passed in. */
  public readonly identifier: string;
  /** Name of the database created in the instance. */
  public readonly databaseName: string;
  /** `host` of the instance. */
  public readonly address: string;
  /** `host:port`. */
  public readonly endpoint: string;
  /** PostgreSQL port, 5432. */
  public readonly port = POSTGRES_PORT;
  /** Secrets Manager secret (managed by RDS) holding the master credentials. */
  public readonly masterUserSecretArn: string;
  public readonly masterUserSecret: { readonly secretArn: string; readonly kmsKeyArn: string };
  /** `dbi-resource-id`, part of the rds-db:connect ARN. */
  public readonly resourceId: string;
  /** The instance's security group (ingress only through {@link DataClientAccess}). */
  public readonly securityGroupId: string;
  /** `postgres-<construct id>`, names the client-access rules. */
  public readonly endpointName: string;
  /** The key encrypting storage, the master-user secret and Performance Insights. */
  public readonly kmsKeyArn: string;
  /** Parameter-group family, e.g. `postgres16`. */
  public readonly family: string;
  /** Extensions the database needs (see `bootstrapSql`). */
  public readonly extensions: readonly PostgresExtension[];
  /**
   * SQL the owning service's first migration runs (as a user with `rds_superuser`) to create the
   * extensions this database needs; empty when it needs none.
   */
  public readonly bootstrapSql: readonly string[];
  private readonly iamUser: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const where = this.node.path;
    const fail = (msg: string): never => { throw new PlatformValidationError(where, msg); };
    const idProblem = rdsIdentifierProblem(props.identifier);
    if (idProblem) fail(idProblem);
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(props.databaseName)) fail(`databaseName '${props.databaseName}' must be lower-case letters, digits or underscores, starting with a letter`);
    if (!/^16\.\d+$/.test(props.engineVersion)) fail(`engineVersion '${props.engineVersion}' must be a PostgreSQL 16 minor version such as 16.14`);
    const classProblem = rdsInstanceClassProblem(props.instanceClass);
    if (classProblem) fail(`instanceClass ${classProblem}`);
    if (props.subnetIds.length < 2) fail(`an RDS subnet group needs subnets in at least 2 AZs, got ${props.subnetIds.length}`);
    if (!Number.isInteger(props.allocatedStorageGb) || props.allocatedStorageGb < RDS_GP3_MIN_GB || props.allocatedStorageGb > RDS_MAX_STORAGE_GB) {
      fail(`allocatedStorageGb must be an integer from ${RDS_GP3_MIN_GB} to ${RDS_MAX_STORAGE_GB} (gp3), got ${props.allocatedStorageGb}`);
    }
    const maxStorage = props.maxAllocatedStorageGb ?? Math.min(props.allocatedStorageGb * 4, RDS_MAX_STORAGE_GB);
    if (maxStorage < props.allocatedStorageGb || maxStorage > RDS_MAX_STORAGE_GB) fail(`maxAllocatedStorageGb must be between allocatedStorageGb (${props.allocatedStorageGb}) and ${RDS_MAX_STORAGE_GB}, got ${maxStorage}`);
    const backupDays = props.backupRetentionDays ?? 14;
    if (!Number.isInteger(backupDays) || backupDays < 1 || backupDays > 35) fail(`backupRetentionDays must be 1-35 (0 would turn off backups and point-in-time recovery), got ${backupDays}`);
    const piDays = props.performanceInsightsRetentionDays ?? 7;
    if (!(piDays === 7 || (piDays % 31 === 0 && piDays >= 31 && piDays <= 713) || piDays === 731)) fail(`performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713, or 731, got ${piDays}`);
    const interval = props.monitoringIntervalSeconds ?? 60;
    if (!RDS_MONITORING_INTERVALS.includes(interval) || interval === 0) fail(`monitoringIntervalSeconds must be one of 1, 5, 10, 15, 30, 60, got ${interval}`);
    const logDays = props.logRetentionDays ?? 90;
    assertLogRetention(where, logDays);
    const multiAz = props.multiAz ?? true;
    const protect = props.deletionProtection ?? true;

    this.identifier = props.identifier;
    this.databaseName = props.databaseName;
    this.endpointName = `postgres-${id}`;
    this.family = postgresFamily(props.engineVersion);
    const autoMinor = props.autoMinorVersionUpgrade ?? true;
    this.extensions = [...new Set(props.extensions ?? [])];
    this.bootstrapSql = this.extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS ${e};`);
    this.iamUser = props.iamUser ?? props.databaseName;

    this.kmsKeyArn = props.kmsKeyArn ?? new EncryptionKey(this, 'key', { purpose: `RDS ${props.identifier}`, alias: `${props.identifier}-rds` }).keyArn;
    const logsKeyArn = props.logsKmsKeyArn ?? new EncryptionKey(this, 'logs-key', {
      purpose: `RDS ${props.identifier} logs`, alias: `${props.identifier}-rds-logs`, additionalStatements: [cloudWatchLogsKeyStatement(this)],
    }).keyArn;
    const logExports = ['postgresql', 'upgrade'];
    // Created before the instance so RDS writes into groups with a retention and our key.
    const logGroups = logExports.map((e) => new EncryptedLogGroup(this, `log-${e}`, {
      name: `/aws/rds/instance/${props.identifier}/${e}`, retentionInDays: logDays, kmsKeyArn: logsKeyArn,
    }));

    const sg = storeSecurityGroup(this, 'sg', `${props.identifier}-postgres`, props.vpcId, `PostgreSQL ${props.identifier}: ${POSTGRES_PORT} from the data clients only`);
    this.securityGroupId = sg.id;
    const subnets = new DbSubnetGroup(this, 'subnets', {
      name: props.identifier,
      description: `${props.identifier}: isolated subnets`,
      subnetIds: [...props.subnetIds],
    });

    this.parameterGroup = new DbParameterGroup(this, `parameters-${this.family}`, {
      name: `${props.identifier}-${this.family}`,
      family: this.family,
      description: `${props.identifier}: TLS only, statement statistics`,
      parameter: POSTGRES_PARAMETERS.map((p) => ({ ...p })),
      lifecycle: { createBeforeDestroy: true },
    });

    const monitoringRoleArn = props.monitoringRoleArn ?? new EnhancedMonitoringRole(this, 'monitoring-role', { name: `${props.identifier}-rds-monitoring` }).roleArn;

    this.instance = new DbInstance(this, 'instance', {
      identifier: props.identifier,
      dbName: props.databaseName,
      engine: 'postgres',
      // Major version only while RDS upgrades minors itself (see autoMinorVersionUpgrade).
      engineVersion: autoMinor ? props.engineVersion.split('.')[0] : props.engineVersion,
      autoMinorVersionUpgrade: autoMinor,
      allowMajorVersionUpgrade: false,
      engineLifecycleSupport: 'open-source-rds-extended-support-disabled',
      instanceClass: props.instanceClass,
      storageType: 'gp3',
      allocatedStorage: props.allocatedStorageGb,
      maxAllocatedStorage: maxStorage,
      storageEncrypted: true,
      kmsKeyId: this.kmsKeyArn,
      username: props.masterUsername ?? 'dbadmin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [sg.id],
      publiclyAccessible: false,
      port: POSTGRES_PORT,
      parameterGroupName: this.parameterGroup.name,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      multiAz,
      backupRetentionPeriod: backupDays,
      backupWindow: '02:00-03:00',
      maintenanceWindow: 'sun:03:30-sun:04:30',
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: !protect,
      deletionProtection: protect,
      skipFinalSnapshot: !protect,
      ...(protect ? { finalSnapshotIdentifier: `${props.identifier}-final` } : {}),
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.kmsKeyArn,
      performanceInsightsRetentionPeriod: piDays,
      monitoringInterval: interval,
      monitoringRoleArn,
      enabledCloudwatchLogsExports: logExports,
      applyImmediately: false,
      tags: { ...(props.tags ?? {}), ...(this.extensions.length > 0 ? { 'postgres-extensions': this.extensions.join(' ') } : {}) },
      dependsOn: logGroups.map((g) => g.logGroup),
    });
    this.address = this.instance.address;
    this.endpoint = this.instance.endpoint;
    this.resourceId = this.instance.resourceId;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.masterUserSecret = { secretArn: this.masterUserSecretArn, kmsKeyArn: this.kmsKeyArn };
  }

  /**
   * Carries the Terraform state of every resource of this database (instance, parameter group, subnet
   * group, security group and rules, log groups, monitoring role, keys ...) over from the construct id
   * it had before a rename, so the rename plans no destroy/create: every physical name stays, and a
   * partial move would fail the apply (`npm run preview` prints this call when it detects the rename).
   *
   * @param oldId the construct id the database had before (same parent)
   * @returns the `moved` blocks added, old -> new address
   */
  public moveFrom(oldId: string): ResourceMove[] {
    return moveConstructFrom(this, oldId);
  }

  /** The `rds-db:connect` resource ARN of a database user. */
  public dbUserArn(dbUser: string): string {
    return rdsDbUserArn(this, this.resourceId, dbUser);
  }

  /**
   * Lets `role` log in as `dbUser` with an IAM authentication token (`rds-db:connect`). The user must
   * exist in PostgreSQL with `GRANT rds_iam TO <user>`.
   * @param dbUser database user; defaults to the construct's iamUser
   */
  public grantConnect(role: GrantRole | GrantTarget, dbUser?: string): void {
    const user = dbUser ?? this.iamUser;
    grantStatements(this, role, `rds-connect-${this.identifier}-${user}`, [
      { Effect: 'Allow', Action: ['rds-db:connect'], Resource: [this.dbUserArn(user)] },
    ]);
  }
}

export interface EnhancedMonitoringRoleProps {
  /** IAM role name. */
  readonly name: string;
}

/**
 * The role RDS assumes to publish enhanced-monitoring metrics (AWS managed AmazonRDSEnhancedMonitoringRole),
 * trusted by `monitoring.rds.amazonaws.com` from this account only. {@link PostgresDatabase} makes one per
 * instance unless `monitoringRoleArn` is passed; share one between the databases of a stack.
 *
 * @example
 * ```ts
 * import { EnhancedMonitoringRole } from '@ott-platform/infra/data';
 *
 * const monitoring = new EnhancedMonitoringRole(this, 'rds-monitoring', { name: 'inference-dev-rds-monitoring' });
 * // Pass monitoring.roleArn as `monitoringRoleArn` to each PostgresDatabase of the stack.
 * ```
 */
export class EnhancedMonitoringRole extends Construct {
  /** The `aws_iam_role` resource. */
  public readonly role: IamRole;
  /** Role ARN, for `monitoringRoleArn`. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: EnhancedMonitoringRoleProps) {
    super(scope, id);
    const ctx = awsContext(this);
    this.role = new IamRole(this, 'role', {
      name: props.name,
      assumeRolePolicy: serviceTrustPolicy('monitoring.rds.amazonaws.com', ctx.accountId),
    });
    new IamRolePolicyAttachment(this, 'policy', {
      role: this.role.name,
      policyArn: `arn:${ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
    this.roleArn = this.role.arn;
  }
}
