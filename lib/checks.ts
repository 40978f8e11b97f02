import { App } from 'cdktf';
import { DualStackConfigError, describeRule } from './private/errors';
import { Schema, any, bool, checkProps as check, instance, listOf, map, num, object, oneOf, required, schema, schemaProblem, str, strList } from './private/shape';
import { reuseReadings, whileSynthesizing } from './private/written';

// The library's checks, for constructs and programs built on it (the example app in app/ is one): their own
// props refused the way the library refuses its own, with the same messages and the same error.

export { DualStackConfigError, describeRule, throwIfAny } from './private/errors';
export type { Violation } from './private/errors';
export { constructId } from './private/shape';
export type { Optional, Schema, Shape } from './private/shape';
export { isToken } from './private/rules';

/**
 * The shapes a prop may have, to describe props for {@link checkProps} once, beside the construct:
 * `const MY_PROPS = Shapes.schema('MyProps', { name: Shapes.required(Shapes.string), count: Shapes.number })`.
 * Tokens are accepted wherever Terraform could resolve one of that kind; `oneOf` takes any case and gives back
 * the spelling listed.
 */
export const Shapes = Object.freeze({ string: str, number: num, boolean: bool, map, any, stringList: strList, oneOf, listOf, object, instance, required, schema });

/**
 * Checks props against a schema made of {@link Shapes} and returns them with enumerations in their listed
 * spelling and every key of the schema present (`undefined` where unset); throws a {@link DualStackConfigError}
 * naming `path` and every wrong or unknown prop. `prefix` names where the props sit (`addThing('x')`).
 */
export function checkProps<T>(path: string, props: T | null | undefined, schema: Schema<T>, prefix = ''): T {
  const problem = schemaProblem(schema);
  if (problem) throw new DualStackConfigError([`${path}: ${describeRule(problem)}`]);
  return check(path, props, schema, prefix);
}

/**
 * Makes `app.synth()` write each stack from the configuration that this library's checks read a moment before,
 * in that stack's own validation, instead of resolving the stack again (without it, the stack is resolved
 * again and checked again if it changed). Only such readings are reused: a stack validated by hand, read by
 * another stack's checks before its own aspects ran, or of a class with its own `toTerraform`, is resolved
 * afresh, and readings end with the synth. Not for programs whose own validations or custom synthesis change a
 * stack during synth: such late changes are not written. It changes cdktf's `App` for the whole process; the
 * example app calls it once at start.
 */
export function reuseCheckedConfigurations(): void {
  reuseReadings();
  const synth = App.prototype.synth;
  App.prototype.synth = function (this: App) {
    whileSynthesizing(() => synth.call(this));
  };
}
