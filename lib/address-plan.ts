import { CapacityLimit } from './private/capacity';
import { DualStackConfigError, describeRule } from './private/errors';

export type { CapacityLimit };

/** One node subnet of a cluster's address plan. */
export interface AddressPlanSubnet {
  readonly name: string;
  readonly ipv4Cidr: string;
  readonly ipv6Cidr: string;
  /** The cluster's pools on this subnet. */
  readonly pools: string[];
  /** The nodes the subnet holds, upgrade surge included; absent when its range is a token. */
  readonly nodeCapacity?: number;
}

/** A cluster's addresses and capacity, as a person reads them: see {@link formatAddressPlan}. */
export interface AddressPlan {
  readonly cluster: string;
  /** The cluster construct's path. */
  readonly path: string;
  /** 'kubenet' or 'CNI Overlay'. */
  readonly variant: string;
  readonly network: { readonly name: string; readonly addressSpace: string[] };
  readonly subnets: AddressPlanSubnet[];
  /** One range per family: `{ IPv4: '10.244.0.0/16', IPv6: 'fd12:3456:789a::/64' }`. */
  readonly podCidrs: Record<string, string>;
  readonly serviceCidrs: Record<string, string>;
  readonly dnsServiceIp?: string;
  readonly capacity: {
    /** The nodes all pools can reach: `maxCount` when autoscaling, else `nodeCount`. */
    readonly peakNodes: number;
    /** The most nodes the cluster can hold, set by the binding limit. */
    readonly maxNodes: number;
    readonly bindingLimit: string;
    /** Every limit, smallest first. */
    readonly limits: CapacityLimit[];
  };
}

/** Formats an address plan as an aligned text table, one line per range. */
export function formatAddressPlan(plan: AddressPlan): string {
  if (typeof plan?.network !== 'object' || !Array.isArray(plan.subnets) || typeof plan.capacity !== 'object') {
    throw new DualStackConfigError([describeRule({ prop: 'formatAddressPlan plan', value: undefined, rule: 'is not an address plan', fix: 'pass what cluster.addressPlan() returns' })]);
  }
  const rows: string[][] = [
    ['network', plan.network.name, ...plan.network.addressSpace],
    ...plan.subnets.map((s) => [
      'subnet',
      s.name,
      s.ipv4Cidr,
      s.ipv6Cidr,
      `${s.pools.join(', ') || '(no pool)'}${s.nodeCapacity === undefined ? '' : `, holds ${s.nodeCapacity} nodes`}`,
    ]),
    ['pods', '', ...Object.values(plan.podCidrs)],
    ['services', '', ...Object.values(plan.serviceCidrs)],
    ['DNS service', '', plan.dnsServiceIp ?? '(unset)'],
  ];
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  const { peakNodes, maxNodes, bindingLimit, limits } = plan.capacity;
  const binding = limits.find((l) => l.limit === bindingLimit);
  return [
    `${plan.cluster} (${plan.variant}) at ${plan.path}`,
    ...rows.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd()),
    `  capacity     ${peakNodes} nodes at peak, at most ${maxNodes}: ${bindingLimit}${binding ? ` (${binding.why})` : ''}`,
  ].join('\n');
}
