import { DataAzurermVirtualNetwork } from '@cdktf/provider-azurerm/lib/data-azurerm-virtual-network';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Construct } from 'constructs';
import { DualStackSubnet, IDualStackVirtualNetwork } from './dual-stack-subnet';
import { DUAL_STACK_NETWORK } from './private/brands';
import { Cidr, IpFamily, insertSorted, nextFreeBlock, parseCidr } from './private/cidr';
import { Violation, collect, throwIfAny } from './private/errors';
import { NamedCidr, checkInside, checkNotBlank, checkOverlapWith, checkOverlaps, checkOverlapsSorted, checkReserved, isToken, overlapIndex, parseCidrProp, reservedBlocks } from './private/rules';
import { bool, checkProps, schema, constructId, map, num, required, str, strList } from './private/shape';
import type { WrittenSubnets } from './private/gate';
import { checkSubnetCapacities } from './private/subnet-usage';
import { gateAtSynth, isExpression, written, writtenStack } from './private/written';
import { normalizeLocation } from './private/azure-names';
import { targetProviders } from './private/providers';

/**
 * The default address space: an IPv4 range clear of the default pod (10.244.0.0/16) and service
 * (10.0.0.0/16) ranges, where the kubenet document's nodes live (10.240.0.x), and an IPv6 ULA /48.
 */
/** What the checks at synth read of a network, once per reading of its stack. */
interface WrittenReading {
  readonly ranges: NamedCidr[];
  /** Finds the range a block overlaps, without comparing it with every one. */
  readonly overlap: (block: NamedCidr) => Violation | undefined;
  subnets?: WrittenSubnets;
}

export const DEFAULT_ADDRESS_SPACE: readonly string[] = ['10.240.0.0/16', 'fd00:db8:deca::/48'];
/** The IPv4 subnet size `addSubnet()` carves by default. */
const DEFAULT_IPV4_SUBNET_PREFIX = 24;
/** Every node subnet gets exactly one IPv6 /64 (rule 26). */
const IPV6_SUBNET_PREFIX = 64;
/** Azure's smallest subnet: 5 addresses are reserved, a /29 leaves 3. */
const SMALLEST_IPV4_SUBNET_PREFIX = 29;
const EXAMPLE_SUBNET: Record<IpFamily, string> = { IPv4: '10.240.1.0/24', IPv6: 'fd00:db8:deca:1::/64' };

/** Options of {@link DualStackVirtualNetwork.addSubnet}. */
export interface DualStackSubnetOptions {
  /**
   * The subnet's name in Azure.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The prefix length of the IPv4 range to carve when `ipv4Cidr` is not given.
   *
   * @default 24
   */
  readonly ipv4PrefixLength?: number;
  /**
   * The subnet's IPv4 range, inside the network's address space.
   *
   * @default - the lowest free block of `ipv4PrefixLength` bits
   */
  readonly ipv4Cidr?: string;
  /**
   * The subnet's IPv6 range: a /64 inside the network's address space.
   *
   * @default - the lowest free /64
   */
  readonly ipv6Cidr?: string;
}

const SUBNET_OPTIONS = schema<DualStackSubnetOptions>('addSubnet options', { name: str, ipv4PrefixLength: num, ipv4Cidr: str, ipv6Cidr: str });

