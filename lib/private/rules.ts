import { Token } from 'cdktf';
import { Cidr, IpFamily, contains, formatAddress, formatCidr, overlaps, parseCidr, parseIpAddress, parseIpv4Address } from './cidr';
import { Violation } from './errors';

// Rule numbers are those of docs/rules.md. Each rule is a pure function: values in,
// violations out. Values that are unresolved tokens are skipped, never guessed.

/** `az aks create`'s defaults, one per family (rule 4). */
export const DEFAULT_POD_CIDRS: readonly string[] = ['10.244.0.0/16', 'fd12:3456:789a::/64'];
export const DEFAULT_SERVICE_CIDRS: readonly string[] = ['10.0.0.0/16', 'fd12:3456:789a:1::/108'];
/** AKS's largest IPv6 service range (rule 6). */
export const IPV6_SERVICE_MAX_PREFIX = 108;
/** An IPv4 service CIDR must have a prefix longer than this (rule 6). */
export const IPV4_SERVICE_MIN_PREFIX_EXCLUSIVE = 12;
/** `az aks create`'s IPv4 service range (rule 4), the example in fixes. */
const DEFAULT_IPV4_SERVICE_CIDR = '10.0.0.0/16';
/** The most nodes one pool holds, as azurerm and AKS allow. */
export const MAX_POOL_NODES = 1000;

/**
 * True for a value Terraform resolves later: a token, or an element of a list token (`#{TfToken[...]}`),
 * which `Token.isUnresolved` does not recognise on its own.
 */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value) || (typeof value === 'string' && Token.isUnresolved([value]));
}

/** Names Azure needs (location, resource group, VM size): a blank one is refused at apply. */
export function checkNotBlank(prop: string, value: unknown): Violation | undefined {
  if (isToken(value) || (typeof value === 'string' && value.trim() !== '')) return undefined;
  if (typeof value !== 'string') return { prop, value, rule: `is ${value === null ? 'null' : `a ${typeof value}`}, not a name`, fix: 'give a string' };
  return { prop, value, rule: 'is blank', fix: 'give a value' };
}

/** A parsed block with the prop it came from, for messages. */
export interface NamedCidr {
  readonly prop: string;
  readonly cidr: Cidr;
}

/** Rule 1: `['IPv4']` or `['IPv4', 'IPv6']`, any case, also as the CLI's comma-separated `'ipv4,ipv6'`. */
export function parseIpFamilies(value: readonly string[]): IpFamily[] | Violation {
  if (isToken(value)) {
    return { prop: 'ipFamilies', value, number: 1, rule: 'is a token, but the families decide every range check', fix: "pass them literally, e.g. ['IPv4', 'IPv6']" };
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const names = list.flatMap((v) => String(v).split(',')).map((v) => v.trim().toLowerCase()).join(',');
  if (names === 'ipv4') return ['IPv4'];
  if (names === 'ipv4,ipv6') return ['IPv4', 'IPv6'];
  return {
    prop: 'ipFamilies',
    value,
    number: 1,
    rule: 'is not supported: AKS takes IPv4 alone or IPv4 then IPv6 (IPv6-only and IPv6-first are rejected)',
    fix: "use ['IPv4', 'IPv6'] for dual-stack or ['IPv4'] for single-stack",
  };
}

/** Rules 2-3, 26: parses one CIDR, naming the prop in the violation; unresolved tokens give `undefined`. */
export function parseCidrProp(prop: string, value: string, example: string): Cidr | undefined | Violation {
  if (isToken(value)) return undefined;
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') {
    // Some reasons carry their own fix ('...; write it 'fd12::/64''): give it once.
    const [rule, fix] = parsed.includes('; write it') ? parsed.split('; ') : [parsed, `write it like '${example}'`];
    return { prop, value, rule, fix, number: parsed.startsWith('is not in the canonical form') ? 42 : 41 };
  }
  return parsed;
}

/**
 * Rules 2-3: one CIDR per family, in the order of `ipFamilies`.
 *
 * @returns the parsed blocks, index for index (`undefined` for tokens and broken entries), and violations.
 */
