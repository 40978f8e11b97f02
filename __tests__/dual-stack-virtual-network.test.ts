import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { TerraformStack, Testing, Token } from 'cdktf';
import { CniOverlayDualStackCluster, DualStackVirtualNetwork } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack } from './util';

function network(stack: TerraformStack = testStack(), addressSpace?: string[]) {
  return new DualStackVirtualNetwork(stack, 'vnet', { ...PLACE, addressSpace });
}

describe('defaults', () => {
  test('an IPv4 /16 clear of the default pod and service ranges, and an IPv6 ULA /48', () => {
    const stack = testStack();
    network(stack);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VirtualNetwork, {
      name: 'vnet',
      resource_group_name: 'rg',
      location: 'eastus2',
      address_space: ['10.240.0.0/16', 'fd00:db8:deca::/48'],
    });
  });

  test('addSubnet carves the next /24 and the next /64, named after the id', () => {
    const vnet = network();
    const first = vnet.addSubnet('one');
    const second = vnet.addSubnet('two');
    expect([first.ipv4Cidr, first.ipv6Cidr]).toEqual(['10.240.0.0/24', 'fd00:db8:deca::/64']);
    expect([second.ipv4Cidr, second.ipv6Cidr]).toEqual(['10.240.1.0/24', 'fd00:db8:deca:1::/64']);
    expect(resourcesOf(synthJson(vnet.node.scope as TerraformStack), 'azurerm_subnet')[1]).toEqual({
      name: 'two',
      resource_group_name: 'rg',
      virtual_network_name: expect.stringMatching(/^\$\{azurerm_virtual_network\.vnet_\w+\.name\}$/),
      address_prefixes: ['10.240.1.0/24', 'fd00:db8:deca:1::/64'],
    });
    expect(Token.isUnresolved(second.subnetId)).toBe(true);
    expect(vnet.subnets).toEqual([first, second]);
  });
});

describe('props', () => {
  test('name, address space and tags map to the resource', () => {
    const stack = testStack();
    new DualStackVirtualNetwork(stack, 'vnet', { ...PLACE, name: 'my-vnet', addressSpace: ['192.168.0.0/20', 'fd00:1::/56'], tags: { team: 'net' } });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(VirtualNetwork, {
      name: 'my-vnet',
      address_space: ['192.168.0.0/20', 'fd00:1::/56'],
      tags: { team: 'net' },
    });
  });

  test('addSubnet honours ipv4PrefixLength, aligning past smaller subnets', () => {
    const vnet = network();
    vnet.addSubnet('small', { ipv4PrefixLength: 28 });
    expect(vnet.addSubnet('big', { ipv4PrefixLength: 22 }).ipv4Cidr).toBe('10.240.4.0/22');
    expect(vnet.addSubnet('next', { ipv4PrefixLength: 28 }).ipv4Cidr).toBe('10.240.0.16/28');
  });

  test('addSubnet takes explicit ranges, and carving goes around them', () => {
    const vnet = network();
    const given = vnet.addSubnet('given', { name: 'snet', ipv4Cidr: '10.240.0.0/24', ipv6Cidr: 'fd00:db8:deca:ff::/64' });
    expect([given.name, given.ipv4Cidr, given.ipv6Cidr]).toEqual(['snet', '10.240.0.0/24', 'fd00:db8:deca:ff::/64']);
    expect(vnet.addSubnet('carved').ipv4Cidr).toBe('10.240.1.0/24');
  });

  test('a network of tokens takes explicit subnet ranges', () => {
    const space = Token.asList({ Ref: 'var.space' });
    const vnet = network(testStack(), space);
    expect(vnet.addSubnet('s', { ipv4Cidr: '10.0.0.0/24', ipv6Cidr: 'fd00::/64' }).ipv4Cidr).toBe('10.0.0.0/24');
  });
});

