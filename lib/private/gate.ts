import { checkVmSize } from './azure-names';
import { checkClusterCapacity, clusterLimits } from './capacity';
import { IpFamily, canonicalAddress } from './cidr';
import { Violation, collect, renamed } from './errors';
import { PoolNames, checkZonesAndSku, checkMaxSurge, checkNodeLabels, checkNodeTaints, checkRotationNames } from './pool-rules';
import {
  CILIUM_MIN_KUBERNETES_VERSION,
  DEFAULT_POD_CIDRS,
  DEFAULT_SERVICE_CIDRS,
  NamedCidr,
  POD_PREFIX_PER_NODE,
  checkDnsServiceIp,
  checkEgressNextHops,
  checkKubernetesVersion,
  checkMaxPods,
  checkNetworkPolicy,
  checkNodeCounts,
  checkOrchestratorVersion,
  checkOverlapWith,
  checkPodCidrHoldsANode,
  checkPoolName,
  checkReserved,
  checkServiceCidrSize,
  checkSystemPoolNodes,
  isToken,
  named,
  parseCidrList,
  parseIpFamilies,
  peakNodes,
} from './rules';
import { Schema, Shape, any, bool, checkShape, map, num, str, strList } from './shape';
import { checkOutboundType } from './egress';
import { Body, StackJson, asProp, blockOf, isExpression } from './written';

// The rules of a cluster and its pools, checked again on what they write (see written.ts). Messages name the
// props the attributes come from, as the checks of props do, so that one mistake reads the same either way;
// attributes no prop sets are named as written.

/** A pool as written: the attributes the rules read, named as pool options. */
interface WrittenPool {
  /** A Windows pool's `windows_profile.outbound_nat_enabled`. */
  readonly outboundNatEnabled?: boolean;
  readonly name?: string;
  readonly vmSize?: string;
  readonly nodeCount?: number;
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly autoScalingEnabled?: boolean;
  readonly maxPods?: number;
  readonly orchestratorVersion?: string;
  readonly osType?: string;
  readonly mode?: string;
  readonly temporaryNameForRotation?: string;
  readonly maxSurge?: string;
  readonly drainTimeoutInMinutes?: number;
  readonly nodeLabels?: Record<string, string>;
  readonly nodeTaints?: string[];
  readonly zones?: string[];
  readonly osSku?: string;
  /** A list of attributes, or 'all'. */
  readonly ignoreChanges?: string[] | string;
}

const WRITTEN_POOL: Schema<WrittenPool> = {
  name: str,
  vmSize: str,
  nodeCount: num,
  minCount: num,
  maxCount: num,
  autoScalingEnabled: bool,
  maxPods: num,
  orchestratorVersion: str,
  osType: str,
  mode: str,
  temporaryNameForRotation: str,
  maxSurge: str,
  drainTimeoutInMinutes: num,
  nodeLabels: map,
  nodeTaints: strList,
  zones: strList,
  osSku: str,
  outboundNatEnabled: bool,
  ignoreChanges: any,
};

/** One pool of a cluster: its written body and how messages name its props. */
export interface PoolBody {
  /** `defaultNodePool.` or `addNodePool('apps').` */
  readonly prefix: string;
  readonly body: Body;
  readonly isDefault: boolean;
}

/** A network's subnets as one reading of its stack writes them: their ids, and how they name the network. */
export interface WrittenSubnets {
  readonly ids: ReadonlySet<unknown>;
  readonly names: ReadonlySet<unknown>;
}

/** What the cluster gate needs to know besides the written bodies. */
export interface ClusterGateInput {
  readonly variant: 'kubenet' | 'overlay';
  readonly label: string;
  readonly networkPlugin: string;
  readonly networkPluginMode?: string;
  readonly minKubernetesVersion: string;
  readonly cluster: Body;
  readonly pools: readonly PoolBody[];
  /** The route table's written body, when the cluster has one. */
  readonly routeTable?: Body;
  /** Routes the cluster adds to its route table besides AKS's (user-defined routing). */
  readonly otherRoutes: number;
  /** The network's ranges and subnets as written, which pod and service ranges must not overlap. */
  readonly networkRanges: readonly NamedCidr[];
  /** An index of `networkRanges`, to find the range one overlaps without comparing it with every one. */
  readonly networkOverlap: (block: NamedCidr) => Violation | undefined;
  readonly stack: StackJson;
  /** The outbound type the cluster was built for: its route table, routes and grants follow it. */
  readonly outboundType: string;
  /** The egress routes of user-defined routing, per family. */
  readonly egressRoutes: readonly { family: IpFamily; body: Body }[];
  /** The route table associated with each subnet of the stack, by written ids. */
  readonly routeTableOfSubnet: ReadonlyMap<unknown, unknown>;
  /** The cluster's own route table (its written id), when it has one. */
  readonly routeTableId?: string;
  /** The subnets of the cluster's network as this stack writes them; none when the network is in another stack. */
  readonly networkSubnets?: WrittenSubnets;
}

