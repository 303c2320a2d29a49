import { IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';

/**
 * The one place that raises a stack's hashicorp/aws version constraint above the prebuilt bindings'
 * pin (@cdktf/provider-aws 21.22.1 writes `version = "6.25.0"`). Every escape-hatch resource calls it
 * from its constructor, so a stack that uses one always asks Terraform for a provider that has it.
 */

/** Major version the prebuilt bindings target; the constraint never lets Terraform jump a major. */
export const AWS_PROVIDER_MAJOR = 6;

const required = new WeakMap<TerraformStack, string>();

function compare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}

/** The constraint written for a minimum version, e.g. `>= 6.38.0, < 7.0.0`. */
export function awsProviderConstraint(minVersion: string): string {
  return `>= ${minVersion}, < ${AWS_PROVIDER_MAJOR + 1}.0.0`;
}

/**
 * Makes `scope`'s stack require hashicorp/aws >= `minVersion` (within the current major). Several calls
 * keep the highest minimum. Returns the constraint now in force.
 */
export function requireAwsProviderVersion(scope: IConstruct, minVersion: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(minVersion) || Number(minVersion.split('.')[0]) !== AWS_PROVIDER_MAJOR) {
    throw new Error(`requireAwsProviderVersion: '${minVersion}' is not a ${AWS_PROVIDER_MAJOR}.x.y version`);
  }
  const stack = TerraformStack.of(scope);
  const current = required.get(stack);
  const min = current && compare(current, minVersion) >= 0 ? current : minVersion;
  required.set(stack, min);
  const constraint = awsProviderConstraint(min);
  stack.addOverride('terraform.required_providers.aws.version', constraint);
  return constraint;
}

/** The minimum hashicorp/aws version a stack was raised to, if any escape hatch raised it. */
export function requiredAwsProviderVersion(scope: IConstruct): string | undefined {
  return required.get(TerraformStack.of(scope));
}
