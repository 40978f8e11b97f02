import { AnnotationMetadataEntryType, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { DualStackConfigError, adviseAtSynth, collect, describe as describeViolation, describeRule, show, throwIfAny, validateAtSynth } from '../../lib/private/errors';
import { testStack } from '../util';

const V = { prop: 'serviceCidrs[1]', value: 'fd12::/104', rule: 'is too large', fix: 'use a /108' };

test('a message reads: path, prop, value verbatim, rule, fix', () => {
  expect(describeViolation('stack/aks', V)).toBe("stack/aks: serviceCidrs[1] 'fd12::/104' is too large; use a /108.");
  expect(describeRule({ ...V, value: undefined, rule: 'is unset' })).toBe('serviceCidrs[1] is unset; use a /108.');
});

test('values show as the user wrote them: strings quoted, the rest as JSON, NaN as NaN', () => {
  expect([show('a'), show(['IPv6']), show({ a: 1 }), show(201), show(NaN), show(-Infinity)]).toEqual(["'a'", '["IPv6"]', '{"a":1}', '201', 'NaN', '-Infinity']);
});

test('collect flattens rule results and drops the rules that passed', () => {
  expect(collect(V, undefined, [V, V], [])).toEqual([V, V, V]);
});

test('throwIfAny throws every violation at once, one line each, with the construct path', () => {
  const scope = new Construct(testStack(), 'aks');
  expect(() => throwIfAny(scope, [])).not.toThrow();
  expect(() => throwIfAny(scope, [V, { ...V, prop: 'podCidrs[0]' }])).toThrow(
    expect.objectContaining({ name: 'DualStackConfigError', lines: [`test/aks: ${describeRule(V)}`, `test/aks: ${describeRule({ ...V, prop: 'podCidrs[0]' })}`] }),
  );
  expect(new DualStackConfigError(['a', 'b']).message).toBe('a\nb');
});

test('validateAtSynth fails the synth with validations on, and only then', () => {
  const stack = testStack();
  validateAtSynth(new Construct(stack, 'aks'), () => [V]);
  expect(() => Testing.synth(stack)).not.toThrow();
  expect(() => Testing.synth(stack, true)).toThrow(`[test/aks] ${describeRule(V)}`);
});

test('adviseAtSynth adds its warnings once, however often validation runs', () => {
  const stack = testStack();
  const scope = new Construct(stack, 'aks');
  adviseAtSynth(scope, () => [V]);
  Testing.synth(stack, true);
  Testing.synth(stack, true);
  expect(scope.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data)).toEqual([describeRule(V)]);
});

test('show keeps non-finite numbers inside lists and objects, and escapes newlines', () => {
  expect(show([Infinity, NaN])).toBe('["Infinity","NaN"]');
  expect(show('a\nb')).toBe("'a\\nb'");
});
