import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { DualStackClusterStack } from '../../app';
import { CniOverlayDualStackCluster, DualStackVirtualNetwork, KubenetDualStackCluster } from '../../lib';
import { resourcesOf, synthJson, testApp } from '../util';

describe.each(['kubenet', 'overlay'] as const)('the %s example stack', (variant) => {
  const build = () => new DualStackClusterStack(testApp(), `${variant}-dualstack`, { variant });

  test('matches the snapshot', () => {
    expect(Testing.synth(build(), true)).toMatchSnapshot();
  });

  test('has a provider, a resource group, the network, and the cluster with nodepool1 and apps on their own subnets', () => {
    const stack = build();
    const synthesized = Testing.synth(stack, true);
    expect(synthesized).toHaveProviderWithProperties(AzurermProvider, { features: [{}] });
    expect(synthesized).toHaveResourceWithProperties(ResourceGroup, { name: `aksds-${variant}-rg`, location: 'eastus2' });
    expect(stack.cluster.name).toBe(`aksds-${variant}`);
    expect(stack.cluster.network).toBe(stack.network);
    const json = JSON.parse(synthesized);
    expect(resourcesOf(json, 'azurerm_virtual_network').map((n) => n.name)).toEqual([`aksds-${variant}-vnet`]);
    const pools = stack.cluster.nodePools.map((p) => [p.name, p.osType, p.subnet.name]);
    const windows = variant === 'overlay' ? [['npwin', 'Windows', `aksds-${variant}-npwin`]] : [];
    expect(pools).toEqual([...windows, ['apps', 'Linux', `aksds-${variant}-apps`]]);
    expect(resourcesOf(json, 'azurerm_subnet')).toHaveLength(2 + windows.length);
    expect(Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0].default_node_pool).toMatchObject({ name: 'nodepool1', node_count: 3 });
  });

  test('exports the kube configs as sensitive outputs', () => {
    const json = synthJson(build());
    expect(json.output.kube_config).toEqual({ value: expect.stringMatching(/\.kube_config_raw\}$/), sensitive: true });
    expect(json.output.kube_admin_config).toEqual({ value: expect.stringMatching(/\.kube_admin_config_raw\}$/), sensitive: true });
    expect(json.output.cluster_name.sensitive).toBeUndefined();
    expect(Object.keys(json.output).sort()).toEqual(['address_plan', 'cluster_name', 'kube_admin_config', 'kube_config', 'resource_group_name']);
    expect(json.output.address_plan.sensitive).toBeUndefined();
  });

  test('takes location, name prefix and Kubernetes version', () => {
    const stack = new DualStackClusterStack(testApp(), 's', { variant, location: 'westeurope', namePrefix: 'team-a', kubernetesVersion: '1.33' });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'azurerm_resource_group')).toEqual([{ name: `team-a-${variant}-rg`, location: 'westeurope' }]);
    expect(Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0]).toMatchObject({ name: `team-a-${variant}`, location: 'westeurope', kubernetes_version: '1.33' });
  });
});

test('the overlay stack takes the Windows password from a sensitive variable', () => {
  const json = synthJson(new DualStackClusterStack(testApp(), 'o', { variant: 'overlay' }));
  expect(json.variable.windows_admin_password).toMatchObject({ type: 'string', sensitive: true });
  expect(Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0].windows_profile.admin_password).toBe('${var.windows_admin_password}');
});

test('the kubenet stack has no Windows pool and no variables', () => {
  const json = synthJson(new DualStackClusterStack(testApp(), 'k', { variant: 'kubenet' }));
  expect(json.variable).toBeUndefined();
  expect(resourcesOf(json, 'azurerm_kubernetes_cluster_node_pool').map((p) => p.os_type)).toEqual(['Linux']);
});

describe('invalid input', () => {
  test.each(['Team', '1team', 'a-very-long-name-prefix', 'team_a'])('fails when the name prefix is %p', (namePrefix) => {
    expect(() => new DualStackClusterStack(testApp(), 's', { variant: 'kubenet', namePrefix })).toThrow(
      `s: namePrefix '${namePrefix}' is not a name prefix: lowercase letters, digits and hyphens, starting with a letter, at most 20 characters; use a prefix like 'aksds'.`,
    );
  });

  test('fails when the variant is unknown', () => {
    expect(() => new DualStackClusterStack(testApp(), 's', { variant: 'azure' as 'overlay' })).toThrow("s: variant 'azure' is not one of 'kubenet', 'overlay' (any case); use one of them.");
  });
});

test('every construct prop set: matches the snapshot', () => {
  // GIVEN a stack of both variants with every prop of every construct set
  const stack = new TerraformStack(testApp(), 'all-props');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const network = new DualStackVirtualNetwork(stack, 'Network', {
    resourceGroupName: 'rg-all',
    location: 'westeurope',
    name: 'vnet-all',
    addressSpace: ['172.16.0.0/16', 'fd00:aaaa:bbbb::/48'],
    tags: { owner: 'platform' },
  });
  const common = {
    resourceGroupName: 'rg-all',
    location: 'westeurope',
    kubernetesVersion: '1.33.2',
    ipFamilies: ['ipv4', 'ipv6'],
    network,
    tags: { owner: 'platform' },
  };
  // WHEN
  const kubenet = new KubenetDualStackCluster(stack, 'Kubenet', {
    ...common,
    name: 'aks-kubenet',
    dnsPrefix: 'kubenet-dns',
    podCidrs: ['10.244.0.0/16', 'fd12:3456:789a::/64'],
    serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/108'],
    dnsServiceIp: '10.0.0.10',
    defaultNodePool: { name: 'system', vmSize: 'Standard_D4s_v5', nodeCount: 3, minCount: 3, maxCount: 6, maxPods: 110, subnet: network.addSubnet('kubenet-system', { ipv4PrefixLength: 25 }) },
  });
  kubenet.addNodePool('apps', { vmSize: 'Standard_D8s_v5', nodeCount: 2, minCount: 1, maxCount: 10, maxPods: 60, osType: 'Linux', mode: 'User' });
  const password = new TerraformVariable(stack, 'windows_admin_password', { type: 'string', sensitive: true });
  const overlay = new CniOverlayDualStackCluster(stack, 'Overlay', {
    ...common,
    name: 'aks-overlay',
    dnsPrefix: 'overlay-dns',
    podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'],
    serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'],
    dnsServiceIp: '10.1.0.53',
    defaultNodePool: { name: 'system', vmSize: 'Standard_D4s_v5', nodeCount: 3, maxPods: 250 },
    windowsProfile: { adminUsername: 'azureuser', adminPassword: password.stringValue },
  });
  overlay.addNodePool('npwin', { vmSize: 'Standard_D4s_v5', nodeCount: 2, osType: 'Windows', mode: 'User', subnet: network.addSubnet('windows', { ipv4Cidr: '172.16.200.0/24', ipv6Cidr: 'fd00:aaaa:bbbb:c8::/64' }) });
  // THEN
  expect(Testing.synth(stack, true)).toMatchSnapshot();
});
