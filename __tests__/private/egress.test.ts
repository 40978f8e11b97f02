import { Testing } from 'cdktf';
import { CniOverlayDualStackCluster, DualStackNatGateway, KubenetDualStackCluster } from '../../lib';
import { checkLoadBalancerEgress, checkOutboundType } from '../../lib/private/egress';
import { PLACE, resourcesOf, synthJson, testStack } from '../util';

// Egress for both families: rules 10 and 11.

const overlay = (props: object = {}, stack = testStack()) => new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, ...props });
const profileOf = (json: any) => Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0].network_profile;

describe('rule 10: outbound types', () => {
  test.each([['loadBalancer', 'overlay'], ['userDefinedRouting', 'kubenet'], ['userAssignedNATGateway', 'overlay']] as const)('passes %p on %p', (t, v) => expect(checkOutboundType(t, v)).toBeUndefined());
  test('fails when AKS would make a Standard NAT gateway', () => expect(checkOutboundType('managedNATGateway', 'overlay')?.rule).toMatch(/makes a Standard NAT gateway, which is IPv4-only/));
  test('fails when kubenet asks for a NAT gateway', () => {
    const v = checkOutboundType('userAssignedNATGateway', 'kubenet');
    expect(v?.rule).toMatch(/not supported with dual-stack kubenet/);
    expect(v?.fix).not.toMatch(/StandardV2/);
  });
  test('fails when the outbound type is unknown', () => expect(checkOutboundType('loadbalancer', 'overlay')?.rule).toBe("is not 'loadBalancer', 'userDefinedRouting' or 'userAssignedNATGateway'"));
});

describe('the load balancer\'s outbound addresses', () => {
  test('nothing is written by default: AKS\'s own counts read back without drift', () => {
    const stack = testStack();
    overlay({}, stack);
    expect(profileOf(synthJson(stack)).load_balancer_profile).toBeUndefined();
  });

  test('an IPv4 count on dual-stack writes the IPv6 count too, which azurerm would otherwise drop', () => {
    const stack = testStack();
    overlay({ loadBalancerManagedOutboundIpCount: 2, loadBalancerIdleTimeoutInMinutes: 10 }, stack);
    expect(profileOf(synthJson(stack)).load_balancer_profile).toEqual({ managed_outbound_ip_count: 2, managed_outbound_ipv6_count: 1, idle_timeout_in_minutes: 10 });
  });

  test('both counts as given', () => {
    const stack = testStack();
    overlay({ loadBalancerManagedOutboundIpCount: 1, loadBalancerManagedOutboundIpv6Count: 4 }, stack);
    expect(profileOf(synthJson(stack)).load_balancer_profile).toEqual({ managed_outbound_ip_count: 1, managed_outbound_ipv6_count: 4 });
  });

  test('your own addresses, no managed counts', () => {
    const stack = testStack();
    overlay({ loadBalancerOutboundIpAddressIds: ['/ip/v4', '/ip/v6'] }, stack);
    expect(profileOf(synthJson(stack)).load_balancer_profile).toEqual({ outbound_ip_address_ids: ['/ip/v4', '/ip/v6'] });
  });

  test.each<[object, RegExp]>([
    [{ loadBalancerManagedOutboundIpv6Count: 0 }, /loadBalancerManagedOutboundIpv6Count 0 is not a whole number from 1 to 100, what AKS takes; use 1 to 100\. \(rule 11\)/],
    [{ loadBalancerManagedOutboundIpCount: 101 }, /loadBalancerManagedOutboundIpCount 101 is not a whole number from 1 to 100/],
    [{ loadBalancerIdleTimeoutInMinutes: 3 }, /loadBalancerIdleTimeoutInMinutes 3 is not a whole number from 4 to 100/],
    [{ ipFamilies: ['IPv4'], podCidrs: ['10.244.0.0/16'], serviceCidrs: ['10.0.0.0/16'], loadBalancerManagedOutboundIpv6Count: 2 }, /loadBalancerManagedOutboundIpv6Count 2 is only for dual-stack clusters, and this one is IPv4-only/],
    [{ loadBalancerManagedOutboundIpCount: 2, loadBalancerOutboundIpPrefixIds: ['/prefix'] }, /loadBalancer outbound addresses \["managed counts","loadBalancerOutboundIpPrefixIds"\] are given in more than one kind/],
    [{ outboundType: 'userAssignedNATGateway', loadBalancerManagedOutboundIpCount: 2 }, /loadBalancerManagedOutboundIpCount 2 is a load balancer egress setting, but outboundType is 'userAssignedNATGateway'.*\(rule 10\)/],
  ])('fails when given %j', (props, message) => expect(() => overlay(props)).toThrow(message));

  test('the gate reads the written profile: an override beyond the bounds is refused', () => {
    const stack = testStack();
    overlay({}, stack).resource.addOverride('network_profile.load_balancer_profile', { managed_outbound_ipv6_count: 500 });
    expect(() => Testing.synth(stack, true)).toThrow(/loadBalancerManagedOutboundIpv6Count 500 is not a whole number from 1 to 100/);
  });

  test('checks a whole-number count only', () => expect(checkLoadBalancerEgress({ loadBalancerManagedOutboundIpCount: 1.5 }, { variant: 'overlay', dualStack: true, outboundType: 'loadBalancer' })).toHaveLength(1));
});

