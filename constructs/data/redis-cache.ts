import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { EncryptionKey, cloudWatchLogsKeyStatement } from '../core/kms';
import { EncryptedLogGroup, assertLogRetention } from '../core/logs';
import { DataEndpoint, storeSecurityGroup } from './data-client-access';
import { GrantRole, GrantTarget, grantStatements } from './grants';

export const REDIS_PORT = 6379;

/**
 * Memory per ElastiCache node type, GiB (AWS node-type table). Only the types this library sizes from;
 * pass `nodeType` to use another. `cache.r7g` is left out until confirmed for ElastiCache (versions.md §5).
 */
export const REDIS_NODE_MEMORY_GIB: Readonly<Record<string, number>> = {
  'cache.t4g.micro': 0.5,
  'cache.t4g.small': 1.37,
  'cache.t4g.medium': 3.09,
  'cache.m6g.large': 6.38,
  'cache.m6g.xlarge': 12.93,
  'cache.r6g.large': 13.07,
  'cache.r6g.xlarge': 26.32,
  'cache.r6g.2xlarge': 52.82,
  'cache.r6g.4xlarge': 105.81,
  'cache.r6g.8xlarge': 209.55,
};

/** Node types tried, smallest first, when sizing from memory: one burstable size for dev, then R6g. */
export const DEFAULT_REDIS_NODE_CANDIDATES: readonly string[] = [
  'cache.t4g.medium', 'cache.r6g.large', 'cache.r6g.xlarge', 'cache.r6g.2xlarge', 'cache.r6g.4xlarge', 'cache.r6g.8xlarge',
];

/** Share of node memory ElastiCache reserves by default (`reserved-memory-percent` 25). */
export const REDIS_RESERVED_MEMORY_FRACTION = 0.25;

/**
 * The smallest candidate node type whose usable memory (node memory less the reserved 25%) holds
 * `memoryGb / shards`. Throws (plain Error) when none does.
 */
export function redisNodeTypeFor(memoryGb: number, shards: number, candidates: readonly string[] = DEFAULT_REDIS_NODE_CANDIDATES): string {
  const perShard = memoryGb / shards;
  for (const c of candidates) {
    const mem = REDIS_NODE_MEMORY_GIB[c];
    if (mem === undefined) throw new Error(`no memory figure for node type '${c}'; known: ${Object.keys(REDIS_NODE_MEMORY_GIB).join(', ')}`);
    if (mem * (1 - REDIS_RESERVED_MEMORY_FRACTION) >= perShard) return c;
  }
  const largest = candidates[candidates.length - 1];
  const usable = REDIS_NODE_MEMORY_GIB[largest] * (1 - REDIS_RESERVED_MEMORY_FRACTION);
  throw new Error(`${memoryGb} GB over ${shards} shards needs ${perShard.toFixed(1)} GB per shard, more than the largest candidate ${largest} holds (${usable.toFixed(1)} GB usable); add shards`);
}

export interface RedisCacheUser {
  /** User name suffix (a service id). */
  readonly name: string;
  /**
   * Redis key pattern the user may touch.
   * @default - `<name>:*` (each service in its own key namespace)
   */
  readonly keyPattern?: string;
}