/** Props of a {@link DualStackVirtualNetwork}. */
export interface DualStackVirtualNetworkProps {
  readonly resourceGroupName: string;
  readonly location: string;
  /**
   * The network's name in Azure.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The network's address ranges: at least one IPv4 and one IPv6 (rule 26).
   *
   * @default ['10.240.0.0/16', 'fd00:db8:deca::/48']
   * @see https://learn.microsoft.com/azure/virtual-network/ip-services/ipv6-overview
   */
  readonly addressSpace?: string[];
  /**
   * Tags for the network.
   *
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Use the existing network of this name and resource group (read through the `azurerm_virtual_network` data
   * source) instead of creating one. `addressSpace` then names the ranges of it to carve subnets from; the plan
   * fails if the network lacks one of them. The data source names the network's subnets but not their ranges,
   * so subnets are only carved once `usedRanges` says what is taken; otherwise give each subnet its ranges.
   *
   * @default false
   */
  readonly existing?: boolean;
  /**
   * Ranges of the network that subnets this library does not manage already use (both families): carved
   * subnets go around them, and given ones may not overlap them. Required to carve in an `existing` network,
   * where `[]` says that nothing is taken.
   *
   * @default - none for a new network; unknown, so no carving, for an existing one
   */
  readonly usedRanges?: string[];
}

const NETWORK_PROPS = schema<DualStackVirtualNetworkProps>('DualStackVirtualNetworkProps', {
  resourceGroupName: required(str),
  location: required(str),
  name: str,
  addressSpace: strList,
  tags: map,
  existing: bool,
  usedRanges: strList,
});

/**
 * An `azurerm_virtual_network` with an IPv4 and an IPv6 address range, from which `addSubnet()` carves
 * dual-stack subnets.
 */
export class DualStackVirtualNetwork extends Construct implements IDualStackVirtualNetwork {
  /** Marks this as a network a `DualStackSubnet` takes. */
  readonly [DUAL_STACK_NETWORK] = true;
  /** The raw `azurerm_virtual_network`, or for an existing network the data source that reads it. */
  readonly resource: VirtualNetwork | DataAzurermVirtualNetwork;
  /** The network's name in Azure. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The address space, frozen: changing it after the checks ran would leave them stale. */
  readonly addressSpace: readonly string[];
  /** True for a network read through the data source rather than created. */
  readonly existing: boolean;
  /** The address space, parsed and named for messages; tokens left out. */
  private readonly ranges: NamedCidr[];
  /** `usedRanges`, parsed and named; undefined when not given or not known until apply. */
  private readonly used?: NamedCidr[];
  /** True when `usedRanges` holds tokens: what they cover is unknown, so nothing is carved. */
  private readonly usedUnknown: boolean;
  private readonly subnetList: DualStackSubnet[] = [];
  /** The used ranges and every subnet's ranges, named for messages; kept as subnets register. */
  private readonly taken: NamedCidr[] = [];
  /** The same ranges and the reserved ones, per family, sorted by first address, for carving without sorting. */
  private readonly takenSorted: Record<IpFamily, Cidr[]> = { IPv4: [], IPv6: [] };
  /** Where the last carve of each family and size went. */
  private readonly lastCarved = new Map<string, bigint>();
  /** The written ranges, per reading of the stack. */
  private readonly writtenCache = new WeakMap<object, WrittenReading>();
  /** Subnet names in Azure, to the subnet that has each. */
  private readonly subnetNames = new Map<string, DualStackSubnet>();

