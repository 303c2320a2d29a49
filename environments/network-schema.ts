import { z } from 'zod';
import { LOG_RETENTION_DAYS } from '../constructs/core/logs';
import { DEFAULT_INTERFACE_ENDPOINTS } from '../constructs/network/network';

/** `regions.<region>.network`: the VPC around everything else in the region. */
export const networkSchema = z.strictObject({
  /** `perAz` keeps each AZ's egress independent; `single` saves two NAT gateways (development). */
  natGateways: z.enum(['perAz', 'single']).default('perAz'),
  /** Days VPC flow logs are kept in CloudWatch Logs. */
  flowLogRetentionDays: z.number().int()
    .refine((d) => LOG_RETENTION_DAYS.includes(d), { message: `must be one of the retention values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}` })
    .default(365),
  /** Interface endpoint services (after `com.amazonaws.<region>.`). */
  interfaceEndpoints: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be an endpoint service suffix such as ecr.api'))
    .default([...DEFAULT_INTERFACE_ENDPOINTS]),
});
