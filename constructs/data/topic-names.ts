/**
 * The Kafka topic-name rule, in a module of its own with no cdktf inside, so that the topic catalog
 * (catalog/catalog-validation.ts) and {@link KafkaTopic} call the same function without the catalog loading
 * construct code.
 */

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * Why `name` is not a Kafka topic name (undefined when it is): letters, digits, `.`, `_`, `-`, at most
 * 249 characters (Kafka's own limit). The topic catalog check and `KafkaTopic` both call it.
 */
export function kafkaTopicNameProblem(name: string): string | undefined {
  return TOPIC_NAME.test(name) ? undefined : `'${name}' may only hold letters, digits, '.', '_' and '-' (1-249 characters)`;
}
