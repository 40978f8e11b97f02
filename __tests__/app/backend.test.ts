import { CloudBackend, TerraformStack, Testing } from 'cdktf';
import { useTerraformCloud } from '../../app/backend';
import { testApp } from '../util';

const cloudOf = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)).terraform?.cloud;

test('without settings the stack keeps local state', () => {
  const stack = new TerraformStack(testApp(), 's');
  useTerraformCloud(stack, undefined);
  expect(stack.node.children.some((c) => c instanceof CloudBackend)).toBe(false);
  expect(cloudOf(stack)).toBeUndefined();
});

test('a prefix gives the stack the workspace <prefix><stack>, in the project and on the host given', () => {
  const stack = new TerraformStack(testApp(), 'overlay-dualstack');
  useTerraformCloud(stack, { organization: 'acme', workspacePrefix: 'aks-', project: 'platform', hostname: 'tfe.example.com' });
  expect(cloudOf(stack)).toEqual({ organization: 'acme', hostname: 'tfe.example.com', workspaces: { name: 'aks-overlay-dualstack', project: 'platform' } });
});

test('tags select the workspaces with those tags and the stack name', () => {
  const stack = new TerraformStack(testApp(), 'kubenet-dualstack');
  useTerraformCloud(stack, { organization: 'acme', workspaceTags: ['aks', 'prod'] });
  expect(cloudOf(stack)).toEqual({ organization: 'acme', workspaces: { tags: ['aks', 'prod', 'kubenet-dualstack'] } });
});
