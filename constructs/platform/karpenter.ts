import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { awsContext } from '../core/aws-context';
import { policyJson, PolicyStatement, serviceTrustPolicy } from '../core/iam';
import { EncryptionKey } from '../core/kms';
import { attachManagedPolicies } from '../cluster/iam';
import { AddonIdentity, IdentityCluster } from './addon-identity';

/** EventBridge patterns Karpenter's interruption handling consumes (Karpenter docs, "Interruption"). */
export const KARPENTER_INTERRUPTION_EVENTS: Readonly<Record<string, { source: string; detailType: string }>> = {
  'scheduled-change': { source: 'aws.health', detailType: 'AWS Health Event' },
  'spot-interruption': { source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  rebalance: { source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  'instance-state-change': { source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
};

/** Name of the IAM role Karpenter's nodes use, for a cluster (EC2NodeClass `role`). */
export function karpenterNodeRoleName(clusterName: string): string {
  return `${clusterName}-karpenter-node`;
}

export interface KarpenterAwsProps {
  /** The cluster (name and ARN) Karpenter serves. */
  readonly cluster: IdentityCluster;
  /** Literal cluster name: prefix of role and queue names and the value of Karpenter's tag conditions. */
  readonly name: string;
  /**
   * Namespace Karpenter runs in.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * Service account the chart creates.
   * @default 'karpenter'
   */
  readonly serviceAccount?: string;
}

/**
 * The AWS side of Karpenter: the SQS interruption queue (KMS-encrypted, TLS-only) fed by EventBridge
 * rules (a missing queue makes the controller panic, karpenter-provider-aws#6623), the node role with its
 * `EC2_LINUX` access entry (nodes join without aws-auth), and the controller's Pod Identity role with the
 * Karpenter v1 policy scoped to this cluster's tags, this region, the queue and the node role.
 *
 * @example
 * ```ts
 * import { ClusterConnection, KarpenterAws } from '@ott-platform/infra/platform';
 *
 * const conn = new ClusterConnection(this, 'cluster', { clusterName: 'prod-eu-west-1', region: 'eu-west-1' });
 * const karpenter = new KarpenterAws(this, 'karpenter', { cluster: conn, name: 'prod-eu-west-1' });
 * // karpenter.queueName goes into the chart's settings.interruptionQueue, karpenter.nodeRoleName into the EC2NodeClass.
 * ```
 */
export class KarpenterAws extends Construct {
  public readonly queue: SqsQueue;
  public readonly queueName: string;
  public readonly nodeRole: IamRole;
  public readonly nodeRoleName: string;
  public readonly accessEntry: EksAccessEntry;
  public readonly identity: AddonIdentity;

  constructor(scope: Construct, id: string, props: KarpenterAwsProps) {
    super(scope, id);
    const ctx = awsContext(this);
    const name = props.name;
    const key = new EncryptionKey(this, 'queue-key', {
      purpose: `${name} Karpenter interruption queue`,
      alias: `${name}-karpenter-queue`,
      additionalStatements: [{
        Sid: 'EventBridgeSendsToQueue',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } },
      }],
    });
    this.queue = new SqsQueue(this, 'queue', {
      name: `${name}-karpenter`,
      messageRetentionSeconds: 300,
      kmsMasterKeyId: key.keyArn,
    });
    this.queueName = `${name}-karpenter`;
    new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: this.queue.url,
      policy: policyJson({
        Statement: [
          { Sid: 'EventBridgeSends', Effect: 'Allow', Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: this.queue.arn },
          { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: this.queue.arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ],
      }),
    });
    for (const [rule, pattern] of Object.entries(KARPENTER_INTERRUPTION_EVENTS)) {
      const r = new CloudwatchEventRule(this, `rule-${rule}`, {
        name: `${name}-karpenter-${rule}`.slice(0, 64),
        description: `Karpenter interruption handling for ${name}: ${pattern.detailType}`,
        eventPattern: JSON.stringify({ source: [pattern.source], 'detail-type': [pattern.detailType] }),
      });
      new CloudwatchEventTarget(this, `target-${rule}`, { rule: r.name, targetId: 'karpenter-interruption-queue', arn: this.queue.arn });
    }

    this.nodeRole = new IamRole(this, 'node-role', {
      name: karpenterNodeRoleName(name),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    // Same managed policies as the managed node groups' role; the VPC CNI has its own Pod Identity role.
    attachManagedPolicies(this, 'node-role', this.nodeRole, ctx.partition, ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly']);
    this.nodeRoleName = karpenterNodeRoleName(name);
    this.accessEntry = new EksAccessEntry(this, 'node-access-entry', {
      clusterName: props.cluster.clusterName,
      principalArn: this.nodeRole.arn,
      type: 'EC2_LINUX',
    });

    this.identity = new AddonIdentity(this, 'controller', {
      cluster: props.cluster,
      namespace: props.namespace ?? 'kube-system',
      serviceAccount: props.serviceAccount ?? 'karpenter',
      roleName: `${name}-karpenter`,
      statements: karpenterControllerStatements({
        partition: ctx.partition, region: ctx.region, accountId: ctx.accountId, clusterName: name,
        clusterArn: props.cluster.clusterArn, queueArn: this.queue.arn, queueKeyArn: key.keyArn, nodeRoleArn: this.nodeRole.arn,
      }),
    });
  }
}

/** What the Karpenter controller policy names. */
export interface KarpenterPolicyScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly queueArn: string;
  readonly queueKeyArn: string;
  readonly nodeRoleArn: string;
}

/**
 * The Karpenter v1 controller policy (karpenter-provider-aws `website/content/en/v1.14/reference/cloudformation.md`
 * shape), scoped to this region, this cluster's `kubernetes.io/cluster/<name>=owned` tag, the
 * interruption queue and the node role. Describe, pricing and the public AMI parameters are the only
 * statements on broad resources: AWS authorizes them on nothing narrower.
 */
export function karpenterControllerStatements(s: KarpenterPolicyScope): PolicyStatement[] {
  const ec2 = (type: string) => `arn:${s.partition}:ec2:${s.region}:*:${type}/*`;
  const clusterTag = `kubernetes.io/cluster/${s.clusterName}`;
  const owned = (prefix: 'aws:RequestTag' | 'aws:ResourceTag') => ({
    [`${prefix}/${clusterTag}`]: 'owned',
    [`${prefix}/eks:eks-cluster-name`]: s.clusterName,
  });
  const instanceProfile = `arn:${s.partition}:iam::${s.accountId}:instance-profile/*`;
  const taggedTypes = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request'].map(ec2);
  return [
    { Sid: 'AllowScopedEC2InstanceAccessActions', Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateFleet'], Resource: [`arn:${s.partition}:ec2:${s.region}::image/*`, `arn:${s.partition}:ec2:${s.region}::snapshot/*`, ec2('security-group'), ec2('subnet'), ec2('capacity-reservation')] },
    { Sid: 'AllowScopedEC2LaunchTemplateAccessActions', Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateFleet'], Resource: ec2('launch-template'), Condition: { StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' }, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } } },
    { Sid: 'AllowScopedEC2InstanceActionsWithTags', Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'], Resource: taggedTypes, Condition: { StringEquals: owned('aws:RequestTag'), StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' } } },
    { Sid: 'AllowScopedResourceCreationTagging', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: taggedTypes, Condition: { StringEquals: { ...owned('aws:RequestTag'), 'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'] }, StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' } } },
    { Sid: 'AllowScopedResourceTagging', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: ec2('instance'), Condition: { StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' }, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] } } },
    { Sid: 'AllowScopedDeletion', Effect: 'Allow', Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'], Resource: [ec2('instance'), ec2('launch-template')], Condition: { StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' }, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } } },
    {
      Sid: 'AllowRegionalReadActions', Effect: 'Allow', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': s.region } },
      Action: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeCapacityReservations', 'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplates', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSpotPriceHistory', 'ec2:DescribeSubnets'],
    },
    { Sid: 'AllowSSMReadActions', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:${s.partition}:ssm:${s.region}::parameter/aws/service/*` },
    { Sid: 'AllowPricingReadActions', Effect: 'Allow', Action: 'pricing:GetProducts', Resource: '*' },
    { Sid: 'AllowInterruptionQueueActions', Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'], Resource: s.queueArn },
    { Sid: 'AllowInterruptionQueueDecrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: s.queueKeyArn },
    { Sid: 'AllowPassingInstanceRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: s.nodeRoleArn, Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } } },
    { Sid: 'AllowScopedInstanceProfileCreationActions', Effect: 'Allow', Action: ['iam:CreateInstanceProfile'], Resource: instanceProfile, Condition: { StringEquals: { ...owned('aws:RequestTag'), 'aws:RequestTag/topology.kubernetes.io/region': s.region }, StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' } } },
    { Sid: 'AllowScopedInstanceProfileTagActions', Effect: 'Allow', Action: ['iam:TagInstanceProfile'], Resource: instanceProfile, Condition: { StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned', 'aws:ResourceTag/topology.kubernetes.io/region': s.region, ...owned('aws:RequestTag'), 'aws:RequestTag/topology.kubernetes.io/region': s.region }, StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' } } },
    { Sid: 'AllowScopedInstanceProfileActions', Effect: 'Allow', Action: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'], Resource: instanceProfile, Condition: { StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned', 'aws:ResourceTag/topology.kubernetes.io/region': s.region }, StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' } } },
    { Sid: 'AllowInstanceProfileReadActions', Effect: 'Allow', Action: 'iam:GetInstanceProfile', Resource: instanceProfile },
    { Sid: 'AllowAPIServerEndpointDiscovery', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: s.clusterArn },
  ];
}
