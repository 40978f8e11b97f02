import { AnnotationMetadataEntryType, App, TerraformStack } from 'cdktf';
import { AppSettings } from './app-settings';
import { formatAddressPlan } from './address-plan';
import { DualStackClusterBase } from './private/dual-stack-cluster-base';
import { DualStackConfigError } from './private/errors';
import { DualStackClusterStack } from './dual-stack-cluster-stack';
import { DualStackWorkloadStack } from './dual-stack-workload-stack';

/** The example's stacks: per variant, the infrastructure and the workload on it (absent when not selected). */
export interface ExampleStacks {
  readonly kubenet?: DualStackClusterStack;
  readonly kubenetWorkload?: DualStackWorkloadStack;
  readonly overlay?: DualStackClusterStack;
  readonly overlayWorkload?: DualStackWorkloadStack;
}

/**
 * Adds the example's stacks to the app, per selected variant (both by default): `<variant>-dualstack`
 * (infrastructure) and `<variant>-dualstack-workload` (nginx on it, deployed after it).
 */
export function addExampleStacks(app: App, settings: AppSettings): ExampleStacks {
  const { variants = ['kubenet', 'overlay'], terraformCloud, ...stackSettings } = settings;
  const stacks: Record<string, TerraformStack> = {};
  for (const variant of variants) {
    const infrastructure = new DualStackClusterStack(app, `${variant}-dualstack`, { variant, terraformCloud, ...stackSettings });
    stacks[variant] = infrastructure;
    stacks[`${variant}Workload`] = new DualStackWorkloadStack(app, `${variant}-dualstack-workload`, {
      clusterName: infrastructure.clusterName,
      resourceGroupName: infrastructure.resourceGroupName,
      clusterStack: infrastructure,
      terraformCloud,
    });
  }
  return stacks as ExampleStacks;
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
 * says where, what and how to fix; a stack trace would bury that), then the settings in effect, and gives 1;
 * any other error is a bug and is thrown on.
 */
export function runSynth(synth: () => void, log: (message: string) => void = console.error, settingsInEffect: () => string[] = () => []): number {
  try {
    synth();
    return 0;
  } catch (error) {
    if (error instanceof DualStackConfigError || (error instanceof Error && error.message.startsWith('Validation failed'))) {
      log(error.message);
      const settings = settingsInEffect();
      if (settings.length > 0) log(`Settings in effect:\n${settings.map((line) => `  ${line}`).join('\n')}`);
      return 1;
    }
    throw error;
  }
}
