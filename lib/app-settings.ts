import { App } from 'cdktf';
import {
  DEFAULT_APPS_NODE_COUNT,
  DEFAULT_LOCATION,
  DEFAULT_NAME_PREFIX,
  DEFAULT_WINDOWS_NODE_COUNT,
  type DualStackClusterStackProps,
  type DualStackVariant,
} from './dual-stack-cluster-stack';
import { DEFAULT_NODE_COUNT, DEFAULT_VM_SIZE } from './dual-stack-node-pool';
import { DEFAULT_ADDRESS_SPACE } from './dual-stack-virtual-network';
import { DEFAULT_POD_CIDRS, DEFAULT_SERVICE_CIDRS } from './private/dual-stack-cluster-base';
import { DualStackConfigError, Violation, describeRule } from './private/errors';

/** Terraform Cloud (or Enterprise) settings: with them, every stack gets a `cloud` backend of its own. */
export interface TerraformCloudSettings {
  readonly organization: string;
  /**
   * Each stack's workspace is `<prefix><stack name>`. Give this or `workspaceTags`.
   *
   * @default - none: `workspaceTags`
   */
  readonly workspacePrefix?: string;
  /**
   * Each stack selects the workspaces tagged with these tags and its own stack name; `TF_WORKSPACE` picks one.
   *
   * @default - none: `workspacePrefix`
   */
  readonly workspaceTags?: string[];
  /**
   * The Terraform Cloud project of the workspaces.
   *
   * @default - the organization's default project
   */
  readonly project?: string;
  /**
   * The Terraform Enterprise hostname.
   *
   * @default 'app.terraform.io'
   */
  readonly hostname?: string;
}

/** The environment, as `process.env` gives it. */
export type Environment = Record<string, string | undefined>;

/**
 * The example app's settings, each read from the environment, else `cdktf.json` context, else defaulted: the
 * props of its stacks, with the variants to synthesize and Terraform Cloud.
 */
export interface AppSettings extends Omit<DualStackClusterStackProps, 'variant' | 'terraformCloud'> {
  /**
   * Which variants to synthesize, each with its workload stack.
   *
   * @default ['kubenet', 'overlay']
   */
  readonly variants?: DualStackVariant[];
  /**
   * Terraform Cloud: every stack's state in a workspace of its own.
   *
   * @default - local state
   */
  readonly terraformCloud?: TerraformCloudSettings;
}

type Kind = 'string' | 'count' | 'list' | 'variants';

/** Terraform Cloud's longest workspace name, and the longest stack name the app makes. */
const MAX_WORKSPACE_NAME = 90;
const LONGEST_STACK_NAME = 'kubenet-dualstack-workload';

/** Unset, empty, blank or an empty list: an empty setting counts as unset. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** One setting: its key in the `aksDualstack` context object, its environment variable, its kind and doc. */
export interface SettingSpec {
  readonly key: string;
  readonly env: string;
  readonly kind: Kind;
  /** The default, as the README shows it. */
  readonly default: string;
  /** A value that works, for fixes. */
  readonly example: string;
  readonly doc: string;
}

/** The context object in `cdktf.json` that holds the settings. */
export const CONTEXT_KEY = 'aksDualstack';
const ENV_PREFIX = 'AKS_DUALSTACK_';