  constructor(scope: Construct, id: string, props: DualStackVirtualNetworkProps) {
    super(scope, constructId(scope, id));
    targetProviders(this);
    props = checkProps(this.node.path, props, NETWORK_PROPS);
    this.name = props.name ?? id;
    this.resourceGroupName = props.resourceGroupName;
    this.location = props.location;
    this.addressSpace = Object.freeze(isToken(props.addressSpace) ? props.addressSpace! : [...(props.addressSpace ?? DEFAULT_ADDRESS_SPACE)]);
    this.existing = props.existing ?? false;

    const violations: Violation[] = [];
    const named = this.addressSpace.flatMap((text, i): NamedCidr[] => {
      const parsed = parseCidrProp(`addressSpace[${i}]`, text, DEFAULT_ADDRESS_SPACE[i % 2]);
      if (parsed && 'rule' in parsed) violations.push(parsed);
      return parsed && !('rule' in parsed) ? [{ prop: `addressSpace[${i}]`, cidr: parsed }] : [];
    });
    this.ranges = named;
    // Ranges only known at apply say nothing about what is free: carving needs every one of them.
    const usedKnown = props.usedRanges !== undefined && !isToken(props.usedRanges) && !props.usedRanges.some(isToken);
    this.used = usedKnown ? props.usedRanges!.flatMap((text, i): NamedCidr[] => {
      const parsed = parseCidrProp(`usedRanges[${i}]`, text, EXAMPLE_SUBNET.IPv4);
      if (parsed && 'rule' in parsed) violations.push(parsed);
      if (!parsed || 'rule' in parsed) return [];
      const range = { prop: `usedRanges[${i}]`, cidr: parsed };
      const outside = this.resolved ? checkInside(range, this.ranges.map((r) => r.cidr), 'addressSpace', 'list only ranges of this network') : undefined;
      if (outside) violations.push(outside);
      return [range];
    }) : undefined;
    this.usedUnknown = props.usedRanges !== undefined && !usedKnown;
    this.taken.push(...(this.used ?? []).map((u) => ({ ...u, prop: `network '${this.node.path}' ${u.prop}` })));
    for (const cidr of [...this.taken.map((t) => t.cidr), ...reservedBlocks()]) insertSorted(this.takenSorted[cidr.family], cidr);
    if (violations.length === 0 && this.resolved) {
      const missing = (['IPv4', 'IPv6'] as const).filter((f) => this.rangesOf(f).length === 0);
      if (missing.length > 0) {
        violations.push({
          prop: 'addressSpace',
          value: this.addressSpace,
          number: 26,
          rule: `has no ${missing.join(' or ')} range, but a dual-stack network needs both`,
          fix: `add one, e.g. ${JSON.stringify(DEFAULT_ADDRESS_SPACE)}`,
        });
      }
    }
    for (const range of named) {
      if (range.cidr.family === 'IPv6' && range.cidr.prefix > IPV6_SUBNET_PREFIX) {
        violations.push({
          prop: range.prop,
          value: range.cidr.text,
          number: 26,
          rule: `is smaller than /${IPV6_SUBNET_PREFIX}, but every node subnet takes an IPv6 /${IPV6_SUBNET_PREFIX} from it`,
          fix: `use a /${IPV6_SUBNET_PREFIX} or larger, e.g. '${DEFAULT_ADDRESS_SPACE[1]}'`,
        });
      }
    }
    violations.push(
      ...collect(checkNotBlank('location', this.location), checkNotBlank('resourceGroupName', this.resourceGroupName)),
      ...collect(...named.map((n) => checkReserved(n, true))),
      ...checkOverlaps(named),
    );
    throwIfAny(this, violations);

    this.resource = this.existing
      ? new DataAzurermVirtualNetwork(this, 'Resource', {
          name: this.name,
          resourceGroupName: this.resourceGroupName,
          lifecycle: {
            postcondition: [
              {
                // Compared in canonical form (cidrhost gives it), however Azure spells the ranges.
                condition: `\${length(setsubtract(${JSON.stringify(this.addressSpace)}, [for r in self.address_space : format("%s/%s", cidrhost(r, 0), split("/", r)[1])])) == 0}`,
                errorMessage: `The network '${this.name}' lacks one of the ranges ${JSON.stringify(this.addressSpace)} that its subnets are carved from.`,
              },
              ...(isToken(this.location) ? [] : [{
                // Node VMs and subnet route tables must be in the network's region.
                condition: `\${lower(replace(self.location, " ", "")) == ${JSON.stringify(normalizeLocation(this.location))}}`,
                errorMessage: `The network '${this.name}' is not in '${this.location}', the location given for it, where its clusters and route tables go.`,
              }]),
            ],
          },
        })
      : new VirtualNetwork(this, 'Resource', {
          name: this.name,
          resourceGroupName: this.resourceGroupName,
          location: this.location,
          addressSpace: [...this.addressSpace],
          tags: props.tags,
        });
  }