describe('an existing network', () => {
  const hub = { resourceGroupName: 'rg-net', location: 'westeurope', name: 'vnet-hub', addressSpace: ['10.10.0.0/16', 'fd00:10::/48'], existing: true };

  test('is read through the data source, with a postcondition that its ranges exist, and carved around its used ranges', () => {
    const stack = testStack();
    const vnet = new DualStackVirtualNetwork(stack, 'hub', { ...hub, usedRanges: ['10.10.0.0/24', 'fd00:10::/64'] });
    expect(vnet.addSubnet('a')).toMatchObject({ ipv4Cidr: '10.10.1.0/24', ipv6Cidr: 'fd00:10:0:1::/64' });
    const json = synthJson(stack);
    expect(json.resource.azurerm_virtual_network).toBeUndefined();
    const data = Object.values<any>(json.data.azurerm_virtual_network);
    expect(data).toEqual([
      {
        name: 'vnet-hub',
        resource_group_name: 'rg-net',
        lifecycle: {
          postcondition: [
            {
              condition: '${length(setsubtract(["10.10.0.0/16","fd00:10::/48"], [for r in self.address_space : format("%s/%s", cidrhost(r, 0), split("/", r)[1])])) == 0}',
              error_message: "The network 'vnet-hub' lacks one of the ranges [\"10.10.0.0/16\",\"fd00:10::/48\"] that its subnets are carved from.",
            },
            {
              condition: '${lower(replace(self.location, " ", "")) == "westeurope"}',
              error_message: "The network 'vnet-hub' is not in 'westeurope', the location given for it, where its clusters and route tables go.",
            },
          ],
        },
      },
    ]);
    expect(resourcesOf(json, 'azurerm_subnet')[0].virtual_network_name).toMatch(/^\$\{data\.azurerm_virtual_network\.hub_\w+\.name\}$/);
    expect(vnet.node.defaultChild).toBe(vnet.resource);
  });

  test('fails to carve without usedRanges, naming the props to set, since its subnets are unknown', () => {
    const vnet = new DualStackVirtualNetwork(testStack(), 'hub', hub);
    expect(() => vnet.addSubnet('a')).toThrow(
      "test/hub: addSubnet('a').ipv4Cidr cannot be carved from the existing network 'vnet-hub': its subnets' ranges are unknown here (the data source gives their names only), so a carved range could collide with one; pass ipv4Cidr and ipv6Cidr (network.addSubnet(), then the pool's subnet), or list the ranges in use in the network's usedRanges.",
    );
  });

  test('takes explicit ranges without usedRanges, and usedRanges [] when nothing is taken', () => {
    const vnet = new DualStackVirtualNetwork(testStack(), 'hub', hub);
    expect(vnet.addSubnet('a', { ipv4Cidr: '10.10.7.0/24', ipv6Cidr: 'fd00:10:0:7::/64' }).ipv4Cidr).toBe('10.10.7.0/24');
    expect(new DualStackVirtualNetwork(testStack(), 'hub', { ...hub, usedRanges: [] }).addSubnet('a').ipv4Cidr).toBe('10.10.0.0/24');
  });

  test('fails when a given subnet overlaps a used range, or a used range lies outside the network', () => {
    const vnet = new DualStackVirtualNetwork(testStack(), 'hub', { ...hub, usedRanges: ['10.10.0.0/22'] });
    expect(() => vnet.addSubnet('a', { ipv4Cidr: '10.10.1.0/24', ipv6Cidr: 'fd00:10:0:7::/64' })).toThrow(
      /addSubnet\('a'\).ipv4Cidr '10.10.1.0\/24' overlaps network 'test\/hub' usedRanges\[0\] '10.10.0.0\/22'/,
    );
    expect(() => new DualStackVirtualNetwork(testStack(), 'hub', { ...hub, usedRanges: ['10.11.0.0/24'] })).toThrow(/usedRanges\[0\] '10.11.0.0\/24' is not inside the IPv4 addressSpace/);
  });

  test('a cluster on it without subnet ranges fails with the fix, and one on given subnets synthesizes', () => {
    const stack = testStack();
    const vnet = new DualStackVirtualNetwork(stack, 'hub', hub);
    const place = { ...PLACE, location: 'West Europe' };
    expect(() => new CniOverlayDualStackCluster(stack, 'aks', { ...place, network: vnet })).toThrow(/cannot be carved from the existing network 'vnet-hub'/);
    const subnet = vnet.addSubnet('sys', { ipv4Cidr: '10.10.8.0/24', ipv6Cidr: 'fd00:10:0:8::/64' });
    const aks = new CniOverlayDualStackCluster(stack, 'aks2', { ...place, network: vnet, defaultNodePool: { subnet } });
    aks.addNodePool('apps', { subnet: vnet.addSubnet('apps', { ipv4Cidr: '10.10.9.0/24', ipv6Cidr: 'fd00:10:0:9::/64' }) });
    expect(resourcesOf(synthJson(stack), 'azurerm_subnet')).toHaveLength(2);
  });
});

