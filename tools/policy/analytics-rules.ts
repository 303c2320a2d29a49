/**
 * Policy-pack rules for the data platform's resource types (issue 17), with the checkov checks they
 * stand in for where one exists. Same contract as rules.ts: data plus a check over one stack's JSON; each
 * rule has a violating fixture `test/fixtures/policy/violations/<id>.tf.json`.
 */
import { asList, getPath, resourcesOfType, TfResource, TfStack } from '../tfjson';
import { actionMatches, policyDocuments } from './iam-documents';
import { PolicyRule, RuleHit } from './types';

const isTrue = (v: unknown) => v === true || v === 'true';
const show = (v: unknown) => (v === undefined ? 'not set' : JSON.stringify(v));

function each(stack: TfStack, types: readonly string[], bad: (r: TfResource) => string | undefined): RuleHit[] {
  return resourcesOfType(stack, ...types).flatMap((r) => {
    const message = bad(r);
    return message ? [{ resource: r, message }] : [];
  });
}

/** TLS policies of OpenSearch endpoints that require TLS 1.2 or later. */
export const OPENSEARCH_TLS12_POLICIES: readonly string[] = ['Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10'];

/** Data actions of the data platform's services that must never be allowed on Resource "*". */
export const ANALYTICS_DATA_ACTIONS: readonly string[] = [
  'es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpPatch', 'es:ESHttpDelete',
  'glue:GetTable', 'glue:GetTables', 'glue:UpdateTable', 'glue:GetPartitions', 'glue:GetSchemaVersion', 'glue:GetSchemaByDefinition',
  'bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream',
  'emr-containers:StartJobRun', 'sagemaker:CreateTrainingJob', 'sagemaker:CreateTransformJob', 'iam:PassRole',
];

