import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Lazy, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { CniOverlayDualStackCluster, DualStackVirtualNetwork, KubenetDualStackCluster, Shapes, checkProps, constructId, throwIfAny } from '../lib';
import { TERRAFORM_CLOUD_SETTINGS, TerraformCloudSettings, useTerraformCloud } from './backend';

/** The two ways to network a dual-stack AKS cluster. */
export type DualStackVariant = 'kubenet' | 'overlay';

/** The region of the example stacks when none is configured. */
export const DEFAULT_LOCATION = 'eastus2';
/** The prefix of every resource name in the example stacks when none is configured. */
export const DEFAULT_NAME_PREFIX = 'aksds';
/** The example's pools besides `nodepool1`: the overlay document's Windows pool has 2 nodes, and so has `apps`. */
export const DEFAULT_APPS_NODE_COUNT = 2;
export const DEFAULT_WINDOWS_NODE_COUNT = 2;
/** Resource names are `<prefix>-<variant>...`; the cluster's DNS prefix allows letters, digits and hyphens. */
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,19}$/;

/** Props of a {@link DualStackClusterStack}. */
export interface DualStackClusterStackProps {
  readonly variant: DualStackVariant;
  /**
   * The Azure region.
   *
   * @default 'eastus2'
   */
  readonly location?: string;
  /**
   * The prefix of every resource name: `<prefix>-<variant>-rg`, `<prefix>-<variant>` and so on.
   *
   * @default 'aksds'
   */
  readonly namePrefix?: string;
  /**
   * The Kubernetes version.
   *
   * @default - the AKS default version at creation
   */
  readonly kubernetesVersion?: string;
  /**
   * Nodes of the default pool `nodepool1`.
   *
   * @default 3
   */
  readonly nodeCount?: number;
  /**
   * Nodes of the Linux pool `apps`.
   *
   * @default 2
   */
  readonly appsNodeCount?: number;
  /**
   * Nodes of the Windows pool `npwin` (overlay only).
   *
   * @default 2
   */
  readonly windowsNodeCount?: number;
  /**
   * VM size of the Linux pools.
   *
   * @default 'Standard_D2s_v5'
   */
  readonly vmSize?: string;
  /**
   * VM size of the Windows pool.
   *
   * @default 'Standard_D2s_v5'
   */
  readonly windowsVmSize?: string;
  /**
   * The network's address ranges.
   *
   * @default ['10.240.0.0/16', 'fd00:db8:deca::/48']
   */
  readonly addressSpace?: string[];
  /**
   * Pod ranges, IPv4 then IPv6.
   *
   * @default ['10.244.0.0/16', 'fd12:3456:789a::/64']
   */
  readonly podCidrs?: string[];
  /**
   * Service ranges, IPv4 then IPv6.
   *
   * @default ['10.0.0.0/16', 'fd12:3456:789a:1::/108']
   */
  readonly serviceCidrs?: string[];
  /**
   * Terraform Cloud: the stack's state lives in a workspace of its own.
   *
   * @default - local state
   */
  readonly terraformCloud?: TerraformCloudSettings;
}

const { string, number, stringList } = Shapes;
const CLUSTER_STACK_PROPS = Shapes.schema<DualStackClusterStackProps>('DualStackClusterStackProps', {
  variant: Shapes.required(Shapes.oneOf('kubenet', 'overlay')),
  location: string,
  namePrefix: string,
  kubernetesVersion: string,
  nodeCount: number,
  appsNodeCount: number,
  windowsNodeCount: number,
  vmSize: string,
  windowsVmSize: string,
  addressSpace: stringList,
  podCidrs: stringList,
  serviceCidrs: stringList,
  terraformCloud: TERRAFORM_CLOUD_SETTINGS,
});

/**
 * A deployable stack of one dual-stack AKS cluster, as in the documents: a resource group, a dual-stack
 * network, the cluster with its 3-node `nodepool1`, and an extra Linux pool `apps` on its own subnet; the
 * overlay variant also has a Windows pool `npwin` (its admin password is the sensitive variable
 * `windows_admin_password`).
 *
 * Outputs: `cluster_name`, `resource_group_name`, the sensitive `kube_config` and `kube_admin_config`, and
 * `address_plan` (JSON).
 */
