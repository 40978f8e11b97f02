import { TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DualStackConfigError, Violation, describe, describeRule, show } from './errors';
import { nearest } from './azure-names';
import { isToken } from './rules';

// The shape of props, checked before any rule runs: plain JavaScript callers, wrapper constructs and
// configuration files can pass any value, and a wrong-shaped one must get the library's error, not a TypeError
// from deep inside a rule or cdktf. Enumerations are taken in any case and come back in the provider's spelling.

/** What one prop may hold. Tokens are accepted wherever Terraform could resolve one of that kind. */
export type Shape =
  | { readonly kind: 'string' | 'boolean' | 'map' | 'any' | 'dependable' }
  | { readonly kind: 'number' }
  | { readonly kind: 'portOrName' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'list'; readonly of: Shape; readonly commaString?: boolean }
  | {
      readonly kind: 'object';
      readonly props: Record<string, Shape & Optional>;
      /** Other keys are checked elsewhere. */
      readonly open?: boolean;
      /** The way out for a key that is not a prop and no misspelling of one: how to set it some other way. */
      readonly otherwise?: (key: string) => string;
    }
  | { readonly kind: 'instance'; readonly of: abstract new (...args: any[]) => unknown; readonly name: string };

export interface Optional {
  readonly required?: boolean;
}

/** One shape per prop of `T`: the compiler refuses a schema that misses or misspells a prop. */
export type Schema<T> = { readonly [K in keyof Required<T>]: Shape & Optional };

export const str: Shape = Object.freeze({ kind: 'string' });
export const bool: Shape = Object.freeze({ kind: 'boolean' });
export const map: Shape = Object.freeze({ kind: 'map' });
export const any: Shape = Object.freeze({ kind: 'any' });
/** A resource or other element Terraform can depend on (it has an `fqn`). */
export const dependable: Shape = Object.freeze({ kind: 'dependable' });
export const num: Shape = Object.freeze({ kind: 'number' });
export const portOrName: Shape = Object.freeze({ kind: 'portOrName' });
export const strList: Shape = Object.freeze({ kind: 'list', of: str });
export const oneOf = (...values: string[]): Shape => ({ kind: 'enum', values });
export const listOf = (of: Shape, commaString = false): Shape => ({ kind: 'list', of, commaString });
export const object = <T>(props: Schema<T>): Shape => ({ kind: 'object', props });

/** Every schema of a public construct or method, by name, so that a test can walk every prop. */
export const SCHEMAS: Record<string, Record<string, Shape & Optional>> = {};

/**
 * Registers a schema under a name (`DualStackVirtualNetworkProps`, `addNodePool options`) and returns it. The
 * first schema of a name keeps it: the library's register when it loads, and a program's cannot replace them.
 */
export function schema<T>(name: string, props: Schema<T>): Schema<T> {
  if (typeof name !== 'string') {
    throw new DualStackConfigError([describeRule({ prop: 'schema name', value: name, rule: 'is not a string', fix: 'give the schema a name, like \'MyConstructProps\'' })]);
  }
  if (!Object.prototype.hasOwnProperty.call(SCHEMAS, name)) SCHEMAS[name] = props;
  return props;
}

const KINDS = new Set<Shape['kind']>(['string', 'boolean', 'map', 'any', 'dependable', 'number', 'portOrName', 'enum', 'list', 'object', 'instance']);

/** What is wrong with a schema built from plain JavaScript, at `at`; nothing for a good one. */
export function schemaProblem(props: unknown, at = 'schema'): Violation | undefined {
  if (!isPlainObject(props)) return { prop: at, value: undefined, rule: `is ${kindOf(props)}, not a schema`, fix: 'give an object of shapes, like { name: Shapes.required(Shapes.string) }' };
  for (const [key, shape] of Object.entries(props)) {
    const where = `${at}.${key}`;
    const s = shape as Partial<Record<string, unknown>> | undefined;
    const bad = (what: string): Violation => ({ prop: where, value: undefined, rule: `is not a shape: ${what}`, fix: 'use one of Shapes, calling the ones that take arguments (Shapes.oneOf(\'a\', \'b\'))' });
    if (typeof s !== 'object' || s === null || !KINDS.has(s.kind as Shape['kind'])) return bad('it has no known kind');
    if (s.kind === 'enum' && (!Array.isArray(s.values) || s.values.length === 0 || !s.values.every((v) => typeof v === 'string'))) return bad('oneOf takes one or more strings');
    if (s.kind === 'instance' && (typeof s.of !== 'function' || typeof s.name !== 'string')) return bad('instance takes a class and its name');
    if (s.kind === 'list') {
      const inner = schemaProblem({ of: s.of }, where);
      if (inner) return inner;
    }
    if (s.kind === 'object') {
      const inner = schemaProblem(s.props, where);
      if (inner) return inner;
    }
  }
  return undefined;
}
export const instance = (of: abstract new (...args: any[]) => unknown, name: string): Shape => ({ kind: 'instance', of, name });
export const required = (shape: Shape): Shape & Optional => ({ ...shape, required: true });

