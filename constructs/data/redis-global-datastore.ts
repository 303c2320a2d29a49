import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ElasticacheGlobalReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-global-replication-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { PlatformValidationError } from '../core/errors';
import { storeSecurityGroup, DataEndpoint } from './data-client-access';
import { REDIS_PORT, redisUserArn } from './redis-cache';

/** Most secondary regions one Global Datastore may have (ElastiCache user guide, "Prerequisites and limitations": "up to two other AWS Regions"). */
export const REDIS_GLOBAL_MAX_SECONDARIES = 2;

/**
 * Node families Global Datastore supports, in size large and above (ElastiCache user guide,
 * "Prerequisites and limitations": M5, M6g, M7g, R5, R6g, R6gd, R7g and C7gn; previous generations and
 * burstable t-types are not supported).
 */
export const REDIS_GLOBAL_NODE_FAMILIES: readonly string[] = ['m5', 'm6g', 'm7g', 'r5', 'r6g', 'r6gd', 'r7g', 'c7gn'];

/** Why a Global Datastore cannot have `secondaries` secondary regions (undefined when it can). */
export function redisGlobalSecondariesProblem(secondaries: number): string | undefined {
  return secondaries <= REDIS_GLOBAL_MAX_SECONDARIES ? undefined
    : `${secondaries} secondary regions, but a Global Datastore replicates to at most ${REDIS_GLOBAL_MAX_SECONDARIES} other regions`;
}

/** Why `nodeType` cannot be in a Global Datastore (undefined when it can): a supported family, size large or above. */
export function redisGlobalNodeTypeProblem(nodeType: string): string | undefined {
  const m = /^cache\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(nodeType);
  const family = m?.[1];
  const size = m?.[2] ?? '';
  const small = ['nano', 'micro', 'small', 'medium'].includes(size);
  return family && REDIS_GLOBAL_NODE_FAMILIES.includes(family) && !small ? undefined
    : `node type '${nodeType}' is not supported by Global Datastore; allowed: ${REDIS_GLOBAL_NODE_FAMILIES.map((f) => `cache.${f}`).join(', ')} in size large or above (no t-types)`;
}

/** Why a secondary of this shape cannot join the primary (undefined when it can): same node type and shard count. */
export function redisGlobalShapeProblem(primary: { nodeType: string; shards: number }, secondary: { nodeType: string; shards: number }): string | undefined {
  if (primary.nodeType !== secondary.nodeType) return `secondary node type ${secondary.nodeType} differs from the primary's ${primary.nodeType}; a Global Datastore needs the same node type`;
  if (primary.shards !== secondary.shards) return `secondary has ${secondary.shards} shards, the primary ${primary.shards}; a Global Datastore needs the same shard count`;
  return undefined;
}

/** The primary replication group of a Global Datastore. */
export interface RedisGlobalPrimary {
  readonly replicationGroupId: string;
  readonly nodeType: string;
  readonly shards: number;
}

export interface RedisGlobalDatastoreProps {
  /** Suffix of the Global Datastore id (AWS prefixes it), e.g. `production-cache`. */
  readonly idSuffix: string;
  /** Description of the Global Datastore. */
  readonly description: string;
  /** The primary replication group (its node type must be supported: {@link redisGlobalNodeTypeProblem}). */
  readonly primary: RedisGlobalPrimary;
  /**
   * Provider of the primary's region (the global group is created there).
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An ElastiCache Global Datastore (`aws_elasticache_global_replication_group`) around an existing
 * primary replication group. Engine, version, node type, shard count and encryption at rest and in
 * transit are the primary's; secondaries join with {@link RedisGlobalSecondary}. The node type must be
 * a supported family ({@link redisGlobalNodeTypeProblem}).
 *
 * @example
 * ```ts
 * import { RedisGlobalDatastore, RedisGlobalSecondary } from '@ott-platform/infra/data';
 *
 * const global = new RedisGlobalDatastore(this, 'cache-global', {
 *   idSuffix: 'inference-prod-cache', description: 'Feature cache', primary: { replicationGroupId: 'inference-prod-cache', nodeType: 'cache.r6g.large', shards: 2 },
 * });
 * ```
 */
export class RedisGlobalDatastore extends Construct {
  public readonly globalGroup: ElasticacheGlobalReplicationGroup;
  /** The id secondaries join (`<AWS prefix>-<idSuffix>`). */
  public readonly globalReplicationGroupId: string;
  public readonly primary: RedisGlobalPrimary;
  private secondaries = 0;