/** The rules of a cluster and its pools, on their written configuration. */
export function checkWrittenCluster(input: ClusterGateInput): Violation[] {
  const violations: Violation[] = [];
  const cluster = input.cluster;
  const profile = blockOf(cluster.network_profile) ?? {};
  const value = (v: unknown, shape: Shape, prop: string) => checkShape(prop, asProp(v, shape), shape, violations);
  const kubernetesVersion = value(cluster.kubernetes_version, str, 'kubernetesVersion') as string | undefined;
  const ipVersions = value(profile.ip_versions, strList, 'ipFamilies') as string[] | undefined;
  const podCidrs = value(profile.pod_cidrs, strList, 'podCidrs') as string[] | undefined;
  const serviceCidrs = value(profile.service_cidrs, strList, 'serviceCidrs') as string[] | undefined;
  const dnsServiceIp = value(profile.dns_service_ip, str, 'dnsServiceIp') as string | undefined;
  const outboundType = value(profile.outbound_type, str, 'outboundType') as string | undefined;
  const networkPolicy = value(profile.network_policy, str, 'networkPolicy') as string | undefined;
  const networkDataPlane = value(profile.network_data_plane, str, 'networkDataPlane') as string | undefined;
  if (violations.length > 0) return violations;
  // What decides which rules apply must be known at synth: an expression that is not constant is refused, as a
  // token is in props. (Constant expressions arrive here evaluated.)
  const choices = ['network_plugin', 'network_plugin_mode', 'load_balancer_sku', 'outbound_type', 'network_policy', 'network_data_plane'] as const;
  const unknowable = choices.filter((c) => isExpression(profile[c]));
  if (unknowable.length > 0) {
    return unknowable.map((c) => ({ prop: `network_profile.${c}`, value: profile[c], number: 53, rule: 'is an expression known only at apply, but it decides which rules apply and what the cluster needs, so it must be known at synth', fix: 'write the value itself' }));
  }

  // The provider's defaults where nothing is written: IPv4 alone, load-balancer egress.
  const families = parseIpFamilies(ipVersions ?? ['IPv4']);
  if ('rule' in families) return [families];
  const pods = podCidrs === undefined ? { cidrs: [], violations: [] } : parseCidrList('podCidrs', podCidrs, families, DEFAULT_POD_CIDRS);
  const services = serviceCidrs === undefined ? { cidrs: [], violations: [] } : parseCidrList('serviceCidrs', serviceCidrs, families, DEFAULT_SERVICE_CIDRS);
  const ranges = [...named('podCidrs', pods.cidrs), ...named('serviceCidrs', services.cidrs)];
  const cilium = networkDataPlane === 'cilium';
  const windowsProfile = blockOf(cluster.windows_profile);
  const exact = (attribute: string, written: unknown, wanted: string | undefined, rule: string, number: number): Violation | undefined =>
    written === wanted || isToken(asProp(written, str))
      ? undefined
      : { prop: `network_profile.${attribute}`, value: written, rule: `is ${rule}`, fix: wanted === undefined ? 'remove it' : `write '${wanted}'`, number };
  const kubenet = input.variant === 'kubenet';
  violations.push(
    ...collect(
      exact('network_plugin', profile.network_plugin, input.networkPlugin, `not '${input.networkPlugin}', the plugin of a ${input.label} cluster`, kubenet ? 14 : 21),
      exact('network_plugin_mode', profile.network_plugin_mode, input.networkPluginMode, `not the plugin mode of a ${input.label} cluster`, kubenet ? 14 : 21),
      profile.load_balancer_sku === undefined || profile.load_balancer_sku === null ? undefined : exact('load_balancer_sku', profile.load_balancer_sku, 'standard', "not 'standard', the only load balancer dual-stack clusters take", 9),
      // Rule 2: the singular fields hold one IPv4 range; the plural ones are the cluster's. Empty is unset.
      ...(['pod_cidr', 'service_cidr'] as const).map((field) =>
        isUnset(profile[field]) ? undefined : { prop: `network_profile.${field}`, value: profile[field], rule: `is written, but it holds one IPv4 range, and the ranges are in ${field}s`, fix: 'remove it', number: 2 },
      ),
      kubenet && !(isUnset(cluster.aci_connector_linux) && isUnset(blockOf(blockOf(cluster.dynamic)?.aci_connector_linux)?.for_each))
        ? { prop: 'aci_connector_linux', value: undefined, rule: 'is written, but virtual nodes do not run on dual-stack kubenet', fix: 'remove it', number: 18 }
        : undefined,
      pods.violations,
      services.violations,
      ...services.cidrs.map((c, i) => c && checkServiceCidrSize(`serviceCidrs[${i}]`, c)),
      ...pods.cidrs.map((c, i) => c && (c.family === 'IPv4' || input.variant === 'kubenet') ? checkPodCidrHoldsANode(`podCidrs[${i}]`, c, POD_PREFIX_PER_NODE[c.family], input.variant) : undefined),
      ...ranges.map((r) => checkReserved(r)),
      ...ranges.map((r, j) => input.networkOverlap(r) ?? checkOverlapWith(r, ranges.slice(0, j))),
      (dnsServiceIp === undefined) !== (serviceCidrs === undefined)
        ? { prop: 'dnsServiceIp', value: dnsServiceIp, number: 5, rule: 'and serviceCidrs are not written together, but AKS takes them only together', fix: 'set both, or neither' }
        : dnsServiceIp !== undefined ? checkDnsServiceIp(dnsServiceIp, services.cidrs[0]) : undefined,
      checkOutboundType(outboundType ?? 'loadBalancer', input.variant),
      kubernetesVersion !== undefined ? checkKubernetesVersion(kubernetesVersion, input.minKubernetesVersion, `dual-stack ${input.label}`) : undefined,
      checkNetworkPolicy({ variant: input.variant, dualStack: families.length === 2, networkPolicy, networkDataPlane, kubernetesVersion }),
      ...checkWrittenSecrets(cluster, input.stack),
      checkInlineRoutes(input.routeTable),
      (outboundType ?? 'loadBalancer') === input.outboundType
        ? undefined
        : { prop: 'outboundType', value: outboundType, number: 10, rule: `is not '${input.outboundType}', what the cluster was built for: its route table, egress routes and grants follow outboundType`, fix: 'set outboundType in the cluster\'s props' },
      checkWrittenEgress(input, families, ranges),
      cluster.oidc_issuer_enabled === false || (typeof cluster.oidc_issuer_enabled === 'string' && cluster.oidc_issuer_enabled.trim().toLowerCase() === 'false')
        ? { prop: 'oidc_issuer_enabled', value: cluster.oidc_issuer_enabled, number: 13, rule: 'turns the OIDC issuer off, but AKS keeps it on from Kubernetes 1.34 and never turns it off once on, and azurerm replaces a cluster whose issuer goes from on to off', fix: 'leave it as the constructs write it (true)' }
        : undefined,
    ),
  );

  // The default pool's ignore_changes is in the cluster's lifecycle.
  const pools = input.pools.map((p) => ({ ...p, written: writtenPool(p, blockOf((p.isDefault ? cluster : p.body).lifecycle), violations) }));
  const names = new Map<unknown, string>();
  for (const { prefix, written, body } of pools) {
    const clash = written && names.get(written.name);
    if (written && clash !== undefined) violations.push({ prop: `${prefix}name`, value: written.name, number: 27, rule: `is also the name of ${clash}, but pool names are unique in a cluster`, fix: 'give each pool a name of its own' });
    if (written) names.set(written.name, `${prefix}name`.replace(/\.name$/, ''));
    // Rule 19, compared as written (both sides are the same reference expressions): a cluster with a route
    // table has it on every node subnet; a subnet carrying another cluster's table is no place for its nodes.
    const table = body.vnet_subnet_id === undefined ? undefined : input.routeTableOfSubnet.get(body.vnet_subnet_id);
    // Rule 31: every pool on a subnet, and a subnet of this stack in the cluster's network (as its written
    // virtual_network_name says). Without one, the default pool's nodes go into a network AKS makes, and AKS
    // refuses a cluster whose pools are partly on subnets of their own.
    const subnetKey = typeof body.vnet_subnet_id === 'string' ? /^\$\{azurerm_subnet\.([^.]+)\.id\}$/.exec(body.vnet_subnet_id)?.[1] : undefined;
    const subnet = subnetKey === undefined ? undefined : input.stack.resource?.azurerm_subnet?.[subnetKey];
    const elsewhere = subnet !== undefined && input.networkSubnets !== undefined && !input.networkSubnets.ids.has(body.vnet_subnet_id) && !input.networkSubnets.names.has(subnet.virtual_network_name);
    if (isUnset(body.vnet_subnet_id) || elsewhere) {
      violations.push({
        prop: `${prefix}subnet`,
        value: body.vnet_subnet_id ?? undefined,
        number: 31,
        rule: subnet ? "is not a subnet of the cluster's network: every node subnet must be in the same dual-stack network" : 'is unset, so AKS would put the pool\'s nodes in a network of its own',
        fix: "use a subnet from the cluster's network (network.addSubnet()), or leave subnet unset in the props",
      });
    } else if (body.vnet_subnet_id !== undefined && table !== input.routeTableId) {
      violations.push({
        prop: `${prefix}subnet`,
        value: body.vnet_subnet_id,
        number: 19,
        rule: input.routeTableId
          ? "is not associated with the cluster's route table, where AKS writes the routes of the pool's pods"
          : "carries another cluster's route table, on which this cluster has no grant, and a subnet has only one",
        fix: "put the cluster's pools on subnets of its own, with the cluster's addNodePool()",
      });
    }
  }
  const minimum = { version: input.minKubernetesVersion, why: `dual-stack ${input.label}` };
  for (const { prefix, isDefault, written } of pools) {
    if (!written) continue;
    violations.push(
      ...checkWrittenPool(prefix, written, {
        variant: input.variant,
        isDefault,
        cilium,
        windowsProfile: windowsProfile !== undefined,
        versions: (v) =>
          collect(
            checkOrchestratorVersion(`${prefix}orchestratorVersion`, v, kubernetesVersion, isDefault, minimum),
            cilium ? renamed(checkKubernetesVersion(v, CILIUM_MIN_KUBERNETES_VERSION, 'dual-stack cilium'), `${prefix}orchestratorVersion`) : undefined,
          ),
      }),
    );
  }
  const known = pools.flatMap((p) => (p.written ? [{ ...p, written: p.written }] : []));
  violations.push(
    ...checkRotationNames(known.map((p): PoolNames => ({
      prefix: p.prefix,
      name: p.written.name ?? '',
      osType: p.written.osType === 'Windows' ? 'Windows' : 'Linux',
      rotationName: p.written.temporaryNameForRotation ?? '',
    }))),
  );
  const limits = clusterLimits({ variant: input.variant, ipFamilies: families, podCidrs: pods.cidrs, otherRoutes: input.otherRoutes });
  violations.push(...collect(checkClusterCapacity(limits, writtenPeaks(known), input.variant)));
  return violations;
}

