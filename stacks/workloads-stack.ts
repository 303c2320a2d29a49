import { ModelsBucket, ServingWorkloads } from '../constructs/serving';
import { Construct } from 'constructs';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { assertLeastPrivilege } from '../constructs/data/grants';
import { policyJson, type PolicyStatement } from '../constructs/core/iam';
import { PlatformValidationError } from '../constructs/core/errors';
import { WorkloadIdentity } from '../constructs/cluster/pod-identity';
import { ClusterConnection } from '../constructs/platform/cluster-connection';
import { ServiceDeployment } from '../constructs/services/service-deployment';
import { NamespaceDefaultDeny } from '../constructs/services/default-deny';
import { IngressRoutes } from '../constructs/services/ingress-routes';
import { bucketPrefixProblem } from '../constructs/data/secure-bucket';
import { DataLake } from '../constructs/data/data-lake';
import type { WorkloadServicePlan, WorkloadsPlan } from '../plan/workload-services';
import type { CacheReaderRef, DataOutputs, LayerInputs } from './contracts';
import { LayerStack } from './layer-stack';

export interface WorkloadsStackProps extends LayerInputs<WorkloadsPlan> {
  /** The region's data layer: endpoints, secret ARNs, topics and the ARNs the roles are scoped to. */
  readonly data: DataOutputs;
  /**
   * The region's model-artifacts bucket: the serving workloads read their model prefixes from it.
   * @default - no serving workloads (the plan places none in the region)
   */
  readonly modelsBucket?: ModelsBucket;
}

/** One service's data wiring: container environment and IAM statements, both from the data layer's contract. */
export interface ServiceDataBinding {
  readonly environment: Readonly<Record<string, string>>;
  readonly statements: readonly PolicyStatement[];
}

/**
 * What a service gets from the data layer: its own database's endpoint and master secret ARN (read with
 * `secretsmanager:GetSecretValue` and decrypted with the database's key; `rds-db:connect` as its own user),
 * its cache user (`elasticache:Connect`), the local read endpoints of both (`DATABASE_READER_HOST`,
 * `REDIS_READER_ENDPOINT`/`REDIS_READER_USER`: the region's replicas in a secondary, the writers themselves
 * in the primary; IAM on writer and reader), the IAM bootstrap brokers of the MSK clusters holding its topics,
 * and produce/consume on exactly its topics, its consumer group named after the service. Throws naming
 * the service when the data layer lacks something the catalog says it uses.
 */
