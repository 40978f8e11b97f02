import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { DualStackClusterProps } from './dual-stack-cluster-props';
import { NodePoolOsType } from './dual-stack-node-pool';
import { ClusterVariant, DualStackClusterBase, VariantClusterSettings } from './private/dual-stack-cluster-base';
import { Violation } from './private/errors';

/** Props of a {@link KubenetDualStackCluster}. */
export interface KubenetDualStackClusterProps extends DualStackClusterProps {}

const KUBENET: ClusterVariant = {
  kind: 'kubenet',
  label: 'kubenet',
  networkPlugin: 'kubenet',
  // The kubenet document: "AKS dual-stack clusters require Kubernetes version v1.21.2 or greater" (rule 15).
  minKubernetesVersion: '1.21.2',
};

/** Azure's built-in role that lets the cluster identity join subnets and write routes (rule 20). */
const NETWORK_CONTRIBUTOR = 'Network Contributor';

/** Shown at every synth of a kubenet cluster (rules file, "Status of the two variants"). */
export const KUBENET_DEPRECATION_WARNING =
  'kubenet retires on 2028-03-31, and Microsoft now documents dual-stack only for Azure CNI Overlay: ' +
  'prefer CniOverlayDualStackCluster for new clusters.';

/**
 * A dual-stack AKS cluster with kubenet networking, as in the kubenet dual-stack document.
 *
 * Every node subnet is associated with one route table for the cluster, in which AKS writes a route per node
 * and family; a user-assigned identity holds Network Contributor on that route table and on the network, and
 * the cluster waits for both. Windows pools are not supported, and a cluster holds at most 200 nodes: each
 * node takes a route per family, and a route table holds 400.
 */
export class KubenetDualStackCluster extends DualStackClusterBase {
  /** The cluster's route table. It declares no routes: AKS writes them, and Terraform must not remove them. */
  declare readonly routeTable: RouteTable;
  /** The cluster's user-assigned control-plane identity. */
  readonly identity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, props: KubenetDualStackClusterProps) {
    super(scope, id, props, KUBENET);
    this.identity = this.node.findChild('Identity') as UserAssignedIdentity;
    Annotations.of(this).addWarning(KUBENET_DEPRECATION_WARNING);
  }

  protected checkOsType(osType: NodePoolOsType): Violation | undefined {
    if (osType !== 'Windows') return undefined;
    return {
      prop: 'osType',
      value: osType,
      rule: 'is not supported with dual-stack kubenet',
      fix: 'use a CniOverlayDualStackCluster for Windows pools',
    };
  }

  protected clusterSettings(): VariantClusterSettings {
    const identity = new UserAssignedIdentity(this, 'Identity', {
      name: `${this.name}-identity`,
      resourceGroupName: this.resourceGroupName,
      location: this.location,
      tags: this.tags,
    });
    const grant = (id: string, scope: string) =>
      new RoleAssignment(this, id, {
        scope,
        roleDefinitionName: NETWORK_CONTRIBUTOR,
        principalId: identity.principalId,
        // A new identity may not have replicated yet; the check would fail for no reason.
        skipServicePrincipalAadCheck: true,
      });
    return {
      identity: { type: 'UserAssigned', identityIds: [identity.id] },
      // The base creates the route table for kubenet before this hook runs.
      dependsOn: [grant('RouteTableRole', this.routeTable!.id), grant('NetworkRole', this.network.virtualNetworkId)],
    };
  }
}
