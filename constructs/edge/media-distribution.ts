import { Construct } from 'constructs';
import { CloudfrontDistribution, CloudfrontDistributionOrderedCacheBehavior } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { PlatformValidationError } from '../core/errors';
import { MediaCachePolicies, MediaContent } from './cache-policies';
import { MediaOriginRef } from './handles';

/** Path patterns of the media behaviours (seed 003 §5 segment naming `/{content-type}/{id}/{profile}/{n}.m4s`). */
export const MEDIA_BEHAVIOURS: readonly { readonly pathPattern: string; readonly content: MediaContent }[] = [
  { pathPattern: '/vod/*.m4s', content: 'vodSegments' },
  { pathPattern: '/live/*.m4s', content: 'liveSegments' },
  { pathPattern: '*.m3u8', content: 'manifests' },
  { pathPattern: '*.mpd', content: 'manifests' },
];

/** CloudFront's managed CachingDisabled cache policy (AWS-managed, same id in every account). */
const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

export interface MediaDistributionProps {
  /** Name used for the OAC and the comment. */
  readonly name: string;
  /** Alternate domain names (covered by the certificate). */
  readonly aliases: readonly string[];
  /** ACM certificate in us-east-1 covering the aliases. */
  readonly certificateArn: string;
  /** CLOUDFRONT-scope WAF web ACL ARN. */
  readonly webAclArn: string;
  /** The media origin bucket; origin shield runs in its region. */
  readonly origin: MediaOriginRef;
  /**
   * A second origin bucket (another region) the origin group fails over to on 5xx/403/404.
   * @default - no origin group
   */
  readonly secondaryOrigin?: MediaOriginRef;
  /** The cache, origin-request and response-headers policies of the media behaviours. */
  readonly policies: MediaCachePolicies;
  /** ARN of the viewer-request function on every media behaviour and the default behaviour. */
  readonly viewerRequestFunctionArn: string;
  /** Path served without the function (Route 53 health checks), e.g. `/health/cdn.txt`. */
  readonly healthCheckPath: string;
  /**
   * CloudFront price class.
   * @default 'PriceClass_All'
   */
  readonly priceClass?: string;
}

/**
 * A CloudFront distribution in front of the S3 media origin through origin access control: HTTPS only
 * (TLSv1.2_2021 on an SNI certificate), HTTP/2 and HTTP/3, origin shield in the origin's region, one
 * ordered behaviour per kind of media with its own policies and the viewer-request function, a
 * function-free health-check path, WAF, and an origin group when a second origin region exists.
 * Access logs use CloudFront standard logging v2 (see EdgeAccessLogs): the legacy S3 ACL logging cannot
 * write into buckets with ACLs disabled.
 *
 * @example
 * ```ts
 * import { MediaCachePolicies, MediaDistribution } from '@ott-platform/infra/edge';
 *
 * const ttl = { minSeconds: 0, defaultSeconds: 1, maxSeconds: 2 };
 * const policies = new MediaCachePolicies(this, 'policies', { namePrefix: 'trailers-dev', ttl: { vodSegments: ttl, liveSegments: ttl, manifests: ttl } });
 * const media = new MediaDistribution(this, 'media', {
 *   name: 'trailers-dev-media',
 *   aliases: ['play.example.tv'],
 *   certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc', // an EdgeCertificate
 *   webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/trailers-dev/abc', // an EdgeWebAcl
 *   origin: {
 *     bucketName: 'trailers-dev-media', bucketArn: 'arn:aws:s3:::trailers-dev-media',
 *     regionalDomainName: 'trailers-dev-media.s3.eu-west-1.amazonaws.com', region: 'eu-west-1',
 *     kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
 *   },
 *   policies,
 *   viewerRequestFunctionArn: 'arn:aws:cloudfront::111122223333:function/trailers-dev-cat-verify', // an EdgeFunction
 *   healthCheckPath: '/health/cdn.txt',
 * });
 * // Then a MediaOriginAccess naming media.distributionArn.
 * ```
 */
export class MediaDistribution extends Construct {
  public readonly distribution: CloudfrontDistribution;
  public readonly distributionArn: string;
  /** `dxxxx.cloudfront.net`. */
  public readonly domainName: string;
  public readonly hostedZoneId: string;

  constructor(scope: Construct, id: string, props: MediaDistributionProps) {
    super(scope, id);
    if (props.aliases.length === 0) throw new PlatformValidationError(this.node.path, 'aliases: at least one hostname is needed (the certificate covers it)');
    if (props.secondaryOrigin && props.secondaryOrigin.region === props.origin.region) {
      throw new PlatformValidationError(this.node.path, `secondaryOrigin must be in another region than ${props.origin.region}`);
    }
    const oac = new CloudfrontOriginAccessControl(this, 'oac', {
      name: props.name,
      description: `${props.name}: SigV4-signed requests to the media origin`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const s3Origin = (originId: string, o: MediaOriginRef) => ({
      originId,
      domainName: o.regionalDomainName,
      originAccessControlId: oac.id,
      // Origin shield in the bucket's own region: one regional cache in front of S3 (seed 003 §5 topology).
      originShield: { enabled: true, originShieldRegion: o.region },
      connectionAttempts: 3,
      connectionTimeout: 5,
    });
    const origins = [s3Origin('media-origin', props.origin)];
    let target = 'media-origin';
    const originGroup = [];
    if (props.secondaryOrigin) {
      origins.push(s3Origin('media-origin-secondary', props.secondaryOrigin));
      target = 'media-origins';
      originGroup.push({
        originId: target,
        failoverCriteria: { statusCodes: [500, 502, 503, 504, 403, 404] },
        member: [{ originId: 'media-origin' }, { originId: 'media-origin-secondary' }],
      });
    }
    const fn = [{ eventType: 'viewer-request', functionArn: props.viewerRequestFunctionArn }];
    const base = (content: MediaContent): Omit<CloudfrontDistributionOrderedCacheBehavior, 'pathPattern'> => ({
      targetOriginId: target,
      viewerProtocolPolicy: 'https-only',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      cachedMethods: ['GET', 'HEAD'],
      compress: content === 'manifests',
      cachePolicyId: props.policies.cachePolicyIds[content],
      originRequestPolicyId: props.policies.originRequestPolicyIds[content],
      responseHeadersPolicyId: props.policies.responseHeadersPolicyId,
      functionAssociation: fn,
    });
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: props.name,
      aliases: [...props.aliases],
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? 'PriceClass_All',
      webAclId: props.webAclArn,
      origin: origins,
      ...(originGroup.length > 0 ? { originGroup } : {}),
      orderedCacheBehavior: [
        {
          pathPattern: props.healthCheckPath,
          targetOriginId: target,
          viewerProtocolPolicy: 'https-only',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          cachePolicyId: CACHING_DISABLED_POLICY_ID,
          responseHeadersPolicyId: props.policies.responseHeadersPolicyId,
        },
        ...MEDIA_BEHAVIOURS.map((b) => ({ pathPattern: b.pathPattern, ...base(b.content) })),
      ],
      // Everything else (init segments, keys, images) also needs a token.
      defaultCacheBehavior: base('vodSegments'),
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: { acmCertificateArn: props.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    });
    this.distributionArn = this.distribution.arn;
    this.domainName = this.distribution.domainName;
    this.hostedZoneId = this.distribution.hostedZoneId;
  }
}