export function serviceDataBinding(where: string, svc: WorkloadServicePlan, data: DataOutputs): ServiceDataBinding {
  const id = svc.deployment.id;
  const env: Record<string, string> = {};
  const statements: PolicyStatement[] = [];
  const missing = (what: string): never => { throw new PlatformValidationError(where, `service '${id}': the data layer has no ${what}`); };
  if (svc.database) {
    const db = data.databases[svc.database] ?? missing(`database '${svc.database}'`);
    const secret = db.masterUserSecret ?? missing(`master user secret for database '${svc.database}'`);
    // Reads go to the local reader (a secondary's cross-region replica), writes to the writer (the
    // primary's instance); without a reader the writer serves both, so every region sets both variables.
    const reader = data.readers?.databases[svc.database] ?? db;
    Object.assign(env, {
      DATABASE_HOST: db.address, DATABASE_READER_HOST: reader.address, DATABASE_PORT: String(db.port), DATABASE_USER: id,
      // The RDS-managed master secret exists in the primary only (a replica has none, docs/replication.md "Secrets").
      DATABASE_SECRET_ARN: secret.secretArn,
    });
    statements.push(
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: [secret.secretArn] },
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [secret.kmsKeyArn] },
      { Effect: 'Allow', Action: ['rds-db:connect'], Resource: reader === db ? [db.dbUserArn(id)] : [db.dbUserArn(id), reader.dbUserArn(id)] },
    );
  }
  if (svc.cache !== 'none') {
    const cache = svc.cache === 'shared' ? data.cache : data.featureStore;
    const user = cache.userIds[id] ?? missing(`${svc.cache} cache user '${id}'`);
    const reader: CacheReaderRef = (svc.cache === 'shared' ? data.readers?.cache : data.readers?.featureStore) ?? cache;
    const readerUser = reader.userIds[id] ?? missing(`${svc.cache} cache reader user '${id}'`);
    Object.assign(env, {
      REDIS_ENDPOINT: cache.configurationEndpoint, REDIS_PORT: String(cache.port), REDIS_USER: user,
      REDIS_READER_ENDPOINT: reader.configurationEndpoint, REDIS_READER_USER: readerUser,
    });
    const arns = [cache.replicationGroupArn, cache.userArn(id), ...(reader === cache ? [] : [reader.replicationGroupArn, reader.userArn(id)])];
    statements.push({ Effect: 'Allow', Action: ['elasticache:Connect'], Resource: arns });
  }
  const topics = [...svc.produces, ...svc.consumes];
  const clusters = [...new Set(topics.map((t) => t.cluster))];
  for (const name of clusters) {
    const cluster = data.kafkaClusters[name] ?? missing(`Kafka cluster '${name}'`);
    env[`KAFKA_${name.toUpperCase()}_BOOTSTRAP_BROKERS`] = cluster.bootstrapBrokersIam;
    statements.push({ Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: [cluster.clusterArn] });
    const produced = svc.produces.filter((t) => t.cluster === name).map((t) => cluster.topicArn(t.name));
    const consumed = svc.consumes.filter((t) => t.cluster === name).map((t) => cluster.topicArn(t.name));
    if (produced.length > 0) {
      statements.push({ Effect: 'Allow', Action: ['kafka-cluster:WriteDataIdempotently'], Resource: [cluster.clusterArn] });
      statements.push({ Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'], Resource: produced });
    }
    if (consumed.length > 0) {
      statements.push({ Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], Resource: consumed });
      statements.push({ Effect: 'Allow', Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], Resource: [cluster.groupArn(id)] });
    }
  }
  for (const t of topics) if (!data.topics[t.name]) missing(`topic '${t.name}'`);
  if (clusters.length > 0) {
    Object.assign(env, {
      // One cluster: the plain name too, so single-cluster services need no cluster in their config.
      ...(clusters.length === 1 ? { KAFKA_BOOTSTRAP_BROKERS: env[`KAFKA_${clusters[0].toUpperCase()}_BOOTSTRAP_BROKERS`] } : {}),
      KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
      KAFKA_PRODUCE_TOPICS: svc.produces.map((t) => t.name).join(','),
      KAFKA_CONSUME_TOPICS: svc.consumes.map((t) => t.name).join(','),
      KAFKA_CONSUMER_GROUP: id,
    });
  }
  return { environment: env, statements };
}

/**
 * S3 access of a service's Pod Identity role: exactly its catalog `buckets` prefixes (read, write or both,
 * through the bucket's own grants, which add its KMS key), never a whole bucket. Throws naming the service
 * and the field for a prefix that is not a folder.
 */
export function grantServiceBuckets(identity: WorkloadIdentity, svc: WorkloadServicePlan, data: DataOutputs): void {
  svc.buckets.forEach((b, i) => {
    const problem = bucketPrefixProblem(b.prefix);
    if (problem) throw new PlatformValidationError('catalog/services.ts', `service '${svc.deployment.id}': buckets[${i}].prefix: ${problem}`);
    // The data lake's own grants take a layer id; the catalog names prefixes, so grant on its bucket.
    const ref = data.buckets[b.bucket];
    const bucket = ref instanceof DataLake ? ref.bucket : ref;
    const target = { role: identity.role, scope: identity };
    if (b.access !== 'write') bucket.grantRead(target, b.prefix);
    if (b.access !== 'read') bucket.grantWrite(target, b.prefix);
  });
}