export function parseCidrList(
  prop: string,
  values: readonly string[],
  families: readonly IpFamily[],
  example: readonly string[],
): { cidrs: (Cidr | undefined)[]; violations: Violation[] } {
  // A whole list from a Terraform variable is one list token: nothing to check until apply.
  if (isToken(values)) return { cidrs: families.map(() => undefined), violations: [] };
  const violations: Violation[] = [];
  if (values.length !== families.length) {
    violations.push({
      prop,
      value: values,
      number: 3,
      rule: `has ${values.length} ${values.length === 1 ? 'entry' : 'entries'}, but ipFamilies ${JSON.stringify(families)} needs ${families.length}, one per family in the same order`,
      fix: `give ${JSON.stringify(example.slice(0, families.length))} or ranges of your own in that order`,
    });
  }
  const cidrs = values.map((value, i) => {
    const parsed = parseCidrProp(`${prop}[${i}]`, value, example[i] ?? example[0]);
    if (parsed === undefined || 'rule' in parsed) {
      if (parsed) violations.push(parsed);
      return undefined;
    }
    if (families[i] !== undefined && parsed.family !== families[i]) {
      violations.push({
        prop: `${prop}[${i}]`,
        value,
        number: 3,
        rule: `is ${parsed.family}, but ipFamilies[${i}] is ${families[i]}: ranges must follow the order of ipFamilies`,
        fix: `put the ${families[i]} range at index ${i}, e.g. ${JSON.stringify(example.slice(0, families.length))}`,
      });
      return undefined;
    }
    return parsed;
  });
  return { cidrs, violations };
}

/** Rule 6: an IPv4 service CIDR longer than /12; an IPv6 one no larger than /108. */
export function checkServiceCidrSize(prop: string, cidr: Cidr): Violation | undefined {
  if (cidr.family === 'IPv6' && cidr.prefix < IPV6_SERVICE_MAX_PREFIX) {
    return {
      prop,
      value: cidr.text,
      number: 6,
      rule: `is larger than /${IPV6_SERVICE_MAX_PREFIX}, the largest IPv6 service range AKS accepts`,
      fix: `use a /${IPV6_SERVICE_MAX_PREFIX} or smaller (e.g. '${formatCidr('IPv6', cidr.first, IPV6_SERVICE_MAX_PREFIX)}')`,
    };
  }
  if (cidr.family === 'IPv4' && cidr.prefix <= IPV4_SERVICE_MIN_PREFIX_EXCLUSIVE) {
    return {
      prop,
      value: cidr.text,
      number: 6,
      rule: `is /${cidr.prefix}, but AKS needs an IPv4 service range smaller than /${IPV4_SERVICE_MIN_PREFIX_EXCLUSIVE}`,
      fix: `use a /${IPV4_SERVICE_MIN_PREFIX_EXCLUSIVE + 1} or smaller, e.g. '${DEFAULT_IPV4_SERVICE_CIDR}'`,
    };
  }
  return undefined;
}

/** Where the DNS service address sits in the service range: `.10` by convention, `.2` in a tiny range. */
const DNS_OFFSET = 10n;
const TINY_RANGE_DNS_OFFSET = 2n;

/** The DNS service address to use when none is given (rule 5), or undefined when the range has no room. */
export function defaultDnsServiceIp(serviceV4: Cidr): string | undefined {
  const offset = serviceV4.last - serviceV4.first > DNS_OFFSET ? DNS_OFFSET : TINY_RANGE_DNS_OFFSET;
  return serviceV4.first + offset < serviceV4.last ? formatAddress('IPv4', serviceV4.first + offset) : undefined;
}

/** Rule 5: a service range must have room for the DNS service address past its first two. */
export function checkRoomForDns(prop: string, serviceV4: Cidr): Violation | undefined {
  if (defaultDnsServiceIp(serviceV4) !== undefined) return undefined;
  return {
    prop,
    value: serviceV4.text,
    number: 5,
    rule: 'has no room for the DNS service address, which must come after its first two addresses',
    fix: `use a larger range, e.g. '${DEFAULT_IPV4_SERVICE_CIDR}'`,
  };
}

/**
 * Rule 5: `dnsServiceIp` is an IPv4 address inside the IPv4 service CIDR, and neither its network address nor
 * its first address (which Kubernetes gives to the `kubernetes` service).
 */
export function checkDnsServiceIp(value: string, serviceV4: Cidr | undefined): Violation | undefined {
  if (isToken(value)) return undefined;
  const address = parseIpv4Address(value);
  const suggestion = serviceV4 && defaultDnsServiceIp(serviceV4);
  const conventional = suggestion ? ` (conventionally '${suggestion}')` : '';
  const fix = `use an address inside the IPv4 service CIDR other than its first two${conventional}`;
  if (address === undefined) return { prop: 'dnsServiceIp', value, number: 5, rule: 'is not an IPv4 address', fix };
  if (!serviceV4) return undefined;
  const where = `the IPv4 service CIDR '${serviceV4.text}'`;
  if (address < serviceV4.first || address > serviceV4.last) {
    return { prop: 'dnsServiceIp', value, number: 5, rule: `is outside ${where}`, fix };
  }
  if (address === serviceV4.first) {
    return { prop: 'dnsServiceIp', value, number: 5, rule: `is the network address of ${where}`, fix };
  }
  if (address === serviceV4.first + 1n) {
    return { prop: 'dnsServiceIp', value, number: 5, rule: `is the first address of ${where}, taken by the 'kubernetes' service`, fix };
  }
  if (address === serviceV4.last) {
    return { prop: 'dnsServiceIp', value, number: 5, rule: `is the broadcast address of ${where}, which Kubernetes never allocates`, fix };
  }
  return undefined;
}

