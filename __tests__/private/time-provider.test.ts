import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Testing } from 'cdktf';
import { CniOverlayDualStackCluster, KubenetDualStackCluster } from '../../lib';
import { PLACE, synthJson, testStack } from '../util';

const second = { podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'], serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'] };

test('clusters in one stack share the one time provider they declare, pinned in required_providers', () => {
  const stack = testStack();
  const a = new KubenetDualStackCluster(stack, 'a', PLACE);
  new CniOverlayDualStackCluster(stack, 'b', { ...PLACE, ...second, network: a.network });
  const json = synthJson(stack);
  expect(json.provider.time).toEqual([{}]);
  expect(json.terraform.required_providers.time).toEqual({ source: 'hashicorp/time', version: '>= 0.13.1, < 1.0.0' });
  expect(Object.keys(json.resource.time_sleep)).toHaveLength(2);
});

test("a stack's own time provider, declared first, is used and no other is added", () => {
  const stack = testStack();
  new TimeProvider(stack, 'mine', {});
  new KubenetDualStackCluster(stack, 'aks', PLACE);
  expect(synthJson(stack).provider.time).toHaveLength(1);
  expect(stack.node.findAll().filter((c) => c instanceof TimeProvider).map((c) => c.node.id)).toEqual(['mine']);
});

test('fails at synth when a second un-aliased time provider comes after the cluster, naming both', () => {
  const stack = testStack();
  new KubenetDualStackCluster(stack, 'aks', PLACE);
  new TimeProvider(stack, 'mine', {});
  expect(() => Testing.synth(stack, true)).toThrow(
    /time provider \["test\/aks-dualstack-time","test\/mine"\] is declared twice in one stack without an alias, which Terraform refuses .*; remove your own TimeProvider, or create it before the first cluster/,
  );
});

test('an aliased time provider of the user is left alone', () => {
  const stack = testStack();
  new TimeProvider(stack, 'mine', { alias: 'other' });
  new KubenetDualStackCluster(stack, 'aks', PLACE);
  expect(synthJson(stack).provider.time).toHaveLength(2);
});
