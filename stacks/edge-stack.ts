import { Construct } from 'constructs';
import { TerraformOutput, TerraformProvider, TerraformResource } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudfrontKeyValueStore } from '@cdktf/provider-aws/lib/cloudfront-key-value-store';
import { CloudfrontkeyvaluestoreKey } from '@cdktf/provider-aws/lib/cloudfrontkeyvaluestore-key';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { awsContext } from '../constructs/core/aws-context';
import { EncryptionKey } from '../constructs/core/kms';
import { EdgeAccessLogs } from '../constructs/edge/access-logs';
import { MediaCachePolicies } from '../constructs/edge/cache-policies';
import { EdgeCertificate } from '../constructs/edge/certificate';
import { EdgeFunction } from '../constructs/edge/functions';
import { LogBucketRef, MediaOriginRef } from '../constructs/edge/handles';
import { MediaDistribution } from '../constructs/edge/media-distribution';
import { MediaOriginAccess } from '../constructs/edge/origin-access';
import { TokenSigningKey } from '../constructs/edge/signing-key';
import { CdnSteering } from '../constructs/edge/steering';
import { EdgeWebAcl } from '../constructs/edge/web-acl';
import { EdgeConfig } from '../environments/edge-schema';
import type { EnvironmentContext } from '../plan/context';
import { LayerStack } from './layer-stack';

/** CloudFront takes certificates, CLOUDFRONT-scope web ACLs and their logs from this region only. */
export const CLOUDFRONT_REGION = 'us-east-1';

export interface EdgeStackProps {
  readonly context: EnvironmentContext;
  /** The environment's `edge:` slice. */
  readonly config: EdgeConfig;
  /** The media origin bucket (data layer of the origin region). */
  readonly origin: MediaOriginRef;
  /**
   * A second media origin in another region (origin-group failover).
   * @default - none
   */
  readonly secondaryOrigin?: MediaOriginRef;
  /** The logs bucket of the origin region (CloudFront access logs under `cloudfront/`). */
  readonly logsBucket: LogBucketRef;
}

/** Sets `provider` on every resource and data source under `scope` (constructs without a provider prop). */
function placeIn(scope: Construct, provider: TerraformProvider): void {
  for (const c of scope.node.findAll()) {
    if (c instanceof TerraformResource) c.provider = provider;
  }
}

/**
 * `<env>-global-edge`: CloudFront in front of the media origin with Common Access Token checks at the
 * edge, an origin-facing distribution for the external CDNs, WAF, the DNS-validated certificate,
 * multi-CDN steering in Route 53 and the rotated signing key. The default provider is the origin's
 * region (bucket and key policies, the signing-key secret); an aliased provider in us-east-1 holds what
 * CloudFront requires there.
 */
export class EdgeStack extends LayerStack {
  public readonly mediaDistribution: MediaDistribution;
  public readonly originDistribution: MediaDistribution;
  public readonly keyValueStoreArn: string;
  public readonly signingKey: TokenSigningKey;
  public readonly webAclArn: string;

  constructor(scope: Construct, props: EdgeStackProps) {
    super(scope, { context: props.context, region: 'global', layer: 'edge', providerRegion: props.origin.region });
    const cfg = props.config;
    const name = `${props.context.name}-edge`;
    const ctx = awsContext(this);
    const usEast1 = new AwsProvider(this, 'aws-us-east-1', {
      alias: CLOUDFRONT_REGION,
      region: CLOUDFRONT_REGION,
      ...(props.context.accountId ? { allowedAccountIds: [props.context.accountId] } : {}),
      defaultTags: [{ tags: { ...this.tags } }],
    });

    // KeyValueStore: signing keys (`<kid>`), CDN secrets (`cdn-secret:<id>`), both written only by the
    // rotation function; plus the function's non-secret settings (`cat-config`).
    const kvs = new CloudfrontKeyValueStore(this, 'key-value-store', { provider: usEast1, name, comment: `${name}: CAT keys and CDN secrets (rotated)` });
    this.keyValueStoreArn = kvs.arn;
    new CloudfrontkeyvaluestoreKey(this, 'cat-config', {
      provider: usEast1,
      keyValueStoreArn: kvs.arn,
      key: 'cat-config',
      value: JSON.stringify({ queryParam: cfg.tokenQueryParam, maxTokenLength: 2048, clockSkewSeconds: 0 }),
    });
    const catVerify = new EdgeFunction(this, 'cat-verify', { name: `${name}-cat-verify`, source: 'cat-verify', keyValueStoreArn: kvs.arn, comment: 'Common Access Token check (CTA-5007, COSE_Mac0 HS256)' });
    const originGuard = new EdgeFunction(this, 'origin-guard', { name: `${name}-origin-guard`, source: 'origin-guard', keyValueStoreArn: kvs.arn, comment: 'Per-CDN secret header check' });
    for (const f of [catVerify, originGuard]) placeIn(f, usEast1);

    const certificate = new EdgeCertificate(this, 'certificate', {
      hostnames: [cfg.playbackHostname, cfg.originHostname], zoneName: cfg.hostedZone.name, zoneId: cfg.hostedZone.id, provider: usEast1,
    });

    // WAF logs live in us-east-1, encrypted with a key there that CloudWatch Logs of us-east-1 may use.
    const wafLogsKey = new EncryptionKey(this, 'waf-logs-key', {
      purpose: `${name}: WAF logs`,
      alias: `${name}-waf-logs`,
      additionalStatements: [{
        Sid: 'CloudWatchLogsUse',
        Effect: 'Allow',
        Principal: { Service: `logs.${CLOUDFRONT_REGION}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${ctx.partition}:logs:${CLOUDFRONT_REGION}:${ctx.accountId}:log-group:*` } },
      }],
    });
    placeIn(wafLogsKey, usEast1);
    const waf = new EdgeWebAcl(this, 'waf', {
      name, provider: usEast1, rateLimitPer5Minutes: cfg.rateLimitPer5Minutes, rateLimitExemptHosts: [cfg.originHostname],
      logsKmsKeyArn: wafLogsKey.keyArn, logRetentionDays: cfg.logRetentionDays,
    });
    this.webAclArn = waf.webAclArn;