/** The most nodes a written pool reaches: `max_count` when autoscaling, else `node_count`. */
function peakOf(p: WrittenPool): number | undefined {
  return peakNodes(p.autoScalingEnabled ? { maxCount: p.maxCount } : { nodeCount: p.nodeCount });
}

/** The most nodes each written pool reaches, by pool name. */
function writtenPeaks(pools: readonly { written: WrittenPool }[]): Record<string, number | undefined> {
  return Object.fromEntries(pools.map(({ written: p }) => [p.name ?? '', peakOf(p)]));
}

/** The most nodes a pool's written body reaches, for subnet capacity; undefined when unknown until apply. */
export function writtenPeak(body: Body): number | undefined {
  const p = writtenPool({ prefix: '', body, isDefault: false }, undefined, []);
  return p && peakOf(p);
}

/** A pool's written surge, for subnet capacity. */
export function writtenMaxSurge(body: Body): string | undefined {
  const surge = blockOf(body.upgrade_settings)?.max_surge;
  return typeof surge === 'string' && !isToken(asProp(surge, str)) ? surge : undefined;
}

/** Reads a pool's written attributes, shape-checked; undefined when a shape is wrong (reported). */
function writtenPool(pool: PoolBody, lifecycle: Body | undefined, violations: Violation[]): WrittenPool | undefined {
  const upgrade = blockOf(pool.body.upgrade_settings) ?? {};
  const raw: Record<keyof WrittenPool, unknown> = {
    name: pool.body.name,
    vmSize: pool.body.vm_size,
    nodeCount: pool.body.node_count,
    minCount: pool.body.min_count,
    maxCount: pool.body.max_count,
    autoScalingEnabled: pool.body.auto_scaling_enabled,
    maxPods: pool.body.max_pods,
    orchestratorVersion: pool.body.orchestrator_version,
    osType: pool.body.os_type,
    mode: pool.body.mode,
    temporaryNameForRotation: pool.body.temporary_name_for_rotation,
    maxSurge: upgrade.max_surge,
    drainTimeoutInMinutes: upgrade.drain_timeout_in_minutes,
    nodeLabels: pool.body.node_labels,
    nodeTaints: pool.body.node_taints,
    zones: pool.body.zones,
    osSku: pool.body.os_sku,
    outboundNatEnabled: blockOf(pool.body.windows_profile)?.outbound_nat_enabled,
    ignoreChanges: lifecycle?.ignore_changes,
  };
  const before = violations.length;
  const out = Object.fromEntries(
    (Object.keys(raw) as (keyof WrittenPool)[]).map((key) => [key, checkShape(`${pool.prefix}${key}`, asProp(raw[key], WRITTEN_POOL[key]), WRITTEN_POOL[key], violations)]),
  ) as WrittenPool;
  return violations.length === before ? out : undefined;
}

