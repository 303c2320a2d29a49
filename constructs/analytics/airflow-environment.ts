import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { MwaaEnvironment } from '@cdktf/provider-aws/lib/mwaa-environment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { policyJson } from '../core/iam';
import { grantStatements } from '../data/grants';
import { SecureBucket } from '../data/secure-bucket';
import { nonResourceActions } from './iam';

/** Amazon MWAA Airflow versions (seed 003 §11: Airflow 2.9; 2.10 is its supported successor on MWAA). */
export const MWAA_AIRFLOW_VERSIONS: readonly string[] = ['2.10.1', '2.10.3'];
export const MWAA_ENVIRONMENT_CLASSES: readonly string[] = ['mw1.micro', 'mw1.small', 'mw1.medium', 'mw1.large', 'mw1.xlarge', 'mw1.2xlarge'];
const MWAA_LOG_TYPES = ['dagProcessingLogs', 'schedulerLogs', 'taskLogs', 'webserverLogs', 'workerLogs'] as const;

/** Why a DAG bucket name is refused (MWAA requires the `airflow-` prefix), or undefined. */
export function airflowBucketNameProblem(name: string): string | undefined {
  return name.startsWith('airflow-') ? undefined : `DAG bucket '${name}' must start with 'airflow-' (Amazon MWAA refuses other source buckets)`;
}

export interface AirflowEnvironmentProps {
  /** Environment name (also the prefix of its log groups and roles). */
  readonly name: string;
  /**
   * Apache Airflow version, one of {@link MWAA_AIRFLOW_VERSIONS}.
   * @default '2.10.3'
   */
  readonly airflowVersion?: string;
  /** Environment class (scheduler, web server and worker size), one of {@link MWAA_ENVIRONMENT_CLASSES}. */
  readonly environmentClass: string;
  /** Workers always running (1-25). */
  readonly minWorkers: number;
  /** Workers at most (autoscaling, up to 25). */
  readonly maxWorkers: number;
  /** DAG bucket (versioned, name starting with `airflow-`). */
  readonly dagBucket: SecureBucket;
  /** VPC of the environment. */
  readonly vpcId: string;
  /** Exactly two private subnets in different AZs. */
  readonly subnetIds: readonly string[];
  /** Key of the environment and its log groups (must admit CloudWatch Logs). */
  readonly kmsKeyArn: string;
}

/**
 * Amazon MWAA for the training and batch DAGs (seed 003 §6 "Apache Airflow DAGs trigger training jobs"):
 * private web server only, two private subnets, encrypted with a customer-managed key, all five log types
 * on, DAGs from a versioned `airflow-` bucket. The execution role has the MWAA baseline (its own log
 * groups, its Celery queues, the DAG bucket, the key through SQS/S3 only); what the DAGs may start is
 * added with {@link AirflowEnvironment.grantSparkJobs} and {@link AirflowEnvironment.grantSageMakerJobs}.
 *
 * @example
 * ```ts
 * import { awsContext } from '@ott-platform/infra/core';
 * import { SecureBucket } from '@ott-platform/infra/data';
 * import { AirflowEnvironment } from '@ott-platform/infra/analytics';
 *
 * const dags = new SecureBucket(this, 'dags', { bucketName: `airflow-inference-dev-${awsContext(this).accountId}`, label: 'dags' });
 * const airflow = new AirflowEnvironment(this, 'airflow', {
 *   name: 'inference-dev-airflow', environmentClass: 'mw1.small', minWorkers: 1, maxWorkers: 2, dagBucket: dags,
 *   vpcId: 'vpc-0example', subnetIds: ['subnet-0a', 'subnet-0b'], kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/logs',
 * });
 * airflow.grantSageMakerJobs('inference-dev-', ['arn:aws:iam::111122223333:role/inference-dev-sagemaker-training']);
 * ```
 */
