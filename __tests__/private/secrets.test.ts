import { AnnotationMetadataEntryType, DataResource, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { DataAzurermKeyVaultSecret } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
import { CniOverlayDualStackCluster } from '../../lib';
import { Shapes, checkProps, throwIfAny } from '../../lib/checks';
import { adviseAtSynth, describeRule, show } from '../../lib/private/errors';
import { checkWrittenSecret } from '../../lib/private/gate';
import { isSecretKey, isSecretProp, redactText } from '../../lib/private/secrets';
import { PLACE, testStack } from '../util';

// Secrets are never echoed: not in a thrown message, not in a warning, whatever shape the props around them
// have. And no literal reaches a written password through what synth can follow.

const SECRET = 'Hunter2!secret';

/** The message a call throws. */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

const cluster = (windowsProfile: unknown) => () => new CniOverlayDualStackCluster(testStack(), 'aks', { ...PLACE, windowsProfile: windowsProfile as never });

describe('a Windows profile of the wrong shape never echoes its password', () => {
  test.each<[string, unknown, RegExp]>([
    ['a JSON string', JSON.stringify({ adminUsername: 'a', adminPassword: SECRET }), /^test\/aks: windowsProfile '\{"adminUsername":"a","adminPassword":"\*{8}"\}' is a string, not a plain object/],
    ['a JSON string with spaces', JSON.stringify({ adminUsername: 'a', adminPassword: SECRET }, null, 2), /windowsProfile '\{"adminUsername":"a","adminPassword":"\*{8}"\}' is a string/],
    ['a JavaScript-like string', `{ adminUsername: 'a', adminPassword: '${SECRET}' }`, /windowsProfile '\*{8}' is a string/],
    ['a list of profiles', [{ adminUsername: 'a', adminPassword: SECRET }], /windowsProfile \[\{"adminUsername":"a","adminPassword":"\*{8}"\}\] is a list/],
    ['a list holding the JSON', [JSON.stringify({ adminPassword: SECRET })], /windowsProfile \["\{\\"adminPassword\\":\\"\*{8}\\"\}"\] is a list/],
    ['a boxed string password', { adminUsername: 'a', adminPassword: new String(SECRET) }, /^test\/aks: windowsProfile\.adminPassword '\*{8}' is an instance of String, not a string; give a string\.$/],
    ['a Buffer password', { adminUsername: 'a', adminPassword: Buffer.from(SECRET) }, /^test\/aks: windowsProfile\.adminPassword '\*{8}' is an instance of Buffer, not a string/],
    ['a number password', { adminUsername: 'a', adminPassword: 12345678 }, /windowsProfile\.adminPassword '\*{8}' is a number/],
    ['a profile of a class', Object.assign(new (class Profile {})(), { adminUsername: 'a', adminPassword: SECRET }), /windowsProfile \{"adminUsername":"a","adminPassword":"\*{8}"\} is an instance of Profile/],
    ['a profile whose toJSON gives the JSON', new (class Profile { toJSON() { return JSON.stringify({ adminPassword: SECRET }); } })(), /windowsProfile "\{\\"adminPassword\\":\\"\*{8}\\"\}" is an instance of Profile/],
    ['a Buffer profile', Buffer.from(JSON.stringify({ adminPassword: SECRET })), /windowsProfile <Buffer of 34 bytes> is an instance of Buffer/],
    ['a Map profile', new Map([['adminPassword', SECRET]]), /windowsProfile \{\} is an instance of Map/],
    ['a password in a wrong-shaped username', { adminUsername: { password: SECRET }, adminPassword: SECRET }, /windowsProfile\.adminUsername \{"password":"\*{8}"\} is an object, not a string/],
  ])('%s', (_what, profile, message) => {
    const text = thrown(cluster(profile));
    expect(text).toMatch(message);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Hunter2');
  });

  test('a literal password of the right shape is refused without echo (rule 28)', () => {
    const text = thrown(cluster({ adminUsername: 'azureuser', adminPassword: SECRET }));
    expect(text).toMatch(/windowsProfile\.adminPassword '\*{8}' is a literal string.*\(rule 28\)/);
    expect(text).not.toContain(SECRET);
  });
});

describe('checkProps hides the values of secret-like props of programs built on the library', () => {
  const MY_PROPS = Shapes.schema('SecretsTestProps', {
    name: Shapes.required(Shapes.string),
    password: Shapes.string,
    clientSecret: Shapes.string,
    token: Shapes.string,
    connectionString: Shapes.string,
    key: Shapes.string,
    storageAccountKey: Shapes.string,
    database: Shapes.object<{ host?: string; adminPassword?: string }>({ host: Shapes.string, adminPassword: Shapes.string }),
    tags: Shapes.map,
    tokenTtl: Shapes.number,
    secretRotationEnabled: Shapes.boolean,
    labelKey: Shapes.string,
    endpoint: Shapes.string,
  });
  type P = Record<keyof typeof MY_PROPS, unknown>;
  const check = (props: Partial<P>) => thrown(() => checkProps('app/thing', { name: 'x', ...props } as P, MY_PROPS as never));

  test.each<[string, Partial<P>, RegExp]>([
    ['a password as a number', { password: 1234 }, /^app\/thing: password '\*{8}' is a number, not a string; give a string\.$/],
    ['a client secret as a list', { clientSecret: [SECRET] }, /^app\/thing: clientSecret '\*{8}' is a list, not a string/],
    ['a token boxed', { token: new String(SECRET) }, /^app\/thing: token '\*{8}' is an instance of String/],
    ['a connection string as a Buffer', { connectionString: Buffer.from(SECRET) }, /^app\/thing: connectionString '\*{8}' is an instance of Buffer/],
    ['a key as an object', { key: { value: SECRET } }, /^app\/thing: key '\*{8}' is an object/],
    ['a storage account key as a number list', { storageAccountKey: [SECRET] }, /^app\/thing: storageAccountKey '\*{8}' is a list/],
    ['a nested object as JSON', { database: JSON.stringify({ host: 'db', adminPassword: SECRET }) }, /^app\/thing: database '\{"host":"db","adminPassword":"\*{8}"\}' is a string/],
    ['a nested password boxed', { database: { host: 'db', adminPassword: new String(SECRET) } }, /^app\/thing: database\.adminPassword '\*{8}' is an instance of String/],
    ['a tag under a secret-like key', { tags: { password: [SECRET] } }, /^app\/thing: tags\['password'\] '\*{8}' is a list/],
    ['a connection string in a plain prop', { endpoint: [`Server=db;User Id=a;Password=${SECRET};`] }, /^app\/thing: endpoint \['\*{8}'\]|^app\/thing: endpoint \["\*{8}"\] is a list/],
    ['a URL with a password in a plain prop', { endpoint: [`https://a:${SECRET}@example.com`] }, /^app\/thing: endpoint \["\*{8}"\] is a list/],
  ])('%s', (_what, props, message) => {
    const text = check(props);
    expect(text).toMatch(message);
    expect(text).not.toContain('Hunter2');
  });

  test('values that name no secret are still shown as given', () => {
    expect(check({ tokenTtl: 'soon', secretRotationEnabled: 'yes', labelKey: 5, endpoint: 7 }).split('\n')).toEqual([
      "app/thing: tokenTtl 'soon' is a string, not a number; give a number.",
      "app/thing: secretRotationEnabled 'yes' is a string, not true or false; give true or false.",
      'app/thing: labelKey 5 is a number, not a string; give a string.',
      'app/thing: endpoint 7 is a number, not a string; give a string.',
    ]);
  });

  test('an unknown secret-like prop is named, never echoed', () => {
    expect(check({ pasword: SECRET } as never)).toBe('app/thing: pasword is not a prop here; the nearest prop is password.');
  });

  test("a program's own violations and warnings hide them too", () => {
    const stack = testStack();
    const scope = new Construct(stack, 'thing');
    expect(thrown(() => throwIfAny(scope, [{ prop: 'sasToken', value: SECRET, rule: 'is refused', fix: 'pass a token' }]))).toBe("test/thing: sasToken '********' is refused; pass a token.");
    adviseAtSynth(scope, () => [
      { prop: 'settings', value: { apiKey: SECRET, region: 'eastus2' }, rule: 'is unwise', fix: 'keep keys in a vault' },
      { prop: 'settings.primary_access_key', value: SECRET, rule: 'is unwise', fix: 'keep keys in a vault' },
    ]);
    Testing.synth(stack, true);
    const warnings = scope.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data as string);
    expect(warnings).toEqual([
      'settings {"apiKey":"********","region":"eastus2"} is unwise; keep keys in a vault.',
      "settings.primary_access_key '********' is unwise; keep keys in a vault.",
    ]);
  });
});