/** What a pool's rules need of its cluster. */
interface PoolContext {
  readonly variant: 'kubenet' | 'overlay';
  readonly isDefault: boolean;
  readonly cilium: boolean;
  readonly windowsProfile: boolean;
  readonly versions: (version: string) => Violation[];
}

/** The count attribute autoscaling must leave to the autoscaler, per kind of pool. */
/** Nothing Terraform would write: unset, null, an empty string or an empty list or block. */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

const COUNT_ATTRIBUTE = { default: 'default_node_pool[0].node_count', pool: 'node_count' };

/** Rules 18, 24, 25, 27-30 and the day-2 settings, on one written pool. */
function checkWrittenPool(prefix: string, p: WrittenPool, ctx: PoolContext): Violation[] {
  const osType = p.osType ?? 'Linux';
  const mode = ctx.isDefault ? 'System' : (p.mode ?? 'User');
  const violations = collect(
    p.name !== undefined ? renamed(checkPoolName(p.name, osType === 'Windows' ? 'Windows' : 'Linux'), `${prefix}name`) : undefined,
    p.vmSize !== undefined ? checkVmSize(`${prefix}vmSize`, p.vmSize) : undefined,
    checkNodeCounts(prefix, { nodeCount: p.nodeCount, minCount: p.minCount, maxCount: p.maxCount }),
    checkMaxPods(`${prefix}maxPods`, p.maxPods, mode === 'System' ? 'System' : 'User'),
    mode === 'System' ? checkSystemPoolNodes(prefix, p.autoScalingEnabled ? { minCount: p.minCount } : { nodeCount: p.nodeCount }) : undefined,
    p.orchestratorVersion !== undefined ? ctx.versions(p.orchestratorVersion) : undefined,
    p.maxSurge !== undefined ? checkMaxSurge(`${prefix}maxSurge`, p.maxSurge) : undefined,
    p.maxSurge === undefined || p.drainTimeoutInMinutes === undefined
      ? {
          prop: `${prefix}upgradeSettings`,
          value: undefined,
          number: 45,
          rule: 'is written without max_surge and drain_timeout_in_minutes, so plans drift once AKS reports its surge, and a drain timeout going back to unset replaces the pool (the cluster, for the default pool)',
          fix: 'keep the upgrade_settings the constructs write; set maxSurge in the pool options',
        }
      : undefined,
    checkNodeLabels(`${prefix}nodeLabels`, p.nodeLabels),
    checkNodeTaints(`${prefix}nodeTaints`, p.nodeTaints),
    checkZonesAndSku(prefix, osType, p.zones, p.osSku),
  );
  const os = (rule: string, fix: string, number?: number) => violations.push({ prop: `${prefix}osType`, value: osType, rule, fix, number });
  if (osType !== 'Linux' && osType !== 'Windows' && !isToken(osType)) os("is not 'Linux' or 'Windows'", "use 'Linux' or 'Windows'");
  if (osType === 'Windows') {
    if (ctx.variant === 'kubenet') os('is not supported with dual-stack kubenet', 'use a CniOverlayDualStackCluster for Windows pools', 18);
    else if (ctx.cilium) os('is not supported on the cilium data plane', 'use Linux pools, or the azure data plane', 25);
    else if (!ctx.windowsProfile) os("needs the cluster's windowsProfile, which AKS only takes when the cluster is created", 'set windowsProfile on the cluster', 28);
    if (mode === 'System') violations.push({ prop: `${prefix}mode`, value: mode, number: 28, rule: 'is not allowed on a Windows pool: System pools must be Linux', fix: "use mode 'User' for a Windows pool" });
    // azurerm reads the block back when it was never written, and it forces a new pool (azurerm #30757).
    if (!ctx.isDefault && p.outboundNatEnabled === undefined) {
      violations.push({
        prop: `${prefix}windowsProfile`,
        value: undefined,
        number: 13,
        rule: 'is not written on a Windows pool, but azurerm reads back outbound_nat_enabled = true, and as the block forces a new pool, the next change would replace it (azurerm #30757)',
        fix: 'keep the windows_profile { outbound_nat_enabled = true } the constructs write',
      });
    }
  }
  const counts = ['minCount', 'maxCount'] as const;
  if (p.autoScalingEnabled === true) {
    const attribute = ctx.isDefault ? COUNT_ATTRIBUTE.default : COUNT_ATTRIBUTE.pool;
    const ignored = p.ignoreChanges ?? [];
    if (ignored !== 'all' && !isToken(ignored) && !(Array.isArray(ignored) && ignored.some((a) => a === attribute || a === 'all'))) {
      violations.push({
        prop: `${prefix}ignoreChanges`,
        value: ignored,
        number: 29,
        rule: `leaves out '${attribute}', so every plan after the autoscaler moves would set the count back`,
        fix: `keep '${attribute}' in lifecycle.ignore_changes`,
      });
    }
    for (const key of counts.filter((k) => p[k] === undefined)) {
      violations.push({ prop: `${prefix}${key}`, value: undefined, number: 29, rule: 'is missing, but autoscaling needs minCount and maxCount', fix: 'set both, or turn autoscaling off' });
    }
  } else {
    for (const key of counts.filter((k) => p[k] !== undefined)) {
      violations.push({ prop: `${prefix}${key}`, value: p[key], number: 29, rule: 'is written without auto_scaling_enabled, which azurerm refuses', fix: 'set both minCount and maxCount through the pool options, or remove it' });
    }
  }
  return violations;
}

