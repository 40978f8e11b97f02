import * as fs from 'fs';
import * as path from 'path';
import { CONTEXT_KEY, SETTINGS, describeSettings, readSettings } from '../lib';
import { testApp } from './util';

function appWith(context: unknown) {
  const app = testApp();
  app.node.setContext(CONTEXT_KEY, context);
  return app;
}
const ALL_DEFAULTS = { terraformCloud: undefined };

test('nothing set gives nothing, for the stacks to default', () => {
  expect(readSettings(testApp(), {})).toEqual(ALL_DEFAULTS);
});

test('reads every kind from cdktf.json context: text, counts, lists and variants', () => {
  const context = {
    location: 'westeurope',
    namePrefix: 'ctx',
    kubernetesVersion: '1.32',
    variants: ['overlay'],
    nodeCount: 4,
    appsNodeCount: '1',
    vmSize: 'Standard_D4s_v5',
    addressSpace: ['10.1.0.0/16', 'fd00:1::/48'],
    podCidrs: '10.250.0.0/16, fd12:1::/64',
  };
  expect(readSettings(appWith(context), {})).toEqual({
    ...ALL_DEFAULTS,
    location: 'westeurope',
    namePrefix: 'ctx',
    kubernetesVersion: '1.32',
    variants: ['overlay'],
    nodeCount: 4,
    appsNodeCount: 1,
    vmSize: 'Standard_D4s_v5',
    addressSpace: ['10.1.0.0/16', 'fd00:1::/48'],
    podCidrs: ['10.250.0.0/16', 'fd12:1::/64'],
  });
});

test('prefers the environment, parses it, and ignores empty variables', () => {
  const env = {
    AKS_DUALSTACK_LOCATION: 'northeurope',
    AKS_DUALSTACK_NAME_PREFIX: '',
    AKS_DUALSTACK_VARIANTS: 'kubenet,overlay,kubenet',
    AKS_DUALSTACK_WINDOWS_NODE_COUNT: ' 5 ',
    AKS_DUALSTACK_SERVICE_CIDRS: '10.1.0.0/16,fd12:3456:789a:1::/108',
  };
  expect(readSettings(appWith({ location: 'westeurope', namePrefix: 'ctx' }), env)).toEqual({
    ...ALL_DEFAULTS,
    location: 'northeurope',
    namePrefix: 'ctx',
    variants: ['kubenet', 'overlay'],
    windowsNodeCount: 5,
    serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789a:1::/108'],
  });
});

test('reads Terraform Cloud settings into one object', () => {
  const env = { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: 'aks,prod', AKS_DUALSTACK_TFC_PROJECT: 'platform' };
  expect(readSettings(testApp(), env).terraformCloud).toEqual({ organization: 'acme', workspacePrefix: undefined, workspaceTags: ['aks', 'prod'], project: 'platform', hostname: undefined });
  // A blank setting counts as unset, like an empty environment variable.
  expect(() => readSettings(appWith({ terraformCloudOrganization: 'acme', terraformCloudWorkspacePrefix: '' }), {})).toThrow(/is set without a workspace prefix or tags/);
});

test('blank values count as unset, from either source', () => {
  expect(readSettings(appWith({ location: '', vmSize: '  ', podCidrs: [] }), { AKS_DUALSTACK_LOCATION: ' ', AKS_DUALSTACK_TFC_HOSTNAME: '' })).toEqual(ALL_DEFAULTS);
});

test('defaults shown in the table are the code\'s own', () => {
  const byKey = Object.fromEntries(SETTINGS.map((s) => [s.key, s.default]));
  expect(byKey).toMatchObject({ location: 'eastus2', namePrefix: 'aksds', nodeCount: '3', vmSize: 'Standard_D2s_v5', podCidrs: '10.244.0.0/16,fd12:3456:789a::/64' });
});

test('every setting has a distinct key and environment variable, and a doc', () => {
  expect(new Set(SETTINGS.map((s) => s.key)).size).toBe(SETTINGS.length);
  expect(new Set(SETTINGS.map((s) => s.env)).size).toBe(SETTINGS.length);
  expect(SETTINGS.filter((s) => s.doc.length < 10)).toEqual([]);
});

test('the README documents every setting', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  expect(SETTINGS.filter((s) => !readme.includes(`| \`AKS_DUALSTACK_${s.env}\` | \`${s.key}\` |`)).map((s) => s.key)).toEqual([]);
});

