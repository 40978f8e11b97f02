import { CniOverlayDualStackCluster, CniOverlayDualStackClusterProps } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack, theOne } from './util';

const LOGS = '/subscriptions/s/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs';
const METRICS = '/subscriptions/s/resourceGroups/ops/providers/Microsoft.Monitor/accounts/metrics';

function overlay(props: Partial<CniOverlayDualStackClusterProps> = {}) {
  const stack = testStack();
  const cluster = new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, name: 'aks-prod', tags: { env: 'prod' }, ...props });
  return { cluster, json: () => synthJson(stack) };
}

test('Container Insights with managed identity auth, and the data collection rule and association Terraform must write', () => {
  const json = overlay({ containerInsights: { logAnalyticsWorkspaceId: LOGS, location: 'westeurope' } }).json();
  expect(theOne(json, 'azurerm_kubernetes_cluster').oms_agent).toEqual({ log_analytics_workspace_id: LOGS, msi_auth_for_monitoring_enabled: true });
  const rule = theOne(json, 'azurerm_monitor_data_collection_rule');
  expect(rule).toMatchObject({ name: 'MSCI-westeurope-aks-prod', location: 'westeurope', tags: { env: 'prod' }, destinations: { log_analytics: [{ name: 'ciworkspace', workspace_resource_id: LOGS }] } });
  expect(rule.data_sources.extension[0]).toMatchObject({ name: 'ContainerInsightsExtension', extension_name: 'ContainerInsights' });
  expect(rule.data_flow[0].streams).toEqual(rule.data_sources.extension[0].streams);
  const association = theOne(json, 'azurerm_monitor_data_collection_rule_association');
  expect(association).toMatchObject({ name: 'ContainerInsightsExtension', target_resource_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\.\w+\.id\}$/) });
});

test('managed Prometheus: monitor_metrics, and an endpoint, rule and association in the workspace region', () => {
  const json = overlay({ managedPrometheus: { monitorWorkspaceId: METRICS } }).json();
  expect(theOne(json, 'azurerm_kubernetes_cluster').monitor_metrics).toEqual({});
  expect(theOne(json, 'azurerm_monitor_data_collection_endpoint')).toMatchObject({ name: 'MSProm-eastus2-aks-prod', kind: 'Linux', location: 'eastus2', tags: { env: 'prod' } });
  const rule = theOne(json, 'azurerm_monitor_data_collection_rule');
  expect(rule).toMatchObject({ kind: 'Linux', destinations: { monitor_account: [{ monitor_account_id: METRICS, name: 'MonitoringAccount1' }] }, data_sources: { prometheus_forwarder: [{ streams: ['Microsoft-PrometheusMetrics'] }] } });
  expect(rule.data_collection_endpoint_id).toMatch(/^\$\{azurerm_monitor_data_collection_endpoint\.\w+\.id\}$/);
  expect(theOne(json, 'azurerm_monitor_data_collection_rule_association').data_collection_rule_id).toMatch(/^\$\{azurerm_monitor_data_collection_rule\.\w+\.id\}$/);
});

test('names are cut to what Azure takes: 44 characters for an endpoint', () => {
  const json = overlay({ name: 'a'.repeat(60), dnsPrefix: 'a', managedPrometheus: { monitorWorkspaceId: METRICS } }).json();
  expect(theOne(json, 'azurerm_monitor_data_collection_endpoint').name).toHaveLength(44);
  expect(theOne(json, 'azurerm_monitor_data_collection_rule').name).toHaveLength(64);
});

test('the add-ons and tier', () => {
  const aks = theOne(overlay({ azurePolicyEnabled: true, keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: '10m' }, skuTier: 'Standard' }).json(), 'azurerm_kubernetes_cluster');
  expect(aks).toMatchObject({ azure_policy_enabled: true, sku_tier: 'Standard', key_vault_secrets_provider: { secret_rotation_enabled: true, secret_rotation_interval: '10m' } });
  // azurerm takes the block with one setting at least: an empty one is written with rotation off.
  expect(theOne(overlay({ keyVaultSecretsProvider: {} }).json(), 'azurerm_kubernetes_cluster').key_vault_secrets_provider).toEqual({ secret_rotation_enabled: false });
  const none = theOne(overlay().json(), 'azurerm_kubernetes_cluster');
  for (const key of ['oms_agent', 'monitor_metrics', 'azure_policy_enabled', 'key_vault_secrets_provider', 'sku_tier']) expect(none[key]).toBeUndefined();
  expect(resourcesOf(overlay().json(), 'azurerm_monitor_data_collection_rule')).toEqual([]);
});

test.each<[string, Partial<CniOverlayDualStackClusterProps>, RegExp]>([
  ['a workspace given by name', { containerInsights: { logAnalyticsWorkspaceId: 'logs' } }, /containerInsights.logAnalyticsWorkspaceId 'logs' is not the id of a Log Analytics workspace.*\(rule 63\)/],
  ['a Log Analytics workspace for Prometheus', { managedPrometheus: { monitorWorkspaceId: LOGS } }, /managedPrometheus.monitorWorkspaceId .* is not the id of an Azure Monitor workspace/],
  ['a rotation interval without rotation', { keyVaultSecretsProvider: { secretRotationInterval: '5m' } }, /secretRotationInterval '5m' is set, but secretRotationEnabled is not true.*\(rule 62\)/],
  ['a rotation interval in days', { keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: '1d' } }, /secretRotationInterval '1d' is not a duration/],
  ['an unknown tier', { skuTier: 'Paid' as 'Standard' }, /skuTier 'Paid' is not one of 'Free', 'Standard', 'Premium'/],
])('refused at props: %s', (_name, props, message) => {
  expect(() => overlay(props)).toThrow(message);
});

test.each<[string, (c: CniOverlayDualStackCluster) => void, RegExp]>([
  ['a workspace name on the raw resource', (c) => c.resource.putOmsAgent({ logAnalyticsWorkspaceId: 'logs' }), /containerInsights.logAnalyticsWorkspaceId 'logs' is not the id/],
  ['an interval by override', (c) => c.resource.addOverride('key_vault_secrets_provider', { secret_rotation_enabled: true, secret_rotation_interval: 'often' }), /secretRotationInterval 'often' is not a duration/],
  ['a tier as a number by override', (c) => c.resource.addOverride('sku_tier', 2), /skuTier 2 is a number, not one of/],
])('refused at synth, through the escape hatch: %s', (_name, change, message) => {
  const { cluster, json } = overlay();
  change(cluster);
  expect(json).toThrow(message);
});

test('names carry the region as names spell it, and never end in a hyphen once cut', () => {
  const json = overlay({ location: 'East US 2', containerInsights: { logAnalyticsWorkspaceId: LOGS } }).json();
  expect(theOne(json, 'azurerm_monitor_data_collection_rule').name).toBe('MSCI-eastus2-aks-prod');
  // 'MSProm-eastus2-' is 15 characters: a name of 29 ends the cut at a hyphen, which is dropped.
  const cut = overlay({ name: `${'a'.repeat(28)}-b`, dnsPrefix: 'a', managedPrometheus: { monitorWorkspaceId: METRICS } }).json();
  expect(theOne(cut, 'azurerm_monitor_data_collection_endpoint').name).toBe(`MSProm-eastus2-${'a'.repeat(28)}`);
});

test('an empty Key Vault secrets provider block written by the raw resource is refused', () => {
  const { cluster, json } = overlay();
  cluster.resource.putKeyVaultSecretsProvider({});
  expect(json).toThrow(/keyVaultSecretsProvider \{\} is written empty, and azurerm takes the block with one setting at least.*\(rule 62\)/);
});
