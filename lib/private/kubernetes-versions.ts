import { Violation } from './errors';
import { KUBERNETES_VERSION, isToken } from './rules';

/**
 * The end of AKS standard support of each Kubernetes minor version, from the AKS Kubernetes release calendar
 * (learn.microsoft.com/azure/aks/supported-kubernetes-versions, as of 2026-08; a month without a day ends on its
 * last day), and the end of long-term support (LTS, Premium tier only). A version newer than the list is taken
 * as supported; update the list as versions come and go.
 */
export const KUBERNETES_SUPPORT_AS_OF = '2026-08';
export const KUBERNETES_SUPPORT: Readonly<Record<string, { readonly standard: string; readonly lts: string }>> = {
  '1.30': { standard: '2025-08-22', lts: '2026-07-31' },
  '1.31': { standard: '2025-11-01', lts: '2026-11-30' },
  '1.32': { standard: '2026-03-31', lts: '2027-03-31' },
  '1.33': { standard: '2026-07-31', lts: '2027-07-31' },
  '1.34': { standard: '2026-11-30', lts: '2027-11-30' },
  '1.35': { standard: '2027-03-31', lts: '2028-03-31' },
  '1.36': { standard: '2027-06-30', lts: '2028-06-30' },
};
const LISTED = Object.keys(KUBERNETES_SUPPORT);

/**
 * Rule 55, advice: a Kubernetes version out of AKS standard support on `today`. A warning, not an error: LTS
 * clusters (Premium tier) still run it, and AKS refuses a version it no longer offers within seconds.
 */
export function adviseKubernetesSupport(prop: string, version: string | undefined, today: Date = new Date()): Violation | undefined {
  if (version === undefined || isToken(version) || typeof version !== 'string') return undefined;
  const match = KUBERNETES_VERSION.exec(version);
  if (!match) return undefined;
  const minor = `${match[1]}.${match[2]}`;
  const day = today.toISOString().slice(0, 10);
  const supported = LISTED.filter((v) => KUBERNETES_SUPPORT[v].standard >= day);
  const known = KUBERNETES_SUPPORT[minor];
  const older = !known && compareMinor(minor, LISTED[0]) < 0;
  if (!older && (!known || known.standard >= day)) return undefined;
  const lts = known && known.lts >= day ? `; with long-term support (Premium tier) until ${known.lts}` : '';
  return {
    prop,
    value: version,
    number: 55,
    rule: `is out of AKS standard support${known ? ` since ${known.standard}` : ''}${lts} (AKS release calendar as of ${KUBERNETES_SUPPORT_AS_OF})`,
    fix: supported.length > 0 ? `use ${supported[0]} or later, or leave it unset for the AKS default` : 'use a version AKS supports now, or leave it unset for the AKS default',
  };
}

function compareMinor(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}
