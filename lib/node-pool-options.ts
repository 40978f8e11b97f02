import type { ITerraformDependable, TerraformResourceLifecycle } from 'cdktf';
import { checkVmSize } from './private/azure-names';
import { Violation, collect, renamed } from './private/errors';
import { DualStackSubnet } from './dual-stack-subnet';
import { DEFAULT_MAX_SURGE, checkMaxSurge, checkNodeLabels, checkNodeTaints, checkRotationNames, checkZonesAndSku, defaultRotationName } from './private/pool-rules';
import { checkMaxPods, checkNodeCounts, checkNotBlank, checkPoolName, isToken } from './private/rules';
import { Schema, dependable, instance, listOf, schema, map, num, oneOf, required, str, strList } from './private/shape';

/** The operating system of a node pool. */
export type NodePoolOsType = 'Linux' | 'Windows';
/** A node OS image family azurerm takes (v4.70.0 to v4.81.0). */
export type NodeOsSku = 'AzureLinux' | 'AzureLinux3' | 'Ubuntu' | 'Ubuntu2204' | 'Ubuntu2404' | 'Windows2019' | 'Windows2022';
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
  /**
   * The availability zones the pool's nodes are spread over, of '1', '2' and '3' (the VM size must be offered in
   * them in the region). Changing them later rotates the pool through its stand-in.
   *
   * @default - no zones: Azure places the nodes
   * @see https://learn.microsoft.com/azure/aks/availability-zones
   */
  readonly zones?: string[];
  /**
   * The node OS: `AzureLinux` or `Ubuntu` (and their versioned names) for Linux pools, `Windows2019` or
   * `Windows2022` for Windows ones. Ubuntu and Azure Linux change in place; any other change replaces the pool
   * (rotates the default pool).
   *
   * @default - AKS's own: 'Ubuntu' for Linux, 'Windows2022' for Windows
   * @see https://learn.microsoft.com/azure/azure-linux/intro-azure-linux
   */
  readonly osSku?: NodeOsSku;
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

const POOL_OPTIONS: Schema<NodePoolOptions> = {
  vmSize: str,
  nodeCount: num,
  minCount: num,
  maxCount: num,
  maxPods: num,
  orchestratorVersion: str,
  subnet: instance(DualStackSubnet, 'DualStackSubnet'),
  nodeLabels: map,
  maxSurge: str,
  temporaryNameForRotation: str,
  zones: listOf(str, true),
  osSku: str,
};
/** The shapes of `addNodePool()`'s options, the default pool's, and a pool construct's props. */
export const ADD_NODE_POOL_OPTIONS = schema<AddNodePoolOptions>('addNodePool options', {
  ...POOL_OPTIONS,
  osType: oneOf('Linux', 'Windows'),
  mode: oneOf('System', 'User'),
  nodeTaints: strList,
});
export const DEFAULT_NODE_POOL_OPTIONS = schema<DefaultNodePoolOptions>('DefaultNodePoolOptions', {
  ...POOL_OPTIONS,
  name: str,
  // Not an option of the default pool, but taken here so that the cluster can say why it is refused.
  ...({ nodeTaints: strList } as object),
});
export const NODE_POOL_PROPS = schema<DualStackNodePoolProps>('DualStackNodePoolProps', {
  ...ADD_NODE_POOL_OPTIONS,
  clusterId: required(str),
  name: required(str),
  subnet: required(instance(DualStackSubnet, 'DualStackSubnet')),
  tags: map,
  dependsOn: listOf(dependable),
});

/** The VM size of node pools when none is given: 2 vCPU, general purpose, widely available. */
export const DEFAULT_VM_SIZE = 'Standard_D2s_v5';
/** The node count of a fixed-size pool when none is given, as in the documents (`nodeCount: 3`). */
export const DEFAULT_NODE_COUNT = 3;

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
export function resolveNodeCounts(options: NodePoolOptions = {}): ResolvedNodeCounts {
  options ??= {};
  const autoscaling = options.minCount !== undefined || options.maxCount !== undefined;
  return {
    nodeCount: options.nodeCount ?? (autoscaling ? undefined : DEFAULT_NODE_COUNT),
    minCount: options.minCount,
    maxCount: options.maxCount,
    autoScalingEnabled: autoscaling || undefined,
  };
}

