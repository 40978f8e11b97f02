// A dual-stack AKS cluster as a production estate runs it: Azure CNI Overlay; sign-in through Microsoft Entra
// ID with Azure RBAC and the local accounts off; workload identity; nodes over three availability zones; the
// Kubernetes version and the node images upgraded by AKS inside maintenance windows; Container Insights and
// managed Prometheus; Azure Policy and the Key Vault secrets provider; the Standard tier. The workload stack
// signs in with kubelogin, as the local accounts' certificates are gone.
//
// Before `cdktf deploy '*'`:
//   export TF_VAR_admin_group_object_id=<the Entra group of the cluster's administrators>
//   export TF_VAR_api_server_authorized_ranges='["203.0.113.0/24"]'   # the IPv4 ranges of your admins and CI
//   az login, and install kubelogin (https://azure.github.io/kubelogin): the workload stack runs
//   `kubelogin get-token --login azurecli`, so the account that applies needs a Kubernetes role on the cluster
//   (Azure Kubernetes Service RBAC Cluster Admin, or membership of the admin group).
// In Terraform Cloud, see docs/terraform-cloud.md: hosted runners have no kubelogin.
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorWorkspace } from '@cdktf/provider-azurerm/lib/monitor-workspace';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { CniOverlayDualStackCluster, DualStackWebApp, kubernetesProviderSignIn } from 'aks-dualstack';

const app = new App();
const platform = new TerraformStack(app, 'production');
new AzurermProvider(platform, 'azurerm', { features: [{}] });
const location = 'eastus2';
const tags = { environment: 'production', owner: 'platform' };
const group = new ResourceGroup(platform, 'Group', { name: 'rg-aks-prod', location, tags });
const client = new DataAzurermClientConfig(platform, 'Client', {});
const admins = new TerraformVariable(platform, 'admin_group_object_id', { type: 'string', description: 'The Entra group of the cluster administrators' });
const authorized = new TerraformVariable(platform, 'api_server_authorized_ranges', { type: 'list(string)', description: 'IPv4 ranges that may reach the API server' });
const logs = new LogAnalyticsWorkspace(platform, 'Logs', { name: 'log-aks-prod', resourceGroupName: group.name, location, sku: 'PerGB2018', retentionInDays: 30, tags });
const metrics = new MonitorWorkspace(platform, 'Metrics', { name: 'amw-aks-prod', resourceGroupName: group.name, location, tags });

const zones = ['1', '2', '3'];
const cluster = new CniOverlayDualStackCluster(platform, 'Cluster', {
  name: 'aks-prod',
  resourceGroupName: group.name,
  location,
  kubernetesVersion: '1.35',
  tags,
  skuTier: 'Standard',
  // Access: Entra ID only. Break-glass is the admin group, not a certificate.
  entraId: { tenantId: client.tenantId, adminGroupObjectIds: [admins.stringValue] },
  localAccountsDisabled: true,
  workloadIdentityEnabled: true,
  apiServerAuthorizedIpRanges: authorized.listValue,
  // Upgrades: patches of 1.35 on the first Saturday of the month, node images weekly on Sunday night.
  automaticUpgradeChannel: 'patch',
  automaticUpgradeWindow: { frequency: 'RelativeMonthly', weekIndex: 'First', dayOfWeek: 'Saturday', startTime: '01:00', durationHours: 6 },
  nodeOsUpgradeChannel: 'NodeImage',
  nodeOsUpgradeWindow: { frequency: 'Weekly', dayOfWeek: 'Sunday', startTime: '01:00', durationHours: 4 },
  // Monitoring and add-ons.
  containerInsights: { logAnalyticsWorkspaceId: logs.id },
  managedPrometheus: { monitorWorkspaceId: metrics.id },
  azurePolicyEnabled: true,
  keyVaultSecretsProvider: { secretRotationEnabled: true },
  defaultNodePool: { vmSize: 'Standard_D4s_v5', nodeCount: 3, zones, osSku: 'AzureLinux' },
});
cluster.addNodePool('apps', { vmSize: 'Standard_D4s_v5', minCount: 3, maxCount: 9, zones, osSku: 'AzureLinux' });
new TerraformOutput(platform, 'oidc_issuer_url', { value: cluster.resource.oidcIssuerUrl });

// The workload (the documents' nginx behind an IPv4 and an IPv6 load balancer) in a stack of its own, which
// reads the cluster once it exists and signs in with kubelogin: the cluster has no local accounts.
const workload = new TerraformStack(app, 'production-workload');
workload.addDependency(platform);
new AzurermProvider(workload, 'azurerm', { features: [{}] });
const aks = new DataAzurermKubernetesCluster(workload, 'Cluster', { name: 'aks-prod', resourceGroupName: 'rg-aks-prod' });
new KubernetesProvider(workload, 'kubernetes', kubernetesProviderSignIn(aks, { method: 'kubelogin', login: 'azurecli' }));
const web = new DualStackWebApp(workload, 'Web');
new TerraformOutput(workload, 'nginx_ipv4', { value: web.loadBalancer.ipv4Address! });
new TerraformOutput(workload, 'nginx_ipv6', { value: web.loadBalancer.ipv6Address! });
app.synth();