test('fails to carve a family that usedRanges leaves out of an existing network: its subnets surely use some', () => {
  const vnet = new DualStackVirtualNetwork(testStack(), 'hub', { resourceGroupName: 'rg', location: 'eastus2', addressSpace: ['10.10.0.0/16', 'fd00:10::/48'], existing: true, usedRanges: ['10.10.0.0/24'] });
  expect(() => vnet.addSubnet('a')).toThrow(/addSubnet\('a'\)\.ipv6Cidr cannot be carved from the existing network 'hub': usedRanges lists no IPv6 range/);
  expect(vnet.addSubnet('b', { ipv6Cidr: 'fd00:10:0:5::/64' }).ipv4Cidr).toBe('10.10.1.0/24');
});

test('fails when a cluster is not in its network\'s location; another spelling of the same region is fine', () => {
  const stack = testStack();
  const vnet = new DualStackVirtualNetwork(stack, 'net', { resourceGroupName: 'rg', location: 'westeurope' });
  expect(() => new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, network: vnet })).toThrow(
    "test/aks: location 'eastus2' is not 'westeurope', the location of the network 'test/net', where the cluster's nodes and route table must be; give the cluster the network's location.",
  );
  expect(() => new CniOverlayDualStackCluster(stack, 'aks2', { ...PLACE, location: 'West Europe', network: vnet })).not.toThrow();
});

test('the gate refuses subnet ranges changed after they were checked', () => {
  const stack = testStack();
  const vnet = new DualStackVirtualNetwork(stack, 'net', PLACE);
  vnet.addSubnet('a');
  vnet.addSubnet('b').resource.addressPrefixes = ['10.240.0.0/25', 'fd00:db8:deca:1::/64'];
  vnet.addSubnet('c').resource.addressPrefixes = ['10.240.2.0/24'];
  vnet.addSubnet('d').resource.addressPrefixes = ['10.240.3.0/24', 'fd00:db8:deca:3::/80'];
  vnet.addSubnet('e').resource.addOverride('address_prefixes', ['10.240.9.0/24']);
  expect(() => Testing.synth(stack, true)).toThrow(
    new RegExp(
      [
        "\\[test/net\\] subnet 'c' address_prefixes \\[\"10\\.240\\.2\\.0/24\"\\] is not one IPv4 range and one IPv6 range",
        "\\[test/net\\] subnet 'd' address_prefixes\\[1\\] 'fd00:db8:deca:3::/80' is not a /64",
        // cdktf appends an override's list to the list it overrides.
        "\\[test/net\\] subnet 'e' address_prefixes .* is not one IPv4 range and one IPv6 range",
        // Overlaps come last, from one sweep over every subnet in address order.
        "\\[test/net\\] subnet 'b' ipv4Cidr '10\\.240\\.0\\.0/25' overlaps subnet 'a' ipv4Cidr '10\\.240\\.0\\.0/24'",
      ].join('[^]*'),
    ),
  );
});

describe('reserved ranges (rule 8)', () => {
  test('a network may hold a reserved range, and carving goes around it', () => {
    const vnet = network(testStack(), ['192.0.0.0/22', 'fd00::/48']);
    expect(['a', 'b', 'c'].map((id) => vnet.addSubnet(id).ipv4Cidr)).toEqual(['192.0.0.0/24', '192.0.1.0/24', '192.0.3.0/24']);
    expect(() => network(testStack(), ['172.16.0.0/12', 'fd00::/48'])).not.toThrow();
  });

  test.each([
    [['169.254.0.0/16', 'fd00::/48'], /addressSpace\[0\] '169.254.0.0\/16' overlaps '169.254.0.0\/16'/],
    [['169.0.0.0/8', 'fd00::/48'], /addressSpace\[0\] '169.0.0.0\/8' overlaps '169.254.0.0\/16'/],
    [['172.30.1.0/24', 'fd00::/48'], /addressSpace\[0\] '172.30.1.0\/24' overlaps '172.30.0.0\/16', which Azure reserves/],
  ])('fails when the address space is %p', (space, message) => {
    expect(() => network(testStack(), space)).toThrow(message);
  });

  test('fails when a given subnet is reserved', () => {
    expect(() => network(testStack(), ['192.0.0.0/22', 'fd00::/48']).addSubnet('s', { ipv4Cidr: '192.0.2.0/24' })).toThrow(/ipv4Cidr '192.0.2.0\/24' overlaps '192.0.2.0\/24', which Azure reserves/);
  });
});