export class AirflowEnvironment extends Construct {
  public readonly environment: MwaaEnvironment;
  public readonly role: IamRole;
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: AirflowEnvironmentProps) {
    super(scope, id);
    const where = this.node.path;
    const version = props.airflowVersion ?? '2.10.3';
    const fail = (m: string): never => { throw new PlatformValidationError(where, m); };
    if (!MWAA_AIRFLOW_VERSIONS.includes(version)) fail(`airflowVersion '${version}' is not one of ${MWAA_AIRFLOW_VERSIONS.join(', ')}`);
    if (!MWAA_ENVIRONMENT_CLASSES.includes(props.environmentClass)) fail(`environmentClass '${props.environmentClass}' is not one of ${MWAA_ENVIRONMENT_CLASSES.join(', ')}`);
    if (props.minWorkers < 1 || props.maxWorkers < props.minWorkers || props.maxWorkers > 25) fail(`workers must satisfy 1 <= minWorkers (${props.minWorkers}) <= maxWorkers (${props.maxWorkers}) <= 25`);
    if (props.subnetIds.length < 2) fail(`MWAA needs two private subnets, got ${props.subnetIds.length}`);
    const bucketProblem = airflowBucketNameProblem(props.dagBucket.bucketName);
    if (bucketProblem && !props.dagBucket.bucketName.includes('${')) fail(bucketProblem);
    const ctx = awsContext(this);
    const envArn = `arn:${ctx.partition}:airflow:${ctx.region}:${ctx.accountId}:environment/${props.name}`;

    const sg = new SecurityGroup(this, 'sg', { name: `${props.name}-mwaa`, description: `MWAA ${props.name}: self-referencing (workers, scheduler, web server), HTTPS out`, vpcId: props.vpcId, tags: { Name: `${props.name}-mwaa` } });
    this.securityGroupId = sg.id;
    new VpcSecurityGroupIngressRule(this, 'self-ingress', { securityGroupId: sg.id, referencedSecurityGroupId: sg.id, ipProtocol: '-1', description: 'MWAA components talk to each other' });
    new VpcSecurityGroupEgressRule(this, 'self-egress', { securityGroupId: sg.id, referencedSecurityGroupId: sg.id, ipProtocol: '-1', description: 'MWAA components talk to each other' });
    new VpcSecurityGroupEgressRule(this, 'https-egress', { securityGroupId: sg.id, cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 443, toPort: 443, description: 'HTTPS to AWS APIs' });

    this.role = new IamRole(this, 'role', {
      name: `${props.name}-mwaa`,
      description: `MWAA ${props.name} execution role`,
      assumeRolePolicy: policyJson({ Statement: [{
        Effect: 'Allow', Principal: { Service: ['airflow.amazonaws.com', 'airflow-env.amazonaws.com'] }, Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } },
      }] }),
    });
    grantStatements(this, this.role, 'mwaa-baseline', [
      { Effect: 'Allow', Action: ['airflow:PublishMetrics'], Resource: [envArn] },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:GetLogRecord', 'logs:GetLogGroupFields', 'logs:GetQueryResults'],
        Resource: [`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:airflow-${props.name}-*`] },
      { Effect: 'Allow', Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage'],
        Resource: [`arn:${ctx.partition}:sqs:${ctx.region}:*:airflow-celery-*`] },
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:Encrypt'], Resource: [props.kmsKeyArn],
        Condition: { StringLike: { 'kms:ViaService': [`sqs.${ctx.region}.amazonaws.com`, `s3.${ctx.region}.amazonaws.com`] } } },
      { Effect: 'Allow', Action: ['s3:GetBucketPublicAccessBlock'], Resource: [props.dagBucket.bucketArn] },
    ]);
    nonResourceActions(this, 'mwaa-metrics', this.role, ['cloudwatch:PutMetricData', 'logs:DescribeLogGroups', 's3:GetAccountPublicAccessBlock']);
    props.dagBucket.grantRead(this.role);

    this.environment = new MwaaEnvironment(this, 'environment', {
      name: props.name,
      airflowVersion: version,
      environmentClass: props.environmentClass,
      minWorkers: props.minWorkers,
      maxWorkers: props.maxWorkers,
      executionRoleArn: this.role.arn,
      sourceBucketArn: props.dagBucket.bucketArn,
      dagS3Path: 'dags/',
      kmsKey: props.kmsKeyArn,
      webserverAccessMode: 'PRIVATE_ONLY',
      networkConfiguration: { subnetIds: props.subnetIds.slice(0, 2), securityGroupIds: [sg.id] },
      loggingConfiguration: Object.fromEntries(MWAA_LOG_TYPES.map((t) => [t, { enabled: true, logLevel: t === 'taskLogs' ? 'INFO' : 'WARNING' }])),
      airflowConfigurationOptions: { 'core.load_examples': 'False', 'webserver.expose_config': 'False' },
    });
  }

  /** Lets the DAGs start and watch EMR on EKS job runs on `virtualClusterArn` with `jobRoleArn`. */
  public grantSparkJobs(virtualClusterArn: string, jobRoleArn: string): void {
    grantStatements(this, this.role, 'dag-spark-jobs', [
      { Effect: 'Allow', Action: ['emr-containers:StartJobRun', 'emr-containers:DescribeJobRun', 'emr-containers:CancelJobRun', 'emr-containers:ListJobRuns'], Resource: [virtualClusterArn, `${virtualClusterArn}/jobruns/*`] },
      { Effect: 'Allow', Action: ['iam:PassRole'], Resource: [jobRoleArn], Condition: { StringEquals: { 'iam:PassedToService': 'emr-containers.amazonaws.com' } } },
    ]);
  }

  /** Lets the DAGs run SageMaker training and transform jobs named `<jobPrefix>*` with the given roles. */
  public grantSageMakerJobs(jobPrefix: string, roleArns: readonly string[]): void {
    const ctx = awsContext(this);
    const arn = (kind: string) => `arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.accountId}:${kind}/${jobPrefix}*`;
    grantStatements(this, this.role, 'dag-sagemaker-jobs', [
      { Effect: 'Allow', Action: ['sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:AddTags'], Resource: [arn('training-job')] },
      { Effect: 'Allow', Action: ['sagemaker:CreateTransformJob', 'sagemaker:DescribeTransformJob', 'sagemaker:StopTransformJob', 'sagemaker:AddTags'], Resource: [arn('transform-job')] },
      { Effect: 'Allow', Action: ['iam:PassRole'], Resource: [...roleArns], Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } },
    ]);
  }
}
