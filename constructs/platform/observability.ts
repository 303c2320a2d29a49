import { Construct } from 'constructs';
import { PrometheusWorkspace } from '@cdktf/provider-aws/lib/prometheus-workspace';
import { PrometheusWorkspaceConfiguration } from '@cdktf/provider-aws/lib/prometheus-workspace-configuration';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { PolicyStatement } from '../core/iam';
import { EncryptionKey } from '../core/kms';
import { allowServerAccessLogDelivery, SecureBucket } from '../data/secure-bucket';

/** Days Amazon Managed Service for Prometheus can keep samples (workspace configuration: 1-1095). */
export const AMP_MAX_RETENTION_DAYS = 1095;

/** Why `days` is not a retention AMP accepts, or undefined. */
export function ampRetentionProblem(days: number): string | undefined {
  return Number.isInteger(days) && days >= 1 && days <= AMP_MAX_RETENTION_DAYS ? undefined : `must be a whole number of days from 1 to ${AMP_MAX_RETENTION_DAYS} (Amazon Managed Service for Prometheus), got ${days}`;
}

/** Why a searchable log retention is too short for seed 003 §9 (30 days searchable) or invalid, or undefined. */
export function logRetentionProblem(days: number): string | undefined {
  return Number.isInteger(days) && days >= 30 && days <= 365 ? undefined : `must be a whole number of days from 30 (seed 003 §9: logs stay searchable 30 days) to 365, got ${days}`;
}

export interface ObservabilityStorageProps {
  /** Literal prefix of names (`<env>-<region>`). */
  readonly name: string;
  /** Days AMP keeps metrics (seed 003 §9: 1 year). */
  readonly metricsRetentionDays: number;
  /**
   * Days deleted log chunks stay restorable as noncurrent object versions after Loki's own retention
   * (seed 003 §9: 1 year archived).
   */
  readonly logArchiveDays: number;
  /** Days trace blocks are kept. */
  readonly traceRetentionDays: number;
  /**
   * Let `terraform destroy` empty the buckets (dev).
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Days the S3 server access logs of the Loki and Tempo buckets are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
}

/**
 * Long-term storage of the observability stack: an Amazon Managed Service for Prometheus workspace
 * (customer-managed key, retention set on the workspace) that Prometheus remote-writes to, and one
 * KMS-encrypted, TLS-only, versioned bucket each for Loki chunks and Tempo traces. The statements each
 * add-on identity needs name only these resources.
 *
 * @example
 * ```ts
 * import { ObservabilityStorage } from '@ott-platform/infra/platform';
 *
 * const storage = new ObservabilityStorage(this, 'observability', {
 *   name: 'prod-eu-west-1', metricsRetentionDays: 365, logArchiveDays: 365, traceRetentionDays: 14,
 * });
 * // storage.ampEndpoint for Prometheus remote write; ObservabilityStorage.bucketStatements(storage.logs) for Loki's identity.
 * ```
 */
export class ObservabilityStorage extends Construct {
  public readonly workspace: PrometheusWorkspace;
  /** `https://aps-workspaces.<region>.amazonaws.com/workspaces/ws-.../`. */
  public readonly ampEndpoint: string;
  public readonly logs: SecureBucket;
  public readonly traces: SecureBucket;
  /** Target of the Loki and Tempo buckets' S3 server access logs (SSE-S3, which S3 log delivery requires). */
  public readonly accessLogs: SecureBucket;

  constructor(scope: Construct, id: string, props: ObservabilityStorageProps) {
    super(scope, id);
    const problem = ampRetentionProblem(props.metricsRetentionDays);
    if (problem) throw new PlatformValidationError(this.node.path, `metricsRetentionDays ${problem}`);
    const ctx = awsContext(this);
    const key = new EncryptionKey(this, 'metrics-key', { purpose: `${props.name} managed Prometheus workspace`, alias: `${props.name}-amp` });
    this.workspace = new PrometheusWorkspace(this, 'workspace', { alias: `${props.name}-metrics`, kmsKeyArn: key.keyArn });
    new PrometheusWorkspaceConfiguration(this, 'workspace-configuration', { workspaceId: this.workspace.id, retentionPeriodInDays: props.metricsRetentionDays });
    this.ampEndpoint = this.workspace.prometheusEndpoint;
    this.accessLogs = new SecureBucket(this, 'access-logs', {
      bucketName: `${props.name}-obs-access-logs-${ctx.accountId}`, label: 'observability-access-logs', encryption: 's3-managed',
      lifecycleRules: [{ id: 'expire-access-logs', prefix: '', expirationDays: props.accessLogRetentionDays ?? 365 }],
      forceDestroy: props.forceDestroy ?? false,
    });
    allowServerAccessLogDelivery(this.accessLogs);
    const accessLogsBucket = this.accessLogs.bucketName;
    this.logs = new SecureBucket(this, 'logs', {
      bucketName: `${props.name}-loki-${ctx.accountId}`, label: 'loki', accessLogsBucket,
      noncurrentVersionExpirationDays: props.logArchiveDays, forceDestroy: props.forceDestroy ?? false,
    });
    this.traces = new SecureBucket(this, 'traces', {
      bucketName: `${props.name}-tempo-${ctx.accountId}`, label: 'tempo', accessLogsBucket,
      lifecycleRules: [{ id: 'trace-retention', prefix: '', expirationDays: props.traceRetentionDays + 1 }],
      forceDestroy: props.forceDestroy ?? false,
    });
  }

  /** Read, write and delete (compaction, retention) on one bucket's objects, and its key. */
  public static bucketStatements(bucket: SecureBucket): PolicyStatement[] {
    return [
      { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: `${bucket.bucketArn}/*` },
      { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket.bucketArn },
      ...(bucket.kmsKeyArn ? [{ Sid: 'Key', Effect: 'Allow' as const, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: bucket.kmsKeyArn }] : []),
    ];
  }

  /** Prometheus: remote write to this workspace only. */
  public remoteWriteStatements(): PolicyStatement[] {
    return [{ Sid: 'RemoteWrite', Effect: 'Allow', Action: 'aps:RemoteWrite', Resource: this.workspace.arn }];
  }

  /** Grafana: queries of this workspace only. */
  public queryStatements(): PolicyStatement[] {
    return [{ Sid: 'Query', Effect: 'Allow', Action: ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'], Resource: this.workspace.arn }];
  }
}
