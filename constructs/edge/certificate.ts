import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { PlatformValidationError } from '../core/errors';
import { hostInZoneProblem } from './rules';

export interface EdgeCertificateProps {
  /** Names on the certificate; the first is the subject. */
  readonly hostnames: readonly string[];
  /** Route 53 zone (name and id) holding the validation records. */
  readonly zoneName: string;
  /** Route 53 hosted zone id of `zoneName`. */
  readonly zoneId: string;
  /** Provider in us-east-1: CloudFront takes certificates from there only. */
  readonly provider: TerraformProvider;
}

/** An ACM certificate in us-east-1 for CloudFront, validated through DNS records in the zone. *
 * @example
 * ```ts
 * import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
 * import { EdgeCertificate } from '@ott-platform/infra/edge';
 *
 * const usEast1 = new AwsProvider(this, 'aws-us-east-1', { region: 'us-east-1', alias: 'us-east-1' });
 * const cert = new EdgeCertificate(this, 'certificate', {
 *   hostnames: ['play.example.tv', 'origin.example.tv'],
 *   zoneName: 'example.tv',
 *   zoneId: 'Z0123456789ABCDEFGHIJ',
 *   provider: usEast1,
 * });
 * // cert.certificateArn goes into a distribution's viewer_certificate.
 * ```
 */
export class EdgeCertificate extends Construct {
  /** ARN of the validated certificate (waits for validation). */
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: EdgeCertificateProps) {
    super(scope, id);
    const names = [...new Set(props.hostnames)];
    if (names.length === 0) throw new PlatformValidationError(this.node.path, 'hostnames: at least one name is needed');
    for (const n of names) {
      const p = hostInZoneProblem(n, props.zoneName);
      if (p) throw new PlatformValidationError(this.node.path, `hostnames: ${p}`);
    }
    const cert = new AcmCertificate(this, 'certificate', {
      provider: props.provider,
      domainName: names[0],
      subjectAlternativeNames: names.slice(1),
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      lifecycle: { createBeforeDestroy: true },
    });
    // One validation record per name; domain_validation_options is a set ordered by domain name.
    const records = names.map((_, i) => {
      const opt = cert.domainValidationOptions.get(i);
      return new Route53Record(this, `validation-${i}`, {
        zoneId: props.zoneId,
        name: opt.resourceRecordName,
        type: opt.resourceRecordType,
        records: [opt.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      });
    });
    this.certificateArn = new AcmCertificateValidation(this, 'validation', {
      provider: props.provider,
      certificateArn: cert.arn,
      validationRecordFqdns: records.map((r) => r.fqdn),
    }).certificateArn;
  }
}
