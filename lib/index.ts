export * from './dual-stack-virtual-network';
export * from './dual-stack-subnet';
export * from './dual-stack-node-pool';
export * from './dual-stack-cluster-props';
export * from './kubenet-dual-stack-cluster';
export * from './cni-overlay-dual-stack-cluster';
export * from './dual-stack-cluster-stack';