describe('what counts as a secret', () => {
  test.each(['password', 'adminPassword', 'admin_password', 'ADMIN_PASSWORD', 'dbpassword', 'passwd', 'pwd', 'clientSecret', 'client_secret', 'secrets', 'token', 'sasToken', 'sas', 'sig', 'credentials', 'connectionString', 'connection_strings', 'key', 'apiKey', 'APIKey', 'privateKey', 'storageAccountKey', 'primary_access_key', 'accountKey', 'secretValue', 'password_data', 'authorization'])('%s is', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  test.each(['adminUsername', 'name', 'secretRotationEnabled', 'secretRotationInterval', 'keyVaultSecretsProvider', 'keyVaultSecretId', 'passwordAuthenticationDisabled', 'tokenTtl', 'labelKey', 'publicKey', 'sshKey', 'monkey', 'passthrough', 'bypass'])('%s is not', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
  test('a prop is one when any of its keys is; words after a space describe it', () => {
    expect(["tags['password']", 'clientSecret[0]', 'windows_profile.0.admin_password', "addNodePool('a').credentials.user"].map(isSecretProp)).toEqual([true, true, true, true]);
    expect(['nodeLabels key', "addNodePool('password').nodeLabels", 'schema name', 'windowsProfile', undefined].map(isSecretProp)).toEqual([false, false, false, false, false]);
  });
  test('free text: JSON keeps its shape; an assignment of a secret key or a URL password hides it whole; a bare key is a label', () => {
    expect(redactText('{"a":1,"b":{"token":"x"}}')).toBe('{"a":1,"b":{"token":"********"}}');
    expect(redactText('{"a":1}')).toBe('{"a":1}');
    expect(redactText('"x"')).toBe('"x"');
    expect(redactText('AccountName=a;AccountKey=abc==;')).toBe('********');
    expect(redactText('password: x')).toBe('********');
    expect(redactText('https://u:p@host/x')).toBe('********');
    expect(redactText('https://host/x?sv=1&sig=abc')).toBe('********');
    expect(redactText('key=value:NoSchedule')).toBe('key=value:NoSchedule');
    expect(redactText('fd12::/64')).toBe('fd12::/64');
  });
  test('show: a secret prints as stars whatever its kind, except a token, null or a boolean', () => {
    expect([show(SECRET, true), show(1, true), show(['a'], true), show(null, true), show(false, true), show(new TerraformVariable(testStack(), 'v', {}).stringValue, true)]).toEqual(["'********'", "'********'", "'********'", 'null', 'false', '<token>']);
    expect(show(new Uint8Array([1, 2]))).toBe('<Uint8Array of 2 bytes>');
    expect(show({ nested: [{ password: SECRET }] })).toBe('{"nested":[{"password":"********"}]}');
    expect(show(new String('plain'))).toBe("'plain'");
    expect(describeRule({ prop: 'password', value: 'var.pw', notSecret: true, rule: 'r', fix: 'f' })).toBe("password 'var.pw' r; f.");
  });
});

// The gate: a literal that reaches the written password through what synth knows is refused, never echoed.

const passwordVariable = (stack: TerraformStack, id = 'pw', props: object = {}) => new TerraformVariable(stack, id, { type: 'string', sensitive: true, ...props }).stringValue;
const windows = (stack: TerraformStack, adminPassword: string) => new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, windowsProfile: { adminUsername: 'azureuser', adminPassword } });
const synthMessage = (stack: TerraformStack) => thrown(() => Testing.synth(stack, true));
const vault = (stack: TerraformStack, id: string, value: string, name = id) => new KeyVaultSecret(stack, id, { name, keyVaultId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv', value });

describe('the gate follows what is known at synth to a literal (rule 28)', () => {
  test.each<[string, (s: TerraformStack) => void, RegExp]>([
    ['terraform_data output of a literal input', (s) => windows(s, new DataResource(s, 'pw', { input: { pw: SECRET } }).getStringAttribute('output.pw')), /windowsProfile\.adminPassword 'terraform_data\.pw\.output\.pw' reads terraform_data\.pw\.output\.pw, which would be written into cdk\.tf\.json with a literal part, in clear text/],
    ['terraform_data output, whole, holding a literal', (s) => windows(s, new DataResource(s, 'data', { input: { user: 'a', pw: passwordVariable(s) } }).getStringAttribute('output')), /'terraform_data\.data\.output' reads terraform_data\.data\.output, which would be written .* literal part/],
    ['a key vault secret written with a literal, read back by a data source', (s) => {
      const written = vault(s, 'kvs', SECRET, 'windows-pw');
      windows(s, new DataAzurermKeyVaultSecret(s, 'read', { name: 'windows-pw', keyVaultId: written.keyVaultId }).value);
    }, /'data\.azurerm_key_vault_secret\.read\.value' reads data\.azurerm_key_vault_secret\.read\.value, which reads azurerm_key_vault_secret\.kvs\.value, which would be written .* literal part/],
    ['a key vault secret read back by its name in another case (Key Vault takes names in any case)', (s) => {
      const written = vault(s, 'kvs', SECRET, 'winpw');
      windows(s, new DataAzurermKeyVaultSecret(s, 'read', { name: 'WINPW', keyVaultId: '/SUBSCRIPTIONS/0/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV' }).value);
      void written;
    }, /reads azurerm_key_vault_secret\.kvs\.value, which would be written/],
    ['a key vault secret read by its name attribute', (s) => {
      const written = vault(s, 'kvs', SECRET);
      windows(s, new DataAzurermKeyVaultSecret(s, 'read', { name: written.name, keyVaultId: 'kv' }).value);
    }, /reads azurerm_key_vault_secret\.kvs\.value, which would be written/],
    ['an external program', (s) => {
      const aks = windows(s, passwordVariable(s));
      s.addOverride('data.external.pw', { program: ['echo', JSON.stringify({ pw: SECRET })] });
      aks.resource.addOverride('windows_profile.admin_password', '${data.external.pw.result.pw}');
    }, /'data\.external\.pw\.result\.pw' is the result of an external program, which Terraform runs at plan .* cannot be known at synth; read the secret where it is kept/],
    ['an external program behind a local', (s) => {
      const aks = windows(s, passwordVariable(s));
      s.addOverride('data.external.pw', { program: ['./pw.sh'] });
      s.addOverride('locals.pw', '${data.external.pw.result.pw}');
      aks.resource.addOverride('windows_profile.admin_password', '${local.pw}');
    }, /'local\.pw' reads local\.pw, which .*external program/],
    ['a dynamic windows profile over a literal for_each', (s) => {
      const aks = windows(s, passwordVariable(s));
      aks.resource.addOverride('windows_profile', undefined);
      aks.resource.addOverride('dynamic.windows_profile', { for_each: [{ user: 'azureuser', pw: SECRET }], content: { admin_username: '${windows_profile.value.user}', admin_password: '${windows_profile.value.pw}' } });
    }, /dynamic\.windows_profile\.content\.admin_password 'windows_profile\.value\.pw' reads windows_profile\.value\.pw, which would be written .* literal part/],
    ['a dynamic block with an iterator, over a map keyed by the literal', (s) => {
      const aks = windows(s, passwordVariable(s));
      aks.resource.addOverride('windows_profile', undefined);
      aks.resource.addOverride('dynamic.windows_profile', { for_each: { [SECRET]: 'azureuser' }, iterator: 'p', content: { admin_username: '${p.value}', admin_password: '${p.key}' } });
    }, /'p\.key' reads p\.key, which would be written .* literal part/],
    ['a windows profile overridden as a JSON string', (s) => windows(s, passwordVariable(s)).resource.addOverride('windows_profile', JSON.stringify({ admin_username: 'a', admin_password: SECRET })), /windowsProfile '\*{8}' would be written into cdk\.tf\.json with a literal part/],
  ])('refuses %s, without echo', (_what, build, message) => {
    const stack = testStack();
    build(stack);
    const text = synthMessage(stack);
    expect(text).toMatch(message);
    expect(text).not.toContain('Hunter2');
  });

  test.each<[string, (s: TerraformStack) => void]>([
    ['terraform_data output of a variable', (s) => windows(s, new DataResource(s, 'data', { input: { pw: passwordVariable(s) } }).getStringAttribute('output.pw'))],
    ['a key vault secret written from a variable, read back', (s) => {
      const written = vault(s, 'kvs', passwordVariable(s), 'windows-pw');
      windows(s, new DataAzurermKeyVaultSecret(s, 'read', { name: 'windows-pw', keyVaultId: written.keyVaultId }).value);
    }],
    ['a key vault secret this stack does not write', (s) => {
      vault(s, 'other', passwordVariable(s), 'other-secret');
      windows(s, new DataAzurermKeyVaultSecret(s, 'read', { name: 'windows-pw', keyVaultId: 'kv' }).value);
    }],
    ['a dynamic windows profile over a variable', (s) => {
      const aks = windows(s, passwordVariable(s));
      aks.resource.addOverride('windows_profile', undefined);
      aks.resource.addOverride('dynamic.windows_profile', { for_each: '${var.profiles}', content: { admin_username: '${windows_profile.value.user}', admin_password: '${windows_profile.value.pw}' } });
      new TerraformVariable(s, 'profiles', { type: 'list(object({ user = string, pw = string }))', sensitive: true });
    }],
  ])('passes %s', (_what, build) => {
    const stack = testStack();
    build(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('follows references on the written configuration, down the path after the attribute', () => {
    const stack = {
      variable: { pw: {}, def: { default: SECRET } },
      locals: { m: { a: '${var.pw}', b: SECRET } },
      resource: {
        terraform_data: { t: { input: { a: '${var.pw}', b: SECRET } }, u: { triggers_replace: SECRET } },
        random_password: { r: { length: 20 } },
        azurerm_key_vault_secret: { a: { name: 'n', key_vault_id: 'kv1', value: SECRET }, b: { name: 'n', key_vault_id: 'kv2', value: '${var.pw}' }, c: { name: 'wo', key_vault_id: 'kv3', value_wo: SECRET } },
      },
      data: { azurerm_key_vault_secret: { fromKv2: { name: 'n', key_vault_id: 'kv2' }, byVar: { name: '${var.name}', key_vault_id: 'kv2' }, anyVault: { name: 'n', key_vault_id: '${var.kv}' }, writeOnly: { name: 'wo', key_vault_id: 'kv3' } } },
    };
    const ok = (expression: string) => expect(checkWrittenSecret('p', expression, stack)).toBeUndefined();
    const refused = (expression: string) => expect(checkWrittenSecret('p', expression, stack)).toEqual(expect.objectContaining({ number: 28 }));
    ok('${local.m.a}');
    refused('${local.m.b}');
    refused('${local.m}');
    ok('${terraform_data.t.output.a}');
    refused('${terraform_data.t.output.b}');
    // triggers_replace does not reach the output; an unset input is null.
    ok('${terraform_data.u.output}');
    ok('${random_password.r.result}');
    ok('${data.azurerm_key_vault_secret.fromKv2.value}');
    ok('${data.azurerm_key_vault_secret.byVar.value}');
    refused('${data.azurerm_key_vault_secret.anyVault.value}');
    // A write-only value is kept out of the state, not out of cdk.tf.json.
    expect(checkWrittenSecret('p', '${data.azurerm_key_vault_secret.writeOnly.value}', stack)?.rule).toMatch(/reads azurerm_key_vault_secret\.c\.value_wo, which would be written/);
    refused('${data.external.x.result}');
    refused('${var.def}');
    expect(checkWrittenSecret('p', '${nonsensitive(var.def)}', stack)).toEqual(expect.objectContaining({ value: 'var.def', notSecret: true }));
  });
});
