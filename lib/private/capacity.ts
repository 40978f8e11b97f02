import { Cidr, IpFamily } from './cidr';
import { Violation } from './errors';
import { surgeNodes } from './pool-rules';
import { POD_PREFIX_PER_NODE, sumNodes } from './rules';

// Capacity planning: the most nodes a cluster can ever hold, and which limit binds.

/** One limit on a cluster's node count. */
export interface CapacityLimit {
  /** What limits: 'IPv4 pod CIDR', 'route table', ... */
  readonly limit: string;
  readonly nodes: number;
  readonly why: string;
}

/** AKS's most nodes in one cluster. */
export const AKS_MAX_CLUSTER_NODES = 5000;
/** A route table's most routes (rule 16). */
const ROUTE_TABLE_MAX_ROUTES = 400;
/** Azure keeps 5 addresses of every subnet: network, gateway, 2 for DNS, broadcast (rule 26). */
export const SUBNET_RESERVED_ADDRESSES = 5;

/** What capacity depends on. */
export interface CapacityInput {
  readonly variant: 'kubenet' | 'overlay';
  /** Routes of the cluster's route table that are not AKS's per-node routes (the egress route of UDR). */
  readonly otherRoutes?: number;
  readonly ipFamilies: readonly IpFamily[];
  /** The parsed pod ranges, index for index with `ipFamilies`; undefined for tokens. */
  readonly podCidrs: readonly (Cidr | undefined)[];
}

/** The cluster-wide limits on node count, smallest first (rules 16, 17, 23). */
export function clusterLimits(input: CapacityInput): CapacityLimit[] {
  const limits: CapacityLimit[] = [{ limit: 'AKS', nodes: AKS_MAX_CLUSTER_NODES, why: 'the most nodes AKS runs in one cluster' }];
  input.ipFamilies.forEach((family, i) => {
    const cidr = input.podCidrs[i];
    // CNI Overlay documents the per-node IPv4 /24; kubenet also gives each node an IPv6 /80 (rules 17, 23).
    if (!cidr || (family === 'IPv6' && input.variant !== 'kubenet')) return;
    const perNode = POD_PREFIX_PER_NODE[family];
    limits.push({
      limit: `${family} pod CIDR`,
      nodes: cidr.prefix > perNode ? 0 : Math.min(2 ** (perNode - cidr.prefix), Number.MAX_SAFE_INTEGER),
      why: `each node takes a /${perNode} of '${cidr.text}'`,
    });
  });
  if (input.variant === 'kubenet') {
    const routesPerNode = input.ipFamilies.length;
    const other = input.otherRoutes ?? 0;
    limits.push({
      limit: 'route table',
      nodes: Math.floor((ROUTE_TABLE_MAX_ROUTES - other) / routesPerNode),
      why: `each node takes ${routesPerNode} of a route table's ${ROUTE_TABLE_MAX_ROUTES} routes${other ? `, ${other} of them taken by ${other === 1 ? 'the egress route' : 'egress routes'}` : ''}`,
    });
  }
  return limits.sort((a, b) => a.nodes - b.nodes);
}

/**
 * The surge nodes of all pools together: Terraform updates the pool resources in parallel, so their upgrades can
 * overlap.
 */
function totalSurge(peaks: Record<string, number | undefined>, maxSurges: Record<string, string>): number {
  return Object.entries(peaks).reduce((sum, [pool, n]) => sum + surgeNodes(n ?? 0, maxSurges[pool]), 0);
}

/** The nodes an IPv4 subnet holds, surge included: its addresses less Azure's 5 (rule 26). */
export function subnetNodeCapacity(cidr: Cidr): number {
  return Math.max(0, 2 ** (32 - cidr.prefix) - SUBNET_RESERVED_ADDRESSES);
}

/** Refuses pools whose peak nodes exceed the binding cluster limit, naming it and its rule. */
export function checkClusterCapacity(limits: readonly CapacityLimit[], peaks: Record<string, number | undefined>, variant: 'kubenet' | 'overlay'): Violation | undefined {
  const total = sumNodes(peaks);
  const binding = limits[0];
  if (!binding || total <= binding.nodes) return undefined;
  return {
    prop: 'node pools',
    value: peaks,
    // The route table is kubenet's (rule 16); the pod ranges' shares are kubenet's rule 17, CNI Overlay's 23.
    number: binding.limit === 'route table' ? 16 : binding.limit.endsWith('pod CIDR') ? (variant === 'kubenet' ? 17 : 23) : undefined,
    rule: `add up to ${total} nodes (maxCount when autoscaling, else nodeCount), over ${binding.nodes}, the most this cluster holds: the binding limit is the ${binding.limit} (${binding.why})`,
    fix:
      binding.limit === 'route table'
        ? 'lower nodeCount/maxCount, or use CniOverlayDualStackCluster, which has no route-table limit'
        : binding.limit.endsWith('pod CIDR')
          ? `lower nodeCount/maxCount, or give a larger pod range`
          : 'lower nodeCount/maxCount, or split the workload over clusters',
  };
}

/** Rule 26: a subnet holds its pools' nodes plus their upgrade surge (`maxSurges` by pool, 10% by default). */
export function checkSubnetCapacity(
  subnet: string,
  cidr: Cidr,
  peaks: Record<string, number | undefined>,
  maxSurges: Record<string, string> = {},
): Violation | undefined {
  const needed = sumNodes(peaks) + totalSurge(peaks, maxSurges);
  const capacity = subnetNodeCapacity(cidr);
  if (needed <= capacity) return undefined;
  return {
    prop: `subnet '${subnet}'`,
    value: cidr.text,
    number: 26,
    rule: `holds ${capacity} nodes (Azure keeps ${SUBNET_RESERVED_ADDRESSES} addresses), but its pools ${JSON.stringify(peaks)} need ${needed} with the upgrade surge`,
    fix: 'carve a larger subnet (ipv4PrefixLength), or lower the pools\' nodeCount/maxCount',
  };
}

/**
 * Advice when the pools fit, but an upgrade's surge nodes would not: each surge node takes a pod /24 and, on
 * kubenet, routes, so AKS cannot add it and the upgrade stalls.
 */
export function adviseUpgradeHeadroom(
  limits: readonly CapacityLimit[],
  peaks: Record<string, number | undefined>,
  maxSurges: Record<string, string> = {},
): Violation | undefined {
  const total = sumNodes(peaks);
  const binding = limits[0];
  const needed = total + totalSurge(peaks, maxSurges);
  if (!binding || total > binding.nodes || needed <= binding.nodes) return undefined;
  return {
    prop: 'node pools',
    value: peaks,
    number: 52,
    rule: `fit the ${binding.limit} (${binding.nodes} nodes), but an upgrade adds surge nodes and needs ${needed}: it would stall`,
    fix: `keep ${needed - binding.nodes} node(s) of headroom under the limit`,
  };
}