  /** The network's Azure resource id (a token). */
  get virtualNetworkId(): string {
    return this.resource.id;
  }

  /** The subnets added so far (a copy). */
  get subnets(): DualStackSubnet[] {
    return [...this.subnetList];
  }

  /** The parsed address ranges of one family (empty when the address space holds tokens). */
  rangesOf(family: IpFamily): Cidr[] {
    return this.ranges.filter((r) => r.cidr.family === family).map((r) => r.cidr);
  }

  /**
   * The network's parsed ranges and its subnets' ranges, each named for messages (`addressSpace[1]`,
   * `subnet 'apps' ipv4Cidr`). Tokens are left out.
   */
  namedRanges(): NamedCidr[] {
    const path = this.node.path;
    return [...this.ranges.map((r) => ({ ...r, prop: `network '${path}' ${r.prop}` })), ...this.taken];
  }

  /**
   * Adds a dual-stack subnet: the given ranges, checked, or the lowest free IPv4 block and IPv6 /64.
   */
  addSubnet(id: string, options: DualStackSubnetOptions = {}): DualStackSubnet {
    id = constructId(this, id);
    options = checkProps(this.node.path, options, SUBNET_OPTIONS, `addSubnet('${id}')`);
    const ipv4PrefixLength = options.ipv4PrefixLength ?? DEFAULT_IPV4_SUBNET_PREFIX;
    const violations: Violation[] = [];
    const prefixOk = Number.isInteger(ipv4PrefixLength) && ipv4PrefixLength >= 1 && ipv4PrefixLength <= SMALLEST_IPV4_SUBNET_PREFIX;
    if (options.ipv4Cidr === undefined && !prefixOk) {
      violations.push({
        prop: 'ipv4PrefixLength',
        value: ipv4PrefixLength,
        rule: isToken(ipv4PrefixLength) ? 'is a token, but carving a range needs its size at synth' : `is not a whole number from 1 to ${SMALLEST_IPV4_SUBNET_PREFIX}, Azure's smallest subnet`,
        fix: isToken(ipv4PrefixLength) ? 'give a number like 24, or ipv4Cidr' : 'use a prefix length like 24',
      });
    }
    const ipv4Cidr = options.ipv4Cidr ?? (prefixOk ? this.carve('IPv4', ipv4PrefixLength, violations) : undefined);
    const ipv6Cidr = options.ipv6Cidr ?? this.carve('IPv6', IPV6_SUBNET_PREFIX, violations);
    if (options.ipv4Cidr !== undefined) violations.push(...this.checkGiven('ipv4Cidr', 'IPv4', options.ipv4Cidr));
    if (options.ipv6Cidr !== undefined) violations.push(...this.checkGiven('ipv6Cidr', 'IPv6', options.ipv6Cidr));
    throwIfAny(this, violations.map((v) => ({ ...v, prop: `addSubnet('${id}').${v.prop}` })));

    return new DualStackSubnet(this, id, { network: this, name: options.name, ipv4Cidr: ipv4Cidr!, ipv6Cidr: ipv6Cidr! });
  }

  /**
   * Rules 7 and 26 for a subnet's ranges, whether carved, given to `addSubnet()` or to a `DualStackSubnet` made
   * directly: inside the network, an IPv4 block and an IPv6 /64, clear of reserved, used and other subnets'
   * ranges; and a name no other subnet of the network has.
   *
   * @internal
   */
  checkSubnet(name: string, ipv4Cidr: string, ipv6Cidr: string): Violation[] {
    const clash = this.subnetNames.get(name);
    return [
      ...this.checkGiven('ipv4Cidr', 'IPv4', ipv4Cidr),
      ...this.checkGiven('ipv6Cidr', 'IPv6', ipv6Cidr),
      ...(clash && !isToken(name)
        ? [{ prop: 'name', value: name, rule: `is already the name of subnet '${clash.node.path}' in this network`, fix: 'give each subnet a name of its own (clusters name theirs <cluster name>-<pool>)' }]
        : []),
    ];
  }

