import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { addExampleStacks, printWarnings, readSettings } from '../lib/example-app';
import { testApp } from './util';

describe('readSettings', () => {
  const withContext = (context: Record<string, string>) => {
    const app = testApp();
    for (const [key, value] of Object.entries(context)) app.node.setContext(key, value);
    return app;
  };

  test('leaves everything unset by default, for the stacks to default', () => {
    expect(readSettings(testApp(), {})).toEqual({ location: undefined, namePrefix: undefined, kubernetesVersion: undefined });
  });

  test('reads cdktf.json context', () => {
    const app = withContext({ location: 'westeurope', namePrefix: 'ctx', kubernetesVersion: '1.32' });
    expect(readSettings(app, {})).toEqual({ location: 'westeurope', namePrefix: 'ctx', kubernetesVersion: '1.32' });
  });

  test('prefers the environment over context, and ignores empty variables', () => {
    const app = withContext({ location: 'westeurope', namePrefix: 'ctx' });
    const env = { AKS_DUALSTACK_LOCATION: 'northeurope', AKS_DUALSTACK_NAME_PREFIX: '', AKS_DUALSTACK_KUBERNETES_VERSION: '1.33' };
    expect(readSettings(app, env)).toEqual({ location: 'northeurope', namePrefix: 'ctx', kubernetesVersion: '1.33' });
  });
});

test('the app has the two stacks, and synth writes both', () => {
  const app = testApp();
  const stacks = addExampleStacks(app, { location: 'westeurope' });
  expect(stacks.map((s) => s.node.id)).toEqual(['kubenet-dualstack', 'overlay-dualstack']);
  app.synth();
  for (const name of ['kubenet-dualstack', 'overlay-dualstack']) {
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    expect(json.resource.azurerm_resource_group.ResourceGroup.location).toBe('westeurope');
  }
});

test('a bad setting fails with the stack path and the fix', () => {
  expect(() => addExampleStacks(testApp(), { namePrefix: 'Bad' })).toThrow(/^kubenet-dualstack: namePrefix 'Bad' is not a name prefix/);
});

test('printWarnings prints the kubenet retirement once, with its path', () => {
  const app: App = testApp();
  addExampleStacks(app, {});
  const lines: string[] = [];
  printWarnings(app, (line) => lines.push(line));
  expect(lines).toEqual([expect.stringMatching(/^\[WARNING\] kubenet-dualstack\/Cluster: kubenet retires on 2028-03-31/)]);
});
