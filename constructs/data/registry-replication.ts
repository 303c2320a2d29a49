import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { EcrReplicationConfiguration } from '@cdktf/provider-aws/lib/ecr-replication-configuration';
import { awsContext } from '../core/aws-context';
import { PlatformValidationError } from '../core/errors';

export interface RegistryReplicationProps {
  /**
   * Repository name prefix replicated (ECR `PREFIX_MATCH`), e.g. `production/`: the environment's
   * repositories only, never another environment's in the same registry.
   */
  readonly repositoryPrefix: string;
  /** Regions receiving the images (other than the registry's own). */
  readonly destinationRegions: readonly string[];
  /** The registry's region (a destination equal to it is refused). */
  readonly sourceRegion: string;
  /**
   * Provider of the source registry's region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/** Why `prefix` cannot scope a registry replication rule (undefined when it can): an environment's `<name>/` prefix, no wildcard. */
export function registryPrefixProblem(prefix: string): string | undefined {
  return /^[a-z0-9][a-z0-9._-]*\/$/.test(prefix) ? undefined : `repository prefix '${prefix}' must be lower-case letters, digits, '.', '_' or '-' ending in '/' (the environment's repositories, e.g. 'production/')`;
}

/**
 * ECR private registry replication of the repositories under one prefix to other regions (a replicated
 * repository is created in the destination on the first push; each destination encrypts with its own
 * region's AWS-managed ECR key unless a repository creation template says otherwise).
 *
 * A registry has ONE replication configuration per account and region (`aws_ecr_replication_configuration`
 * replaces it whole): two environments sharing an account and source region must not each declare one.
 * The platform gives every environment that replicates its own account (`accountId` in its YAML) or
 * accepts that the last apply wins; the rule's prefix filter keeps the rule itself to one environment.
 *
 * @example
 * ```ts
 * import { RegistryReplication } from '@ott-platform/infra/data';
 *
 * new RegistryReplication(this, 'images', { repositoryPrefix: 'inference-prod/', sourceRegion: 'eu-west-1', destinationRegions: ['us-east-1'] });
 * ```
 */
export class RegistryReplication extends Construct {
  public readonly configuration: EcrReplicationConfiguration;

  constructor(scope: Construct, id: string, props: RegistryReplicationProps) {
    super(scope, id);
    const fail = (msg: string): never => { throw new PlatformValidationError(this.node.path, msg); };
    const prefixProblem = registryPrefixProblem(props.repositoryPrefix);
    if (prefixProblem) fail(prefixProblem);
    if (props.destinationRegions.length === 0) fail('at least one destination region');
    if (props.destinationRegions.includes(props.sourceRegion)) fail(`destination ${props.sourceRegion} is the registry's own region`);
    if (new Set(props.destinationRegions).size !== props.destinationRegions.length) fail(`destination regions repeat: ${props.destinationRegions.join(', ')}`);
    const ctx = awsContext(this);
    this.configuration = new EcrReplicationConfiguration(this, 'configuration', {
      ...(props.provider ? { provider: props.provider } : {}),
      replicationConfiguration: {
        rule: [{
          destination: props.destinationRegions.map((region) => ({ region, registryId: ctx.accountId })),
          repositoryFilter: [{ filter: props.repositoryPrefix, filterType: 'PREFIX_MATCH' }],
        }],
      },
    });
  }
}
