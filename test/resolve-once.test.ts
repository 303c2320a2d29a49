import * as fs from 'fs';
import { App, Aspects, Fn, IAspect, Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { loadAllEnvironments } from '../environments/load';
import { buildEnvironment } from '../stacks/environment';
import { withoutTokenTraces } from '../stacks/app';
import { ResolveOnceStack } from '../stacks/resolve-once-stack';
import { tempDir } from './helpers';

/** cdktf 0.21's own TerraformStack#toTerraform (three resolve passes), for comparison. */
const cdktfToTerraform = (stack: TerraformStack): unknown => TerraformStack.prototype.toTerraform.call(stack);

function stacksOf(app: App): ResolveOnceStack[] {
  return app.node.findAll().filter((c): c is ResolveOnceStack => c instanceof ResolveOnceStack);
}

test('every stack of every environment: the once-resolved JSON equals what cdktf resolves itself', () => {
  const outdir = tempDir('resolve-once-');
  try {
    const app = new App({ outdir });
    // Without cdktf's per-token stack traces, as the app synthesizes (stacks/app.ts): they never reach the JSON,
    // and formatting them was ~5 s of this test's CPU.
    withoutTokenTraces(() => {
      for (const env of loadAllEnvironments()) buildEnvironment(app, env);
      app.synth();
    });
    const stacks = stacksOf(app);
    expect(stacks.length).toBeGreaterThanOrEqual(11);
    withoutTokenTraces(() => {
      for (const stack of stacks) {
        const expected = cdktfToTerraform(stack);
        stack.prepareStack(); // the preparing pass is idempotent: cross-stack references are registered already
        expect(stack.toTerraform()).toStrictEqual(expected); // from the preparing pass's results
      }
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('stack-level overrides with tokens, cross-stack references, lazy values and escapes resolve as cdktf does', () => {
  const outdir = tempDir('resolve-once-');
  try {
    const app = new App({ outdir });
    const a = new ResolveOnceStack(app, 'a');
    const b = new ResolveOnceStack(app, 'b');
    for (const s of [a, b]) new AwsProvider(s, 'aws', { region: 'eu-west-1' });
    const bucket = new S3Bucket(a, 'bucket', { bucketPrefix: 'x-${literal}-', tags: { n: Lazy.stringValue({ produce: () => 'lazy' }) } });
    new S3Bucket(b, 'other', { bucket: Fn.join('-', [bucket.bucket, 'copy']), forceDestroy: true, tags: { e: 'ami-0e1f' } });
    new TerraformOutput(b, 'out', { value: [bucket.arn, 12, Lazy.numberValue({ produce: () => 3 })] });
    b.addOverride('terraform.required_providers.aws.version', Lazy.stringValue({ produce: () => '6.25.0' }));
    b.addOverride('locals.removed', undefined);
    app.synth();
    for (const stack of [a, b]) {
      const expected = cdktfToTerraform(stack);
      stack.prepareStack();
      expect(stack.toTerraform()).toStrictEqual(expected);
    }
    const written = JSON.parse(fs.readFileSync(`${outdir}/stacks/b/cdk.tf.json`, 'utf8'));
    expect(written.terraform.required_providers.aws.version).toBe('6.25.0');
    expect(written.data.terraform_remote_state).toBeDefined(); // the cross-stack reference was found in the preparing pass
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

test('a stack with aspects is left to cdktf (aspects run after the preparing pass and may change elements)', () => {
  const outdir = tempDir('resolve-once-');
  try {
    const app = new App({ outdir });
    const stack = new ResolveOnceStack(app, 's');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new S3Bucket(stack, 'bucket', { bucket: 'before' });
    const rename: IAspect = { visit: (node: IConstruct) => { if (node instanceof S3Bucket) node.bucket = 'after'; } };
    Aspects.of(stack).add(rename);
    app.synth();
    const written = JSON.parse(fs.readFileSync(`${outdir}/stacks/s/cdk.tf.json`, 'utf8'));
    expect(written.resource.aws_s3_bucket.bucket.bucket).toBe('after');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
