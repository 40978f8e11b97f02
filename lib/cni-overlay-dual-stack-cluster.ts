import { KubernetesClusterWindowsProfile } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { Construct } from 'constructs';
import { DualStackClusterProps } from './dual-stack-cluster-props';
import { NodePoolOsType } from './node-pool-options';
import { ClusterVariant, DualStackClusterBase, VARIANTS } from './dual-stack-cluster-base';
import { Violation, collect } from './private/errors';
import { checkKubernetesVersion, checkSecret, isToken } from './private/rules';
import { bool, object, required, schema, str } from './private/shape';

/** The Windows administrator of a cluster's Windows nodes. */
export interface WindowsProfile {
  readonly adminUsername: string;
  /** A token (a sensitive `TerraformVariable`, say), never a literal: it would land in cdk.tf.json. */
  readonly adminPassword: string;
}

/** Props of a {@link CniOverlayDualStackCluster}. */
export interface CniOverlayDualStackClusterProps extends DualStackClusterProps {
  /**
   * The Windows administrator, needed when the cluster is created for any Windows pool it will ever have.
   *
   * @default - none: Windows pools are refused
   */
  readonly windowsProfile?: WindowsProfile;
  /**
   * For the one apply that moves a `KubenetDualStackCluster` of the same id and props to CNI Overlay in place
   * (azurerm 4.66 and later): the kubenet route table, its subnet associations and its grant stay, so the cluster
   * is updated while its nodes still have their routes, and AKS can delete its routes from the table. Without
   * it, Terraform would delete them first (it destroys what an updated resource no longer depends on before
   * the update). Remove it after that apply, and the next one deletes them.
   *
   * @default false
   * @see https://learn.microsoft.com/azure/aks/update-azure-cni
   */
  readonly migratingFromKubenet?: boolean;
}

/** Names Windows keeps for itself, which Azure refuses as a VM administrator (Azure VM FAQ, Windows username requirements). */
const RESERVED_WINDOWS_USERS = new Set([
  'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a', 'actuser', 'adm', 'admin2',
  'aspnet', 'backup', 'console', 'david', 'guest', 'john', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys',
  'test2', 'test3', 'user4', 'user5',
]);

/** A Windows administrator name Azure takes: at most 20 characters, not ending in '.', not a reserved name. */
function checkWindowsAdminUsername(name: string): Violation | undefined {
  if (isToken(name)) return undefined;
  const fix = "use a name like 'azureuser'";
  const prop = 'windowsProfile.adminUsername';
  if (name.trim() === '' || name.length > 20 || name.endsWith('.') || /[\\/"[\]:|<>+=;,?*@&\s]/.test(name)) {
    return { prop, value: name, rule: 'is not a Windows user name Azure takes: 1 to 20 characters, no spaces or \\/"[]:|<>+=;,?*@&, not ending in .', fix };
  }
  if (RESERVED_WINDOWS_USERS.has(name.toLowerCase())) return { prop, value: name, rule: 'is a name Windows keeps for itself, which Azure refuses', fix };
  return undefined;
}

const numbered = (v: Violation | undefined, number: number) => v && { ...v, number };

/** The first version AKS updates from kubenet to CNI Overlay ("Is on Kubernetes version 1.27 or later"). */
const KUBENET_MIGRATION_MIN_VERSION = '1.27';

const CNI_OVERLAY: ClusterVariant = {
  ...VARIANTS.overlay,
  props: {
    windowsProfile: object(schema<WindowsProfile>('WindowsProfile', { adminUsername: required(str), adminPassword: required(str) })),
    migratingFromKubenet: bool,
  },
};

/**
 * A dual-stack AKS cluster with Azure CNI Overlay networking, as in the CNI Overlay document.
 *
 * Pods get addresses from the pod CIDRs, outside the network; nodes from their dedicated subnets. The cluster's
 * user-assigned identity holds Network Contributor on the network (and on the route table with user-defined
 * routing), granted before the cluster is created. Windows pools are supported when `windowsProfile` is set.
 */
export class CniOverlayDualStackCluster extends DualStackClusterBase {
  /** The Windows administrator's name, when the cluster has a Windows profile. */
  readonly windowsAdminUsername?: string;

  constructor(scope: Construct, id: string, props: CniOverlayDualStackClusterProps) {
    super(scope, id, props, CNI_OVERLAY);
    this.windowsAdminUsername = props.windowsProfile?.adminUsername;
  }

  protected checkVariant(props: CniOverlayDualStackClusterProps): Violation[] {
    const migrating = props.migratingFromKubenet === true && props.kubernetesVersion !== undefined;
    return collect(
      // It decides which resources exist, which Terraform must know at plan: a token cannot say.
      isToken(props.migratingFromKubenet) ? { prop: 'migratingFromKubenet', value: props.migratingFromKubenet, rule: 'is a token, but it decides which resources are written', fix: 'write true or false' } : undefined,
      // "Is on Kubernetes version 1.27 or later" (Microsoft's kubenet to CNI Overlay update).
      migrating ? numbered(checkKubernetesVersion(props.kubernetesVersion!, KUBENET_MIGRATION_MIN_VERSION, 'the kubenet to CNI Overlay update'), 13) : undefined,
      props.windowsProfile && checkWindowsAdminUsername(props.windowsProfile.adminUsername),
      props.windowsProfile && checkSecret('windowsProfile.adminPassword', props.windowsProfile.adminPassword),
    );
  }

  protected checkOsType(osType: NodePoolOsType): Violation | undefined {
    // Only addNodePool() asks about Windows, after this class's fields exist.
    if (osType !== 'Windows') return undefined;
    if (this.networkDataPlane === 'cilium') {
      return { prop: 'osType', value: osType, number: 25, rule: 'is not supported on the cilium data plane', fix: 'use Linux pools, or the azure data plane' };
    }
    if (this.windowsAdminUsername !== undefined) return undefined;
    return {
      prop: 'osType',
      value: osType,
      number: 28,
      rule: "needs the cluster's windowsProfile, which AKS only takes when the cluster is created",
      fix: 'set windowsProfile: { adminUsername, adminPassword } on the cluster',
    };
  }

  protected keepsKubenetRouteTable(props: CniOverlayDualStackClusterProps): boolean {
    return props.migratingFromKubenet === true;
  }

  protected windowsProfile(props: CniOverlayDualStackClusterProps): KubernetesClusterWindowsProfile | undefined {
    return props.windowsProfile;
  }
}
