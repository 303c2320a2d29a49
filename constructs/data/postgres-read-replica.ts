import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { PlatformValidationError } from '../core/errors';
import { EncryptedLogGroup } from '../core/logs';
import { storeSecurityGroup, DataEndpoint } from './data-client-access';
import { POSTGRES_PARAMETERS, POSTGRES_PORT, RDS_MONITORING_INTERVALS, postgresFamily, rdsDbUserArn, rdsIdentifierProblem, rdsInstanceClassProblem } from './postgres-database';

/** Why `seconds` is not a replica-lag alarm threshold (undefined when it is): a positive number of seconds, at most an hour. */
export function replicaLagThresholdProblem(seconds: number): string | undefined {
  return Number.isFinite(seconds) && seconds > 0 && seconds <= 3600 ? undefined : `replica lag threshold must be more than 0 and at most 3600 seconds, got ${seconds}`;
}

export interface PostgresReadReplicaProps {
  /** Identifier of the replica instance (1-63 lower-case letters, digits, dashes). */
  readonly identifier: string;
  /** ARN of the source instance (a cross-region replica names its source by ARN). */
  readonly sourceDbArn: string;
  /**
   * Engine version of the source, e.g. `16.14`. The replica runs the source's version (RDS creates it
   * so); the value picks the parameter group family.
   */
  readonly sourceEngineVersion: string;
  /** Instance class of the replica (the source's, so a promotion keeps its capacity). */
  readonly instanceClass: string;
  /** VPC of the replica's region, from its network contract. */
  readonly vpcId: string;
  /** Isolated subnets of the target VPC (at least 2 AZs). */
  readonly subnetIds: readonly string[];
  /** Customer-managed KMS key in the replica's region (a cross-region replica cannot use the source's key). */
  readonly kmsKeyArn: string;
  /** Key of the replica's log groups (same region). */
  readonly logsKmsKeyArn: string;
  /** Days the replica's PostgreSQL logs are kept. */
  readonly logRetentionDays: number;
  /** Alarm when `ReplicaLag` (seconds) stays above this for `lagEvaluationMinutes`. */
  readonly lagAlarmSeconds: number;
  /**
   * Consecutive one-minute periods above the threshold before the alarm fires.
   * @default 5
   */
  readonly lagEvaluationMinutes?: number;
  /**
   * SNS topics (or other alarm actions) notified by the lag alarm.
   * @default [] (the alarm is visible in CloudWatch only)
   */
  readonly alarmActions?: readonly string[];
  /**
   * Standby in a second AZ, so the promoted instance is Multi-AZ from the first minute.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Deletion protection (the replica is the copy a region failure leaves).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** Enhanced monitoring role (IAM is global: the source region's role serves, or an EnhancedMonitoringRole). */
  readonly monitoringRoleArn: string;
  /**
   * Enhanced monitoring interval, seconds (1, 5, 10, 15, 30 or 60).
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Tags on the instance.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A promotable RDS PostgreSQL cross-region read replica (`replicate_source_db` = the source's ARN):
 * encrypted with a key of its own region, the platform's parameters (TLS only), its own subnet group and
 * security group in the target VPC (ingress only from the data-client group it is allowed to), IAM
 * database authentication (the source's `rds_iam` users replicate with the data, so services need no
 * password: RDS-managed master secrets are not created for read replicas, RDS user guide "Limitations for
 * Secrets Manager integration"), and a CloudWatch alarm on `ReplicaLag`.
 *
 * Promotion (`aws rds promote-read-replica`, then removing `replicate_source_db` from the code) keeps
 * the endpoint; automated backups and a managed master password are set on the promoted instance.
 *
 * @example
 * ```ts
 * import { EnhancedMonitoringRole, PostgresReadReplica } from '@ott-platform/infra/data';
 *
 * import { EncryptionKey, cloudWatchLogsKeyStatement } from '@ott-platform/infra/core';
 *
 * const monitoring = new EnhancedMonitoringRole(this, 'replica-monitoring', { name: 'inference-prod-us-east-1-rds-monitoring' });
 * const replicaKey = new EncryptionKey(this, 'rds-key', { purpose: 'RDS replicas', alias: 'inference-prod-us-east-1-rds' });
 * const logsKey = new EncryptionKey(this, 'logs-key', { purpose: 'replica logs', alias: 'inference-prod-us-east-1-logs', additionalStatements: [cloudWatchLogsKeyStatement(this)] });
 * new PostgresReadReplica(this, 'models-replica', {
 *   identifier: 'inference-prod-us-east-1-models-replica', sourceDbArn: 'arn:aws:rds:eu-west-1:111122223333:db:inference-prod-models',
 *   sourceEngineVersion: '16.14', instanceClass: 'db.r6g.large', vpcId: 'vpc-0abc', subnetIds: ['subnet-0a', 'subnet-0b'],
 *   kmsKeyArn: replicaKey.keyArn, logsKmsKeyArn: logsKey.keyArn, logRetentionDays: 365, lagAlarmSeconds: 1, monitoringRoleArn: monitoring.roleArn,
 * });
 * ```
 */
export class PostgresReadReplica extends Construct implements DataEndpoint {
  /** The `aws_db_instance` resource. */
  public readonly instance: DbInstance;
  /** The `ReplicaLag` alarm. */
  public readonly lagAlarm: CloudwatchMetricAlarm;
  public readonly identifier: string;
  public readonly address: string;
  public readonly port = POSTGRES_PORT;
  public readonly securityGroupId: string;
  public readonly endpointName: string;
  public readonly kmsKeyArn: string;
  /** `db-...` resource id of the replica, part of its `rds-db:connect` ARNs. */
  public readonly resourceId: string;

