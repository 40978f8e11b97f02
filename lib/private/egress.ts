import { KubernetesClusterNetworkProfileLoadBalancerProfile } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { Violation, collect } from './errors';
import { isToken } from './rules';
import { normalizeLocation } from './azure-names';
import { Shape, num, strList } from './shape';
import { Body, StackJson, blockOf, isExpression } from './written';

// Egress for both families (rules 10 and 11): the load balancer's outbound addresses, and NAT gateways.

/** The load balancer's outbound settings, as the cluster props name (and document) them, after `az aks create --load-balancer-*`. */
export interface LoadBalancerEgressProps {
  readonly loadBalancerManagedOutboundIpCount?: number;
  readonly loadBalancerManagedOutboundIpv6Count?: number;
  readonly loadBalancerOutboundIpAddressIds?: string[];
  readonly loadBalancerOutboundIpPrefixIds?: string[];
  readonly loadBalancerIdleTimeoutInMinutes?: number;
}

export const LOAD_BALANCER_EGRESS_PROPS: Record<keyof LoadBalancerEgressProps, Shape> = {
  loadBalancerManagedOutboundIpCount: num,
  loadBalancerManagedOutboundIpv6Count: num,
  loadBalancerOutboundIpAddressIds: strList,
  loadBalancerOutboundIpPrefixIds: strList,
  loadBalancerIdleTimeoutInMinutes: num,
};

/** The bounds azurerm and AKS take (azurerm kubernetes_cluster_resource.go, load_balancer_profile, at v4.81.0). */
const BOUNDS = {
  loadBalancerManagedOutboundIpCount: [1, 100],
  loadBalancerManagedOutboundIpv6Count: [1, 100],
  loadBalancerIdleTimeoutInMinutes: [4, 100],
} as const;
/** AKS's own count of IPv6 outbound addresses on a dual-stack cluster, written with the IPv4 count (see below). */
const DEFAULT_MANAGED_OUTBOUND_IPV6_COUNT = 1;

/** What the egress rules need to know of the cluster. */
export interface EgressContext {
  readonly variant: 'kubenet' | 'overlay';
  readonly dualStack: boolean;
  readonly outboundType: string;
}

/** Rule 10: dual-stack egress is the load balancer, a route to an appliance, or (CNI Overlay) a StandardV2 NAT gateway. */
export function checkOutboundType(value: string, variant: 'kubenet' | 'overlay'): Violation | undefined {
  if (value === 'loadBalancer' || value === 'userDefinedRouting' || (value === 'userAssignedNATGateway' && variant === 'overlay')) return undefined;
  const rule =
    value === 'managedNATGateway'
      ? 'makes a Standard NAT gateway, which is IPv4-only, so AKS refuses it on a dual-stack cluster'
      : value === 'userAssignedNATGateway'
        ? 'is not supported with dual-stack kubenet: AKS refuses NAT gateway egress there'
        : "is not 'loadBalancer', 'userDefinedRouting' or 'userAssignedNATGateway'";
  const nat = variant === 'overlay' ? ", or 'userAssignedNATGateway' (the cluster makes a StandardV2 NAT gateway with an IPv4 and an IPv6 address)" : '';
  return { prop: 'outboundType', value, number: 10, rule, fix: `use 'loadBalancer', 'userDefinedRouting' with egressNextHopIp (and egressNextHopIpv6)${nat}` };
}

/** Rules 10 and 11 on the load balancer's outbound settings, as given in props. */
export function checkLoadBalancerEgress(props: LoadBalancerEgressProps, ctx: EgressContext): Violation[] {
  const given = (Object.keys(LOAD_BALANCER_EGRESS_PROPS) as (keyof LoadBalancerEgressProps)[]).filter((k) => props[k] !== undefined);
  if (given.length === 0) return [];
  if (ctx.outboundType !== 'loadBalancer') {
    return given.map((prop) => ({
      prop,
      value: props[prop],
      number: 10,
      rule: `is a load balancer egress setting, but outboundType is '${ctx.outboundType}': AKS refuses it with user-defined routing and drops it with a NAT gateway, so every plan would show it again`,
      fix: "remove it, or use outboundType 'loadBalancer'",
    }));
  }
  // AKS takes one kind of outbound address at a time (azurerm: ConflictsWith among the three).
  const kinds = [
    props.loadBalancerManagedOutboundIpCount !== undefined || props.loadBalancerManagedOutboundIpv6Count !== undefined ? 'managed counts' : undefined,
    props.loadBalancerOutboundIpAddressIds !== undefined ? 'loadBalancerOutboundIpAddressIds' : undefined,
    props.loadBalancerOutboundIpPrefixIds !== undefined ? 'loadBalancerOutboundIpPrefixIds' : undefined,
  ].filter((k): k is string => k !== undefined);
  return collect(
    ...(Object.keys(BOUNDS) as (keyof typeof BOUNDS)[]).map((prop) => checkBounds(prop, props[prop], BOUNDS[prop])),
    props.loadBalancerManagedOutboundIpv6Count !== undefined && !ctx.dualStack
      ? { prop: 'loadBalancerManagedOutboundIpv6Count', value: props.loadBalancerManagedOutboundIpv6Count, number: 11, rule: 'is only for dual-stack clusters, and this one is IPv4-only', fix: "remove it, or use ipFamilies ['IPv4', 'IPv6']" }
      : undefined,
    kinds.length > 1
      ? { prop: 'loadBalancer outbound addresses', value: kinds, number: 11, rule: 'are given in more than one kind, but AKS takes one at a time: managed counts, your own addresses, or your own prefixes', fix: 'keep one kind' }
      : undefined,
  );
}

