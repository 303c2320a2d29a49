import * as path from 'path';
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { policyJson, PolicyStatement, serviceTrustPolicy } from '../core/iam';
import { cloudWatchLogsKeyStatement, EncryptionKey } from '../core/kms';
import { EncryptedLogGroup } from '../core/logs';
import { zipAsset } from '../core/zip-asset';
import { GrantRole, GrantTarget, grantStatements } from '../data/grants';
import { cdnIdProblem } from './rules';

/** Folder of the rotation function's code (plain JavaScript, packaged at synth). */
export const ROTATION_CODE_DIR = path.join(__dirname, 'rotation');

/** Lambda runtime of the rotation function; it uses the AWS SDK v3 this runtime bundles. */
export const ROTATION_RUNTIME = 'nodejs22.x';

export interface TokenSigningKeyProps {
  /** Name prefix of the secret, function, role and key alias. */
  readonly name: string;
  /** ARN of the CloudFront KeyValueStore the edge functions read. */
  readonly keyValueStoreArn: string;
  /**
   * External CDN ids that get a secret header value (`cdn-secret:<id>` in the KeyValueStore).
   * @default []
   */
  readonly cdnIds?: readonly string[];
  /**
   * Days between rotations (seed 003 §8: weekly).
   * @default 7
   */
  readonly rotationDays?: number;
  /**
   * Days the rotation function's logs are kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * The Common Access Token signing key: a Secrets Manager secret (own KMS key) rotated on a schedule by a
 * Lambda function whose code is in this repository (`rotation/index.js`). Each rotation writes the new
 * key to the KeyValueStore and keeps the previous one until the next rotation, so tokens minted just
 * before a rotation still pass; it also keeps one secret header value per external CDN there. The
 * synthesized configuration never holds a key: the function generates them.
 *
 * @example
 * ```ts
 * import { TokenSigningKey } from '@ott-platform/infra/edge';
 *
 * const key = new TokenSigningKey(this, 'signing-key', {
 *   name: 'trailers-dev-edge',
 *   keyValueStoreArn: 'arn:aws:cloudfront::111122223333:key-value-store/abc',
 *   cdnIds: ['fastly'],
 * });
 * // The Token Service's role may read the key, nothing else of the edge:
 * key.grantSign({ roleName: 'token-service' });
 * ```
 */
export class TokenSigningKey extends Construct {
  public readonly secret: SecretsmanagerSecret;
  public readonly secretArn: string;
  /** KMS key of the secret. */
  public readonly kmsKeyArn: string;
  public readonly rotationFunction: LambdaFunction;

  constructor(scope: Construct, id: string, props: TokenSigningKeyProps) {
    super(scope, id);
    const days = props.rotationDays ?? 7;
    if (!Number.isInteger(days) || days < 1 || days > 365) throw new PlatformValidationError(this.node.path, `rotationDays must be 1-365, got ${days}`);
    const cdnIds = props.cdnIds ?? [];
    for (const c of cdnIds) {
      const p = cdnIdProblem(c);
      if (p) throw new PlatformValidationError(this.node.path, `cdnIds: ${p}`);
    }
    const ctx = awsContext(this);
    const key = new EncryptionKey(this, 'key', {
      purpose: `${props.name}: CAT signing key secret and rotation logs`,
      alias: `${props.name}-cat-signing`,
      additionalStatements: [cloudWatchLogsKeyStatement(this)],
    });
    this.kmsKeyArn = key.keyArn;
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: `${props.name}/cat-signing-key`,
      description: 'Common Access Token HMAC key (current and previous) and per-CDN secret header values; rotated by the edge rotation function',
      kmsKeyId: key.keyArn,
      recoveryWindowInDays: 30,
    });
    this.secretArn = this.secret.arn;

    const fnName = `${props.name}-cat-key-rotation`;
    const logs = new EncryptedLogGroup(this, 'logs', { name: `/aws/lambda/${fnName}`, retentionInDays: props.logRetentionDays ?? 365, kmsKeyArn: key.keyArn });
    const role = new IamRole(this, 'role', { name: fnName, assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', ctx.accountId) });
    new IamRolePolicy(this, 'role-policy', {
      role: role.name,
      name: 'rotate-cat-signing-key',
      policy: policyJson({
        Statement: [
          { Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'], Resource: this.secret.arn },
          { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key.keyArn },
          { Effect: 'Allow', Action: ['cloudfront-keyvaluestore:DescribeKeyValueStore', 'cloudfront-keyvaluestore:GetKey', 'cloudfront-keyvaluestore:UpdateKeys'], Resource: props.keyValueStoreArn },
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.arn}:*` },
        ],
      }),
    });
    const code = zipAsset(this, 'code', ROTATION_CODE_DIR);
    this.rotationFunction = new LambdaFunction(this, 'function', {
      functionName: fnName,
      description: 'Rotates the CAT signing key into the CloudFront KeyValueStore (keeps the previous key)',
      role: role.arn,
      runtime: ROTATION_RUNTIME,
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: code.assetHash,
      timeout: 60,
      memorySize: 256,
      reservedConcurrentExecutions: 1,
      kmsKeyArn: key.keyArn,
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.name },
      environment: { variables: { KVS_ARN: props.keyValueStoreArn, CDN_IDS: cdnIds.join(',') } },
      dependsOn: [logs.logGroup],
    });
    const permission = new LambdaPermission(this, 'secretsmanager-invoke', {
      functionName: this.rotationFunction.functionName,
      action: 'lambda:InvokeFunction',
      principal: 'secretsmanager.amazonaws.com',
      sourceArn: this.secret.arn,
      sourceAccount: ctx.accountId,
    });
    new SecretsmanagerSecretRotation(this, 'rotation', {
      secretId: this.secret.id,
      rotationLambdaArn: this.rotationFunction.arn,
      rotationRules: { scheduleExpression: `rate(${days} ${days === 1 ? 'day' : 'days'})` },
      rotateImmediately: true,
      dependsOn: [permission],
    });
  }

  /** What the Token Service needs to sign tokens: read this secret (and decrypt it), nothing else. */
  public signerStatements(): PolicyStatement[] {
    return [
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [this.secretArn] },
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [this.kmsKeyArn] },
    ];
  }

  /** Lets `role` (the Token Service) read the signing key; the policy lands in `target.scope`'s stack when given. */
  public grantSign(role: GrantRole | GrantTarget): IamRolePolicy {
    return grantStatements(this, role, 'read-cat-signing-key', this.signerStatements());
  }
}
