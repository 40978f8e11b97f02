import { Cidr, parseCidr } from '../../lib/private/cidr';
import { adviseUpgradeHeadroom, checkClusterCapacity, checkSubnetCapacity, clusterLimits, subnetNodeCapacity } from '../../lib/private/capacity';
import { surgeNodes } from '../../lib/private/pool-rules';

const cidr = (text: string) => parseCidr(text) as Cidr;
const DUAL = ['IPv4', 'IPv6'] as const;

describe('clusterLimits', () => {
  test('kubenet dual-stack: the route table binds at 200, before the /16 pod range (256) and the IPv6 /64 (65536)', () => {
    const limits = clusterLimits({ variant: 'kubenet', ipFamilies: DUAL, podCidrs: [cidr('10.244.0.0/16'), cidr('fd12:3456:789a::/64')] });
    expect(limits.map((l) => [l.limit, l.nodes])).toEqual([
      ['route table', 200],
      ['IPv4 pod CIDR', 256],
      ['AKS', 5000],
      ['IPv6 pod CIDR', 65536],
    ]);
  });

  test('kubenet single-stack: one route a node, 400', () => {
    const limits = clusterLimits({ variant: 'kubenet', ipFamilies: ['IPv4'], podCidrs: [cidr('10.0.0.0/8')] });
    expect(limits[0]).toEqual({ limit: 'route table', nodes: 400, why: "each node takes 1 of a route table's 400 routes" });
  });

  test('overlay: the IPv4 pod range binds, a /24 a node', () => {
    const limits = clusterLimits({ variant: 'overlay', ipFamilies: DUAL, podCidrs: [cidr('10.244.0.0/20'), cidr('fd12::/64')] });
    expect(limits.map((l) => [l.limit, l.nodes])).toEqual([['IPv4 pod CIDR', 16], ['AKS', 5000]]);
  });

  test('tokens leave their limit out', () => {
    expect(clusterLimits({ variant: 'overlay', ipFamilies: DUAL, podCidrs: [undefined, undefined] }).map((l) => l.limit)).toEqual(['AKS']);
  });
});

test('surge: 10% of the nodes, at least one, none for no nodes', () => {
  expect([0, 1, 10, 11, 100].map((n) => surgeNodes(n))).toEqual([0, 1, 1, 2, 10]);
});

test('a subnet holds its addresses less the 5 Azure keeps', () => {
  expect(subnetNodeCapacity(cidr('10.0.0.0/24'))).toBe(251);
  expect(subnetNodeCapacity(cidr('10.0.0.0/29'))).toBe(3);
});

describe('checkClusterCapacity', () => {
  const limits = clusterLimits({ variant: 'overlay', ipFamilies: DUAL, podCidrs: [cidr('10.244.0.0/22'), undefined] });
  test('passes the binding limit exactly', () => expect(checkClusterCapacity(limits, { a: 3, b: 1 }, 'overlay')).toBeUndefined());
  test('fails over it, naming the binding limit and why', () => {
    expect(checkClusterCapacity(limits, { a: 3, b: 2, c: undefined }, 'overlay')).toMatchObject({
      prop: 'node pools',
      number: 23,
      value: { a: 3, b: 2, c: undefined },
      rule: "add up to 5 nodes (maxCount when autoscaling, else nodeCount), over 4, the most this cluster holds: the binding limit is the IPv4 pod CIDR (each node takes a /24 of '10.244.0.0/22')",
      fix: 'lower nodeCount/maxCount, or give a larger pod range',
    });
  });
  test('cites kubenet\'s rules: 17 for its pod ranges, 16 for its route table', () => {
    const kubenet = (pods: string) => clusterLimits({ variant: 'kubenet', ipFamilies: DUAL, podCidrs: [cidr(pods), undefined] });
    expect(checkClusterCapacity(kubenet('10.244.0.0/22'), { a: 5 }, 'kubenet')?.number).toBe(17);
    expect(checkClusterCapacity(kubenet('10.244.0.0/16'), { a: 201 }, 'kubenet')?.number).toBe(16);
  });
});

describe('rule 26: checkSubnetCapacity', () => {
  test('passes pools that fit exactly with their surge', () => expect(checkSubnetCapacity('s', cidr('10.0.0.0/28'), { a: 10 })).toBeUndefined());
  test('fails when the surge would not fit', () => {
    expect(checkSubnetCapacity('s', cidr('10.0.0.0/28'), { a: 11 })).toMatchObject({
      prop: "subnet 's'",
      value: '10.0.0.0/28',
      rule: 'holds 11 nodes (Azure keeps 5 addresses), but its pools {"a":11} need 13 with the upgrade surge',
    });
    expect(checkSubnetCapacity('s', cidr('10.0.0.0/28'), { a: 6, b: 5 })?.rule).toMatch(/need 13/);
  });
});

test('the egress route of user-defined routing takes one of the 400 routes', () => {
  const limits = clusterLimits({ variant: 'kubenet', ipFamilies: DUAL, podCidrs: [undefined, undefined], otherRoutes: 1 });
  expect(limits[0]).toEqual({ limit: 'route table', nodes: 199, why: "each node takes 2 of a route table's 400 routes, 1 of them taken by the egress route" });
});

describe('adviseUpgradeHeadroom', () => {
  const limits = clusterLimits({ variant: 'kubenet', ipFamilies: DUAL, podCidrs: [undefined, undefined] });
  test('is quiet with room for every pool\'s surge at once', () => expect(adviseUpgradeHeadroom(limits, { a: 90, b: 90 })).toBeUndefined());
  test('advises when the pools fit but their surges would not: Terraform upgrades pools in parallel', () => {
    expect(adviseUpgradeHeadroom(limits, { a: 100, b: 90 })?.rule).toMatch(/needs 209/);
    expect(adviseUpgradeHeadroom(limits, { a: 100, b: 100 })).toMatchObject({ rule: 'fit the route table (200 nodes), but an upgrade adds surge nodes and needs 220: it would stall', fix: 'keep 20 node(s) of headroom under the limit' });
  });
  test('counts each pool\'s own maxSurge', () => {
    expect(adviseUpgradeHeadroom(limits, { a: 100, b: 90 }, { a: '1', b: '1' })).toBeUndefined();
    expect(adviseUpgradeHeadroom(limits, { a: 100, b: 90 }, { a: '50%', b: '1' })?.rule).toMatch(/needs 241/);
  });
  test('leaves pools over the limit to the error', () => expect(adviseUpgradeHeadroom(limits, { a: 201 })).toBeUndefined());
});
