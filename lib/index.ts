// The library: constructs, their rules, capacity and address maths, and errors. The example app is in app/.
export * from './dual-stack-virtual-network';
export * from './dual-stack-subnet';
export * from './dual-stack-nat-gateway';
export {
  DEFAULT_NODE_COUNT,
  DEFAULT_VM_SIZE,
  resolveNodeCounts,
  type AddNodePoolOptions,
  type DefaultNodePoolOptions,
  type DualStackNodePoolProps,
  type NodePoolMode,
  type NodePoolOptions,
  type NodePoolOsType,
  type ResolvedNodeCounts,
} from './node-pool-options';
export * from './dual-stack-node-pool';
export * from './dual-stack-cluster-props';
export { DEFAULT_POD_CIDRS, DEFAULT_SERVICE_CIDRS, DualStackClusterBase, type ClusterVariant } from './dual-stack-cluster-base';
export * from './kubenet-dual-stack-cluster';
export * from './cni-overlay-dual-stack-cluster';
export * from './dual-stack-load-balancer';
export * from './dual-stack-web-app';
export * from './address-plan';
export * from './checks';
