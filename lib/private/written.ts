import { Lazy, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { Violation, describeRule, validateAtSynth } from './errors';
import { Shape } from './shape';
import { foldConstants } from './constants';

// The gate at synth: rules checked again on what each resource will write into cdk.tf.json, however it got
// there (props, the raw resource's setters, `addOverride` on the resource or on the stack, aspects). Props are
// checked when given, where the error points at the user's own line; the gate catches what escape hatches
// change afterwards.

/** A stack's configuration as it will be written, read once per validation pass. */
const writtenStacks = new WeakMap<TerraformStack, StackJson>();
/** Stacks whose first validation clears the cached configuration, so that each pass reads it afresh. */
const gatedStacks = new WeakSet<TerraformStack>();
/** Stacks in their own validation pass, which cdktf ends by writing the stack. */
const inOwnPass = new WeakSet<TerraformStack>();
/** Stacks whose reading was made in their own pass, during `app.synth()`: what cdktf writes next. */
const servable = new WeakSet<TerraformStack>();
let synthesizing = false;
/** Counts the validation passes of gated stacks: indexes of the app made during one pass are kept for it. */
let pass = 0;
/** Set by reuseCheckedConfigurations: a stack is written from its checks' reading, when one was made in its own pass. */
let reuse = false;
/** The library's constructs, by stack: the resources they hold directly are the ones the library makes. */
const libraryConstructs = new WeakMap<TerraformStack, IConstruct[]>();
/** Each gated stack's own toTerraform (its class's), which the gate reads and the written output comes from. */
const resolvers = new WeakMap<TerraformStack, () => Record<string, unknown>>();
/** The checks on each gated stack's written configuration, to run again on what is finally written. */
const stackChecks = new WeakMap<TerraformStack, { scope: IConstruct; check: () => Violation[] }[]>();
/** Stacks read during the current synth: their readings end with it, written or not (a failed or HCL synth). */
const readWhileSynthesizing = new Set<TerraformStack>();

/** Records a construct of the library (made in its constructor), whose own resources rule 66 checks. */
export function libraryConstruct(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  const list = libraryConstructs.get(stack);
  if (list) list.push(scope);
  else libraryConstructs.set(stack, [scope]);
}

/** The current validation pass, for indexes of the app that hold for one pass. */
export function validationPass(): number {
  return pass;
}

/** Writes each gated stack from its checks' reading where one was made in its own pass (see reuseCheckedConfigurations). */
export function reuseReadings(): void {
  reuse = true;
}

/** Runs `app.synth()` (or its like) so that readings made in a stack's own pass may be written as they are. */
export function whileSynthesizing<T>(run: () => T): T {
  synthesizing = true;
  try {
    return run();
  } finally {
    synthesizing = false;
    for (const stack of readWhileSynthesizing) {
      writtenStacks.delete(stack);
      servable.delete(stack);
      inOwnPass.delete(stack);
    }
    readWhileSynthesizing.clear();
  }
}

/** The parts of a synthesized stack that the gate reads. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Body>>;
  readonly data?: Record<string, Record<string, Body>>;
  readonly variable?: Record<string, Body>;
  readonly locals?: Record<string, unknown>;
  readonly terraform?: { readonly required_providers?: Record<string, { readonly version?: unknown; readonly source?: unknown }> };
}

/** A resource's attributes, or a nested block's, as written. */
export type Body = Record<string, unknown>;

/**
 * Registers a check of written configuration, run at synth. The stack validates before its children (cdktf
 * walks the tree top-down), so a validation on the stack starts each pass with a fresh read.
 */
export function gateAtSynth(scope: IConstruct, check: () => Violation[]): void {
  const stack = TerraformStack.of(scope);
  const first = !gatedStacks.has(stack);
  if (first) {
    gatedStacks.add(stack);
    stack.node.addValidation({
      validate: () => {
        pass++;
        writtenStacks.delete(stack);
        servable.delete(stack);
        inOwnPass.add(stack);
        return [];
      },
    });
    writeWhatWasChecked(stack);
  }
  // Run in the validation pass, and again on the written configuration when it changed after the pass.
  const register = (at: IConstruct, run: () => Violation[]) => {
    stackChecks.get(stack)!.push({ scope: at, check: run });
    validateAtSynth(at, run);
  };
  register(scope, check);
  // After the first check (the provider constraints, which write before they read).
  if (first) register(stack, () => checkOnlyOne(stack));
}

/** Deep equality of two readings (JSON values), stopping at the first difference. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const [ka, kb] = [Object.keys(a), Object.keys(b)];
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Rule 66: each resource the library makes is one resource. `count` or `for_each` on one, through an escape
 * hatch, would make as many as it says, and the rules (node totals, subnet capacity, one route table, a grant
 * before the cluster) count it once.
 */
function checkOnlyOne(stack: TerraformStack): Violation[] {
  const violations: Violation[] = [];
  // Their own resources only: a program's resources put under a library construct are the program's.
  for (const c of (libraryConstructs.get(stack) ?? []).flatMap((scope) => scope.node.children)) {
    if (!(c instanceof TerraformResource)) continue;
    const body = written(c);
    for (const meta of ['count', 'for_each'] as const) {
      if (body[meta] === undefined || body[meta] === null) continue;
      violations.push({
        prop: `${c.node.path} ${meta}`,
        // Not shown: for_each may hold what the resource is configured with, secrets included.
        value: undefined,
        number: 66,
        rule: `is written on a resource the library makes (${c.terraformResourceType}), whose rules count it as one`,
        fix: 'make more with more constructs (addNodePool, a cluster or a subnet each), not with count or for_each',
      });
    }
  }
  return violations;
}

/**
 * Makes the stack's written configuration the checked one. cdktf resolves a stack again when it writes it,
 * after the checks read it: whatever changed in between (a validation added after the library's, custom
 * synthesis, a `Lazy` that gives another value each time) would be written unchecked. So the configuration
 * written is compared with the one the checks read in this pass, and checked again when it differs; or, with
 * reuseCheckedConfigurations, it is that reading itself.
 */
function writeWhatWasChecked(stack: TerraformStack): void {
  const resolve = stack.toTerraform;
  resolvers.set(stack, () => resolve.call(stack));
  stackChecks.set(stack, []);
  const ownClass = Object.getPrototypeOf(stack).toTerraform === TerraformStack.prototype.toTerraform;
  stack.toTerraform = function writeChecked(this: TerraformStack) {
    if (this !== stack) return resolve.call(this);
    // A class with its own toTerraform is resolved afresh, so that its changes are applied once.
    const taken = reuse && ownClass ? takeWrittenStack(stack) : undefined;
    if (taken) return taken;
    const checked = writtenStacks.get(stack);
    const json = resolve.call(stack) as Record<string, unknown>;
    if (checked !== undefined && checked !== json && !same(checked, json)) {
      writtenStacks.set(stack, json as StackJson);
      const errors = stackChecks.get(stack)!.flatMap(({ scope, check }) => check().map((v) => `[${scope.node.path}] ${describeRule(v)}`));
      writtenStacks.delete(stack);
      if (errors.length > 0) {
        throw new Error(`Validation failed with the following errors, on the configuration as written, which changed after the checks read it:\n  ${errors.join('\n  ')}`);
      }
    }
    return json;
  };
}

/** Each reading as the rules judge it: constant expressions evaluated (see constants.ts), by the reading. */
const folded = new WeakMap<StackJson, StackJson>();

/**
 * The stack's configuration as cdk.tf.json will hold it (overrides merged, tokens resolved to expressions), with
 * the constant expressions of its resources and data sources evaluated: what the rules judge.
 */
export function writtenStack(scope: IConstruct): StackJson {
  const json = readStack(scope);
  let view = folded.get(json);
  if (!view) {
    const locals = (json.locals ?? {}) as Record<string, unknown>;
    view = { ...json, resource: foldConstants(json.resource, locals), data: foldConstants(json.data, locals) };
    folded.set(json, view);
  }
  return view;
}

/** The stack's configuration as cdk.tf.json will hold it, read once per validation pass. */
function readStack(scope: IConstruct): StackJson {
  const stack = TerraformStack.of(scope);
  let json = writtenStacks.get(stack);
  if (!json) {
    json = (resolvers.get(stack)?.() ?? stack.toTerraform()) as StackJson;
    writtenStacks.set(stack, json);
    if (synthesizing) {
      readWhileSynthesizing.add(stack);
      // Read by the stack's own checks, after its aspects: nothing changes it before cdktf writes it.
      if (inOwnPass.has(stack)) servable.add(stack);
    }
  }
  return json;
}

/**
 * The configuration the stack's own checks read during this `app.synth()`, handed over once (then forgotten):
 * cdktf writes a stack right after validating it, so its writer can take this reading instead of making it
 * again. None for a reading made outside synth (a manual validation), or by another stack's checks before this
 * stack's aspects ran.
 */
export function takeWrittenStack(stack: TerraformStack): StackJson | undefined {
  // The checks' own reading calls this too (through the writer), before there is anything to take.
  if (!writtenStacks.has(stack)) return undefined;
  const json = servable.has(stack) ? writtenStacks.get(stack) : undefined;
  servable.delete(stack);
  inOwnPass.delete(stack);
  writtenStacks.delete(stack);
  return json;
}

/** A resource's attributes as written, or an empty body when an override removed it. */
export function written(resource: TerraformResource): Body {
  return writtenStack(resource).resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId] ?? {};
}

