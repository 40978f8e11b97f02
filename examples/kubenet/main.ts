// A dual-stack AKS cluster on kubenet, with an extra Linux pool on a subnet of its own.
//
// kubenet retires on 2028-03-31, and Microsoft documents dual-stack only for Azure CNI Overlay now: the
// library warns at every synth. Move before then, in place (azurerm 4.66 and later; Kubernetes 1.27 or later;
// the update reimages every pool at once, and cannot be undone):
//   1. Replace KubenetDualStackCluster below by CniOverlayDualStackCluster, with the same id and props, and
//      add `migratingFromKubenet: true`. `cdktf deploy`: the plan updates the cluster in place (network plugin
//      and mode only) and keeps the route table, its subnet associations and its grant, which AKS still needs
//      while it moves the nodes and deletes its routes.
//   2. Remove `migratingFromKubenet`. `cdktf deploy`: the plan deletes the route table, its associations and
//      the grant, and changes nothing on the cluster or its pools.
// Microsoft's "Update Azure CNI" page does not mention dual-stack; one report (Azure/AKS#5120) saw IPv6 traffic
// fail during the update and recover after it. Try it on a cluster you can afford to lose first.
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
