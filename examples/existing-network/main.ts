// A cluster dropped into a larger program: the platform stack owns the resource group and puts the cluster
// into a network that already exists, on the subnet ranges the network team handed out; the workload stack
// exposes an existing deployment (pods labelled app=web) through an IPv4 and an IPv6 load balancer.
import { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { CniOverlayDualStackCluster, DualStackLoadBalancer, DualStackVirtualNetwork, kubernetesProviderSignIn } from 'aks-dualstack';

const app = new App();

const platform = new TerraformStack(app, 'platform');
new AzurermProvider(platform, 'azurerm', { features: [{}] });
const group = new ResourceGroup(platform, 'Group', { name: 'rg-platform', location: 'westeurope' });
// Read, not created: the network team's hub network, in its own resource group.
const network = new DualStackVirtualNetwork(platform, 'Hub', {
  existing: true,
  name: 'vnet-hub',
  resourceGroupName: 'rg-network',
  location: 'westeurope',
  addressSpace: ['10.10.0.0/16', 'fd00:10::/48'],
});
const system = network.addSubnet('System', { name: 'snet-aks-system', ipv4Cidr: '10.10.1.0/24', ipv6Cidr: 'fd00:10:0:1::/64' });
const apps = network.addSubnet('Apps', { name: 'snet-aks-apps', ipv4Cidr: '10.10.2.0/24', ipv6Cidr: 'fd00:10:0:2::/64' });
const cluster = new CniOverlayDualStackCluster(platform, 'Cluster', {
  name: 'aks-platform',
  resourceGroupName: group.name,
  location: group.location,
  network,
  defaultNodePool: { subnet: system },
});
cluster.addNodePool('apps', { subnet: apps, nodeCount: 3 });

// The kubernetes provider must not be configured from a cluster created in the same run: the services live in
// a stack of their own, which reads the cluster by name once the platform stack is deployed.
const workload = new TerraformStack(app, 'workload');
workload.addDependency(platform);
new AzurermProvider(workload, 'azurerm', { features: [{}] });
const aks = new DataAzurermKubernetesCluster(workload, 'Cluster', { name: 'aks-platform', resourceGroupName: 'rg-platform' });
// The local accounts' client certificates; with Entra ID and local accounts off, { method: 'kubelogin' }.
new KubernetesProvider(workload, 'kubernetes', kubernetesProviderSignIn(aks));
const web = new DualStackLoadBalancer(workload, 'Web', { name: 'web', selector: { app: 'web' }, port: 80 });
new TerraformOutput(workload, 'web_ipv4', { value: web.ipv4Address! });
new TerraformOutput(workload, 'web_ipv6', { value: web.ipv6Address! });
app.synth();