/** A nested block as written: Terraform JSON takes one object, or a list holding it. */
export function blockOf(value: unknown): Body | undefined {
  const block = Array.isArray(value) ? value[0] : value;
  return typeof block === 'object' && block !== null && !Array.isArray(block) ? (block as Body) : undefined;
}

/** A written value by dotted path (`network_profile.pod_cidrs`), each block an object or a list holding one. */
export function attribute(body: Body, path: string): unknown {
  const keys = path.split('.');
  const block = keys.slice(0, -1).reduce<Body | undefined>((b, key) => blockOf(b?.[key]), body);
  return block?.[keys[keys.length - 1]];
}

/** A Terraform expression (`${...}`), known only at apply. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/**
 * A written value as props hold it: an expression becomes a token of the kind the shape expects, so that the
 * rules skip it as they skip tokens given in props; lists are converted element by element.
 */
export function asProp(value: unknown, shape: Shape): unknown {
  // An object where a value or list belongs is an intrinsic of some kind; Terraform judges it.
  const intrinsic = typeof value === 'object' && value !== null && !Array.isArray(value) && !['map', 'object', 'any'].includes(shape.kind);
  if (isExpression(value) || intrinsic) {
    const produce = () => value as never;
    switch (shape.kind) {
      case 'number': return Lazy.numberValue({ produce });
      case 'list': return Lazy.listValue({ produce });
      case 'map': case 'object': return Lazy.anyValue({ produce });
      default: return Lazy.stringValue({ produce });
    }
  }
  return shape.kind === 'list' && Array.isArray(value) ? value.map((v) => asProp(v, shape.of)) : value;
}
