/**
 * `aws_msk_topic`: a Kafka topic created through the MSK control plane (no network path to the brokers
 * needed). The resource first shipped in hashicorp/aws v6.38.0 (2026-03-25, PR #46490; versions.md §6),
 * after the prebuilt bindings' pin (6.25.0), so this small typed class stands in for the generated one
 * and raises the stack's provider constraint to `>= 6.38.0, < 7.0.0`.
 *
 * Arguments (provider docs r/msk_topic, versions.md §6): required `cluster_arn`, `name`,
 * `partition_count`, `replication_factor`; optional `configs` (a JSON string of topic configs) and
 * `region`. Exports `arn` and `configs_actual`. Changing `name` or `replication_factor` replaces the
 * topic (CloudFormation AWS::MSK::Topic semantics); `partition_count` can only grow, in place. Works on
 * MSK Provisioned with Kafka >= 3.6.0 only.
 */
import { Construct } from 'constructs';
import { TerraformResource, TerraformMetaArguments } from 'cdktf';
import { requireAwsProviderVersion } from './provider-version';

/** First hashicorp/aws release with `aws_msk_topic`. */
export const MSK_TOPIC_MIN_PROVIDER_VERSION = '6.38.0';

export interface MskTopicConfig extends TerraformMetaArguments {
  /** ARN of the MSK Provisioned cluster. */
  readonly clusterArn: string;
  /** Topic name. */
  readonly name: string;
  /** `partition_count`: partitions of the topic; can only grow, in place. */
  readonly partitionCount: number;
  /** `replication_factor`: replicas per partition; a change replaces the topic. */
  readonly replicationFactor: number;
  /**
   * Topic configs (`retention.ms`, `cleanup.policy`, ...). Rendered as a JSON string with string values.
   * @default - the cluster's defaults
   */
  readonly configs?: Readonly<Record<string, string>>;
  /**
   * Region of the cluster.
   * @default - the provider's region
   */
  readonly region?: string;
}

/**
 * The `aws_msk_topic` resource (hashicorp/aws >= 6.38.0): a Kafka topic on an MSK Provisioned cluster,
 * created through the MSK API. Creating one raises its stack's `required_providers.aws.version` to
 * `>= 6.38.0, < 7.0.0`. Most stacks want {@link KafkaTopic}, which sets retention and tiered storage
 * and has grant helpers; use this class for a topic on a cluster you only know by ARN.
 *
 * @example
 * ```ts
 * import { MskTopic } from '@ott-platform/infra/bindings';
 *
 * const topic = new MskTopic(this, 'inference-audit', {
 *   clusterArn: 'arn:aws:kafka:eu-west-1:111122223333:cluster/shared-events/6a1e0c3e-0000-4f7b-9d2f-111122223333-2',
 *   name: 'inference.audit',
 *   partitionCount: 6,
 *   replicationFactor: 3,
 *   configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' }, // 7 days
 * });
 * // topic.arn for IAM policies; the stack now asks Terraform for hashicorp/aws >= 6.38.0.
 * ```
 */
export class MskTopic extends TerraformResource {
  /** The Terraform resource type, `aws_msk_topic`. */
  public static readonly tfResourceType = 'aws_msk_topic';

  private readonly config: MskTopicConfig;

  constructor(scope: Construct, id: string, config: MskTopicConfig) {
    super(scope, id, {
      terraformResourceType: MskTopic.tfResourceType,
      terraformGeneratorMetadata: { providerName: 'aws', providerVersionConstraint: `>= ${MSK_TOPIC_MIN_PROVIDER_VERSION}` },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.config = config;
    requireAwsProviderVersion(this, MSK_TOPIC_MIN_PROVIDER_VERSION);
  }

  /** Topic ARN (`arn:<partition>:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>`). */
  public get arn(): string {
    return this.getStringAttribute('arn');
  }

  /** The topic configs Kafka reports (JSON string). */
  public get configsActual(): string {
    return this.getStringAttribute('configs_actual');
  }

  /** Topic name, as Terraform reports it. */
  public get topicName(): string {
    return this.getStringAttribute('name');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      cluster_arn: this.config.clusterArn,
      name: this.config.name,
      partition_count: this.config.partitionCount,
      replication_factor: this.config.replicationFactor,
      configs: this.config.configs ? JSON.stringify(sortKeys(this.config.configs)) : undefined,
      region: this.config.region,
    };
  }
}

function sortKeys(obj: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
}
