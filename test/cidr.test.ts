import { cidrsOverlap, formatCidr, isPrivateCidr, mustParseCidr, parseCidr, subnetAt } from '../constructs/core/cidr';
import { planSubnets } from '../constructs/network/subnet-plan';

describe('CIDR arithmetic', () => {
  test('parses and formats', () => {
    expect(formatCidr(mustParseCidr('10.20.0.0/16'))).toBe('10.20.0.0/16');
  });

  test.each(['10.0.0.1/16', '10.0.0.0/33', '256.0.0.0/8', '10.0.0/16', 'ten/8', ''])('rejects %p', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test('overlap', () => {
    expect(cidrsOverlap(mustParseCidr('10.0.0.0/16'), mustParseCidr('10.0.128.0/17'))).toBe(true);
    expect(cidrsOverlap(mustParseCidr('10.0.0.0/16'), mustParseCidr('10.1.0.0/16'))).toBe(false);
  });

  test('private ranges', () => {
    expect(isPrivateCidr(mustParseCidr('172.16.0.0/16'))).toBe(true);
    expect(isPrivateCidr(mustParseCidr('172.32.0.0/16'))).toBe(false);
    expect(isPrivateCidr(mustParseCidr('192.168.10.0/24'))).toBe(true);
    expect(isPrivateCidr(mustParseCidr('8.8.0.0/16'))).toBe(false);
  });

  test('subnetAt refuses out-of-range indexes', () => {
    expect(formatCidr(subnetAt(mustParseCidr('10.0.0.0/16'), 18, 3))).toBe('10.0.192.0/18');
    expect(() => subnetAt(mustParseCidr('10.0.0.0/16'), 18, 4)).toThrow(/out of range/);
  });
});

describe('planSubnets', () => {
  test('a /16 over 3 AZs gives /19 private, /21 public and isolated, none overlapping', () => {
    const plan = planSubnets('10.30.0.0/16', 3);
    expect(plan.private).toEqual(['10.30.0.0/19', '10.30.32.0/19', '10.30.64.0/19']);
    expect(plan.public).toEqual(['10.30.128.0/21', '10.30.136.0/21', '10.30.144.0/21']);
    expect(plan.isolated).toEqual(['10.30.160.0/21', '10.30.168.0/21', '10.30.176.0/21']);
    const all = [...plan.private, ...plan.public, ...plan.isolated, plan.reserved].map(mustParseCidr);
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) expect(cidrsOverlap(all[i], all[j])).toBe(false);
    }
  });

  test('refuses a VPC too small for its AZs, naming the largest prefix that fits', () => {
    expect(() => planSubnets('10.0.0.0/24', 3)).toThrow(/too small for 3 AZs.*use a \/23 or larger/);
    expect(planSubnets('10.0.0.0/23', 3).public[0]).toBe('10.0.1.0/28');
  });
});
