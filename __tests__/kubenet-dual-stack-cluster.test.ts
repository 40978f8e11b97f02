import { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { AnnotationMetadataEntryType, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { KUBENET_DEPRECATION_WARNING, KubenetDualStackCluster, KubenetDualStackClusterProps } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack } from './util';

function kubenet(props: Partial<KubenetDualStackClusterProps> = {}, stack: TerraformStack = testStack()) {
  return new KubenetDualStackCluster(stack, 'aks', { ...PLACE, ...props });
}
/** `${type.name}` references point at resources by their logical id: `type.id` is what depends_on lists. */
function address(json: any, type: string, idPrefix: string): string {
  const ids = Object.keys(json.resource[type]).filter((id) => id.startsWith(idPrefix));
  expect(ids).toHaveLength(1);
  return `${type}.${ids[0]}`;
}

test('network plugin kubenet, without a plugin mode', () => {
  const stack = testStack();
  kubenet({}, stack);
  const profile = Object.values<any>(synthJson(stack).resource.azurerm_kubernetes_cluster)[0].network_profile;
  expect(profile.network_plugin).toBe('kubenet');
  expect(profile.network_plugin_mode).toBeUndefined();
  expect(profile.network_policy).toBeUndefined();
});

test('one route table, with no inline routes, associated with every node subnet', () => {
  const stack = testStack();
  const aks = kubenet({}, stack);
  const apps = aks.addNodePool('apps');
  const batch = aks.addNodePool('batch');
  const json = synthJson(stack);
  const table = resourcesOf(json, 'azurerm_route_table');
  expect(table).toEqual([{ name: 'aks-rt', resource_group_name: 'rg', location: 'eastus2' }]);
  expect(aks.routeTable).toBeInstanceOf(RouteTable);
  const routeTableId = `\${${address(json, 'azurerm_route_table', 'aks_RouteTable_')}.id}`;
  const associations = resourcesOf(json, 'azurerm_subnet_route_table_association');
  expect(associations.map((a) => a.route_table_id)).toEqual([routeTableId, routeTableId, routeTableId]);
  const subnetIds = [aks.defaultNodePoolSubnet, apps.subnet, batch.subnet].map((s) => `\${${address(json, 'azurerm_subnet', `aks_Network_${s.node.id}_`)}.id}`);
  expect(associations.map((a) => a.subnet_id).sort()).toEqual(subnetIds.sort());
});

test('a user-assigned identity holds Network Contributor on the route table and the network', () => {
  const stack = testStack();
  const aks = kubenet({}, stack);
  const json = synthJson(stack);
  expect(aks.identity).toBeInstanceOf(UserAssignedIdentity);
  expect(resourcesOf(json, 'azurerm_user_assigned_identity')).toEqual([{ name: 'aks-identity', resource_group_name: 'rg', location: 'eastus2' }]);
  const principal = `\${${address(json, 'azurerm_user_assigned_identity', 'aks_Identity_')}.principal_id}`;
  const roles = resourcesOf(json, 'azurerm_role_assignment');
  expect(roles).toHaveLength(2);
  expect(roles).toEqual(expect.arrayContaining([
    { principal_id: principal, role_definition_name: 'Network Contributor', scope: `\${${address(json, 'azurerm_route_table', 'aks_RouteTable_')}.id}`, skip_service_principal_aad_check: true },
    { principal_id: principal, role_definition_name: 'Network Contributor', scope: `\${${address(json, 'azurerm_virtual_network', 'aks_Network_')}.id}`, skip_service_principal_aad_check: true },
  ]));
  const cluster = Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0];
  expect(cluster.identity).toEqual({ type: 'UserAssigned', identity_ids: [`\${${address(json, 'azurerm_user_assigned_identity', 'aks_Identity_')}.id}`] });
});

test('the cluster waits for its subnet association and for both role assignments to propagate; a pool for its own association', () => {
  const stack = testStack();
  kubenet({}, stack).addNodePool('apps');
  const json = synthJson(stack);
  const cluster = Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0];
  expect(cluster.depends_on).toEqual([
    address(json, 'azurerm_subnet_route_table_association', 'aks_RouteTableAssociation-aks-nodepool1_'),
    address(json, 'time_sleep', 'aks_RolePropagationWait_'),
  ]);
  expect(resourcesOf(json, 'time_sleep')[0].depends_on).toEqual([
    address(json, 'azurerm_role_assignment', 'aks_RouteTableRole_'),
    address(json, 'azurerm_role_assignment', 'aks_NetworkRole_'),
  ]);
  const pool = resourcesOf(json, 'azurerm_kubernetes_cluster_node_pool')[0];
  expect(pool.depends_on).toEqual([address(json, 'azurerm_subnet_route_table_association', 'aks_RouteTableAssociation-aks-apps_')]);
});

