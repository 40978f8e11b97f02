import { AnnotationMetadataEntryType, App } from 'cdktf';
import { DualStackClusterStack } from './dual-stack-cluster-stack';

/** The example app's knobs; each comes from the environment, else `cdktf.json` context, else a default. */
export interface ExampleAppSettings {
  /** `AKS_DUALSTACK_LOCATION` or context `location`. */
  readonly location?: string;
  /** `AKS_DUALSTACK_NAME_PREFIX` or context `namePrefix`. */
  readonly namePrefix?: string;
  /** `AKS_DUALSTACK_KUBERNETES_VERSION` or context `kubernetesVersion`. */
  readonly kubernetesVersion?: string;
}

/** Reads the settings; an empty environment variable counts as unset. */
export function readSettings(app: App, env: NodeJS.ProcessEnv = process.env): ExampleAppSettings {
  const read = (variable: string, key: string): string | undefined => env[variable] || app.node.tryGetContext(key);
  return {
    location: read('AKS_DUALSTACK_LOCATION', 'location'),
    namePrefix: read('AKS_DUALSTACK_NAME_PREFIX', 'namePrefix'),
    kubernetesVersion: read('AKS_DUALSTACK_KUBERNETES_VERSION', 'kubernetesVersion'),
  };
}

/** Adds the example's stacks to the app: `kubenet-dualstack` and `overlay-dualstack`. */
export function addExampleStacks(app: App, settings: ExampleAppSettings): DualStackClusterStack[] {
  return (['kubenet', 'overlay'] as const).map((variant) => new DualStackClusterStack(app, `${variant}-dualstack`, { variant, ...settings }));
}

/** Prints every warning annotation in the app, as the cdktf CLI does. */
export function printWarnings(app: App, log: (line: string) => void = console.warn): void {
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === AnnotationMetadataEntryType.WARN) log(`[WARNING] ${construct.node.path}: ${entry.data}`);
    }
  }
}
