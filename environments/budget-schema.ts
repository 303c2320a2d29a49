import { z } from 'zod';

/**
 * `budget`: the monthly spend an environment is planned for, compared by `npm run cost` with the
 * infrastructure estimate of its synthesized stacks (tools/cost). The estimate cannot see usage-based
 * costs (CDN bandwidth, S3/EFS bytes stored, data transfer), so the part of the budget reserved for
 * them is stated here and the estimate is compared with the rest.
 */
export const budgetSchema = z.strictObject({
  /** Planned total monthly spend in USD (seed 003 §10: production phase 1 about $110,000). */
  monthlyUsd: z.number().positive(),
  /**
   * Part of `monthlyUsd` reserved for usage-based costs the estimate cannot see (seed 003 §10 phase 1:
   * CDN bandwidth $30,000 + storage $5,000). The estimate is compared with monthlyUsd - usageAllowanceUsd.
   */
  usageAllowanceUsd: z.number().min(0).default(0),
  /** Percentage of the infrastructure budget above which `npm run cost` warns (it fails above 100%). */
  alertThresholdPercent: z.number().int().min(1).max(100).default(80),
  /**
   * Where `monthlyUsd` comes from, by named part (e.g. seed 003's phase-1 platform target and seed 000's GPU
   * fleet). When given, the parts must add up to `monthlyUsd`; the cost report prints them.
   */
  components: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a kebab-case name'), z.number().positive()).optional(),
}).refine((b) => b.usageAllowanceUsd < b.monthlyUsd, { message: 'usageAllowanceUsd must be smaller than monthlyUsd', path: ['usageAllowanceUsd'] })
  .refine((b) => !b.components || Math.abs(Object.values(b.components).reduce((n, v) => n + v, 0) - b.monthlyUsd) < 0.01, {
    message: 'the components must add up to monthlyUsd', path: ['components'],
  });

export type BudgetConfig = z.output<typeof budgetSchema>;