  /**
   * Records a subnet once it is made, so that later subnets and clusters see its ranges.
   *
   * @internal
   */
  registerSubnet(subnet: DualStackSubnet): void {
    if (this.subnetList.length === 0) gateAtSynth(this, () => this.checkWrittenSubnets());
    this.subnetList.push(subnet);
    this.subnetNames.set(subnet.name, subnet);
    for (const key of ['ipv4Cidr', 'ipv6Cidr'] as const) {
      const cidr = parseCidr(subnet[key]);
      if (typeof cidr !== 'string') {
        this.taken.push({ prop: `subnet '${subnet.node.id}' ${key}`, cidr });
        insertSorted(this.takenSorted[cidr.family], cidr);
      }
    }
  }

  /** True when the address space holds no tokens, so ranges can be carved and checked. */
  private get resolved(): boolean {
    return this.ranges.length === this.addressSpace.length;
  }

  /** The lowest free block of `prefix` bits, or a violation when none is left. */
  private carve(family: IpFamily, prefix: number, violations: Violation[]): string | undefined {
    const prop = family === 'IPv4' ? 'ipv4Cidr' : 'ipv6Cidr';
    if (!this.resolved) {
      violations.push({ prop, value: undefined, number: 43, rule: 'cannot be carved from an address space of unresolved tokens', fix: `pass ${prop}` });
      return undefined;
    }
    if (this.usedUnknown) {
      violations.push({
        prop,
        value: undefined,
        number: 43,
        rule: 'cannot be carved: usedRanges holds values known only at apply, so a carved range could collide with one',
        fix: 'pass ipv4Cidr and ipv6Cidr, or give usedRanges as literal ranges',
      });
      return undefined;
    }
    if (this.existing && this.used === undefined) {
      violations.push({
        prop,
        value: undefined,
        number: 43,
        rule: `cannot be carved from the existing network '${this.name}': its subnets' ranges are unknown here (the data source gives their names only), so a carved range could collide with one`,
        fix: `pass ipv4Cidr and ipv6Cidr (network.addSubnet(), then the pool's subnet), or list the ranges in use in the network's usedRanges`,
      });
      return undefined;
    }
    if (this.existing && this.used!.length > 0 && !this.used!.some((u) => u.cidr.family === family)) {
      violations.push({
        prop,
        value: undefined,
        number: 43,
        rule: `cannot be carved from the existing network '${this.name}': usedRanges lists no ${family} range, and its subnets surely use some`,
        fix: `add the ${family} ranges in use to usedRanges (none: give usedRanges: [] only if the network has no subnets), or pass ${prop}`,
      });
      return undefined;
    }
    // Carve around the subnets taken so far and the ranges AKS reserves (rule 8), from where the last carve of
    // this size went: blocks are only ever added, so nothing below it opens up.
    const size = `${family}/${prefix}`;
    const block = nextFreeBlock(this.rangesOf(family), this.takenSorted[family], prefix, { from: this.lastCarved.get(size) });
    if (block) this.lastCarved.set(size, block.first);
    if (!block) {
      violations.push({
        prop,
        value: undefined,
        rule: `cannot be carved: no free /${prefix} is left in ${JSON.stringify(this.rangesOf(family).map((r) => r.text))}`,
        fix: family === 'IPv4' ? 'enlarge addressSpace, or carve smaller subnets with ipv4PrefixLength' : 'add or enlarge the IPv6 range of addressSpace',
      });
    }
    return block?.text;
  }

