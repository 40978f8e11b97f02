import { App, TerraformStack } from 'cdktf';
import { any, bool, instance, listOf, map, num, object, oneOf, required, schema, str, strList } from './private/shape';
import { takeWrittenStack, whileSynthesizing } from './private/written';

// The library's checks, for constructs and programs built on it (the example app in app/ is one): their own
// props refused the way the library refuses its own, with the same messages and the same error.

export { DualStackConfigError, describeRule, throwIfAny } from './private/errors';
export type { Violation } from './private/errors';
export { checkProps, constructId } from './private/shape';
export type { Optional, Schema, Shape } from './private/shape';
export { isToken } from './private/rules';

/**
 * The shapes a prop may have, to describe props for {@link checkProps}: `Shapes.schema('MyProps', { name:
 * Shapes.required(Shapes.string), count: Shapes.number })`. Tokens are accepted wherever Terraform could
 * resolve one of that kind; `oneOf` takes any case and gives back the spelling listed.
 */
export const Shapes = { string: str, number: num, boolean: bool, map, any, stringList: strList, oneOf, listOf, object, instance, required, schema } as const;

/**
 * Makes `app.synth()` write each stack from the configuration that this library's checks read a moment before,
 * in that stack's own validation, instead of resolving the stack again. Only such readings are reused: a stack
 * validated by hand, or read by another stack's checks before its own aspects ran, is resolved afresh. It
 * changes cdktf's `App` and `TerraformStack` for the whole process; the example app calls it once at start.
 */
export function reuseCheckedConfigurations(): void {
  const toTerraform = TerraformStack.prototype.toTerraform;
  TerraformStack.prototype.toTerraform = function (this: TerraformStack) {
    return takeWrittenStack(this) ?? toTerraform.call(this);
  };
  const synth = App.prototype.synth;
  App.prototype.synth = function (this: App) {
    whileSynthesizing(() => synth.call(this));
  };
}