/** Rule 19: AKS writes its routes into the route table; inline routes (a block or a dynamic one) would be deleted by Terraform's next apply. */
function checkInlineRoutes(table: Body | undefined): Violation | undefined {
  const inline = table && [table.route, blockOf(table.dynamic)?.route].find((r) => r !== undefined && r !== null && !(Array.isArray(r) && r.length === 0));
  if (inline === undefined) return undefined;
  return {
    prop: 'routeTable route',
    value: inline,
    number: 19,
    rule: 'declares inline routes, but AKS writes its own routes into this table and Terraform would delete them on the next apply',
    fix: 'remove the inline routes; add routes as azurerm_route resources',
  };
}

/** Rule 10 on the written egress routes: a default route per family, to a usable appliance address. */
function checkWrittenEgress(input: ClusterGateInput, families: readonly IpFamily[], clusterRanges: readonly NamedCidr[]): Violation[] {
  if (input.egressRoutes.length === 0) return [];
  const violations: Violation[] = [];
  const nextHops: Partial<Record<IpFamily, string>> = {};
  for (const { family, body } of input.egressRoutes) {
    const route = family === 'IPv4' ? '0.0.0.0/0' : '::/0';
    if (body.address_prefix !== route && !isExpression(body.address_prefix)) {
      violations.push({ prop: `egress route ${family} address_prefix`, value: body.address_prefix, number: 10, rule: `is not '${route}', so the cluster's ${family} egress has no route`, fix: 'keep the route the cluster writes' });
    }
    if (body.next_hop_type !== 'VirtualAppliance' && !isExpression(body.next_hop_type)) {
      violations.push({ prop: `egress route ${family} next_hop_type`, value: body.next_hop_type, number: 10, rule: "is not 'VirtualAppliance'", fix: 'keep the route the cluster writes' });
    }
    nextHops[family] = asProp(body.next_hop_in_ip_address, str) as string | undefined;
    // Azure reports the address in canonical form; another spelling would show as a change on every plan.
    const canonical = typeof body.next_hop_in_ip_address === 'string' ? canonicalAddress(body.next_hop_in_ip_address) : undefined;
    if (canonical && canonical !== body.next_hop_in_ip_address) {
      violations.push({ prop: `egress route ${family} next_hop_in_ip_address`, value: body.next_hop_in_ip_address, number: 10, rule: 'is not written as Azure reports it back, so every plan would show a change', fix: `write '${canonical}'` });
    }
  }
  violations.push(
    ...checkEgressNextHops({
      outboundType: 'userDefinedRouting',
      ipFamilies: families,
      nextHops,
      clusterRanges,
      networkRanges: input.networkRanges.filter((r) => r.prop.includes('addressSpace')).map((r) => r.cidr),
    }),
  );
  return violations;
}

