/**
 * AWS commercial regions this library can place a VPC in, with the Availability Zone IDs usable for a
 * new workload there.
 *
 * AZ IDs (not names) are used because they name the same physical zone in every account, while
 * `us-east-1a` differs per account (AWS "AZ IDs", docs.aws.amazon.com/global-infrastructure/latest/
 * regions/az-ids.html). Zones that new accounts cannot use or that lack Nitro instance types are left
 * out: use1-az3 (no Nitro, wolfman.dev/posts/exclude-use1-az3, 2021), usw1-az2 and apne1-az3 (closed
 * to new accounts), cac1-az3 (not offered). Check an account with
 * `aws ec2 describe-availability-zones --region <r> --query 'AvailabilityZones[].ZoneId'`.
 */
export const AWS_REGIONS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['use1-az1', 'use1-az2', 'use1-az4', 'use1-az5', 'use1-az6'],
  'us-east-2': ['use2-az1', 'use2-az2', 'use2-az3'],
  'us-west-1': ['usw1-az1', 'usw1-az3'],
  'us-west-2': ['usw2-az1', 'usw2-az2', 'usw2-az3', 'usw2-az4'],
  'ca-central-1': ['cac1-az1', 'cac1-az2', 'cac1-az4'],
  'sa-east-1': ['sae1-az1', 'sae1-az2', 'sae1-az3'],
  'eu-west-1': ['euw1-az1', 'euw1-az2', 'euw1-az3'],
  'eu-west-2': ['euw2-az1', 'euw2-az2', 'euw2-az3'],
  'eu-west-3': ['euw3-az1', 'euw3-az2', 'euw3-az3'],
  'eu-central-1': ['euc1-az1', 'euc1-az2', 'euc1-az3'],
  'eu-north-1': ['eun1-az1', 'eun1-az2', 'eun1-az3'],
  'eu-south-1': ['eus1-az1', 'eus1-az2', 'eus1-az3'],
  'ap-south-1': ['aps1-az1', 'aps1-az2', 'aps1-az3'],
  'ap-southeast-1': ['apse1-az1', 'apse1-az2', 'apse1-az3'],
  'ap-southeast-2': ['apse2-az1', 'apse2-az2', 'apse2-az3'],
  'ap-northeast-1': ['apne1-az1', 'apne1-az2', 'apne1-az4'],
  'ap-northeast-2': ['apne2-az1', 'apne2-az2', 'apne2-az3', 'apne2-az4'],
  'ap-northeast-3': ['apne3-az1', 'apne3-az2', 'apne3-az3'],
};

/** Names of the regions in {@link AWS_REGIONS}. */
export const AWS_REGION_NAMES: readonly string[] = Object.keys(AWS_REGIONS);

/** True when `name` is a region this library knows. */
export function isKnownRegion(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(AWS_REGIONS, name);
}

/** The first `count` usable AZ IDs of a region; throws when the region has fewer. */
export function availabilityZoneIds(region: string, count: number): string[] {
  const zones = AWS_REGIONS[region];
  if (!zones) throw new Error(`unknown region '${region}'; known regions: ${AWS_REGION_NAMES.join(', ')}`);
  if (count > zones.length) {
    throw new Error(`${region} offers ${zones.length} usable Availability Zones (${zones.join(', ')}); ${count} requested`);
  }
  return zones.slice(0, count);
}