  /** Rule 26 for a given range: parsable, of its family, a /64 for IPv6, inside the network, clear of `others`. */
  private checkGiven(
    prop: string,
    family: IpFamily,
    given: string,
    others: readonly NamedCidr[] = this.taken,
    within: { ranges: readonly Cidr[]; fix?: string } | undefined = this.resolved ? { ranges: this.ranges.map((r) => r.cidr) } : undefined,
  ): Violation[] {
    const parsed = parseCidrProp(prop, given, EXAMPLE_SUBNET[family]);
    if (parsed === undefined) return [];
    if ('rule' in parsed) return [parsed];
    if (parsed.family !== family) return [{ prop, value: given, number: 26, rule: `is not ${family}`, fix: `give an ${family} range like '${EXAMPLE_SUBNET[family]}'` }];
    if (family === 'IPv6' && parsed.prefix !== IPV6_SUBNET_PREFIX) {
      return [{ prop, value: given, number: 26, rule: 'is not a /64, but each AKS node subnet takes exactly one IPv6 /64', fix: `give a /64 like '${EXAMPLE_SUBNET.IPv6}'` }];
    }
    if (family === 'IPv4' && parsed.prefix > SMALLEST_IPV4_SUBNET_PREFIX) {
      return [{ prop, value: given, number: 26, rule: `is smaller than /${SMALLEST_IPV4_SUBNET_PREFIX}, Azure's smallest subnet`, fix: `give a /${SMALLEST_IPV4_SUBNET_PREFIX} or larger` }];
    }
    const named = { prop, cidr: parsed };
    const outside = (within ? checkInside(named, within.ranges, 'addressSpace', within.fix) : undefined) ?? checkReserved(named);
    const clash = outside ?? checkOverlapWith(named, others);
    return clash ? [clash] : [];
  }

  /**
   * The network's ranges and its subnets' as written (after escape hatches), named for messages; expressions left
   * out. What the clusters' pod and service ranges are checked against at synth.
   *
   * @internal
   */
  writtenRanges(): WrittenReading {
    // Read once per validation pass (a new reading of the stack is a new object), however many clusters ask.
    const stack = writtenStack(this);
    let known = this.writtenCache.get(stack);
    if (!known) {
      const ranges = [...this.writtenAddressSpace(), ...(this.used ?? []).map((u) => ({ ...u, prop: `network '${this.node.path}' ${u.prop}` })), ...this.writtenSubnetRanges().flatMap((r) => r.ranges)];
      known = { ranges, overlap: overlapIndex(ranges) };
      this.writtenCache.set(stack, known);
    }
    return known;
  }

  /** The address space as written: the resource's `address_space`, or the given ranges of an existing network. */
  /**
   * How this network's subnets are written in its stack, for the rule 31 of a cluster in the same stack: their
   * ids, and the network's name as the network and they write it. Once per reading.
   *
   * @internal
   */
  writtenSubnets(): WrittenSubnets {
    const known = this.writtenRanges();
    if (!known.subnets) {
      const stack = writtenStack(this);
      const keys = new Set(this.subnetList.map((s) => s.resource.friendlyUniqueId));
      const mine = Object.entries(stack.resource?.azurerm_subnet ?? {}).filter(([key]) => keys.has(key));
      const kind = this.resource.terraformResourceType;
      const ownName = (stack.resource?.[kind] ?? stack.data?.[kind])?.[this.resource.friendlyUniqueId]?.name;
      known.subnets = {
        ids: new Set(mine.map(([key]) => `\${azurerm_subnet.${key}.id}`)),
        // A literal name, or an expression such as a variable, as written.
        names: new Set([this.name, ownName, ...mine.map(([, body]) => body.virtual_network_name)]),
      };
    }
    return known.subnets;
  }

  private writtenAddressSpace(): NamedCidr[] {
    const space = this.resource instanceof VirtualNetwork ? written(this.resource).address_space : this.addressSpace;
    if (!Array.isArray(space)) return [];
    return space.flatMap((text, i): NamedCidr[] => {
      const cidr = isExpression(text) ? undefined : parseCidr(String(text));
      return cidr && typeof cidr !== 'string' ? [{ prop: `network '${this.node.path}' addressSpace[${i}]`, cidr }] : [];
    });
  }

