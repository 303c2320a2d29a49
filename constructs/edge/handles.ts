/** Handles the edge takes from lower layers: attributes only, never the layer's objects. */

/** An S3 bucket served through CloudFront, with the KMS key its objects are encrypted with. */
export interface MediaOriginRef {
  /** Bucket name. */
  readonly bucketName: string;
  /** Bucket ARN. */
  readonly bucketArn: string;
  /** Regional domain name (`<bucket>.s3.<region>.amazonaws.com`), the CloudFront origin domain. */
  readonly regionalDomainName: string;
  /** Region of the bucket; origin shield runs there. */
  readonly region: string;
  /** ARN of the KMS key encrypting the objects (SSE-KMS). */
  readonly kmsKeyArn: string;
}

/** The bucket receiving CloudFront access logs (standard logging v2, under `cloudfront/`). */
export interface LogBucketRef {
  readonly bucketName: string;
  readonly bucketArn: string;
}
