import { Construct } from 'constructs';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';
import { policyJson, PolicyStatement, serviceTrustPolicy } from '../core/iam';
import { EncryptedLogGroup } from '../core/logs';
import { SecureBucket } from '../data/secure-bucket';
import { grantStatements } from '../data/grants';
import { admitDataClients } from './network-access';

/** OpenSearch engine versions this library creates domains with (the seed's Elasticsearch 8 role). */
export const OPENSEARCH_VERSIONS: readonly string[] = ['OpenSearch_2.17', 'OpenSearch_2.19'];
/** TLS policy of the HTTPS endpoint: TLS 1.2+ with perfect forward secrecy. */
export const OPENSEARCH_TLS_POLICY = 'Policy-Min-TLS-1-2-PFS-2023-10';
/** Log types the domain publishes. AUDIT_LOGS needs fine-grained access control. */
export const OPENSEARCH_LOG_TYPES = ['INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS', 'AUDIT_LOGS'] as const;

/**
 * EBS GiB per data node for `sourceGb` of index data: AWS's sizing rule source x (1 + replicas) x 1.45
 * (10% indexing overhead, 5% Linux reserve, 20% OpenSearch Service reserve: "Calculating storage
 * requirements", OpenSearch Service developer guide), times `headroom` for growth, spread over the data
 * nodes and rounded up to 10 GiB.
 */
export function searchVolumeGb(sourceGb: number, replicas: number, headroom: number, dataNodes: number): number {
  return Math.ceil((sourceGb * (1 + replicas) * 1.45 * headroom) / dataNodes / 10) * 10;
}

/** Why a domain name is invalid (3-28 lower-case letters, digits, dashes, starting with a letter), or undefined. */
export function searchDomainNameProblem(name: string): string | undefined {
  return /^[a-z][a-z0-9-]{2,27}$/.test(name) ? undefined : `domain name '${name}' must be 3-28 lower-case letters, digits or dashes, starting with a letter`;
}

/** Why a domain topology is invalid, or undefined. */
export function searchTopologyProblem(t: { readonly dataNodes: number; readonly zones: number; readonly dedicatedMasters: number; readonly warmNodes: number; readonly instanceType: string }): string | undefined {
  if (![1, 2, 3].includes(t.zones)) return `zones must be 1, 2 or 3, got ${t.zones}`;
  if (t.dataNodes % t.zones !== 0) return `${t.dataNodes} data nodes cannot be spread evenly over ${t.zones} zones; use a multiple of ${t.zones}`;
  if (![0, 3, 5].includes(t.dedicatedMasters)) return `dedicatedMasters must be 0, 3 or 5 (a quorum), got ${t.dedicatedMasters}`;
  if (t.warmNodes > 0 && t.dedicatedMasters === 0) return 'UltraWarm nodes need dedicated master nodes';
  if (t.warmNodes === 1) return 'UltraWarm needs at least 2 warm nodes';
  if (t.warmNodes > 0 && t.instanceType.startsWith('t3.')) return `UltraWarm is not available with ${t.instanceType} data nodes`;
  return undefined;
}

/** One service's access: its role and the index patterns it may read or write. */
export interface SearchClient {
  /** Short literal id (`search`, `catalog`, `epg`). */
  readonly id: string;
  readonly role: IamRole;
  /** Index patterns (e.g. `titles*`) the service reads. @default [] */
  readonly readIndices?: readonly string[];
  /** Index patterns the service writes (and reads). @default [] */
  readonly writeIndices?: readonly string[];
}

export interface SearchDomainProps {
  /** Domain name (3-28 characters). */
  readonly domainName: string;
  /**
   * Engine version, one of {@link OPENSEARCH_VERSIONS}.
   * @default 'OpenSearch_2.19'
   */
  readonly engineVersion?: string;
  /** VPC of the domain. */
  readonly vpcId: string;
  /** Private subnets; the first `zones` are used. */
  readonly subnetIds: readonly string[];
  /** The data layer's client group: the only group admitted (TCP 443). */
  readonly clientSecurityGroupId: string;
  /** Data node instance type (`r6g.xlarge.search`). */
  readonly instanceType: string;
  /** Data nodes (a multiple of `zones`). */
  readonly dataNodes: number;
  /** Availability zones the data nodes spread over. */
  readonly zones: number;
  /** Dedicated master nodes (0, 3 or 5). */
  readonly dedicatedMasters: number;
  /**
   * Dedicated master instance type.
   * @default - the data node family's large size
   */
  readonly masterInstanceType?: string;
  /**
   * UltraWarm nodes (0 = no warm tier; 2 or more need dedicated masters).
   * @default 0
   */
  readonly warmNodes?: number;
  /**
   * UltraWarm node type.
   * @default 'ultrawarm1.medium.search'
   */
  readonly warmInstanceType?: string;
  /** gp3 GiB per data node. */
  readonly volumeGb: number;
  /** Key for data at rest (and the manual snapshot bucket). */
  readonly kmsKeyArn: string;
  /** Key of the log groups (must admit CloudWatch Logs). */
  readonly logsKmsKeyArn: string;
  /** Days slow, error and audit logs are kept. */
  readonly logRetentionDays: number;
  /** Bucket registered as the manual snapshot repository (the role OpenSearch assumes may write it). */
  readonly snapshotBucket: SecureBucket;
  /** IAM role mapped to the security plugin's `all_access` (master user). */
  readonly adminRole: IamRole;
  /** Service roles and their indices. */
  readonly clients: readonly SearchClient[];
  /**
   * UTC hour of the daily automated snapshot.
   * @default 3
   */
  readonly snapshotHour?: number;
}

