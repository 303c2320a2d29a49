import { Construct } from 'constructs';
import { BedrockModelInvocationLoggingConfiguration } from '@cdktf/provider-aws/lib/bedrock-model-invocation-logging-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { serviceTrustPolicy } from '../core/iam';
import { EncryptedLogGroup } from '../core/logs';
import { grantStatements } from '../data/grants';
import { SecureBucket } from '../data/secure-bucket';
import { nonResourceActions } from './iam';
import { Lakehouse } from './lakehouse';

/** Why a Bedrock model id is refused (a foundation-model id such as `anthropic.claude-3-5-haiku-20241022-v1:0`), or undefined. */
export function bedrockModelIdProblem(id: string): string | undefined {
  return /^[a-z0-9-]+\.[a-z0-9.:-]+$/.test(id) && !id.includes('*') ? undefined : `'${id}' is not a Bedrock foundation-model id (provider.model-version, no wildcards)`;
}

export interface SageMakerRolesProps {
  /** Role name prefix. */
  readonly name: string;
  /** Lakehouse whose ML-feature layer the jobs read. */
  readonly lakehouse: Lakehouse;
  /** Bucket of model artifacts: training writes `models/`, batch transform reads it and writes `batch-transform/`. */
  readonly modelBucket: SecureBucket;
}

/**
 * SageMaker execution roles (seed 003 §6 "Compute: SageMaker Training Jobs", "SageMaker Batch"): the
 * training role reads the ML-feature layer and writes `models/`; the batch-transform role reads features
 * and `models/` and writes `batch-transform/`. Both log to SageMaker's own log groups only.
 *
 * @example
 * ```ts
 * import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
 * import { awsContext } from '@ott-platform/infra/core';
 * import { DataLake, SecureBucket } from '@ott-platform/infra/data';
 * import { Lakehouse, SageMakerRoles, SchemaRegistry } from '@ott-platform/infra/analytics';
 *
 * const account = awsContext(this).accountId;
 * const dataLake = new DataLake(this, 'lake', { bucketName: `inference-dev-lake-${account}` });
 * const lakehouse = new Lakehouse(this, 'lakehouse', {
 *   dataLake, databasePrefix: 'inference_dev',
 *   tables: [{
 *     layer: 'bronze', name: 'inference_results', description: 'Raw results', writer: 'sink',
 *     columns: [{ name: 'request_id', type: 'string' }, { name: 'event_date', type: 'date' }],
 *     retention: { queryableDays: 90, totalDays: 730, row: 'Bronze: 90 days, Glacier to 2 years' },
 *   }],
 * });
 * const registry = new SchemaRegistry(this, 'schemas', {
 *   registryName: 'inference-dev-events',
 *   topics: [{ name: 'inference.results', owner: 'inference' }],
 *   schemas: [{ topic: 'inference.results', owner: 'inference', schema: { type: 'record', name: 'InferenceResult', fields: [{ name: 'request_id', type: 'string' }] } }],
 * });
 * const artifacts = new SecureBucket(this, 'artifacts', { bucketName: `inference-dev-artifacts-${account}`, label: 'artifacts' });
 * void registry; // (not needed by SageMaker)
 * const roles = new SageMakerRoles(this, 'sagemaker', { name: 'inference-dev', lakehouse, modelBucket: artifacts });
 * // roles.trainingRole.arn in CreateTrainingJob; it can only read the lake's ml-features layer
 * ```
 */
export class SageMakerRoles extends Construct {
  public readonly trainingRole: IamRole;
  public readonly batchTransformRole: IamRole;

  constructor(scope: Construct, id: string, props: SageMakerRolesProps) {
    super(scope, id);
    const ctx = awsContext(this);
    const role = (rid: string, suffix: string, description: string, logGroup: string) => {
      const r = new IamRole(this, rid, { name: `${props.name}-${suffix}`, description, assumeRolePolicy: serviceTrustPolicy('sagemaker.amazonaws.com', ctx.accountId) });
      grantStatements(this, r, `sagemaker-logs-${suffix}`, [{
        Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: [`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:/aws/sagemaker/${logGroup}:*`],
      }]);
      nonResourceActions(this, `sagemaker-metrics-${suffix}`, r, ['cloudwatch:PutMetricData', 'ecr:GetAuthorizationToken']);
      return r;
    };
    this.trainingRole = role('training-role', 'sagemaker-training', 'SageMaker training jobs: ML features in, models out', 'TrainingJobs');
    props.lakehouse.grantRead(this.trainingRole, 'ml-features');
    props.modelBucket.grantWrite(this.trainingRole, 'models/');
    this.batchTransformRole = role('batch-transform-role', 'sagemaker-batch', 'SageMaker batch transform: models and features in, predictions out', 'TransformJobs');
    props.lakehouse.grantRead(this.batchTransformRole, 'ml-features');
    props.modelBucket.grantRead(this.batchTransformRole, 'models/');
    props.modelBucket.grantWrite(this.batchTransformRole, 'batch-transform/');
  }
}