/**
 * Rule 28 wherever a secret is written in the cluster: the Windows password (in the profile, a list of them, a
 * dynamic block's content, or a key the provider would refuse but that still lands in cdk.tf.json) and a
 * service principal's secret, the cluster's other sensitive input. A profile written as one value (a JSON
 * string, an expression) is checked whole, as the password it holds. In a dynamic block's content, the
 * iterator's `value` is the block's `for_each`; elsewhere `each.value` is the cluster's own `for_each`.
 */
function checkWrittenSecrets(cluster: Body, stack: StackJson): Violation[] {
  const found: Violation[] = [];
  const check = (prop: string, value: unknown, iterators: Iterators) => {
    const v = checkWrittenSecret(prop, value, stack, new Set(), iterators);
    if (v) found.push(v);
  };
  const walk = (value: unknown, path: string, iterators: Iterators) => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      const at = path === '' ? key : `${path}.${key}`;
      // Maps of free text (tags, labels) hold no secret attribute, whatever their keys.
      if (/^(tags|node_labels)$/.test(key)) continue;
      if (/^admin_?password$/i.test(key) || (/^client_secret$/i.test(key) && path.includes('service_principal'))) {
        check(at === 'windows_profile.admin_password' ? 'windowsProfile.adminPassword' : at, inner, iterators);
      } else if (/^(windows_profile|service_principal)$/.test(key) && (typeof inner !== 'object' || inner === null)) {
        if (inner !== null && inner !== undefined) check(key === 'windows_profile' ? 'windowsProfile' : key, inner, iterators);
      } else if (/(^|\.)dynamic$/.test(path) && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
        const block = inner as Body;
        const iterator = typeof block.iterator === 'string' ? block.iterator : key;
        walk(block, at, { ...iterators, [iterator]: block.for_each });
      } else walk(inner, at, iterators);
    }
  };
  walk(cluster, '', { each: cluster.for_each });
  return found;
}

