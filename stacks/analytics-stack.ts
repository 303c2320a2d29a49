import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AirflowEnvironment } from '../constructs/analytics/airflow-environment';
import { FlinkApplication } from '../constructs/analytics/flink-application';
import { KafkaIcebergSink, SinkKafkaCluster } from '../constructs/analytics/kafka-iceberg-sink';
import { bronzeTableOf, Lakehouse } from '../constructs/analytics/lakehouse';
import { BedrockAccess, SageMakerRoles } from '../constructs/analytics/ml-access';
import { httpsEgressGroup } from '../constructs/analytics/network-access';
import { LakeTableSpec } from '../constructs/analytics/lake-types';
import { SchemaRegistry } from '../constructs/analytics/schema-registry';
import { EventSchemaSpec } from '../constructs/analytics/schema-types';
import { SearchDomain, searchVolumeGb } from '../constructs/analytics/search-domain';
import { SparkVirtualCluster } from '../constructs/analytics/spark-virtual-cluster';
import { podIdentityTrustPolicy } from '../constructs/cluster/iam';
import { awsContext } from '../constructs/core/aws-context';
import { PlatformValidationError } from '../constructs/core/errors';
import { policyJson } from '../constructs/core/iam';
import { cloudWatchLogsKeyStatement, EncryptionKey } from '../constructs/core/kms';
import { DataLake } from '../constructs/data/data-lake';
import { SecureBucket } from '../constructs/data/secure-bucket';
import { AnalyticsConfig } from '../environments/analytics-schema';
import type { EnvironmentContext } from '../plan/context';
import { EVENT_SCHEMAS } from '../catalog/event-schemas';
import { KAFKA_TOPICS, KafkaTopicSpec } from '../catalog/kafka-topics';
import { bronzeRetentionOf, LAKE_TABLES } from '../catalog/lake-tables';
import { PLATFORM_NAMESPACES } from '../catalog/namespaces';
import { LayerStack } from './layer-stack';

/** What the analytics layer takes from the network layer. */
export interface AnalyticsNetworkContract {
  readonly vpcId: string;
  readonly privateSubnetIds: readonly string[];
}

/** What the analytics layer takes from the data layer. */
export interface AnalyticsDataContract {
  /** MSK clusters by name (`realtime`, `analytics`). */
  readonly kafkaClusters: Readonly<Record<string, SinkKafkaCluster>>;
  readonly dataLake: DataLake;
  readonly modelArtifacts: SecureBucket;
  /** Target of every bucket's S3 server access logs. */
  readonly accessLogsBucketName: string;
  /** The group the data stores (and now the search domain) admit. */
  readonly clientSecurityGroupId: string;
}

/** What the analytics layer takes from the cluster layer. */
export interface AnalyticsClusterContract {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly oidcProviderArn: string;
  /** OIDC issuer URL (`https://...`). */
  readonly oidcIssuerUrl: string;
}

/** Catalogs the layer builds from (tests pass altered ones). */
export interface AnalyticsCatalogs {
  readonly topics: readonly KafkaTopicSpec[];
  readonly schemas: readonly EventSchemaSpec[];
  /** Silver, gold and ML-feature tables (bronze ones come from the schemas). */
  readonly lakeTables: readonly LakeTableSpec[];
}

export interface AnalyticsStackProps {
  readonly context: EnvironmentContext;
  readonly region: string;
  /** The region's `analytics:` slice of the resolved plan. */
  readonly plan: AnalyticsConfig;
  readonly network: AnalyticsNetworkContract;
  readonly data: AnalyticsDataContract;
  readonly cluster: AnalyticsClusterContract;
  /** @default the checked-in catalogs (catalog/) */
  readonly catalogs?: AnalyticsCatalogs;
}

