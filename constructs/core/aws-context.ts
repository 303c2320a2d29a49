import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';

/** Account, partition and region of the stack a construct lives in, as Terraform references. */
export interface AwsContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** DNS suffix of the partition's service endpoints (`amazonaws.com`). */
  readonly dnsSuffix: string;
}

const CONTEXT_ID = 'aws-context';

/**
 * Returns the account id, partition and region of `scope`'s stack. The three data sources are created
 * once per stack (under a fixed id) and shared by every construct that asks, so key and IAM policies
 * never hard-code an account or partition.
 */
export function awsContext(scope: Construct): AwsContext {
  const stack = TerraformStack.of(scope);
  let holder = stack.node.tryFindChild(CONTEXT_ID) as Construct | undefined;
  if (!holder) {
    holder = new Construct(stack, CONTEXT_ID);
    new DataAwsCallerIdentity(holder, 'caller');
    new DataAwsPartition(holder, 'partition');
    new DataAwsRegion(holder, 'region');
  }
  const caller = holder.node.findChild('caller') as DataAwsCallerIdentity;
  const partition = holder.node.findChild('partition') as DataAwsPartition;
  const region = holder.node.findChild('region') as DataAwsRegion;
  return { accountId: caller.accountId, partition: partition.partition, region: region.region, dnsSuffix: partition.dnsSuffix };
}
