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
  type NodeOsSku,
  type NodePoolOptions,
  type NodePoolOsType,
  type ResolvedNodeCounts,
} from './node-pool-options';
export * from './dual-stack-node-pool';
export * from './dual-stack-cluster-props';
export type { ClusterEgressProps, OutboundType } from './cluster-egress';
export { AKS_ENTRA_SERVER_ID, type ClusterAccessProps, type EntraIdProps, type PrivateClusterProps } from './cluster-access';
export type { AutomaticUpgradeChannel, ClusterUpgradeProps, MaintenanceBlackout, MaintenanceFrequency, MaintenanceWindow, NodeOsUpgradeChannel, WeekDay, WeekIndex } from './cluster-upgrades';
export type { ClusterMonitoringProps, ContainerInsightsProps, ManagedPrometheusProps } from './cluster-monitoring';
export type { ClusterAddOnProps, KeyVaultSecretsProviderProps } from './cluster-add-ons';
export type { ClusterIdentityProps, ExistingIdentity } from './cluster-identity';
export type { RoleGrant } from './private/capability';
export { kubernetesProviderSignIn, type KubeloginLogin, type KubernetesSignInProps } from './kubernetes-sign-in';
export { DEFAULT_POD_CIDRS, DEFAULT_SERVICE_CIDRS, DualStackClusterBase, type ClusterVariant } from './dual-stack-cluster-base';
export * from './kubenet-dual-stack-cluster';
export * from './cni-overlay-dual-stack-cluster';
export * from './dual-stack-load-balancer';
export * from './dual-stack-web-app';
export * from './address-plan';
export * from './checks';
