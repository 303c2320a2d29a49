// The team's stack. Everything platform-shaped comes from the published library, imported by package
// name and domain subpath only; the team adds what is specific to its service. The platform's VPC, EKS
// cluster and MSK cluster already exist: the stack adopts them by their attributes and adds its own
// database, topic, GPU capacity and workload identity to them.
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ClusterAttributes, EksCluster, GpuNodeGroup, WorkloadIdentity } from '@ott-platform/infra/cluster';
import { cloudWatchLogsKeyStatement, EncryptedLogGroup, EncryptionKey, policyJson } from '@ott-platform/infra/core';
import { DataClientAccess, KafkaCluster, KafkaClusterAttributes, KafkaTopic, PostgresDatabase } from '@ott-platform/infra/data';
import { Network, NetworkAttributes } from '@ott-platform/infra/network';

/** What the platform team publishes about its region (its stacks' outputs). */
export interface PlatformAttributes {
  readonly network: NetworkAttributes;
  /** The VPC's CIDR (the serving port is open to it only). */
  readonly vpcCidr: string;
  readonly cluster: ClusterAttributes;
  readonly kafka: KafkaClusterAttributes;
}

export interface InferenceServiceStackProps {
  /** Environment name, part of every resource name. */
  readonly environment: string;
  readonly region: string;
  /** Port the inference server listens on inside the VPC. */
  readonly servingPort: number;
  /** The platform's network, EKS cluster and MSK cluster to adopt. */
  readonly platform: PlatformAttributes;
}

/**
 * A GPU inference service on the platform's EKS cluster: its own GPU node group (A10G, sized by its
 * scaling), encryption key, logs, workload identity (IAM role + EKS Pod Identity association) and
 * security groups, plus its data: a PostgreSQL database (model registry and request metadata) in the
 * platform VPC's isolated subnets and a Kafka topic on the platform's MSK cluster.
 */
export class InferenceServiceStack extends TerraformStack {
  public readonly identity: WorkloadIdentity;
  public readonly database: PostgresDatabase;
  public readonly resultsTopic: KafkaTopic;
  public readonly gpuNodes: GpuNodeGroup;

  constructor(scope: Construct, id: string, props: InferenceServiceStackProps) {
    super(scope, id);
    const name = `${props.environment}-gpu-inference`;
    new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: [{ tags: { environment: props.environment, service: 'gpu-inference', team: 'ml-serving' } }],
    });

    // Adopted, not created: the platform owns these; the handles validate the attributes.
    const network = Network.fromNetworkAttributes(this, 'platform-network', props.platform.network);
    const cluster = EksCluster.fromClusterAttributes(this, 'platform-eks', props.platform.cluster);
    const kafka = KafkaCluster.fromKafkaClusterAttributes(this, 'platform-kafka', props.platform.kafka);

    const key = new EncryptionKey(this, 'key', {
      purpose: `${name} logs and model cache`,
      alias: name,
      additionalStatements: [cloudWatchLogsKeyStatement(this)],
    });
    const logs = new EncryptedLogGroup(this, 'logs', {
      name: `/ott/${name}/serving`,
      retentionInDays: 30,
      kmsKeyArn: key.keyArn,
    });

    // GPU capacity of the team's own on the platform's cluster: A10G nodes (g5), no `gpus:` needed because
    // the scaling decides the size; the autoscaler adds nodes when inference pods are pending.
    this.gpuNodes = new GpuNodeGroup(this, 'gpu-nodes', {
      cluster,
      name: 'gpu-inference',
      region: props.region,
      request: { gpu: 'A10G' },
      scaling: { minSize: 0, desiredSize: 1, maxSize: props.environment === 'production' ? 8 : 2 },
      sharing: { timeSlicingReplicas: 4 },
      service: 'model-serving',
    });

    // The inference pods' identity: a role trusting EKS Pod Identity for this cluster only, associated
    // with the service account ml-serving/gpu-inference.
    this.identity = new WorkloadIdentity(this, 'serving-identity', {
      cluster, namespace: 'ml-serving', serviceAccount: 'gpu-inference', roleName: `${name}-serving`,
    });
    const role = this.identity.role;
    new IamRolePolicy(this, 'serving-policy', {
      name: 'logs-and-key',
      role: role.id,
      policy: policyJson({
        Statement: [
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${logs.arn}:*`] },
          { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key.keyArn },
        ],
      }),
    });

    const serving = new SecurityGroup(this, 'serving-sg', {
      name: `${name}-serving`,
      description: 'Inference server: reachable from inside the VPC only',
      vpcId: network.vpcId,
      ingress: [{ description: 'Inference API from the VPC', protocol: 'tcp', fromPort: props.servingPort, toPort: props.servingPort, cidrBlocks: [props.platform.vpcCidr] }],
      egress: [{ description: 'HTTPS to AWS APIs and model registries', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
    });

    // The service's data. The database sits in the platform VPC's isolated subnets; it and the platform's
    // brokers admit the team's data-client group, which the serving pods carry next to their own group.
    const production = props.environment === 'production';
    const dataClients = new DataClientAccess(this, 'data-clients', { name: `${name}-data-clients`, vpcId: network.vpcId });

    this.database = new PostgresDatabase(this, 'db', {
      identifier: name,
      databaseName: 'inference',
      engineVersion: '16.14',
      instanceClass: production ? 'db.r6g.large' : 'db.t4g.medium',
      vpcId: network.vpcId,
      subnetIds: network.isolatedSubnetIds,
      allocatedStorageGb: 20,
      multiAz: production, // a standby in a second AZ only where it pays for itself
      logsKmsKeyArn: key.keyArn, // the team's key already admits CloudWatch Logs
      tags: { service: 'gpu-inference' },
    });
    dataClients.allow(this.database);
    // IAM database authentication as the database user `inference` (created with `GRANT rds_iam TO inference;`).
    this.database.grantConnect(role);

    dataClients.allow(kafka); // an ingress rule on the platform brokers' group for the IAM listener (9098)
    this.resultsTopic = new KafkaTopic(this, 'topic-inference-results', {
      cluster: kafka,
      name: 'inference.results',
      partitions: 6,
      retentionMs: 3 * 24 * 60 * 60 * 1000, // 3 days
    });
    this.resultsTopic.grantProduce(role);

    new TerraformOutput(this, 'serving-role-arn', { value: role.arn });
    new TerraformOutput(this, 'serving-security-group-id', { value: serving.id });
    new TerraformOutput(this, 'log-group-name', { value: logs.name });
    new TerraformOutput(this, 'data-client-security-group-id', { value: dataClients.clientSecurityGroupId });
    new TerraformOutput(this, 'database-endpoint', { value: this.database.endpoint });
    new TerraformOutput(this, 'database-master-user-secret-arn', { value: this.database.masterUserSecretArn });
    new TerraformOutput(this, 'gpu-node-group', { value: this.gpuNodes.nodeGroup.nodeGroupName });
    new TerraformOutput(this, 'results-topic', { value: this.resultsTopic.topicName });
  }
}