  /** Each subnet's written `address_prefixes`, parsed where they parse. */
  private writtenSubnetRanges(): { subnet: DualStackSubnet; prefixes: unknown; ranges: NamedCidr[] }[] {
    return this.subnetList.map((subnet) => {
      const prefixes = written(subnet.resource).address_prefixes;
      const texts = Array.isArray(prefixes) && !prefixes.some(isExpression) ? prefixes.map(String) : [];
      const ranges = texts.flatMap((t): NamedCidr[] => {
        const cidr = parseCidr(t);
        return typeof cidr === 'string' ? [] : [{ prop: `subnet '${subnet.node.id}' ${cidr.family === 'IPv4' ? 'ipv4Cidr' : 'ipv6Cidr'}`, cidr }];
      });
      return { subnet, prefixes, ranges };
    });
  }

  /**
   * The gate (rules 7, 8 and 26) on what the network and its subnets write, whatever changed them after they were
   * checked: an IPv4 and an IPv6 range in the network; one IPv4 range and one IPv6 /64 per subnet, inside the
   * network, clear of each other and of the used ranges; and room in each subnet for the nodes of every pool
   * on it, of every cluster.
   */
  private checkWrittenSubnets(): Violation[] {
    const space = this.writtenAddressSpace();
    const violations: Violation[] = [];
    const missing = (['IPv4', 'IPv6'] as const).filter((f) => !space.some((r) => r.cidr.family === f));
    const spaceKnown = !isExpression(this.resource instanceof VirtualNetwork ? written(this.resource).address_space : undefined) && this.resolved;
    if (spaceKnown && missing.length > 0) {
      violations.push({ prop: 'addressSpace', value: space.map((r) => r.cidr.text), number: 26, rule: `is written without an ${missing.join(' or ')} range, but a dual-stack network needs both`, fix: `keep both, e.g. ${JSON.stringify(DEFAULT_ADDRESS_SPACE)}` });
    }
    // The address space's own rules (8, 7): clear of the link-local range, not inside a reserved one, no two
    // ranges sharing an address (cdktf appends an override's list to the list it overrides).
    violations.push(...collect(...space.map((r) => checkReserved(r, true))), ...checkOverlapsSorted(space));
    const within = spaceKnown ? { ranges: space.map((r) => r.cidr), fix: "keep the subnet's ranges inside the network's address space" } : undefined;
    const subnets = this.writtenSubnetRanges();
    for (const { subnet, prefixes } of subnets) {
      const prop = `subnet '${subnet.node.id}' address_prefixes`;
      if (isExpression(prefixes) || (Array.isArray(prefixes) && prefixes.some(isExpression))) continue;
      const texts = Array.isArray(prefixes) ? prefixes.map(String) : [];
      const families = texts.map((t) => parseCidr(t)).map((c) => (typeof c === 'string' ? undefined : c.family));
      if (families.length !== 2 || !families.includes('IPv4') || !families.includes('IPv6')) {
        violations.push({ prop, value: prefixes, number: 26, rule: 'is not one IPv4 range and one IPv6 range', fix: `write ['${EXAMPLE_SUBNET.IPv4}', '${EXAMPLE_SUBNET.IPv6}'], or leave the subnet's ranges to addSubnet()` });
        continue;
      }
      violations.push(...texts.flatMap((t, i) => this.checkGiven(`${prop}[${i}]`, families[i]!, t, [], within)));
    }
    // Overlaps, in one sweep over every subnet's written ranges and the used ones, in address order.
    violations.push(...checkOverlapsSorted([...(this.used ?? []), ...subnets.flatMap((w) => w.ranges)]));
    return [...violations, ...checkSubnetCapacities(this.subnetList, writtenStack(this))];
  }

}