/**
 * `<env>-<region>-workloads`: every catalog service and BFF of the primary region, and from phase 4 of a
 * secondary region (with the region's serving placements; docs/regions-dr.md) (catalog/services.ts
 * resolved in plan/workload-services.ts), each a {@link ServiceDeployment} bound to its own Pod Identity
 * role that may touch only its own database secret, cache user, topics and consumer group. It reaches
 * the cluster by name (kubernetes provider only) and is deployed after `platform-config`, which it needs:
 * the namespaces, PriorityClasses, Istio's CRDs and the mesh-wide STRICT mTLS.
 */
export class WorkloadsStack extends LayerStack {
  public readonly services: readonly ServiceDeployment[];
  public readonly identities: readonly WorkloadIdentity[];
  /** The serving workloads of the region, when the plan places any. */
  public readonly serving?: ServingWorkloads;

  constructor(scope: Construct, props: WorkloadsStackProps) {
    super(scope, { context: props.context, region: props.region, layer: 'workloads' });
    const { context, region, data } = props;
    const { clusterName } = props.plan;
    const connection = new ClusterConnection(this, 'cluster', { clusterName, region, helm: false });
    const cluster = { clusterName: connection.clusterName, clusterArn: connection.clusterArn, podIdentityPrerequisites: [] };
    const services: ServiceDeployment[] = [];
    const identities: WorkloadIdentity[] = [];
    for (const svc of props.plan.services) {
      const d = svc.deployment;
      const repository = data.repositories[d.id as keyof DataOutputs['repositories']];
      if (!repository) throw new PlatformValidationError(this.node.path, `service '${d.id}': the data layer has no ECR repository ${d.image.repository}`);
      const binding = serviceDataBinding(this.node.path, svc, data);
      const identity = new WorkloadIdentity(this, `identity-${d.id}`, {
        cluster, namespace: svc.namespace, serviceAccount: d.id, roleName: `${clusterName}-svc-${d.id}`,
      });
      if (binding.statements.length > 0) {
        assertLeastPrivilege(`${this.node.path}/identity-${d.id}`, binding.statements);
        new IamRolePolicy(identity, 'data-access', { name: 'data-access', role: identity.role.name, policy: policyJson({ Statement: [...binding.statements] }) });
      }
      grantServiceBuckets(identity, svc, data);
      identities.push(identity);
      const image = d.image.tag.startsWith('sha256:') ? `${repository.repositoryUrl}@${d.image.tag}` : `${repository.repositoryUrl}:${d.image.tag}`;
      services.push(new ServiceDeployment(this, `service-${d.id}`, {
        service: d, namespace: svc.namespace, environment: context.name, image,
        callerNamespaces: props.plan.namespaces, environmentVariables: binding.environment,
      }));
    }
    this.services = services;
    this.identities = identities;
    // Zero trust's floor: deny-all per application namespace; each service's own policies admit its callers.
    for (const namespace of [...new Set(props.plan.services.map((s) => s.namespace))]) new NamespaceDefaultDeny(this, `default-deny-${namespace}`, { namespace });
    // The client API: Gateway, routes and rate limits on the ingress gateway, and its DNS alias.
    const ingress = props.plan.ingress;
    if (ingress) {
      new IngressRoutes(this, 'ingress', {
        hostname: ingress.hostname, routes: ingress.routes,
        ...(ingress.publishDns ? { dns: { zoneId: ingress.zoneId, loadBalancerName: ingress.loadBalancerName } } : {}),
      });
    }
    // Serving (issue 12): InferenceServices, vLLM servers and batch jobs placed in this region.
    if (props.plan.placements.length > 0) {
      if (!props.modelsBucket) throw new PlatformValidationError(this.node.path, `${props.plan.placements.length} serving workloads are placed in ${region}, but no models bucket was handed to the stack`);
      this.serving = new ServingWorkloads(this, 'serving', { cluster, placements: props.plan.placements, modelsBucket: props.modelsBucket, roleNamePrefix: clusterName });
    }
  }
}
