import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { validateAtSynth } from './errors';

/** The time provider of each stack, once found or made. */
const providers = new WeakMap<TerraformStack, TimeProvider>();

/**
 * The stack's `time` provider (for `time_sleep`): the user's own, if the stack already has one, else one this
 * library declares. cdktf refuses a resource whose provider the stack does not declare; Terraform refuses two
 * un-aliased configurations of one provider, so a second one added later is refused at synth.
 */
export function timeProviderOf(scope: IConstruct): TimeProvider {
  const stack = TerraformStack.of(scope);
  const known = providers.get(stack);
  if (known) return known;
  const provider =
    stack.node.findAll().find((c): c is TimeProvider => c instanceof TimeProvider && c.alias === undefined) ??
    new TimeProvider(stack, 'aks-dualstack-time', {});
  providers.set(stack, provider);
  validateAtSynth(provider, () => {
    const unaliased = stack.node.findAll().filter((c) => c instanceof TimeProvider && c.alias === undefined);
    if (unaliased.length < 2) return [];
    return [{
      prop: 'time provider',
      value: unaliased.map((c) => c.node.path),
      rule: 'is declared twice in one stack without an alias, which Terraform refuses (the dual-stack clusters declare one for their role-assignment wait)',
      fix: 'remove your own TimeProvider, or create it before the first cluster so the clusters use it',
    }];
  });
  return provider;
}
