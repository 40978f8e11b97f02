import { Aspects, IAspect, TerraformProvider, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { Violation } from './errors';
import { gateAtSynth, libraryConstruct, writtenStack } from './written';

/**
 * The provider releases the output is written for (rule 54). The prebuilt bindings pin the versions they were
 * generated from (azurerm 4.55.0, kubernetes 2.38.0, time 0.13.1), a year old; what the library writes needs
 * newer ones, and the blocks it writes were checked against the schemas at `checked`.
 */
export const PROVIDER_VERSIONS = {
  azurerm: {
    minimum: '4.70.0',
    below: '5.0.0',
    checked: 'v4.70.0 and v4.81.0',
    why: 'kubenet to CNI Overlay in place (4.66), OIDC issuer without diff (4.68), StandardV2 NAT gateways with IPv6 addresses (4.67, 4.70); 5.0 requires blocks the library does not write yet',
  },
  kubernetes: {
    minimum: '3.2.1',
    below: '4.0.0',
    checked: 'v3.2.1',
    why: 'a create that times out leaves a resource every later plan refuses with "Unexpected Identity Change" before 3.2.1 (GH-2859)',
  },
  time: {
    minimum: '0.13.1',
    below: '1.0.0',
    checked: 'v0.13.1 and v0.14.0',
    why: 'time_sleep with create_duration and triggers, as checked',
  },
} as const;

export type ProviderName = keyof typeof PROVIDER_VERSIONS;

/** The constraint written when the stack sets none of its own: the releases of `PROVIDER_VERSIONS`. */
export function providerConstraint(name: ProviderName): string {
  const { minimum, below } = PROVIDER_VERSIONS[name];
  return `>= ${minimum}, < ${below}`;
}

/** Stacks already given the aspect. */
const targeted = new WeakSet<TerraformStack>();

/**
 * Targets the stack of `scope` at the provider releases the library writes for: at synth, each of azurerm,
 * kubernetes and time that the stack declares gets `>= minimum, < below` in `required_providers`, unless the
 * program set a version there itself (`stack.addOverride('terraform.required_providers.azurerm.version', ...)`),
 * which the gate then checks admits only releases in that range.
 */
export function targetProviders(scope: IConstruct): void {
  libraryConstruct(scope);
  const stack = TerraformStack.of(scope);
  if (targeted.has(stack)) return;
  targeted.add(stack);
  // At synth, when every provider is declared: an aspect, for a synth without validations, and again before the
  // check, for validations run without aspects (`stack.runAllValidations()`).
  const aspect: IAspect = { visit: (node) => { if (node === stack) writeDefaults(stack); } };
  Aspects.of(stack).add(aspect);
  gateAtSynth(stack, () => {
    writeDefaults(stack);
    const required = writtenStack(stack).terraform?.required_providers ?? {};
    return declaredProviders(stack).flatMap((name) => {
      const v = checkConstraint(name, required[name]?.version);
      return v ? [v] : [];
    });
  });
}

/** Writes the library's constraint for each provider the stack declares and whose version the program left alone. */
function writeDefaults(stack: TerraformStack): void {
  const overrides = (stack as unknown as { rawOverrides: { terraform?: { required_providers?: Record<string, { version?: unknown }> } } }).rawOverrides;
  for (const name of declaredProviders(stack)) {
    if (overrides.terraform?.required_providers?.[name]?.version === undefined) {
      stack.addOverride(`terraform.required_providers.${name}.version`, providerConstraint(name));
    }
  }
}

/** The providers of `PROVIDER_VERSIONS` that the stack declares, by their Terraform names. */
function declaredProviders(stack: TerraformStack): ProviderName[] {
  const names = stack.node.findAll().flatMap((c) => (c instanceof TerraformProvider && c.terraformResourceType in PROVIDER_VERSIONS ? [c.terraformResourceType] : []));
  return [...new Set(names)] as ProviderName[];
}

/** Rule 54: the written version constraint admits only releases the output was written and checked for. */
export function checkConstraint(name: ProviderName, constraint: unknown): Violation | undefined {
  const { minimum, below, why } = PROVIDER_VERSIONS[name];
  const prop = `terraform.required_providers.${name}.version`;
  const fix = `write '${providerConstraint(name)}', or a narrower constraint within it`;
  if (typeof constraint !== 'string' || constraint.includes('${')) {
    return { prop, value: constraint, number: 54, rule: 'is not a version constraint', fix };
  }
  const range = admitted(constraint);
  if (typeof range === 'string') return { prop, value: constraint, number: 54, rule: `does not parse: ${range}`, fix };
  const [from, to] = range;
  if (to !== undefined && compare(from, to) >= 0) return { prop, value: constraint, number: 54, rule: 'admits no release, so terraform init finds none', fix };
  if (compare(from, parseVersion(minimum)) < 0 || to === undefined || compare(to, parseVersion(below)) > 0) {
    return {
      prop,
      value: constraint,
      number: 54,
      rule: `admits ${name} releases outside ${minimum} to below ${below}, the ones the output is written for (${why})`,
      fix,
    };
  }
  return undefined;
}

type Version = [number, number, number];

/**
 * The releases a Terraform version constraint admits, as [lowest, first excluded above] (`undefined`: no upper
 * bound), or why it does not parse. `!=` only narrows, so it is ignored; pre-releases are not considered.
 */
export function admitted(constraint: string): [Version, Version | undefined] | string {
  let from: Version = [0, 0, 0];
  let to: Version | undefined;
  const raise = (v: Version) => { if (compare(v, from) > 0) from = v; };
  const lower = (v: Version) => { if (to === undefined || compare(v, to) < 0) to = v; };
  for (const clause of constraint.split(',')) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(clause);
    if (!match) return `'${clause.trim()}' is not an operator and a version like '>= 4.70.0'`;
    const v = parseVersion(match[2]);
    const given = match[2].split('.').length;
    switch (match[1] ?? '=') {
      case '=': raise(v); lower(next(v, 2)); break;
      case '!=': break;
      case '>=': raise(v); break;
      case '>': raise(next(v, 2)); break;
      case '<': lower(v); break;
      case '<=': lower(next(v, 2)); break;
      // ~> 4.70 admits 4.x from 4.70; ~> 4.70.1 admits 4.70.x from 4.70.1; ~> 4 admits 4.x.
      case '~>': raise(v); lower(next(v, Math.max(0, given - 2))); break;
    }
  }
  return [from, to];
}

function parseVersion(text: string): Version {
  const parts = text.split('.').map(Number);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

/** The first version past `v` at `position` (0 major, 1 minor, 2 patch). */
function next(v: Version, position: number): Version {
  return v.map((n, i) => (i < position ? n : i === position ? n + 1 : 0)) as Version;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