/** Parsed ranges named by prop and index (`podCidrs[1]`), tokens left out. */
export function named(prop: string, cidrs: readonly (Cidr | undefined)[]): NamedCidr[] {
  return cidrs.flatMap((cidr, i) => (cidr ? [{ prop: `${prop}[${i}]`, cidr }] : []));
}

/** Rule 7: `block` shares no address with any of `others`; the first clash is named. */
export function checkOverlapWith(block: NamedCidr, others: readonly NamedCidr[]): Violation | undefined {
  const clash = others.find((a) => overlaps(a.cidr, block.cidr));
  if (!clash) return undefined;
  return {
    prop: block.prop,
    value: block.cidr.text,
    number: 7,
    rule: `overlaps ${clash.prop} '${clash.cidr.text}': pod, service and network ranges must not share addresses`,
    fix: 'choose a range that shares no address with it',
  };
}

/**
 * Rule 7 against many blocks at once: an index of `blocks` that finds, in O(log n), a block sharing an address
 * with a given one (the one reaching furthest among those that start no later than it ends). Built once, it
 * lets each of many ranges be checked without comparing it with every block.
 */
export function overlapIndex(blocks: readonly NamedCidr[]): (block: NamedCidr) => Violation | undefined {
  const byFamily = new Map<string, { sorted: NamedCidr[]; reach: NamedCidr[] }>();
  for (const family of ['IPv4', 'IPv6']) {
    const sorted = blocks.filter((b) => b.cidr.family === family).sort((a, b) => (a.cidr.first < b.cidr.first ? -1 : a.cidr.first > b.cidr.first ? 1 : 0));
    // reach[i]: of sorted[0..i], the block whose last address is highest.
    const reach: NamedCidr[] = [];
    sorted.forEach((b, i) => reach.push(i > 0 && reach[i - 1].cidr.last >= b.cidr.last ? reach[i - 1] : b));
    byFamily.set(family, { sorted, reach });
  }
  return (block) => {
    const { sorted, reach } = byFamily.get(block.cidr.family)!;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].cidr.first <= block.cidr.last) lo = mid + 1;
      else hi = mid;
    }
    const candidate = lo > 0 ? reach[lo - 1] : undefined;
    return candidate && candidate.cidr.last >= block.cidr.first ? checkOverlapWith(block, [candidate]) : undefined;
  };
}

/** Rule 7: no two blocks of one family share an address. The later block of each pair is the one named. */
export function checkOverlaps(blocks: readonly NamedCidr[]): Violation[] {
  return blocks.flatMap((b, j) => checkOverlapWith(b, blocks.slice(0, j)) ?? []);
}

/**
 * Rule 7 for many blocks, in one sweep in address order (O(n log n)): each block that starts before an earlier
 * one ends is named, with the earlier block reaching furthest.
 */
export function checkOverlapsSorted(blocks: readonly NamedCidr[]): Violation[] {
  const sorted = [...blocks].sort((a, b) => (a.cidr.family !== b.cidr.family ? (a.cidr.family < b.cidr.family ? -1 : 1) : a.cidr.first < b.cidr.first ? -1 : a.cidr.first > b.cidr.first ? 1 : 0));
  const violations: Violation[] = [];
  let reach: NamedCidr | undefined;
  for (const block of sorted) {
    if (reach && reach.cidr.family === block.cidr.family && reach.cidr.last >= block.cidr.first) violations.push(checkOverlapWith(block, [reach])!);
    if (!reach || reach.cidr.family !== block.cidr.family || block.cidr.last > reach.cidr.last) reach = block;
  }
  return violations;
}

