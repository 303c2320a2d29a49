/**
 * The price table resolved for lookups: FROM_US_EAST_1 markers become derived rows, every row is
 * checked (positive number, known source, a derivation for non-verified rows), and a missing price is
 * an error that names the service, the type and the region, never $0.
 */
import { z } from 'zod';
import {
  Confidence, EC2_HOURLY, ELASTICACHE_HOURLY, MSK_HOURLY, OTHER, Price, PRICE_SOURCES, PRICES_AS_OF, PriceEntry,
  RATIO_BASIS, RDS_HOURLY, RegionalPrices, STORAGE_GB_MONTH,
} from './prices';

/** Price blocks by service: `ec2` and the others are keyed by AWS type name, `storage`/`other` by item. */
export type Service = 'ec2' | 'rds' | 'elasticache' | 'msk' | 'storage' | 'other';

export interface PriceRow extends Price {
  readonly service: Service;
  readonly key: string;
  readonly region: string;
}

/** A price the table does not have. */
export interface MissingPrice {
  readonly service: Service;
  readonly key: string;
  readonly region: string;
}

export class PriceTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceTableError';
  }
}

export interface ResolvedPriceTable {
  readonly asOf: string;
  readonly ratios: { readonly ec2: number; readonly pFamily: number };
  readonly rows: readonly PriceRow[];
  /** The row, or undefined when missing (`global` rows match any region). */
  find(service: Service, key: string, region: string): PriceRow | undefined;
}

export interface RawPriceTable {
  readonly ec2: Readonly<Record<string, RegionalPrices>>;
  readonly rds: Readonly<Record<string, RegionalPrices>>;
  readonly elasticache: Readonly<Record<string, RegionalPrices>>;
  readonly msk: Readonly<Record<string, RegionalPrices>>;
  readonly storage: Readonly<Record<string, RegionalPrices>>;
  readonly other: Readonly<Record<string, RegionalPrices>>;
}

/** The checked-in table. */
export const RAW_PRICE_TABLE: RawPriceTable = {
  ec2: EC2_HOURLY, rds: RDS_HOURLY, elasticache: ELASTICACHE_HOURLY, msk: MSK_HOURLY, storage: STORAGE_GB_MONTH, other: OTHER,
};

const priceSchema = z.strictObject({
  usd: z.number().positive().finite(),
  source: z.string().refine((s) => s in PRICE_SOURCES, { message: `must be a source id of PRICE_SOURCES (${Object.keys(PRICE_SOURCES).join(', ')})` }),
  confidence: z.enum(['verified', 'derived', 'estimate']),
  derivation: z.string().min(3).optional(),
}).refine((p) => p.confidence === 'verified' || !!p.derivation, { message: 'a derived or estimate row must state its derivation' });
const entrySchema = z.union([priceSchema, z.strictObject({ fromUsEast1: z.literal(true), ratio: z.enum(['ec2', 'p-family']) })]);
const regionalSchema = z.record(z.string().regex(/^([a-z]{2}(-gov)?-[a-z]+-\d|global)$/, 'must be an AWS region or global'), entrySchema);

function ratioOf(table: RawPriceTable): { ec2: number; pFamily: number } {
  // Types of RATIO_BASIS with verified rows in both regions (a removed row just drops out of the mean).
  const pairs = RATIO_BASIS.ec2.flatMap((type) => {
    const us = table.ec2[type]?.['us-east-1'];
    const eu = table.ec2[type]?.['eu-west-1'];
    if (!us || !eu || 'fromUsEast1' in us || 'fromUsEast1' in eu || us.confidence !== 'verified' || eu.confidence !== 'verified') return [];
    return [eu.usd / us.usd];
  });
  if (pairs.length < 3) throw new PriceTableError(`the eu-west-1/us-east-1 ratio needs at least 3 of ${RATIO_BASIS.ec2.join(', ')} with verified rows in both regions`);
  return { ec2: pairs.reduce((a, b) => a + b, 0) / pairs.length, pFamily: RATIO_BASIS.pFamily.euWest1 / RATIO_BASIS.pFamily.usEast1 };
}

/** Validates and resolves a raw table (the tests also feed it edited copies). */
export function resolvePriceTable(table: RawPriceTable = RAW_PRICE_TABLE): ResolvedPriceTable {
  const problems: string[] = [];
  for (const [service, block] of Object.entries(table) as [Service, Record<string, RegionalPrices>][]) {
    for (const [key, regional] of Object.entries(block)) {
      const result = regionalSchema.safeParse(regional);
      if (!result.success) problems.push(...result.error.issues.map((i) => `${service}.${key}.${i.path.map(String).join('.')}: ${i.message}`));
    }
  }
  if (problems.length) throw new PriceTableError(`tools/cost/prices.ts is malformed:\n  ${problems.join('\n  ')}`);
  const ratios = ratioOf(table);
  const rows: PriceRow[] = [];
  for (const [service, block] of Object.entries(table) as [Service, Record<string, RegionalPrices>][]) {
    for (const [key, regional] of Object.entries(block)) {
      for (const [region, entry] of Object.entries(regional) as [string, PriceEntry][]) {
        if (!('fromUsEast1' in entry)) {
          rows.push({ service, key, region, ...entry });
          continue;
        }
        const base = regional['us-east-1'];
        if (!base || 'fromUsEast1' in base) throw new PriceTableError(`${service}.${key}.${region} derives from us-east-1, which has no price`);
        const ratio = entry.ratio === 'ec2' ? ratios.ec2 : ratios.pFamily;
        const basis = entry.ratio === 'ec2' ? `the mean eu-west-1/us-east-1 ratio of the verified EC2 rows (${RATIO_BASIS.ec2.join(', ')})` : RATIO_BASIS.pFamily.source;
        const confidence: Confidence = base.confidence === 'verified' ? 'derived' : 'estimate';
        rows.push({
          service, key, region, source: base.source, confidence,
          usd: Math.round(base.usd * ratio * 1e6) / 1e6,
          derivation: `us-east-1 ${base.usd} x ${ratio.toFixed(4)}, ${basis}${base.confidence === 'verified' ? '' : `; us-east-1 row is an estimate (${base.derivation})`}`,
        });
      }
    }
  }
  const index = new Map(rows.map((r) => [`${r.service}|${r.key}|${r.region}`, r]));
  return {
    asOf: PRICES_AS_OF,
    ratios,
    rows,
    find: (service, key, region) => index.get(`${service}|${key}|${region}`) ?? index.get(`${service}|${key}|global`),
  };
}

let cached: ResolvedPriceTable | undefined;
/** The checked-in table, resolved once. */
export function priceTable(): ResolvedPriceTable {
  cached ??= resolvePriceTable();
  return cached;
}

/** Where to add a missing row, for error messages. */
export function missingPriceHint(m: MissingPrice): string {
  const block = { ec2: 'EC2_HOURLY', rds: 'RDS_HOURLY', elasticache: 'ELASTICACHE_HOURLY', msk: 'MSK_HOURLY', storage: 'STORAGE_GB_MONTH', other: 'OTHER' }[m.service];
  return `add '${m.key}': { '${m.region}': verified(<usd>, '<source>') } (or estimate(...)/FROM_US_EAST_1) to ${block} in tools/cost/prices.ts`;
}
