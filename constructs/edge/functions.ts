import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';

/** The edge's CloudFront Functions, each a plain JavaScript file deployed byte for byte. */
export type EdgeFunctionSource = 'cat-verify' | 'origin-guard';

/** Path of a CloudFront Function's source file (the file the tests run). */
export function edgeFunctionFile(source: EdgeFunctionSource): string {
  return path.join(__dirname, 'functions', `${source}.js`);
}

/** CloudFront Functions code limit, bytes (CloudFront quotas: 10 KB per function). */
export const MAX_FUNCTION_CODE_BYTES = 10240;

export interface EdgeFunctionProps {
  /** Function name (unique in the account). */
  readonly name: string;
  /** Which source file. */
  readonly source: EdgeFunctionSource;
  /** ARN of the KeyValueStore the function reads. */
  readonly keyValueStoreArn: string;
  /**
   * Comment shown in the console.
   * @default - the source name
   */
  readonly comment?: string;
}

/**
 * A viewer-request CloudFront Function on JavaScript runtime 2.0 (versions.md addendum 2026-12-01:
 * `crypto` and `cloudfront` KeyValueStore modules) whose code is the repository file unchanged,
 * published, with its KeyValueStore associated.
 *
 * @example
 * ```ts
 * import { CloudfrontKeyValueStore } from '@cdktf/provider-aws/lib/cloudfront-key-value-store';
 * import { EdgeFunction } from '@ott-platform/infra/edge';
 *
 * const kvs = new CloudfrontKeyValueStore(this, 'kvs', { name: 'trailers-dev' });
 * const verify = new EdgeFunction(this, 'cat-verify', { name: 'trailers-dev-cat-verify', source: 'cat-verify', keyValueStoreArn: kvs.arn });
 * // verify.functionArn goes into a cache behaviour's function_association (viewer-request).
 * ```
 */
export class EdgeFunction extends Construct {
  public readonly function: CloudfrontFunction;
  /** ARN of the published function, for `function_association`. */
  public readonly functionArn: string;
  /** The code as deployed (the file's bytes). */
  public readonly code: string;

  constructor(scope: Construct, id: string, props: EdgeFunctionProps) {
    super(scope, id);
    this.code = fs.readFileSync(edgeFunctionFile(props.source), 'utf8');
    const size = Buffer.byteLength(this.code, 'utf8');
    if (size > MAX_FUNCTION_CODE_BYTES) throw new Error(`${edgeFunctionFile(props.source)} is ${size} bytes; CloudFront Functions accept at most ${MAX_FUNCTION_CODE_BYTES}`);
    this.function = new CloudfrontFunction(this, 'function', {
      name: props.name,
      runtime: 'cloudfront-js-2.0',
      comment: props.comment ?? props.source,
      code: this.code,
      publish: true,
      keyValueStoreAssociations: [props.keyValueStoreArn],
    });
    this.functionArn = this.function.arn;
  }
}
