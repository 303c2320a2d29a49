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
  readonly partitionCount: number;
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

export class MskTopic extends TerraformResource {
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
