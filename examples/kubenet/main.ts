// A dual-stack AKS cluster on kubenet, with an extra Linux pool on a subnet of its own.
//
// kubenet retires on 2028-03-31, and Microsoft documents dual-stack only for Azure CNI Overlay now: the
// library warns at every synth. Move before then. In Terraform, changing the network plugin replaces the
// cluster (azurerm's `network_plugin` forces a new resource), so either build a CniOverlayDualStackCluster
// beside this one and move the workloads over, or upgrade the cluster in place with `az aks update
// --network-plugin azure --network-plugin-mode overlay` (Microsoft's "Upgrade Azure CNI IPAM modes and data
// plane technology" says which clusters can) and then replace KubenetDualStackCluster with
// CniOverlayDualStackCluster here, with the same names and ranges, so that the next plan is clean.
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { KubenetDualStackCluster } from 'aks-dualstack';

const app = new App();
const stack = new TerraformStack(app, 'kubenet');
new AzurermProvider(stack, 'azurerm', { features: [{}] });
const group = new ResourceGroup(stack, 'Group', { name: 'rg-aks-kubenet', location: 'westeurope' });

const cluster = new KubenetDualStackCluster(stack, 'Cluster', {
  name: 'aks-kubenet',
  resourceGroupName: group.name,
  location: group.location,
});
// Autoscaled from 1 to 5 nodes: kubenet's route table caps the whole cluster at 200.
cluster.addNodePool('apps', { minCount: 1, maxCount: 5 });

new TerraformOutput(stack, 'kube_config', { value: cluster.resource.kubeConfigRaw, sensitive: true });
app.synth();
