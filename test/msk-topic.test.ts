import { TerraformOutput } from 'cdktf';
import { MskTopic, MSK_TOPIC_MIN_PROVIDER_VERSION } from '../constructs/bindings/msk-topic';
import { awsProviderConstraint, requireAwsProviderVersion, requiredAwsProviderVersion } from '../constructs/bindings/provider-version';
import { only, synthJson, testStack } from './data-helpers';

describe('aws_msk_topic escape hatch', () => {
  test('renders the resource with typed arguments and raises the provider constraint', () => {
    const stack = testStack();
    const t = new MskTopic(stack, 'topic', {
      clusterArn: 'arn:aws:kafka:eu-west-1:111122223333:cluster/c/uuid',
      name: 'user.events',
      partitionCount: 16,
      replicationFactor: 3,
      configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
    });
    new TerraformOutput(stack, 'arn', { value: t.arn });
    const json = synthJson(stack);
    expect(only(json, 'aws_msk_topic')).toMatchObject({
      cluster_arn: 'arn:aws:kafka:eu-west-1:111122223333:cluster/c/uuid',
      name: 'user.events',
      partition_count: 16,
      replication_factor: 3,
      configs: '{"cleanup.policy":"delete","retention.ms":"604800000"}',
    });
    expect(only(json, 'aws_msk_topic')).not.toHaveProperty('region');
    expect(json.terraform.required_providers.aws).toEqual({ source: 'aws', version: '>= 6.38.0, < 7.0.0' });
    expect(MSK_TOPIC_MIN_PROVIDER_VERSION).toBe('6.38.0');
    expect(json.output?.arn.value).toBe('${aws_msk_topic.topic.arn}');
  });

  test('a stack without the escape hatch keeps the bindings pin', () => {
    const stack = testStack();
    expect(synthJson(stack).terraform.required_providers.aws.version).toBe('6.25.0');
    expect(requiredAwsProviderVersion(stack)).toBeUndefined();
  });

  test('the highest minimum wins', () => {
    const stack = testStack();
    requireAwsProviderVersion(stack, '6.40.0');
    requireAwsProviderVersion(stack, '6.38.0');
    expect(synthJson(stack).terraform.required_providers.aws.version).toBe(awsProviderConstraint('6.40.0'));
    expect(() => requireAwsProviderVersion(stack, '7.1.0')).toThrow(/not a 6.x.y version/);
  });
});