/** What an iterator's `value` stands for, by the iterator's name: the `for_each` written for it. */
type Iterators = Readonly<Record<string, unknown>>;

/** One interpolation and nothing around it: `${var.password}`. */
const SINGLE_INTERPOLATION = /^\$\{([^{}]*)\}$/;
/**
 * A reference in an expression and the path after it: `var.x`, `local.x`, `type.name.attribute`,
 * `data.type.name.attribute`, `terraform_data.x.output.key`, `block[0].attribute`.
 */
const REFERENCE = /\b(var|local|data\.[A-Za-z_][\w-]*|[A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[\d+\])*)/g;
/** What a secret's expression may not hold: a string literal, a heredoc, a nested template. */
const LITERAL_PART = /["']|<<|\$\{/;
const WRITTEN_SECRET_FIX = 'pass a reference with no literal in it: a sensitive TerraformVariable without a default, or a secret made at apply (random_password)';

/**
 * Rule 28 on what is written: a secret is one reference with no literal in it (a variable without a default,
 * a resource's or data source's attribute, or a local that is itself such a reference). A literal, a literal
 * part of a template, `sensitive("...")` or a variable's default would all be written into cdk.tf.json in
 * clear text.
 *
 * What is known at synth is followed to what was written for it: a local; an attribute a resource or data
 * source is configured with (a key vault secret's `value`), down the path after it; `terraform_data`'s
 * `output` (its `input`); a key vault secret read by a data source (`data.azurerm_key_vault_secret`) that this
 * stack writes (its `value` or write-only `value_wo`) (same name, or a name that cannot be told apart at synth, in a vault that can't be told apart);
 * an iterator's `value` (its `for_each`). An attribute nothing was written for is made at apply
 * (`random_password.x.result`) or read from outside this configuration. An external program's result
 * (`data.external`) is refused: Terraform runs it at plan with arguments written in cdk.tf.json, and what it
 * returns cannot be known at synth.
 */
export function checkWrittenSecret(prop: string, value: unknown, stack: StackJson, seen = new Set<string>(), iterators: Iterators = {}): Violation | undefined {
  // A map or list (a profile or output written whole) holds a secret if any value in it is one.
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) {
      const v = checkWrittenSecret(prop, inner, stack, seen, iterators);
      if (v) return v;
    }
    return undefined;
  }
  const expression = typeof value === 'string' ? SINGLE_INTERPOLATION.exec(value)?.[1] : undefined;
  if (expression === undefined || LITERAL_PART.test(expression)) {
    return { prop, value: '********', number: 28, rule: 'would be written into cdk.tf.json with a literal part, in clear text', fix: WRITTEN_SECRET_FIX };
  }
  for (const [label, head, name, rest] of expression.matchAll(REFERENCE)) {
    if (seen.has(label)) continue;
    seen.add(label);
    const path = [...rest.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => m[1] ?? m[2]);
    if (head === 'var') {
      if (stack.variable?.[name]?.default !== undefined) return { prop, value: label, notSecret: true, number: 28, rule: 'is a variable with a default, which is written into cdk.tf.json in clear text', fix: WRITTEN_SECRET_FIX };
      continue;
    }
    if (head === 'data.external') {
      return {
        prop,
        value: label,
        notSecret: true,
        number: 28,
        rule: 'is the result of an external program, which Terraform runs at plan with a command and query written into cdk.tf.json: whether it gives back a literal cannot be known at synth',
        fix: 'read the secret where it is kept (a data source of a key vault secret set outside this configuration), or pass a sensitive TerraformVariable without a default',
      };
    }
    const inner = writtenFor(head, name, path, stack, iterators).reduce<Violation | undefined>((v, target) => v ?? checkWrittenSecret(prop, target, stack, seen, iterators), undefined);
    if (inner) {
      const through = inner.rule.startsWith('reads ') || inner.value === '********' ? '' : `reads ${inner.value}, which `;
      return { ...inner, value: label, notSecret: true, rule: `reads ${label}, which ${through}${inner.rule}` };
    }
  }
  return undefined;
}

