import { CniOverlayDualStackCluster, formatAddressPlan } from '../lib';
import { PLACE, testStack } from './util';

function plannedCluster() {
  const aks = new CniOverlayDualStackCluster(testStack(), 'aks', { ...PLACE, name: 'prod', podCidrs: ['10.244.0.0/20', 'fd12:3456:789a::/64'] });
  aks.addNodePool('apps', { minCount: 1, maxCount: 5 });
  aks.addNodePool('batch', { nodeCount: 2, subnet: aks.addNodePool('web', { nodeCount: 1 }).subnet });
  return aks;
}

test('the plan lists the network, each subnet with its pools and size, the ranges per family, DNS and capacity', () => {
  expect(plannedCluster().addressPlan()).toEqual({
    cluster: 'prod',
    path: 'test/aks',
    variant: 'CNI Overlay',
    network: { name: 'prod-vnet', addressSpace: ['10.240.0.0/16', 'fd00:db8:deca::/48'] },
    subnets: [
      { name: 'prod-nodepool1', ipv4Cidr: '10.240.0.0/24', ipv6Cidr: 'fd00:db8:deca::/64', pools: ['nodepool1'], nodeCapacity: 251 },
      { name: 'prod-apps', ipv4Cidr: '10.240.1.0/24', ipv6Cidr: 'fd00:db8:deca:1::/64', pools: ['apps'], nodeCapacity: 251 },
      { name: 'prod-web', ipv4Cidr: '10.240.2.0/24', ipv6Cidr: 'fd00:db8:deca:2::/64', pools: ['web', 'batch'], nodeCapacity: 251 },
    ],
    podCidrs: { IPv4: '10.244.0.0/20', IPv6: 'fd12:3456:789a::/64' },
    serviceCidrs: { IPv4: '10.0.0.0/16', IPv6: 'fd12:3456:789a:1::/108' },
    dnsServiceIp: '10.0.0.10',
    capacity: {
      peakNodes: 11,
      maxNodes: 16,
      bindingLimit: 'IPv4 pod CIDR',
      limits: [
        { limit: 'IPv4 pod CIDR', nodes: 16, why: "each node takes a /24 of '10.244.0.0/20'" },
        { limit: 'AKS', nodes: 5000, why: 'the most nodes AKS runs in one cluster' },
      ],
    },
  });
});

test('the plan prints as an aligned table', () => {
  expect(formatAddressPlan(plannedCluster().addressPlan()).split('\n')).toEqual([
    'prod (CNI Overlay) at test/aks',
    '  network      prod-vnet       10.240.0.0/16  fd00:db8:deca::/48',
    '  subnet       prod-nodepool1  10.240.0.0/24  fd00:db8:deca::/64      nodepool1, holds 251 nodes',
    '  subnet       prod-apps       10.240.1.0/24  fd00:db8:deca:1::/64    apps, holds 251 nodes',
    '  subnet       prod-web        10.240.2.0/24  fd00:db8:deca:2::/64    web, batch, holds 251 nodes',
    '  pods                         10.244.0.0/20  fd12:3456:789a::/64',
    '  services                     10.0.0.0/16    fd12:3456:789a:1::/108',
    '  DNS service                  10.0.0.10',
    "  capacity     11 nodes at peak, at most 16: IPv4 pod CIDR (each node takes a /24 of '10.244.0.0/20')",
  ]);
});
