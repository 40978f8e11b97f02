import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { AnnotationMetadataEntryType, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { CniOverlayDualStackCluster, DualStackClusterBase, DualStackClusterProps, DualStackVirtualNetwork, KubenetDualStackCluster } from '../lib';
import { VARIANTS } from '../lib/dual-stack-cluster-base';
import { DualStackConfigError } from '../lib/private/errors';
import { Construct } from 'constructs';
import { PLACE, resourcesOf, synthJson, testStack } from './util';

// Behaviour shared by both variants, from their common base.
describe.each([
  ['kubenet', KubenetDualStackCluster],
  ['overlay', CniOverlayDualStackCluster],
] as const)('%s', (_variant, Cluster) => {
  function cluster(props: Partial<DualStackClusterProps> = {}, stack: TerraformStack = testStack()) {
    return new Cluster(stack, 'aks', { ...PLACE, ...props });
  }
  const clusterOf = (stack: TerraformStack) => Object.values(synthJson(stack).resource.azurerm_kubernetes_cluster)[0] as any;
  const testStackWith = (build: (stack: TerraformStack) => unknown) => {
    const stack = testStack();
    build(stack);
    return stack;
  };

  describe('defaults', () => {
    test('dual-stack network profile with the az aks create ranges and the .10 DNS address', () => {
      const stack = testStack();
      const aks = cluster({}, stack);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(KubernetesCluster, {
        name: 'aks',
        dns_prefix: 'aks',
        resource_group_name: 'rg',
        location: 'eastus2',
        network_profile: expect.objectContaining({
          ip_versions: ['IPv4', 'IPv6'],
          pod_cidrs: ['10.244.0.0/16', 'fd12:3456:789a::/64'],
          service_cidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/108'],
          dns_service_ip: '10.0.0.10',
          load_balancer_sku: 'standard',
          outbound_type: 'loadBalancer',
        }),
      });
      expect(aks.ipFamilies).toEqual(['IPv4', 'IPv6']);
      expect(aks.podCidrs).toEqual(['10.244.0.0/16', 'fd12:3456:789a::/64']);
      expect(aks.serviceCidrs).toEqual(['10.0.0.0/16', 'fd12:3456:789a:1::/108']);
      expect(aks.dnsServiceIp).toBe('10.0.0.10');
      expect(aks.kubernetesVersion).toBeUndefined();
      expect(clusterOf(stack).kubernetes_version).toBeUndefined();
    });

    test('the cluster resource has the id Resource, so node.defaultChild is the raw resource', () => {
      const aks = cluster();
      expect(aks.node.defaultChild).toBe(aks.resource);
      expect(aks.resource).toBeInstanceOf(KubernetesCluster);
    });

    test('a new network named <name>-vnet, and nodepool1 with 3 nodes on its own subnet', () => {
      const stack = testStack();
      const aks = cluster({ name: 'prod' }, stack);
      expect(aks.network.node.path).toBe('test/aks/Network');
      expect(aks.defaultNodePoolSubnet.ipv4Cidr).toBe('10.240.0.0/24');
      expect(aks.defaultNodePoolSubnet.name).toBe('prod-nodepool1');
      const json = synthJson(stack);
      expect(resourcesOf(json, 'azurerm_virtual_network')[0].name).toBe('prod-vnet');
      const pool = clusterOf(stack).default_node_pool;
      expect(pool).toEqual({
        name: 'nodepool1',
        node_count: 3,
        vm_size: 'Standard_D2s_v5',
        vnet_subnet_id: expect.stringMatching(/^\$\{azurerm_subnet\.aks_Network_aks-nodepool1_\w+\.id\}$/),
        temporary_name_for_rotation: 'nodepool1tmp',
        upgrade_settings: { max_surge: '10%', drain_timeout_in_minutes: 30 },
      });
    });

    test('single-stack takes the IPv4 defaults only', () => {
      const stack = testStack();
      const aks = cluster({ ipFamilies: ['ipv4'] }, stack);
      expect(aks.podCidrs).toEqual(['10.244.0.0/16']);
      expect(clusterOf(stack).network_profile).toMatchObject({ ip_versions: ['IPv4'], pod_cidrs: ['10.244.0.0/16'], service_cidrs: ['10.0.0.0/16'] });
    });

    test('ipFamilies in any case, or as the CLI writes them, come out as AKS spells them', () => {
      expect(cluster({ ipFamilies: ['ipv4', 'IPV6'] }).ipFamilies).toEqual(['IPv4', 'IPv6']);
      expect(cluster({ ipFamilies: ['ipv4,ipv6'] }).ipFamilies).toEqual(['IPv4', 'IPv6']);
    });
  });

  describe('props', () => {
    test('every prop maps to the cluster', () => {
      const stack = testStack();
      const network = new DualStackVirtualNetwork(stack, 'net', { ...PLACE, addressSpace: ['172.16.0.0/16', 'fd00:1::/48'] });
      const subnet = network.addSubnet('sys', { ipv4PrefixLength: 25 });
      const aks = cluster(
        {
          name: 'prod',
          dnsPrefix: 'prod-dns',
          kubernetesVersion: '1.33',
          podCidrs: ['192.168.0.0/16', 'fd00:2::/64'],
          serviceCidrs: ['10.100.0.0/16', 'fd00:3::/108'],
          dnsServiceIp: '10.100.0.53',
          network,
          defaultNodePool: { name: 'system', vmSize: 'Standard_D4s_v5', minCount: 2, maxCount: 5, nodeCount: 3, maxPods: 50, subnet },
          tags: { env: 'prod' },
        },
        stack,
      );
      expect(aks.network).toBe(network);
      expect(aks.defaultNodePoolSubnet).toBe(subnet);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(KubernetesCluster, {
        name: 'prod',
        dns_prefix: 'prod-dns',
        kubernetes_version: '1.33',
        tags: { env: 'prod' },
        default_node_pool: expect.objectContaining({ name: 'system', vm_size: 'Standard_D4s_v5', node_count: 3, min_count: 2, max_count: 5, auto_scaling_enabled: true, max_pods: 50 }),
        network_profile: expect.objectContaining({ pod_cidrs: ['192.168.0.0/16', 'fd00:2::/64'], service_cidrs: ['10.100.0.0/16', 'fd00:3::/108'], dns_service_ip: '10.100.0.53' }),
      });
      expect(resourcesOf(synthJson(stack), 'azurerm_virtual_network')).toHaveLength(1);
    });

    test('an autoscaling pool without nodeCount leaves it to AKS, which starts at minCount', () => {
      const stack = testStack();
      cluster({ defaultNodePool: { minCount: 1, maxCount: 4 } }, stack);
      const pool = clusterOf(stack).default_node_pool;
      expect(pool.node_count).toBeUndefined();
      expect(pool).toMatchObject({ min_count: 1, max_count: 4, auto_scaling_enabled: true });
    });

    test('a default pool subnet brings its network along', () => {
      const stack = testStack();
      const network = new DualStackVirtualNetwork(stack, 'net', PLACE);
      const aks = cluster({ defaultNodePool: { subnet: network.addSubnet('sys') } }, stack);
      expect(aks.network).toBe(network);
    });

    test('tags go on every resource the cluster creates', () => {
      const stack = testStack();
      cluster({ tags: { team: 'aks' } }, stack).addNodePool('apps');
      const json = synthJson(stack);
      for (const [type, resources] of Object.entries<Record<string, any>>(json.resource)) {
        // These take no tags.
        if (['azurerm_subnet', 'azurerm_subnet_route_table_association', 'azurerm_role_assignment', 'time_sleep'].includes(type)) continue;
        for (const resource of Object.values(resources)) expect([type, resource.tags]).toEqual([type, { team: 'aks' }]);
      }
    });
  });

  describe('egress, policy and versions', () => {
    test('user-defined routing: routes 0.0.0.0/0 and ::/0 to the appliance in the route table of every node subnet, before the cluster', () => {
      const stack = testStack();
      const aks = cluster({ outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4', egressNextHopIpv6: 'fd00:db8:deca:ffff::4' }, stack);
      aks.addNodePool('apps');
      const json = synthJson(stack);
      const routes = resourcesOf(json, 'azurerm_route').sort((a, b) => a.name.localeCompare(b.name));
      expect(routes).toEqual([
        {
          name: 'default-to-appliance',
          resource_group_name: 'rg',
          route_table_name: expect.stringMatching(/^\$\{azurerm_route_table\.aks_RouteTable_\w+\.name\}$/),
          address_prefix: '0.0.0.0/0',
          next_hop_type: 'VirtualAppliance',
          next_hop_in_ip_address: '10.240.255.4',
        },
        {
          name: 'default-to-appliance-ipv6',
          resource_group_name: 'rg',
          route_table_name: expect.stringMatching(/^\$\{azurerm_route_table\.aks_RouteTable_\w+\.name\}$/),
          address_prefix: '::/0',
          next_hop_type: 'VirtualAppliance',
          next_hop_in_ip_address: 'fd00:db8:deca:ffff::4',
        },
      ]);
      expect(resourcesOf(json, 'azurerm_route_table')).toHaveLength(1);
      expect(resourcesOf(json, 'azurerm_route_table')[0].route).toBeUndefined();
      expect(resourcesOf(json, 'azurerm_subnet_route_table_association')).toHaveLength(2);
      expect(clusterOf(stack).network_profile.outbound_type).toBe('userDefinedRouting');
      expect(clusterOf(stack).depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^azurerm_route\.aks_EgressRoute_\w+$/), expect.stringMatching(/^azurerm_route\.aks_EgressRouteIpv6_\w+$/)]),
      );
      expect(aks.routeTable).toBeDefined();
    });

    test('network policy, data plane and orchestrator versions map to the cluster and pools', () => {
      const stack = testStack();
      const aks = cluster({ kubernetesVersion: '1.33', defaultNodePool: { orchestratorVersion: '1.33' } }, stack);
      aks.addNodePool('apps', { orchestratorVersion: '1.32' });
      const json = synthJson(stack);
      expect(clusterOf(stack).default_node_pool.orchestrator_version).toBe('1.33');
      expect(resourcesOf(json, 'azurerm_kubernetes_cluster_node_pool')[0].orchestrator_version).toBe('1.32');
    });

    test('fails when the default pool runs another version than the control plane', () => {
      expect(() => cluster({ kubernetesVersion: '1.33', defaultNodePool: { orchestratorVersion: '1.32' } })).toThrow(
        /defaultNodePool.orchestratorVersion '1.32' differs from kubernetesVersion '1.33'/,
      );
    });

    test('fails when a pool would run ahead of the control plane', () => {
      expect(() => cluster({ kubernetesVersion: '1.32' }).addNodePool('apps', { orchestratorVersion: '1.33' })).toThrow(
        /addNodePool\('apps'\).orchestratorVersion '1.33' is newer than kubernetesVersion '1.32'/,
      );
    });

    test.each<[string, Partial<DualStackClusterProps>, RegExp]>([
      ['a NAT gateway is the outbound type', { outboundType: 'managedNATGateway' as 'loadBalancer' }, /outboundType 'managedNATGateway' makes a Standard NAT gateway, which is IPv4-only/],
      ['user-defined routing has no next hop', { outboundType: 'userDefinedRouting' }, /egressNextHopIp is unset, but outboundType 'userDefinedRouting' gives the cluster no IPv4 egress of its own, so it needs a 0.0.0.0\/0 route/],
      ['dual-stack user-defined routing has no IPv6 next hop', { outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4' }, /egressNextHopIpv6 is unset, .* needs a ::\/0 route to a virtual appliance/],
      ['the Azure network policy is asked for', { networkPolicy: 'azure' }, /networkPolicy 'azure' is not supported with dual-stack/],
      ['a pod range is reserved', { podCidrs: ['172.31.0.0/16', 'fd12:3456:789a::/64'] }, /podCidrs\[0\] '172.31.0.0\/16' overlaps '172.31.0.0\/16', which Azure reserves/],
      ['a pod range is smaller than a node takes', { podCidrs: ['10.244.0.0/25', 'fd12:3456:789a::/64'] }, /podCidrs\[0\] '10.244.0.0\/25' is smaller than \/24/],
      ['the system pool runs too few pods', { defaultNodePool: { maxPods: 20 } }, /defaultNodePool.maxPods 20 is outside 30 to 250, what AKS allows on a System pool/],
    ])('fails when %s', (_what, props, message) => {
      expect(() => cluster(props)).toThrow(message);
    });
  });

  describe('second review', () => {
    test('fails when a System pool could have no node', () => {
      expect(() => cluster({ defaultNodePool: { nodeCount: 0 } })).toThrow(/defaultNodePool.nodeCount 0 leaves a System pool with no node/);
      expect(() => cluster({ defaultNodePool: { minCount: 0, maxCount: 3 } })).toThrow(/defaultNodePool.minCount 0 leaves a System pool with no node/);
      expect(() => cluster().addNodePool('sys2', { mode: 'System', nodeCount: 0 })).toThrow(/addNodePool\('sys2'\).nodeCount 0 leaves a System pool/);
      expect(cluster().addNodePool('batch', { minCount: 0, maxCount: 3 }).mode).toBe('User');
    });

    test('fails when dnsServiceIp is the broadcast address', () => {
      expect(() => cluster({ dnsServiceIp: '10.0.255.255' })).toThrow(/dnsServiceIp '10.0.255.255' is the broadcast address/);
    });

    test('fails when one string token stands for both pod ranges', () => {
      const stack = testStack();
      const one = new TerraformVariable(stack, 'pv', { type: 'string' }).stringValue;
      expect(() => cluster({ podCidrs: [one] }, stack)).toThrow(/podCidrs .* has 1 entry, but ipFamilies \["IPv4","IPv6"\] needs 2/);
    });

    test('fails when a pool version is below the variant minimum, with or without kubernetesVersion', () => {
      expect(() => cluster().addNodePool('old', { orchestratorVersion: '1.20' })).toThrow(/addNodePool\('old'\).orchestratorVersion '1.20' is below/);
      expect(() => cluster({ defaultNodePool: { orchestratorVersion: '1.20' } })).toThrow(/defaultNodePool.orchestratorVersion '1.20' is below/);
    });

    test('takes ipFamilies as one comma-separated string', () => {
      expect(cluster({ ipFamilies: 'IPv4,IPv6' as unknown as string[] }).ipFamilies).toEqual(['IPv4', 'IPv6']);
    });

    test('fails with our message, not cdktf\'s, when a pool name is a token', () => {
      const stack = testStack();
      const name = new TerraformVariable(stack, 'pool', { type: 'string' }).stringValue;
      expect(() => cluster({}, stack).addNodePool(name)).toThrow(DualStackConfigError);
    });
  });

  describe('capacity and advice at synth', () => {
    test('fails when the pools outgrow the pod range, naming the binding limit', () => {
      const stack = testStack();
      cluster({ podCidrs: ['10.244.0.0/23', 'fd12:3456:789a::/64'], defaultNodePool: { nodeCount: 2 } }, stack).addNodePool('apps', { nodeCount: 1 });
      expect(() => Testing.synth(stack, true)).toThrow(/\[test\/aks\] node pools \{"nodepool1":2,"apps":1\} add up to 3 nodes .* over 2, the most this cluster holds: the binding limit is the IPv4 pod CIDR/);
    });

    test('fails when pools outgrow their subnet with the upgrade surge', () => {
      const stack = testStack();
      const aks = cluster({}, stack);
      aks.addNodePool('apps', { subnet: aks.network.addSubnet('small', { ipv4PrefixLength: 28 }), minCount: 1, maxCount: 11 });
      expect(() => Testing.synth(stack, true)).toThrow(/subnet 'small' '10.240.1.0\/28' holds 11 nodes .* need 13 with the upgrade surge/);
    });

    test('advises against B-series system pools and a single system node', () => {
      const stack = testStack();
      const aks = cluster({ defaultNodePool: { vmSize: 'Standard_B2ms', nodeCount: 1 } }, stack);
      Testing.synth(stack, true);
      const warnings = aks.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data);
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^defaultNodePool.vmSize 'Standard_B2ms' is a burstable B-series size/),
          expect.stringMatching(/^System pools \{"nodepool1":1\} have 1 node at the least/),
        ]),
      );
    });

    test('advises keeping headroom for the upgrade surge at the binding limit', () => {
      const stack = testStack();
      const aks = cluster({ podCidrs: ['10.244.0.0/22', 'fd12:3456:789a::/64'], defaultNodePool: { nodeCount: 4 } }, stack);
      Testing.synth(stack, true);
      expect(aks.node.metadata.map((m) => String(m.data))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^node pools \{"nodepool1":4\} fit the IPv4 pod CIDR \(4 nodes\), but an upgrade adds surge nodes and needs 5/)]),
      );
    });

    test('warns once per network when clusters on it use overlapping pod ranges, naming them', () => {
      const stack = testStack();
      const first = cluster({}, stack);
      const second = new CniOverlayDualStackCluster(stack, 'other', { ...PLACE, network: first.network });
      const third = new CniOverlayDualStackCluster(stack, 'third', { ...PLACE, network: first.network, podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'] });
      Testing.synth(stack, true);
      const warnings = (c: Construct) => c.node.metadata.map((m) => String(m.data)).filter((d) => d.includes('rule 52'));
      expect([first, second, third].flatMap(warnings)).toEqual([]);
      expect(warnings(first.network)).toEqual([
        "podCidrs overlap between clusters on network 'test/aks/Network': '10.244.0.0/16' of clusters 'test/aks', 'test/other'; 'fd12:3456:789a::/64' of clusters 'test/aks', 'test/other', so pods of these clusters cannot reach each other by pod address; give each cluster on a network pod ranges of its own. (rule 52)",
      ]);
    });

    test('ranges that overlap without being equal are grouped, and a cluster alone on its range is not named', () => {
      const stack = testStack();
      const first = cluster({ podCidrs: ['10.244.0.0/16', 'fd12:3456:789a::/64'] }, stack);
      new CniOverlayDualStackCluster(stack, 'wide', { ...PLACE, network: first.network, podCidrs: ['10.244.0.0/14', 'fd12:3456:789c::/64'] });
      new CniOverlayDualStackCluster(stack, 'apart', { ...PLACE, network: first.network, podCidrs: ['10.128.0.0/16', 'fd12:3456:789d::/64'] });
      Testing.synth(stack, true);
      const warning = first.network.node.metadata.map((m) => String(m.data)).find((d) => d.includes('rule 52'));
      expect(warning).toMatch(/'10.244.0.0\/16', '10.244.0.0\/14' of clusters 'test\/aks', 'test\/wide', so pods/);
      expect(warning).not.toContain('apart');
    });

    test('a second System pool settles the advice on system nodes', () => {
      const stack = testStack();
      const aks = cluster({ defaultNodePool: { nodeCount: 1 } }, stack);
      aks.addNodePool('sys2', { mode: 'System', nodeCount: 1 });
      Testing.synth(stack, true);
      expect(aks.node.metadata.map((m) => m.data).filter((d) => /System pools/.test(String(d)))).toEqual([]);
    });
  });

  describe('addNodePool', () => {
    test('puts the pool on a dedicated subnet carved from the cluster network, with defaults', () => {
      const stack = testStack();
      const aks = cluster({}, stack);
      const pool = aks.addNodePool('apps');
      expect(pool.subnet.ipv4Cidr).toBe('10.240.1.0/24');
      expect(pool.subnet.ipv6Cidr).toBe('fd00:db8:deca:1::/64');
      expect(pool.subnet.network).toBe(aks.network);
      expect(aks.nodePools).toEqual([pool]);
      expect(pool.node.defaultChild).toBe(pool.resource);
      const resource = resourcesOf(synthJson(stack), 'azurerm_kubernetes_cluster_node_pool')[0];
      expect(resource).toMatchObject({
        name: 'apps',
        node_count: 3,
        vm_size: 'Standard_D2s_v5',
        os_type: 'Linux',
        mode: 'User',
        kubernetes_cluster_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.aks_\w+\.id\}$/),
        vnet_subnet_id: expect.stringMatching(/^\$\{azurerm_subnet\.aks_Network_aks-apps_\w+\.id\}$/),
      });
      expect(resource.auto_scaling_enabled).toBeUndefined();
    });

    test('maps every option', () => {
      const stack = testStack();
      const aks = cluster({}, stack);
      const subnet = aks.network.addSubnet('mine', { ipv4PrefixLength: 26 });
      const pool = aks.addNodePool('batch', { vmSize: 'Standard_F8s_v2', nodeCount: 2, minCount: 1, maxCount: 10, maxPods: 60, mode: 'System', subnet });
      expect(pool.subnet).toBe(subnet);
      expect(Testing.synth(stack)).toHaveResourceWithProperties(KubernetesClusterNodePool, {
        name: 'batch',
        vm_size: 'Standard_F8s_v2',
        node_count: 2,
        min_count: 1,
        max_count: 10,
        auto_scaling_enabled: true,
        max_pods: 60,
        mode: 'System',
      });
    });
  });

  describe('invalid input', () => {
    test.each<[string, Partial<DualStackClusterProps>, RegExp]>([
      ['a pod CIDR is unparsable', { podCidrs: ['10.244.0.0/33', 'fd12:3456:789a::/64'] }, /podCidrs\[0\] '10.244.0.0\/33' is not a CIDR block/],
      ['a service CIDR is unparsable', { serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::'] }, /serviceCidrs\[1\] 'fd12:3456:789a:1::' is not a CIDR block/],
      ['ipFamilies is IPv6-only', { ipFamilies: ['IPv6'] }, /ipFamilies \["IPv6"\] is not supported/],
      ['ipFamilies puts IPv6 first', { ipFamilies: ['IPv6', 'IPv4'] }, /ipFamilies \["IPv6","IPv4"\] is not supported/],
      ['pod CIDRs are fewer than the families', { podCidrs: ['10.244.0.0/16'] }, /podCidrs \["10.244.0.0\/16"\] has 1 entry, but ipFamilies \["IPv4","IPv6"\] needs 2/],
      ['service CIDRs are more than the families', { ipFamilies: ['IPv4'], serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/108'] }, /serviceCidrs .* has 2 entries, but ipFamilies \["IPv4"\] needs 1/],
      ['pod CIDRs are in the wrong family order', { podCidrs: ['fd12:3456:789a::/64', '10.244.0.0/16'] }, /podCidrs\[0\] 'fd12:3456:789a::\/64' is IPv6, but ipFamilies\[0\] is IPv4/],
      ['the IPv6 service CIDR is larger than /108', { serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/104'] }, /serviceCidrs\[1\] 'fd12:3456:789a:1::\/104' is larger than \/108/],
      ['dnsServiceIp is outside the service CIDR', { dnsServiceIp: '10.1.0.10' }, /dnsServiceIp '10.1.0.10' is outside the IPv4 service CIDR '10.0.0.0\/16'/],
      ['dnsServiceIp is the network address', { dnsServiceIp: '10.0.0.0' }, /dnsServiceIp '10.0.0.0' is the network address/],
      ['dnsServiceIp is the first address', { dnsServiceIp: '10.0.0.1' }, /dnsServiceIp '10.0.0.1' is the first address/],
      ['pod and service CIDRs overlap', { serviceCidrs: ['10.244.0.0/16', 'fd12:3456:789a:1::/108'] }, /serviceCidrs\[0\] '10.244.0.0\/16' overlaps podCidrs\[0\] '10.244.0.0\/16'/],
      ['IPv6 pod and service CIDRs overlap', { serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a::/108'] }, /serviceCidrs\[1\] 'fd12:3456:789a::\/108' overlaps podCidrs\[1\]/],
      ['the pod CIDR overlaps the network', { podCidrs: ['10.240.0.0/16', 'fd12:3456:789a::/64'] }, /podCidrs\[0\] '10.240.0.0\/16' overlaps network 'test\/aks\/Network' addressSpace\[0\] '10.240.0.0\/16'/],
      ['the kubernetes version is not one', { kubernetesVersion: 'latest' }, /kubernetesVersion 'latest' is not a Kubernetes version/],
      ['the default pool name is invalid', { defaultNodePool: { name: 'Pool_1' } }, /defaultNodePool.name 'Pool_1' is not a valid Linux node pool name/],
      ['the default pool has minCount without maxCount', { defaultNodePool: { minCount: 1 } }, /defaultNodePool.minCount 1 turns on autoscaling, which needs maxCount too/],
      ['the default pool nodeCount is outside min..max', { defaultNodePool: { nodeCount: 1, minCount: 2, maxCount: 3 } }, /defaultNodePool.nodeCount 1 is outside the autoscaling range/],
    ])('fails when %s', (_what, props, message) => {
      expect(() => cluster(props)).toThrow(message);
    });

    test('fails with the construct path, prop, value, rule and fix in one line', () => {
      expect(() => cluster({ serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/104'] })).toThrow(
        "test/aks: serviceCidrs[1] 'fd12:3456:789a:1::/104' is larger than /108, the largest IPv6 service range AKS accepts; use a /108 or smaller (e.g. 'fd12:3456:789a:1::/108').",
      );
    });

    test('fails with every broken rule at once, one per line', () => {
      expect(() => cluster({ podCidrs: ['10.244.0.0'], dnsServiceIp: '10.9.9.9', kubernetesVersion: '1.0' })).toThrow(
        expect.objectContaining({ lines: [expect.stringMatching(/^test\/aks: podCidrs /), expect.stringMatching(/podCidrs\[0\]/), expect.stringMatching(/dnsServiceIp/), expect.stringMatching(/kubernetesVersion '1.0'/)] }),
      );
    });

    test('fails when the pod CIDR overlaps a network passed in', () => {
      const stack = testStack();
      const network = new DualStackVirtualNetwork(stack, 'net', { ...PLACE, addressSpace: ['10.244.0.0/16', 'fd00::/48'] });
      expect(() => cluster({ network }, stack)).toThrow(/podCidrs\[0\] '10.244.0.0\/16' overlaps network 'test\/net' addressSpace\[0\] '10.244.0.0\/16'/);
    });

    test('skips checks of values that are tokens, and passes them through', () => {
      const stack = testStack();
      const v4 = new TerraformVariable(stack, 'pods_v4', { type: 'string' });
      const version = new TerraformVariable(stack, 'k8s', { type: 'string' });
      cluster({ podCidrs: [v4.stringValue, 'fd12:3456:789a::/64'], kubernetesVersion: version.stringValue }, stack);
      expect(clusterOf(stack)).toMatchObject({ kubernetes_version: '${var.k8s}', network_profile: { pod_cidrs: ['${var.pods_v4}', 'fd12:3456:789a::/64'] } });
    });

    test('takes whole lists and node counts from variables', () => {
      const stack = testStack();
      const pods = new TerraformVariable(stack, 'pods', { type: 'list(string)' });
      const count = new TerraformVariable(stack, 'count', { type: 'number' });
      const aks = cluster({ podCidrs: pods.listValue, defaultNodePool: { nodeCount: count.numberValue, minCount: 1, maxCount: 5 } }, stack);
      aks.addNodePool('apps', { minCount: 1, maxCount: count.numberValue });
      expect(clusterOf(stack)).toMatchObject({ network_profile: { pod_cidrs: '${var.pods}' }, default_node_pool: { node_count: '${var.count}', min_count: 1, max_count: 5 } });
    });

    test('a token IPv4 service range works with an explicit dnsServiceIp', () => {
      const stack = testStack();
      const services = new TerraformVariable(stack, 'services_v4', { type: 'string' });
      cluster({ serviceCidrs: [services.stringValue, 'fd12:3456:789a:1::/108'], dnsServiceIp: '10.0.0.10' }, stack);
      expect(clusterOf(stack).network_profile.dns_service_ip).toBe('10.0.0.10');
    });

    test('fails when the IPv4 service range is a token and dnsServiceIp is unset', () => {
      expect(() => cluster({ serviceCidrs: [Token.asString({ Ref: 'var.s' }), 'fd12:3456:789a:1::/108'] })).toThrow(
        /dnsServiceIp is unset while serviceCidrs\[0\] is a token, so it cannot be derived/,
      );
    });

    test('a tiny IPv4 service range gets its DNS address at .2, and one too small is named', () => {
      expect(cluster({ serviceCidrs: ['10.0.0.0/29', 'fd12:3456:789a:1::/108'] }).dnsServiceIp).toBe('10.0.0.2');
      expect(() => cluster({ serviceCidrs: ['10.0.0.0/31', 'fd12:3456:789a:1::/108'] })).toThrow(
        /serviceCidrs\[0\] '10.0.0.0\/31' has no room for the DNS service address/,
      );
    });

    test('fails when ipFamilies is a token or holds a non-string', () => {
      expect(() => cluster({ ipFamilies: Token.asList({ Ref: 'var.f' }) })).toThrow(/ipFamilies .* is a token, but the families decide every range check/);
      expect(() => cluster({ ipFamilies: [undefined as unknown as string] })).toThrow('test/aks: ipFamilies[0] is missing; give a string.');
      expect(() => cluster({ ipFamilies: [4 as unknown as string] })).toThrow('test/aks: ipFamilies[0] 4 is a number, not a string; give a string.');
    });

    test('names the overlapping range by its own index when IPv6 comes first', () => {
      const stack = testStack();
      const network = new DualStackVirtualNetwork(stack, 'net', { ...PLACE, addressSpace: ['fd00::/48', '10.244.0.0/16'] });
      expect(() => cluster({ network }, stack)).toThrow(/podCidrs\[0\] '10.244.0.0\/16' overlaps network 'test\/net' addressSpace\[1\] '10.244.0.0\/16'/);
    });

    test('fails when a subnet of a token-ranged network overlaps the pods, given before or added after', () => {
      const stack = testStack();
      const network = new DualStackVirtualNetwork(stack, 'net', { ...PLACE, addressSpace: Token.asList({ Ref: 'var.space' }) });
      network.addSubnet('before', { ipv4Cidr: '10.244.0.0/24', ipv6Cidr: 'fd00::/64' });
      expect(() => cluster({ network, defaultNodePool: { subnet: network.addSubnet('sys', { ipv4Cidr: '10.1.0.0/24', ipv6Cidr: 'fd00:1::/64' }) } }, stack)).toThrow(
        /podCidrs\[0\] '10.244.0.0\/16' overlaps subnet 'before' ipv4Cidr '10.244.0.0\/24'/,
      );

      const later = testStack();
      const space = new DualStackVirtualNetwork(later, 'net', { ...PLACE, addressSpace: Token.asList({ Ref: 'var.space' }) });
      cluster({ network: space, defaultNodePool: { subnet: space.addSubnet('sys', { ipv4Cidr: '10.1.0.0/24', ipv6Cidr: 'fd00:1::/64' }) } }, later);
      space.addSubnet('after', { ipv4Cidr: '10.0.5.0/24', ipv6Cidr: 'fd00:2::/64' });
      expect(() => Testing.synth(later, true)).toThrow(/\[test\/aks\] serviceCidrs\[0\] '10.0.0.0\/16' overlaps subnet 'after' ipv4Cidr '10.0.5.0\/24'/);
    });

    test.each<[string, (aks: KubenetDualStackCluster | CniOverlayDualStackCluster) => unknown, RegExp]>([
      ['a pool name is taken', (aks) => aks.addNodePool('nodepool1'), /addNodePool\('nodepool1'\).name 'nodepool1' is already a node pool of this cluster/],
      ['a pool name is invalid', (aks) => aks.addNodePool('my-pool'), /addNodePool\('my-pool'\).name 'my-pool' is not a valid Linux node pool name/],
      ['maxCount comes without minCount', (aks) => aks.addNodePool('apps', { maxCount: 3 }), /addNodePool\('apps'\).maxCount 3 turns on autoscaling, which needs minCount too/],
      ['minCount exceeds maxCount', (aks) => aks.addNodePool('apps', { minCount: 4, maxCount: 3 }), /addNodePool\('apps'\).minCount 4 is greater than maxCount 3/],
      ['nodeCount is outside min..max', (aks) => aks.addNodePool('apps', { nodeCount: 9, minCount: 1, maxCount: 3 }), /nodeCount 9 is outside the autoscaling range minCount 1 to maxCount 3/],
      ['the subnet is from another network', (aks) => aks.addNodePool('apps', { subnet: new DualStackVirtualNetwork(aks.node.scope!, 'other', PLACE).addSubnet('s') }), /addNodePool\('apps'\).subnet 'test\/other\/s' is not in the cluster's network/],
    ])('fails when %s', (_what, act, message) => {
      const aks = cluster();
      expect(() => act(aks)).toThrow(message);
    });
  });

  describe('day 2: later plans stay clean, later changes apply', () => {
    const poolsOf = (stack: TerraformStack) => resourcesOf(synthJson(stack), 'azurerm_kubernetes_cluster_node_pool');

    test('every pool writes its surge, drain timeout and rotation name; a maxSurge of its own is written as given', () => {
      const stack = testStack();
      const aks = cluster({ defaultNodePool: { maxSurge: '1' } }, stack);
      aks.addNodePool('apps', { maxSurge: '33%', temporaryNameForRotation: 'appsrot' });
      expect(clusterOf(stack).default_node_pool).toMatchObject({ upgrade_settings: { max_surge: '1', drain_timeout_in_minutes: 30 }, temporary_name_for_rotation: 'nodepool1tmp' });
      expect(poolsOf(stack)[0]).toMatchObject({ upgrade_settings: { max_surge: '33%', drain_timeout_in_minutes: 30 }, temporary_name_for_rotation: 'appsrot' });
      expect(aks.nodePools[0].temporaryNameForRotation).toBe('appsrot');
    });

    test('autoscaled pools leave node_count to the autoscaler; fixed pools keep it', () => {
      const stack = testStack();
      const aks = cluster({ defaultNodePool: { minCount: 2, maxCount: 5, nodeCount: 3 } }, stack);
      aks.addNodePool('auto', { minCount: 1, maxCount: 4 });
      aks.addNodePool('fixed', { nodeCount: 2 });
      expect(clusterOf(stack).lifecycle).toEqual({ ignore_changes: ['default_node_pool[0].node_count'] });
      expect(clusterOf(stack).default_node_pool).toMatchObject({ auto_scaling_enabled: true, min_count: 2, max_count: 5, node_count: 3 });
      const [auto, fixed] = poolsOf(stack);
      expect(auto.lifecycle).toEqual({ ignore_changes: ['node_count'] });
      expect(fixed.lifecycle).toBeUndefined();
      expect(clusterOf(testStackWith((st) => cluster({}, st))).lifecycle).toBeUndefined();
    });

    test('fails at synth when a later pool takes an earlier pool\'s rotation name', () => {
      const stack = testStack();
      const aks = cluster({}, stack);
      aks.addNodePool('apps');
      aks.addNodePool('appstmp');
      expect(() => Testing.synth(stack, true)).toThrow(
        "[test/aks] addNodePool('apps').temporaryNameForRotation 'appstmp' is already the pool 'appstmp', so a rotation would collide with it; set temporaryNameForRotation to another name of at most 12 lowercase letters and digits.",
      );
    });

    test.each<[string, (aks: KubenetDualStackCluster | CniOverlayDualStackCluster) => unknown, RegExp]>([
      ['a rotation name is the pool\'s own', (aks) => aks.addNodePool('apps', { temporaryNameForRotation: 'apps' }), /addNodePool\('apps'\).temporaryNameForRotation 'apps' is already the pool 'apps'/],
      ['a rotation name is not a pool name', (aks) => aks.addNodePool('apps', { temporaryNameForRotation: 'apps-tmp' }), /temporaryNameForRotation 'apps-tmp' is not a valid Linux node pool name/],
      ['a surge is 0', (aks) => aks.addNodePool('apps', { maxSurge: '0' }), /addNodePool\('apps'\).maxSurge '0' is not a surge AKS takes/],
      ['a taint has no effect', (aks) => aks.addNodePool('apps', { nodeTaints: ['dedicated=web'] }), /addNodePool\('apps'\).nodeTaints\[0\] 'dedicated=web' is not a taint; write 'key=value:Effect'/],
      ['a label is reserved', (aks) => aks.addNodePool('apps', { nodeLabels: { 'kubernetes.azure.com/mode': 'x' } }), /addNodePool\('apps'\).nodeLabels key 'kubernetes.azure.com\/mode' uses the prefix/],
      ['a VM size is no VM size', (aks) => aks.addNodePool('apps', { vmSize: 'potato' }), /addNodePool\('apps'\).vmSize 'potato' is not an Azure VM size name/],
    ])('fails when %s', (_what, act, message) => {
      expect(() => act(cluster())).toThrow(message);
    });

    test.each<[string, Partial<DualStackClusterProps>, RegExp]>([
      ['the default pool is given taints', { defaultNodePool: { nodeTaints: ['a:NoSchedule'] } as object }, /defaultNodePool.nodeTaints \["a:NoSchedule"\] is not taken: azurerm 4 has no taints for the default pool/],
      ['the default pool\'s rotation name is too long', { defaultNodePool: { temporaryNameForRotation: 'nodepool1temp' } }, /defaultNodePool.temporaryNameForRotation 'nodepool1temp' is not a valid Linux node pool name/],
      ['the default pool\'s VM size is no VM size', { defaultNodePool: { vmSize: 'D2s_v5' } }, /defaultNodePool.vmSize 'D2s_v5' is not an Azure VM size name/],
      ['the default pool\'s labels are not labels', { defaultNodePool: { nodeLabels: { 'a b': 'c' } } }, /defaultNodePool.nodeLabels key 'a b' is not a label key/],
      ['the role propagation wait has two units', { rolePropagationWait: '1m30s' }, /rolePropagationWait '1m30s' is not a duration as time_sleep takes it/],
    ])('fails when %s', (_what, props, message) => {
      expect(() => cluster(props)).toThrow(message);
    });

    test('labels go on both kinds of pool, taints on extra pools', () => {
      const stack = testStack();
      const aks = cluster({ defaultNodePool: { nodeLabels: { tier: 'system' } } }, stack);
      aks.addNodePool('apps', { nodeLabels: { workload: 'web' }, nodeTaints: ['dedicated=web:NoSchedule'] });
      expect(clusterOf(stack).default_node_pool.node_labels).toEqual({ tier: 'system' });
      expect(poolsOf(stack)[0]).toMatchObject({ node_labels: { workload: 'web' }, node_taints: ['dedicated=web:NoSchedule'] });
    });

    test('a subnet\'s capacity counts each pool\'s own surge', () => {
      const stack = testStack();
      const aks = cluster({}, stack);
      const subnet = aks.network.addSubnet('small', { ipv4PrefixLength: 27 }); // holds 27 nodes
      aks.addNodePool('apps', { subnet, nodeCount: 20, maxSurge: '1' });
      expect(() => Testing.synth(stack, true)).not.toThrow();
      const tight = testStack();
      const other = cluster({}, tight);
      other.addNodePool('apps', { subnet: other.network.addSubnet('small', { ipv4PrefixLength: 27 }), nodeCount: 20, maxSurge: '50%' });
      expect(() => Testing.synth(tight, true)).toThrow(/holds 27 nodes .* need 30 with the upgrade surge/);
    });

    test('the role wait is configurable, and zero leaves it and its provider out', () => {
      const slow = testStack();
      cluster({ rolePropagationWait: '3m' }, slow);
      expect(resourcesOf(synthJson(slow), 'time_sleep')[0].create_duration).toBe('3m');
      const none = testStack();
      cluster({ rolePropagationWait: '0s' }, none);
      const json = synthJson(none);
      expect(json.resource.time_sleep).toBeUndefined();
      expect(json.provider.time).toBeUndefined();
      expect(clusterOf(none).depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_role_assignment\.aks_NetworkRole_\w+$/)]));
    });

    test('warns about a location that is no known region, and names the nearest', () => {
      const aks = cluster({ location: 'westeurop' });
      const warnings = aks.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
      expect(warnings).toContainEqual(expect.stringMatching(/^location 'westeurop' is not an Azure region known to this library .* did you mean 'westeurope'\?/));
      const known = cluster({ location: 'West Europe' });
      expect(known.node.metadata.map((m) => String(m.data)).filter((w) => w.startsWith('location'))).toEqual([]);
    });
  });
});

describe('tags', () => {
  /** Resource types without a tags attribute in azurerm. */
  const UNTAGGED = new Set([
    'azurerm_role_assignment', 'azurerm_subnet', 'azurerm_subnet_route_table_association', 'azurerm_subnet_nat_gateway_association', 'azurerm_route',
    'azurerm_nat_gateway_public_ip_association', 'azurerm_monitor_data_collection_rule_association', 'time_sleep',
  ]);
  const tags = { env: 'prod' };
  const LOGS = '/subscriptions/s/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs';
  const METRICS = '/subscriptions/s/resourceGroups/ops/providers/Microsoft.Monitor/accounts/metrics';

  test.each<[string, (s: TerraformStack) => void]>([
    ['CNI Overlay with a NAT gateway and monitoring', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, tags, outboundType: 'userAssignedNATGateway', containerInsights: { logAnalyticsWorkspaceId: LOGS }, managedPrometheus: { monitorWorkspaceId: METRICS } }).addNodePool('apps')],
    ['kubenet with user-defined routing', (s) => new KubenetDualStackCluster(s, 'aks', { ...PLACE, tags, outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4', egressNextHopIpv6: 'fd00:db8:deca:ffff::4' }).addNodePool('apps')],
  ])('reach every resource the cluster makes that takes tags, the default pool included: %s', (_name, build) => {
    const stack = testStack();
    build(stack);
    const json = synthJson(stack);
    const missing = Object.entries<Record<string, any>>(json.resource)
      .filter(([type]) => !UNTAGGED.has(type))
      .flatMap(([type, resources]) => Object.entries(resources).filter(([, body]) => JSON.stringify(body.tags) !== JSON.stringify(tags)).map(([key]) => `${type}.${key}`));
    expect(missing).toEqual([]);
    expect(Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0].default_node_pool.tags).toEqual(tags);
    expect(Object.keys(json.resource).filter((t) => !UNTAGGED.has(t)).length).toBeGreaterThan(4);
  });
});

describe('small holes', () => {
  test('a subclass of the base cannot pass a variant of its own', () => {
    class Loose extends DualStackClusterBase {
      constructor(scope: Construct, id: string) {
        super(scope, id, { ...PLACE }, { ...VARIANTS.overlay, minKubernetesVersion: '1.0', networkPlugin: 'none' as never });
      }
      protected checkOsType() {
        return undefined;
      }
    }
    expect(() => new Loose(testStack(), 'aks')).toThrow(/^test\/aks: DualStackClusterBase is given a variant that is not the library's CNI Overlay; extend KubenetDualStackCluster or CniOverlayDualStackCluster\.$/);
  });

  test('a network from another App is refused', () => {
    const network = new DualStackVirtualNetwork(testStack(), 'net', PLACE);
    expect(() => new CniOverlayDualStackCluster(testStack(), 'aks', { ...PLACE, network })).toThrow(/network 'test\/net' is in another App, whose output is written apart.*\(rule 31\)/);
  });

  test('dependsOn replaced on the raw resource, which drops the wait for the grants, is refused at synth; added to, it is taken', () => {
    const stack = testStack();
    const aks = new CniOverlayDualStackCluster(stack, 'aks', PLACE);
    aks.resource.dependsOn = [];
    expect(() => Testing.synth(stack, true)).toThrow(/dependsOn \["time_sleep\.aks_RolePropagationWait_\w+"\] is no longer waited for.*\(rule 49\)/);
    const again = testStack();
    const other = new CniOverlayDualStackCluster(again, 'aks', PLACE);
    other.resource.dependsOn = [...(other.resource.dependsOn ?? []), other.network.resource.fqn];
    expect(() => Testing.synth(again, true)).not.toThrow();
  });
});
