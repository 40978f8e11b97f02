import { TerraformLocal, TerraformVariable, Testing } from 'cdktf';
import { CniOverlayDualStackCluster, KubenetDualStackCluster } from '../../lib';
import { foldConstants } from '../../lib/private/constants';
import { PLACE, synthJson, testStack } from '../util';

// Constant expressions are values: the gate judges what they evaluate to, and skips only what Terraform
// resolves at apply.

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

describe('the gate judges constant expressions', () => {
  test.each<[string, (s: ReturnType<typeof testStack>) => void, RegExp]>([
    ['a quoted plugin on a kubenet cluster', (s) => new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('network_profile.network_plugin', '${"azure"}'), /network_plugin|networkPlugin/],
    ['max pods as an interpolated number', (s) => new CniOverlayDualStackCluster(s, 'aks', PLACE).addNodePool('apps').resource.addOverride('max_pods', '${500}'), /maxPods 500/],
    ['ip versions reordered through tolist', (s) => new CniOverlayDualStackCluster(s, 'aks', PLACE).resource.addOverride('network_profile.ip_versions', '${tolist(["IPv6", "IPv4"])}'), /ipFamilies/],
    ['the plugin through a constant local', (s) => {
      new TerraformLocal(s, 'plugin', 'azure');
      new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('network_profile.network_plugin', '${local.plugin}');
    }, /network_plugin|networkPlugin/],
    ['an IPv6 authorized range through a constant local', (s) => {
      new TerraformLocal(s, 'ranges', ['2001:db8::/32']);
      new CniOverlayDualStackCluster(s, 'aks', PLACE).resource.addOverride('api_server_access_profile.authorized_ip_ranges', '${local.ranges}');
    }, /is an IPv6 range/],
    ['the plugin from a variable, which the rules need to know', (s) => {
      const plugin = new TerraformVariable(s, 'plugin', { type: 'string' });
      new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('network_profile.network_plugin', plugin.stringValue);
    }, /network_profile.network_plugin '\$\{var.plugin\}' is an expression known only at apply, but it decides which rules apply.*\(rule 53\)/],
  ])('refused: %s', (_name, build, message) => {
    const stack = testStack();
    build(stack);
    expect(() => Testing.synth(stack, true)).toThrow(message);
  });

  test('constants that keep the rules, and references the docs accept, pass and are written as they were', () => {
    const stack = testStack();
    const ranges = new TerraformVariable(stack, 'pods', { type: 'list(string)' });
    const cluster = new KubenetDualStackCluster(stack, 'aks', { ...PLACE, podCidrs: ranges.listValue, dnsServiceIp: '10.0.0.10' });
    cluster.resource.addOverride('network_profile.network_plugin', '${lower("KUBENET")}');
    const written = Object.values<any>(synthJson(stack).resource.azurerm_kubernetes_cluster)[0].network_profile;
    expect(written).toMatchObject({ network_plugin: '${lower("KUBENET")}', pod_cidrs: '${var.pods}' });
  });
});
