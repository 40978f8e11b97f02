import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { checkSubnetCapacity } from './capacity';
import { parseCidr } from './cidr';
import { Violation, collect } from './errors';
import { writtenMaxSurge, writtenPeak } from './gate';
import { DEFAULT_MAX_SURGE } from './pool-rules';
import { Body, StackJson, blockOf, written } from './written';

/** A subnet construct, as this registry needs it: its `azurerm_subnet`. */
type DualStackSubnet = IConstruct & { readonly resource: TerraformResource };

/** One pool whose nodes live on a subnet, as a cluster of this library records it. */
interface SubnetUse {
  readonly cluster: IConstruct;
  /** The cluster resource's logical id, as pools write it in `kubernetes_cluster_id`. */
  readonly clusterKey: string;
  readonly pool: string;
  /** The pool's written body (the cluster's `default_node_pool`, or the node pool resource). */
  readonly body: () => Body;
}

/** The pools that clusters of this library put on each subnet, across the app. */
const uses = new WeakMap<DualStackSubnet, SubnetUse[]>();

/** Records that a cluster put a pool on a subnet: for pools in other stacks, and to name clusters in messages. */
export function useSubnet(subnet: DualStackSubnet, use: SubnetUse): void {
  const list = uses.get(subnet);
  if (list) list.push(use);
  else uses.set(subnet, [use]);
}

/** The clusters whose pools are on a subnet, as recorded so far. */
export function clustersOn(subnet: DualStackSubnet): IConstruct[] {
  return [...new Set((uses.get(subnet) ?? []).map((u) => u.cluster))];
}

/** A pool found on a subnet: its cluster's logical id, its name and its written body. */
interface PoolOnSubnet {
  readonly clusterKey: string;
  readonly pool: string;
  readonly body: Body;
}

/**
 * Rule 26 for every subnet of a network, on what is written: each subnet holds the nodes of every pool whose
 * `vnet_subnet_id` is the subnet (every cluster's, and pools made directly), with their upgrade surge. Pools of
 * other stacks are known from the clusters that made them. One pass over the stack's pools.
 */
export function checkSubnetCapacities(subnets: readonly DualStackSubnet[], stack: StackJson): Violation[] {
  const bySubnet = new Map<unknown, PoolOnSubnet[]>();
  const add = (subnetId: unknown, pool: PoolOnSubnet) => {
    const list = bySubnet.get(subnetId);
    if (list) list.push(pool);
    else bySubnet.set(subnetId, [pool]);
  };
  for (const [key, cluster] of Object.entries(stack.resource?.azurerm_kubernetes_cluster ?? {})) {
    const pool = blockOf(cluster.default_node_pool);
    if (pool) add(pool.vnet_subnet_id, { clusterKey: key, pool: String(pool.name), body: pool });
  }
  for (const pool of Object.values(stack.resource?.azurerm_kubernetes_cluster_node_pool ?? {})) {
    const clusterKey = /^\$\{azurerm_kubernetes_cluster\.([^.]+)\.id\}$/.exec(String(pool.kubernetes_cluster_id))?.[1] ?? String(pool.kubernetes_cluster_id);
    add(pool.vnet_subnet_id, { clusterKey, pool: String(pool.name), body: pool });
  }
  return subnets.flatMap((subnet) => {
    const recorded = uses.get(subnet) ?? [];
    const here = TerraformStack.of(subnet);
    // A logical id is unique in its stack only: clusters are told apart across stacks by the stack's path.
    const inStack = (stack: TerraformStack, key: string) => `${stack.node.path}:${key}`;
    const pools = [
      ...(bySubnet.get(`\${azurerm_subnet.${subnet.resource.friendlyUniqueId}.id}`) ?? []).map((p) => ({ ...p, clusterKey: inStack(here, p.clusterKey) })),
      ...recorded.filter((u) => TerraformStack.of(u.cluster) !== here).map((u) => ({ clusterKey: inStack(TerraformStack.of(u.cluster), u.clusterKey), pool: u.pool, body: u.body() })),
    ];
    if (pools.length === 0) return [];
    const prefixes = written(subnet.resource).address_prefixes;
    const cidr = Array.isArray(prefixes) ? prefixes.map((p) => parseCidr(String(p))).find((c) => typeof c !== 'string' && c.family === 'IPv4') : undefined;
    if (!cidr || typeof cidr === 'string') return [];
    // Pools of several clusters may share a name: name them by cluster too, by path where a cluster recorded it.
    const paths = new Map(recorded.map((u) => [inStack(TerraformStack.of(u.cluster), u.clusterKey), u.cluster.node.path]));
    const shared = new Set(pools.map((p) => p.clusterKey)).size > 1;
    const key = (p: PoolOnSubnet) => (shared ? `${paths.get(p.clusterKey) ?? p.clusterKey} ${p.pool}` : p.pool);
    const peaks = Object.fromEntries(pools.map((p) => [key(p), writtenPeak(p.body)]));
    const surges = Object.fromEntries(pools.map((p) => [key(p), writtenMaxSurge(p.body) ?? DEFAULT_MAX_SURGE]));
    return collect(checkSubnetCapacity(subnet.node.id, cidr, peaks, surges));
  });
}
