import { Token } from 'cdktf';
import {
  DEFAULT_MAX_SURGE,
  checkMaxSurge,
  checkNodeLabels,
  checkNodeTaints,
  checkRotationNames,
  defaultRotationName,
  surgeNodes,
} from '../../lib/private/pool-rules';

describe('checkNodeLabels', () => {
  test('passes label keys with and without a prefix, empty values, and the kubelet and node prefixes', () => {
    expect(checkNodeLabels('nodeLabels', { workload: 'web', 'example.com/tier': '', 'node.kubernetes.io/role': 'x', a: 'A_b.c-1' })).toEqual([]);
  });
  test('passes the reserved prefixes in a selector, which only reads labels', () => {
    expect(checkNodeLabels('nodeSelector', { 'kubernetes.io/os': 'linux', 'kubernetes.azure.com/agentpool': 'apps' }, false)).toEqual([]);
  });
  test.each([
    ['a key with a space', { 'bad key': 'x' }, 'nodeLabels key', /is not a label key/],
    ['a key over 63 characters', { ['k'.repeat(64)]: 'x' }, 'nodeLabels key', /is not a label key/],
    ['a key ending in -', { 'web-': 'x' }, 'nodeLabels key', /is not a label key/],
    ['an uppercase prefix', { 'Example.com/tier': 'x' }, 'nodeLabels key', /is not a label key/],
    ['the kubernetes.io prefix', { 'kubernetes.io/role': 'x' }, 'nodeLabels key', /uses the prefix 'kubernetes.io', which Kubernetes and AKS keep for themselves/],
    ['a k8s.io subdomain', { 'sub.k8s.io/x': 'y' }, 'nodeLabels key', /uses the prefix 'sub.k8s.io'/],
    ['the AKS prefix', { 'kubernetes.azure.com/mode': 'x' }, 'nodeLabels key', /uses the prefix 'kubernetes.azure.com'/],
    ['a value with a space', { workload: 'a b' }, "nodeLabels['workload']", /is not a label value/],
    ['a value over 63 characters', { workload: 'v'.repeat(64) }, "nodeLabels['workload']", /is not a label value/],
    ['a number value', { workload: 3 as unknown as string }, "nodeLabels['workload']", /is not a label value/],
  ])('fails on %s', (_what, labels, prop, rule) => {
    const [violation, ...rest] = checkNodeLabels('nodeLabels', labels);
    expect(rest).toEqual([]);
    expect(violation.prop).toBe(prop);
    expect(violation.rule).toMatch(rule);
  });
  test('fails on a list, and skips a token', () => {
    expect(checkNodeLabels('nodeLabels', ['a'] as unknown as Record<string, string>)[0].rule).toBe('is not a map of label names to values');
    expect(checkNodeLabels('nodeLabels', Token.asAny({ ref: 'x' }) as unknown as Record<string, string>)).toEqual([]);
  });
});

describe('checkNodeTaints', () => {
  test('passes key=value:Effect and key:Effect for each effect, and one key with two effects', () => {
    expect(checkNodeTaints('nodeTaints', ['dedicated=web:NoSchedule', 'gpu:NoExecute', 'spot=true:PreferNoSchedule', 'gpu:NoSchedule'])).toEqual([]);
  });
  test.each([
    ['no effect', 'dedicated=web', /is not a taint/],
    ['an unknown effect', 'dedicated=web:NoScheduel', /has the effect 'NoScheduel', not one of NoSchedule, PreferNoSchedule, NoExecute/],
    ['a bad key', 'bad key=x:NoSchedule', /has a key that is not a label key/],
    ['a bad value', 'dedicated=a b:NoSchedule', /has the value 'a b', which is not a label value/],
    ['an empty string', '', /is not a taint/],
  ])('fails on %s', (_what, taint, rule) => {
    expect(checkNodeTaints('nodeTaints', [taint])).toEqual([expect.objectContaining({ prop: 'nodeTaints[0]', value: taint, rule: expect.stringMatching(rule) })]);
  });
  test('fails when a key and effect repeat', () => {
    expect(checkNodeTaints('nodeTaints', ['a=1:NoSchedule', 'a=2:NoSchedule'])).toEqual([expect.objectContaining({ prop: 'nodeTaints[1]', rule: "repeats the key 'a' with the effect NoSchedule" })]);
  });
  test('fails on a string for the list', () => {
    expect(checkNodeTaints('nodeTaints', 'a:NoSchedule' as unknown as string[])[0].rule).toBe('is not a list of taints');
  });
});