describe('rule 10: a StandardV2 NAT gateway for both families (CNI Overlay)', () => {
  test('the cluster makes the gateway, an IPv4 and an IPv6 StandardV2 address, and puts it on every node subnet before the pools', () => {
    const stack = testStack();
    const aks = overlay({ name: 'aks', outboundType: 'userAssignedNATGateway' }, stack);
    aks.addNodePool('apps');
    const json = synthJson(stack);
    expect(aks.natGateway).toBeInstanceOf(DualStackNatGateway);
    expect(resourcesOf(json, 'azurerm_nat_gateway')).toEqual([{ name: 'aks-natgw', resource_group_name: 'rg', location: 'eastus2', sku_name: 'StandardV2' }]);
    expect(resourcesOf(json, 'azurerm_public_ip').map((ip) => [ip.name, ip.sku, ip.ip_version, ip.allocation_method, ip.zones])).toEqual([
      ['aks-natgw-ipv4', 'StandardV2', 'IPv4', 'Static', undefined],
      ['aks-natgw-ipv6', 'StandardV2', 'IPv6', 'Static', undefined],
    ]);
    expect(resourcesOf(json, 'azurerm_nat_gateway_public_ip_association')).toHaveLength(2);
    const associations = Object.keys(json.resource.azurerm_subnet_nat_gateway_association);
    expect(associations).toHaveLength(2);
    expect(profileOf(json).outbound_type).toBe('userAssignedNATGateway');
    expect(profileOf(json).load_balancer_profile).toBeUndefined();
    const cluster = Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0];
    const pool = resourcesOf(json, 'azurerm_kubernetes_cluster_node_pool')[0];
    const waits = [...cluster.depends_on, ...pool.depends_on].filter((d: string) => d.startsWith('azurerm_subnet_nat_gateway_association.'));
    expect(waits.map((d: string) => d.split('.')[1]).sort()).toEqual(associations.sort());
  });

  test('a subnet is put on the gateway only once both addresses are on it', () => {
    const stack = testStack();
    overlay({ outboundType: 'userAssignedNATGateway' }, stack);
    const json = synthJson(stack);
    const addresses = Object.keys(json.resource.azurerm_nat_gateway_public_ip_association).map((id) => `azurerm_nat_gateway_public_ip_association.${id}`);
    for (const association of resourcesOf(json, 'azurerm_subnet_nat_gateway_association')) expect(association.depends_on.sort()).toEqual(addresses.sort());
  });

  test('fails when associate() is given something other than a subnet', () => {
    const nat = new DualStackNatGateway(testStack(), 'nat', { ...PLACE, name: 'nat' });
    expect(() => nat.associate(null as never)).toThrow(/test\/nat: associate\(subnet\) null is not a DualStackSubnet/);
    expect(() => nat.associate({} as never)).toThrow(/associate\(subnet\) \{\} is not a DualStackSubnet/);
  });

  test('no route table and no route with a NAT gateway', () => {
    const stack = testStack();
    overlay({ outboundType: 'userAssignedNATGateway' }, stack);
    const json = synthJson(stack);
    expect(json.resource.azurerm_route_table).toBeUndefined();
    expect(json.resource.azurerm_route).toBeUndefined();
  });

  test('fails when kubenet asks for a NAT gateway', () => {
    expect(() => new KubenetDualStackCluster(testStack(), 'aks', { ...PLACE, outboundType: 'userAssignedNATGateway' })).toThrow(/outboundType 'userAssignedNATGateway' is not supported with dual-stack kubenet/);
  });

  test('fails when an escape hatch makes the gateway Standard, which is IPv4-only', () => {
    const stack = testStack();
    overlay({ outboundType: 'userAssignedNATGateway' }, stack).natGateway!.resource.skuName = 'Standard';
    expect(() => Testing.synth(stack, true)).toThrow(/node subnet NAT gateway '[^']+' has SKU 'Standard', which is IPv4-only.*\(rule 10\)/);
  });

  test('fails when a StandardV2 NAT gateway sits on a node subnet of a load-balancer cluster', () => {
    const stack = testStack();
    const aks = overlay({}, stack);
    new DualStackNatGateway(stack, 'nat', { ...PLACE, name: 'nat' }).associate(aks.defaultNodePoolSubnet);
    expect(() => Testing.synth(stack, true)).toThrow(/is a StandardV2 NAT gateway on a node subnet of a cluster whose egress is the load balancer's outbound rules, whose IPv6 connections it breaks/);
  });

  test('warns in a region that had no StandardV2 NAT gateway', () => {
    const aks = overlay({ location: 'qatarcentral', outboundType: 'userAssignedNATGateway' });
    expect(aks.node.metadata.map((m) => String(m.data))).toContainEqual(expect.stringMatching(/^location 'qatarcentral' had no StandardV2 NAT gateways as of 2026-08/));
  });
});