/**
 * AKS's default drain timeout, written with the surge so that it is explicit. Once written it must stay: azurerm's
 * CustomizeDiff replaces a pool (the whole cluster, for the default pool) whose timeout goes from a value back to
 * unset (`ForceNewIfChange`, old != 0 && new == 0).
 */
export const DRAIN_TIMEOUT_MINUTES = 30;

/**
 * A pool's own rules, whatever cluster it joins (rules 24, 27, 29 and the day-2 settings): its name, VM size,
 * counts, pods, surge, labels, taints and rotation name. Props are named with `prefix` (`defaultNodePool.`).
 */
export function checkPoolOptions(prefix: string, name: string, osType: NodePoolOsType, mode: NodePoolMode, options: NodePoolOptions, taints?: readonly string[]): Violation[] {
  return collect(
    renamed(checkPoolName(name, osType), `${prefix}name`),
    options.vmSize !== undefined ? checkNotBlank(`${prefix}vmSize`, options.vmSize) ?? checkVmSize(`${prefix}vmSize`, options.vmSize) : undefined,
    checkNodeLabels(`${prefix}nodeLabels`, options.nodeLabels),
    checkNodeTaints(`${prefix}nodeTaints`, taints),
    options.maxSurge !== undefined ? checkMaxSurge(`${prefix}maxSurge`, options.maxSurge) : undefined,
    checkNodeCounts(prefix, options),
    checkMaxPods(`${prefix}maxPods`, options.maxPods, mode),
    checkRotationNames([{ prefix, name, osType, rotationName: rotationNameOf(name, osType, options) }]),
    checkZonesAndSku(prefix, osType, options.zones, options.osSku),
  );
}

/** A pool's `temporary_name_for_rotation`: the one given, or {@link defaultRotationName}. */
export function rotationNameOf(name: string, osType: NodePoolOsType, options: NodePoolOptions): string {
  return options.temporaryNameForRotation ?? defaultRotationName(name, osType);
}

/**
 * What a pool writes alike as the cluster's `default_node_pool` and as an `azurerm_kubernetes_cluster_node_pool`.
 *
 * `upgrade_settings` is always written: azurerm reads back the surge AKS applies, so a pool without it shows a
 * diff on every plan (azurerm #24020); its drain timeout too (see `DRAIN_TIMEOUT_MINUTES`). `temporary_name_for_rotation` is always written: without it, a later
 * change of the VM size, pod limit, subnet and the like passes plan and fails apply.
 */
export function poolAttributes(name: string, osType: NodePoolOsType, options: NodePoolOptions, subnetId: string) {
  return {
    name,
    vmSize: options.vmSize ?? DEFAULT_VM_SIZE,
    ...resolveNodeCounts(options),
    maxPods: options.maxPods,
    orchestratorVersion: options.orchestratorVersion,
    // A copy: later changes to the caller's map must not change what was checked.
    nodeLabels: options.nodeLabels && !isToken(options.nodeLabels) ? { ...options.nodeLabels } : options.nodeLabels,
    vnetSubnetId: subnetId,
    zones: options.zones && !isToken(options.zones) ? [...options.zones] : options.zones,
    osSku: options.osSku,
    temporaryNameForRotation: rotationNameOf(name, osType, options),
    upgradeSettings: { maxSurge: options.maxSurge ?? DEFAULT_MAX_SURGE, drainTimeoutInMinutes: DRAIN_TIMEOUT_MINUTES },
  };
}

/**
 * With autoscaling, the autoscaler owns the node count: Terraform must not set it back on the next apply, and
 * azurerm refuses to change `node_count` of an autoscaled pool. So the count is left out of later plans.
 */
export function autoscaledCountLifecycle(options: NodePoolOptions, attribute: string): TerraformResourceLifecycle | undefined {
  return resolveNodeCounts(options).autoScalingEnabled ? { ignoreChanges: [attribute] } : undefined;
}
