import { DefaultNodePoolOptions } from './node-pool-options';
import { DualStackVirtualNetwork } from './dual-stack-virtual-network';
import type { ClusterAccessProps } from './cluster-access';
import type { ClusterAddOnProps } from './cluster-add-ons';
import type { ClusterEgressProps } from './cluster-egress';
import type { ClusterIdentityProps } from './cluster-identity';
import type { ClusterMonitoringProps } from './cluster-monitoring';
import type { ClusterUpgradeProps } from './cluster-upgrades';

/**
 * Props shared by {@link KubenetDualStackCluster} and {@link CniOverlayDualStackCluster}: the dual-stack core
 * here, and each capability's props in a file of its own (egress, access, upgrades, monitoring, add-ons, identity).
 */
export interface DualStackClusterProps extends ClusterEgressProps, ClusterAccessProps, ClusterUpgradeProps, ClusterMonitoringProps, ClusterAddOnProps, ClusterIdentityProps {
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
