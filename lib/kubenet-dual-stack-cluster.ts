import { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { DualStackClusterProps } from './dual-stack-cluster-props';
import { NodePoolOsType } from './node-pool-options';
import { DualStackClusterBase, VARIANTS } from './dual-stack-cluster-base';
import { Violation } from './private/errors';

/** Props of a {@link KubenetDualStackCluster}. */
export interface KubenetDualStackClusterProps extends DualStackClusterProps {}

/** Shown at every synth of a kubenet cluster (rules file, "Status of the two variants"). */
export const KUBENET_DEPRECATION_WARNING =
  'kubenet retires on 2028-03-31, and Microsoft now documents dual-stack only for Azure CNI Overlay: ' +
  'prefer CniOverlayDualStackCluster for new clusters.';

/**
 * A dual-stack AKS cluster with kubenet networking, as in the kubenet dual-stack document.
 *
 * Every node subnet is associated with one route table for the cluster, in which AKS writes a route per node
 * and family; the cluster's user-assigned identity holds Network Contributor on that route table and on the
 * network, and the cluster waits for both (and for them to propagate). Windows pools are not supported, and a cluster holds at most 200 nodes: each
 * node takes a route per family, and a route table holds 400.
 */
export class KubenetDualStackCluster extends DualStackClusterBase {
  /** The cluster's route table. It declares no routes: AKS writes them, and Terraform must not remove them. */
  declare readonly routeTable: RouteTable;

  constructor(scope: Construct, id: string, props: KubenetDualStackClusterProps) {
    super(scope, id, props, VARIANTS.kubenet);
    Annotations.of(this).addWarning(KUBENET_DEPRECATION_WARNING);
  }

  protected checkOsType(osType: NodePoolOsType): Violation | undefined {
    if (osType !== 'Windows') return undefined;
    return {
      prop: 'osType',
      value: osType,
      number: 18,
      rule: 'is not supported with dual-stack kubenet',
      fix: 'use a CniOverlayDualStackCluster for Windows pools',
    };
  }
}
