import type { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
import type { KubernetesProviderConfig } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { AKS_ENTRA_SERVER_ID } from './cluster-access';
import { DualStackConfigError, Violation, collect, describe } from './private/errors';
import { checkGuid, isToken } from './private/rules';
import { checkProps, oneOf, schema, str } from './private/shape';

// How Terraform's kubernetes provider signs in to a cluster it reads with the azurerm_kubernetes_cluster data
// source: the local accounts' client certificates, or, on a cluster with Entra ID and local accounts off,
// kubelogin's Entra token (rule 65).

/** How kubelogin gets its Entra token. */
export type KubeloginLogin = 'azurecli' | 'spn' | 'workloadidentity' | 'msi';

/** How the kubernetes provider signs in. */
export interface KubernetesSignInProps {
  /**
   * `clientCertificate`: the local accounts' certificates (the admin one with Entra ID, else the user one),
   * which a cluster with `localAccountsDisabled` does not have. `kubelogin`: an `exec` block that runs
   * `kubelogin get-token` for the AKS Entra server, so that the provider signs in as the Entra identity of
   * `login`, which needs a Kubernetes or Azure RBAC role on the cluster.
   *
   * @default 'clientCertificate'
   */
  readonly method?: 'clientCertificate' | 'kubelogin';
  /**
   * With `kubelogin`: whose token. `azurecli` (the `az login` of the machine that runs Terraform); `spn` (a
   * service principal: its secret in `AAD_SERVICE_PRINCIPAL_CLIENT_SECRET` or `AZURE_CLIENT_SECRET`, never in
   * the configuration); `workloadidentity` (a federated token in `AZURE_FEDERATED_TOKEN_FILE`, as CI systems
   * and pods provide); `msi` (the managed identity of the VM or agent). kubelogin's `AAD_LOGIN_METHOD`
   * environment variable, when set where Terraform runs, overrides it.
   *
   * @default 'azurecli'
   * @see https://azure.github.io/kubelogin/concepts/login-modes.html
   */
  readonly login?: KubeloginLogin;
  /**
   * With `spn` and `workloadidentity`: the Entra tenant (kubelogin needs it).
   *
   * @default - `AZURE_TENANT_ID` of the environment that runs Terraform
   */
  readonly tenantId?: string;
  /**
   * With `spn` and `workloadidentity`: the application's client id; with `msi`, a user-assigned identity's.
   *
   * @default - `AZURE_CLIENT_ID` of the environment (the system-assigned identity, with `msi`)
   */
  readonly clientId?: string;
  /**
   * The kubelogin program: on PATH, or a path (a binary committed beside the configuration, for runners
   * without it).
   *
   * @default 'kubelogin'
   */
  readonly command?: string;
  /**
   * The Azure cloud, as kubelogin names it: `AzurePublicCloud`, `AzureUSGovernmentCloud`, `AzureChinaCloud`.
   *
   * @default 'AzurePublicCloud'
   */
  readonly environment?: string;
}

export const KUBERNETES_SIGN_IN_PROPS = schema<KubernetesSignInProps>('KubernetesSignInProps', {
  method: oneOf('clientCertificate', 'kubelogin'),
  login: oneOf('azurecli', 'spn', 'workloadidentity', 'msi'),
  tenantId: str,
  clientId: str,
  command: str,
  environment: oneOf('AzurePublicCloud', 'AzureUSGovernmentCloud', 'AzureChinaCloud'),
});

/** The exec API version kubelogin answers (its documentation's examples). */
const EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';

/**
 * The kubernetes provider's connection for a cluster read with the `azurerm_kubernetes_cluster` data source:
 * `new KubernetesProvider(stack, 'kubernetes', kubernetesProviderSignIn(cluster, { method: 'kubelogin' }))`.
 * The host and CA certificate come from `kube_config`, which azurerm fills on every cluster; the credentials
 * from the certificates, or from kubelogin. Configure the provider from a data source in a stack of its own,
 * never from a cluster created in the same run.
 */
export function kubernetesProviderSignIn(cluster: DataAzurermKubernetesCluster, props: KubernetesSignInProps = {}): KubernetesProviderConfig {
  const where = 'kubernetesProviderSignIn';
  props = checkProps(where, props, KUBERNETES_SIGN_IN_PROPS);
  // The data source, never the cluster resource: a provider configured from a cluster made in the same run
  // cannot plan (terraform-provider-kubernetes#2017). Loaded here, for programs that never call this.
  const dataSource = (require('@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster') as typeof import('@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster')).DataAzurermKubernetesCluster;
  if (!(cluster instanceof dataSource)) {
    const given = cluster as unknown;
    const rule = `is ${given instanceof Construct ? `'${given.node.path}', ` : ''}not an azurerm_kubernetes_cluster data source: the provider must read a cluster that exists before the run, never one made in it`;
    throw new DualStackConfigError([describe(where, { prop: 'cluster', value: undefined, rule, fix: "pass new DataAzurermKubernetesCluster(stack, 'Cluster', { name, resourceGroupName }) in a stack of its own" })]);
  }
  const method = props.method ?? 'clientCertificate';
  const violations = collect(
    method === 'clientCertificate'
      ? (['login', 'tenantId', 'clientId', 'command', 'environment'] as const).filter((k) => props[k] !== undefined).map((k): Violation => ({ prop: k, value: props[k], number: 65, rule: 'is a kubelogin setting, but method is clientCertificate', fix: "set method: 'kubelogin', or remove it" }))
      : [],
    props.tenantId !== undefined ? checkGuid('tenantId', props.tenantId, 'a tenant id', 65) : undefined,
    props.clientId !== undefined ? checkGuid('clientId', props.clientId, 'a client id', 65) : undefined,
    props.command !== undefined && !isToken(props.command) && props.command.trim() === '' ? { prop: 'command', value: props.command, number: 65, rule: 'is blank', fix: "leave it unset for 'kubelogin', or give a path" } : undefined,
  );
  if (violations.length > 0) throw new DualStackConfigError(violations.map((v) => describe(where, v)));

  const user = cluster.kubeConfig.get(0);
  if (method === 'kubelogin') {
    const login = props.login ?? 'azurecli';
    return {
      host: user.host,
      clusterCaCertificate: Fn.base64decode(user.clusterCaCertificate),
      exec: [{
        apiVersion: EXEC_API_VERSION,
        command: props.command ?? 'kubelogin',
        args: [
          'get-token', '--login', login, '--server-id', AKS_ENTRA_SERVER_ID, '--environment', props.environment ?? 'AzurePublicCloud',
          ...(props.tenantId !== undefined ? ['--tenant-id', props.tenantId] : []),
          ...(props.clientId !== undefined ? ['--client-id', props.clientId] : []),
        ],
      }],
    };
  }
  // kube_admin_config is only filled on clusters with Entra ID and local accounts; without Entra ID, kube_config
  // holds the same client certificate. Take the admin one when there is one.
  const credentials = Fn.coalescelist([cluster.kubeAdminConfig, cluster.kubeConfig]);
  const credential = (key: string) => Fn.lookupNested(credentials, ['0', key]);
  return {
    host: credential('host'),
    clientCertificate: Fn.base64decode(credential('client_certificate')),
    clientKey: Fn.base64decode(credential('client_key')),
    clusterCaCertificate: Fn.base64decode(credential('cluster_ca_certificate')),
  };
}