/** Every setting, in README order. The README's table is this list. */
export const SETTINGS: readonly SettingSpec[] = [
  { key: 'location', env: 'LOCATION', kind: 'string', default: DEFAULT_LOCATION, example: 'westeurope', doc: 'Azure region of every stack' },
  { key: 'namePrefix', env: 'NAME_PREFIX', kind: 'string', default: DEFAULT_NAME_PREFIX, example: 'team-a', doc: 'prefix of every resource name: lowercase letters, digits, hyphens, at most 20 characters' },
  { key: 'kubernetesVersion', env: 'KUBERNETES_VERSION', kind: 'string', default: 'AKS default', example: '1.33', doc: 'e.g. `1.33`; at least 1.21.2 (kubenet) or 1.26.3 (overlay)' },
  { key: 'variants', env: 'VARIANTS', kind: 'variants', default: 'kubenet,overlay', example: 'overlay', doc: 'which variants to synthesize, each with its workload stack' },
  { key: 'nodeCount', env: 'NODE_COUNT', kind: 'count', default: String(DEFAULT_NODE_COUNT), example: '3', doc: 'nodes of the default pool `nodepool1`' },
  { key: 'appsNodeCount', env: 'APPS_NODE_COUNT', kind: 'count', default: String(DEFAULT_APPS_NODE_COUNT), example: '2', doc: 'nodes of the Linux pool `apps`' },
  { key: 'windowsNodeCount', env: 'WINDOWS_NODE_COUNT', kind: 'count', default: String(DEFAULT_WINDOWS_NODE_COUNT), example: '2', doc: 'nodes of the Windows pool `npwin` (overlay)' },
  { key: 'vmSize', env: 'VM_SIZE', kind: 'string', default: DEFAULT_VM_SIZE, example: 'Standard_D4s_v5', doc: 'VM size of the Linux pools' },
  { key: 'windowsVmSize', env: 'WINDOWS_VM_SIZE', kind: 'string', default: DEFAULT_VM_SIZE, example: 'Standard_D4s_v5', doc: 'VM size of the Windows pool' },
  { key: 'addressSpace', env: 'ADDRESS_SPACE', kind: 'list', default: DEFAULT_ADDRESS_SPACE.join(','), example: '10.1.0.0/16,fd00:1::/48', doc: "the network's ranges, IPv4 and IPv6" },
  { key: 'podCidrs', env: 'POD_CIDRS', kind: 'list', default: DEFAULT_POD_CIDRS.join(','), example: '10.250.0.0/16,fd12:1::/64', doc: 'pod ranges, IPv4 then IPv6' },
  { key: 'serviceCidrs', env: 'SERVICE_CIDRS', kind: 'list', default: DEFAULT_SERVICE_CIDRS.join(','), example: '10.1.0.0/16,fd12:1:1::/108', doc: 'service ranges, IPv4 then IPv6 (/108 or smaller)' },
  { key: 'terraformCloudOrganization', env: 'TFC_ORGANIZATION', kind: 'string', default: 'none: local state', example: 'acme', doc: 'Terraform Cloud organization; turns on a `cloud` backend per stack' },
  { key: 'terraformCloudWorkspacePrefix', env: 'TFC_WORKSPACE_PREFIX', kind: 'string', default: '-', example: 'aks-', doc: "each stack's workspace is `<prefix><stack>`" },
  { key: 'terraformCloudWorkspaceTags', env: 'TFC_WORKSPACE_TAGS', kind: 'list', default: '-', example: 'aks,prod', doc: 'or: each stack selects workspaces with these tags and its stack name (`TF_WORKSPACE` picks one)' },
  { key: 'terraformCloudProject', env: 'TFC_PROJECT', kind: 'string', default: 'organization default', example: 'platform', doc: 'Terraform Cloud project of the workspaces' },
  { key: 'terraformCloudHostname', env: 'TFC_HOSTNAME', kind: 'string', default: 'app.terraform.io', example: 'tfe.example.com', doc: 'Terraform Enterprise hostname' },
];

/** Where a setting came from, for messages: `AKS_DUALSTACK_NODE_COUNT` or `cdktf.json aksDualstack.nodeCount`. */
function sourceOf(spec: SettingSpec, fromEnv: boolean): string {
  return fromEnv ? `${ENV_PREFIX}${spec.env}` : `cdktf.json ${CONTEXT_KEY}.${spec.key}`;
}

/** Parses one raw value by kind, or returns a violation naming its source. */
function parse(spec: SettingSpec, raw: unknown, source: string): unknown | Violation {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((s) => s.trim()).filter((s) => s !== '');
  switch (spec.kind) {
    case 'string':
      return typeof raw === 'string' ? raw.trim() : { prop: source, value: raw, rule: 'is not a string', fix: `give text, e.g. '${spec.example}'` };
    case 'count': {
      const n = typeof raw === 'number' ? raw : /^\s*\d+\s*$/.test(String(raw)) ? Number(raw) : NaN;
      return Number.isInteger(n) ? n : { prop: source, value: raw, rule: 'is not a whole number of nodes', fix: `give a number like ${spec.example}` };
    }
    case 'list':
      return list(raw);
    case 'variants': {
      const variants = list(raw);
      const unknown = variants.filter((v) => v !== 'kubenet' && v !== 'overlay');
      if (unknown.length === 0 && variants.length > 0) return [...new Set(variants)];
      return { prop: source, value: raw, rule: "names no variant, or one that is not 'kubenet' or 'overlay'", fix: "give 'kubenet', 'overlay' or 'kubenet,overlay'" };
    }
  }
}

/**
 * Reads the settings from the environment (`AKS_DUALSTACK_*`, an empty variable counts as unset), else from the
 * `aksDualstack` object of the `cdktf.json` context. Unknown names, values of the wrong kind, and partial
 * Terraform Cloud settings are all reported at once; the stacks then check the values with their own rules.
 */
