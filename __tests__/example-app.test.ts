import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { addExampleStacks, printAddressPlans, printWarnings, runSynth } from '../lib/example-app';
import { DualStackConfigError } from '../lib/private/errors';
import { testApp } from './util';

describe('the whole app', () => {
  // GIVEN the app as main.ts builds it, synthesized to disk
  const app = testApp();
  const stacks = addExampleStacks(app, { location: 'westeurope' });
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  const names = Object.keys(manifest.stacks);
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];

  test('has four stacks, each workload deployed after its infrastructure', () => {
    expect(names).toEqual(['kubenet-dualstack', 'kubenet-dualstack-workload', 'overlay-dualstack', 'overlay-dualstack-workload']);
    expect(names.map((n) => [n, manifest.stacks[n].dependencies])).toEqual([
      ['kubenet-dualstack', []],
      ['kubenet-dualstack-workload', ['kubenet-dualstack']],
      ['overlay-dualstack', []],
      ['overlay-dualstack-workload', ['overlay-dualstack']],
    ]);
    expect(read('kubenet-dualstack').resource.azurerm_resource_group.ResourceGroup.location).toBe('westeurope');
    expect(stacks.overlayWorkload!.dependencies).toEqual([stacks.overlay]);
  });

  test.each(['kubenet-dualstack', 'kubenet-dualstack-workload', 'overlay-dualstack', 'overlay-dualstack-workload'])(
    '%s: every reference resolves within the stack',
    (name) => {
      const json = read(name);
      const references = strings(json).flatMap((s) => [...s.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]));
      expect(references.length).toBeGreaterThan(0);
      const dangling: string[] = [];
      for (const expression of references) {
        for (const [, data, type, id] of expression.matchAll(/(?<![\w.])(data\.)?((?:azurerm|kubernetes)_\w+)\.([\w-]+)/g)) {
          if (!(data ? json.data : json.resource)?.[type]?.[id]) dangling.push(`${data ?? ''}${type}.${id}`);
        }
        for (const [, variable] of expression.matchAll(/(?<![\w.])var\.([\w-]+)/g)) {
          if (!json.variable?.[variable]) dangling.push(`var.${variable}`);
        }
        expect(expression).not.toMatch(/TfToken|terraform_remote_state/);
      }
      expect(dangling).toEqual([]);
    },
  );

  test('no kubernetes resource or provider sits in an infrastructure stack', () => {
    for (const name of ['kubenet-dualstack', 'overlay-dualstack']) {
      const json = read(name);
      expect([name, Object.keys(json.resource).filter((t) => t.startsWith('kubernetes_'))]).toEqual([name, []]);
      // time: the role-propagation wait before the cluster.
      expect([name, Object.keys(json.provider)]).toEqual([name, ['azurerm', 'time']]);
      expect([name, json.terraform.required_providers.time]).toEqual([name, { source: 'hashicorp/time', version: '0.13.1' }]);
    }
    expect(Object.keys(read('overlay-dualstack-workload').resource).sort()).toEqual(['kubernetes_deployment_v1', 'kubernetes_service_v1']);
  });

  test('nothing sensitive appears as a literal, and credential outputs are sensitive', () => {
    for (const name of names) {
      const json = read(name);
      const flat = (value: any, key = ''): [string, unknown][] =>
        value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => flat(v, k)) : [[key, value]];
      // cdktf's own '//' metadata maps output names to themselves: not configuration.
      for (const [key, value] of flat({ ...json, '//': undefined })) {
        if (/password|secret|client_key|certificate|token|kube_config|kube_admin_config/i.test(key)) {
          expect([name, key, value]).toEqual([name, key, expect.stringMatching(/^\$\{.*\}$/)]);
        }
      }
      expect(strings(json).filter((s) => /-----BEGIN|PRIVATE KEY/.test(s))).toEqual([]);
      for (const [output, body] of Object.entries<any>(json.output ?? {})) {
        if (/kube_/.test(output)) expect([name, output, body.sensitive]).toEqual([name, output, true]);
      }
    }
  });
});

test('a bad setting fails with the stack path and the fix', () => {
  expect(() => addExampleStacks(testApp(), { namePrefix: 'Bad' })).toThrow(/^kubenet-dualstack: namePrefix 'Bad' is not a name prefix/);
});

test('printAddressPlans prints one plan per cluster, and the stacks export it as JSON', () => {
  const app: App = testApp();
  const stacks = addExampleStacks(app, {});
  const texts: string[] = [];
  printAddressPlans(app, (text) => texts.push(text));
  expect(texts.map((t) => t.split('\n')[0])).toEqual(['aksds-kubenet (kubenet) at kubenet-dualstack/Cluster', 'aksds-overlay (CNI Overlay) at overlay-dualstack/Cluster']);
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'overlay-dualstack', 'cdk.tf.json'), 'utf8'));
  expect(JSON.parse(json.output.address_plan.value)).toEqual(stacks.overlay!.cluster.addressPlan());
});