/** Regions without StandardV2 NAT gateways (Azure NAT gateway SKUs, as of 2026-08). */
const NO_STANDARD_V2_NAT = new Set(['canadaeast', 'indonesiacentral', 'israelnorthwest', 'qatarcentral', 'swedensouth', 'westindia']);

/** Rule 10, advice: a region that had no StandardV2 NAT gateway when the list was made. */
export function adviseNatRegion(location: string): Violation | undefined {
  if (isToken(location) || !NO_STANDARD_V2_NAT.has(normalizeLocation(location))) return undefined;
  return { prop: 'location', value: location, number: 10, rule: "had no StandardV2 NAT gateways as of 2026-08, which outboundType 'userAssignedNATGateway' makes", fix: "check the region's NAT gateway SKUs, or use outboundType 'loadBalancer'" };
}

function checkBounds(prop: string, value: number | undefined, [min, max]: readonly [number, number]): Violation | undefined {
  if (value === undefined || isToken(value) || (Number.isInteger(value) && value >= min && value <= max)) return undefined;
  return { prop, value, number: 11, rule: `is not a whole number from ${min} to ${max}, what AKS takes`, fix: `use ${min} to ${max}` };
}

/**
 * The `load_balancer_profile` block, or none when no setting is given: AKS's defaults (one IPv4 address, and one
 * IPv6 address on dual-stack) are read back without drift. On dual-stack a managed count is written for both
 * families: azurerm rebuilds the managed addresses without the IPv6 count when only the IPv4 one changes.
 */
export function loadBalancerProfile(props: LoadBalancerEgressProps, dualStack: boolean): KubernetesClusterNetworkProfileLoadBalancerProfile | undefined {
  const managed = props.loadBalancerManagedOutboundIpCount !== undefined || props.loadBalancerManagedOutboundIpv6Count !== undefined;
  if (!managed && props.loadBalancerOutboundIpAddressIds === undefined && props.loadBalancerOutboundIpPrefixIds === undefined && props.loadBalancerIdleTimeoutInMinutes === undefined) return undefined;
  return {
    managedOutboundIpCount: managed ? props.loadBalancerManagedOutboundIpCount ?? 1 : undefined,
    managedOutboundIpv6Count: managed && dualStack ? props.loadBalancerManagedOutboundIpv6Count ?? DEFAULT_MANAGED_OUTBOUND_IPV6_COUNT : undefined,
    outboundIpAddressIds: props.loadBalancerOutboundIpAddressIds,
    outboundIpPrefixIds: props.loadBalancerOutboundIpPrefixIds,
    idleTimeoutInMinutes: props.loadBalancerIdleTimeoutInMinutes,
  };
}

/**
 * Rules 10 and 11 on what is written: the load balancer profile as the props rules see it, and every NAT gateway
 * on a node subnet. A StandardV2 NAT gateway on the subnet of a load-balancer cluster breaks IPv6 egress through
 * the load balancer's outbound rules; a Standard one carries IPv4 alone, which is fine beside them, but is no
 * egress of its own on a dual-stack cluster.
 */
export function checkWrittenOutbound(profile: Body, ctx: EgressContext, nodeSubnets: readonly unknown[], stack: StackJson): Violation[] {
  const lb = blockOf(profile.load_balancer_profile);
  const known = (v: unknown) => (isExpression(v) ? undefined : v);
  const fromProfile: LoadBalancerEgressProps = lb
    ? {
        loadBalancerManagedOutboundIpCount: known(lb.managed_outbound_ip_count) as number | undefined,
        loadBalancerManagedOutboundIpv6Count: known(lb.managed_outbound_ipv6_count) as number | undefined,
        loadBalancerOutboundIpAddressIds: known(lb.outbound_ip_address_ids) as string[] | undefined,
        loadBalancerOutboundIpPrefixIds: known(lb.outbound_ip_prefix_ids) as string[] | undefined,
        loadBalancerIdleTimeoutInMinutes: known(lb.idle_timeout_in_minutes) as number | undefined,
      }
    : {};
  const violations = checkLoadBalancerEgress(fromProfile, ctx);
  const gateways = stack.resource?.azurerm_nat_gateway ?? {};
  for (const association of Object.values(stack.resource?.azurerm_subnet_nat_gateway_association ?? {})) {
    if (!nodeSubnets.includes(association.subnet_id)) continue;
    const key = typeof association.nat_gateway_id === 'string' ? /^\$\{azurerm_nat_gateway\.([^.]+)\.id\}$/.exec(association.nat_gateway_id)?.[1] : undefined;
    const sku = key === undefined ? undefined : (gateways[key]?.sku_name ?? 'Standard');
    if (typeof sku !== 'string' || isExpression(sku)) continue;
    if (ctx.outboundType === 'loadBalancer' && sku === 'StandardV2') {
      violations.push({ prop: 'node subnet NAT gateway', value: key, number: 10, rule: "is a StandardV2 NAT gateway on a node subnet of a cluster whose egress is the load balancer's outbound rules, whose IPv6 connections it breaks (Azure NAT gateway known issues)", fix: "use outboundType 'userAssignedNATGateway', or a Standard NAT gateway for IPv4 beside the load balancer's IPv6" });
    } else if (ctx.outboundType === 'userAssignedNATGateway' && sku !== 'StandardV2' && ctx.dualStack) {
      violations.push({ prop: 'node subnet NAT gateway', value: key, number: 10, rule: `has SKU '${sku}', which is IPv4-only, so the cluster's IPv6 egress has no way out`, fix: "use the StandardV2 NAT gateway the cluster makes" });
    }
  }
  return violations;
}