export class DualStackClusterStack extends TerraformStack {
  /** The cluster's name, a literal, for stacks that read the cluster by name. */
  readonly clusterName: string;
  /** The resource group's name, a literal. */
  readonly resourceGroupName: string;
  readonly resourceGroup: ResourceGroup;
  readonly network: DualStackVirtualNetwork;
  readonly cluster: KubenetDualStackCluster | CniOverlayDualStackCluster;

  constructor(scope: Construct, id: string, props: DualStackClusterStackProps) {
    super(scope, constructId(scope, id, false));
    props = checkProps(this.node.path, props, CLUSTER_STACK_PROPS);
    const location = props.location ?? DEFAULT_LOCATION;
    const namePrefix = props.namePrefix ?? DEFAULT_NAME_PREFIX;
    throwIfAny(this, [
      ...(NAME_PREFIX.test(namePrefix) ? [] : [{
        prop: 'namePrefix',
        value: namePrefix,
        rule: 'is not a name prefix: lowercase letters, digits and hyphens, starting with a letter, at most 20 characters',
        fix: `use a prefix like '${DEFAULT_NAME_PREFIX}'`,
      }]),
    ]);
    const name = `${namePrefix}-${props.variant}`;
    this.clusterName = name;
    this.resourceGroupName = `${name}-rg`;

    new AzurermProvider(this, 'azurerm', { features: [{}] });
    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: this.resourceGroupName, location });
    useTerraformCloud(this, props.terraformCloud);
    this.network = new DualStackVirtualNetwork(this, 'Network', {
      name: `${name}-vnet`,
      resourceGroupName: this.resourceGroup.name,
      location,
      addressSpace: props.addressSpace,
    });
    const common = {
      name,
      resourceGroupName: this.resourceGroup.name,
      location,
      kubernetesVersion: props.kubernetesVersion,
      network: this.network,
      podCidrs: props.podCidrs,
      serviceCidrs: props.serviceCidrs,
      defaultNodePool: { nodeCount: props.nodeCount, vmSize: props.vmSize },
    };
    if (props.variant === 'kubenet') {
      this.cluster = new KubenetDualStackCluster(this, 'Cluster', common);
    } else {
      const adminPassword = new TerraformVariable(this, 'windows_admin_password', {
        type: 'string',
        sensitive: true,
        description: "Password of the Windows nodes' administrator (at least 14 characters, 3 of: lower, upper, digit, symbol)",
      });
      this.cluster = new CniOverlayDualStackCluster(this, 'Cluster', {
        ...common,
        windowsProfile: { adminUsername: 'azureuser', adminPassword: adminPassword.stringValue },
      });
      this.cluster.addNodePool('npwin', { osType: 'Windows', nodeCount: props.windowsNodeCount ?? DEFAULT_WINDOWS_NODE_COUNT, vmSize: props.windowsVmSize });
    }
    this.cluster.addNodePool('apps', { nodeCount: props.appsNodeCount ?? DEFAULT_APPS_NODE_COUNT, vmSize: props.vmSize });

    new TerraformOutput(this, 'cluster_name', { value: this.cluster.resource.name });
    new TerraformOutput(this, 'resource_group_name', { value: this.resourceGroup.name });
    new TerraformOutput(this, 'kube_config', { value: this.cluster.resource.kubeConfigRaw, sensitive: true });
    new TerraformOutput(this, 'kube_admin_config', { value: this.cluster.resource.kubeAdminConfigRaw, sensitive: true });
    // Lazy, so that the plan includes pools added to the cluster after this line.
    new TerraformOutput(this, 'address_plan', {
      value: Lazy.stringValue({ produce: () => JSON.stringify(this.cluster.addressPlan()) }),
      description: 'The cluster network, subnets, pod and service ranges, DNS address and capacity, as JSON',
    });
  }
}
