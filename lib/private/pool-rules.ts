import { Violation } from './errors';
import { isToken } from './rules';

// Node pool settings that the provider passes through unchecked and AKS or Kubernetes refuses at apply, and
// the settings a pool needs to keep planning cleanly after its first apply.

/** A label name (Kubernetes `IsQualifiedName`): at most 63 characters, alphanumeric at both ends. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A label key's optional prefix: a DNS subdomain. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label value: empty, or a label name. */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/**
 * Label prefixes a node may not set on itself: Kubernetes' NodeRestriction admission keeps `kubernetes.io` and
 * `k8s.io` to itself (but for the `kubelet.` and `node.` ones), and AKS reserves `kubernetes.azure.com`.
 */
const RESERVED_LABEL_PREFIX = /(^|\.)(kubernetes\.io|k8s\.io|kubernetes\.azure\.com)$/;
const ALLOWED_LABEL_PREFIX = /^(kubelet|node)\.kubernetes\.io$/;
/** The taint effects Kubernetes knows. */
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Why a label key is not one, or undefined when it is; `onNodes` also refuses the prefixes nodes may not set. */
function labelKeyProblem(key: string, onNodes = true): string | undefined {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (!LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))) {
    return "is not a label key: an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends";
  }
  if (onNodes && prefix !== undefined && RESERVED_LABEL_PREFIX.test(prefix) && !ALLOWED_LABEL_PREFIX.test(prefix)) {
    return `uses the prefix '${prefix}', which Kubernetes and AKS keep for themselves`;
  }
  return undefined;
}

/**
 * Node labels (Kubernetes label syntax): the provider passes them through, and AKS refuses bad ones at apply.
 * With `onNodes` false, labels to select nodes by, where the reserved prefixes are fine.
 */
export function checkNodeLabels(prop: string, labels: Record<string, string> | undefined, onNodes = true): Violation[] {
  if (labels === undefined || isToken(labels)) return [];
  // Rule 47 is about the labels nodes carry; a caller that selects by labels numbers its own rule.
  const number = onNodes ? 47 : undefined;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    return [{ prop, value: labels, number, rule: 'is not a map of label names to values', fix: "give an object like { workload: 'web' }" }];
  }
  return Object.entries(labels).flatMap(([key, value]): Violation[] => {
    const keyProblem = isToken(key) ? undefined : labelKeyProblem(key, onNodes);
    if (keyProblem) return [{ prop: `${prop} key`, value: key, number, rule: keyProblem, fix: "use a key like 'workload' or 'example.com/tier'" }];
    if (isToken(value) || (typeof value === 'string' && LABEL_VALUE.test(value))) return [];
    return [{
      prop: `${prop}['${key}']`,
      value,
      number,
      rule: "is not a label value: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends",
      fix: "use a value like 'web'",
    }];
  });
}

/** Node taints as AKS takes them, `key=value:Effect` or `key:Effect`, each key and effect once. */
export function checkNodeTaints(prop: string, taints: readonly string[] | undefined): Violation[] {
  if (taints === undefined || isToken(taints)) return [];
  if (!Array.isArray(taints)) return [{ prop, value: taints, number: 46, rule: 'is not a list of taints', fix: "give a list like ['dedicated=web:NoSchedule']" }];
  const seen = new Set<string>();
  return taints.flatMap((taint, i): Violation[] => {
    if (isToken(taint)) return [];
    const fix = "write 'key=value:Effect' or 'key:Effect', e.g. 'dedicated=web:NoSchedule'";
    const match = typeof taint === 'string' ? /^([^=:]+)(?:=([^:]*))?:([^:]+)$/.exec(taint) : null;
    if (!match) return [{ prop: `${prop}[${i}]`, value: taint, number: 46, rule: 'is not a taint', fix }];
    const [, key, value = '', effect] = match;
    const problem =
      labelKeyProblem(key) ??
      (LABEL_VALUE.test(value) ? undefined : `has the value '${value}', which is not a label value`) ??
      (TAINT_EFFECTS.includes(effect) ? undefined : `has the effect '${effect}', not one of ${TAINT_EFFECTS.join(', ')}`) ??
      (seen.has(`${key}:${effect}`) ? `repeats the key '${key}' with the effect ${effect}` : undefined);
    seen.add(`${key}:${effect}`);
    return problem ? [{ prop: `${prop}[${i}]`, value: taint, number: 46, rule: problem.replace(/^is not a label key/, 'has a key that is not a label key'), fix }] : [];
  });
}

/**
 * The surge AKS adds to a pool during an upgrade when none is set for new pools, and what this library writes so
 * that the plan matches what AKS reports back (azurerm issue #24020).
 */
export const DEFAULT_MAX_SURGE = '10%';
const MAX_SURGE = /^([1-9]\d*)(%?)$/;

/** `maxSurge`: a whole number of nodes from 1, or a percentage from 1% to 100% of the pool. */
export function checkMaxSurge(prop: string, maxSurge: string): Violation | undefined {
  if (isToken(maxSurge)) return undefined;
  const match = typeof maxSurge === 'string' ? MAX_SURGE.exec(maxSurge) : null;
  if (match && (match[2] === '' || Number(match[1]) <= 100)) return undefined;
  return {
    prop,
    value: maxSurge,
    number: 45,
    rule: 'is not a surge AKS takes: a whole number of nodes from 1, or a percentage from 1% to 100%',
    fix: `use a string like '${DEFAULT_MAX_SURGE}' or '1'`,
  };
}

