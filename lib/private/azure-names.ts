import { Violation } from './errors';
import { isToken } from './rules';

// Names that Azure only refuses at apply: a region and a VM size. Offline, a VM size can be checked for its
// form, but not for whether the region offers it.

/**
 * Azure regions by programmatic name (public cloud, Azure Government and Azure China), as of 2026-11. New
 * regions keep appearing, so a name missing here is a warning, never an error: update the list when one opens.
 */
export const AZURE_REGIONS_AS_OF = '2026-11';
export const AZURE_REGIONS: readonly string[] = [
  'australiacentral', 'australiacentral2', 'australiaeast', 'australiasoutheast', 'austriaeast', 'belgiumcentral',
  'brazilsouth', 'brazilsoutheast', 'canadacentral', 'canadaeast', 'centralindia', 'centralus', 'centraluseuap',
  'chilecentral', 'denmarkeast', 'eastasia', 'eastus', 'eastus2', 'eastus2euap', 'francecentral', 'francesouth',
  'germanynorth', 'germanywestcentral', 'indonesiacentral', 'israelcentral', 'italynorth', 'japaneast', 'japanwest',
  'jioindiacentral', 'jioindiawest', 'koreacentral', 'koreasouth', 'malaysiawest', 'mexicocentral',
  'newzealandnorth', 'northcentralus', 'northeurope', 'norwayeast', 'norwaywest', 'polandcentral', 'qatarcentral',
  'southafricanorth', 'southafricawest', 'southcentralus', 'southeastasia', 'southindia', 'spaincentral',
  'swedencentral', 'swedensouth', 'switzerlandnorth', 'switzerlandwest', 'taiwannorth', 'taiwannorthwest', 'uaecentral', 'uaenorth', 'uksouth',
  'ukwest', 'westcentralus', 'westeurope', 'westindia', 'westus', 'westus2', 'westus3',
  'usgovarizona', 'usgovtexas', 'usgovvirginia', 'usdodcentral', 'usdodeast',
  'chinaeast', 'chinaeast2', 'chinaeast3', 'chinanorth', 'chinanorth2', 'chinanorth3',
];
const KNOWN_REGIONS = new Set(AZURE_REGIONS);

/** As azurerm compares locations: lowercase, without spaces ('West Europe' is 'westeurope'). */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/**
 * The candidate nearest to a word by edit distance; none for a word too long to be a misspelling of one. With
 * `close`, none unless it is a likely misspelling: at most a third of the word's letters (and 3) differ.
 */
export function nearest(word: string, candidates: readonly string[], close = false): string | undefined {
  if (word.length > 40 || candidates.length === 0) return undefined;
  const scored = candidates.map((c) => [distance(word, c), c] as const);
  const [score, best] = scored.reduce((best, next) => (next[0] < best[0] ? next : best));
  return !close || score <= Math.min(3, Math.ceil(word.length / 3)) ? best : undefined;
}

/** The edit distance between two strings (Levenshtein). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

/**
 * Advice for a location that is no region this library knows, naming the nearest known one. A warning rather
 * than an error: a region newer than the list is valid, and Azure refuses a wrong one within seconds, at the
 * first resource, before anything slow is created.
 */
export function adviseLocation(prop: string, location: string): Violation | undefined {
  if (isToken(location) || typeof location !== 'string' || location.trim() === '') return undefined;
  const normalized = normalizeLocation(location);
  if (KNOWN_REGIONS.has(normalized)) return undefined;
  const guess = nearest(normalized, AZURE_REGIONS);
  return {
    prop,
    value: location,
    number: 52,
    rule: `is not an Azure region known to this library (list of ${AZURE_REGIONS_AS_OF}), so Azure may refuse it at apply`,
    fix: `${guess ? `did you mean '${guess}'? ` : ''}Ignore this if the region is newer than the list`,
  };
}

/**
 * The form of every Azure VM size: `Standard_` or `Basic_`, a family, a vCPU count (with a constrained count
 * after '-'), feature letters, and `_`-separated accelerator and version parts: 'Standard_D2s_v5',
 * 'Standard_NC24ads_A100_v4', 'Standard_M128-64ms'.
 */
const VM_SIZE = /^(standard|basic)_[a-z]+\d+(-\d+)?[a-z]*(_[a-z0-9]+)*$/i;
/** Azure reports sizes back as `Standard_...`; `vm_size` has no case folding, so another case would rotate the pool on every apply. */
const VM_SIZE_PREFIX = /^Standard_/;

/**
 * A VM size must have the form of one: an error, because no new size breaks the form. Whether the region offers
 * the size cannot be known offline.
 */
export function checkVmSize(prop: string, vmSize: string): Violation | undefined {
  if (isToken(vmSize)) return undefined;
  if (typeof vmSize === 'string' && VM_SIZE.test(vmSize) && !VM_SIZE_PREFIX.test(vmSize)) {
    return {
      prop,
      value: vmSize,
      number: 48,
      rule: /^basic_/i.test(vmSize) ? 'is a Basic size, which AKS does not run' : "does not start 'Standard_' as Azure reports it back, so every plan would show a change and rotate the pool",
      fix: `write '${vmSize.replace(/^[a-z]+_/i, 'Standard_')}'`,
    };
  }
  if (typeof vmSize === 'string' && VM_SIZE.test(vmSize)) return undefined;
  return {
    prop,
    value: vmSize,
    number: 48,
    rule: "is not an Azure VM size name, like 'Standard_D2s_v5' (Standard_, a family, vCPUs, features, version)",
    fix: "use a size from 'az vm list-sizes --location <region>', e.g. 'Standard_D2s_v5'",
  };
}

/** The name in the id of an Azure resource of a type (`Microsoft.Network/privateDnsZones`), in any case; none for another id. */
export function resourceNameIn(id: string, type: string): string | undefined {
  const [provider, kind] = type.split('/');
  return new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${provider.replace(/\./g, '\\.')}/${kind}/([^/]+)$`, 'i').exec(id)?.[1];
}

/** An id of an Azure resource of a type (`what` names it in the message); a token is taken. */
export function checkResourceId(prop: string, value: string | undefined, type: string, what: string, number: number): Violation | undefined {
  if (value === undefined || isToken(value) || resourceNameIn(value, type) !== undefined) return undefined;
  return { prop, value, number, rule: `is not the id of ${what}`, fix: `give '/subscriptions/<id>/resourceGroups/<group>/providers/${type}/<name>'` };
}
