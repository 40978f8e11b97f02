import { KubernetesClusterWindowsProfile } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { Construct } from 'constructs';
import { DualStackClusterProps } from './dual-stack-cluster-props';
import { NodePoolOsType } from './dual-stack-node-pool';
import { ClusterVariant, DualStackClusterBase } from './private/dual-stack-cluster-base';
import { Violation, collect } from './private/errors';
import { checkSecret } from './private/rules';
import { object, required, schema, str } from './private/shape';

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
}

const CNI_OVERLAY: ClusterVariant = {
  kind: 'overlay',
  label: 'CNI Overlay',
  networkPlugin: 'azure',
  networkPluginMode: 'overlay',
  // The CNI Overlay document: "For dual-stack networking, you need Kubernetes version 1.26.3 or later" (rule 22).
  minKubernetesVersion: '1.26.3',
  props: { windowsProfile: object(schema<WindowsProfile>('WindowsProfile', { adminUsername: required(str), adminPassword: required(str) })) },
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
    return collect(props.windowsProfile && checkSecret('windowsProfile.adminPassword', props.windowsProfile.adminPassword));
  }

  protected checkOsType(osType: NodePoolOsType): Violation | undefined {
    // Only addNodePool() asks about Windows, after this class's fields exist.
    if (osType !== 'Windows') return undefined;
    if (this.networkDataPlane === 'cilium') {
      return { prop: 'osType', value: osType, rule: 'is not supported on the cilium data plane', fix: 'use Linux pools, or the azure data plane' };
    }
    if (this.windowsAdminUsername !== undefined) return undefined;
    return {
      prop: 'osType',
      value: osType,
      rule: "needs the cluster's windowsProfile, which AKS only takes when the cluster is created",
      fix: 'set windowsProfile: { adminUsername, adminPassword } on the cluster',
    };
  }

  protected windowsProfile(props: CniOverlayDualStackClusterProps): KubernetesClusterWindowsProfile | undefined {
    return props.windowsProfile;
  }
}
