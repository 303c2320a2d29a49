/**
 * Tag keys and limits shared by every stack and by the environment schema.
 */

/** Most tags AWS accepts on one resource (user-defined tags; "aws:" tags do not count). */
export const AWS_MAX_TAGS_PER_RESOURCE = 50;

/** Tag keys the platform sets itself on every resource (provider default_tags of every stack). */
export const PLATFORM_TAG_KEYS = ['environment', 'region', 'layer', 'cost-center', 'managed-by'] as const;

/**
 * Most tags a construct of this library adds on top of the default tags on one resource: a node
 * group's instances carry `Name`, `eks-node-group` and `service`; databases carry `service` and
 * `services`. Counted against the limit so an environment's own tags can never push one over.
 */
export const CONSTRUCT_TAG_ALLOWANCE = 3;

/** The most tags an environment may add itself: 50 - 5 platform tags - 3 construct tags = 42. */
export const MAX_ENVIRONMENT_TAGS = AWS_MAX_TAGS_PER_RESOURCE - PLATFORM_TAG_KEYS.length - CONSTRUCT_TAG_ALLOWANCE;

/** Why `count` extra tags are too many for AWS (undefined when they fit). */
export function tagCountProblem(count: number): string | undefined {
  return count > MAX_ENVIRONMENT_TAGS
    ? `${count} tags are too many: AWS allows ${AWS_MAX_TAGS_PER_RESOURCE} per resource, the platform sets ${PLATFORM_TAG_KEYS.length} (${PLATFORM_TAG_KEYS.join(', ')}) and constructs add up to ${CONSTRUCT_TAG_ALLOWANCE}, so at most ${MAX_ENVIRONMENT_TAGS} remain`
    : undefined;
}