export const ANALYTICS_RULES: readonly PolicyRule[] = [
  {
    id: 'opensearch-encryption',
    severity: 'high',
    title: 'OpenSearch domains encrypt at rest with a customer-managed key and between nodes',
    checkov: ['CKV_AWS_5', 'CKV_AWS_6', 'CKV_AWS_247'],
    rationale: 'The search index holds catalog and audit-log data; PLATFORM.md §9 requires KMS at rest and TLS in transit everywhere.',
    fix: 'Set encryptAtRest { enabled, kmsKeyId } and nodeToNodeEncryption { enabled } (SearchDomain does).',
    resourceTypes: ['aws_opensearch_domain'],
    check: (stack) => each(stack, ['aws_opensearch_domain'], (r) => {
      if (!isTrue(getPath(r.body, 'encrypt_at_rest.enabled'))) return `encrypt_at_rest.enabled is ${show(getPath(r.body, 'encrypt_at_rest.enabled'))}`;
      if (!getPath(r.body, 'encrypt_at_rest.kms_key_id')) return 'encrypt_at_rest.kms_key_id is not set (AWS-managed key)';
      if (!isTrue(getPath(r.body, 'node_to_node_encryption.enabled'))) return `node_to_node_encryption.enabled is ${show(getPath(r.body, 'node_to_node_encryption.enabled'))}`;
      return undefined;
    }),
  },
  {
    id: 'opensearch-https-tls12',
    severity: 'high',
    title: 'OpenSearch endpoints are HTTPS only with a TLS 1.2+ policy',
    checkov: ['CKV_AWS_83', 'CKV_AWS_228'],
    rationale: 'Plain HTTP or TLS 1.0/1.1 to the search domain exposes queries and credentials in transit.',
    fix: "Set domainEndpointOptions { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' }.",
    resourceTypes: ['aws_opensearch_domain'],
    check: (stack) => each(stack, ['aws_opensearch_domain'], (r) => {
      if (!isTrue(getPath(r.body, 'domain_endpoint_options.enforce_https'))) return `domain_endpoint_options.enforce_https is ${show(getPath(r.body, 'domain_endpoint_options.enforce_https'))}`;
      const policy = getPath(r.body, 'domain_endpoint_options.tls_security_policy');
      return OPENSEARCH_TLS12_POLICIES.includes(String(policy)) ? undefined : `domain_endpoint_options.tls_security_policy is ${show(policy)}; use one of ${OPENSEARCH_TLS12_POLICIES.join(', ')}`;
    }),
  },
  {
    id: 'opensearch-private-fine-grained',
    severity: 'critical',
    title: 'OpenSearch domains sit in the VPC with fine-grained access control by IAM',
    checkov: ['CKV_AWS_137', 'CKV2_AWS_52'],
    rationale: 'A public endpoint or a domain without fine-grained access control lets any caller the access policy admits read every index.',
    fix: 'Set vpcOptions (private subnets) and advancedSecurityOptions { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions.masterUserArn }.',
    resourceTypes: ['aws_opensearch_domain'],
    check: (stack) => each(stack, ['aws_opensearch_domain'], (r) => {
      if (!getPath(r.body, 'vpc_options.subnet_ids')) return 'vpc_options is not set: the domain has a public endpoint';
      if (!isTrue(getPath(r.body, 'advanced_security_options.enabled'))) return `advanced_security_options.enabled is ${show(getPath(r.body, 'advanced_security_options.enabled'))}`;
      if (isTrue(getPath(r.body, 'advanced_security_options.internal_user_database_enabled'))) return 'advanced_security_options.internal_user_database_enabled is true: use IAM principals, not internal users with passwords';
      return undefined;
    }),
  },
  {
    id: 'opensearch-logging',
    severity: 'medium',
    title: 'OpenSearch domains publish error, slow and audit logs',
    checkov: ['CKV_AWS_84', 'CKV_AWS_317'],
    rationale: 'Audit logs record who read or changed which index; seed 003 §8 and PLATFORM.md §9 require audit logs.',
    fix: 'Publish INDEX_SLOW_LOGS, SEARCH_SLOW_LOGS, ES_APPLICATION_LOGS and AUDIT_LOGS to encrypted log groups (SearchDomain does).',
    resourceTypes: ['aws_opensearch_domain'],
    check: (stack) => each(stack, ['aws_opensearch_domain'], (r) => {
      const enabled = asList(r.body.log_publishing_options).filter((o) => o.enabled === undefined || isTrue(o.enabled)).map((o) => String(o.log_type));
      const missing = ['INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS', 'AUDIT_LOGS'].filter((t) => !enabled.includes(t));
      return missing.length ? `log_publishing_options lacks ${missing.join(', ')}` : undefined;
    }),
  },
  {
    id: 'opensearch-high-availability',
    severity: 'medium',
    productionOnly: true,
    title: 'Production OpenSearch domains span zones with dedicated masters',
    checkov: ['CKV_AWS_318'],
    rationale: 'One AZ or no dedicated masters turns an AZ failure or a busy data node into a search outage.',
    fix: 'Set zones >= 2 (3 in production), dedicatedMasters: 3 in regions.<r>.analytics.search.',
    resourceTypes: ['aws_opensearch_domain'],
    check: (stack) => each(stack, ['aws_opensearch_domain'], (r) => {
      if (!isTrue(getPath(r.body, 'cluster_config.zone_awareness_enabled'))) return 'cluster_config.zone_awareness_enabled is not true';
      if (!isTrue(getPath(r.body, 'cluster_config.dedicated_master_enabled'))) return 'cluster_config.dedicated_master_enabled is not true';
      const masters = Number(getPath(r.body, 'cluster_config.dedicated_master_count'));
      return masters >= 3 ? undefined : `cluster_config.dedicated_master_count is ${show(getPath(r.body, 'cluster_config.dedicated_master_count'))}; at least 3`;
    }),
  },
  {
    id: 'mwaa-private-encrypted-logged',
    severity: 'high',
    title: 'MWAA environments have a private web server, a customer-managed key and every log type on',
    checkov: ['CKV_AWS_242', 'CKV_AWS_243', 'CKV_AWS_244'],
    rationale: 'A public Airflow UI exposes DAGs and connections; unlogged schedulers and workers hide failures and access.',
    fix: "Set webserverAccessMode 'PRIVATE_ONLY', kmsKey, and enable dag processing, scheduler, task, web server and worker logs (AirflowEnvironment does).",
    resourceTypes: ['aws_mwaa_environment'],
    check: (stack) => each(stack, ['aws_mwaa_environment'], (r) => {
      if (r.body.webserver_access_mode !== 'PRIVATE_ONLY') return `webserver_access_mode is ${show(r.body.webserver_access_mode)}; must be "PRIVATE_ONLY"`;
      if (!r.body.kms_key) return 'kms_key is not set';
      const off = ['dag_processing_logs', 'scheduler_logs', 'task_logs', 'webserver_logs', 'worker_logs'].filter((t) => !isTrue(getPath(r.body, `logging_configuration.${t}.enabled`)));
      return off.length ? `logging_configuration: ${off.join(', ')} not enabled` : undefined;
    }),
  },
  {
    id: 'msk-connect-tls-iam-logged',
    severity: 'high',
    title: 'MSK Connect connectors use TLS and IAM to reach Kafka and deliver worker logs',
    checkov: [],
    rationale: 'Unauthenticated or plaintext connectors bypass the cluster\'s IAM access control; worker logs are the only record of sink failures.',
    fix: "Set kafkaClusterEncryptionInTransit.encryptionType 'TLS', kafkaClusterClientAuthentication.authenticationType 'IAM' and logDelivery (KafkaIcebergSink does).",
    resourceTypes: ['aws_mskconnect_connector'],
    check: (stack) => each(stack, ['aws_mskconnect_connector'], (r) => {
      if (getPath(r.body, 'kafka_cluster_encryption_in_transit.encryption_type') !== 'TLS') return `kafka_cluster_encryption_in_transit.encryption_type is ${show(getPath(r.body, 'kafka_cluster_encryption_in_transit.encryption_type'))}; must be "TLS"`;
      if (getPath(r.body, 'kafka_cluster_client_authentication.authentication_type') !== 'IAM') return `kafka_cluster_client_authentication.authentication_type is ${show(getPath(r.body, 'kafka_cluster_client_authentication.authentication_type'))}; must be "IAM"`;
      return isTrue(getPath(r.body, 'log_delivery.worker_log_delivery.cloudwatch_logs.enabled')) ? undefined : 'log_delivery.worker_log_delivery.cloudwatch_logs is not enabled';
    }),
  },
  {
    id: 'flink-vpc-logging-checkpoints',
    severity: 'medium',
    title: 'Flink applications run in the VPC, log to CloudWatch and checkpoint',
    checkov: [],
    rationale: 'Outside the VPC the job cannot reach MSK privately; without logs or checkpoints failures are invisible and state is lost on restart.',
    fix: 'Set vpcConfiguration, cloudwatchLoggingOptions and checkpointConfiguration { checkpointingEnabled: true } (FlinkApplication does).',
    resourceTypes: ['aws_kinesisanalyticsv2_application'],
    check: (stack) => each(stack, ['aws_kinesisanalyticsv2_application'], (r) => {
      if (!getPath(r.body, 'application_configuration.vpc_configuration.subnet_ids')) return 'application_configuration.vpc_configuration is not set';
      if (!getPath(r.body, 'cloudwatch_logging_options.log_stream_arn')) return 'cloudwatch_logging_options is not set';
      const cp = 'application_configuration.flink_application_configuration.checkpoint_configuration';
      const type = getPath(r.body, `${cp}.configuration_type`);
      return type === 'CUSTOM' && !isTrue(getPath(r.body, `${cp}.checkpointing_enabled`)) ? `${cp}.checkpointing_enabled is ${show(getPath(r.body, `${cp}.checkpointing_enabled`))}` : undefined;
    }),
  },
  {
    id: 'glue-schema-compatibility',
    severity: 'medium',
    title: 'Registered schemas enforce a compatibility mode',
    checkov: [],
    rationale: 'Seed 003 §4 uses the schema registry "for schema evolution"; NONE or DISABLED lets a producer break every consumer.',
    fix: "Use compatibility 'BACKWARD' (the SchemaRegistry default, constructs/analytics/schema-types.ts) or a stricter mode.",
    resourceTypes: ['aws_glue_schema'],
    check: (stack) => each(stack, ['aws_glue_schema'], (r) =>
      (['NONE', 'DISABLED'].includes(String(r.body.compatibility)) ? `compatibility is ${show(r.body.compatibility)}` : undefined)),
  },
  {
    id: 'bedrock-invocation-logging',
    severity: 'medium',
    title: 'Bedrock model invocation logging writes to both S3 and CloudWatch Logs',
    checkov: [],
    rationale: 'Prompts and completions are the audit trail of the LLM features (seed 003 §6); one sink alone loses either retention or search.',
    fix: 'Set loggingConfig with s3Config and cloudwatchConfig (BedrockAccess does).',
    resourceTypes: ['aws_bedrock_model_invocation_logging_configuration'],
    check: (stack) => each(stack, ['aws_bedrock_model_invocation_logging_configuration'], (r) => {
      const cfg = asList(r.body.logging_config)[0] ?? {};
      const missing = ['s3_config', 'cloudwatch_config'].filter((k) => asList(cfg[k]).length === 0);
      return missing.length ? `logging_config lacks ${missing.join(' and ')}` : undefined;
    }),
  },
  {
    id: 'iam-no-wildcard-resource-analytics-actions',
    severity: 'high',
    title: 'Identity policies never allow search, catalog, model-invocation, job or PassRole actions on Resource "*"',
    checkov: [],
    rationale: 'The data platform\'s data actions (es:ESHttp*, glue table reads/writes, bedrock:InvokeModel, job starts, iam:PassRole) must name domains, tables, models and roles.',
    fix: 'Scope the statement to the domain/index, database/table, foundation-model, virtual cluster or role ARNs.',
    resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role'],
    check: (stack) => policyDocuments(stack).filter((d) => d.kind === 'identity' && d.statements).flatMap((d): RuleHit[] =>
      d.statements!.flatMap((s, i) => {
        if (s.effect !== 'Allow' || !s.resources.includes('*')) return [];
        const data = s.actions.filter((a) => ANALYTICS_DATA_ACTIONS.some((x) => actionMatches(a, x)));
        return data.length ? [{ resource: d.resource, message: `${d.attribute}: statement ${s.sid ?? `#${i + 1}`} allows ${data.join(', ')} on Resource "*"` }] : [];
      })),
  },
];
