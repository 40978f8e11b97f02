import * as fs from 'fs';
import * as path from 'path';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { App, Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { CniOverlayDualStackCluster, DualStackSubnet, DualStackVirtualNetwork, reuseCheckedConfigurations } from '../lib';
import { PLACE, testApp } from './util';

// reuseCheckedConfigurations() changes cdktf's App and TerraformStack in this test file's module registry:
// cdktf then writes a stack from its own checks' reading, and from a fresh one whenever that reading may be stale.
const toTerraform = jest.spyOn(TerraformStack.prototype, 'toTerraform');
reuseCheckedConfigurations();
beforeEach(() => toTerraform.mockClear());

const stackJson = (app: App, stack: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
const withProvider = (stack: TerraformStack) => (new (require('@cdktf/provider-azurerm/lib/provider').AzurermProvider)(stack, 'azurerm', { features: [{}] }), stack);

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

test('a stack validated by hand, changed, then synthesized without validation is written as changed', () => {
  const app = new App({ outdir: testApp().outdir, skipValidation: true });
  const stack = withProvider(new TerraformStack(app, 'aks'));
  const cluster = new CniOverlayDualStackCluster(stack, 'Cluster', PLACE);
  stack.runAllValidations();
  cluster.resource.tags = { changed: 'after validation' };
  app.synth();
  expect(Object.values<any>(stackJson(app, 'aks').resource.azurerm_kubernetes_cluster)[0].tags).toEqual({ changed: 'after validation' });
});
