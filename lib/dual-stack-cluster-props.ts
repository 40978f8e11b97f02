import { DefaultNodePoolOptions } from './node-pool-options';
import { DualStackVirtualNetwork } from './dual-stack-virtual-network';
import type { OutboundType } from './private/rules';
import type { ClusterAccessProps } from './cluster-access';
import type { ClusterAddOnProps } from './cluster-add-ons';
import type { ClusterIdentityProps } from './cluster-identity';
import type { ClusterMonitoringProps } from './cluster-monitoring';
import type { ClusterUpgradeProps } from './cluster-upgrades';

export type { OutboundType };

/**
 * Props shared by {@link KubenetDualStackCluster} and {@link CniOverlayDualStackCluster}: the dual-stack core
 * here, and each capability's props in a file of its own (access, upgrades, monitoring, add-ons, identity).
 */
export interface DualStackClusterProps extends ClusterAccessProps, ClusterUpgradeProps, ClusterMonitoringProps, ClusterAddOnProps, ClusterIdentityProps {
  readonly resourceGroupName: string;
  readonly location: string;
  /**
   * The cluster's name in Azure.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The DNS prefix of the cluster's API server address.
   *
   * @default - the cluster's name
   */
  readonly dnsPrefix?: string;
  /**
   * The Kubernetes version: `'1.35'` for the newest 1.35 patch, or an exact `'1.35.2'`.
   *
   * @default - the AKS default version at creation
   */
  readonly kubernetesVersion?: string;
  /**
   * The cluster's IP families: IPv4 then IPv6 for dual-stack, or IPv4 alone. Any case; `'ipv4,ipv6'` is accepted.
   *
   * @default ['IPv4', 'IPv6']
   * @see https://learn.microsoft.com/azure/aks/azure-cni-overlay#dual-stack-networking
   */
  readonly ipFamilies?: string[];
  /**
   * IP ranges for pod addresses, one per IP family, in the order of `ipFamilies`.
   *
   * @default ['10.244.0.0/16', 'fd12:3456:789a::/64'] (['10.244.0.0/16'] when single-stack)
   * @see https://learn.microsoft.com/azure/aks/azure-cni-overlay#dual-stack-networking
   */
  readonly podCidrs?: string[];
  /**
   * IP ranges for service addresses, one per IP family, in the order of `ipFamilies`. IPv6: /108 or smaller.
   *
   * @default ['10.0.0.0/16', 'fd12:3456:789a:1::/108'] (['10.0.0.0/16'] when single-stack)
   * @see https://learn.microsoft.com/azure/aks/azure-cni-overlay#dual-stack-networking
   */
  readonly serviceCidrs?: string[];
  /**
   * The cluster DNS service's address, inside the IPv4 service range.
   *
   * @default - the `.10` address of the IPv4 service range ('10.0.0.10' by default)
   */
  readonly dnsServiceIp?: string;
  /**
   * The dual-stack network for the cluster's node subnets.
   *
   * @default - a new network with the default address space, named `<name>-vnet`
   */
  readonly network?: DualStackVirtualNetwork;
  /**
   * The default (System, Linux) node pool.
   *
   * @default - 'nodepool1', 3 nodes of 'Standard_D2s_v5' on a dedicated subnet
   */
  readonly defaultNodePool?: DefaultNodePoolOptions;
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
  /**
   * How long to wait between granting the cluster identity its roles and creating the cluster (a `time_sleep`),
   * as a number and one unit (`'90s'`, `'2m'`): Azure RBAC takes a while to propagate, and AKS checks the permissions at creation
   * (`CustomRouteTableMissingPermission`). `'0s'` creates no wait.
   *
   * @default '60s'
   * @see https://github.com/hashicorp/terraform-provider-azurerm/issues/24064
   */
  readonly rolePropagationWait?: string;
  /**
   * The network policy engine. With dual-stack only `cilium` works, on CNI Overlay, with
   * `networkDataPlane: 'cilium'` and Kubernetes 1.29 or later.
   *
   * @default - no network policy
   * @see https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium
   */
  readonly networkPolicy?: 'azure' | 'calico' | 'cilium';
  /**
   * The network data plane (CNI Overlay only): `cilium` for Azure CNI Powered by Cilium.
   *
   * @default - the AKS default, 'azure'
   */
  readonly networkDataPlane?: 'azure' | 'cilium';
  /**
   * Tags for every resource the cluster creates that takes tags, the default node pool included.
   *
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
}