export interface BedrockAccessProps {
  /** Name prefix of the log group and the delivery role. */
  readonly name: string;
  /** Bucket receiving invocation logs (its key and policy must admit bedrock.amazonaws.com). */
  readonly logBucket: SecureBucket;
  /** Key of the invocation log group. */
  readonly logsKmsKeyArn: string;
  /** Days invocation logs are kept in CloudWatch. */
  readonly logRetentionDays: number;
  /** Foundation-model ids the services may invoke. */
  readonly modelIds: readonly string[];
  /** Service roles (the seed names Search and Metadata) allowed to invoke exactly those models. */
  readonly invokers: readonly { readonly id: string; readonly role: IamRole }[];
  /**
   * Create the model-invocation logging configuration (one per account and region).
   * @default true
   */
  readonly invocationLogging?: boolean;
}

/**
 * Amazon Bedrock access (seed 003 §6 "LLM Integration": conversational search, summarization): model
 * invocation logging to S3 and to a KMS-encrypted CloudWatch log group (through a delivery role limited
 * to that group), and invoke permissions for the named foundation models only, to the named services.
 *
 * @example
 * ```ts
 * import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
 * import { awsContext } from '@ott-platform/infra/core';
 * import { SecureBucket } from '@ott-platform/infra/data';
 * import { BedrockAccess } from '@ott-platform/infra/analytics';
 *
 * const logs = new SecureBucket(this, 'llm-logs', { bucketName: `inference-dev-llm-logs-${awsContext(this).accountId}`, label: 'llm-logs' });
 * const search = new IamRole(this, 'search', { name: 'inference-dev-search', assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}' });
 * new BedrockAccess(this, 'bedrock', {
 *   name: 'inference-dev', logBucket: logs, logsKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/logs', logRetentionDays: 90,
 *   modelIds: ['anthropic.claude-3-5-haiku-20241022-v1:0'], invokers: [{ id: 'search', role: search }],
 * });
 * ```
 */
export class BedrockAccess extends Construct {
  public readonly logGroup: EncryptedLogGroup;
  public readonly deliveryRole: IamRole;
  /** Foundation-model ARNs the invokers may call. */
  public readonly modelArns: readonly string[];

  constructor(scope: Construct, id: string, props: BedrockAccessProps) {
    super(scope, id);
    const problems = props.modelIds.map(bedrockModelIdProblem).filter((p): p is string => !!p);
    if (props.modelIds.length === 0) problems.push('modelIds is empty; name the models the services may invoke');
    if (problems.length > 0) throw new PlatformValidationError(this.node.path, problems.join('; '));
    const ctx = awsContext(this);
    this.modelArns = props.modelIds.map((m) => `arn:${ctx.partition}:bedrock:${ctx.region}::foundation-model/${m}`);
    this.logGroup = new EncryptedLogGroup(this, 'logs', { name: `/aws/bedrock/${props.name}/invocations`, retentionInDays: props.logRetentionDays, kmsKeyArn: props.logsKmsKeyArn });
    this.deliveryRole = new IamRole(this, 'delivery-role', {
      name: `${props.name}-bedrock-logs`, description: 'Bedrock model invocation logs to CloudWatch',
      assumeRolePolicy: serviceTrustPolicy('bedrock.amazonaws.com', ctx.accountId),
    });
    grantStatements(this, this.deliveryRole, 'bedrock-log-delivery', [
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${this.logGroup.arn}:log-stream:aws/bedrock/modelinvocations`] },
    ]);
    props.logBucket.addToResourcePolicy({
      Sid: 'BedrockInvocationLogs', Effect: 'Allow', Principal: { Service: 'bedrock.amazonaws.com' }, Action: 's3:PutObject',
      Resource: `${props.logBucket.bucketArn}/bedrock/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId }, ArnLike: { 'aws:SourceArn': `arn:${ctx.partition}:bedrock:${ctx.region}:${ctx.accountId}:*` } },
    });
    if (props.invocationLogging ?? true) {
      new BedrockModelInvocationLoggingConfiguration(this, 'invocation-logging', {
        loggingConfig: [{
          textDataDeliveryEnabled: true, embeddingDataDeliveryEnabled: true, imageDataDeliveryEnabled: false, videoDataDeliveryEnabled: false,
          cloudwatchConfig: [{ logGroupName: this.logGroup.name, roleArn: this.deliveryRole.arn, largeDataDeliveryS3Config: [{ bucketName: props.logBucket.bucketName, keyPrefix: 'bedrock/large-data' }] }],
          s3Config: [{ bucketName: props.logBucket.bucketName, keyPrefix: 'bedrock' }],
        }],
      });
    }
    for (const inv of props.invokers) {
      grantStatements(this, inv.role, `bedrock-invoke-${inv.id}`, [
        { Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], Resource: [...this.modelArns] },
      ]);
    }
  }
}
