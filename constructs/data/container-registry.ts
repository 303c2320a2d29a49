import { Construct } from 'constructs';
import { awsContext } from '../core/aws-context';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { PlatformValidationError } from '../core/errors';
import { EncryptionKey } from '../core/kms';
import { GrantRole, GrantTarget, grantStatements } from './grants';

export interface ContainerRepositoryProps {
  /** Repository name, e.g. `production/catalog`. */
  readonly repositoryName: string;
  /**
   * KMS key ARN for image encryption.
   * @default - a new customer-managed key with rotation
   */
  readonly kmsKeyArn?: string;
  /**
   * Tagged images kept (older ones expire).
   * @default 200
   */
  readonly keepImages?: number;
  /**
   * Days untagged images (build leftovers) are kept.
   * @default 14
   */
  readonly untaggedExpiryDays?: number;
  /**
   * Let `terraform destroy` delete a repository that still holds images (development only).
   * @default false
   */
  readonly forceDelete?: boolean;
  /**
   * Tags on the repository (e.g. `service`).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What a workload needs of a repository: its name and the URL images are pulled from. */
export interface ContainerRepositoryRef {
  readonly repositoryName: string;
  /** `<account>.dkr.ecr.<region>.<dns suffix>/<name>`. */
  readonly repositoryUrl: string;
}

/**
 * A repository that ECR replication creates in another region under the same name (docs/replication.md
 * "Registry"): the image URL is that region's registry. `scope` is a construct of that region's stack
 * (its account and region give the URL); nothing is created.
 */
export function replicatedRepositoryRef(scope: Construct, repositoryName: string): ContainerRepositoryRef {
  const ctx = awsContext(scope);
  return { repositoryName, repositoryUrl: `${ctx.accountId}.dkr.ecr.${ctx.region}.${ctx.dnsSuffix}/${repositoryName}` };
}

/**
 * An ECR repository for one service: immutable tags (an image tag is a git SHA and never moves), scan
 * on push, KMS encryption with a customer-managed key, and a lifecycle policy that expires untagged
 * images and keeps the newest N tagged ones.
 *
 * @example
 * ```ts
 * import { ContainerRepository } from '@ott-platform/infra/data';
 *
 * const repo = new ContainerRepository(this, 'ecr-inference-server', {
 *   repositoryName: 'ml-serving/inference-server',
 *   keepImages: 50,
 *   tags: { service: 'inference-server' },
 * });
 * repo.grantPull({ roleName: 'inference-dev-node' }); // push from CI with repo.repositoryUrl:<git sha>
 * ```
 */
export class ContainerRepository extends Construct implements ContainerRepositoryRef {
  /** The `aws_ecr_repository` resource. */
  public readonly repository: EcrRepository;
  /** Repository name. */
  public readonly repositoryName: string;
  /** Repository ARN. */
  public readonly repositoryArn: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  public readonly repositoryUrl: string;
  /** The key encrypting images. */
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: ContainerRepositoryProps) {
    super(scope, id);
    const where = this.node.path;
    if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(props.repositoryName) || props.repositoryName.length > 256) {
      throw new PlatformValidationError(where, `repositoryName '${props.repositoryName}' is not a valid ECR repository name (lower-case path segments of letters, digits, '.', '_', '-')`);
    }
    const keep = props.keepImages ?? 200;
    const untagged = props.untaggedExpiryDays ?? 14;
    if (!Number.isInteger(keep) || keep < 1) throw new PlatformValidationError(where, `keepImages must be a positive integer, got ${keep}`);
    if (!Number.isInteger(untagged) || untagged < 1) throw new PlatformValidationError(where, `untaggedExpiryDays must be a positive integer, got ${untagged}`);
    this.kmsKeyArn = props.kmsKeyArn ?? new EncryptionKey(this, 'key', { purpose: `ECR ${props.repositoryName}`, alias: `ecr-${props.repositoryName.replace(/\//g, '-')}` }).keyArn;
    this.repository = new EcrRepository(this, 'repository', {
      name: props.repositoryName,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: this.kmsKeyArn }],
      forceDelete: props.forceDelete ?? false,
      tags: { ...(props.tags ?? {}) },
    });
    this.repositoryName = this.repository.name;
    this.repositoryArn = this.repository.arn;
    this.repositoryUrl = this.repository.repositoryUrl;
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${untagged} days`,
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untagged },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the newest ${keep} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }

  /** Lets `role` pull images (plus the registry-wide `ecr:GetAuthorizationToken`, which only exists on `*`). */
  public grantPull(role: GrantRole | GrantTarget): void {
    grantStatements(this, role, `ecr-pull-${this.node.id}`, [
      { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'], Resource: [this.repositoryArn] },
      { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
    ]);
  }
}