    const policies = new MediaCachePolicies(this, 'policies', { namePrefix: name, ttl: cfg.ttl, corsAllowedOrigins: cfg.corsAllowedOrigins });
    const common = {
      certificateArn: certificate.certificateArn, webAclArn: waf.webAclArn, origin: props.origin,
      ...(props.secondaryOrigin ? { secondaryOrigin: props.secondaryOrigin } : {}),
      policies, healthCheckPath: cfg.healthCheckPath, priceClass: cfg.priceClass,
    };
    this.mediaDistribution = new MediaDistribution(this, 'media', {
      ...common, name: `${name}-media`, aliases: [cfg.playbackHostname], viewerRequestFunctionArn: catVerify.functionArn,
    });
    this.originDistribution = new MediaDistribution(this, 'origin-facing', {
      ...common, name: `${name}-origin-facing`, aliases: [cfg.originHostname], viewerRequestFunctionArn: originGuard.functionArn,
    });
    const distributionArns = [this.mediaDistribution.distributionArn, this.originDistribution.distributionArn];
    new MediaOriginAccess(this, 'origin-access', { origin: props.origin, distributionArns });
    if (props.secondaryOrigin) {
      // A secondary origin in us-east-1 (the replication layer's usual target) shares CloudFront's aliased
      // provider: Terraform refuses two provider blocks with one alias.
      const secondaryProvider = props.secondaryOrigin.region === CLOUDFRONT_REGION ? usEast1 : new AwsProvider(this, 'aws-secondary-origin', {
        alias: props.secondaryOrigin.region,
        region: props.secondaryOrigin.region,
        ...(props.context.accountId ? { allowedAccountIds: [props.context.accountId] } : {}),
        defaultTags: [{ tags: { ...this.tags } }],
      });
      new MediaOriginAccess(this, 'secondary-origin-access', { origin: props.secondaryOrigin, distributionArns, provider: secondaryProvider });
    }
    new EdgeAccessLogs(this, 'media-access-logs', { name: `${name}-media`, distributionArn: this.mediaDistribution.distributionArn, bucket: props.logsBucket, provider: usEast1 });
    new EdgeAccessLogs(this, 'origin-facing-access-logs', { name: `${name}-origin-facing`, distributionArn: this.originDistribution.distributionArn, bucket: props.logsBucket, provider: usEast1 });

    new CdnSteering(this, 'steering', {
      zoneId: cfg.hostedZone.id,
      playbackHostname: cfg.playbackHostname,
      healthCheckPath: cfg.healthCheckPath,
      cdns: [
        { id: 'cloudfront', hostname: this.mediaDistribution.domainName, weight: cfg.cloudfrontWeight },
        ...Object.entries(cfg.externalCdns).map(([id, c]) => ({ id, hostname: c.hostname, weight: c.weight })),
      ],
    });
    for (const type of ['A', 'AAAA']) {
      new Route53Record(this, `origin-facing-${type.toLowerCase()}`, {
        zoneId: cfg.hostedZone.id,
        name: cfg.originHostname,
        type,
        alias: { name: this.originDistribution.domainName, zoneId: this.originDistribution.hostedZoneId, evaluateTargetHealth: false },
      });
    }

    this.signingKey = new TokenSigningKey(this, 'signing-key', {
      name,
      keyValueStoreArn: kvs.arn,
      cdnIds: Object.keys(cfg.externalCdns),
      rotationDays: cfg.keyRotationDays,
      logRetentionDays: cfg.logRetentionDays,
    });

    new TerraformOutput(this, 'media-distribution-domain-name', { value: this.mediaDistribution.domainName });
    new TerraformOutput(this, 'key-value-store-arn', { value: kvs.arn });
    new TerraformOutput(this, 'cat-signing-key-secret-arn', { value: this.signingKey.secretArn });
  }
}
