import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { PolicyStatement } from '../core/iam';
import { LogBucketRef } from './handles';

/** Key prefix of CloudFront access logs in the logs bucket. */
export const CLOUDFRONT_LOG_PREFIX = 'cloudfront';

export interface EdgeAccessLogsProps {
  /** Delivery source name (unique in the account). */
  readonly name: string;
  /** The distribution whose access logs are delivered. */
  readonly distributionArn: string;
  /** Destination bucket; its policy must admit `delivery.logs.amazonaws.com` (see cloudFrontLogDeliveryStatements). */
  readonly bucket: LogBucketRef;
  /** Provider in us-east-1: CloudFront log delivery sources live there. */
  readonly provider: TerraformProvider;
}

/**
 * CloudFront standard logging (v2, CloudWatch Logs vended delivery) into the logs bucket under
 * `cloudfront/<distribution id>/`, Parquet. The legacy logging_config needs S3 ACLs, which the
 * platform's buckets disable (BucketOwnerEnforced).
 *
 * @example
 * ```ts
 * import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
 * import { EdgeAccessLogs } from '@ott-platform/infra/edge';
 *
 * const usEast1 = new AwsProvider(this, 'aws-us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
 * new EdgeAccessLogs(this, 'access-logs', {
 *   name: 'trailers-dev-media',
 *   distributionArn: 'arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE',
 *   bucket: { bucketName: 'trailers-dev-logs', bucketArn: 'arn:aws:s3:::trailers-dev-logs' },
 *   provider: usEast1,
 * });
 * ```
 */
export class EdgeAccessLogs extends Construct {
  constructor(scope: Construct, id: string, props: EdgeAccessLogsProps) {
    super(scope, id);
    const source = new CloudwatchLogDeliverySource(this, 'source', {
      provider: props.provider, name: props.name, logType: 'ACCESS_LOGS', resourceArn: props.distributionArn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, 'destination', {
      provider: props.provider,
      name: props.name,
      outputFormat: 'parquet',
      deliveryDestinationConfiguration: [{ destinationResourceArn: props.bucket.bucketArn }],
    });
    new CloudwatchLogDelivery(this, 'delivery', {
      provider: props.provider,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      s3DeliveryConfiguration: [{ suffixPath: `${CLOUDFRONT_LOG_PREFIX}/{DistributionId}/{yyyy}/{MM}/{dd}/{HH}`, enableHiveCompatiblePath: false }],
    });
  }
}

/**
 * Bucket-policy statement letting CloudWatch Logs vended delivery (CloudFront standard logging v2,
 * sources in us-east-1 of this account) write under `cloudfront/` of `bucketArn`. Needs no distribution
 * ARN, so the data layer can hold it before the edge exists.
 */
export function cloudFrontLogDeliveryBucketStatement(bucketArn: string, accountId: string, partition: string): PolicyStatement {
  return {
    Sid: 'CloudFrontLogDelivery',
    Effect: 'Allow',
    Principal: { Service: 'delivery.logs.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucketArn}/${CLOUDFRONT_LOG_PREFIX}/*`,
    Condition: {
      StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:logs:us-east-1:${accountId}:delivery-source:*` },
    },
  };
}

/** Key-policy statement letting the same vended delivery encrypt into an SSE-KMS logs bucket. */
export function cloudFrontLogDeliveryKeyStatement(accountId: string, partition: string): PolicyStatement {
  return {
    Sid: 'CloudFrontLogDeliveryEncrypt',
    Effect: 'Allow',
    Principal: { Service: 'delivery.logs.amazonaws.com' },
    Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': `arn:${partition}:logs:us-east-1:${accountId}:delivery-source:*` },
    },
  };
}
