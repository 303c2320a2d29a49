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

/** A GPU inference service's own network, encryption key, logs, identity and security group. */
export class InferenceServiceStack extends TerraformStack {
  public readonly network: Network;
  public readonly role: IamRole;

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

    new TerraformOutput(this, 'vpc-id', { value: this.network.vpcId });
    new TerraformOutput(this, 'private-subnet-ids', { value: this.network.privateSubnetIds });
    new TerraformOutput(this, 'serving-role-arn', { value: this.role.arn });
    new TerraformOutput(this, 'serving-security-group-id', { value: serving.id });
    new TerraformOutput(this, 'log-group-name', { value: logs.name });
  }
}
