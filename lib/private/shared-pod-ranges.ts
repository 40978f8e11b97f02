import type { IConstruct } from 'constructs';
import { Cidr, byFirst } from './cidr';
import { Violation, adviseAtSynth } from './errors';

// Rule 52, advice: clusters on one network whose pod ranges overlap. Azure takes it, but pods of the clusters
// cannot reach each other by pod address. One warning per network, naming the clusters: an estate of 300
// clusters on one network gets one line, not one per pair, and the work is a sort per family.

/** The pod ranges of each network's clusters, in the order the clusters were made. */
const podRangesOnNetwork = new WeakMap<IConstruct, { cluster: string; cidr: Cidr }[]>();
/** How many clusters a warning names before it counts the rest. */
const NAMED = 5;

/** Records a cluster's pod ranges on its network; the first cluster on a network registers the advice. */
export function sharePodRanges(network: IConstruct, cluster: string, podRanges: readonly (Cidr | undefined)[]): void {
  let ranges = podRangesOnNetwork.get(network);
  if (!ranges) {
    ranges = [];
    podRangesOnNetwork.set(network, ranges);
    const all = ranges;
    adviseAtSynth(network, () => overlapping(network.node.path, all));
  }
  for (const cidr of podRanges) if (cidr) ranges.push({ cluster, cidr });
}

/** One violation for the network, listing each group of overlapping ranges of two clusters or more. */
function overlapping(network: string, ranges: readonly { cluster: string; cidr: Cidr }[]): Violation[] {
  const groups: { cidrs: Set<string>; clusters: Set<string>; last: bigint }[] = [];
  for (const family of ['IPv4', 'IPv6'] as const) {
    const sorted = ranges.filter((r) => r.cidr.family === family).sort((a, b) => byFirst(a.cidr, b.cidr));
    let group: (typeof groups)[number] | undefined;
    for (const { cluster, cidr } of sorted) {
      if (!group || cidr.first > group.last) groups.push((group = { cidrs: new Set(), clusters: new Set(), last: cidr.last }));
      group.cidrs.add(cidr.text);
      group.clusters.add(cluster);
      if (cidr.last > group.last) group.last = cidr.last;
    }
  }
  const shared = groups.filter((g) => g.clusters.size > 1);
  if (shared.length === 0) return [];
  const described = shared.map((g) => {
    const names = [...g.clusters];
    const listed = names.slice(0, NAMED).map((n) => `'${n}'`).join(', ');
    return `${[...g.cidrs].slice(0, NAMED).map((c) => `'${c}'`).join(', ')} of clusters ${listed}${names.length > NAMED ? ` and ${names.length - NAMED} more (${names.length})` : ''}`;
  });
  return [{
    prop: 'podCidrs',
    value: undefined,
    number: 52,
    rule: `overlap between clusters on network '${network}': ${described.join('; ')}, so pods of these clusters cannot reach each other by pod address`,
    fix: 'give each cluster on a network pod ranges of its own',
  }];
}
