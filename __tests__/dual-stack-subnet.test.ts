import { Token } from 'cdktf';
import { DualStackSubnet, DualStackVirtualNetwork } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack } from './util';

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