test('user-defined routing puts the egress routes in the cluster route table, beside the routes AKS writes', () => {
  const stack = testStack();
  kubenet({ outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4', egressNextHopIpv6: 'fd00:db8:deca:ffff::4' }, stack);
  const json = synthJson(stack);
  expect(resourcesOf(json, 'azurerm_route_table')).toHaveLength(1);
  const table = `\${${address(json, 'azurerm_route_table', 'aks_RouteTable_')}.name}`;
  expect(resourcesOf(json, 'azurerm_route')).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ address_prefix: '0.0.0.0/0', route_table_name: table }),
      expect.objectContaining({ address_prefix: '::/0', route_table_name: table }),
    ]),
  );
});

test('two pools on one subnet share its association', () => {
  const stack = testStack();
  const aks = kubenet({}, stack);
  const subnet = aks.network.addSubnet('shared');
  aks.addNodePool('one', { subnet });
  aks.addNodePool('two', { subnet });
  expect(resourcesOf(synthJson(stack), 'azurerm_subnet_route_table_association')).toHaveLength(2);
});

test('warns that kubenet retires and points at CNI Overlay', () => {
  const aks = kubenet();
  expect(aks.node.metadata).toEqual([expect.objectContaining({ type: AnnotationMetadataEntryType.WARN, data: KUBENET_DEPRECATION_WARNING })]);
  expect(KUBENET_DEPRECATION_WARNING).toMatch(/2028-03-31.*CniOverlayDualStackCluster/);
});

test('200 nodes across pools, counting maxCount when autoscaling, synthesize', () => {
  const stack = testStack();
  const aks = kubenet({}, stack);
  aks.addNodePool('big', { nodeCount: 1, minCount: 1, maxCount: 197 });
  expect(() => Testing.synth(stack, true)).not.toThrow();
});

test('the minimum Kubernetes version 1.21.2 passes', () => {
  expect(kubenet({ kubernetesVersion: '1.21.2' }).kubernetesVersion).toBe('1.21.2');
});

describe('invalid input', () => {
  test('fails when the Kubernetes version is below 1.21.2', () => {
    expect(() => kubenet({ kubernetesVersion: '1.21.1' })).toThrow(
      "test/aks: kubernetesVersion '1.21.1' is below 1.21.2, the first version with dual-stack kubenet; use 1.21.2 or later, or leave it unset for the AKS default.",
    );
  });

  test('fails at synth when pools add up to more than 200 nodes, counting maxCount when autoscaling', () => {
    const stack = testStack();
    const aks = kubenet({}, stack);
    aks.addNodePool('big', { nodeCount: 1, minCount: 1, maxCount: 198 });
    expect(() => Testing.synth(stack, true)).toThrow(/\[test\/aks\] node pools \{"nodepool1":3,"big":198\} add up to 201 nodes .* over 200/);
  });

  test('counts the pools it can at synth, leaving out those sized by a variable', () => {
    const stack = testStack();
    const aks = kubenet({}, stack);
    aks.addNodePool('vary', { nodeCount: new TerraformVariable(stack, 'n', { type: 'number' }).numberValue });
    aks.addNodePool('big', { nodeCount: 198 });
    expect(() => Testing.synth(stack, true)).toThrow(/node pools \{"nodepool1":3,"big":198\} add up to 201 nodes/);
  });

  test('fails at 200 nodes with user-defined routing, whose two egress routes take two of the 400 routes', () => {
    const stack = testStack();
    kubenet({ outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4', egressNextHopIpv6: 'fd00:db8:deca:ffff::4' }, stack).addNodePool('big', { nodeCount: 197 });
    expect(() => Testing.synth(stack, true)).toThrow(/add up to 200 nodes .* over 199, the most this cluster holds: the binding limit is the route table .*2 of them taken by egress routes/);
  });

  test('fails when two kubenet clusters would share a subnet, whose one route table only one can own', () => {
    const stack = testStack();
    const first = kubenet({}, stack);
    expect(() => new KubenetDualStackCluster(stack, 'other', { ...PLACE, network: first.network, podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'], serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'], defaultNodePool: { subnet: first.defaultNodePoolSubnet } })).toThrow(
      "test/other: subnet 'test/aks/Network/aks-nodepool1' already carries the route table of cluster 'test/aks', and a subnet has only one; give each cluster with a route table (kubenet, or user-defined routing) subnets of its own.",
    );
  });

  test('fails when a pool is Windows', () => {
    expect(() => kubenet().addNodePool('win', { osType: 'Windows' })).toThrow(
      "test/aks: addNodePool('win').osType 'Windows' is not supported with dual-stack kubenet; use a CniOverlayDualStackCluster for Windows pools.",
    );
  });
});