/** Short region code for names with tight limits (OpenSearch domains: 28 characters): eu-west-1 -> euw1. */
export function regionCode(region: string): string {
  return region.split('-').map((p, i, all) => (i === all.length - 1 ? p : p.replace(/(north|south)(east|west)/, (_m, a: string, b: string) => a[0] + b[0]).replace(/^(north|south|east|west|central)$/, (m) => m[0]).slice(0, 2))).join('');
}

/**
 * `<env>-<region>-analytics`: the data platform on AWS-managed services (issue 17). The OpenSearch domain
 * for search and audit logs, the Glue Schema Registry with one Avro schema per topic, the Iceberg tables
 * of every lake layer in the Glue Data Catalog, the Analytics Collector's MSK Connect sink into bronze,
 * the Flink application for silver and features, Spark on EMR on EKS, MWAA, and the SageMaker and Bedrock
 * access. Deployed after `platform` (the Spark namespace), before `workloads` (services use the domain).
 */
export class AnalyticsStack extends LayerStack {
  public readonly config: AnalyticsConfig;
  public readonly search: SearchDomain;
  public readonly schemaRegistry: SchemaRegistry;
  public readonly lakehouse: Lakehouse;
  public readonly sinks: readonly KafkaIcebergSink[];
  public readonly flink: FlinkApplication;
  public readonly spark: SparkVirtualCluster;
  public readonly airflow: AirflowEnvironment;
  public readonly sageMaker: SageMakerRoles;
  public readonly bedrock: BedrockAccess;
  /** Pod Identity roles of the services this layer serves (search, catalog, epg, metadata). */
  public readonly serviceRoles: Readonly<Record<string, IamRole>>;

