import { IConstruct } from 'constructs';
import type { DualStackSubnet } from '../dual-stack-subnet';
import { checkSubnetCapacity } from './capacity';
import { parseCidr } from './cidr';
import { collect } from './errors';
import { writtenMaxSurge, writtenPeak } from './gate';
import { DEFAULT_MAX_SURGE } from './pool-rules';
import { Body, gateAtSynth, written } from './written';

/** One pool whose nodes live on a subnet. */
interface SubnetUse {
  readonly cluster: IConstruct;
  readonly pool: string;
  /** The pool's written body (the cluster's `default_node_pool`, or the node pool resource). */
  readonly body: () => Body;
}

/** The pools on each subnet, across every cluster of the app. */
const uses = new WeakMap<DualStackSubnet, SubnetUse[]>();

/**
 * Records that a pool's nodes live on a subnet. The first use registers the subnet's capacity check (rule 26),
 * which counts the pools of every cluster on the subnet, as written, with their upgrade surge.
 */
export function useSubnet(subnet: DualStackSubnet, use: SubnetUse): void {
  const known = uses.get(subnet);
  if (known) {
    known.push(use);
    return;
  }
  const list = [use];
  uses.set(subnet, list);
  gateAtSynth(subnet, () => {
    const prefixes = written(subnet.resource).address_prefixes;
    const cidr = Array.isArray(prefixes) ? prefixes.map((p) => parseCidr(String(p))).find((c) => typeof c !== 'string' && c.family === 'IPv4') : undefined;
    if (!cidr || typeof cidr === 'string') return [];
    // Pools of several clusters may share a name: name them by cluster too.
    const shared = new Set(list.map((u) => u.cluster)).size > 1;
    const key = (u: SubnetUse) => (shared ? `${u.cluster.node.path} ${u.pool}` : u.pool);
    const peaks = Object.fromEntries(list.map((u) => [key(u), writtenPeak(u.body())]));
    const surges = Object.fromEntries(list.map((u) => [key(u), writtenMaxSurge(u.body()) ?? DEFAULT_MAX_SURGE]));
    return collect(checkSubnetCapacity(subnet.node.id, cidr, peaks, surges));
  });
}

