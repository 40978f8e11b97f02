import { App } from 'cdktf';
import {
  DEFAULT_APPS_NODE_COUNT,
  DEFAULT_LOCATION,
  DEFAULT_NAME_PREFIX,
  DEFAULT_WINDOWS_NODE_COUNT,
  type DualStackClusterStackProps,
  type DualStackVariant,
} from './dual-stack-cluster-stack';
import { DEFAULT_ADDRESS_SPACE, DEFAULT_NODE_COUNT, DEFAULT_POD_CIDRS, DEFAULT_SERVICE_CIDRS, DEFAULT_VM_SIZE, DualStackConfigError, Violation, describeRule } from '../lib';
import type { TerraformCloudSettings } from './backend';

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

/**
 * What a setting holds. In the environment every value is text and is parsed: a count is digits, a list is
 * comma-separated. In `cdktf.json`, which has types, a value must have its kind's JSON type: a string for
 * 'string', a whole number for 'count', a list of strings for 'list' and 'variants'.
 */
type Kind = 'string' | 'count' | 'list' | 'variants';

/** Terraform Cloud's longest workspace name, and the longest stack name the app makes. */
const MAX_WORKSPACE_NAME = 90;
const LONGEST_STACK_NAME = 'kubenet-dualstack-workload';

/** Unset, a blank string or an empty list: an empty setting counts as unset, as an empty variable does. */
function isUnset(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** One setting: its key in the `aksDualstack` context object, its environment variable, its kind and doc. */
export interface SettingSpec {
  readonly key: string;
  readonly env: string;
  readonly kind: Kind;
  /** The default, as the docs show it. */
  readonly default: string;
  /** A value that works, for fixes. */
  readonly example: string;
  readonly doc: string;
}

/** The context object in `cdktf.json` that holds the settings. */
export const CONTEXT_KEY = 'aksDualstack';
const ENV_PREFIX = 'AKS_DUALSTACK_';

/** Every setting, in the order of the settings table in the docs, which is made from this list. */
export const SETTINGS: readonly SettingSpec[] = [
  { key: 'location', env: 'LOCATION', kind: 'string', default: DEFAULT_LOCATION, example: 'westeurope', doc: 'Azure region of every stack' },
  { key: 'namePrefix', env: 'NAME_PREFIX', kind: 'string', default: DEFAULT_NAME_PREFIX, example: 'team-a', doc: 'prefix of every resource name: lowercase letters, digits, hyphens, at most 20 characters' },
  { key: 'kubernetesVersion', env: 'KUBERNETES_VERSION', kind: 'string', default: 'AKS default', example: '1.35', doc: 'e.g. `1.35`; at least 1.21.2 (kubenet) or 1.26.3 (overlay)' },
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

/**
 * Where the context came from, for messages: cdktf's App takes each context key from `CDKTF_CONTEXT_JSON` (the
 * cdktf CLI's copy of cdktf.json) over what it was given, so under the CLI the settings come from there.
 */
function contextSource(env: Environment): string {
  try {
    const json: unknown = JSON.parse(env.CDKTF_CONTEXT_JSON || '{}');
    return typeof json === 'object' && json !== null && CONTEXT_KEY in json ? 'CDKTF_CONTEXT_JSON' : 'cdktf.json';
  } catch {
    return 'cdktf.json'; // readContext reports a variable that is not JSON
  }
}

/**
 * Where a setting came from, for messages: `AKS_DUALSTACK_NODE_COUNT`, or the context source and key
 * (`cdktf.json aksDualstack.nodeCount`).
 */
function sourceOf(spec: SettingSpec, fromEnv: boolean, file: string): string {
  return fromEnv ? `${ENV_PREFIX}${spec.env}` : `${file} ${CONTEXT_KEY}.${spec.key}`;
}

/** Another setting, named as the user sets the one they are told about: by variable or by context key. */
function sourceOfKey(key: string, fromEnv: boolean, file: string): string {
  return sourceOf(SETTINGS.find((s) => s.key === key)!, fromEnv, file);
}

/** An environment variable as text, as `process.env` would store it; unset when missing or null. */
function envText(env: Environment, name: string): string | undefined {
  const value: unknown = env[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** How a JSON value is named in messages: 'a number', 'a list', 'an object', 'null', ... */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What each kind takes, as messages name it. */
const EXPECTED: Record<Kind, string> = { string: 'a string', count: 'a whole number of nodes', list: 'a list of strings', variants: 'a list of strings' };

/** The fix for a value of the wrong kind: the kind, with the setting's example written as that kind. */
function fixOf(spec: SettingSpec): string {
  if (spec.kind === 'string') return `give text, e.g. '${spec.example}'`;
  if (spec.kind === 'count') return `give a whole number, e.g. ${spec.example}`;
  return `give a list of strings, e.g. [${spec.example.split(',').map((s) => `"${s}"`).join(', ')}]`;
}

/**
 * Reads one value by its kind: text from the environment is parsed, a `cdktf.json` value must have its kind's
 * JSON type. Returns the value, or `undefined` when it is empty (unset) or wrong; a wrong one adds a violation
 * naming its source.
 */
function parse(spec: SettingSpec, raw: unknown, fromEnv: boolean, file: string, violations: Violation[]): unknown {
  const prop = sourceOf(spec, fromEnv, file);
  const fail = (violation: Omit<Violation, 'prop'>): undefined => void violations.push({ prop, ...violation });
  const wrongKind = (): undefined =>
    raw === null
      ? fail({ value: undefined, rule: `is null, not ${EXPECTED[spec.kind]}`, fix: `${fixOf(spec)}, or leave it out for the default` })
      : fail({ value: raw, rule: `is ${kindOf(raw)}, not ${EXPECTED[spec.kind]}`, fix: fixOf(spec) });
  if (isUnset(raw)) return undefined;
  switch (spec.kind) {
    case 'string':
      return typeof raw === 'string' ? raw.trim() : wrongKind();
    case 'count': {
      const count = fromEnv ? (/^\s*\d+\s*$/.test(raw as string) ? Number(raw) : NaN) : raw;
      if (typeof count !== 'number') return wrongKind();
      return Number.isSafeInteger(count) && count >= 0 ? count : fail({ value: raw, rule: 'is not a whole number of nodes', fix: fixOf(spec) });
    }
    case 'list':
    case 'variants': {
      const items: unknown = fromEnv ? (raw as string).split(',') : raw;
      if (!Array.isArray(items)) return wrongKind();
      const notText = items.findIndex((item) => typeof item !== 'string');
      if (notText >= 0) return fail({ value: raw, rule: `is a list holding ${kindOf(items[notText])}, not a list of strings`, fix: fixOf(spec) });
      const list = (items as string[]).map((s) => s.trim()).filter((s) => s !== '');
      if (list.length === 0) return undefined;
      if (spec.kind === 'list') return list;
      // Variants are an enumeration: any case, as the constructs take them.
      const variants = [...new Set(list.map((v) => v.toLowerCase()))];
      if (variants.every((v) => v === 'kubenet' || v === 'overlay')) return variants;
      return fail({
        value: raw,
        rule: "names a variant other than 'kubenet' or 'overlay'",
        fix: fromEnv ? "give 'kubenet', 'overlay' or 'kubenet,overlay'" : 'give ["kubenet"], ["overlay"] or ["kubenet", "overlay"]',
      });
    }
  }
}

/** A setting that was given: its value, as given and as parsed, and where it came from. */
interface Given {
  readonly raw: unknown;
  readonly value: unknown;
  readonly fromEnv: boolean;
  readonly source: string;
}

/**
 * Reads the settings from the environment (`AKS_DUALSTACK_*`, an empty variable counts as unset), else from the
 * `aksDualstack` object of the context (cdktf.json's, or under the cdktf CLI `CDKTF_CONTEXT_JSON`). Unknown
 * names, values of the wrong kind, and partial Terraform Cloud settings are all reported at once, each naming
 * the variable or key it came from; the stacks then check the values with their own rules.
 */
export function readSettings(app: App, env: Environment = process.env): AppSettings {
  if (typeof (app as Partial<App> | null | undefined)?.node?.tryGetContext !== 'function') {
    throw new DualStackConfigError([describeRule({ prop: 'readSettings app', value: undefined, rule: 'is not a cdktf App', fix: 'pass the App whose context holds the settings' })]);
  }
  env = env ?? process.env; // null, as undefined: the process's environment
  const file = contextSource(env);
  const context: unknown = app.node.tryGetContext(CONTEXT_KEY);
  const violations: Violation[] = [];
  const known = new Set(SETTINGS.map((s) => s.key));
  const contextObject = typeof context === 'object' && context !== null && !Array.isArray(context) ? (context as Record<string, unknown>) : {};
  if (context !== undefined && contextObject !== context) {
    const value = context === null ? undefined : context; // not 'null is null'
    violations.push({ prop: `${file} ${CONTEXT_KEY}`, value, rule: `is ${kindOf(context)}, not an object`, fix: 'give an object like { "location": "eastus2" }' });
  }
  for (const key of Object.keys(contextObject).filter((k) => !known.has(k))) {
    violations.push({ prop: `${file} ${CONTEXT_KEY}`, value: key, rule: 'is not a setting', fix: `use one of ${[...known].join(', ')}` });
  }
  const knownEnv = new Set(SETTINGS.map((s) => `${ENV_PREFIX}${s.env}`));
  for (const name of Object.keys(env).filter((n) => n.startsWith(ENV_PREFIX) && !knownEnv.has(n))) {
    violations.push({ prop: 'environment variable', value: name, rule: 'is not a setting', fix: `use one of ${[...knownEnv].join(', ')}` });
  }

  const given: Record<string, Given> = {};
  for (const spec of SETTINGS) {
    // cdktf.json is checked even where the environment overrides it: it is wrong all the same, and the next
    // run without the variable would trip on it.
    const fromFile = parse(spec, contextObject[spec.key], false, file, violations);
    const text = envText(env, `${ENV_PREFIX}${spec.env}`);
    const fromEnv = parse(spec, text, true, file, violations);
    if (fromEnv !== undefined) given[spec.key] = { raw: text, value: fromEnv, fromEnv: true, source: sourceOf(spec, true, file) };
    else if (fromFile !== undefined) given[spec.key] = { raw: contextObject[spec.key], value: fromFile, fromEnv: false, source: sourceOf(spec, false, file) };
  }

  const organization = given.terraformCloudOrganization;
  const prefix = given.terraformCloudWorkspacePrefix;
  const tags = given.terraformCloudWorkspaceTags;
  if (organization === undefined) {
    for (const setting of [prefix, tags, given.terraformCloudProject, given.terraformCloudHostname]) {
      if (setting === undefined) continue;
      const orgSource = sourceOfKey('terraformCloudOrganization', setting.fromEnv, file);
      violations.push({ prop: setting.source, value: setting.raw, rule: 'is set without an organization', fix: `set ${orgSource} too, or remove it for local state` });
    }
  } else if (prefix === undefined && tags === undefined) {
    violations.push({
      prop: organization.source,
      value: organization.raw,
      rule: 'is set without a workspace prefix or tags',
      fix: `give ${sourceOfKey('terraformCloudWorkspacePrefix', organization.fromEnv, file)} (one workspace '<prefix><stack>' per stack) or ${sourceOfKey('terraformCloudWorkspaceTags', organization.fromEnv, file)}`,
    });
  }
  if (prefix !== undefined && tags !== undefined) {
    violations.push({ prop: prefix.source, value: prefix.raw, rule: `is set with ${tags.source} too, and a stack's cloud block takes one of them`, fix: 'remove one' });
  }
  if (organization !== undefined && !/^[A-Za-z0-9_-]+$/.test(organization.value as string)) {
    violations.push({ prop: organization.source, value: organization.raw, rule: 'is not an organization name', fix: 'use letters, digits, - and _' });
  }
  const prefixText = prefix?.value as string | undefined;
  if (prefix !== undefined && !/^[A-Za-z0-9_-]*$/.test(prefixText!)) {
    violations.push({ prop: prefix.source, value: prefix.raw, rule: 'would make workspace names Terraform Cloud refuses', fix: 'use letters, digits, - and _' });
  }
  if (prefix !== undefined && prefixText!.length + LONGEST_STACK_NAME.length > MAX_WORKSPACE_NAME) {
    violations.push({
      prop: prefix.source,
      value: prefix.raw,
      rule: `would make workspace names like '${echoed(`${prefixText}${LONGEST_STACK_NAME}`)}' longer than ${MAX_WORKSPACE_NAME} characters, which Terraform Cloud refuses`,
      fix: `use a prefix of at most ${MAX_WORKSPACE_NAME - LONGEST_STACK_NAME.length} characters`,
    });
  }
  for (const tag of (tags?.value as string[] | undefined) ?? []) {
    if (!/^[a-z0-9]([a-z0-9:_-]*[a-z0-9])?$/.test(tag)) {
      violations.push({
        prop: tags!.source,
        value: undefined,
        rule: `holds '${echoed(tag)}', which is not a tag Terraform Cloud accepts`,
        fix: 'use lowercase letters, digits, :, - and _, starting and ending with a letter or digit',
      });
    }
  }
  if (violations.length > 0) throw new DualStackConfigError(violations.map(describeRule));

  const valueOf = (key: string) => given[key]?.value;
  const stackSettings = Object.fromEntries(Object.entries(given).filter(([key]) => !key.startsWith('terraformCloud')).map(([key, g]) => [key, g.value]));
  return {
    ...(stackSettings as AppSettings),
    terraformCloud: organization
      ? {
        organization: organization.value as string,
        workspacePrefix: prefixText,
        workspaceTags: tags?.value as string[] | undefined,
        project: valueOf('terraformCloudProject') as string | undefined,
        hostname: valueOf('terraformCloudHostname') as string | undefined,
      }
      : undefined,
  };
}

/** The longest value the settings in effect show in full. */
const MAX_ECHOED = 80;

/**
 * A value as one short line of a log: control characters (C0, DEL, C1, line and paragraph separators) and
 * bidirectional overrides escaped as `\uXXXX`, so that a value can neither break nor restyle the line, and
 * anything longer than MAX_ECHOED characters cut short with '…' (never inside an escape).
 */
function echoed(text: string): string {
  const parts = [...text].map((c) => (/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/.test(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
  const escaped = parts.join('');
  if (escaped.length <= MAX_ECHOED) return escaped;
  let shown = '';
  for (const part of parts) {
    if (shown.length + part.length >= MAX_ECHOED) break;
    shown += part;
  }
  return `${shown}…`;
}

/** The settings in effect, one line each with its source, for messages and logs; values escaped and cut short. */
export function describeSettings(context: unknown, env: Environment = process.env): string[] {
  env = env ?? process.env;
  const file = contextSource(env);
  const object = (typeof context === 'object' && context !== null ? context : {}) as Record<string, unknown>;
  return SETTINGS.flatMap((spec) => {
    const fromEnv = envText(env, `${ENV_PREFIX}${spec.env}`);
    if (!isUnset(fromEnv)) return [`${sourceOf(spec, true, file)}=${echoed(fromEnv!)}`];
    const value = object[spec.key];
    // JSON would print Infinity (from 1e400) as null; text and lists as JSON, so that quotes show.
    const text = typeof value === 'string' || typeof value === 'object' ? JSON.stringify(value) : String(value);
    return isUnset(value) ? [] : [`${sourceOf(spec, false, file)}=${echoed(text)}`];
  });
}