  constructor(scope: Construct, props: AnalyticsStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'analytics' });
    const file = `environments/${props.context.name}.yaml`;
    const cfg = props.plan;
    this.config = cfg;
    if (!PLATFORM_NAMESPACES.some((n) => n.name === cfg.spark.namespace)) {
      throw new PlatformValidationError(file, `regions.${props.region}.analytics.spark.namespace: '${cfg.spark.namespace}' is not a namespace the platform layer creates (catalog/namespaces.ts: ${PLATFORM_NAMESPACES.map((n) => n.name).join(', ')})`);
    }
    const catalogs = props.catalogs ?? { topics: KAFKA_TOPICS, schemas: EVENT_SCHEMAS, lakeTables: LAKE_TABLES };
    const name = `${props.context.name}-${props.region}`;
    const protect = props.context.deletionProtection;
    const ctx = awsContext(this);
    const net = props.network;

    const logsKey = new EncryptionKey(this, 'key-logs', { purpose: `${name} analytics layer: logs and MWAA`, alias: `${name}-analytics-logs`, additionalStatements: [cloudWatchLogsKeyStatement(this)] }).keyArn;
    const dataKey = new EncryptionKey(this, 'key-data', {
      purpose: `${name} analytics layer: OpenSearch, buckets, LLM invocation logs`,
      alias: `${name}-analytics-data`,
      additionalStatements: [{
        Sid: 'BedrockInvocationLogs', Effect: 'Allow', Principal: { Service: 'bedrock.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } },
      }],
    }).keyArn;
    const bucket = (id: string, bucketName: string, label: string) => new SecureBucket(this, id, {
      bucketName, label, kmsKeyArn: dataKey, accessLogsBucket: props.data.accessLogsBucketName, forceDestroy: !protect,
    });
    const artifacts = bucket('bucket-artifacts', `${name}-analytics-artifacts-${ctx.accountId}`, 'analytics-artifacts');
    const dags = bucket('bucket-dags', `airflow-${name}-dags-${ctx.accountId}`, 'airflow-dags');
    const snapshots = bucket('bucket-search-snapshots', `${name}-search-snapshots-${ctx.accountId}`, 'search-snapshots');
    const llmLogs = bucket('bucket-llm-logs', `${name}-llm-logs-${ctx.accountId}`, 'llm-logs');

    // Service roles (EKS Pod Identity, this cluster only). The services layer associates them with the
    // services' service accounts; they are created here because the search domain and Bedrock name them.
    const serviceRole = (service: string) => new IamRole(this, `service-role-${service}`, {
      name: `${name}-${service}`, description: `${service} service (EKS Pod Identity)`, assumeRolePolicy: podIdentityTrustPolicy(ctx.accountId, props.cluster.clusterArn),
    });
    this.serviceRoles = { search: serviceRole('search'), catalog: serviceRole('catalog'), epg: serviceRole('epg'), metadata: serviceRole('metadata') };
    const searchAdmin = new IamRole(this, 'search-admin-role', {
      name: `${name}-search-admin`, description: 'OpenSearch security admin (all_access), index templates and snapshot repository',
      assumeRolePolicy: policyJson({ Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` }, Action: 'sts:AssumeRole' }] }),
    });

    // Search: seed 003 §4 "Search Index: Elasticsearch 8, Catalog/Search/EPG, 200 GB, snapshot to S3 daily".
    const s = cfg.search;
    this.search = new SearchDomain(this, 'search', {
      domainName: `${props.context.name}-${regionCode(props.region)}-search`,
      engineVersion: s.engineVersion,
      vpcId: net.vpcId, subnetIds: net.privateSubnetIds, clientSecurityGroupId: props.data.clientSecurityGroupId,
      instanceType: s.instanceType, dataNodes: s.dataNodes, zones: s.zones, dedicatedMasters: s.dedicatedMasters,
      ...(s.masterInstanceType ? { masterInstanceType: s.masterInstanceType } : {}),
      warmNodes: s.warmNodes,
      volumeGb: searchVolumeGb(s.sourceGb * props.context.scale, s.replicas, s.storageHeadroom, s.dataNodes),
      kmsKeyArn: dataKey, logsKmsKeyArn: logsKey, logRetentionDays: cfg.logRetentionDays,
      snapshotBucket: snapshots, adminRole: searchAdmin,
      clients: [
        { id: 'search', role: this.serviceRoles.search, readIndices: ['titles*', 'epg*'], writeIndices: ['search-queries*'] },
        { id: 'catalog', role: this.serviceRoles.catalog, writeIndices: ['titles*'] },
        { id: 'epg', role: this.serviceRoles.epg, writeIndices: ['epg*'] },
      ],
    });

    // Schemas and lakehouse.
    this.schemaRegistry = new SchemaRegistry(this, 'schema-registry', { registryName: `${name}-events`, topics: catalogs.topics, schemas: catalogs.schemas });
    this.lakehouse = new Lakehouse(this, 'lakehouse', {
      dataLake: props.data.dataLake,
      databasePrefix: name.replace(/-/g, '_'),
      tables: [...catalogs.schemas.map((s) => bronzeTableOf(s, bronzeRetentionOf(s.topic))), ...catalogs.lakeTables],
    });

    // Pipelines: private subnets, the data-clients group (MSK) plus HTTPS egress (AWS APIs).
    const egress = httpsEgressGroup(this, 'pipelines-sg', `${name}-analytics-pipelines`, net.vpcId, 'Analytics pipelines (MSK Connect, Flink): HTTPS to AWS APIs');
    const pipelineGroups = [props.data.clientSecurityGroupId, egress.id];
    this.sinks = Object.entries(props.data.kafkaClusters).flatMap(([clusterName, cluster]) => {
      const topics = catalogs.topics.filter((t) => t.cluster === clusterName).map((t) => t.name);
      if (topics.length === 0) return [];
      return [new KafkaIcebergSink(this, `sink-${clusterName}`, {
        name: `${name}-${clusterName}-collector`, cluster, topics, lakehouse: this.lakehouse, schemaRegistry: this.schemaRegistry,
        artifactBucket: artifacts, pluginKey: cfg.sink.pluginKey, subnetIds: net.privateSubnetIds, securityGroupIds: pipelineGroups,
        mcuCount: cfg.sink.mcuCount, minWorkers: cfg.sink.minWorkers, maxWorkers: cfg.sink.maxWorkers,
        kafkaConnectVersion: cfg.sink.kafkaConnectVersion, commitIntervalSeconds: cfg.sink.commitIntervalSeconds,
        logsKmsKeyArn: logsKey, logRetentionDays: cfg.logRetentionDays,
      })];
    });
    this.flink = new FlinkApplication(this, 'flink', {
      name: `${name}-stream-jobs`, runtime: cfg.flink.runtime, artifactBucket: artifacts, artifactKey: cfg.flink.artifactKey,
      parallelism: cfg.flink.parallelism, parallelismPerKpu: cfg.flink.parallelismPerKpu, autoScaling: cfg.flink.autoScaling,
      checkpointIntervalSeconds: cfg.flink.checkpointIntervalSeconds,
      sources: Object.entries(props.data.kafkaClusters).map(([clusterName, cluster]) => ({ cluster, topics: catalogs.topics.filter((t) => t.cluster === clusterName).map((t) => t.name) }))
        .filter((x) => x.topics.length > 0),
      schemaRegistry: this.schemaRegistry, lakehouse: this.lakehouse, readLayers: [], writeLayers: ['silver', 'ml-features'],
      subnetIds: net.privateSubnetIds, securityGroupIds: pipelineGroups, logsKmsKeyArn: logsKey, logRetentionDays: cfg.logRetentionDays,
    });
    this.spark = new SparkVirtualCluster(this, 'spark', {
      name: `${name}-spark`, cluster: props.cluster, namespace: cfg.spark.namespace, lakehouse: this.lakehouse,
      readLayers: ['bronze', 'silver'], writeLayers: ['silver', 'gold', 'ml-features'], artifactBucket: artifacts,
      logsKmsKeyArn: logsKey, logRetentionDays: cfg.logRetentionDays,
    });
    this.sageMaker = new SageMakerRoles(this, 'sagemaker', { name, lakehouse: this.lakehouse, modelBucket: props.data.modelArtifacts });
    this.airflow = new AirflowEnvironment(this, 'airflow', {
      name: `${name}-airflow`, airflowVersion: cfg.airflow.airflowVersion, environmentClass: cfg.airflow.environmentClass,
      minWorkers: cfg.airflow.minWorkers, maxWorkers: cfg.airflow.maxWorkers, dagBucket: dags, vpcId: net.vpcId, subnetIds: net.privateSubnetIds, kmsKeyArn: logsKey,
    });
    this.airflow.grantSparkJobs(this.spark.virtualCluster.arn, this.spark.jobRole.arn);
    this.airflow.grantSageMakerJobs(`${name}-`, [this.sageMaker.trainingRole.arn, this.sageMaker.batchTransformRole.arn]);

    // Bedrock: seed 003 §3/§6 name Search (conversational search) and Metadata (summaries, descriptions).
    this.bedrock = new BedrockAccess(this, 'bedrock', {
      name, logBucket: llmLogs, logsKmsKeyArn: logsKey, logRetentionDays: cfg.logRetentionDays, modelIds: cfg.bedrock.models,
      invokers: [{ id: 'search', role: this.serviceRoles.search }, { id: 'metadata', role: this.serviceRoles.metadata }],
      invocationLogging: cfg.bedrock.invocationLogging,
    });

    new TerraformOutput(this, 'search-endpoint', { value: this.search.endpoint });
    new TerraformOutput(this, 'search-role-mappings', { value: JSON.stringify(this.search.roleMappings), description: 'OpenSearch security plugin role mappings to apply (PUT _plugins/_security/api/rolesmapping/<role>)' });
    new TerraformOutput(this, 'search-snapshot-role-arn', { value: this.search.snapshotRole.arn });
    new TerraformOutput(this, 'spark-virtual-cluster-id', { value: this.spark.virtualCluster.id });
    for (const [service, role] of Object.entries(this.serviceRoles)) new TerraformOutput(this, `service-role-${service}-arn`, { value: role.arn });
  }
}
