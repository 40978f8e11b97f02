import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DualStackSubnet } from './dual-stack-subnet';

/** The operating system of a node pool. */
export type NodePoolOsType = 'Linux' | 'Windows';
/** System pools run the cluster's own pods; User pools run workloads. */
export type NodePoolMode = 'System' | 'User';

/** The VM size of node pools when none is given: 2 vCPU, general purpose, widely available. */
export const DEFAULT_VM_SIZE = 'Standard_D2s_v5';
/** The node count of a fixed-size pool when none is given, as in the documents (`nodeCount: 3`). */
export const DEFAULT_NODE_COUNT = 3;

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

/** Node counts as azurerm takes them: a fixed pool has `nodeCount`; an autoscaling one, `minCount` and `maxCount`. */
export interface ResolvedNodeCounts {
  readonly nodeCount?: number;
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly autoScalingEnabled?: boolean;
}

/**
 * Resolves a pool's counts: a fixed pool defaults to 3 nodes; an autoscaling one (`minCount` or `maxCount`
 * given) leaves `nodeCount` to AKS, which starts at `minCount`.
 */
export function resolveNodeCounts(options: NodePoolOptions): ResolvedNodeCounts {
  const autoscaling = options.minCount !== undefined || options.maxCount !== undefined;
  return {
    nodeCount: options.nodeCount ?? (autoscaling ? undefined : DEFAULT_NODE_COUNT),
    minCount: options.minCount,
    maxCount: options.maxCount,
    autoScalingEnabled: autoscaling || undefined,
  };
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

  constructor(scope: Construct, id: string, props: DualStackNodePoolProps) {
    super(scope, id);
    this.subnet = props.subnet;
    this.name = props.name;
    this.osType = props.osType ?? 'Linux';
    this.mode = props.mode ?? 'User';
    this.resource = new KubernetesClusterNodePool(this, 'Resource', {
      name: props.name,
      kubernetesClusterId: props.clusterId,
      vmSize: props.vmSize ?? DEFAULT_VM_SIZE,
      ...resolveNodeCounts(props),
      maxPods: props.maxPods,
      orchestratorVersion: props.orchestratorVersion,
      osType: this.osType,
      mode: this.mode,
      vnetSubnetId: props.subnet.subnetId,
      tags: props.tags,
      dependsOn: props.dependsOn,
    });
  }
}