/**
 * What was written for a reference, as far as synth knows it: none when nothing was (made at apply, or read
 * from outside), several when it may be one of them (a key vault secret read by a name that cannot be told).
 */
function writtenFor(head: string, name: string, path: readonly string[], stack: StackJson, iterators: Iterators): unknown[] {
  const [attribute, ...after] = path;
  // An iterator's value is one element of its for_each (a list or map, or an expression for one), and its
  // key the element's key in a map (in a set, the element).
  if ((name === 'value' || name === 'key') && Object.prototype.hasOwnProperty.call(iterators, head)) {
    const forEach = iterators[head];
    const elements = typeof forEach !== 'object' || forEach === null ? [forEach] : name === 'key' && !Array.isArray(forEach) ? Object.keys(forEach) : Object.values(forEach);
    return elements.map((e) => descend(e, path)).filter((e) => e !== undefined);
  }
  if (head === 'local') return [descend(stack.locals?.[name], path)].filter((e) => e !== undefined);
  if (attribute === undefined) return [];
  if (head === 'data.azurerm_key_vault_secret' && attribute === 'value') {
    const read = stack.data?.azurerm_key_vault_secret?.[name];
    const writers = Object.entries(stack.resource?.azurerm_key_vault_secret ?? {}).filter(([writer, body]) => read !== undefined && readsSecret(read, writer, body));
    // A write-only value (value_wo) is kept out of the state, not out of cdk.tf.json.
    return writers.flatMap(([writer, body]) => ['value', 'value_wo'].filter((a) => body[a] !== undefined).map((a) => `\${azurerm_key_vault_secret.${writer}.${a}}`));
  }
  const body = head.startsWith('data.') ? stack.data?.[head.slice('data.'.length)]?.[name] : stack.resource?.[head]?.[name];
  if (body === undefined) return [];
  // terraform_data's output is its input, once applied.
  const written = head === 'terraform_data' && attribute === 'output' ? body.input : body[attribute];
  return [descend(written, after)].filter((e) => e !== undefined);
}

/** The value at a path (`key`, `0`) inside what was written; an expression, which holds the whole, as itself. */
function descend(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return at;
    // A block is written as a list of one, and read as either.
    const holder = Array.isArray(at) && !/^\d+$/.test(key) ? at[0] : at;
    at = typeof holder === 'object' && holder !== null ? (holder as Record<string, unknown>)[key] : undefined;
  }
  return at;
}

/**
 * Whether a key vault secret read by a data source may be one this stack writes: the read names it
 * (`${azurerm_key_vault_secret.x.name}`), or both names and vaults are the same or cannot be told apart at synth.
 */
function readsSecret(read: Body, writer: string, body: Body): boolean {
  if (typeof read.name === 'string' && read.name.includes(`azurerm_key_vault_secret.${writer}.`)) return true;
  // Key Vault takes secret names (and resource ids) in any case.
  const same = (a: unknown, b: unknown) =>
    a === undefined || b === undefined || a === b || isExpression(a) || isExpression(b) || (typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase());
  return same(read.name, body.name) && same(read.key_vault_id, body.key_vault_id);
}
