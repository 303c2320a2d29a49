import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { ResolveOnceStack } from './resolve-once-stack';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PLATFORM_TAG_KEYS } from '../constructs/core/tags';
import type { BackendPlan, EnvironmentContext } from '../plan/context';
import { Layer, stackName } from './naming';

export interface LayerStackProps {
  /** The environment's name, phase, scale, tags, account and backend (plan/context.ts). */
  readonly context: EnvironmentContext;
  /** AWS region, or `global` for a global layer (provider in the primary region). */
  readonly region: string;
  readonly layer: Layer;
  /** Region the AWS provider targets; defaults to `region` (required for global stacks). */
  readonly providerRegion?: string;
}

/**
 * Base of every stack: names it `<env>-<region>-<layer>`, configures the AWS provider with the
 * platform's default tags (and the allowed account when the environment names one), and the backend:
 * S3 with Terraform's native lock file when the environment names a state bucket, otherwise a local
 * state file addressed relative to the stack's working directory (never an absolute path).
 */
export class LayerStack extends ResolveOnceStack {
  public readonly context: EnvironmentContext;
  public readonly region: string;
  public readonly layer: Layer;
  public readonly stackName: string;
  /** Tags every resource of the stack carries (via the provider's default_tags). */
  public readonly tags: Readonly<Record<string, string>>;
  public readonly provider: AwsProvider;

  constructor(scope: Construct, props: LayerStackProps) {
    const env = props.context;
    const name = stackName(env.name, props.region, props.layer);
    super(scope, name);
    this.context = env;
    this.region = props.region;
    this.layer = props.layer;
    this.stackName = name;
    const providerRegion = props.providerRegion ?? props.region;
    this.tags = {
      ...env.tags,
      environment: env.name,
      region: props.region,
      layer: props.layer,
      'cost-center': env.costCenter,
      'managed-by': 'cdktf',
    } satisfies Record<(typeof PLATFORM_TAG_KEYS)[number], string>;
    this.provider = new AwsProvider(this, 'aws', {
      region: providerRegion,
      ...(env.accountId ? { allowedAccountIds: [env.accountId] } : {}),
      defaultTags: [{ tags: { ...this.tags } }],
    });
    configureBackend(this, env.backend, name);
  }
}

/** Relative path from `cdktf.out/stacks/<stack>/` (Terraform's working directory) to the project root. */
const STACK_DIR_TO_PROJECT_ROOT = '../../..';

function configureBackend(stack: TerraformStack, remote: BackendPlan | undefined, name: string): void {
  if (remote) {
    const backend = new S3Backend(stack, {
      bucket: remote.bucket,
      key: `${remote.keyPrefix}/${name}.tfstate`,
      region: remote.region,
      encrypt: true,
    });
    // cdktf 0.21's S3Backend has no typed `use_lockfile` (Terraform >= 1.11 native S3 locking).
    backend.addOverride('use_lockfile', true);
  } else {
    new LocalBackend(stack, { path: `${STACK_DIR_TO_PROJECT_ROOT}/terraform.${name}.tfstate` });
  }
}
