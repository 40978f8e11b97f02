import * as fs from 'fs';
import * as path from 'path';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { App, Aspects, IAspect, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { CniOverlayDualStackCluster, DualStackClusterBase, DualStackConfigError, DualStackSubnet, DualStackVirtualNetwork, Shapes, checkProps, describeRule, formatAddressPlan, resolveNodeCounts, reuseCheckedConfigurations, throwIfAny } from '../lib';
import { PLACE, testApp } from './util';

// reuseCheckedConfigurations() changes cdktf's App and TerraformStack in this test file's module registry:
// cdktf then writes a stack from its own checks' reading, and from a fresh one whenever that reading may be stale.
const toTerraform = jest.spyOn(TerraformStack.prototype, 'toTerraform');
reuseCheckedConfigurations();
beforeEach(() => toTerraform.mockClear());

const stackJson = (app: App, stack: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
const withProvider = <T extends TerraformStack>(stack: T): T => {
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  return stack;
};

test('app.synth() resolves a checked stack once, and writes what a fresh resolve gives', () => {
  const app = testApp();
  const stack = withProvider(new TerraformStack(app, 'aks'));
  new CniOverlayDualStackCluster(stack, 'Cluster', PLACE).addNodePool('apps');
  app.synth();
  expect(toTerraform).toHaveBeenCalledTimes(1);
  expect(stackJson(app, 'aks')).toEqual(JSON.parse(JSON.stringify(stack.toTerraform())));
});

test('a stack read by another stack\'s checks before its own aspects ran is resolved afresh', () => {
  const app = testApp();
  const hub = withProvider(new TerraformStack(app, 'hub'));
  const network = new DualStackVirtualNetwork(hub, 'Network', PLACE);
  const spoke = withProvider(new TerraformStack(app, 'spoke'));
  new ResourceGroup(spoke, 'Group', { name: 'rg-spoke', location: PLACE.location });
  new DualStackSubnet(spoke, 'Apps', { network, ipv4Cidr: '10.240.9.0/24', ipv6Cidr: 'fd00:db8:deca:9::/64' });
  Aspects.of(spoke).add(new (class implements IAspect {
    visit(node: IConstruct) { if (node instanceof ResourceGroup) node.tags = { team: 'spoke' }; }
  })());
  app.synth();
  expect(Object.values<any>(stackJson(app, 'spoke').resource.azurerm_resource_group)[0].tags).toEqual({ team: 'spoke' });
});

test('a synth that fails after a stack was read leaves no reading behind for the next toTerraform', () => {
  const app = testApp();
  const stack = withProvider(new TerraformStack(app, 'aks'));
  const cluster = new CniOverlayDualStackCluster(stack, 'Cluster', PLACE);
  cluster.resource.addOverride('network_profile.pod_cidr', '10.0.0.0/16');
  expect(() => app.synth()).toThrow(/\(rule 2\)/);
  cluster.resource.addOverride('network_profile.pod_cidr', null);
  cluster.resource.tags = { fixed: 'yes' };
  expect((stack.toTerraform() as any).resource.azurerm_kubernetes_cluster[cluster.resource.friendlyUniqueId].tags).toEqual({ fixed: 'yes' });
});

test('a stack class with its own toTerraform is resolved afresh, so its changes are applied once', () => {
  class Marked extends TerraformStack {
    toTerraform(): any {
      const json = super.toTerraform();
      json.locals = { marks: [...(json.locals?.marks ?? []), 'x'] };
      return json;
    }
  }
  const app = testApp();
  const stack = withProvider(new Marked(app, 'aks'));
  new CniOverlayDualStackCluster(stack, 'Cluster', PLACE);
  app.synth();
  expect(stackJson(app, 'aks').locals).toEqual({ marks: ['x'] });
});

test('a stack validated by hand, changed, then synthesized without validation is written as changed', () => {
  const app = new App({ outdir: testApp().outdir, skipValidation: true });
  const stack = withProvider(new TerraformStack(app, 'aks'));
  const cluster = new CniOverlayDualStackCluster(stack, 'Cluster', PLACE);
  stack.runAllValidations();
  cluster.resource.tags = { changed: 'after validation' };
  app.synth();
  expect(Object.values<any>(stackJson(app, 'aks').resource.azurerm_kubernetes_cluster)[0].tags).toEqual({ changed: 'after validation' });
});

describe('the props checks, for constructs built on the library', () => {
  const schema = { name: Shapes.required(Shapes.string), os: Shapes.oneOf('Linux', 'Windows'), sizes: Shapes.listOf(Shapes.number) };
  test('normalize good props and refuse wrong ones with the library\'s message', () => {
    expect(checkProps('app/thing', { name: 'a', os: 'linux' }, schema)).toEqual({ name: 'a', os: 'Linux', sizes: undefined });
    expect(() => checkProps('app/thing', { nmae: 'a' } as Record<string, unknown>, schema as never)).toThrow("app/thing: name is missing; give a string.\napp/thing: nmae is not a prop here; the nearest prop is name.");
  });
  test.each<[string, unknown, RegExp]>([
    ['no schema', undefined, /^app\/thing: schema is undefined, not a schema; give an object of shapes/],
    ['a shape left undefined', { a: undefined }, /^app\/thing: schema\.a is not a shape: it has no known kind/],
    ['oneOf not called', { a: Shapes.oneOf }, /^app\/thing: schema\.a is not a shape: it has no known kind/],
    ['oneOf given a list', { a: Shapes.oneOf(['Linux'] as never) }, /^app\/thing: schema\.a is not a shape: oneOf takes one or more strings/],
    ['a list of nothing', { a: Shapes.listOf(undefined as never) }, /^app\/thing: schema\.a\.of is not a shape/],
    ['an instance of no class', { a: Shapes.instance({} as never, 'X') }, /^app\/thing: schema\.a is not a shape: instance takes a class and its name/],
  ])('refuse a schema built wrong from plain JavaScript: %s', (_what, bad, message) => {
    expect(() => checkProps('app/thing', {}, bad as never)).toThrow(DualStackConfigError);
    expect(() => checkProps('app/thing', {}, bad as never)).toThrow(message);
  });
  test('shapes cannot be changed; a schema may be declared again, and the library\'s own are kept', () => {
    expect(Object.isFrozen(Shapes) && Object.isFrozen(Shapes.string)).toBe(true);
    const mine = Shapes.schema('MyProps', { name: Shapes.string });
    expect(Shapes.schema('MyProps', { name: Shapes.string })).not.toBe(mine);
    expect(() => Shapes.schema('DualStackClusterProps', {})).not.toThrow();
    expect(() => new DualStackVirtualNetwork(new TerraformStack(testApp(), 's'), 'n', { ...PLACE, nmae: 'x' } as never)).toThrow(/nmae is not a prop here; the nearest prop is name/);
    expect(() => Shapes.schema(7 as never, {})).toThrow("schema name 7 is not a string; give the schema a name, like 'MyConstructProps'.");
  });
  test('props that are a class instance are refused as such, not as an object', () => {
    const stack = new TerraformStack(testApp(), 's');
    const props = new (class Props { resourceGroupName = 'rg'; location = 'westeurope'; })();
    expect(() => new DualStackVirtualNetwork(stack, 'n', props)).toThrow(/props .* is an instance of Props, not a plain object, like \{ key: value \}/);
  });
});

test('throwIfAny from plain JavaScript reports a wrong argument like a broken rule', () => {
  const stack = new TerraformStack(testApp(), 's');
  expect(() => throwIfAny(stack, [])).not.toThrow();
  expect(() => throwIfAny(stack, undefined as never)).toThrow("s: throwIfAny violations is not a list; pass a list of { prop, value, rule, fix }.");
  expect(() => throwIfAny(undefined as never, [undefined as never])).toThrow("(no scope): throwIfAny violation is not a violation; give { prop, value, rule, fix }.");
  expect(() => throwIfAny(stack, [{ prop: 'size', value: 3, rule: 'is odd', fix: 'use 4', number: 6 }])).toThrow(DualStackConfigError);
});

test('a subnet takes only a DualStackVirtualNetwork, which checks its ranges, not a look-alike', () => {
  const stack = new TerraformStack(testApp(), 's');
  const lookAlike = Object.assign(new Construct(stack, 'fake'), { resourceGroupName: 'rg', checkSubnet: () => [], registerSubnet: () => undefined });
  expect(() => new DualStackSubnet(stack, 'sub', { network: lookAlike as never, ipv4Cidr: 'banana', ipv6Cidr: 'fd00::/48' })).toThrow(/^s\/sub: network 's\/fake' is not a DualStackVirtualNetwork/);
});

test('the public helpers refuse what plain JavaScript passes them with a message, not a TypeError', () => {
  const stack = new TerraformStack(testApp(), 's');
  expect(() => formatAddressPlan(undefined as never)).toThrow("formatAddressPlan plan is not an address plan; pass what cluster.addressPlan() returns.");
  expect(resolveNodeCounts(undefined as never)).toEqual(resolveNodeCounts({}));
  expect(describeRule(undefined as never)).toBe('undefined is not a violation; give { prop, value, rule, fix }.');
  const Base = DualStackClusterBase as unknown as new (...args: unknown[]) => unknown;
  expect(() => new Base(stack, 'c', PLACE)).toThrow("s/c: DualStackClusterBase is the base of the two clusters, not a cluster; extend KubenetDualStackCluster or CniOverlayDualStackCluster.");
});
