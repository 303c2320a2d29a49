import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { policyJson, PolicyStatement } from '../core/iam';
import { MediaOriginRef } from './handles';

export interface MediaOriginAccessProps {
  /** The media origin bucket and its KMS key. */
  readonly origin: MediaOriginRef;
  /** ARNs of the distributions that may read it (this environment's edge distributions only). */
  readonly distributionArns: readonly string[];
  /**
   * Provider in the bucket's region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The media origin's bucket policy and KMS key policy, owned by the edge layer because they name the
 * distributions' ARNs (which exist only after the edge is deployed): CloudFront may read objects and
 * decrypt them only on behalf of these distributions (`AWS:SourceArn`, one statement per distribution),
 * and the bucket refuses plain HTTP and TLS below 1.2 as SecureBucket's own policy does. The data layer
 * creates the bucket and key without these policies when the edge owns them (docs/edge.md).
 *
 * @example
 * ```ts
 * import { MediaOriginAccess } from '@ott-platform/infra/edge';
 *
 * // The data layer created the bucket and key with `externalPolicy: true`.
 * new MediaOriginAccess(this, 'origin-access', {
 *   origin: {
 *     bucketName: 'trailers-dev-media', bucketArn: 'arn:aws:s3:::trailers-dev-media',
 *     regionalDomainName: 'trailers-dev-media.s3.eu-west-1.amazonaws.com', region: 'eu-west-1',
 *     kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
 *   },
 *   distributionArns: ['arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE'],
 * });
 * ```
 */
export class MediaOriginAccess extends Construct {
  public readonly bucketPolicy: S3BucketPolicy;
  public readonly keyPolicy: KmsKeyPolicy;

  constructor(scope: Construct, id: string, props: MediaOriginAccessProps) {
    super(scope, id);
    if (props.distributionArns.length === 0) throw new PlatformValidationError(this.node.path, 'distributionArns: at least one distribution must read the origin');
    const ctx = awsContext(this);
    const o = props.origin;
    const resources = [o.bucketArn, `${o.bucketArn}/*`];
    const perDistribution = (make: (arn: string, i: number) => PolicyStatement) => props.distributionArns.map(make);
    this.bucketPolicy = new S3BucketPolicy(this, 'bucket-policy', {
      ...(props.provider ? { provider: props.provider } : {}),
      bucket: o.bucketName,
      policy: policyJson({
        Statement: [
          { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          { Sid: 'DenyTlsBelow12', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
          ...perDistribution((arn, i) => ({
            Sid: `CloudFrontOacRead${i}`,
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: `${o.bucketArn}/*`,
            Condition: { StringEquals: { 'AWS:SourceArn': arn } },
          })),
        ],
      }),
    });
    this.keyPolicy = new KmsKeyPolicy(this, 'key-policy', {
      ...(props.provider ? { provider: props.provider } : {}),
      keyId: o.kmsKeyArn,
      policy: policyJson({
        Statement: [
          { Sid: 'AccountAdministersThroughIam', Effect: 'Allow', Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` }, Action: 'kms:*', Resource: '*' },
          ...perDistribution((arn, i) => ({
            Sid: `CloudFrontOacDecrypt${i}`,
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: ['kms:Decrypt'],
            Resource: '*',
            Condition: { StringEquals: { 'AWS:SourceArn': arn } },
          })),
        ],
      }),
    });
  }
}