export interface RedisCacheProps {
  /** Replication group id, e.g. `production-eu-west-1-cache` (lower-case, at most 40). */
  readonly replicationGroupId: string;
  /** Description of the replication group (shown in the console). */
  readonly description: string;
  /** Redis OSS version, `7.0` or `7.1` (versions.md §5: 7.1 is the highest Redis OSS). */
  readonly engineVersion: string;
  /** Data the cache must hold, GB, across all shards (sizes the node type). */
  readonly memoryGb: number;
  /** Shards (node groups, primaries). */
  readonly shards: number;
  /**
   * Replicas per shard; at least 1 for Multi-AZ with automatic failover.
   * @default 1
   */
  readonly replicasPerShard?: number;
  /**
   * Node type; sized from memoryGb and shards when omitted.
   * @default - the smallest of DEFAULT_REDIS_NODE_CANDIDATES that fits
   */
  readonly nodeType?: string;
  /** VPC of the cache's security group. */
  readonly vpcId: string;
  /** Isolated subnets. */
  readonly subnetIds: readonly string[];
  /** IAM-authenticated users (RBAC); nobody else can log in (the `default` user is disabled). */
  readonly users: readonly RedisCacheUser[];
  /** Prefix of user ids (ElastiCache users are regional), e.g. `production-cache`. */
  readonly userIdPrefix: string;
  /**
   * Eviction policy.
   * @default 'volatile-lru'
   */
  readonly maxmemoryPolicy?: string;
  /**
   * Days of daily snapshots kept (0 turns snapshots off).
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Take a final snapshot when the group is destroyed.
   * @default true
   */
  readonly finalSnapshot?: boolean;
  /**
   * KMS key ARN for encryption at rest.
   * @default - a new customer-managed key with rotation
   */
  readonly kmsKeyArn?: string;
  /**
   * KMS key ARN of the slow/engine log groups; its policy must admit CloudWatch Logs.
   * @default - a new customer-managed key with rotation admitting CloudWatch Logs
   */
  readonly logsKmsKeyArn?: string;
  /**
   * Days slow and engine logs are kept.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Tags on the replication group.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An ElastiCache for Redis OSS 7 replication group in cluster mode: encryption at rest (customer-managed
 * key) and in transit (TLS required), RBAC with IAM-authenticated users in a user group (no password or
 * auth token anywhere; the mandatory `default` user is switched off), Multi-AZ with automatic failover
 * when shards have replicas, daily snapshots, slow and engine logs to encrypted CloudWatch log groups,
 * and node types sized from the requested memory.
 *
 * @example
 * ```ts
 * import { availabilityZoneIds } from '@ott-platform/infra/core';
 * import { RedisCache } from '@ott-platform/infra/data';
 * import { Network } from '@ott-platform/infra/network';
 *
 * const network = new Network(this, 'network', {
 *   name: 'inference-dev', cidr: '10.40.0.0/16', availabilityZoneIds: availabilityZoneIds('eu-west-1', 3), natGateways: 'single',
 * });
 * const cache = new RedisCache(this, 'cache', {
 *   replicationGroupId: 'inference-dev-cache',
 *   description: 'Inference results cache',
 *   engineVersion: '7.1',
 *   memoryGb: 2, // sized to cache.t4g.medium
 *   shards: 1,
 *   vpcId: network.vpcId,
 *   subnetIds: network.isolatedSubnetIds,
 *   users: [{ name: 'inference-serving' }], // keys 'inference-serving:*'
 *   userIdPrefix: 'inference-dev',
 * });
 * cache.grantConnect({ roleName: 'inference-serving' }, 'inference-serving');
 * ```
 */
export class RedisCache extends Construct implements DataEndpoint {
  /** The `aws_elasticache_replication_group` resource. */
  public readonly replicationGroup: ElasticacheReplicationGroup;
  /** Replication group id, as passed in. */
  public readonly replicationGroupId: string;
  /** Replication group ARN. */
  public readonly replicationGroupArn: string;
  /** Cluster-mode configuration endpoint (host). */
  public readonly configurationEndpoint: string;
  /** Redis port, 6379. */
  public readonly port = REDIS_PORT;
  /** The cache's security group (ingress only through {@link DataClientAccess}). */
  public readonly securityGroupId: string;
  /** `redis-<construct id>`, names the client-access rules. */
  public readonly endpointName: string;
  /** Node type, as passed in or sized from memoryGb. */
  public readonly nodeType: string;
  /** Shards (node groups). */
  public readonly shards: number;
  /** Replicas per shard. */
  public readonly replicasPerShard: number;
  /** The key encrypting the cache at rest. */
  public readonly kmsKeyArn: string;
  /** The RBAC user group attached to the replication group. */
  public readonly userGroupId: string;
  /** User ids by user name. */
  public readonly userIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const where = this.node.path;
    const fail = (msg: string): never => { throw new PlatformValidationError(where, msg); };
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(props.replicationGroupId) || props.replicationGroupId.length > 40) {
      fail(`replicationGroupId '${props.replicationGroupId}' must be 1-40 lower-case letters, digits or single dashes, starting with a letter`);
    }
    if (!/^7\.[01]$/.test(props.engineVersion)) fail(`engineVersion '${props.engineVersion}' must be a Redis OSS 7 version: 7.0 or 7.1`);
    if (!Number.isInteger(props.shards) || props.shards < 1 || props.shards > 500) fail(`shards must be 1-500, got ${props.shards}`);
    const replicas = props.replicasPerShard ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0 || replicas > 5) fail(`replicasPerShard must be 0-5, got ${replicas}`);
    if (!(props.memoryGb > 0)) fail(`memoryGb must be positive, got ${props.memoryGb}`);
    let nodeType = props.nodeType;
    if (!nodeType) {
      try {
        nodeType = redisNodeTypeFor(props.memoryGb, props.shards);
      } catch (e) {
        fail((e as Error).message);
      }
    }
    if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(nodeType!)) fail(`nodeType '${nodeType}' is not an ElastiCache node type such as cache.r6g.large`);
    const snapshotDays = props.snapshotRetentionDays ?? 7;
    if (!Number.isInteger(snapshotDays) || snapshotDays < 0 || snapshotDays > 35) fail(`snapshotRetentionDays must be 0-35, got ${snapshotDays}`);
    const logDays = props.logRetentionDays ?? 30;
    assertLogRetention(where, logDays);
    if (props.users.length === 0) fail('at least one user is needed: RBAC is the only way in');
    const names = props.users.map((u) => u.name);
    if (new Set(names).size !== names.length) fail(`user names must be unique, got ${names.join(', ')}`);

    this.replicationGroupId = props.replicationGroupId;
    this.endpointName = `redis-${id}`;
    this.nodeType = nodeType!;
    this.shards = props.shards;
    this.replicasPerShard = replicas;
    const ha = replicas >= 1;

    this.kmsKeyArn = props.kmsKeyArn ?? new EncryptionKey(this, 'key', { purpose: `ElastiCache ${props.replicationGroupId}`, alias: `${props.replicationGroupId}-redis` }).keyArn;
    const logsKeyArn = props.logsKmsKeyArn ?? new EncryptionKey(this, 'logs-key', {
      purpose: `ElastiCache ${props.replicationGroupId} logs`, alias: `${props.replicationGroupId}-redis-logs`, additionalStatements: [cloudWatchLogsKeyStatement(this)],
    }).keyArn;
    const slowLog = new EncryptedLogGroup(this, 'slow-log', { name: `/aws/elasticache/${props.replicationGroupId}/slow-log`, retentionInDays: logDays, kmsKeyArn: logsKeyArn });
    const engineLog = new EncryptedLogGroup(this, 'engine-log', { name: `/aws/elasticache/${props.replicationGroupId}/engine-log`, retentionInDays: logDays, kmsKeyArn: logsKeyArn });

    const sg = storeSecurityGroup(this, 'sg', `${props.replicationGroupId}-redis`, props.vpcId, `Redis ${props.replicationGroupId}: ${REDIS_PORT} from the data clients only`);
    this.securityGroupId = sg.id;
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: props.replicationGroupId,
      description: `${props.replicationGroupId}: isolated subnets`,
      subnetIds: [...props.subnetIds],
    });
    const family = `redis${props.engineVersion.split('.')[0]}`;
    const parameters = new ElasticacheParameterGroup(this, `parameters-${family}`, {
      name: `${props.replicationGroupId}-${family}`,
      family,
      description: `${props.replicationGroupId}: cluster mode`,
      parameter: [
        { name: 'cluster-enabled', value: 'yes' },
        { name: 'maxmemory-policy', value: props.maxmemoryPolicy ?? 'volatile-lru' },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    // Every user group must hold a user named `default`; this one cannot log in ("off", no commands).
    const defaultUser = new ElasticacheUser(this, 'user-default', {
      engine: 'redis',
      userId: `${props.userIdPrefix}-default`,
      userName: 'default',
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    const userIds: Record<string, string> = {};
    const users = props.users.map((u) => {
      if (!/^[a-z][a-z0-9-]*$/.test(u.name)) fail(`user name '${u.name}' must be lower-case letters, digits or dashes`);
      const userId = `${props.userIdPrefix}-${u.name}`;
      const pattern = u.keyPattern ?? `${u.name}:*`;
      userIds[u.name] = userId;
      // IAM authentication requires user_id == user_name.
      return new ElasticacheUser(this, `user-${u.name}`, {
        engine: 'redis',
        userId,
        userName: userId,
        accessString: `on ~${pattern} &* +@all -@dangerous`,
        authenticationMode: { type: 'iam' },
      });
    });
    this.userIds = userIds;
    const group = new ElasticacheUserGroup(this, 'user-group', {
      engine: 'redis',
      userGroupId: props.replicationGroupId,
      userIds: [defaultUser.userId, ...users.map((u) => u.userId)],
    });
    this.userGroupId = group.userGroupId;

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      replicationGroupId: props.replicationGroupId,
      description: props.description,
      engine: 'redis',
      engineVersion: props.engineVersion,
      nodeType: this.nodeType,
      clusterMode: 'enabled',
      numNodeGroups: props.shards,
      replicasPerNodeGroup: replicas,
      automaticFailoverEnabled: ha,
      multiAzEnabled: ha,
      port: REDIS_PORT,
      parameterGroupName: parameters.name,
      subnetGroupName: subnets.name,
      securityGroupIds: [sg.id],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: this.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [group.userGroupId],
      snapshotRetentionLimit: snapshotDays,
      ...(snapshotDays > 0 ? { snapshotWindow: '01:00-02:00' } : {}),
      maintenanceWindow: 'sun:04:30-sun:05:30',
      ...((props.finalSnapshot ?? true) ? { finalSnapshotIdentifier: `${props.replicationGroupId}-final` } : {}),
      autoMinorVersionUpgrade: 'true',
      applyImmediately: false,
      logDeliveryConfiguration: [
        { destination: slowLog.name, destinationType: 'cloudwatch-logs', logFormat: 'json', logType: 'slow-log' },
        { destination: engineLog.name, destinationType: 'cloudwatch-logs', logFormat: 'json', logType: 'engine-log' },
      ],
      tags: { ...(props.tags ?? {}) },
    });
    this.replicationGroupArn = this.replicationGroup.arn;
    this.configurationEndpoint = this.replicationGroup.configurationEndpointAddress;
  }

  /** ARN of a user of this cache (for `elasticache:Connect`). */
  public userArn(userName: string): string {
    return redisUserArn(this, this.userIds, userName);
  }

  /** Lets `role` open IAM-authenticated connections as `userName` (`elasticache:Connect`). */
  public grantConnect(role: GrantRole | GrantTarget, userName: string): void {
    grantStatements(this, role, `redis-connect-${this.replicationGroupId}-${userName}`, [
      { Effect: 'Allow', Action: ['elasticache:Connect'], Resource: [this.replicationGroupArn, this.userArn(userName)] },
    ]);
  }
}

/**
 * ARN of the ElastiCache user `userName` among `userIds` (name -> user id) in the region of `scope`'s stack,
 * for `elasticache:Connect`. Throws naming `scope` and the users it has when there is no such user.
 */
export function redisUserArn(scope: Construct, userIds: Readonly<Record<string, string>>, userName: string): string {
  const userId = userIds[userName];
  if (!userId) throw new PlatformValidationError(scope.node.path, `no user '${userName}'; users: ${Object.keys(userIds).join(', ')}`);
  const ctx = awsContext(scope);
  return `arn:${ctx.partition}:elasticache:${ctx.region}:${ctx.accountId}:user:${userId}`;
}
