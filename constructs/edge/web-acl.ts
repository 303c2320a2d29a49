import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { assertLogRetention } from '../core/logs';
import { PlatformValidationError } from '../core/errors';
import { rateLimitProblem } from './rules';

/** AWS managed rule groups every edge web ACL runs (seed 003 §8 WAF; checkov CKV_AWS_192 covers Log4j via known bad inputs). */
export const MANAGED_RULE_GROUPS: readonly string[] = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

export interface EdgeWebAclProps {
  /** Web ACL name; its log group is `aws-waf-logs-<name>` (WAF requires the prefix). */
  readonly name: string;
  /** Provider in us-east-1: CLOUDFRONT-scope web ACLs and their log groups live there. */
  readonly provider: TerraformProvider;
  /** Requests per client IP per 5 minutes before the rate-based rule blocks. */
  readonly rateLimitPer5Minutes: number;
  /**
   * Hostnames the rate-based rule leaves alone (the origin-facing host: external CDNs come from few IPs).
   * @default []
   */
  readonly rateLimitExemptHosts?: readonly string[];
  /** KMS key (us-east-1) encrypting the log group; its policy must admit CloudWatch Logs in us-east-1. */
  readonly logsKmsKeyArn: string;
  /**
   * Days WAF logs are kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * A CLOUDFRONT-scope WAF web ACL: the AWS managed common, known-bad-inputs and IP-reputation rule groups,
 * a rate-based rule per client IP, CloudWatch metrics, and full logging to an encrypted log group.
 *
 * @example
 * ```ts
 * import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
 * import { EncryptionKey } from '@ott-platform/infra/core';
 * import { EdgeWebAcl } from '@ott-platform/infra/edge';
 *
 * const usEast1 = new AwsProvider(this, 'aws-us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
 * // In us-east-1, with a statement letting CloudWatch Logs there use it (see stacks/edge-stack.ts).
 * const key = new EncryptionKey(this, 'waf-logs-key', { purpose: 'WAF logs', alias: 'trailers-dev-waf-logs' });
 * const waf = new EdgeWebAcl(this, 'waf', { name: 'trailers-dev', provider: usEast1, rateLimitPer5Minutes: 2000, logsKmsKeyArn: key.keyArn });
 * // waf.webAclArn goes into a distribution's web_acl_id.
 * ```
 */
export class EdgeWebAcl extends Construct {
  public readonly webAcl: Wafv2WebAcl;
  public readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    const problem = rateLimitProblem(props.rateLimitPer5Minutes);
    if (problem) throw new PlatformValidationError(this.node.path, `rateLimitPer5Minutes: ${problem}`);
    const retention = props.logRetentionDays ?? 365;
    assertLogRetention(this.node.path, retention);
    const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, metricName: metric, sampledRequestsEnabled: true });
    // `statement` is untyped in the provider bindings (any): written in Terraform's snake_case.
    const managed = MANAGED_RULE_GROUPS.map((group, i) => ({
      name: group,
      priority: i + 1,
      overrideAction: { none: {} },
      statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: group } },
      visibilityConfig: visibility(group),
    }));
    const exempt = props.rateLimitExemptHosts ?? [];
    const hostIs = (host: string) => ({
      byte_match_statement: {
        field_to_match: { single_header: { name: 'host' } }, positional_constraint: 'EXACTLY', search_string: host,
        text_transformation: [{ priority: 0, type: 'LOWERCASE' }],
      },
    });
    const notExempt = exempt.length === 0 ? undefined
      : { not_statement: { statement: exempt.length === 1 ? hostIs(exempt[0]) : { or_statement: { statement: exempt.map(hostIs) } } } };
    const rate = {
      name: 'rate-limit-per-ip',
      priority: managed.length + 1,
      action: { block: {} },
      statement: { rate_based_statement: { limit: props.rateLimitPer5Minutes, aggregate_key_type: 'IP', ...(notExempt ? { scope_down_statement: notExempt } : {}) } },
      visibilityConfig: visibility('rate-limit-per-ip'),
    };
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      provider: props.provider,
      name: props.name,
      description: `${props.name}: managed rules and a per-IP rate limit in front of CloudFront`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rule: [...managed, rate],
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: props.name, sampledRequestsEnabled: true },
    });
    this.webAclArn = this.webAcl.arn;
    const logs = new CloudwatchLogGroup(this, 'logs', {
      provider: props.provider,
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: retention,
      kmsKeyId: props.logsKmsKeyArn,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      provider: props.provider,
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [logs.arn],
      // Never log the token or the CDN secret headers.
      redactedFields: [
        { singleHeader: { name: 'cta-common-access-token' } },
        { singleHeader: { name: 'x-ott-cdn-secret' } },
        { queryString: {} },
      ],
    });
  }
}