/**
 * An Amazon OpenSearch Service domain (the seed's Elasticsearch 8) inside the VPC: private subnets only,
 * encryption at rest with a customer-managed key, node-to-node encryption, HTTPS only with TLS 1.2+
 * (`Policy-Min-TLS-1-2-PFS-2023-10`), fine-grained access control with IAM (no internal users), slow,
 * error and audit logs in encrypted log groups, daily automated snapshots plus a manual snapshot
 * repository in S3 (the role OpenSearch assumes to write it, `snapshotRoleArn`). The domain access policy
 * admits only the admin and the service roles, each on its own index patterns; `roleMappings` is the
 * security-plugin mapping (backend role ARN -> OpenSearch role) to apply after the domain exists.
 *
 * @example
 * ```ts
 * import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
 * import { awsContext } from '@ott-platform/infra/core';
 * import { SecureBucket } from '@ott-platform/infra/data';
 * import { SearchDomain, searchVolumeGb } from '@ott-platform/infra/analytics';
 *
 * const trust = '{"Version":"2012-10-17","Statement":[]}';
 * const admin = new IamRole(this, 'admin', { name: 'inference-dev-search-admin', assumeRolePolicy: trust });
 * const app = new IamRole(this, 'app', { name: 'inference-dev-app', assumeRolePolicy: trust });
 * const snapshots = new SecureBucket(this, 'snapshots', { bucketName: `inference-dev-snapshots-${awsContext(this).accountId}`, label: 'snapshots' });
 * new SearchDomain(this, 'search', {
 *   domainName: 'inference-dev-search', vpcId: 'vpc-0example', subnetIds: ['subnet-0a'], clientSecurityGroupId: 'sg-0clients',
 *   instanceType: 't3.medium.search', dataNodes: 1, zones: 1, dedicatedMasters: 0, volumeGb: searchVolumeGb(20, 0, 1.25, 1),
 *   kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/data', logsKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/logs', logRetentionDays: 30,
 *   snapshotBucket: snapshots, adminRole: admin, clients: [{ id: 'app', role: app, readIndices: ['items*'] }],
 * });
 * ```
 */
export class SearchDomain extends Construct {
  public readonly domain: OpensearchDomain;
  public readonly domainArn: string;
  /** VPC endpoint (HTTPS). */
  public readonly endpoint: string;
  public readonly securityGroupId: string;
  /** Role OpenSearch assumes to write manual snapshots (register it with the `_snapshot` API). */
  public readonly snapshotRole: IamRole;
  /** Security-plugin role mappings: OpenSearch role -> backend role ARNs. */
  public readonly roleMappings: Readonly<Record<string, { readonly backend_roles: readonly string[] }>>;

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const where = this.node.path;
    const warmNodes = props.warmNodes ?? 0;
    const engineVersion = props.engineVersion ?? 'OpenSearch_2.19';
    const problem = searchDomainNameProblem(props.domainName)
      ?? searchTopologyProblem({ dataNodes: props.dataNodes, zones: props.zones, dedicatedMasters: props.dedicatedMasters, warmNodes, instanceType: props.instanceType })
      ?? (OPENSEARCH_VERSIONS.includes(engineVersion) ? undefined : `engineVersion '${engineVersion}' is not one of ${OPENSEARCH_VERSIONS.join(', ')}`)
      ?? (props.subnetIds.length >= props.zones ? undefined : `zones is ${props.zones} but only ${props.subnetIds.length} subnets were given`)
      ?? (props.volumeGb >= 10 && props.volumeGb <= 16384 ? undefined : `volumeGb must be 10-16384, got ${props.volumeGb}`);
    if (problem) throw new PlatformValidationError(where, problem);
    const ctx = awsContext(this);
    const domainArn = `arn:${ctx.partition}:es:${ctx.region}:${ctx.accountId}:domain/${props.domainName}`;

    const sg = new SecurityGroup(this, 'sg', {
      name: `${props.domainName}-search`, description: `OpenSearch ${props.domainName}: HTTPS from the data clients only`, vpcId: props.vpcId, tags: { Name: `${props.domainName}-search` },
    });
    this.securityGroupId = sg.id;
    admitDataClients(this, 'clients', props.clientSecurityGroupId, sg.id, 443, `opensearch ${props.domainName}`);