/** Rule 26: every block of `inner` lies inside one of `outer`. */
export function checkInside(inner: NamedCidr, outer: readonly Cidr[], outerProp: string, fix?: string): Violation | undefined {
  const ranges = outer.filter((o) => o.family === inner.cidr.family);
  if (ranges.some((o) => contains(o, inner.cidr))) return undefined;
  return {
    prop: inner.prop,
    value: inner.cidr.text,
    number: 26,
    rule: `is not inside the ${inner.cidr.family} ${outerProp} ${JSON.stringify(ranges.map((r) => r.text))}`,
    fix: fix ?? `choose a range inside it, or leave ${inner.prop.replace(/\[\d+\]$/, '')} unset to have one carved for you`,
  };
}

/**
 * Rules 15 and 22: a minimum Kubernetes version. `'1.29'` means the newest 1.29 patch, so it meets
 * `1.29.x` minimums.
 */
export function checkKubernetesVersion(value: string, minimum: string, why: string): Violation | undefined {
  if (isToken(value)) return undefined;
  const match = KUBERNETES_VERSION.exec(value);
  if (!match) {
    return { prop: 'kubernetesVersion', value, rule: 'is not a Kubernetes version', fix: "write 'major.minor' or 'major.minor.patch', e.g. '1.33'" };
  }
  const [major, minor, patch] = match.slice(1).map((p) => (p === undefined ? Infinity : Number(p)));
  const [minMajor, minMinor, minPatch] = minimum.split('.').map(Number);
  const below = major !== minMajor ? major < minMajor : minor !== minMinor ? minor < minMinor : patch < minPatch;
  if (!below) return undefined;
  return {
    prop: 'kubernetesVersion',
    value,
    // kubenet's minimum is rule 15; CNI Overlay's and cilium's are rule 22.
    number: why.includes('kubenet') ? 15 : 22,
    rule: `is below ${minimum}, the first version with ${why}`,
    fix: `use ${minimum} or later, or leave it unset for the AKS default`,
  };
}

/** `major.minor` or `major.minor.patch`. */
export const KUBERNETES_VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/** A pool's node counts, as given. */
export interface NodeCounts {
  readonly nodeCount?: number;
  readonly minCount?: number;
  readonly maxCount?: number;
}

/**
 * Rule 29: counts are whole numbers; autoscaling takes `minCount` and `maxCount` together, with
 * `minCount <= nodeCount <= maxCount`.
 */
export function checkNodeCounts(prefix: string, counts: NodeCounts): Violation[] {
  const violations: Violation[] = [];
  for (const key of ['nodeCount', 'minCount', 'maxCount'] as const) {
    const value = counts[key];
    if (value !== undefined && !isToken(value) && !(Number.isInteger(value) && value >= 0 && value <= MAX_POOL_NODES)) {
      violations.push({ prop: `${prefix}${key}`, value, number: 29, rule: `is not a whole number from 0 to ${MAX_POOL_NODES}`, fix: 'give a whole number of nodes' });
    }
  }
  if (violations.length > 0) return violations;
  const { nodeCount, minCount, maxCount } = counts;
  if ((minCount === undefined) !== (maxCount === undefined)) {
    const [given, missing] = minCount === undefined ? ['maxCount', 'minCount'] : ['minCount', 'maxCount'];
    violations.push({
      prop: `${prefix}${given}`,
      value: counts[given as keyof NodeCounts],
      number: 29,
      rule: `turns on autoscaling, which needs ${missing} too`,
      fix: `set ${missing} as well, or remove ${given} and set nodeCount for a fixed size`,
    });
  } else if (minCount !== undefined && maxCount !== undefined && ![nodeCount, minCount, maxCount].some(isToken)) {
    // Relations between counts need numbers; a token count is known only at apply.
    if (maxCount < 1) {
      // azurerm's update of an autoscaled pool refuses a max_count of 0 ("must be configured").
      violations.push({ prop: `${prefix}maxCount`, value: maxCount, number: 29, rule: 'is 0, which azurerm refuses on every later update of an autoscaled pool', fix: 'give maxCount 1 or more' });
    } else if (minCount > maxCount) {
      violations.push({ prop: `${prefix}minCount`, value: minCount, number: 29, rule: `is greater than maxCount ${maxCount}`, fix: 'make minCount <= maxCount' });
    } else if (nodeCount !== undefined && (nodeCount < minCount || nodeCount > maxCount)) {
      violations.push({
        prop: `${prefix}nodeCount`,
        value: nodeCount,
        number: 29,
        rule: `is outside the autoscaling range minCount ${minCount} to maxCount ${maxCount}`,
        fix: `use a nodeCount from ${minCount} to ${maxCount}, or leave it unset to start at minCount`,
      });
    }
  }
  return violations;
}

/** The nodes of several pools together; pools whose count is a token (undefined) add none. */
export function sumNodes(nodes: Record<string, number | undefined>): number {
  return Object.values(nodes).reduce<number>((sum, n) => sum + (n ?? 0), 0);
}