describe('maxSurge', () => {
  test.each(['1', '3', '10%', '100%', '1%'])('passes %p', (v) => expect(checkMaxSurge('maxSurge', v)).toBeUndefined());
  test.each(['0', '0%', '101%', '-1', '1.5', '10 %', '', 'ten'])('fails on %p', (v) => {
    expect(checkMaxSurge('maxSurge', v)?.rule).toBe('is not a surge AKS takes: a whole number of nodes from 1, or a percentage from 1% to 100%');
  });
  test('fails on a number, which the provider takes as a string only', () => expect(checkMaxSurge('maxSurge', 3 as unknown as string)).toBeDefined());
  test('the default is 10%, rounded up, at least one node; a count is taken as it is', () => {
    expect(DEFAULT_MAX_SURGE).toBe('10%');
    expect([0, 1, 10, 11, 100].map((n) => surgeNodes(n))).toEqual([0, 1, 1, 2, 10]);
    expect([surgeNodes(10, '3'), surgeNodes(10, '33%'), surgeNodes(3, '100%'), surgeNodes(0, '5')]).toEqual([3, 4, 3, 0]);
  });
});

describe('rotation names', () => {
  test('default: the name and tmp when that fits, else the name cut short, t and a hash: 12 characters for Linux, 6 for Windows', () => {
    expect(defaultRotationName('nodepool1', 'Linux')).toBe('nodepool1tmp');
    expect(defaultRotationName('apps', 'Linux')).toBe('appstmp');
    expect(defaultRotationName('averylongname', 'Linux')).toMatch(/^averylont[a-z0-9]{3}$/);
    expect(defaultRotationName('npwin', 'Windows')).toMatch(/^npt[a-z0-9]{3}$/);
  });
  test('default: pools whose names share a beginning still rotate under different names', () => {
    expect(defaultRotationName('win1', 'Windows')).not.toBe(defaultRotationName('win2', 'Windows'));
    expect(defaultRotationName('workloadpool1', 'Linux')).not.toBe(defaultRotationName('workloadpool2', 'Linux'));
    expect(defaultRotationName('win1', 'Windows')).toBe(defaultRotationName('win1', 'Windows'));
  });
  const pool = (name: string, rotationName: string, osType: 'Linux' | 'Windows' = 'Linux') => ({ prefix: `addNodePool('${name}').`, name, osType, rotationName });
  test('passes distinct valid names', () => expect(checkRotationNames([pool('nodepool1', 'nodepool1tmp'), pool('apps', 'appstmp'), pool('npwin', defaultRotationName('npwin', 'Windows'), 'Windows')])).toEqual([]));
  test('fails when a rotation name is a pool name, or another pool rotates under the same name', () => {
    expect(checkRotationNames([pool('apps', 'appstmp'), pool('appstmp', 'appstmptmp')])).toEqual([
      expect.objectContaining({ prop: "addNodePool('apps').temporaryNameForRotation", rule: "is already the pool 'appstmp', so a rotation would collide with it" }),
    ]);
    expect(checkRotationNames([pool('apps', 'web'), pool('web', 'webtmp')])).toEqual([
      expect.objectContaining({ prop: "addNodePool('apps').temporaryNameForRotation", value: 'web', rule: "is already the pool 'web', so a rotation would collide with it" }),
    ]);
    expect(checkRotationNames([pool('one', 'tmp1'), pool('two', 'tmp1')])).toEqual([
      expect.objectContaining({ prop: "addNodePool('two').temporaryNameForRotation", rule: "is already the rotation name of 'one', so a rotation would collide with it" }),
    ]);
  });
  test('fails on a name AKS refuses: too long for Windows, uppercase, a leading digit', () => {
    expect(checkRotationNames([pool('npwin', 'npwintmp', 'Windows')])[0].rule).toMatch(/not a valid Windows node pool name: .* at most 6 characters/);
    expect(checkRotationNames([pool('apps', 'AppsTmp')])[0].fix).toMatch(/^set temporaryNameForRotation to another name of at most 12/);
    expect(checkRotationNames([pool('apps', '1tmp')])).toHaveLength(1);
  });
});
