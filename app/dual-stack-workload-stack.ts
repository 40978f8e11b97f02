import type { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DualStackWebApp, DualStackWebAppProps, KubernetesSignInProps, Shapes, checkProps, constructId, isToken, kubernetesProviderSignIn, throwIfAny } from '../lib';
import { TERRAFORM_CLOUD_SETTINGS, TerraformCloudSettings, useTerraformCloud } from './backend';

/** Loaded on first use: programs without a workload stack need not load these. */
const clusterData = () =>
  (require('@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster') as typeof import('@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster')).DataAzurermKubernetesCluster;
const kubernetesProvider = () => (require('@cdktf/provider-kubernetes/lib/provider') as typeof import('@cdktf/provider-kubernetes/lib/provider')).KubernetesProvider;

const WORKLOAD_STACK_PROPS = Shapes.schema<DualStackWorkloadStackProps>('DualStackWorkloadStackProps', {
  clusterName: Shapes.required(Shapes.string),
  resourceGroupName: Shapes.required(Shapes.string),
  clusterStack: Shapes.instance(TerraformStack, 'TerraformStack'),
  terraformCloud: TERRAFORM_CLOUD_SETTINGS,
  // kubernetesProviderSignIn checks its own props.
  signIn: { kind: 'object', props: {}, open: true },
  // DualStackWebApp checks its own props.
  webApp: { kind: 'object', props: {}, open: true },
});

/** Props of a {@link DualStackWorkloadStack}. */
export interface DualStackWorkloadStackProps {
  /** The name of the existing cluster, as a literal: a token would tie this stack to another's state. */
  readonly clusterName: string;
  /** The cluster's resource group, as a literal. */
  readonly resourceGroupName: string;
  /**
   * The stack that creates the cluster: `cdktf deploy '*'` then deploys it first.
   *
   * @default - none: the cluster must already exist
   */
  readonly clusterStack?: TerraformStack;
  /**
   * Terraform Cloud: the stack's state lives in a workspace of its own.
   *
   * @default - local state
   */
  readonly terraformCloud?: TerraformCloudSettings;
  /**
   * How the kubernetes provider signs in: the local accounts' certificates, or kubelogin with an Entra identity
   * (needed when the cluster has `localAccountsDisabled`).
   *
   * @default - client certificates
   */
  readonly signIn?: KubernetesSignInProps;
  /**
   * The web app to run.
   *
   * @default - the documents' nginx: 3 replicas behind an IPv4 and an IPv6 load balancer
   */
  readonly webApp?: DualStackWebAppProps;
}

/**
 * A stack that runs the documents' nginx example on an existing dual-stack cluster.
 *
 * It reads the cluster through the `azurerm_kubernetes_cluster` data source, by name and resource group, and
 * configures the kubernetes provider from it: the provider must never be configured from a cluster created
 * in the same Terraform run (terraform-provider-kubernetes#2017, #2095). So it works as its own Terraform Cloud
 * workspace too, with no remote-state coupling.
 *
 * Outputs: `nginx_ipv4`, `nginx_ipv6`, and `nginx_ipv6_curl`, a command that fetches the page over IPv6.
 */
export class DualStackWorkloadStack extends TerraformStack {
  readonly cluster: DataAzurermKubernetesCluster;
  readonly webApp: DualStackWebApp;

  constructor(scope: Construct, id: string, props: DualStackWorkloadStackProps) {
    super(scope, constructId(scope, id, false));
    props = checkProps(this.node.path, props, WORKLOAD_STACK_PROPS);
    throwIfAny(
      this,
      (['clusterName', 'resourceGroupName'] as const)
        .filter((prop) => isToken(props[prop]))
        .map((prop) => ({
          prop,
          value: props[prop],
          rule: "is a token: a reference into another stack would couple this stack to that stack's state",
          fix: 'pass the literal name',
        })),
    );
    if (props.clusterStack) this.addDependency(props.clusterStack);
    useTerraformCloud(this, props.terraformCloud);

    new AzurermProvider(this, 'azurerm', { features: [{}] });
    this.cluster = new (clusterData())(this, 'Cluster', { name: props.clusterName, resourceGroupName: props.resourceGroupName });
    new (kubernetesProvider())(this, 'kubernetes', kubernetesProviderSignIn(this.cluster, props.signIn));

    this.webApp = new DualStackWebApp(this, 'WebApp', props.webApp);
    const { ipv4Address, ipv6Address } = this.webApp.loadBalancer;
    if (ipv4Address) new TerraformOutput(this, 'nginx_ipv4', { value: ipv4Address });
    if (ipv6Address) {
      new TerraformOutput(this, 'nginx_ipv6', { value: ipv6Address });
      new TerraformOutput(this, 'nginx_ipv6_curl', { value: `curl -s "http://[${ipv6Address}]" | head -n5` });
    }
  }
}
