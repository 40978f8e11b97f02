import { AnnotationMetadataEntryType, App } from 'cdktf';
import { formatAddressPlan } from './address-plan';
import { DualStackClusterBase } from './private/dual-stack-cluster-base';
import { DualStackConfigError } from './private/errors';
import { DualStackClusterStack, DualStackVariant } from './dual-stack-cluster-stack';
import { DualStackWorkloadStack } from './dual-stack-workload-stack';

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

/** The example's stacks: per variant, the infrastructure and the workload on it. */
export interface ExampleStacks {
  readonly kubenet: DualStackClusterStack;
  readonly kubenetWorkload: DualStackWorkloadStack;
  readonly overlay: DualStackClusterStack;
  readonly overlayWorkload: DualStackWorkloadStack;
}

/**
 * Adds the example's four stacks to the app: `kubenet-dualstack` and `overlay-dualstack` (infrastructure),
 * and `kubenet-dualstack-workload` and `overlay-dualstack-workload` (nginx on each, deployed after it).
 */
export function addExampleStacks(app: App, settings: ExampleAppSettings): ExampleStacks {
  const pair = (variant: DualStackVariant) => {
    const infrastructure = new DualStackClusterStack(app, `${variant}-dualstack`, { variant, ...settings });
    const workload = new DualStackWorkloadStack(app, `${variant}-dualstack-workload`, {
      clusterName: infrastructure.clusterName,
      resourceGroupName: infrastructure.resourceGroupName,
      clusterStack: infrastructure,
    });
    return [infrastructure, workload] as const;
  };
  const [kubenet, kubenetWorkload] = pair('kubenet');
  const [overlay, overlayWorkload] = pair('overlay');
  return { kubenet, kubenetWorkload, overlay, overlayWorkload };
}

/** Prints the address plan of every cluster in the app. */
export function printAddressPlans(app: App, log: (text: string) => void = console.log): void {
  for (const construct of app.node.findAll()) {
    if (construct instanceof DualStackClusterBase) log(`${formatAddressPlan(construct.addressPlan())}\n`);
  }
}

/** Prints every warning annotation in the app, as the cdktf CLI does. */
export function printWarnings(app: App, log: (line: string) => void = console.warn): void {
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === AnnotationMetadataEntryType.WARN) log(`[WARNING] ${construct.node.path}: ${entry.data}`);
    }
  }
}

/**
 * Runs a synth and returns the process exit code. A configuration error prints its message alone (it already
 * says where, what and how to fix; a stack trace would bury that) and gives 1; any other error is a bug and
 * is thrown on.
 */
export function runSynth(synth: () => void, log: (message: string) => void = console.error): number {
  try {
    synth();
    return 0;
  } catch (error) {
    if (error instanceof DualStackConfigError || (error instanceof Error && error.message.startsWith('Validation failed'))) {
      log(error.message);
      return 1;
    }
    throw error;
  }
}
