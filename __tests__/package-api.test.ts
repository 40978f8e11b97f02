import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AnnotationMetadataEntryType, TerraformStack, Testing } from 'cdktf';
import { Address4, Address6 } from 'ip-address';
// The public API only, as another project imports it from the package.
import { CniOverlayDualStackCluster, DualStackVirtualNetwork, KubenetDualStackCluster } from '../lib';
import { resourcesOf, testApp } from './util';

/** A range as [first, last], by ip-address rather than the library's own maths. */
function span(text: string): [bigint, bigint, string] {
  const address = text.includes(':') ? new Address6(text) : new Address4(text);
  return [address.startAddress().bigInt(), address.endAddress().bigInt(), text.includes(':') ? 'v6' : 'v4'];
}

test('two clusters, one per variant, in an existing resource group and network, without collisions or overlaps', () => {
  // GIVEN a user's stack, and a resource group and network that already exist, owned by another team
  const stack = new TerraformStack(testApp(), 'platform');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const network = new DualStackVirtualNetwork(stack, 'SharedNetwork', {
    resourceGroupName: 'rg-network',
    location: 'westeurope',
    name: 'vnet-hub',
    addressSpace: ['10.10.0.0/16', 'fd00:10::/48'],
    existing: true,
    // the other team's subnets: the data source cannot tell their ranges
    usedRanges: ['10.10.0.0/24', 'fd00:10::/64'],
  });
  const place = { resourceGroupName: 'rg-platform', location: 'westeurope', network };

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

  // THEN the network is read, not created, and each cluster has subnets of its own in it
  expect(json.resource.azurerm_virtual_network).toBeUndefined();
  expect(Object.keys(json.data.azurerm_virtual_network)).toHaveLength(1);
  const subnetsOf = (cluster: KubenetDualStackCluster | CniOverlayDualStackCluster) => [cluster.defaultNodePoolSubnet, ...cluster.nodePools.map((p) => p.subnet)];
  expect(subnetsOf(kubenet).map((s) => s.name)).toEqual(['aks-legacy-nodepool1', 'aks-legacy-apps']);
  expect(subnetsOf(overlay).map((s) => s.name)).toEqual(['aks-current-nodepool1', 'aks-current-apps', 'aks-current-batch']);
  expect(resourcesOf(json, 'azurerm_subnet').map((s) => s.resource_group_name)).toEqual(Array(5).fill('rg-network'));
  expect(resourcesOf(json, 'azurerm_kubernetes_cluster').map((c) => c.resource_group_name)).toEqual(['rg-platform', 'rg-platform']);

  // no two resources of a type share a name where Azure needs it unique (node pools: within their cluster)
  for (const [type, resources] of Object.entries<Record<string, any>>(json.resource)) {
    const names = Object.values(resources).filter((r) => r.name !== undefined).map((r) => `${r.kubernetes_cluster_id ?? ''}/${r.name}`);
    expect([type, new Set(names).size]).toEqual([type, names.length]);
  }
  expect(resourcesOf(json, 'azurerm_kubernetes_cluster_node_pool').map((p) => p.name).sort()).toEqual(['apps', 'apps', 'batch']);
  // the kubenet route table is on the kubenet subnets only
  expect(resourcesOf(json, 'azurerm_subnet_route_table_association')).toHaveLength(2);

  // and no range of one cluster overlaps a range of the other, or a subnet of either
  const ranges = (cluster: KubenetDualStackCluster | CniOverlayDualStackCluster) =>
    [...cluster.podCidrs, ...cluster.serviceCidrs, ...subnetsOf(cluster).flatMap((s) => [s.ipv4Cidr, s.ipv6Cidr])].map(span);
  const clashes = ranges(kubenet).flatMap((a) => ranges(overlay).filter((b) => a[2] === b[2] && a[0] <= b[1] && b[0] <= a[1]).map((b) => `${a} ~ ${b}`));
  expect(clashes).toEqual([]);
  const used = ['10.10.0.0/24', 'fd00:10::/64'].map(span);
  const onUsed = [kubenet, overlay].flatMap(ranges).filter((a) => used.some((b) => a[2] === b[2] && a[0] <= b[1] && b[0] <= a[1]));
  expect(onUsed).toEqual([]);
  const warnings = [kubenet, overlay].flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data)));
  expect(warnings.filter((w) => w.includes('same network'))).toEqual([]);
});
