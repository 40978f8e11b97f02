import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { addExampleStacks, parseJson, printAddressPlans, printWarnings, readContext, runSynth } from '../../app';
import { DualStackConfigError } from '../../lib';
import { testApp } from '../util';

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
      expect([name, json.terraform.required_providers.time]).toEqual([name, { source: 'hashicorp/time', version: '>= 0.13.1, < 1.0.0' }]);
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

  test.each([
    ['an app-level validation', 'App-level validation failed with the following errors:\n  x'],
    ['an error annotation', 'Encountered Annotations with level "ERROR":\n[a] b'],
  ])('prints %s that failed and returns 1', (_what, message) => {
    const lines: string[] = [];
    expect(runSynth(() => { throw new Error(message); }, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual([message]);
  });

  test('throws anything else on, as the bug it is', () => {
    expect(() => runSynth(() => { throw new TypeError('boom'); })).toThrow(TypeError);
    expect(() => runSynth(() => { throw new DualStackConfigError(['x']); }, () => undefined)).not.toThrow();
  });
});

describe('parseJson', () => {
  test('parses JSON', () => {
    expect(parseJson('{"a": [1]}', 'x')).toEqual({ a: [1] });
  });

  // Node 20 gives a position for some mistakes and not for others; either way the line says where.
  test.each<[string, string, string]>([
    ['a trailing comma', '{\n  "a": 1,\n}', 'line 3, column 1 (Expected double-quoted property name)'],
    ['a bare word', '{"a": yes}', 'line 1, column 7 (Unexpected "y")'],
    ['a bare word on a later line', '{\n  "a": {\n    "b": "c" }\n  }\n  x\n', 'line 5, column 3 (Unexpected non-whitespace character after JSON)'],
    ['a missing brace', '{"a": {"b": 1}', 'line 1, column 15 (Expected \',\' or \'}\' after property value)'],
    ['a stray brace', '{"a": }', 'line 1, column 7 (Unexpected "}")'],
    ['a line break where a value goes', '{"a": tru\n}', 'line 1, column 10 (Unexpected "\\n")'],
    ['nothing', '', 'line 1, column 1 (Unexpected end of JSON input)'],
    ['half a literal', '{"a": tr', 'line 1, column 9 (Unexpected end of JSON input)'],
    ['a comment', '{\n  // the region\n  "a": 1\n}', "line 2, column 3 (Expected property name or '}')"],
  ])('names the line and column of %s, in one line', (_what, text, where) => {
    expect(() => parseJson(text, 'cdktf.json')).toThrow(new DualStackConfigError([`cdktf.json is not valid JSON at ${where}; correct it there.`]));
  });
});

describe('readContext', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-context.'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (text: string) => {
    const name = path.join(dir, `cdktf-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(name, text);
    return name;
  };

  test("gives cdktf.json's context, or none", () => {
    expect(readContext(file('{"app": "x", "context": {"aksDualstack": {"location": "westeurope"}}}'), {})).toEqual({ aksDualstack: { location: 'westeurope' } });
    expect(readContext(file('{"app": "x"}'), {})).toEqual({});
    expect(readContext(undefined, { CDKTF_CONTEXT_JSON: '' })).toEqual({});
  });

  test.each<[string, string, NodeJS.ProcessEnv, RegExp]>([
    ['cdktf.json is not an object', '[]', {}, /cdktf-\w+\.json is not a JSON object; give an object like/],
    ['its context is not an object', '{"context": "eastus2"}', {}, /cdktf-\w+\.json context is not a JSON object/],
    ['CDKTF_CONTEXT_JSON is not JSON', '{}', { CDKTF_CONTEXT_JSON: '{"a": }' }, /^CDKTF_CONTEXT_JSON is not valid JSON at line 1, column 7 \(Unexpected "}"\); correct it there\.$/],
    ['CDKTF_CONTEXT_JSON is not an object', '{}', { CDKTF_CONTEXT_JSON: '"eastus2"' }, /^CDKTF_CONTEXT_JSON is not a JSON object; give an object like .*, or unset it\.$/],
  ])('fails in one line when %s', (_what, text, env, message) => {
    expect(() => readContext(file(text), env)).toThrow(message);
  });
});