export function readSettings(app: App, env: Environment = process.env): AppSettings {
  const context: unknown = app.node.tryGetContext(CONTEXT_KEY) ?? {};
  const violations: Violation[] = [];
  const known = new Set(SETTINGS.map((s) => s.key));
  const contextObject = typeof context === 'object' && context !== null && !Array.isArray(context) ? (context as Record<string, unknown>) : {};
  if (contextObject !== context) {
    violations.push({ prop: `cdktf.json ${CONTEXT_KEY}`, value: context, rule: 'is not an object', fix: 'give an object like { "location": "eastus2" }' });
  }
  for (const key of Object.keys(contextObject).filter((k) => !known.has(k))) {
    violations.push({ prop: `cdktf.json ${CONTEXT_KEY}`, value: key, rule: 'is not a setting', fix: `use one of ${[...known].join(', ')}` });
  }
  const knownEnv = new Set(SETTINGS.map((s) => `${ENV_PREFIX}${s.env}`));
  for (const name of Object.keys(env).filter((n) => n.startsWith(ENV_PREFIX) && !knownEnv.has(n))) {
    violations.push({ prop: 'environment variable', value: name, rule: 'is not a setting', fix: `use one of ${[...knownEnv].join(', ')}` });
  }

  const values: Record<string, unknown> = {};
  for (const spec of SETTINGS) {
    const fromEnv = env[`${ENV_PREFIX}${spec.env}`];
    const raw = !isBlank(fromEnv) ? fromEnv : contextObject[spec.key];
    if (isBlank(raw)) continue;
    const parsed = parse(spec, raw, sourceOf(spec, raw === fromEnv));
    if (parsed && typeof parsed === 'object' && 'rule' in parsed) violations.push(parsed as Violation);
    else if (!isBlank(parsed)) values[spec.key] = parsed;
  }

  const organization = values.terraformCloudOrganization as string | undefined;
  const workspacePrefix = values.terraformCloudWorkspacePrefix as string | undefined;
  const workspaceTags = values.terraformCloudWorkspaceTags as string[] | undefined;
  const tfcSet = ['terraformCloudWorkspacePrefix', 'terraformCloudWorkspaceTags', 'terraformCloudProject', 'terraformCloudHostname'].filter((k) => values[k] !== undefined);
  if (organization === undefined && tfcSet.length > 0) {
    violations.push({
      prop: 'Terraform Cloud settings',
      value: tfcSet,
      rule: 'are set without an organization',
      fix: `set ${ENV_PREFIX}TFC_ORGANIZATION (or ${CONTEXT_KEY}.terraformCloudOrganization), or remove them for local state`,
    });
  }
  if (organization !== undefined && (workspacePrefix === undefined) === (workspaceTags === undefined)) {
    violations.push({
      prop: 'Terraform Cloud organization',
      value: organization,
      rule: workspacePrefix === undefined ? 'is set without a workspace prefix or tags' : 'is set with both a workspace prefix and tags',
      fix: `give one of ${ENV_PREFIX}TFC_WORKSPACE_PREFIX (one workspace '<prefix><stack>' per stack) or ${ENV_PREFIX}TFC_WORKSPACE_TAGS`,
    });
  }
  if (organization !== undefined && !/^[A-Za-z0-9_-]+$/.test(organization)) {
    violations.push({ prop: 'Terraform Cloud organization', value: organization, rule: 'is not an organization name', fix: 'use letters, digits, - and _' });
  }
  if (workspacePrefix !== undefined && !/^[A-Za-z0-9_-]*$/.test(workspacePrefix)) {
    violations.push({ prop: 'Terraform Cloud workspace prefix', value: workspacePrefix, rule: 'would make workspace names Terraform Cloud refuses', fix: 'use letters, digits, - and _' });
  }
  if (workspacePrefix !== undefined && workspacePrefix.length + LONGEST_STACK_NAME.length > MAX_WORKSPACE_NAME) {
    violations.push({
      prop: 'Terraform Cloud workspace prefix',
      value: workspacePrefix,
      rule: `would make workspace names like '${workspacePrefix}${LONGEST_STACK_NAME}' longer than ${MAX_WORKSPACE_NAME} characters, which Terraform Cloud refuses`,
      fix: `use a prefix of at most ${MAX_WORKSPACE_NAME - LONGEST_STACK_NAME.length} characters`,
    });
  }
  for (const tag of workspaceTags ?? []) {
    if (!/^[a-z0-9]([a-z0-9:_-]*[a-z0-9])?$/.test(tag)) {
      violations.push({ prop: 'Terraform Cloud workspace tag', value: tag, rule: 'is not a tag Terraform Cloud accepts', fix: 'use lowercase letters, digits, :, - and _, starting and ending with a letter or digit' });
    }
  }
  if (violations.length > 0) throw new DualStackConfigError(violations.map(describeRule));

  const stackSettings = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith('terraformCloud')));
  return {
    ...(stackSettings as AppSettings),
    terraformCloud: organization
      ? { organization, workspacePrefix, workspaceTags, project: values.terraformCloudProject as string | undefined, hostname: values.terraformCloudHostname as string | undefined }
      : undefined,
  };
}

/** The settings in effect, one line each with its source, for messages and logs. */
export function describeSettings(context: unknown, env: Environment = process.env): string[] {
  const object = (typeof context === 'object' && context !== null ? context : {}) as Record<string, unknown>;
  return SETTINGS.flatMap((spec) => {
    const fromEnv = env[`${ENV_PREFIX}${spec.env}`];
    if (!isBlank(fromEnv)) return [`${sourceOf(spec, true)}=${fromEnv}`];
    return isBlank(object[spec.key]) ? [] : [`${sourceOf(spec, false)}=${JSON.stringify(object[spec.key])}`];
  });
}
