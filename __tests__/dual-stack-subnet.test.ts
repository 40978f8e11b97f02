import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, TerraformStack, Token } from 'cdktf';
import { CniOverlayDualStackCluster, DualStackSubnet, DualStackVirtualNetwork } from '../lib';
import { whileSynthesizing } from '../lib/private/written';
import { PLACE, resourcesOf, synthJson, testApp, testStack } from './util';

test('a subnet holds one range per family in its network and resource group, named after its id by default', () => {
  const stack = testStack();
  const network = new DualStackVirtualNetwork(stack, 'net', { ...PLACE, resourceGroupName: 'rg-net' });
  const subnet = new DualStackSubnet(network, 'apps', { network, ipv4Cidr: '10.240.7.0/24', ipv6Cidr: 'fd00:db8:deca:7::/64' });
  expect([subnet.name, subnet.network, subnet.node.defaultChild]).toEqual(['apps', network, subnet.resource]);
  expect(Token.isUnresolved(subnet.subnetId)).toBe(true);
  expect(resourcesOf(synthJson(stack), 'azurerm_subnet')).toEqual([
    {
      name: 'apps',
      resource_group_name: 'rg-net',
      virtual_network_name: expect.stringMatching(/^\$\{azurerm_virtual_network\.net_\w+\.name\}$/),
      address_prefixes: ['10.240.7.0/24', 'fd00:db8:deca:7::/64'],
    },
  ]);
});

describe('clusters of one construct id in two stacks that share a network', () => {
  function estate(names: [string, string], nodeCount: number) {
    const app = testApp();
    const stacks = ['hub', 'a', 'b'].map((id) => {
      const stack = new TerraformStack(app, id);
      new AzurermProvider(stack, 'azurerm', { features: [{}] });
      return stack;
    });
    const network = new DualStackVirtualNetwork(stacks[0], 'net', PLACE);
    const shared = network.addSubnet('shared', { ipv4PrefixLength: 26 });
    const clusters = [1, 2].map((i) => new CniOverlayDualStackCluster(stacks[i], 'Cluster', { ...PLACE, name: names[i - 1], network, defaultNodePool: { subnet: shared, nodeCount } }));
    return { app, network, clusters };
  }
  const synthAll = (app: App) => whileSynthesizing(() => app.node.children.forEach((s) => s instanceof TerraformStack && s.runAllValidations()));

  test('are two clusters: with their own names they are not refused as one id taken twice', () => {
    const { app, clusters } = estate(['aks-a', 'aks-b'], 10);
    clusters.forEach((c) => c.addNodePool('apps'));
    expect(() => synthAll(app)).not.toThrow();
    expect(clusters.map((c) => c.nodePools[0].subnet.node.id)).toEqual(['Cluster-apps', 'b-Cluster-apps']);
  });

  test('and are counted as two on a subnet they share: 2 x 30 nodes with surge overfill a /26', () => {
    // A /26 holds 59 nodes; 30 nodes and a surge of 3 fit once, not twice.
    expect(() => synthAll(estate(['aks-a', 'aks-b'], 30).app)).toThrow(/hub\/net\/shared|rule 26/);
    expect(() => synthAll(estate(['aks-a', 'aks-b'], 20).app)).not.toThrow();
  });
});
