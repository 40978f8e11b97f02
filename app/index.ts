// The example app, one user of the library: its stacks, settings, Terraform Cloud wiring and the synth run
// that main.ts drives. Published as `aks-dualstack/app`.
export * from './app-settings';
export * from './atomic-output';
export * from './backend';
export * from './dual-stack-cluster-stack';
export * from './dual-stack-workload-stack';
export * from './example-app';