/** The nodes AKS adds to a pool of `nodes` during an upgrade: a percentage rounds up, and a pool adds at least one. */
export function surgeNodes(nodes: number, maxSurge: string = DEFAULT_MAX_SURGE): number {
  if (nodes === 0) return 0;
  const match = MAX_SURGE.exec(maxSurge);
  if (!match) return Math.max(1, Math.ceil(nodes / 10));
  const n = Number(match[1]);
  return match[2] === '%' ? Math.max(1, Math.ceil((nodes * n) / 100)) : n;
}

/** Pool names: Linux `^[a-z][a-z0-9]{0,11}$`, Windows at most 6 characters (rule 27). */
export const MAX_POOL_NAME_LENGTH = { Linux: 12, Windows: 6 } as const;
const ROTATION_SUFFIX = 'tmp';

/**
 * The name of the stand-in pool that azurerm creates while it replaces a pool whose VM size, pod limit,
 * subnet or similar changes (`temporary_name_for_rotation`): the pool's name and `tmp` when that fits, else the
 * name cut short, `t` and three characters hashed from the whole name, so that `win1` and `win2` differ. It
 * depends on the pool's own name only, so adding a pool never changes another's.
 */
export function defaultRotationName(name: string, osType: 'Linux' | 'Windows'): string {
  const max = MAX_POOL_NAME_LENGTH[osType];
  if (name.length + ROTATION_SUFFIX.length <= max) return `${name}${ROTATION_SUFFIX}`;
  // FNV-1a, as three base-36 characters.
  let hash = 0x811c9dc5;
  for (const c of name) hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `${name.slice(0, max - 4)}t${(hash % 46656).toString(36).padStart(3, '0')}`;
}

/** A pool's names, for the rotation check. */
export interface PoolNames {
  /** How the user reaches the pool in messages: `defaultNodePool.` or `addNodePool('apps').`. */
  readonly prefix: string;
  readonly name: string;
  readonly osType: 'Linux' | 'Windows';
  readonly rotationName: string;
}

/**
 * `temporary_name_for_rotation` is a valid pool name for the pool's OS (rule 27), and differs from every pool
 * name and every other rotation name of the cluster: Terraform may rotate two pools at once.
 */
export function checkRotationNames(pools: readonly PoolNames[]): Violation[] {
  const taken = new Map<string, string>();
  for (const p of pools) taken.set(p.name, `the pool '${p.name}'`);
  return pools.flatMap((p): Violation[] => {
    const prop = `${p.prefix}temporaryNameForRotation`;
    // A token name is refused by the name's own rule; a token rotation name is known at apply.
    if (isToken(p.rotationName) || isToken(p.name)) return [];
    const max = MAX_POOL_NAME_LENGTH[p.osType];
    const fix = `set temporaryNameForRotation to another name of at most ${max} lowercase letters and digits`;
    if (typeof p.rotationName !== 'string' || !new RegExp(`^[a-z][a-z0-9]{0,${max - 1}}$`).test(p.rotationName)) {
      return [{ prop, value: p.rotationName, number: 44, rule: `is not a valid ${p.osType} node pool name: lowercase letters and digits, starting with a letter, at most ${max} characters`, fix }];
    }
    const clash = taken.get(p.rotationName);
    taken.set(p.rotationName, `the rotation name of '${p.name}'`);
    return clash ? [{ prop, value: p.rotationName, number: 44, rule: `is already ${clash}, so a rotation would collide with it`, fix }] : [];
  });
}

/** The node OS SKUs azurerm takes (kubernetes_nodepool.go, v4.70.0 to v4.81.0), by the OS they run. */
export const OS_SKUS: Record<'Linux' | 'Windows', readonly string[]> = {
  Linux: ['AzureLinux', 'AzureLinux3', 'Ubuntu', 'Ubuntu2204', 'Ubuntu2404'],
  Windows: ['Windows2019', 'Windows2022'],
};

/** Rule 64: zones '1' to '3', each once, and an OS SKU of the pool's OS. */
export function checkZonesAndSku(prefix: string, osType: string, zones: readonly string[] | undefined, osSku: string | undefined): Violation[] {
  const violations: Violation[] = [];
  if (zones !== undefined && !isToken(zones)) {
    zones.forEach((zone, i) => {
      if (isToken(zone)) return;
      if (!/^[1-3]$/.test(zone)) violations.push({ prop: `${prefix}zones[${i}]`, value: zone, number: 64, rule: "is not an availability zone: Azure's are '1', '2' and '3'", fix: "use ['1', '2', '3'], or the zones the VM size has in the region" });
      else if (zones.indexOf(zone) !== i) violations.push({ prop: `${prefix}zones[${i}]`, value: zone, number: 64, rule: 'is given twice', fix: 'give each zone once' });
    });
  }
  const family = osType === 'Windows' ? 'Windows' : 'Linux';
  if (osSku !== undefined && !isToken(osSku) && !OS_SKUS[family].includes(osSku)) {
    const other = OS_SKUS[family === 'Linux' ? 'Windows' : 'Linux'].includes(osSku);
    violations.push({ prop: `${prefix}osSku`, value: osSku, number: 64, rule: other ? `is not an OS of a ${family} pool` : 'is not an OS SKU azurerm takes', fix: `use one of ${OS_SKUS[family].map((s) => `'${s}'`).join(', ')}` });
  }
  return violations;
}
