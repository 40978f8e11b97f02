import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DualStackSubnet } from './dual-stack-subnet';
import { throwIfAny } from './private/errors';
import { NODE_POOL_PROPS, autoscaledCountLifecycle, checkPoolOptions, poolAttributes } from './private/pool-settings';
import { isToken } from './private/rules';
import { checkProps, constructId } from './private/shape';

export { DEFAULT_NODE_COUNT, DEFAULT_VM_SIZE, resolveNodeCounts } from './private/pool-settings';
export type { ResolvedNodeCounts } from './private/pool-settings';

/** The operating system of a node pool. */
export type NodePoolOsType = 'Linux' | 'Windows';
/** System pools run the cluster's own pods; User pools run workloads. */
export type NodePoolMode = 'System' | 'User';

/** Options of a node pool, shared by the default pool and {@link DualStackClusterBase.addNodePool}. */
export interface NodePoolOptions {
  /**
   * The VM size of the pool's nodes.
   *
   * @default 'Standard_D2s_v5'
   */
  readonly vmSize?: string;
  /**
   * The number of nodes; with autoscaling, the initial number.
   *
   * @default 3 for a fixed-size pool; with autoscaling, unset so that AKS starts at `minCount`
   */
  readonly nodeCount?: number;
  /**
   * The fewest nodes the autoscaler keeps. Setting `minCount` and `maxCount` turns autoscaling on.
   *
   * @default - no autoscaling
   */
  readonly minCount?: number;
  /**
   * The most nodes the autoscaler adds. Setting `minCount` and `maxCount` turns autoscaling on.
   *
   * @default - no autoscaling
   */
  readonly maxCount?: number;
  /**
   * The most pods a node runs.
   *
   * @default - the AKS default: 110 for kubenet, 250 for CNI Overlay
   */
  readonly maxPods?: number;
  /**
   * The pool's Kubernetes version: the default pool's must equal the cluster's `kubernetesVersion`; no pool's
   * may be newer.
   *
   * @default - the control plane's version
   */
  readonly orchestratorVersion?: string;
  /**
   * The subnet for the pool's nodes, a subnet of the cluster's network.
   *
   * @default - a dedicated subnet carved from the cluster's network
   */
  readonly subnet?: DualStackSubnet;
  /**
   * Kubernetes labels of the pool's nodes, for workloads to select with a node selector or affinity.
   *
   * @default - only the labels AKS sets, such as `kubernetes.io/os` and `kubernetes.azure.com/agentpool`
   * @see https://learn.microsoft.com/azure/aks/use-labels
   */
  readonly nodeLabels?: Record<string, string>;
  /**
   * The most nodes AKS adds to the pool during an upgrade: a number of nodes (`'1'`) or a percentage of the pool
   * (`'33%'`). Always written, so that plans do not drift once AKS reports the surge it applied.
   *
   * @default '10%'
   * @see https://learn.microsoft.com/azure/aks/upgrade-aks-cluster#customize-node-surge-upgrade
   */
  readonly maxSurge?: string;
  /**
   * The name of the stand-in pool that azurerm creates while it replaces this pool, when a later change needs
   * new nodes (VM size, pod limit, subnet, OS disk). Lowercase letters and digits, at most 12 characters (6 for
   * Windows), unlike every pool name of the cluster.
   *
   * @default - the pool's name and 'tmp' when that fits ('nodepool1tmp', 'appstmp'), else the name cut short,
   * 't' and three characters hashed from the whole name ('npwin' gives 'npthgj')
   */
  readonly temporaryNameForRotation?: string;
}

/** Options of an extra node pool, added with `addNodePool()`. */
export interface AddNodePoolOptions extends NodePoolOptions {
  /**
   * The pool's operating system. Windows pools need CNI Overlay and the cluster's `windowsProfile`.
   *
   * @default 'Linux'
   */
  readonly osType?: NodePoolOsType;
  /**
   * The pool's mode. System pools must be Linux.
   *
   * @default 'User'
   */
  readonly mode?: NodePoolMode;
  /**
   * Kubernetes taints of the pool's nodes, `key=value:Effect`: only pods that tolerate them run there. The
   * default pool takes no taints (azurerm 4 has none for it).
   *
   * @default - no taints (AKS taints no pool, not even Windows ones)
   * @see https://learn.microsoft.com/azure/aks/use-node-taints
   */
  readonly nodeTaints?: string[];
}

/** Options of the default node pool, which is always Linux and System mode. */
export interface DefaultNodePoolOptions extends NodePoolOptions {
  /**
   * The pool's name.
   *
   * @default 'nodepool1'
   */
  readonly name?: string;
}

/** Props of a {@link DualStackNodePool}; the cluster's `addNodePool()` checks them and picks the subnet. */
export interface DualStackNodePoolProps extends AddNodePoolOptions {
  /** The id of the cluster (a token). */
  readonly clusterId: string;
  readonly name: string;
  /** The pool's dedicated subnet. */
  readonly subnet: DualStackSubnet;
  /**
   * Tags for the pool.
   *
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * What must exist before the pool (kubenet: its subnet's route table association).
   *
   * @default - nothing beyond the cluster
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An `azurerm_kubernetes_cluster_node_pool` on a dedicated dual-stack subnet.
 *
 * Create it with the cluster's `addNodePool()`, which checks the options and wires the subnet.
 */
export class DualStackNodePool extends Construct {
  /** The raw `azurerm_kubernetes_cluster_node_pool`. */
  readonly resource: KubernetesClusterNodePool;
  /** The subnet the pool's nodes live in. */
  readonly subnet: DualStackSubnet;
  readonly name: string;
  readonly osType: NodePoolOsType;
  readonly mode: NodePoolMode;
  /** The name azurerm gives the stand-in pool while it replaces this one. */
  readonly temporaryNameForRotation: string;

  constructor(scope: Construct, id: string, props: DualStackNodePoolProps) {
    super(scope, constructId(scope, id));
    props = checkProps(this.node.path, props, NODE_POOL_PROPS);
    this.subnet = props.subnet;
    this.name = props.name;
    this.osType = props.osType ?? 'Linux';
    this.mode = props.mode ?? 'User';
    // The pool's own rules, for a pool made directly; the cluster's addNodePool() checks them against the cluster.
    throwIfAny(this, checkPoolOptions('', props.name, this.osType, this.mode, props, props.nodeTaints));
    const attributes = poolAttributes(props.name, this.osType, props, props.subnet.subnetId);
    this.temporaryNameForRotation = attributes.temporaryNameForRotation;
    this.resource = new KubernetesClusterNodePool(this, 'Resource', {
      ...attributes,
      kubernetesClusterId: props.clusterId,
      osType: this.osType,
      mode: this.mode,
      nodeTaints: props.nodeTaints && !isToken(props.nodeTaints) ? [...props.nodeTaints] : props.nodeTaints,
      tags: props.tags,
      dependsOn: props.dependsOn,
      lifecycle: autoscaledCountLifecycle(props, 'node_count'),
    });
  }
}