  constructor(scope: Construct, id: string, props: PostgresReadReplicaProps) {
    super(scope, id);
    const where = this.node.path;
    const fail = (msg: string): never => { throw new PlatformValidationError(where, msg); };
    const idProblem = rdsIdentifierProblem(props.identifier);
    if (idProblem) fail(idProblem);
    const classProblem = rdsInstanceClassProblem(props.instanceClass);
    if (classProblem) fail(`instanceClass ${classProblem}`);
    if (props.subnetIds.length < 2) fail(`an RDS subnet group needs subnets in at least 2 AZs, got ${props.subnetIds.length}`);
    const lagProblem = replicaLagThresholdProblem(props.lagAlarmSeconds);
    if (lagProblem) fail(lagProblem);
    const minutes = props.lagEvaluationMinutes ?? 5;
    if (!Number.isInteger(minutes) || minutes < 1) fail(`lagEvaluationMinutes must be a positive integer, got ${minutes}`);
    const interval = props.monitoringIntervalSeconds ?? 60;
    if (!RDS_MONITORING_INTERVALS.includes(interval) || interval === 0) fail(`monitoringIntervalSeconds must be one of 1, 5, 10, 15, 30, 60, got ${interval}`);
    this.identifier = props.identifier;
    this.endpointName = `postgres-replica-${id}`;
    this.kmsKeyArn = props.kmsKeyArn;
    const family = postgresFamily(props.sourceEngineVersion);
    const protect = props.deletionProtection ?? true;

    const logExports = ['postgresql', 'upgrade'];
    const logGroups = logExports.map((e) => new EncryptedLogGroup(this, `log-${e}`, {
      name: `/aws/rds/instance/${props.identifier}/${e}`, retentionInDays: props.logRetentionDays, kmsKeyArn: props.logsKmsKeyArn,
    }));
    const sg = storeSecurityGroup(this, 'sg', `${props.identifier}-postgres`, props.vpcId, `PostgreSQL replica ${props.identifier}: ${POSTGRES_PORT} from the data clients only`);
    this.securityGroupId = sg.id;
    const subnets = new DbSubnetGroup(this, 'subnets', { name: props.identifier, description: `${props.identifier}: isolated subnets`, subnetIds: [...props.subnetIds] });
    const parameters = new DbParameterGroup(this, `parameters-${family}`, {
      name: `${props.identifier}-${family}`, family, description: `${props.identifier}: TLS only, statement statistics`,
      parameter: POSTGRES_PARAMETERS.map((p) => ({ ...p })), lifecycle: { createBeforeDestroy: true },
    });
    this.instance = new DbInstance(this, 'instance', {
      identifier: props.identifier,
      replicateSourceDb: props.sourceDbArn,
      instanceClass: props.instanceClass,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      iamDatabaseAuthenticationEnabled: true,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [sg.id],
      publiclyAccessible: false,
      port: POSTGRES_PORT,
      parameterGroupName: parameters.name,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      multiAz: props.multiAz ?? true,
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      deletionProtection: protect,
      // A replica takes no final snapshot (RDS refuses one); the source keeps the backups.
      skipFinalSnapshot: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      monitoringInterval: interval,
      monitoringRoleArn: props.monitoringRoleArn,
      enabledCloudwatchLogsExports: logExports,
      applyImmediately: false,
      tags: { ...(props.tags ?? {}), replica: 'cross-region' },
      dependsOn: logGroups.map((g) => g.logGroup),
    });
    this.address = this.instance.address;
    this.resourceId = this.instance.resourceId;
    this.lagAlarm = new CloudwatchMetricAlarm(this, 'lag-alarm', {
      alarmName: `${props.identifier}-replica-lag`,
      alarmDescription: `ReplicaLag of ${props.identifier} above ${props.lagAlarmSeconds} s for ${minutes} minutes (docs/replication.md)`,
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: props.identifier },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: minutes,
      threshold: props.lagAlarmSeconds,
      comparisonOperator: 'GreaterThanThreshold',
      // No data means replication (or the replica) is down: that is the alarm's case too.
      treatMissingData: 'breaching',
      alarmActions: [...(props.alarmActions ?? [])],
      dependsOn: [this.instance],
    });
  }

  /**
   * `rds-db:connect` ARN of `dbUser` on the replica: the source's `rds_iam` users arrive with the
   * replicated data, and the replica has IAM database authentication on (docs/replication.md "Secrets").
   */
  public dbUserArn(dbUser: string): string {
    return rdsDbUserArn(this, this.resourceId, dbUser);
  }
}
