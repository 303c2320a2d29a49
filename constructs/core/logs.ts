import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { PlatformValidationError } from './errors';

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy API). */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Throws unless `days` is a retention CloudWatch Logs accepts. */
export function assertLogRetention(where: string, days: number): void {
  if (!LOG_RETENTION_DAYS.includes(days)) {
    throw new PlatformValidationError(where, `log retention ${days} days is not accepted by CloudWatch Logs; use one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
}

export interface EncryptedLogGroupProps {
  /** Log group name. */
  readonly name: string;
  /** Days to keep events; one of {@link LOG_RETENTION_DAYS}. */
  readonly retentionInDays: number;
  /** ARN of the KMS key that encrypts the group (its policy must admit CloudWatch Logs). */
  readonly kmsKeyArn: string;
}

/**
 * A CloudWatch log group that is always KMS-encrypted and always has a retention.
 *
 * @example
 * ```ts
 * import { EncryptedLogGroup, EncryptionKey, cloudWatchLogsKeyStatement } from '@ott-platform/infra/core';
 *
 * const key = new EncryptionKey(this, 'logs-key', {
 *   purpose: 'inference service logs',
 *   alias: 'inference-service-logs',
 *   additionalStatements: [cloudWatchLogsKeyStatement(this)],
 * });
 * const logs = new EncryptedLogGroup(this, 'app-logs', {
 *   name: '/ott/inference-service/app',
 *   retentionInDays: 90,
 *   kmsKeyArn: key.keyArn,
 * });
 * // logs.arn for IAM policies, logs.name for the workload's log configuration.
 * ```
 */
export class EncryptedLogGroup extends Construct {
  /** The `aws_cloudwatch_log_group` resource. */
  public readonly logGroup: CloudwatchLogGroup;
  /** Log group name. */
  public readonly name: string;
  /** Log group ARN (without the `:*` suffix), for IAM policies. */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    assertLogRetention(this.node.path, props.retentionInDays);
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.name = this.logGroup.name;
    this.arn = this.logGroup.arn;
  }
}