/** How a received value is named in messages: 'a number', 'NaN', 'a list', ... */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Token.isUnresolved(value)) return 'a token';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? 'a number' : String(value);
  if (value instanceof Construct) return (value as { node?: { path: string } }).node ? `the construct '${value.node.path}'` : 'a construct never constructed';
  if (typeof value === 'object' && !isPlainObject(value)) return `an instance of ${(value as object).constructor?.name || 'a class'}`;
  return { string: 'a string', boolean: 'a boolean', object: 'an object', function: 'a function', bigint: 'a bigint', symbol: 'a symbol' }[typeof value as string] ?? typeof value;
}

/** What a shape expects, for messages. */
function expected(shape: Shape): string {
  switch (shape.kind) {
    case 'string': return 'a string';
    case 'boolean': return 'true or false';
    case 'map': return 'an object of strings, like { key: \'value\' }';
    case 'any': return 'any value';
    case 'dependable': return 'a resource to depend on';
    case 'number': return 'a number';
    case 'portOrName': return 'a port number or a port name';
    case 'enum': return `one of ${shape.values.map((v) => `'${v}'`).join(', ')} (any case)`;
    case 'list': return `a list of ${expected(shape.of).replace(/^an? /, '')}s`.replace(/ss$/, 's');
    case 'object': return 'a plain object, like { key: value }';
    case 'instance': return `a ${shape.name}`;
  }
}

/** An element of a list token (`#{TfToken[...]}`): a string that cdktf refuses anywhere but in its list. */
function isListElement(value: string): boolean {
  return !Token.isUnresolved(value) && Token.isUnresolved([value]);
}

/** A plain object (an object literal or `Object.create(null)`): not null, a list, a Map, a Date, a construct or a token. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Token.isUnresolved(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks `value` against `shape`, naming `prop` in violations. Returns the value normalized: enumerations in
 * their canonical spelling, a comma-separated string split where a list takes one, `null` as unset.
 */
