/** Security-group ingress as the policy pack sees it: inline blocks and the two standalone rule types. */
import { asList, isExpression, referencedAddresses, TfResource, TfStack } from '../tfjson';

/** Tag that marks a security group as a load balancer's; only such a group may admit the internet, on 443. */
export const LOAD_BALANCER_TAG = { key: 'purpose', value: 'load-balancer' } as const;

export const WORLD_CIDRS: readonly string[] = ['0.0.0.0/0', '::/0'];

/** One ingress permission. */
export interface Ingress {
  /** The resource declaring it (a security group with inline rules, or a rule resource). */
  readonly declaredBy: TfResource;
  /** The group it opens, when it can be resolved inside the stack. */
  readonly group?: TfResource;
  /** Address the group is referenced by (`aws_security_group.x`), even when it cannot be resolved. */
  readonly groupAddress?: string;
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly cidrs: readonly string[];
}

/** Every ingress permission declared in the stack. */
export function ingressRules(stack: TfStack): Ingress[] {
  const out: Ingress[] = [];
  const byAddress = new Map(stack.resources.map((r) => [r.address, r]));
  const groupOf = (value: unknown) => {
    const address = referencedAddresses(value).find((a) => a.startsWith('aws_security_group.'));
    return { groupAddress: address, group: address ? byAddress.get(address) : undefined };
  };
  for (const r of stack.resources) {
    if (r.type === 'aws_security_group') {
      for (const rule of asList(r.body.ingress)) {
        out.push({
          declaredBy: r, group: r, groupAddress: r.address,
          protocol: String(rule.protocol ?? ''), fromPort: num(rule.from_port), toPort: num(rule.to_port),
          cidrs: [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)],
        });
      }
    } else if (r.type === 'aws_vpc_security_group_ingress_rule') {
      out.push({
        declaredBy: r, ...groupOf(r.body.security_group_id),
        protocol: String(r.body.ip_protocol ?? ''), fromPort: num(r.body.from_port), toPort: num(r.body.to_port),
        cidrs: [...strings(r.body.cidr_ipv4), ...strings(r.body.cidr_ipv6)],
      });
    } else if (r.type === 'aws_security_group_rule' && r.body.type === 'ingress') {
      out.push({
        declaredBy: r, ...groupOf(r.body.security_group_id),
        protocol: String(r.body.protocol ?? ''), fromPort: num(r.body.from_port), toPort: num(r.body.to_port),
        cidrs: [...strings(r.body.cidr_blocks), ...strings(r.body.ipv6_cidr_blocks)],
      });
    }
  }
  return out;
}

/** True when the permission admits the whole internet (IPv4 or IPv6). */
export function isWorldOpen(rule: Ingress): boolean {
  return rule.cidrs.some((c) => WORLD_CIDRS.includes(c));
}

/** True when the group carries the load-balancer tag. */
export function isLoadBalancerGroup(group: TfResource | undefined): boolean {
  const tags = group?.body.tags as Record<string, unknown> | undefined;
  return tags?.[LOAD_BALANCER_TAG.key] === LOAD_BALANCER_TAG.value;
}

/** True when the permission is exactly TCP 443. */
export function isHttpsOnly(rule: Ingress): boolean {
  return ['tcp', '6'].includes(rule.protocol.toLowerCase()) && rule.fromPort === 443 && rule.toPort === 443;
}

/** Text like `tcp 443-443 from 0.0.0.0/0`. */
export function describeIngress(rule: Ingress): string {
  const ports = rule.fromPort === undefined ? 'all ports' : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol === '-1' ? 'all protocols' : rule.protocol} ${ports} from ${rule.cidrs.filter((c) => WORLD_CIDRS.includes(c)).join(', ')}`;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && !isExpression(v) && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}
