import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { TerraformStack, Testing } from 'cdktf';
// The public API only, as another project imports it from the package.
import { CniOverlayDualStackCluster, DualStackVirtualNetwork, KubenetDualStackCluster } from '../lib';
import { Cidr, overlaps, parseCidr } from '../lib/private/cidr';
import { resourcesOf, testApp } from './util';

test('two clusters, one per variant, share a resource group and a network the user passes in, without collisions or overlaps', () => {
  // GIVEN a user's own stack, resource group and network
  const stack = new TerraformStack(testApp(), 'platform');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const group = new ResourceGroup(stack, 'Group', { name: 'rg-platform', location: 'westeurope' });
  const network = new DualStackVirtualNetwork(stack, 'SharedNetwork', {
    resourceGroupName: group.name,
    location: group.location,
    name: 'vnet-platform',
    addressSpace: ['10.10.0.0/16', 'fd00:10::/48'],
  });
  const place = { resourceGroupName: group.name, location: 'westeurope', network };

  // WHEN both variants go into it, each with ranges of its own
  const kubenet = new KubenetDualStackCluster(stack, 'Legacy', {
    ...place,
    name: 'aks-legacy',
    podCidrs: ['10.244.0.0/16', 'fd12:3456:789a::/64'],
    serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/108'],
  });
  kubenet.addNodePool('apps');
  const overlay = new CniOverlayDualStackCluster(stack, 'Current', {
    ...place,
    name: 'aks-current',
    podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'],
    serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'],
  });
  overlay.addNodePool('apps');
  overlay.addNodePool('batch', { minCount: 0, maxCount: 5 });
  const json = JSON.parse(Testing.synth(stack, true));

  // THEN one network and one group serve both, and each cluster has subnets of its own
  expect(resourcesOf(json, 'azurerm_virtual_network')).toHaveLength(1);
  expect(kubenet.network).toBe(network);
  expect(overlay.network).toBe(network);
  const subnetsOf = (cluster: KubenetDualStackCluster | CniOverlayDualStackCluster) => [cluster.defaultNodePoolSubnet, ...cluster.nodePools.map((p) => p.subnet)];
  expect(subnetsOf(kubenet).map((s) => s.name)).toEqual(['aks-legacy-nodepool1', 'aks-legacy-apps']);
  expect(subnetsOf(overlay).map((s) => s.name)).toEqual(['aks-current-nodepool1', 'aks-current-apps', 'aks-current-batch']);
  expect(network.subnets).toHaveLength(5);

  // no two resources of a type share a name where Azure needs it unique (node pools: within their cluster)
  for (const [type, resources] of Object.entries<Record<string, any>>(json.resource)) {
    const names = Object.values(resources).filter((r) => r.name !== undefined).map((r) => `${r.kubernetes_cluster_id ?? ''}/${r.name}`);
    expect([type, new Set(names).size]).toEqual([type, names.length]);
  }
  expect(resourcesOf(json, 'azurerm_kubernetes_cluster_node_pool').map((p) => p.name).sort()).toEqual(['apps', 'apps', 'batch']);
  // the kubenet route table is on the kubenet subnets only
  expect(resourcesOf(json, 'azurerm_subnet_route_table_association')).toHaveLength(2);

  // and no range of one cluster overlaps a range of the other, or a subnet of either
  const ranges = (cluster: KubenetDualStackCluster | CniOverlayDualStackCluster) => [
    ...cluster.podCidrs,
    ...cluster.serviceCidrs,
    ...subnetsOf(cluster).flatMap((s) => [s.ipv4Cidr, s.ipv6Cidr]),
  ].map((text) => parseCidr(text) as Cidr);
  const clashes = ranges(kubenet).flatMap((a) => ranges(overlay).filter((b) => overlaps(a, b)).map((b) => `${a.text} ~ ${b.text}`));
  expect(clashes).toEqual([]);
});