/** The most nodes a pool can have: `maxCount` when autoscaling, else `nodeCount`; undefined for a token. */
export function peakNodes(counts: NodeCounts): number | undefined {
  const peak = counts.maxCount ?? counts.nodeCount ?? 0;
  return isToken(peak) ? undefined : peak;
}

/** Rule 27: Linux pool names match `^[a-z][a-z0-9]{0,11}$`; Windows ones are at most 6 characters. */
export function checkPoolName(name: string, osType: 'Linux' | 'Windows'): Violation | undefined {
  if (isToken(name)) {
    return { prop: 'name', value: name, number: 27, rule: 'is a token, but a pool name also names its constructs and subnet, so it must be known at synth', fix: "use a literal name like 'pool2'" };
  }
  if (typeof name !== 'string') return { prop: 'name', value: name, number: 27, rule: 'is not a string', fix: "use a name like 'pool2'" };
  if (osType === 'Windows' && /^[a-z][a-z0-9]{6,}$/.test(name)) {
    return {
      prop: 'name',
      value: name,
      number: 27,
      rule: `is ${name.length} characters long, but Windows node pool names are at most 6 (Azure derives Windows computer names from them)`,
      fix: `use a name of 6 characters or fewer, e.g. '${name.slice(0, 6)}'`,
    };
  }
  const max = osType === 'Windows' ? 6 : 12;
  if (new RegExp(`^[a-z][a-z0-9]{0,${max - 1}}$`).test(name)) return undefined;
  return {
    prop: 'name',
    value: name,
    number: 27,
    rule: `is not a valid ${osType} node pool name: lowercase letters and digits, starting with a letter, at most ${max} characters`,
    fix: "use a name like 'pool2'",
  };
}

/** Rule 28: a secret must be a token (a sensitive variable, say), never a literal written into cdk.tf.json. */
export function checkSecret(prop: string, value: string): Violation | undefined {
  if (isToken(value)) return undefined;
  return {
    prop,
    value: '********',
    number: 28,
    rule: 'is a literal string, which would be written in plain text into cdk.tf.json',
    fix: "pass a token instead, e.g. new TerraformVariable(this, 'windows_admin_password', { type: 'string', sensitive: true }).stringValue",
  };
}

/** Rule 8: ranges Azure reserves, never usable for pods, services or the network. */
export const RESERVED_RANGES: readonly string[] = ['169.254.0.0/16', '172.30.0.0/16', '172.31.0.0/16', '192.0.2.0/24'];
const RESERVED = RESERVED_RANGES.map((text) => parseCidr(text) as Cidr);

/** Azure refuses this one in any network address space (Virtual Network FAQ). */
const LINK_LOCAL = RESERVED[0];

/** The reserved ranges as blocks, for carving around them. */
export function reservedBlocks(): Cidr[] {
  return [...RESERVED];
}

/**
 * Rule 8: pod, service and subnet ranges stay clear of every reserved range. A network address space may hold
 * a reserved range (a 172.16.0.0/12 holds 172.30.0.0/16; subnets are carved around it), but not lie inside one,
 * nor touch the link-local range.
 */
export function checkReserved(named: NamedCidr, isNetworkRange = false): Violation | undefined {
  const clash = RESERVED.find((r) => overlaps(r, named.cidr) && (!isNetworkRange || r === LINK_LOCAL || contains(r, named.cidr)));
  if (!clash) return undefined;
  return {
    prop: named.prop,
    value: named.cidr.text,
    number: 8,
    rule: `overlaps '${clash.text}', which Azure reserves (${RESERVED_RANGES.join(', ')})`,
    fix: 'choose a range outside the reserved ones, e.g. in 10.0.0.0/8',
  };
}

/** Rule 17 and 23: each node takes a /24 of the IPv4 pod range; kubenet also a /80 of the IPv6 one. */
export const POD_PREFIX_PER_NODE: Record<IpFamily, number> = { IPv4: 24, IPv6: 80 };

/** Rules 17 and 23: the pod range must be at least as large as one node's share. */
export function checkPodCidrHoldsANode(prop: string, cidr: Cidr, perNodePrefix: number, variant: 'kubenet' | 'overlay'): Violation | undefined {
  if (cidr.prefix <= perNodePrefix) return undefined;
  return {
    prop,
    value: cidr.text,
    number: variant === 'kubenet' ? 17 : 23,
    rule: `is smaller than /${perNodePrefix}, but each node takes a /${perNodePrefix} of the pod range`,
    fix: `use a /${perNodePrefix} or larger: a /${perNodePrefix - 8} holds ${2 ** 8} nodes`,
  };
}

