import { Route } from '@cdktf/provider-azurerm/lib/route';
import type { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import { Construct } from 'constructs';
import type { DualStackSubnet } from './dual-stack-subnet';
import { IpFamily, canonicalAddress, contains, parseCidr, parseIpAddress } from './private/cidr';
import { Violation } from './private/errors';
import type { LoadBalancerEgressProps } from './private/egress';
import { NEXT_HOP_PROP, OutboundType, isToken } from './private/rules';

// Egress: how nodes and pods reach the internet in both families (rules 10 and 11). The rules on the load
// balancer profile and NAT gateways are in private/egress.ts; the NAT gateway is DualStackNatGateway.

export type { OutboundType };

/** Props of the cluster's egress. */
export interface ClusterEgressProps extends LoadBalancerEgressProps {
  /**
   * How nodes reach the internet: through the cluster's load balancer; through a default route per family to a
   * virtual appliance (`userDefinedRouting`, with `egressNextHopIp`); or, on CNI Overlay, through a StandardV2
   * NAT gateway with an IPv4 and an IPv6 address that the cluster makes and puts on every node subnet
   * (`userAssignedNATGateway`, as `cluster.natGateway`). AKS-managed NAT gateways are Standard, IPv4-only, and
   * refused; kubenet takes no NAT gateway.
   *
   * @default 'loadBalancer'
   * @see https://learn.microsoft.com/azure/aks/egress-outboundtype
   */
  readonly outboundType?: OutboundType;
  /**
   * With `outboundType: 'loadBalancer'`: how many IPv4 outbound addresses AKS makes for the load balancer, 1 to 100.
   * On a dual-stack cluster the IPv6 count is then written too (1 unless set), as azurerm otherwise drops it
   * when this one changes.
   *
   * @default - AKS's own: 1
   * @see https://learn.microsoft.com/azure/aks/configure-load-balancer-standard
   */
  readonly loadBalancerManagedOutboundIpCount?: number;
  /**
   * With `outboundType: 'loadBalancer'` on a dual-stack cluster: how many IPv6 outbound addresses AKS makes, 1 to 100.
   *
   * @default - AKS's own: 1 on a dual-stack cluster
   */
  readonly loadBalancerManagedOutboundIpv6Count?: number;
  /**
   * With `outboundType: 'loadBalancer'`: your own public addresses (Standard SKU) for egress, instead of managed
   * ones; give IPv6 addresses too on a dual-stack cluster.
   *
   * @default - managed addresses
   */
  readonly loadBalancerOutboundIpAddressIds?: string[];
  /**
   * With `outboundType: 'loadBalancer'`: your own public address prefixes for egress, instead of managed addresses.
   *
   * @default - managed addresses
   */
  readonly loadBalancerOutboundIpPrefixIds?: string[];
  /**
   * With `outboundType: 'loadBalancer'`: the idle timeout of outbound flows, 4 to 100 minutes.
   *
   * @default - AKS's own: 30
   */
  readonly loadBalancerIdleTimeoutInMinutes?: number;
  /**
   * With `outboundType: 'userDefinedRouting'`: the private IPv4 address of the virtual appliance (a firewall)
   * that the route 0.0.0.0/0 of the cluster's route table goes to. The route is its own `azurerm_route`.
   *
   * @default - none; required with 'userDefinedRouting'
   */
  readonly egressNextHopIp?: string;
  /**
   * With `outboundType: 'userDefinedRouting'` on a dual-stack cluster: the private IPv6 address of the virtual
   * appliance that the route ::/0 goes to. AKS creates no outbound addresses with user-defined routing, so
   * without this route pods and nodes have no IPv6 egress.
   *
   * @default - none; required with 'userDefinedRouting' on a dual-stack cluster
   * @see https://learn.microsoft.com/azure/aks/egress-udr
   */
  readonly egressNextHopIpv6?: string;
}

/** The routes that user-defined routing sends each family's egress through (rule 10). */
const DEFAULT_ROUTE: Record<IpFamily, string> = { IPv4: '0.0.0.0/0', IPv6: '::/0' };
/** The route names, and construct ids, per family; the IPv4 ones predate dual-stack egress. */
const EGRESS_ROUTE = { IPv4: { id: 'EgressRoute', name: 'default-to-appliance' }, IPv6: { id: 'EgressRouteIpv6', name: 'default-to-appliance-ipv6' } };

/** The next hops of user-defined routing, by family. */
export function nextHopsOf(props: ClusterEgressProps): Record<IpFamily, string | undefined> {
  return { IPv4: props.egressNextHopIp, IPv6: props.egressNextHopIpv6 };
}

/** With user-defined routing, a default route per family to the appliance, in the order of `families`. */
export function egressRoutes(scope: Construct, routeTable: RouteTable, resourceGroupName: string, families: readonly IpFamily[], nextHops: Record<IpFamily, string | undefined>): Route[] {
  return families.map(
    (family) =>
      new Route(scope, EGRESS_ROUTE[family].id, {
        name: EGRESS_ROUTE[family].name,
        resourceGroupName,
        routeTableName: routeTable.name,
        addressPrefix: DEFAULT_ROUTE[family],
        nextHopType: 'VirtualAppliance',
        // Written as Azure reports it back, so that the plan does not drift.
        nextHopInIpAddress: canonicalAddress(nextHops[family]!) ?? nextHops[family]!,
      }),
  );
}

/**
 * Rule 10 against the subnets, once all are in: an appliance is not in a node subnet of the cluster (that
 * subnet routes its egress through the appliance, which cannot be created with it), nor on an address Azure
 * keeps in a subnet (the first four, and the last).
 */
export function checkNextHopsAgainstSubnets(nextHops: Partial<Record<IpFamily, string>>, subnets: readonly DualStackSubnet[], nodeSubnets: ReadonlySet<DualStackSubnet>): Violation[] {
  return (['IPv4', 'IPv6'] as const).flatMap((family): Violation[] => {
    const value = nextHops[family];
    const address = value === undefined || isToken(value) ? undefined : parseIpAddress(value);
    if (!address) return [];
    const key = family === 'IPv4' ? 'ipv4Cidr' : 'ipv6Cidr';
    for (const subnet of subnets) {
      const cidr = parseCidr(subnet[key]);
      if (typeof cidr === 'string' || !contains(cidr, address)) continue;
      const where = `subnet '${subnet.node.path}' ${key} '${cidr.text}'`;
      const fix = `give the address of an appliance in a subnet of its own, e.g. in the network's usedRanges`;
      if (nodeSubnets.has(subnet)) return [{ prop: NEXT_HOP_PROP[family], value, number: 10, rule: `is inside the node ${where}, whose egress it would carry, so the appliance cannot be there`, fix }];
      if (address.first - cidr.first < 4n || address.first === cidr.last) return [{ prop: NEXT_HOP_PROP[family], value, number: 10, rule: `is one of the five addresses Azure keeps in ${where}`, fix }];
    }
    return [];
  });
}
