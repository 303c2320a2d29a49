// The team's stack. Everything platform-shaped comes from the published library, imported by package
// name and domain subpath only; the team adds what is specific to its service.
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import {
  availabilityZoneIds, cloudWatchLogsKeyStatement, EncryptedLogGroup, EncryptionKey, policyJson,
} from '@ott-platform/infra/core';
import { DataClientAccess, KafkaCluster, KafkaTopic, PostgresDatabase } from '@ott-platform/infra/data';
import { Network } from '@ott-platform/infra/network';

export interface InferenceServiceStackProps {
  /** Environment name, part of every resource name. */
  readonly environment: string;
  readonly region: string;
  /** The service's own VPC range (RFC 1918, must not overlap the platform's VPCs if they are ever peered). */
  readonly vpcCidr: string;
  /** Port the inference server listens on inside the VPC. */
  readonly servingPort: number;
}

/**
 * A GPU inference service's own network, encryption key, logs, identity and security groups, plus its
 * data: a PostgreSQL database (model registry and request metadata) and a Kafka topic it publishes
 * inference results to, on a small MSK cluster of its own.
 */
export class InferenceServiceStack extends TerraformStack {
  public readonly network: Network;
  public readonly role: IamRole;
  public readonly database: PostgresDatabase;
  public readonly resultsTopic: KafkaTopic;

  constructor(scope: Construct, id: string, props: InferenceServiceStackProps) {
    super(scope, id);
    const name = `${props.environment}-gpu-inference`;
    new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: [{ tags: { environment: props.environment, service: 'gpu-inference', team: 'ml-serving' } }],
    });

    this.network = new Network(this, 'network', {
      name,
      cidr: props.vpcCidr,
      availabilityZoneIds: availabilityZoneIds(props.region, 3),
      natGateways: props.environment === 'production' ? 'perAz' : 'single',
    });

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

    // The inference pods' identity (EKS Pod Identity), allowed to write their logs and use the key.
    this.role = new IamRole(this, 'serving-role', {
      name: `${name}-serving`,
      assumeRolePolicy: policyJson({
        Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      }),
    });
    new IamRolePolicy(this, 'serving-policy', {
      name: 'logs-and-key',
      role: this.role.id,
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
      vpcId: this.network.vpcId,
      ingress: [{ description: 'Inference API from the VPC', protocol: 'tcp', fromPort: props.servingPort, toPort: props.servingPort, cidrBlocks: [props.vpcCidr] }],
      egress: [{ description: 'HTTPS to AWS APIs and model registries', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
    });

    // The service's data. Stores sit in the isolated subnets (no route out of the VPC) and admit only the
    // data-client security group, which the serving pods carry next to their own group.
    const production = props.environment === 'production';
    const dataClients = new DataClientAccess(this, 'data-clients', { name: `${name}-data-clients`, vpcId: this.network.vpcId });

    this.database = new PostgresDatabase(this, 'db', {
      identifier: name,
      databaseName: 'inference',
      engineVersion: '16.14',
      instanceClass: production ? 'db.r6g.large' : 'db.t4g.medium',
      vpcId: this.network.vpcId,
      subnetIds: this.network.isolatedSubnetIds,
      allocatedStorageGb: 20,
      multiAz: production, // a standby in a second AZ only where it pays for itself
      logsKmsKeyArn: key.keyArn, // the team's key already admits CloudWatch Logs
      tags: { service: 'gpu-inference' },
    });
    dataClients.allow(this.database);
    // IAM database authentication as the database user `inference` (created with `GRANT rds_iam TO inference;`).
    this.database.grantConnect(this.role);

    const kafka = new KafkaCluster(this, 'kafka', {
      clusterName: `${name}-events`,
      kafkaVersion: '3.9.x.kraft',
      brokers: 3, // one per AZ: replication factor 3, min.insync.replicas 2
      brokerType: production ? 'kafka.m7g.large' : 'kafka.t3.small',
      vpcId: this.network.vpcId,
      subnetIds: this.network.isolatedSubnetIds,
      volumeSizeGb: 100,
      logsKmsKeyArn: key.keyArn,
    });
    dataClients.allow(kafka);
    this.resultsTopic = new KafkaTopic(this, 'topic-inference-results', {
      cluster: kafka,
      name: 'inference.results',
      partitions: 6,
      retentionMs: 3 * 24 * 60 * 60 * 1000, // 3 days
    });
    this.resultsTopic.grantProduce(this.role);

    new TerraformOutput(this, 'vpc-id', { value: this.network.vpcId });
    new TerraformOutput(this, 'private-subnet-ids', { value: this.network.privateSubnetIds });
    new TerraformOutput(this, 'serving-role-arn', { value: this.role.arn });
    new TerraformOutput(this, 'serving-security-group-id', { value: serving.id });
    new TerraformOutput(this, 'log-group-name', { value: logs.name });
    new TerraformOutput(this, 'data-client-security-group-id', { value: dataClients.clientSecurityGroupId });
    new TerraformOutput(this, 'database-endpoint', { value: this.database.endpoint });
    new TerraformOutput(this, 'database-master-user-secret-arn', { value: this.database.masterUserSecretArn });
    new TerraformOutput(this, 'kafka-bootstrap-brokers-iam', { value: kafka.bootstrapBrokersIam });
    new TerraformOutput(this, 'results-topic', { value: this.resultsTopic.topicName });
  }
}