test('printWarnings prints the kubenet retirement once, with its path', () => {
  const app: App = testApp();
  addExampleStacks(app, {});
  const lines: string[] = [];
  printWarnings(app, (line) => lines.push(line));
  expect(lines).toEqual([expect.stringMatching(/^\[WARNING\] kubenet-dualstack\/Cluster: kubenet retires on 2028-03-31/)]);
});

test('settings pick the variants and reach every stack', () => {
  const app = testApp();
  const stacks = addExampleStacks(app, { variants: ['overlay'], nodeCount: 4, appsNodeCount: 1, windowsNodeCount: 3, vmSize: 'Standard_D4s_v5', podCidrs: ['10.250.0.0/16', 'fd12:1::/64'] });
  expect(Object.keys(stacks)).toEqual(['overlay', 'overlayWorkload']);
  const cluster = stacks.overlay!.cluster;
  expect(cluster.podCidrs).toEqual(['10.250.0.0/16', 'fd12:1::/64']);
  expect(cluster.nodePools.map((p) => [p.name, p.resource.nodeCountInput, p.resource.vmSizeInput])).toEqual([
    ['npwin', 3, 'Standard_D2s_v5'],
    ['apps', 1, 'Standard_D4s_v5'],
  ]);
  expect(cluster.resource.defaultNodePoolInput).toMatchObject({ nodeCount: 4, vmSize: 'Standard_D4s_v5' });
});

test('Terraform Cloud settings give every stack a workspace of its own', () => {
  const app = testApp();
  addExampleStacks(app, { terraformCloud: { organization: 'acme', workspacePrefix: 'aks-', project: 'platform' } });
  app.synth();
  const cloudOf = (name: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')).terraform.cloud;
  expect(['kubenet-dualstack', 'kubenet-dualstack-workload', 'overlay-dualstack', 'overlay-dualstack-workload'].map(cloudOf)).toEqual(
    ['kubenet-dualstack', 'kubenet-dualstack-workload', 'overlay-dualstack', 'overlay-dualstack-workload'].map((name) => ({
      organization: 'acme',
      workspaces: { name: `aks-${name}`, project: 'platform' },
    })),
  );
});

test('Terraform Cloud tags select, per stack, the workspaces with those tags and the stack name', () => {
  const app = testApp();
  addExampleStacks(app, { variants: ['kubenet'], terraformCloud: { organization: 'acme', workspaceTags: ['aks'], hostname: 'tfe.example.com' } });
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'kubenet-dualstack', 'cdk.tf.json'), 'utf8'));
  expect(json.terraform.cloud).toEqual({ organization: 'acme', hostname: 'tfe.example.com', workspaces: { tags: ['aks', 'kubenet-dualstack'] } });
  expect(json.terraform.backend).toBeUndefined();
});

test('blank location, resource group or VM size are refused by the constructs', () => {
  expect(() => addExampleStacks(testApp(), { location: ' ' })).toThrow(/location ' ' is blank/);
  expect(() => addExampleStacks(testApp(), { vmSize: '' })).toThrow(/defaultNodePool.vmSize '' is blank/);
});

describe('runSynth', () => {
  test('returns 0 when the synth succeeds', () => {
    expect(runSynth(() => undefined)).toBe(0);
  });

  test('prints a configuration error without a stack trace, then the settings in effect, and returns 1', () => {
    const lines: string[] = [];
    expect(runSynth(() => addExampleStacks(testApp(), { namePrefix: 'Bad' }), (line) => lines.push(line), () => ['AKS_DUALSTACK_NAME_PREFIX=Bad'])).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^kubenet-dualstack: namePrefix 'Bad' is not a name prefix[^\n]*\.$/), 'Settings in effect:\n  AKS_DUALSTACK_NAME_PREFIX=Bad']);
  });

  test('prints a failed synth-time validation and returns 1', () => {
    const lines: string[] = [];
    const error = new Error('Validation failed with the following errors:\n  [a] b');
    expect(runSynth(() => { throw error; }, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual([error.message]);
  });

  test('throws anything else on, as the bug it is', () => {
    expect(() => runSynth(() => { throw new TypeError('boom'); })).toThrow(TypeError);
    expect(() => runSynth(() => { throw new DualStackConfigError(['x']); }, () => undefined)).not.toThrow();
  });
});
