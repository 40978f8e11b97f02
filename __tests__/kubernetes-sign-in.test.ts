import { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { AKS_ENTRA_SERVER_ID, CniOverlayDualStackCluster, KubernetesSignInProps, kubernetesProviderSignIn } from '../lib';
import { DualStackWorkloadStack } from '../app';
import { synthJson, testApp } from './util';

const TENANT = '00000000-0000-4000-8000-000000000001';
const CLIENT = '00000000-0000-4000-8000-000000000002';

function provider(props?: KubernetesSignInProps) {
  const stack = new TerraformStack(testApp(), 'workload');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const cluster = new DataAzurermKubernetesCluster(stack, 'Cluster', { name: 'aks', resourceGroupName: 'rg' });
  new KubernetesProvider(stack, 'kubernetes', kubernetesProviderSignIn(cluster, props));
  return synthJson(stack).provider.kubernetes[0];
}

test('kubelogin: host and CA from kube_config, which azurerm fills with local accounts off, and an Entra token for the AKS server', () => {
  const config = provider({ method: 'kubelogin' });
  expect(config.host).toBe('${data.azurerm_kubernetes_cluster.Cluster.kube_config[0].host}');
  expect(config.cluster_ca_certificate).toBe('${base64decode(data.azurerm_kubernetes_cluster.Cluster.kube_config[0].cluster_ca_certificate)}');
  expect(config.exec).toEqual([{
    api_version: 'client.authentication.k8s.io/v1beta1',
    command: 'kubelogin',
    args: ['get-token', '--login', 'azurecli', '--server-id', AKS_ENTRA_SERVER_ID, '--environment', 'AzurePublicCloud'],
  }]);
  expect(AKS_ENTRA_SERVER_ID).toBe('6dae42f8-4368-4678-94ff-3960e28e3630');
  // No certificate beside exec: the provider's docs warn against mixing them.
  expect(config.client_certificate).toBeUndefined();
});

test.each<[KubernetesSignInProps, string[]]>([
  [{ method: 'kubelogin', login: 'spn', tenantId: TENANT, clientId: CLIENT }, ['--login', 'spn', '--tenant-id', TENANT, '--client-id', CLIENT]],
  [{ method: 'kubelogin', login: 'workloadidentity', tenantId: TENANT }, ['--login', 'workloadidentity', '--tenant-id', TENANT]],
  [{ method: 'kubelogin', login: 'msi', clientId: CLIENT, environment: 'AzureUSGovernmentCloud' }, ['--login', 'msi', 'AzureUSGovernmentCloud', '--client-id', CLIENT]],
])('kubelogin login modes: %j', (props, args) => {
  const written: string[] = provider(props).exec[0].args;
  for (const arg of args) expect(written).toContain(arg);
  expect(written.join(' ')).not.toMatch(/secret/i);
});

test('client certificates by default: the admin ones when there are, else the user ones', () => {
  const config = provider();
  expect(config.client_certificate).toMatch(/coalescelist\(data\.azurerm_kubernetes_cluster\.Cluster\.kube_admin_config, data\.azurerm_kubernetes_cluster\.Cluster\.kube_config\)/);
  expect(config.exec).toBeUndefined();
});

test('the workload stack signs in as told', () => {
  const app = testApp();
  new DualStackWorkloadStack(app, 'workload', { clusterName: 'aks', resourceGroupName: 'rg', signIn: { method: 'kubelogin', login: 'azurecli' } });
  const json = synthJson(app.node.findChild('workload') as TerraformStack);
  expect(json.provider.kubernetes[0].exec[0].args).toContain(AKS_ENTRA_SERVER_ID);
});

test.each<[string, unknown, RegExp]>([
  ['a kubelogin setting with certificates', { login: 'spn' }, /kubernetesProviderSignIn: login 'spn' is a kubelogin setting, but method is clientCertificate.*\(rule 65\)/],
  ['a tenant given by name', { method: 'kubelogin', tenantId: 'contoso.onmicrosoft.com' }, /tenantId is not a tenant id \(a GUID\): a 23-character string, not shown/],
  ['a blank command', { method: 'kubelogin', command: ' ' }, /command ' ' is blank/],
  ['an unknown login mode', { method: 'kubelogin', login: 'devicecode' }, /login 'devicecode' is not one of 'azurecli', 'spn', 'workloadidentity', 'msi'/],
  ['a secret as a prop, never echoed', { method: 'kubelogin', clientSecret: 'p@ssw0rd' }, /^kubernetesProviderSignIn: clientSecret is not a prop here; the props are method, login, tenantId, clientId, command, environment\.$/],
])('refused: %s', (_name, props, message) => {
  expect(() => provider(props as KubernetesSignInProps)).toThrow(message);
});

test('refuses what is not a cluster data source', () => {
  expect(() => kubernetesProviderSignIn({} as never)).toThrow(/cluster is not an azurerm_kubernetes_cluster data source/);
});

test('refuses the cluster resource itself: the provider must read a cluster that exists before the run', () => {
  const stack = new TerraformStack(testApp(), 'both');
  const cluster = new CniOverlayDualStackCluster(stack, 'aks', { resourceGroupName: 'rg', location: 'eastus2' });
  expect(() => kubernetesProviderSignIn(cluster.resource as never)).toThrow(/cluster is 'both\/aks\/Resource', not an azurerm_kubernetes_cluster data source/);
});

test('a client secret pasted as the client id is not echoed', () => {
  let message = '';
  try {
    provider({ method: 'kubelogin', login: 'spn', clientId: 'Abc8Q~s3cr3tValueXYZabc' });
  } catch (error) {
    message = String(error);
  }
  expect(message).toMatch(/clientId is not a client id \(a GUID\): a 23-character string, not shown in case it is a secret/);
  expect(message).not.toContain('s3cr3t');
});
