import { foldConstants } from '../../lib/private/constants';

// Constant expressions are values: the gate judges what they evaluate to (tested in gate.test.ts), and skips
// only what Terraform resolves at apply. This file loads nothing but the evaluator.

test.each<[string, unknown, unknown]>([
  ['a quoted string', '${"azure"}', 'azure'],
  ['a number', '${500}', 500],
  ['a boolean', '${false}', false],
  ['a list through tolist', '${tolist(["IPv6", "IPv4"])}', ['IPv6', 'IPv4']],
  ['toset drops repeats and sorts, as Terraform does', '${toset(["b", "a", "b"])}', ['a', 'b']],
  ['tolist of mixed kinds gives strings', '${tolist(["a", 1, true])}', ['a', '1', 'true']],
  ['toset of mixed kinds gives sorted strings', '${toset(["b", true])}', ['b', 'true']],
  ['lower and upper', '${lower("KUBENET")}-${upper("x")}', 'kubenet-X'],
  ['concat of lists', '${concat(["a"], ["b", "c"])}', ['a', 'b', 'c']],
  ['join', '${join(",", ["a", "b"])}', 'a,b'],
  ['a template', 'pre-${"mid"}-post', 'pre-mid-post'],
  ['a string with an escaped quote', '${"a\\"b"}', 'a"b'],
  ['a local, constant', '${local.plugin}', 'azure'],
  ['a local of a local', '${local.indirect}', 'azure'],
  ['tonumber of a string', '${tonumber("30")}', 30],
])('%s is evaluated', (_name, written, value) => {
  expect(foldConstants({ a: written }, { plugin: 'azure', indirect: '${local.plugin}' }).a).toEqual(value);
});

test.each<[string, string]>([
  ['a variable (a run may set it)', '${var.plugin}'],
  ['a resource attribute', '${azurerm_subnet.a.id}'],
  ['an operator', '${1 + 1}'],
  ['a function not listed', '${cidrsubnet("10.0.0.0/8", 8, 1)}'],
  ['a local that is not constant', '${local.fromVariable}'],
  ['a local that does not exist', '${local.missing}'],
  ['a local that refers to itself', '${local.loop}'],
  ['an index', '${tolist(["a"])[0]}'],
  ['a directive', '%{ if true }a%{ endif }'],
  ['unbalanced', '${"a"'],
  ['a value that reads as an expression once evaluated (Terraform takes it as text)', '$${local.pw} ${"x"}'],
  ['toset of text outside ASCII, which Terraform may sort otherwise', '${toset(["é", "e"])}'],
  ['tonumber of hexadecimal', '${tonumber("0x10")}'],
  ['lower of a letter outside ASCII', '${lower("CİLIUM")}'],
  ['a number written with an exponent', '${"x"}${1e21}'],
])('%s stays an expression', (_name, written) => {
  expect(foldConstants({ a: written }, { fromVariable: '${var.x}', loop: '${local.loop}' }).a).toBe(written);
});