describe('invalid input', () => {
  test('fails when an address range is not a CIDR, naming the construct, prop and value', () => {
    expect(() => network(testStack(), ['10.240.0.0/16', 'fd00:db8:deca::'])).toThrow(
      "test/vnet: addressSpace[1] 'fd00:db8:deca::' is not a CIDR block like '10.0.0.0/16' or 'fd12:3456:789a::/64'; write it like 'fd00:db8:deca::/48'.",
    );
  });

  test('fails when the address space lacks IPv6', () => {
    expect(() => network(testStack(), ['10.240.0.0/16'])).toThrow(/addressSpace \["10.240.0.0\/16"\] has no IPv6 range, but a dual-stack network needs both/);
  });

  test('fails when address ranges overlap', () => {
    expect(() => network(testStack(), ['10.0.0.0/8', '10.240.0.0/16', 'fd00::/48'])).toThrow(/addressSpace\[1\] '10.240.0.0\/16' overlaps addressSpace\[0\] '10.0.0.0\/8'/);
  });

  test('fails when the IPv6 range cannot hold a /64', () => {
    expect(() => network(testStack(), ['10.240.0.0/16', 'fd00::/120'])).toThrow(/addressSpace\[1\] 'fd00::\/120' is smaller than \/64, but every node subnet takes an IPv6 \/64 from it/);
  });

  test('fails when the IPv6 space is full, pointing at the IPv6 range', () => {
    const vnet = network(testStack(), ['10.240.0.0/16', 'fd00::/64']);
    vnet.addSubnet('all');
    expect(() => vnet.addSubnet('more')).toThrow(/ipv6Cidr cannot be carved: no free \/64 is left in \["fd00::\/64"\]; add or enlarge the IPv6 range of addressSpace/);
  });

  test('fails when the IPv4 space is full', () => {
    const vnet = network(testStack(), ['10.0.0.0/24', 'fd00::/48']);
    vnet.addSubnet('all');
    expect(() => vnet.addSubnet('more')).toThrow(/test\/vnet: addSubnet\('more'\).ipv4Cidr cannot be carved: no free \/24 is left in \["10.0.0.0\/24"\]/);
  });

  test.each([
    [{ ipv6Cidr: 'fd00:db8:deca::/56' }, /ipv6Cidr 'fd00:db8:deca::\/56' is not a \/64/],
    [{ ipv6Cidr: 'fd99::/64' }, /ipv6Cidr 'fd99::\/64' is not inside the IPv6 addressSpace \["fd00:db8:deca::\/48"\]/],
    [{ ipv4Cidr: '10.241.0.0/24' }, /ipv4Cidr '10.241.0.0\/24' is not inside the IPv4 addressSpace/],
    [{ ipv4Cidr: 'fd00:db8:deca:9::/64' }, /ipv4Cidr 'fd00:db8:deca:9::\/64' is not IPv4/],
    [{ ipv4Cidr: '10.240.0.128/25' }, /ipv4Cidr '10.240.0.128\/25' overlaps subnet 'first' ipv4Cidr '10.240.0.0\/24'/],
    [{ ipv4Cidr: '10.240.9.1/24' }, /ipv4Cidr '10.240.9.1\/24' has host bits set; the network address is '10.240.9.0\/24'/],
    [{ ipv4PrefixLength: 30 }, /ipv4PrefixLength 30 is not a whole number from 1 to 29/],
    [{ ipv4PrefixLength: 0 }, /ipv4PrefixLength 0 is not a whole number from 1 to 29/],
    [{ ipv4Cidr: '10.240.9.0/30' }, /ipv4Cidr '10.240.9.0\/30' is smaller than \/29, Azure's smallest subnet/],
  ])('fails when addSubnet options are %p', (options, message) => {
    const vnet = network();
    vnet.addSubnet('first');
    expect(() => vnet.addSubnet('bad', options)).toThrow(message);
  });

  test('fails when carving from a network of tokens', () => {
    const vnet = network(testStack(), Token.asList({ Ref: 'var.space' }));
    expect(() => vnet.addSubnet('s')).toThrow(/ipv4Cidr cannot be carved from an address space of unresolved tokens; pass ipv4Cidr/);
  });
});

test('synthesizes one network and its subnets, nothing else', () => {
  const stack = testStack();
  network(stack).addSubnet('a');
  const json = synthJson(stack);
  expect(Object.keys(json.resource)).toEqual(['azurerm_subnet', 'azurerm_virtual_network']);
  expect(resourcesOf(json, 'azurerm_subnet')).toHaveLength(1);
});
