import { Construct } from 'constructs';
import { Fn, TerraformLocal } from 'cdktf';
import { EmrcontainersVirtualCluster } from '@cdktf/provider-aws/lib/emrcontainers-virtual-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { policyJson } from '../core/iam';
import { EncryptedLogGroup } from '../core/logs';
import { ClusterAccessGrant } from '../cluster/access-entries';
import { grantStatements } from '../data/grants';
import { SecureBucket } from '../data/secure-bucket';
import { base36RoleName } from './iam';
import { LakeLayer } from './lake-types';
import { Lakehouse } from './lakehouse';

/** What the virtual cluster needs of the EKS cluster. */
export interface SparkEksCluster {
  readonly clusterName: string;
  /** IAM OIDC provider of the cluster (IRSA). */
  readonly oidcProviderArn: string;
  /** OIDC issuer URL (`https://oidc.eks...`). */
  readonly oidcIssuerUrl: string;
}

export interface SparkVirtualClusterProps {
  /** Virtual cluster name, also the job role's name prefix. */
  readonly name: string;
  /** The EKS cluster the jobs run on. */
  readonly cluster: SparkEksCluster;
  /** Kubernetes namespace of the jobs (created by the platform layer, catalog/namespaces.ts). */
  readonly namespace: string;
  /** Lakehouse the jobs read and write. */
  readonly lakehouse: Lakehouse;
  /** Layers the jobs read. */
  readonly readLayers: readonly LakeLayer[];
  /** Layers the jobs write. */
  readonly writeLayers: readonly LakeLayer[];
  /** Bucket with the job scripts/jars (read-only, under `spark/`). */
  readonly artifactBucket: SecureBucket;
  /** Key of the job log group. */
  readonly logsKmsKeyArn: string;
  /** Days job logs are kept. */
  readonly logRetentionDays: number;
}

/**
 * Spark on EMR on EKS (seed 003 §4: "Batch Processing: Apache Spark 3.5"): a virtual cluster bound to its
 * own namespace, the EMR service-linked role admitted to that namespace only (an access entry with the
 * `AmazonEMRJobPolicy` access policy scoped to it), and a job execution role that only EMR's job service
 * accounts in that namespace can assume (IRSA), reading and writing only the named lake layers, its
 * scripts and its log group.
 *
 * @example
 * ```ts
 * import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
 * import { awsContext } from '@ott-platform/infra/core';
 * import { DataLake, SecureBucket } from '@ott-platform/infra/data';
 * import { Lakehouse, SchemaRegistry, SparkVirtualCluster } from '@ott-platform/infra/analytics';
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
 * const spark = new SparkVirtualCluster(this, 'spark', {
 *   name: 'inference-dev-spark', namespace: 'emr-spark', lakehouse, readLayers: ['bronze'], writeLayers: [], artifactBucket: artifacts,
 *   cluster: { clusterName: 'inference-dev', oidcProviderArn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EX', oidcIssuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EX' },
 *   logsKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/logs', logRetentionDays: 30,
 * });
 * // spark.virtualCluster.id and spark.jobRole.arn go into StartJobRun; `registry` is unused here
 * void registry;
 * ```
 */
export class SparkVirtualCluster extends Construct {
  public readonly virtualCluster: EmrcontainersVirtualCluster;
  public readonly jobRole: IamRole;
  public readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: SparkVirtualClusterProps) {
    super(scope, id);
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(props.namespace)) {
      throw new PlatformValidationError(this.node.path, `namespace '${props.namespace}' is not a Kubernetes namespace name`);
    }
    const ctx = awsContext(this);
    const emrServiceRole = `arn:${ctx.partition}:iam::${ctx.accountId}:role/AWSServiceRoleForAmazonEMRContainers`;
    const access = new ClusterAccessGrant(this, 'emr-access', {
      clusterName: props.cluster.clusterName, partition: ctx.partition, principalArn: emrServiceRole, policy: 'AmazonEMRJobPolicy', namespaces: [props.namespace],
    });
    this.virtualCluster = new EmrcontainersVirtualCluster(this, 'virtual-cluster', {
      name: props.name,
      containerProvider: { id: props.cluster.clusterName, type: 'EKS', info: { eksInfo: { namespace: props.namespace } } },
      dependsOn: [access.association],
    });

    const roleName = `${props.name}-spark-jobs`;
    // A local keeps the trust policy literal JSON: an inline replace() would put quotes inside it.
    const issuer = new TerraformLocal(this, 'oidc-issuer', Fn.replace(props.cluster.oidcIssuerUrl, 'https://', '')).asString;
    this.jobRole = new IamRole(this, 'job-role', {
      name: roleName,
      description: `EMR on EKS job execution role (${props.namespace})`,
      assumeRolePolicy: policyJson({ Statement: [{
        Effect: 'Allow', Principal: { Federated: props.cluster.oidcProviderArn }, Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { [`${issuer}:sub`]: `system:serviceaccount:${props.namespace}:emr-containers-sa-*-*-${ctx.accountId}-${base36RoleName(roleName)}` } },
      }] }),
    });
    const logs = new EncryptedLogGroup(this, 'logs', { name: `/aws/emr-containers/${props.name}`, retentionInDays: props.logRetentionDays, kmsKeyArn: props.logsKmsKeyArn });
    this.logGroupName = logs.name;
    grantStatements(this, this.jobRole, 'spark-logs', [
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: [logs.arn, `${logs.arn}:log-stream:*`] },
    ]);
    props.artifactBucket.grantRead(this.jobRole, 'spark/');
    for (const l of props.readLayers) props.lakehouse.grantRead(this.jobRole, l);
    for (const l of props.writeLayers) props.lakehouse.grantWrite(this.jobRole, l);
  }
}
