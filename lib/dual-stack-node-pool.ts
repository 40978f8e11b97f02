import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { Construct } from 'constructs';
import { DualStackSubnet } from './dual-stack-subnet';
import { throwIfAny } from './private/errors';
import { DualStackNodePoolProps, NODE_POOL_PROPS, NodePoolMode, NodePoolOsType, autoscaledCountLifecycle, checkPoolOptions, poolAttributes } from './node-pool-options';
import { isToken } from './private/rules';
import { checkProps, constructId } from './private/shape';
import { targetProviders } from './private/providers';
import { guardReplacement } from './private/replacement';

/**
 * An `azurerm_kubernetes_cluster_node_pool` on a dedicated dual-stack subnet.
 *
 * Create it with the cluster's `addNodePool()`, which checks the options and wires the subnet.
 */
export class DualStackNodePool extends Construct {
  /** The raw `azurerm_kubernetes_cluster_node_pool`. */
  readonly resource: KubernetesClusterNodePool;
  /** The subnet the pool's nodes live in. */
  readonly subnet: DualStackSubnet;
  readonly name: string;
  readonly osType: NodePoolOsType;
  readonly mode: NodePoolMode;
  /** The name azurerm gives the stand-in pool while it replaces this one. */
  readonly temporaryNameForRotation: string;

  constructor(scope: Construct, id: string, props: DualStackNodePoolProps) {
    super(scope, constructId(scope, id));
    targetProviders(this);
    props = checkProps(this.node.path, props, NODE_POOL_PROPS);
    this.subnet = props.subnet;
    this.name = props.name;
    this.osType = props.osType ?? 'Linux';
    this.mode = props.mode ?? 'User';
    // The pool's own rules, for a pool made directly; the cluster's addNodePool() checks them against the cluster.
    throwIfAny(this, checkPoolOptions('', props.name, this.osType, this.mode, props, props.nodeTaints));
    const attributes = poolAttributes(props.name, this.osType, props, props.subnet.subnetId);
    this.temporaryNameForRotation = attributes.temporaryNameForRotation;
    this.resource = new KubernetesClusterNodePool(this, 'Resource', {
      ...attributes,
      kubernetesClusterId: props.clusterId,
      osType: this.osType,
      mode: this.mode,
      nodeTaints: props.nodeTaints && !isToken(props.nodeTaints) ? [...props.nodeTaints] : props.nodeTaints,
      // What azurerm reads back on a Windows pool that never set it; unwritten, the block would replace the pool
      // at the next change, as it forces a new one (azurerm #30757, open at v4.81.0).
      windowsProfile: this.osType === 'Windows' ? { outboundNatEnabled: true } : undefined,
      tags: props.tags,
      dependsOn: props.dependsOn,
      lifecycle: autoscaledCountLifecycle(props, 'node_count'),
    });
    guardReplacement(this.resource);
  }
}
