import { type AppSettings, CONTEXT_KEY, SETTINGS, type SettingSpec, describeSettings, readSettings } from '../../app';
import { testApp } from '../util';

function appWith(context: unknown) {
  const app = testApp();
  app.node.setContext(CONTEXT_KEY, context);
  return app;
}
const ALL_DEFAULTS = { terraformCloud: undefined };

/** The lines of the settings error, or none. */
function problemsOf(context: unknown, env: NodeJS.ProcessEnv): string[] {
  try {
    readSettings(appWith(context), env);
    return [];
  } catch (error) {
    return (error as { lines: string[] }).lines;
  }
}

/** A setting as readSettings returns it: Terraform Cloud ones inside `terraformCloud`. */
function settingOf(settings: AppSettings, key: string): unknown {
  if (!key.startsWith('terraformCloud')) return (settings as Record<string, unknown>)[key];
  const field = key.slice('terraformCloud'.length);
  return (settings.terraformCloud as Record<string, unknown> | undefined)?.[`${field[0].toLowerCase()}${field.slice(1)}`];
}

/** What a Terraform Cloud setting needs beside it to be taken: an organization, and a prefix or tags. */
function needs(spec: SettingSpec): NodeJS.ProcessEnv {
  if (!spec.key.startsWith('terraformCloud')) return {};
  const organization = { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme' };
  return spec.key === 'terraformCloudWorkspaceTags' ? organization : { ...organization, AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'aks-' };
}

test('nothing set gives nothing, for the stacks to default', () => {
  expect(readSettings(testApp(), {})).toEqual(ALL_DEFAULTS);
});

test('reads every kind from cdktf.json context: text, counts, lists and variants, trimmed', () => {
  const context = {
    location: 'westeurope',
    namePrefix: 'ctx',
    kubernetesVersion: '1.32',
    variants: ['Overlay'],
    nodeCount: 4,
    appsNodeCount: 1,
    vmSize: ' Standard_D4s_v5 ',
    addressSpace: ['10.1.0.0/16', 'fd00:1::/48'],
    podCidrs: ['10.250.0.0/16', ' fd12:1::/64', ''],
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

test('blank values count as unset, from either source and for every kind', () => {
  const context = { location: '', vmSize: '  ', nodeCount: '', podCidrs: [], serviceCidrs: [' '], variants: [] };
  const env = { AKS_DUALSTACK_LOCATION: ' ', AKS_DUALSTACK_TFC_HOSTNAME: '', AKS_DUALSTACK_APPS_NODE_COUNT: '', AKS_DUALSTACK_VARIANTS: ' , ' };
  expect(readSettings(appWith(context), env)).toEqual(ALL_DEFAULTS);
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

test('describeSettings lists each setting in effect with its source', () => {
  expect(describeSettings({ location: 'westeurope', nodeCount: 4 }, { AKS_DUALSTACK_NODE_COUNT: '5', AKS_DUALSTACK_VM_SIZE: '' })).toEqual([
    'cdktf.json aksDualstack.location="westeurope"',
    'AKS_DUALSTACK_NODE_COUNT=5',
  ]);
});

test('describeSettings shows numbers as written: 1e400 from JSON is Infinity, not null', () => {
  expect(describeSettings(JSON.parse('{ "nodeCount": 1e400, "appsNodeCount": 2 }'), {})).toEqual(['cdktf.json aksDualstack.nodeCount=Infinity', 'cdktf.json aksDualstack.appsNodeCount=2']);
});

test('describeSettings escapes control characters and cuts long values short, so each setting stays one short line', () => {
  const lines = describeSettings(
    { vmSize: 'Standard\u001b[31m_D2s\u2028v5', podCidrs: Array.from({ length: 20 }, (_, i) => `10.${i}.0.0/16`) },
    { AKS_DUALSTACK_LOCATION: 'east\nus2\r\u0007\u009b\u202e', AKS_DUALSTACK_NAME_PREFIX: 'x'.repeat(500), AKS_DUALSTACK_TFC_PROJECT: `${'p'.repeat(75)}\u001b[0m` },
  );
  expect(lines).toEqual([
    'AKS_DUALSTACK_LOCATION=east\\u000aus2\\u000d\\u0007\\u009b\\u202e',
    `AKS_DUALSTACK_NAME_PREFIX=${'x'.repeat(79)}…`,
    'cdktf.json aksDualstack.vmSize="Standard\\u001b[31m_D2s\\u2028v5"',
    `cdktf.json aksDualstack.podCidrs=${JSON.stringify(Array.from({ length: 20 }, (_, i) => `10.${i}.0.0/16`)).slice(0, 79)}…`,
    // Cut before an escape, never inside one.
    `AKS_DUALSTACK_TFC_PROJECT=${'p'.repeat(75)}…`,
  ]);
  for (const line of lines) expect(line).toMatch(/^[\x20-\x7e…]+$/);
  // 80 characters fit; 81 do not.
  expect(describeSettings({}, { AKS_DUALSTACK_VM_SIZE: 'v'.repeat(80) })).toEqual([`AKS_DUALSTACK_VM_SIZE=${'v'.repeat(80)}`]);
  expect(describeSettings({}, { AKS_DUALSTACK_VM_SIZE: 'v'.repeat(81) })).toEqual([`AKS_DUALSTACK_VM_SIZE=${'v'.repeat(79)}…`]);
});

describe('under the cdktf CLI, the context comes from CDKTF_CONTEXT_JSON, and messages name it', () => {
  // cdktf's App puts each key of CDKTF_CONTEXT_JSON into the context; the test app is given the same object.
  const cli = (settings: unknown) => ({ CDKTF_CONTEXT_JSON: JSON.stringify({ [CONTEXT_KEY]: settings }) });

  test.each<[string, unknown, string]>([
    ['a count is fractional', { nodeCount: 2.5 }, 'CDKTF_CONTEXT_JSON aksDualstack.nodeCount 2.5 is not a whole number of nodes; give a whole number, e.g. 3.'],
    ['a count is beyond JSON numbers', JSON.parse('{ "nodeCount": 1e400 }'), 'CDKTF_CONTEXT_JSON aksDualstack.nodeCount Infinity is not a whole number of nodes'],
    ['a key is misspelt', { nodeCont: 2 }, "CDKTF_CONTEXT_JSON aksDualstack 'nodeCont' is not a setting"],
    ['the settings are not an object', ['a'], 'CDKTF_CONTEXT_JSON aksDualstack ["a"] is a list, not an object'],
    ['workspaces come without an organization', { terraformCloudWorkspacePrefix: 'aks-' }, "CDKTF_CONTEXT_JSON aksDualstack.terraformCloudWorkspacePrefix 'aks-' is set without an organization; set CDKTF_CONTEXT_JSON aksDualstack.terraformCloudOrganization too"],
  ])('fails when %s, naming CDKTF_CONTEXT_JSON', (_what, settings, message) => {
    expect(() => readSettings(appWith(settings), cli(settings))).toThrow(message);
  });

  test('fails naming cdktf.json when CDKTF_CONTEXT_JSON is empty, or holds no settings (cdktf then keeps the given context)', () => {
    for (const env of [{ CDKTF_CONTEXT_JSON: '' }, { CDKTF_CONTEXT_JSON: '{"other":1}' }]) {
      expect(() => readSettings(appWith({ nodeCount: 2.5 }), env)).toThrow('cdktf.json aksDualstack.nodeCount 2.5 is not');
    }
  });

  test('describeSettings names it too', () => {
    expect(describeSettings({ location: 'westeurope' }, cli({ location: 'westeurope' }))).toEqual(['CDKTF_CONTEXT_JSON aksDualstack.location="westeurope"']);
  });
});

describe('untyped callers', () => {
  test('environment values that are not text are read as process.env would store them', () => {
    const env = { AKS_DUALSTACK_NODE_COUNT: 4, AKS_DUALSTACK_POD_CIDRS: null } as unknown as NodeJS.ProcessEnv;
    expect(readSettings(testApp(), env)).toEqual({ ...ALL_DEFAULTS, nodeCount: 4 });
    expect(() => readSettings(testApp(), { AKS_DUALSTACK_VARIANTS: 5 } as unknown as NodeJS.ProcessEnv)).toThrow("AKS_DUALSTACK_VARIANTS '5' names a variant other than");
  });

  test('a null environment is the process environment, as an omitted one', () => {
    const saved = process.env.AKS_DUALSTACK_LOCATION;
    process.env.AKS_DUALSTACK_LOCATION = 'swedencentral';
    try {
      expect(readSettings(testApp(), null as unknown as NodeJS.ProcessEnv).location).toBe('swedencentral');
      expect(describeSettings({}, null as unknown as NodeJS.ProcessEnv)).toContain('AKS_DUALSTACK_LOCATION=swedencentral');
    } finally {
      if (saved === undefined) delete process.env.AKS_DUALSTACK_LOCATION;
      else process.env.AKS_DUALSTACK_LOCATION = saved;
    }
  });

  test.each([[null], [undefined], [{}], ['app']])('fails when the app is %p, with the library error', (app) => {
    expect(() => readSettings(app as never, {})).toThrow(expect.objectContaining({ name: 'DualStackConfigError', message: 'readSettings app is not a cdktf App; pass the App whose context holds the settings.' }));
  });
});

describe('invalid settings', () => {
  test.each<[string, unknown, NodeJS.ProcessEnv, string]>([
    ['an environment variable is misspelt', {}, { AKS_DUALSTACK_PODCIDRS: 'x' }, "environment variable 'AKS_DUALSTACK_PODCIDRS' is not a setting; use one of AKS_DUALSTACK_LOCATION, "],
    ['a context key is misspelt', { namePrefx: 'a' }, {}, "cdktf.json aksDualstack 'namePrefx' is not a setting; use one of location, namePrefix, "],
    ['the context is not an object', ['a'], {}, 'cdktf.json aksDualstack ["a"] is a list, not an object'],
    ['the context is null', null, {}, 'cdktf.json aksDualstack is null, not an object'],
    ['a count is not a number', {}, { AKS_DUALSTACK_NODE_COUNT: 'three' }, "AKS_DUALSTACK_NODE_COUNT 'three' is not a whole number of nodes; give a whole number, e.g. 3."],
    ['a count in context is fractional', { nodeCount: 2.5 }, {}, 'cdktf.json aksDualstack.nodeCount 2.5 is not a whole number of nodes; give a whole number, e.g. 3.'],
    ['a count in context is negative', { nodeCount: -1 }, {}, 'cdktf.json aksDualstack.nodeCount -1 is not a whole number of nodes; give a whole number, e.g. 3.'],
    ['a count is negative', {}, { AKS_DUALSTACK_APPS_NODE_COUNT: '-1' }, "AKS_DUALSTACK_APPS_NODE_COUNT '-1' is not a whole number of nodes; give a whole number, e.g. 2."],
    ['a count is beyond counting', {}, { AKS_DUALSTACK_APPS_NODE_COUNT: '9'.repeat(20) }, `AKS_DUALSTACK_APPS_NODE_COUNT '${'9'.repeat(20)}' is not a whole number of nodes`],
    ['a variant is unknown', {}, { AKS_DUALSTACK_VARIANTS: 'kubenet,azure' }, "AKS_DUALSTACK_VARIANTS 'kubenet,azure' names a variant other than 'kubenet' or 'overlay'; give 'kubenet', 'overlay' or 'kubenet,overlay'."],
    ['a variant in context is unknown', { variants: ['azure'] }, {}, 'cdktf.json aksDualstack.variants ["azure"] names a variant other than \'kubenet\' or \'overlay\'; give ["kubenet"], ["overlay"] or ["kubenet", "overlay"].'],
    ['an organization has no workspace prefix or tags', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme' }, "AKS_DUALSTACK_TFC_ORGANIZATION 'acme' is set without a workspace prefix or tags; give AKS_DUALSTACK_TFC_WORKSPACE_PREFIX (one workspace '<prefix><stack>' per stack) or AKS_DUALSTACK_TFC_WORKSPACE_TAGS."],
    ['an organization in context has no workspace prefix or tags', { terraformCloudOrganization: 'acme' }, {}, "cdktf.json aksDualstack.terraformCloudOrganization 'acme' is set without a workspace prefix or tags; give cdktf.json aksDualstack.terraformCloudWorkspacePrefix (one workspace '<prefix><stack>' per stack) or cdktf.json aksDualstack.terraformCloudWorkspaceTags."],
    ['an organization has both', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'a-', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: 'b' }, "AKS_DUALSTACK_TFC_WORKSPACE_PREFIX 'a-' is set with AKS_DUALSTACK_TFC_WORKSPACE_TAGS too, and a stack's cloud block takes one of them; remove one."],
    ['both, from the two sources', { terraformCloudWorkspaceTags: ['b'] }, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'a-' }, "AKS_DUALSTACK_TFC_WORKSPACE_PREFIX 'a-' is set with cdktf.json aksDualstack.terraformCloudWorkspaceTags too"],
    ['workspaces come without an organization', { terraformCloudWorkspacePrefix: 'aks-' }, {}, "cdktf.json aksDualstack.terraformCloudWorkspacePrefix 'aks-' is set without an organization; set cdktf.json aksDualstack.terraformCloudOrganization too, or remove it for local state."],
    ['a hostname comes without an organization', {}, { AKS_DUALSTACK_TFC_HOSTNAME: 'tfe.example.com' }, "AKS_DUALSTACK_TFC_HOSTNAME 'tfe.example.com' is set without an organization; set AKS_DUALSTACK_TFC_ORGANIZATION too, or remove it for local state."],
    ['the organization name is not one', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme corp', AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'a-' }, "AKS_DUALSTACK_TFC_ORGANIZATION 'acme corp' is not an organization name; use letters, digits, - and _."],
    ['the workspace prefix has a space', { terraformCloudOrganization: 'acme', terraformCloudWorkspacePrefix: 'my aks-' }, {}, "cdktf.json aksDualstack.terraformCloudWorkspacePrefix 'my aks-' would make workspace names Terraform Cloud refuses; use letters, digits, - and _."],
    ['a tag has capitals', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: 'aks,AKS' }, "AKS_DUALSTACK_TFC_WORKSPACE_TAGS holds 'AKS', which is not a tag Terraform Cloud accepts; use lowercase letters"],
    ['a tag in context ends with a hyphen', { terraformCloudOrganization: 'acme', terraformCloudWorkspaceTags: ['aks-'] }, {}, "cdktf.json aksDualstack.terraformCloudWorkspaceTags holds 'aks-', which is not a tag Terraform Cloud accepts"],
    ['the tags are blank', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: ' , ' }, "AKS_DUALSTACK_TFC_ORGANIZATION 'acme' is set without a workspace prefix or tags"],
    ['the prefix makes names over 90 characters', {}, { AKS_DUALSTACK_TFC_ORGANIZATION: 'acme', AKS_DUALSTACK_TFC_WORKSPACE_PREFIX: 'p'.repeat(65) }, `AKS_DUALSTACK_TFC_WORKSPACE_PREFIX '${'p'.repeat(65)}' would make workspace names like`],
    ['cdktf.json is wrong where the environment overrides it', { nodeCount: '3' }, { AKS_DUALSTACK_NODE_COUNT: '4' }, "cdktf.json aksDualstack.nodeCount '3' is a string, not a whole number of nodes"],
  ])('fails when %s', (_what, context, env, message) => {
    expect(() => readSettings(appWith(context), env)).toThrow(message);
  });

  test('fails with every problem at once, one per line', () => {
    expect(() => readSettings(appWith({ nodeCount: 'x' }), { AKS_DUALSTACK_VARIANTS: 'none', AKS_DUALSTACK_TYPO: '1' })).toThrow(
      expect.objectContaining({ lines: [expect.stringMatching(/AKS_DUALSTACK_TYPO/), expect.stringMatching(/VARIANTS/), expect.stringMatching(/nodeCount/)] }),
    );
  });
});

describe('one rule for every setting: cdktf.json values have their kind\'s JSON type, the environment is text', () => {
  const asList = (example: string) => `[${example.split(',').map((part) => `"${part}"`).join(', ')}]`;
  // What each kind asks for, with the setting's own example written as that kind.
  const FIX: Record<SettingSpec['kind'], (example: string) => string> = {
    string: (example) => `give text, e.g. '${example}'`,
    count: (example) => `give a whole number, e.g. ${example}`,
    list: (example) => `give a list of strings, e.g. ${asList(example)}`,
    variants: (example) => `give a list of strings, e.g. ${asList(example)}`,
  };
  const EXPECTED = { string: 'a string', count: 'a whole number of nodes', list: 'a list of strings', variants: 'a list of strings' };
  // Values of the wrong kind for each kind, as the message shows them, and what it says of them.
  const lists: [unknown, string, string][] = [
    ['10.0.0.0/8,fd00::/64', "'10.0.0.0/8,fd00::/64'", 'is a string, not a list of strings'],
    [5, '5', 'is a number, not a list of strings'],
    [{ a: 'b' }, '{"a":"b"}', 'is an object, not a list of strings'],
    [true, 'true', 'is a boolean, not a list of strings'],
    [[['x']], '[["x"]]', 'is a list holding a list, not a list of strings'],
    [['x', 1], '["x",1]', 'is a list holding a number, not a list of strings'],
    [[null], '[null]', 'is a list holding null, not a list of strings'],
  ];
  const WRONG: Record<SettingSpec['kind'], [unknown, string, string][]> = {
    string: [
      [1.33, '1.33', 'is a number, not a string'],
      [0, '0', 'is a number, not a string'],
      [{ a: 1 }, '{"a":1}', 'is an object, not a string'],
      [false, 'false', 'is a boolean, not a string'],
      [['x'], '["x"]', 'is a list, not a string'],
      [[['x']], '[["x"]]', 'is a list, not a string'],
    ],
    count: [
      ['3', "'3'", 'is a string, not a whole number of nodes'],
      [{ n: 3 }, '{"n":3}', 'is an object, not a whole number of nodes'],
      [true, 'true', 'is a boolean, not a whole number of nodes'],
      [[3], '[3]', 'is a list, not a whole number of nodes'],
      [[[3]], '[[3]]', 'is a list, not a whole number of nodes'],
      [2.5, '2.5', 'is not a whole number of nodes'],
    ],
    list: lists,
    variants: lists,
  };
  const cases = SETTINGS.flatMap((spec) =>
    WRONG[spec.kind].map(([value, shown, rule]): [string, unknown, string] => [spec.key, value, `cdktf.json aksDualstack.${spec.key} ${shown} ${rule}; ${FIX[spec.kind](spec.example)}.`]),
  );

  test.each(cases)('cdktf.json %s %j is refused, in one line that names the key', (key, value, message) => {
    expect(problemsOf({ [key]: value }, {})).toEqual([message]);
  });

  test.each(SETTINGS.map((spec): [string, SettingSpec] => [spec.key, spec]))('cdktf.json %s null is refused, in one line that names the key', (key, spec) => {
    expect(problemsOf({ [key]: null }, {})).toEqual([
      `cdktf.json aksDualstack.${key} is null, not ${EXPECTED[spec.kind]}; ${FIX[spec.kind](spec.example)}, or leave it out for the default.`,
    ]);
  });

  test.each(SETTINGS.map((spec): [string, SettingSpec] => [`AKS_DUALSTACK_${spec.env}`, spec]))('%s takes text and parses it by kind', (name, spec) => {
    // The example as text, with spaces around each part: what cdktf.json refuses as a string, the environment takes.
    const text = ` ${spec.example.split(',').join(' , ')} `;
    const parsed = { string: spec.example, count: Number(spec.example), list: spec.example.split(','), variants: spec.example.split(',') }[spec.kind];
    expect(settingOf(readSettings(testApp(), { ...needs(spec), [name]: text }), spec.key)).toEqual(parsed);
  });

  test.each(SETTINGS.filter((spec) => spec.kind === 'count').flatMap((spec) => ['three', '2.5', '-1', '1e3', '0x10'].map((text): [string, string, SettingSpec] => [`AKS_DUALSTACK_${spec.env}`, text, spec])))(
    '%s %j is refused, in one line that names the variable',
    (name, text, spec) => {
      expect(problemsOf({}, { [name]: text })).toEqual([`${name} '${text}' is not a whole number of nodes; give a whole number, e.g. ${spec.example}.`]);
    },
  );
});

test('a workspace tag or prefix in a message is escaped and cut short like the settings in effect', () => {
  let message = '';
  try {
    readSettings(testApp(), { AKS_DUALSTACK_TFC_ORGANIZATION: 'org', AKS_DUALSTACK_TFC_WORKSPACE_TAGS: 'ok,\u001b[2J\u001b]0;pwned\u0007x' });
  } catch (error) {
    message = String(error);
  }
  expect(message).toContain("holds '\\u001b[2J\\u001b]0;pwned\\u0007x', which is not a tag");
  expect(message).not.toMatch(/[\u0000-\u0008\u001b]/);
});
