import * as fs from 'fs';
import * as path from 'path';
import { AnnotationMetadataEntryType, App, TerraformStack } from 'cdktf';
import { DualStackClusterBase, DualStackConfigError, describeRule, formatAddressPlan } from '../lib';
import { AppSettings, Environment } from './app-settings';
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

/** Where JSON text first goes wrong: the end of its longest prefix that still begins valid JSON. */
function firstMistake(text: string): number {
  const goesWrong = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      // A prefix cut short fails at its end ('Unexpected end', or a position at the end): not a mistake yet.
      const at = /at position (\d+)/.exec((error as Error).message);
      return at ? Number(at[1]) < length : !/^Unexpected end/.test((error as Error).message);
    }
  };
  if (!goesWrong(text.length)) return text.length;
  let [good, bad] = [0, text.length];
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (goesWrong(middle)) bad = middle;
    else good = middle;
  }
  return bad - 1;
}

/**
 * Parses JSON, or throws the library's error: one line naming where the text came from and the line and column
 * of the first mistake.
 *
 * Node 20's own message gives a position for some mistakes only, and for the others quotes the text, newlines
 * and all; the position then comes from parsing prefixes of the text (a binary search).
 */
export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /^(.*?)(?: in JSON)? at position (\d+)/.exec(message);
    const offset = at ? Number(at[2]) : firstMistake(text);
    const lines = text.slice(0, offset).split('\n');
    const what = at ? at[1] : offset < text.length ? `Unexpected ${JSON.stringify(text[offset])}` : 'Unexpected end of JSON input';
    throw new DualStackConfigError([`${where} is not valid JSON at line ${lines.length}, column ${lines[lines.length - 1].length + 1} (${what}); correct it there.`]);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The app's context: the `context` object of `cdktf.json` (none without the file), once `cdktf.json` and
 * `CDKTF_CONTEXT_JSON` are known to be JSON objects.
 *
 * cdktf's App reads `CDKTF_CONTEXT_JSON` (the cdktf CLI's copy of the context) on top of this; it is checked
 * here so that a malformed one gets one line, not a stack trace from inside cdktf.
 */
export function readContext(cdktfJson: string | undefined, env: Environment = process.env): Record<string, unknown> {
  // The path as the user would type it, from the working folder, unless it lies outside it.
  const relative = cdktfJson === undefined ? 'cdktf.json' : path.relative(process.cwd(), cdktfJson);
  const where = relative.startsWith('..') ? cdktfJson! : relative;
  const config = cdktfJson === undefined ? {} : parseJson(fs.readFileSync(cdktfJson, 'utf8'), where);
  const context = isObject(config) ? config.context ?? {} : undefined;
  if (!isObject(context)) {
    const fix = 'give an object like { "context": { "aksDualstack": { "location": "eastus2" } } }';
    throw new DualStackConfigError([describeRule({ prop: isObject(config) ? `${where} context` : where, value: undefined, rule: 'is not a JSON object', fix })]);
  }
  const fromEnv = env.CDKTF_CONTEXT_JSON;
  // As cdktf's App: an empty variable is no context.
  if (fromEnv && !isObject(parseJson(fromEnv, 'CDKTF_CONTEXT_JSON'))) {
    throw new DualStackConfigError([describeRule({ prop: 'CDKTF_CONTEXT_JSON', value: undefined, rule: 'is not a JSON object', fix: 'give an object like { "aksDualstack": { "location": "eastus2" } }, or unset it' })]);
  }
  return context;
}

/** How cdktf's errors for failed validations and error annotations begin: problems to fix, not bugs. */
const CDKTF_CHECK_FAILED = /^(Validation failed|App-level validation failed|Encountered Annotations with level "ERROR")/;

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
    if (error instanceof DualStackConfigError || (error instanceof Error && CDKTF_CHECK_FAILED.test(error.message))) {
      log(error.message);
      const settings = settingsInEffect();
      if (settings.length > 0) log(`Settings in effect:\n${settings.map((line) => `  ${line}`).join('\n')}`);
      return 1;
    }
    throw error;
  }
}