/** The outbound types these constructs support with dual-stack (rule 10). */
export type OutboundType = 'loadBalancer' | 'userDefinedRouting' | 'userAssignedNATGateway';
/** The props that take the appliance's address, per family (rule 10). */
export const NEXT_HOP_PROP: Record<IpFamily, string> = { IPv4: 'egressNextHopIp', IPv6: 'egressNextHopIpv6' };
const NEXT_HOP_EXAMPLE: Record<IpFamily, string> = { IPv4: '10.240.255.4', IPv6: 'fd00:db8:deca:ffff::4' };
/** Private space a virtual appliance's address comes from: RFC 1918, the RFC 6598 shared space, and IPv6 ULAs. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map((t) => parseCidr(t) as Cidr);
/** Addresses that are never a host's (RFC 6890): no appliance can have one. */
const NOT_A_HOST = (
  [
    ['0.0.0.0/8', 'unspecified'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['224.0.0.0/4', 'multicast'],
    ['255.255.255.255/32', 'broadcast'],
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    ['fe80::/10', 'link-local'],
    ['ff00::/8', 'multicast'],
    ['::ffff:0:0/96', 'IPv4-mapped IPv6'],
    ['64:ff9b::/96', 'NAT64'],
  ] as const
).map(([text, kind]) => ({ cidr: parseCidr(text) as Cidr, kind }));

/** What the egress next hops are checked against. */
export interface EgressInput {
  readonly outboundType: string;
  readonly ipFamilies: readonly IpFamily[];
  readonly nextHops: Partial<Record<IpFamily, string>>;
  /** The cluster's pod and service ranges: an appliance is never inside them. */
  readonly clusterRanges: readonly NamedCidr[];
  /** The network's address space: an appliance there is usable even in public space. */
  readonly networkRanges: readonly Cidr[];
}

/**
 * Rule 10: user-defined routing needs, for every IP family of the cluster, a default route (0.0.0.0/0, ::/0) to a
 * virtual appliance, because AKS then creates no outbound addresses at all (AKS "egress with a user-defined
 * routing table"). Each next hop must be a usable private address: not a pod or service address, not loopback,
 * unspecified, link-local, multicast or broadcast, and not public unless inside the cluster's network.
 */
export function checkEgressNextHops(input: EgressInput): Violation[] {
  const udr = input.outboundType === 'userDefinedRouting';
  return (['IPv4', 'IPv6'] as const).flatMap((family): Violation[] => {
    const prop = NEXT_HOP_PROP[family];
    const value = input.nextHops[family];
    const fix = `give the appliance's private ${family} address, e.g. '${NEXT_HOP_EXAMPLE[family]}'`;
    if (!udr || !input.ipFamilies.includes(family)) {
      if (value === undefined) return [];
      const rule = udr ? 'is set, but the cluster has no IPv6 family' : `is only used with outboundType 'userDefinedRouting', not '${input.outboundType}'`;
      return [{ prop, value, rule, fix: udr ? 'remove it' : "remove it, or set outboundType: 'userDefinedRouting'" }];
    }
    if (value === undefined) {
      const route = family === 'IPv4' ? '0.0.0.0/0' : '::/0';
      return [{
        prop,
        value,
        number: 10,
        rule: `is unset, but outboundType 'userDefinedRouting' gives the cluster no ${family} egress of its own, so it needs a ${route} route to a virtual appliance`,
        fix,
      }];
    }
    if (isToken(value)) return [];
    const address = parseIpAddress(value);
    if (!address || address.family !== family) return [{ prop, value, number: 10, rule: `is not an ${family} address`, fix }];
    const special = NOT_A_HOST.find((s) => contains(s.cidr, address));
    if (special) return [{ prop, value, number: 10, rule: `is ${/^[aeiouI]/.test(special.kind) ? 'an' : 'a'} ${special.kind} address, which no appliance can have`, fix }];
    const own = input.clusterRanges.find((r) => contains(r.cidr, address));
    if (own) return [{ prop, value, number: 10, rule: `is inside ${own.prop} '${own.cidr.text}', the cluster's own addresses, not an appliance's`, fix }];
    const reserved = RESERVED.find((r) => contains(r, address));
    if (reserved) return [{ prop, value, number: 10, rule: `is inside '${reserved.text}', which Azure reserves`, fix }];
    const usable = [...PRIVATE_RANGES, ...input.networkRanges].some((r) => contains(r, address));
    return usable ? [] : [{ prop, value, number: 10, rule: 'is a public address, but a route sends traffic to an appliance by its private address', fix }];
  });
}

/** What rule 12 needs to know of a cluster. */
export interface PolicySettings {
  readonly variant: 'kubenet' | 'overlay';
  readonly dualStack: boolean;
  readonly networkPolicy?: string;
  readonly networkDataPlane?: string;
  readonly kubernetesVersion?: string;
}

/** The first Kubernetes version with cilium on a dual-stack cluster (rule 22). */
export const CILIUM_MIN_KUBERNETES_VERSION = '1.29';

/**
 * Rule 12 (and 14, 18, 22): Azure and Calico policies don't work with dual-stack; kubenet takes no policy engine
 * and no cilium; on CNI Overlay, cilium policy and the cilium data plane go together, from Kubernetes 1.29.
 */
export function checkNetworkPolicy(s: PolicySettings): Violation[] {
  const violations: Violation[] = [];
  const { networkPolicy: policy, networkDataPlane: plane } = s;
  if (policy !== undefined && !['azure', 'calico', 'cilium'].includes(policy)) {
    violations.push({ prop: 'networkPolicy', value: policy, number: 12, rule: "is not 'azure', 'calico' or 'cilium'", fix: "use 'cilium' (CNI Overlay), or leave it unset" });
  } else if (policy !== undefined && s.dualStack && policy !== 'cilium') {
    violations.push({
      prop: 'networkPolicy',
      value: policy,
      number: 12,
      rule: 'is not supported with dual-stack: only cilium enforces policy on both families',
      fix: "use networkPolicy 'cilium' with networkDataPlane 'cilium' on a CniOverlayDualStackCluster, or leave it unset",
    });
  } else if (policy !== undefined && s.variant === 'kubenet' && policy !== 'calico') {
    violations.push({ prop: 'networkPolicy', value: policy, number: 12, rule: 'is not supported with kubenet', fix: 'leave it unset, or use a CniOverlayDualStackCluster' });
  }
  if (plane !== undefined && plane !== 'azure' && plane !== 'cilium') {
    violations.push({ prop: 'networkDataPlane', value: plane, number: 12, rule: "is not 'azure' or 'cilium'", fix: "use 'cilium' or leave it unset" });
  } else if (plane === 'cilium' && s.variant === 'kubenet') {
    violations.push({ prop: 'networkDataPlane', value: plane, number: 12, rule: 'is not supported with kubenet, which has its own data plane', fix: 'leave it unset, or use a CniOverlayDualStackCluster' });
  } else if (s.variant === 'overlay' && (policy === 'cilium') !== (plane === 'cilium') && violations.length === 0) {
    violations.push(
      policy === 'cilium'
        ? { prop: 'networkPolicy', value: policy, number: 12, rule: "needs networkDataPlane 'cilium' (Azure CNI Powered by Cilium)", fix: "set networkDataPlane: 'cilium'" }
        : { prop: 'networkDataPlane', value: plane, number: 12, rule: "enforces policy with cilium, so it needs networkPolicy 'cilium'", fix: "set networkPolicy: 'cilium'" },
    );
  }
  if (plane === 'cilium' && s.variant === 'overlay' && s.dualStack && s.kubernetesVersion !== undefined) {
    const tooOld = checkKubernetesVersion(s.kubernetesVersion, CILIUM_MIN_KUBERNETES_VERSION, 'dual-stack cilium');
    if (tooOld && tooOld.rule.startsWith('is below')) violations.push(tooOld);
  }
  return violations;
}

/** Rule 24: AKS's bounds for pods per node. */
export const MAX_PODS_RANGE = { min: 10, max: 250, system: 30 } as const;

/** Rule 24: `maxPods` from 10 to 250; a System pool at least 30, for the cluster's own pods. */
export function checkMaxPods(prop: string, maxPods: number | undefined, mode: 'System' | 'User'): Violation | undefined {
  if (maxPods === undefined || isToken(maxPods)) return undefined;
  const min = mode === 'System' ? MAX_PODS_RANGE.system : MAX_PODS_RANGE.min;
  if (Number.isInteger(maxPods) && maxPods >= min && maxPods <= MAX_PODS_RANGE.max) return undefined;
  return {
    prop,
    value: maxPods,
    number: 24,
    rule: `is outside ${min} to ${MAX_PODS_RANGE.max}, what AKS allows on a ${mode} pool`,
    fix: `use a whole number from ${min} to ${MAX_PODS_RANGE.max}, or leave it unset for the AKS default`,
  };
}

/**
 * Rule 30: the default pool's `orchestratorVersion` equals `kubernetesVersion` when both are set; no pool runs a
 * newer Kubernetes than its control plane.
 */
export function checkOrchestratorVersion(
  prop: string,
  poolVersion: string | undefined,
  clusterVersion: string | undefined,
  isDefault: boolean,
  minimum: { version: string; why: string },
): Violation | undefined {
  if (poolVersion === undefined || isToken(poolVersion)) return undefined;
  const tooOld = checkKubernetesVersion(poolVersion, minimum.version, minimum.why);
  if (tooOld) return { ...tooOld, prop };
  // A missing, token or malformed cluster version is for checkKubernetesVersion to judge.
  if (clusterVersion === undefined || isToken(clusterVersion) || !KUBERNETES_VERSION.test(clusterVersion)) return undefined;
  if (isDefault && poolVersion !== clusterVersion) {
    return {
      prop,
      value: poolVersion,
      number: 30,
      rule: `differs from kubernetesVersion '${clusterVersion}', and the default pool must run the control plane's version`,
      fix: `use '${clusterVersion}', or leave it unset to follow kubernetesVersion`,
    };
  }
  const minor = (v: string) => v.split('.').slice(0, 2).map(Number);
  const [[poolMajor, poolMinor], [clusterMajor, clusterMinor]] = [minor(poolVersion), minor(clusterVersion)];
  if (!isDefault && (poolMajor > clusterMajor || (poolMajor === clusterMajor && poolMinor > clusterMinor))) {
    return {
      prop,
      value: poolVersion,
      number: 30,
      rule: `is newer than kubernetesVersion '${clusterVersion}', and a pool may not run ahead of its control plane`,
      fix: `use '${clusterVersion}' or older, or leave it unset to follow kubernetesVersion`,
    };
  }
  return undefined;
}

/** With rule 28 (System pools): they run the cluster's own pods, and AKS refuses one that can shrink to no node. */
export function checkSystemPoolNodes(prefix: string, counts: NodeCounts): Violation | undefined {
  const least = counts.minCount ?? counts.nodeCount;
  if (least === undefined || isToken(least) || least >= 1) return undefined;
  const key = counts.minCount !== undefined ? 'minCount' : 'nodeCount';
  return { prop: `${prefix}${key}`, value: least, number: 28, rule: 'leaves a System pool with no node, which AKS refuses', fix: 'give System pools at least 1 node (2 or more advised)' };
}

/** A warning: works, but unwise. Worded like a violation, shown as an annotation. */
export type Advice = Violation;

/** Advice (issue 4's warnings): B-series VMs are burstable; under a steady load they run out of CPU credit and system pods suffer. */
export function adviseSystemVmSize(prop: string, vmSize: string): Advice | undefined {
  if (isToken(vmSize) || !/^standard_b/i.test(vmSize)) return undefined;
  return {
    prop,
    value: vmSize,
    number: 52,
    rule: 'is a burstable B-series size, which Microsoft advises against for System pools: system pods starve once CPU credits run out',
    fix: "use a general-purpose size such as 'Standard_D2s_v5'",
  };
}

/** Microsoft advises at least 2 system nodes, so that system pods survive a node's loss or upgrade. */
export const MIN_SYSTEM_NODES = 2;

/** Advice (issue 4's warnings): fewer than 2 system nodes leave the cluster's own pods on a single node. */
export function adviseSystemNodeCount(systemNodes: Record<string, number | undefined>): Advice | undefined {
  if (Object.values(systemNodes).some((n) => n === undefined)) return undefined;
  const total = sumNodes(systemNodes);
  if (total >= MIN_SYSTEM_NODES) return undefined;
  return {
    prop: 'System pools',
    value: systemNodes,
    number: 52,
    rule: `have ${total} node${total === 1 ? '' : 's'} at the least, so one node's loss or upgrade stops the cluster's own pods`,
    fix: `give the System pools at least ${MIN_SYSTEM_NODES} nodes (minCount when autoscaling)`,
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An Entra id (tenant, object, principal or client id) is a GUID. A value that is not one is not quoted in the
 * message: ids sit beside secrets, and a client secret pasted into the wrong field must not reach a CI log.
 */
export function checkGuid(prop: string, value: string, what: string, number: number): Violation | undefined {
  if (isToken(value) || GUID.test(value)) return undefined;
  return { prop, value: undefined, number, rule: `is not ${what} (a GUID): a ${value.length}-character string, not shown in case it is a secret`, fix: "give the id, like '00000000-0000-0000-0000-000000000000', not a name or a secret" };
}
