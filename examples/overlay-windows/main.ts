// A dual-stack AKS cluster on Azure CNI Overlay with a Windows node pool: its own resource group and network,
// the default Linux pool, and a Windows pool on a subnet of its own.
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { CniOverlayDualStackCluster } from 'aks-dualstack';

const app = new App();
const stack = new TerraformStack(app, 'overlay-windows');
new AzurermProvider(stack, 'azurerm', { features: [{}] });
const group = new ResourceGroup(stack, 'Group', { name: 'rg-aks-overlay', location: 'westeurope' });

// Windows nodes need an administrator; its password comes from a sensitive variable, never a literal
// (export TF_VAR_windows_admin_password=... before deploying).
const password = new TerraformVariable(stack, 'windows_admin_password', { type: 'string', sensitive: true });

const cluster = new CniOverlayDualStackCluster(stack, 'Cluster', {
  name: 'aks-overlay',
  resourceGroupName: group.name,
  location: group.location,
  windowsProfile: { adminUsername: 'azureuser', adminPassword: password.stringValue },
});
// Windows pool names are at most 6 characters.
cluster.addNodePool('npwin', { osType: 'Windows', nodeCount: 2 });

new TerraformOutput(stack, 'kube_config', { value: cluster.resource.kubeConfigRaw, sensitive: true });
app.synth();
