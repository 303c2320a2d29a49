/**
 * The service graph of catalog/services.ts, for people: a text wiring report (per service: what it calls,
 * who may call it, its data stores and topics) and a Mermaid flowchart of the synchronous calls, which the
 * synth writes beside its output (`cdktf.out/service-graph.mmd`, `cdktf.out/wiring-report.txt`).
 * The callers listed here are exactly who the service's AuthorizationPolicy will admit.
 */
import { SERVICES, ServiceSpec } from './services';

/** The ingress gateway, as a caller of the services clients reach. */
export const INGRESS_CALLER = 'ingress-gateway';

/** One service's wiring. */
export interface ServiceWiring {
  readonly id: string;
  readonly calls: readonly string[];
  /** Catalog services that list it as a dependency, plus the ingress gateway when clients reach it. */
  readonly callers: readonly string[];
  readonly databases: readonly string[];
  readonly cache: string;
  readonly produces: readonly string[];
  readonly consumes: readonly string[];
}

/** The wiring of every service, in catalog order. */
export function serviceWiring(services: readonly ServiceSpec[] = SERVICES): ServiceWiring[] {
  return services.map((s) => ({
    id: s.id,
    calls: [...s.dependencies],
    callers: [...(s.deploy.ingress ? [INGRESS_CALLER] : []), ...services.filter((c) => c.dependencies.includes(s.id)).map((c) => c.id)],
    databases: [...s.databases],
    cache: s.cache,
    produces: [...s.produces],
    consumes: [...s.consumes],
  }));
}

const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(', ') : '-');

/** The wiring report as text, one block per service. */
export function formatWiringReport(services: readonly ServiceSpec[] = SERVICES): string {
  const lines = [`Service wiring (${services.length} services, catalog/services.ts)`];
  for (const w of serviceWiring(services)) {
    lines.push('', w.id,
      `  calls:     ${list(w.calls)}`,
      `  callers:   ${list(w.callers)}`,
      `  databases: ${list(w.databases)}; cache: ${w.cache}`,
      `  produces:  ${list(w.produces)}`,
      `  consumes:  ${list(w.consumes)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Mermaid node id: letters, digits and underscores only (a dash would read as an edge). */
function nodeId(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, '_');
}

/** A Mermaid flowchart of the synchronous calls: ingress gateway -> client-facing services -> dependencies. */
export function renderServiceGraph(services: readonly ServiceSpec[] = SERVICES): string {
  const lines = ['flowchart LR', `  ${nodeId(INGRESS_CALLER)}(["${INGRESS_CALLER}"])`];
  for (const s of services) lines.push(`  ${nodeId(s.id)}["${s.id} (${s.deploy.protocol})"]`);
  for (const s of services) {
    if (s.deploy.ingress) lines.push(`  ${nodeId(INGRESS_CALLER)} --> ${nodeId(s.id)}`);
  }
  for (const s of services) {
    for (const d of s.dependencies) lines.push(`  ${nodeId(s.id)} --> ${nodeId(d)}`);
  }
  return `${lines.join('\n')}\n`;
}