  constructor(scope: Construct, id: string, props: RedisGlobalDatastoreProps) {
    super(scope, id);
    const problem = redisGlobalNodeTypeProblem(props.primary.nodeType);
    if (problem) throw new PlatformValidationError(this.node.path, problem);
    this.primary = props.primary;
    this.globalGroup = new ElasticacheGlobalReplicationGroup(this, 'global', {
      ...(props.provider ? { provider: props.provider } : {}),
      globalReplicationGroupIdSuffix: props.idSuffix,
      globalReplicationGroupDescription: props.description,
      primaryReplicationGroupId: props.primary.replicationGroupId,
    });
    this.globalReplicationGroupId = this.globalGroup.globalReplicationGroupId;
  }

  /** Counts a secondary; throws past {@link REDIS_GLOBAL_MAX_SECONDARIES} or when its shape differs. */
  public registerSecondary(where: string, shape: { nodeType: string; shards: number }): void {
    const problem = redisGlobalShapeProblem(this.primary, shape) ?? redisGlobalSecondariesProblem(this.secondaries + 1);
    if (problem) throw new PlatformValidationError(where, problem);
    this.secondaries += 1;
  }
}

export interface RedisGlobalSecondaryProps {
  /** The Global Datastore to join. */
  readonly global: RedisGlobalDatastore;
  /** Replication group id in the secondary region. */
  readonly replicationGroupId: string;
  /** Description of the replication group. */
  readonly description: string;
  /** Node type this region asks for (its own data config, else the primary's): must equal the primary's. */
  readonly nodeType: string;
  /** Shard count this region asks for: must equal the primary's. */
  readonly shards: number;
  /** Replicas per shard in this region (may differ from the primary's). */
  readonly replicasPerShard: number;
  /** VPC of the secondary's region (its network contract). */
  readonly vpcId: string;
  /** Isolated subnets of that VPC. */
  readonly subnetIds: readonly string[];
  /** Customer-managed key in the secondary's region. */
  readonly kmsKeyArn: string;
  /** Users (IAM authentication) of the primary, recreated here: users and user groups are regional. */
  readonly userNames: readonly string[];
  /** Prefix of the user ids (`<prefix>-<name>`). */
  readonly userIdPrefix: string;
  /**
   * Tags.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The secondary replication group of a Global Datastore in another region: read-only until a failover
 * promotes it (`aws elasticache failover-global-replication-group`). It inherits engine, node type, shard
 * count and encryption in transit and at rest from the global group (ElastiCache API
 * `GlobalReplicationGroup`: AtRestEncryptionEnabled, TransitEncryptionEnabled) and encrypts with a key
 * of its own region. Users and user groups are regional, so the primary's IAM-authenticated users are
 * recreated in this region (the `default` user cannot log in); whether Global Datastore members accept
 * a user group was not confirmed in the stored AWS docs (docs/replication.md).
 *
 * @example
 * ```ts
 * import { EncryptionKey } from '@ott-platform/infra/core';
 * import { RedisGlobalDatastore, RedisGlobalSecondary } from '@ott-platform/infra/data';
 *
 * const global = new RedisGlobalDatastore(this, 'cache-global', {
 *   idSuffix: 'inference-prod-cache', description: 'Feature cache', primary: { replicationGroupId: 'inference-prod-cache', nodeType: 'cache.r6g.large', shards: 2 },
 * });
 * new RedisGlobalSecondary(this, 'cache-us-east-1', {
 *   global, replicationGroupId: 'inference-prod-us-east-1-cache-gds', description: 'read-only copy', nodeType: 'cache.r6g.large', shards: 2,
 *   replicasPerShard: 1, vpcId: 'vpc-0abc', subnetIds: ['subnet-0a', 'subnet-0b'],
 *   kmsKeyArn: new EncryptionKey(this, 'redis-key', { purpose: 'cache replicas', alias: 'inference-prod-us-east-1-redis' }).keyArn,
 *   userNames: ['recommendation'], userIdPrefix: 'inference-prod-gds-cache',
 * });
 * ```
 */
export class RedisGlobalSecondary extends Construct implements DataEndpoint {
  public readonly replicationGroup: ElasticacheReplicationGroup;
  public readonly securityGroupId: string;
  public readonly port = REDIS_PORT;
  public readonly endpointName: string;
  /** Replication group ARN (for `elasticache:Connect`). */
  public readonly replicationGroupArn: string;
  /** Cluster-mode configuration endpoint (host): the local read endpoint. */
  public readonly configurationEndpoint: string;
  /** User ids by user name as passed in (IAM authentication: user id = user name). */
  public readonly userIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: RedisGlobalSecondaryProps) {
    super(scope, id);
    props.global.registerSecondary(this.node.path, { nodeType: props.nodeType, shards: props.shards });
    if (props.replicasPerShard < 0 || props.replicasPerShard > 5) throw new PlatformValidationError(this.node.path, `replicasPerShard must be 0-5, got ${props.replicasPerShard}`);
    this.endpointName = `redis-secondary-${id}`;
    const sg = storeSecurityGroup(this, 'sg', `${props.replicationGroupId}-redis`, props.vpcId, `Redis secondary ${props.replicationGroupId}: ${REDIS_PORT} from the data clients only`);
    this.securityGroupId = sg.id;
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', { name: props.replicationGroupId, description: `${props.replicationGroupId}: isolated subnets`, subnetIds: [...props.subnetIds] });
    const defaultUser = new ElasticacheUser(this, 'user-default', {
      engine: 'redis', userId: `${props.userIdPrefix}-default`, userName: 'default', accessString: 'off -@all', authenticationMode: { type: 'no-password-required' },
    });
    this.userIds = Object.fromEntries(props.userNames.map((name) => [name, `${props.userIdPrefix}-${name}`]));
    const users = props.userNames.map((name) => new ElasticacheUser(this, `user-${name}`, {
      engine: 'redis', userId: this.userIds[name], userName: this.userIds[name],
      // Read-only until promoted; the primary's users carry the write permissions.
      accessString: 'on ~* &* +@read -@dangerous', authenticationMode: { type: 'iam' },
    }));
    const group = new ElasticacheUserGroup(this, 'user-group', { engine: 'redis', userGroupId: props.replicationGroupId, userIds: [defaultUser.userId, ...users.map((u) => u.userId)] });
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      replicationGroupId: props.replicationGroupId,
      description: props.description,
      globalReplicationGroupId: props.global.globalReplicationGroupId,
      replicasPerNodeGroup: props.replicasPerShard,
      automaticFailoverEnabled: props.replicasPerShard >= 1,
      multiAzEnabled: props.replicasPerShard >= 1,
      subnetGroupName: subnets.name,
      securityGroupIds: [sg.id],
      // The global group's settings, stated so the secondary's encryption is visible in the plan (a
      // secondary inherits them; ElastiCache API GlobalReplicationGroup AtRestEncryptionEnabled,
      // TransitEncryptionEnabled).
      atRestEncryptionEnabled: 'true',
      transitEncryptionEnabled: true,
      kmsKeyId: props.kmsKeyArn,
      userGroupIds: [group.userGroupId],
      port: REDIS_PORT,
      maintenanceWindow: 'sun:04:30-sun:05:30',
      autoMinorVersionUpgrade: 'true',
      applyImmediately: false,
      tags: { ...(props.tags ?? {}) },
    });
    this.replicationGroupArn = this.replicationGroup.arn;
    this.configurationEndpoint = this.replicationGroup.configurationEndpointAddress;
  }

  /** ARN of a user of this secondary (for `elasticache:Connect`). */
  public userArn(userName: string): string {
    return redisUserArn(this, this.userIds, userName);
  }
}