    const logs = Object.fromEntries(OPENSEARCH_LOG_TYPES.map((type) => [type, new EncryptedLogGroup(this, `logs-${type.toLowerCase().replace(/_/g, '-')}`, {
      name: `/aws/opensearch/${props.domainName}/${type.toLowerCase()}`, retentionInDays: props.logRetentionDays, kmsKeyArn: props.logsKmsKeyArn,
    })])) as Record<(typeof OPENSEARCH_LOG_TYPES)[number], EncryptedLogGroup>;
    const logPolicy = new CloudwatchLogResourcePolicy(this, 'log-policy', {
      policyName: `${props.domainName}-opensearch-logs`,
      policyDocument: policyJson({ Statement: [{
        Effect: 'Allow', Principal: { Service: 'es.amazonaws.com' }, Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
        Resource: Object.values(logs).map((l) => `${l.arn}:*`),
        Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId }, ArnLike: { 'aws:SourceArn': domainArn } },
      }] }),
    });

    const statements: PolicyStatement[] = [
      { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: [props.adminRole.arn] }, Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpPatch', 'es:ESHttpDelete'], Resource: `${domainArn}/*` },
    ];
    for (const c of props.clients) {
      const read = [...(c.readIndices ?? []), ...(c.writeIndices ?? [])];
      if (read.length === 0) throw new PlatformValidationError(where, `client '${c.id}' names no index`);
      statements.push({ Sid: `${c.id.replace(/[^A-Za-z0-9]/g, '')}Read`, Effect: 'Allow', Principal: { AWS: [c.role.arn] }, Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'], Resource: read.map((i) => `${domainArn}/${i}`) });
      if ((c.writeIndices ?? []).length > 0) {
        statements.push({ Sid: `${c.id.replace(/[^A-Za-z0-9]/g, '')}Write`, Effect: 'Allow', Principal: { AWS: [c.role.arn] }, Action: ['es:ESHttpPut', 'es:ESHttpPatch', 'es:ESHttpDelete'], Resource: c.writeIndices!.map((i) => `${domainArn}/${i}`) });
      }
    }

    this.domain = new OpensearchDomain(this, 'domain', {
      domainName: props.domainName,
      engineVersion,
      clusterConfig: {
        instanceType: props.instanceType,
        instanceCount: props.dataNodes,
        zoneAwarenessEnabled: props.zones > 1,
        ...(props.zones > 1 ? { zoneAwarenessConfig: { availabilityZoneCount: props.zones } } : {}),
        dedicatedMasterEnabled: props.dedicatedMasters > 0,
        ...(props.dedicatedMasters > 0 ? { dedicatedMasterCount: props.dedicatedMasters, dedicatedMasterType: props.masterInstanceType ?? `${props.instanceType.split('.')[0]}.large.search` } : {}),
        warmEnabled: warmNodes > 0,
        ...(warmNodes > 0 ? { warmCount: warmNodes, warmType: props.warmInstanceType ?? 'ultrawarm1.medium.search' } : {}),
      },
      ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize: props.volumeGb },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: OPENSEARCH_TLS_POLICY },
      advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: props.adminRole.arn } },
      vpcOptions: { subnetIds: props.subnetIds.slice(0, props.zones), securityGroupIds: [sg.id] },
      logPublishingOptions: OPENSEARCH_LOG_TYPES.map((type) => ({ logType: type, cloudwatchLogGroupArn: logs[type].arn, enabled: true })),
      snapshotOptions: { automatedSnapshotStartHour: props.snapshotHour ?? 3 },
      accessPolicies: policyJson({ Statement: statements }),
      dependsOn: [logPolicy],
    });
    this.domainArn = this.domain.arn;
    this.endpoint = this.domain.endpoint;

    // Manual snapshot repository: OpenSearch assumes this role to write the bucket.
    this.snapshotRole = new IamRole(this, 'snapshot-role', {
      name: `${props.domainName}-snapshots`,
      description: `OpenSearch ${props.domainName} manual snapshots to S3`,
      assumeRolePolicy: serviceTrustPolicy('es.amazonaws.com', ctx.accountId),
    });
    props.snapshotBucket.grantRead(this.snapshotRole);
    props.snapshotBucket.grantWrite(this.snapshotRole);
    grantStatements(this, this.snapshotRole, 'snapshot-delete', [
      { Effect: 'Allow', Action: ['s3:DeleteObject'], Resource: [`${props.snapshotBucket.bucketArn}/*`] },
    ]);
    // Whoever registers the repository (the admin role) must be able to pass the snapshot role.
    grantStatements(this, props.adminRole, 'pass-snapshot-role', [
      { Effect: 'Allow', Action: ['iam:PassRole'], Resource: [this.snapshotRole.arn] },
    ]);

    this.roleMappings = {
      all_access: { backend_roles: [props.adminRole.arn] },
      ...Object.fromEntries(props.clients.map((c) => [`${c.id}_service`, { backend_roles: [c.role.arn] }])),
    };
  }
}
