/**
 * EKS Kubernetes versions this library creates clusters with.
 *
 * Source: reference/versions.md §1 (compiled 2026-11-23): the AWS EKS release calendar [S1] for 1.29-1.34,
 * endoflife.date / AWS pages [S2, S3, S5] for 1.35 and 1.36. EKS gives 14 months of standard support, then
 * 12 months of paid extended support; at the end of extended support the control plane is upgraded
 * automatically.
 *
 * The allow-list holds the versions in **standard support on 2026-11-23 that stay there long enough to
 * build on**: 1.35 and 1.36. 1.34 is still in standard support that day but leaves it on 2026-12-02, nine
 * days later, so new clusters must not start on it. Update this file (and its test) when AWS releases a
 * version or one leaves standard support.
 */

/** Versions a new cluster may use, oldest first. */
export const EKS_KUBERNETES_VERSIONS = ['1.35', '1.36'] as const;
export type EksKubernetesVersion = (typeof EKS_KUBERNETES_VERSIONS)[number];

/** The newest allowed version: what a cluster gets when it names none. */
export const DEFAULT_KUBERNETES_VERSION: EksKubernetesVersion = '1.36';

/** Support dates of the versions EKS has offered recently (reference/versions.md §1). */
export const EKS_VERSION_CALENDAR: Readonly<Record<string, { endOfStandard: string; endOfExtended: string }>> = {
  '1.29': { endOfStandard: '2025-03-23', endOfExtended: '2026-03-23' },
  '1.30': { endOfStandard: '2025-07-23', endOfExtended: '2026-07-23' },
  '1.31': { endOfStandard: '2025-11-26', endOfExtended: '2026-11-26' },
  '1.32': { endOfStandard: '2026-03-23', endOfExtended: '2027-03-23' },
  '1.33': { endOfStandard: '2026-07-29', endOfExtended: '2027-07-29' },
  '1.34': { endOfStandard: '2026-12-02', endOfExtended: '2027-12-02' },
  '1.35': { endOfStandard: '2027-03-27', endOfExtended: '2028-03-27' },
  '1.36': { endOfStandard: '2027-08-02', endOfExtended: '2028-08-02' },
};

/** The date the allow-list was checked against (reference/versions.md). */
export const KUBERNETES_VERSIONS_CHECKED_ON = '2026-11-23';

/** True when `version` is on the allow-list. */
export function isAllowedKubernetesVersion(version: string): version is EksKubernetesVersion {
  return (EKS_KUBERNETES_VERSIONS as readonly string[]).includes(version);
}

/**
 * Why `version` is refused (undefined when it is allowed). The message says where the version stands
 * in the EKS support calendar and which versions are allowed.
 */
export function kubernetesVersionProblem(version: string): string | undefined {
  if (isAllowedKubernetesVersion(version)) return undefined;
  const allowed = `allowed: ${EKS_KUBERNETES_VERSIONS.join(', ')} (default ${DEFAULT_KUBERNETES_VERSION})`;
  const cal = EKS_VERSION_CALENDAR[version];
  const today = KUBERNETES_VERSIONS_CHECKED_ON;
  if (!cal) {
    return `Kubernetes ${version} is not a version EKS offers in standard support (checked ${today}); ${allowed}`;
  }
  if (cal.endOfExtended <= today) {
    return `Kubernetes ${version} is out of support on EKS: standard support ended ${cal.endOfStandard} and extended support ended ${cal.endOfExtended}, after which EKS upgrades the control plane itself; ${allowed}`;
  }
  if (cal.endOfStandard <= today) {
    return `Kubernetes ${version} left EKS standard support on ${cal.endOfStandard} (paid extended support until ${cal.endOfExtended}); new clusters use a version in standard support; ${allowed}`;
  }
  return `Kubernetes ${version} leaves EKS standard support on ${cal.endOfStandard}, too soon to start a cluster on; ${allowed}`;
}
