import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { addExampleStacks, printAddressPlans, printWarnings, readSettings, runSynth } from '../lib/example-app';
import { DualStackConfigError } from '../lib/private/errors';
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
    expect(stacks.overlayWorkload.dependencies).toEqual([stacks.overlay]);
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
      expect([name, Object.keys(json.provider)]).toEqual([name, ['azurerm']]);
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
  expect(JSON.parse(json.output.address_plan.value)).toEqual(stacks.overlay.cluster.addressPlan());
});

test('printWarnings prints the kubenet retirement once, with its path', () => {
  const app: App = testApp();
  addExampleStacks(app, {});
  const lines: string[] = [];
  printWarnings(app, (line) => lines.push(line));
  expect(lines).toEqual([expect.stringMatching(/^\[WARNING\] kubenet-dualstack\/Cluster: kubenet retires on 2028-03-31/)]);
});

describe('runSynth', () => {
  test('returns 0 when the synth succeeds', () => {
    expect(runSynth(() => undefined)).toBe(0);
  });

  test('prints a configuration error without a stack trace and returns 1', () => {
    const lines: string[] = [];
    expect(runSynth(() => addExampleStacks(testApp(), { namePrefix: 'Bad' }), (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^kubenet-dualstack: namePrefix 'Bad' is not a name prefix[^\n]*\.$/)]);
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