export function checkShape(prop: string, value: unknown, shape: Shape & Optional, violations: Violation[]): unknown {
  if (value === undefined || value === null) {
    if (shape.required) violations.push({ prop, value: undefined, rule: `is ${value === null ? 'null' : 'missing'}`, fix: `give ${expected(shape)}` });
    return undefined;
  }
  const wrong = (): undefined => {
    violations.push({ prop, value, rule: `is ${kindOf(value)}, not ${expected(shape)}`, fix: `give ${expected(shape)}` });
    return undefined;
  };
  const listElement = (): undefined => {
    violations.push({ prop, value, rule: 'is an element of a list token, which cannot stand for a single value', fix: 'give the value itself, or Fn.element(list, index) for one element' });
    return undefined;
  };
  switch (shape.kind) {
    case 'any':
      return value;
    case 'dependable':
      return typeof value === 'object' && typeof (value as { fqn?: unknown }).fqn === 'string' ? value : wrong();
    case 'string':
      if (typeof value !== 'string') return wrong();
      return isListElement(value) ? listElement() : value;
    case 'boolean':
      if (typeof value === 'string' && isListElement(value)) return listElement();
      return typeof value === 'boolean' || isToken(value) ? value : wrong();
    case 'number':
      if (typeof value !== 'number') return wrong();
      if (isToken(value)) return value;
      return Number.isFinite(value) ? value : wrong();
    case 'portOrName':
      if (typeof value === 'string' && isListElement(value)) return listElement();
      return typeof value === 'string' || (typeof value === 'number' && (isToken(value) || Number.isInteger(value))) ? value : wrong();
    case 'enum': {
      if (typeof value !== 'string') return wrong();
      if (isListElement(value)) return listElement();
      if (isToken(value)) {
        // Which rules apply, and what is written around it, depend on the choice: it must be known at synth.
        violations.push({ prop, value, rule: 'is a token, but the rules and resources depend on this choice, so it must be known at synth', fix: `give ${expected(shape)}` });
        return undefined;
      }
      const match = shape.values.find((v) => v.toLowerCase() === value.trim().toLowerCase());
      if (match === undefined) violations.push({ prop, value, rule: `is not ${expected(shape)}`, fix: `use one of them` });
      return match;
    }
    case 'map':
      // A map token (an object that resolves later) stands for a map; a string or list token does not.
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && Token.isUnresolved(value)) return value;
      if (!isPlainObject(value)) return wrong();
      for (const [key, v] of Object.entries(value)) {
        // cdktf fails on such a key at synth ('Found an encoded list token string in a scalar string context').
        if (isListElement(key)) violations.push({ prop: `${prop} key`, value: key, rule: 'is an element of a list token, which cannot stand for a key', fix: 'give the key itself, or Fn.element(list, index) for one element' });
        checkShape(`${prop}[${show(key)}]`, v, { ...str, required: true }, violations);
      }
      return value;
    case 'list': {
      if (Array.isArray(value) && Token.isUnresolved(value)) return value;
      // A function over lists (Fn.concat, Fn.distinct) is a string token that stands for a whole list.
      if (typeof value === 'string' && isToken(value) && !isListElement(value)) return Token.asList(value);
      const list = typeof value === 'string' && shape.commaString ? value.split(',') : value;
      if (!Array.isArray(list)) return wrong();
      return list.map((item, i) => checkShape(`${prop}[${i}]`, item, { ...shape.of, required: true }, violations));
    }
    case 'object': {
      if (!isPlainObject(value)) return wrong();
      const out: Record<string, unknown> = { ...value };
      const at = (key: string) => `${prop === '' ? '' : `${prop}.`}${key}`;
      for (const [key, inner] of Object.entries(shape.props)) out[key] = checkShape(at(key), value[key], inner, violations);
      // A misspelt prop would be ignored without a word, and the plan silently different.
      const known = Object.keys(shape.props);
      for (const key of shape.open ? [] : Object.keys(value).filter((k) => !(k in shape.props) && value[k] !== undefined)) {
        const guess = nearest(key.toLowerCase(), known.map((k) => k.toLowerCase()), true);
        const named = known.find((k) => k.toLowerCase() === guess);
        const fix = named ? `the nearest prop is ${named}` : shape.otherwise ? shape.otherwise(key) : `the props are ${known.join(', ')}`;
        violations.push({ prop: at(key), value: undefined, rule: 'is not a prop here', fix });
      }
      return out;
    }
    case 'instance':
      // Object.create(Class.prototype) passes instanceof without being made: a construct has its node.
      if (value instanceof Construct && !(Object.prototype.hasOwnProperty.call(value, 'node') || (value as { node?: unknown }).node)) {
        violations.push({ prop, value: undefined, rule: `is an object with the prototype of ${shape.name} that was never constructed`, fix: `make it with new ${shape.name}(scope, id, props)` });
        return undefined;
      }
      return value instanceof shape.of ? value : wrong();
  }
}

/**
 * Checks props (or options) against their schema and returns them normalized; throws the library's error
 * naming `path` and every wrong prop. `prefix` names where options sit (`addNodePool('apps')`). Props of `null`
 * count as none, as `??` would.
 */
export function checkProps<T>(path: string, props: T | null | undefined, schema: Schema<T>, prefix = '', otherwise?: (key: string) => string): T {
  const violations: Violation[] = [];
  const out = checkShape(prefix, props ?? {}, { kind: 'object', props: schema, required: true, otherwise }, violations);
  if (violations.length > 0) throw new DualStackConfigError(violations.map((v) => describe(path, { ...v, prop: v.prop || 'props' })));
  return out as T;
}

/**
 * A construct id as constructs takes it, checked before `super()` so that a bad one gets the library's error
 * rather than one from inside constructs: a non-empty string without '/', in a construct scope.
 */
export function constructId(scope: IConstruct, id: unknown, inStack = true): string {
  const where = scope instanceof Construct ? scope.node.path || '(app)' : '(no scope)';
  const problems: Violation[] = [];
  if (!(scope instanceof Construct)) problems.push({ prop: 'scope', value: kindOf(scope), rule: 'is not a construct', fix: 'pass the stack or construct to add this to' });
  else if (inStack && !scope.node.scopes.some((s) => s instanceof TerraformStack)) {
    problems.push({ prop: 'scope', value: where, rule: 'is not inside a stack, and Terraform resources live in one', fix: 'pass a TerraformStack or a construct inside one' });
  }
  if (typeof id !== 'string' || id.trim() === '' || id.includes('/') || isToken(id)) {
    problems.push({ prop: 'id', value: id, rule: 'is not a construct id', fix: "give a non-empty string without '/', like 'Cluster'" });
  } else if (scope instanceof Construct && scope.node.tryFindChild(id)) {
    problems.push({ prop: 'id', value: id, rule: `is already taken by another construct in '${where}'`, fix: 'give each construct in one scope an id of its own' });
  }
  if (problems.length > 0) throw new DualStackConfigError(problems.map((v) => describe(where, v)));
  return id as string;
}
