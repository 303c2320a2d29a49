import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { awsContext } from './aws-context';
import { PlatformValidationError } from './errors';
import { policyJson, PolicyStatement } from './iam';

export interface EncryptionKeyProps {
  /** What the key protects; becomes the key description and the alias suffix. */
  readonly purpose: string;
  /** Alias name without the `alias/` prefix. */
  readonly alias: string;
  /**
   * Extra key-policy statements, e.g. letting CloudWatch Logs use the key.
   * @default - the account root may administer and use the key through IAM; nothing else
   */
  readonly additionalStatements?: readonly PolicyStatement[];
  /**
   * Days before a scheduled key deletion completes (7-30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Leave the key policy to an `aws_kms_key_policy` elsewhere (e.g. the edge layer, whose policy names
   * CloudFront distributions that exist only after this key). The key starts with AWS's default policy
   * (the account administers it through IAM) until that policy is applied; `additionalStatements` must
   * then be empty.
   * @default false
   */
  readonly externalPolicy?: boolean;
}

/**
 * A customer-managed KMS key with yearly automatic rotation and an alias. The key policy delegates to
 * IAM in the owning account (so least-privilege IAM policies decide who may use it) plus any service
 * statements passed in.
 *
 * @example
 * ```ts
 * import { EncryptionKey, cloudWatchLogsKeyStatement } from '@ott-platform/infra/core';
 *
 * // A key for a team's log groups: CloudWatch Logs in this region may use it.
 * const key = new EncryptionKey(this, 'logs-key', {
 *   purpose: 'inference service logs',
 *   alias: 'inference-service-logs',
 *   additionalStatements: [cloudWatchLogsKeyStatement(this)],
 * });
 * // key.keyArn goes into `kms_key_id` / `kms_key_arn` arguments.
 * ```
 */
export class EncryptionKey extends Construct {
  /** The `aws_kms_key` resource, for attributes this construct does not surface. */
  public readonly key: KmsKey;
  /** Key ARN, for `kms_key_id`/`kms_key_arn` arguments. */
  public readonly keyArn: string;
  /** The alias, `alias/<props.alias>`. */
  public readonly aliasName: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const ctx = awsContext(this);
    const window = props.deletionWindowInDays ?? 30;
    if (window < 7 || window > 30) {
      throw new PlatformValidationError(this.node.path, `deletionWindowInDays must be 7-30, got ${window}`);
    }
    if (props.externalPolicy && (props.additionalStatements ?? []).length > 0) {
      throw new PlatformValidationError(this.node.path, 'additionalStatements cannot be combined with externalPolicy: put them in the external policy');
    }
    this.key = new KmsKey(this, 'key', {
      description: props.purpose,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      ...(props.externalPolicy ? {} : { policy: policyJson({
        Statement: [
          {
            Sid: 'AccountAdministersThroughIam',
            Effect: 'Allow',
            Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          ...(props.additionalStatements ?? []),
        ],
      }) }),
    });
    this.aliasName = `alias/${props.alias}`;
    new KmsAlias(this, 'alias', { name: this.aliasName, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }
}

/** Key-policy statement letting CloudWatch Logs in this region encrypt log groups of this account. */
export function cloudWatchLogsKeyStatement(scope: Construct): PolicyStatement {
  const ctx = awsContext(scope);
  return {
    Sid: 'CloudWatchLogsUse',
    Effect: 'Allow',
    Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:*` },
    },
  };
}
