import { Annotations, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { REDACTED, binaryText, isBinary, isSecretKey, isSecretProp, redactText } from './secrets';

/**
 * One broken rule: which prop, the value received verbatim (messages hide it where it may be a secret), the
 * rule, and the fix.
 *
 * Rules return these without knowing where they are used; the construct adds its path.
 */
export interface Violation {
  /** The prop as the user wrote it, with an index where it is a list: `serviceCidrs[1]`. */
  readonly prop: string;
  readonly value: unknown;
  /** What is wrong, as a clause that follows the value: `is larger than /108, ...`. */
  readonly rule: string;
  /** What to do instead, as a clause: `use a /108 or smaller (e.g. '...')`. */
  readonly fix: string;
  /** The rule's number in docs/rules.md, where it has one; messages end with `(rule 6)`. */
  readonly number?: number;
  /**
   * The value names where a secret comes from (`var.pw`, `local.password`), never holds one: messages print it
   * even under a secret-like prop, whose values they otherwise hide.
   */
  readonly notSecret?: boolean;
}

/** Thrown when props break one or more rules; its message has one line per broken rule. */
export class DualStackConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'DualStackConfigError';
  }
}

/** The longest value a message quotes in full. */
const MAX_SHOWN = 80;

/**
 * Quotes a value as the user wrote it: strings in single quotes, everything else as JSON; a token (a value
 * Terraform resolves later) as `<token>`, and anything long cut short with '…'. Secrets are never printed (see
 * secrets.ts): a `secret` value (one under a secret-like prop) prints as '********' whatever its kind, and so do
 * values under secret-like keys inside objects, lists and JSON text; binary data prints as its kind and size.
 */
export function show(value: unknown, secret = false): string {
  const text = shown(value, secret);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** A string in single quotes, its secrets hidden and its control characters escaped, so that one rule stays on one line. */
function quoted(text: string): string {
  return `'${redactText(text).replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1))}'`;
}

function shown(value: unknown, secret: boolean): string {
  // An element of a list token (`#{TfToken[...]}`) is only recognised inside a list.
  if (isToken(value)) return '<token>';
  // Whether a value is set or on says nothing of a secret, and helps to read the rule.
  if (secret && value !== undefined && value !== null && typeof value !== 'boolean') return `'${REDACTED}'`;
  if (typeof value === 'string') return quoted(value);
  // JSON would print NaN and Infinity as null, and a token number as a huge negative one.
  if (typeof value === 'number') return String(value);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  if (isBinary(value)) return binaryText(value);
  if (value instanceof String) return quoted(String(value));
  try {
    return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
      // `this[key]` is the value before its toJSON (a Buffer's gives its bytes).
      const before = this[key];
      if (isToken(before) || isToken(v)) return '<token>';
      if (key !== '' && isSecretKey(key) && v !== undefined && v !== null && typeof v !== 'boolean') return REDACTED;
      if (isBinary(before)) return binaryText(before);
      if (typeof v === 'string' || v instanceof String) return redactText(String(v));
      return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
    }) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A value Terraform resolves later: a token, or an element of a list token. */
function isToken(value: unknown): boolean {
  return Token.isUnresolved(value) || (typeof value === 'string' && Token.isUnresolved([value]));
}

/**
 * `prop 'value' rule; fix. (rule 6)`, without the value when there is none (an unset prop), and without the
 * number when the rule has none.
 */
export function describeRule(v: Violation): string {
  if (typeof v !== 'object' || v === null) return `${show(v)} is not a violation; give { prop, value, rule, fix }.`;
  return `${v.prop}${v.value === undefined ? '' : ` ${show(v.value, v.notSecret !== true && isSecretProp(v.prop))}`} ${v.rule}; ${v.fix}.${v.number === undefined ? '' : ` (rule ${v.number})`}`;
}

/** `path: prop 'value' rule; fix.` */
export function describe(path: string, v: Violation): string {
  return `${path}: ${describeRule(v)}`;
}

/** Throws one error that lists every violation, each on its own line, or returns when there are none. */
export function throwIfAny(scope: IConstruct, violations: Violation[]): void {
  // Plain JavaScript may pass anything: a wrong argument is reported like a broken rule.
  const path = (scope as Partial<IConstruct> | undefined)?.node?.path;
  const list: unknown[] = Array.isArray(violations) ? violations : [{ prop: 'throwIfAny violations', value: violations, rule: 'is not a list', fix: 'pass a list of { prop, value, rule, fix }' }];
  if (list.length === 0) return;
  throw new DualStackConfigError(
    list.map((v) => {
      const ok = typeof v === 'object' && v !== null && typeof (v as Violation).prop === 'string' && typeof (v as Violation).rule === 'string' && typeof (v as Violation).fix === 'string';
      const violation = ok ? (v as Violation) : { prop: 'throwIfAny violation', value: v, rule: 'is not a violation', fix: 'give { prop, value, rule, fix }' };
      return describe(typeof path === 'string' ? path || '(app)' : '(no scope)', violation);
    }),
  );
}

/** A violation under another prop name (a rule's own name for it, as the caller's props call it). */
export function renamed(v: Violation | undefined, prop: string): Violation | undefined {
  return v && { ...v, prop };
}

/** Flattens rule results into one list, dropping the rules that passed (`undefined`). */
export function collect(...results: (Violation | Violation[] | undefined)[]): Violation[] {
  return results.flatMap((r) => (r === undefined ? [] : Array.isArray(r) ? r : [r]));
}

/**
 * Registers a check that runs at synth (`app.synth()`, `Testing.synth(stack, true)`), for rules that later
 * `addXxx()` calls can still break. cdktf prefixes each message with `[construct path]`.
 */
export function validateAtSynth(scope: IConstruct, check: () => Violation[]): void {
  scope.node.addValidation({ validate: () => check().map(describeRule) });
}

/**
 * Registers advice (a warning annotation: works, but unwise) worked out at synth, once all `addXxx()` calls
 * are in. Added once, however often validation runs.
 */
export function adviseAtSynth(scope: IConstruct, advice: () => Violation[]): void {
  let done = false;
  scope.node.addValidation({
    validate: () => {
      if (!done) advice().forEach((a) => Annotations.of(scope).addWarning(describeRule(a)));
      done = true;
      return [];
    },
  });
}