test('describeSettings lists each setting in effect with its source', () => {
  expect(describeSettings({ location: 'westeurope', nodeCount: 4 }, { AKS_DUALSTACK_NODE_COUNT: '5', AKS_DUALSTACK_VM_SIZE: '' })).toEqual([
    'cdktf.json aksDualstack.location="westeurope"',
    'AKS_DUALSTACK_NODE_COUNT=5',
  ]);
});

describe('invalid settings', () => {
  test.each<[string, unknown, NodeJS.ProcessEnv, string]>([
    ['an environment variable is misspelt', {}, { AKS_DUALSTACK_PODCIDRS: 'x' }, "environment variable 'AKS_DUALSTACK_PODCIDRS' is not a setting; use one of AKS_DUALSTACK_LOCATION, "],
    ['a context key is misspelt', { namePrefx: 'a' }, {}, "cdktf.json aksDualstack 'namePrefx' is not a setting; use one of location, namePrefix, "],
    ['the context is not an object', ['a'], {}, 'cdktf.json aksDualstack ["a"] is not an object'],
    ['a count is not a number', {}, { AKS_DUALSTACK_NODE_COUNT: 'three' }, "AKS_DUALSTACK_NODE_COUNT 'three' is not a whole number of nodes; give a number like 3."],
    ['a count in context is fractional', { nodeCount: 2.5 }, {}, 'cdktf.json aksDualstack.nodeCount 2.5 is not a whole number of nodes'],
    ['a count is negative', {}, { AKS_DUALSTACK_APPS_NODE_COUNT: '-1' }, "AKS_DUALSTACK_APPS_NODE_COUNT '-1' is not a whole number"],
    ['a variant is unknown', {}, { AKS_DUALSTACK_VARIANTS: 'kubenet,azure' }, "AKS_DUALSTACK_VARIANTS 'kubenet,azure' names no variant, or one that is not 'kubenet' or 'overlay'"],
    ['text is not text', { location: 42 }, {}, 'cdktf.json aksDualstack.location 42 is not a string'],
    ['an organization has no workspace prefix or tags', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme' }, "Terraform Cloud organization 'acme' is set without a workspace prefix or tags"],
    ['an organization has both', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'a-', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: 'b' }, 'is set with both a workspace prefix and tags'],
    ['workspaces come without an organization', { terraformCloudWorkspacePrefix: 'aks-' }, {}, 'Terraform Cloud settings ["terraformCloudWorkspacePrefix"] are set without an organization'],
    ['the organization name is not one', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme corp', AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'a-' }, "Terraform Cloud organization 'acme corp' is not an organization name"],
    ['the workspace prefix has a space', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'my aks-' }, "Terraform Cloud workspace prefix 'my aks-' would make workspace names Terraform Cloud refuses"],
    ['a tag has capitals', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: 'AKS' }, "Terraform Cloud workspace tag 'AKS' is not a tag Terraform Cloud accepts"],
    ['a tag ends with a hyphen', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: 'aks-' }, "Terraform Cloud workspace tag 'aks-' is not a tag Terraform Cloud accepts"],
    ['the tags are blank', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: ' , ' }, "Terraform Cloud organization 'acme' is set without a workspace prefix or tags"],
    ['the prefix makes names over 90 characters', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'p'.repeat(65) }, 'longer than 90 characters, which Terraform Cloud refuses; use a prefix of at most 64 characters'],
    ['a version in context is a number', { kubernetesVersion: 1.33 }, {}, "cdktf.json aksDualstack.kubernetesVersion 1.33 is not a string; give text, e.g. '1.33'."],
  ])('fails when %s', (_what, context, env, message) => {
    expect(() => readSettings(appWith(context), env)).toThrow(message);
  });

  test('fails with every problem at once, one per line', () => {
    expect(() => readSettings(appWith({ nodeCount: 'x' }), { AKS_DUALSTACK_VARIANTS: 'none', AKS_DUALSTACK_TYPO: '1' })).toThrow(
      expect.objectContaining({ lines: [expect.stringMatching(/AKS_DUALSTACK_TYPO/), expect.stringMatching(/VARIANTS/), expect.stringMatching(/nodeCount/)] }),
    );
  });
});
