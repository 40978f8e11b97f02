import { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, Token } from 'cdktf';
import { DualStackClusterStack, DualStackWorkloadStack, addExampleStacks } from '../../app';
import { synthJson, testApp } from '../util';

describe.each(['kubenet', 'overlay'] as const)('the %s workload stack', (variant) => {
  const build = () => (variant === 'kubenet' ? addExampleStacks(testApp(), {}).kubenetWorkload! : addExampleStacks(testApp(), {}).overlayWorkload!);

  test('matches the snapshot', () => {
    expect(Testing.synth(build(), true)).toMatchSnapshot();
  });

  test('reads its cluster by literal name and resource group, and depends on the cluster stack', () => {
    const stack = build();
    expect(Testing.synth(stack)).toHaveDataSourceWithProperties(DataAzurermKubernetesCluster, { name: `aksds-${variant}`, resource_group_name: `aksds-${variant}-rg` });
    expect(stack.dependencies.map((d) => d.node.id)).toEqual([`${variant}-dualstack`]);
  });
});

test('configures the kubernetes provider from the admin credentials, falling back to the user ones, base64-decoded', () => {
  const stack = new DualStackWorkloadStack(testApp(), 'w', { clusterName: 'aks', resourceGroupName: 'rg' });
  const credential = (key: string) =>
    `coalescelist(data.azurerm_kubernetes_cluster.Cluster.kube_admin_config, data.azurerm_kubernetes_cluster.Cluster.kube_config)["0"].${key}`;
  expect(Testing.synth(stack)).toHaveProviderWithProperties(KubernetesProvider, {
    host: `\${${credential('host')}}`,
    client_certificate: `\${base64decode(${credential('client_certificate')})}`,
    client_key: `\${base64decode(${credential('client_key')})}`,
    cluster_ca_certificate: `\${base64decode(${credential('cluster_ca_certificate')})}`,
  });
  expect(stack.dependencies).toEqual([]);
});

test('outputs both addresses and a curl command for the IPv6 one', () => {
  const json = synthJson(new DualStackWorkloadStack(testApp(), 'w', { clusterName: 'aks', resourceGroupName: 'rg' }));
  const ip = (family: string) => expect.stringMatching(new RegExp(`^\\$\\{kubernetes_service_v1\\.WebApp_LoadBalancer_${family}_\\w+\\.status\\[0\\]\\.load_balancer\\[0\\]\\.ingress\\[0\\]\\.ip\\}$`));
  expect(json.output.nginx_ipv4.value).toEqual(ip('ipv4'));
  expect(json.output.nginx_ipv6.value).toEqual(ip('ipv6'));
  expect(json.output.nginx_ipv6_curl.value).toBe(`curl -s "http://[${json.output.nginx_ipv6.value}]" | head -n5`);
});

test('passes web app props through, and outputs only the families it serves', () => {
  const json = synthJson(new DualStackWorkloadStack(testApp(), 'w', { clusterName: 'aks', resourceGroupName: 'rg', webApp: { name: 'web', ipFamilies: ['IPv4'] } }));
  expect(Object.keys(json.output)).toEqual(['nginx_ipv4']);
  expect(Object.values<any>(json.resource.kubernetes_deployment_v1)[0].metadata.name).toBe('web');
});

test('fails when the cluster name is a token from another stack', () => {
  const app = testApp();
  const clusters = new DualStackClusterStack(app, 'c', { variant: 'overlay' });
  expect(() => new DualStackWorkloadStack(app, 'w', { clusterName: clusters.cluster.resource.name, resourceGroupName: 'rg' })).toThrow(
    /^w: clusterName <token> is a token: a reference into another stack would couple this stack to that stack's state; pass the literal name\.$/,
  );
  expect(() => new DualStackWorkloadStack(app, 'w2', { clusterName: 'aks', resourceGroupName: Token.asString({ Ref: 'x' }) })).toThrow(/resourceGroupName .* is a token/);
});
