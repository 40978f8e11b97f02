import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  CniOverlayDualStackCluster,
  DualStackLoadBalancer,
  DualStackNatGateway,
  DualStackNodePool,
  DualStackSubnet,
  DualStackVirtualNetwork,
  DualStackWebApp,
  KubenetDualStackCluster,
} from '../lib';
import { DualStackClusterStack, DualStackWorkloadStack } from '../app';
import { DualStackConfigError } from '../lib/private/errors';
import { SCHEMAS } from '../lib/private/shape';
import { takeWrittenStack, whileSynthesizing } from '../lib/private/written';
import { PLACE, testApp } from './util';

// Every prop of every public construct and method, walked through values of every wrong shape that plain
// JavaScript can pass. Each must be refused with the library's error, or accepted and synthesize; never a
// TypeError, nor an error from inside cdktf or constructs.

type Props = Record<string, unknown>;
interface Subject {
  /** Valid props for the subject, in a fresh stack. */
  readonly base: (stack: TerraformStack) => Props;
  /** Builds the subject with the given props; returns the stack to synthesize, if not the one given. */
  readonly build: (stack: TerraformStack, props: unknown) => unknown;
}

const overlayWithWindows = (stack: TerraformStack, id = 'aks') =>
  new CniOverlayDualStackCluster(stack, id, {
    ...PLACE,
    windowsProfile: { adminUsername: 'azureuser', adminPassword: new TerraformVariable(stack, 'pw', { type: 'string', sensitive: true }).stringValue },
  });
const GUID = '00000000-0000-4000-8000-000000000001';
const network = (stack: TerraformStack) => new DualStackVirtualNetwork(stack, 'net', PLACE);

const SUBJECTS: Record<string, Subject> = {
  DualStackVirtualNetworkProps: { base: () => ({ ...PLACE }), build: (s, p) => new DualStackVirtualNetwork(s, 'net', p as never).addSubnet('a') },
  'addSubnet options': { base: () => ({}), build: (s, p) => network(s).addSubnet('a', p as never) },
  DualStackSubnetProps: {
    base: (s) => ({ network: network(s), ipv4Cidr: '10.240.9.0/24', ipv6Cidr: 'fd00:db8:deca:9::/64' }),
    build: (s, p) => new DualStackSubnet(s, 'sub', p as never),
  },
  DualStackClusterProps: {
    base: () => ({ ...PLACE }),
    build: (s, p) => {
      new KubenetDualStackCluster(s, 'kubenet', p as never).addNodePool('apps');
      new CniOverlayDualStackCluster(s, 'overlay', { ...(p as Props), network: undefined, name: 'overlay' } as never).addNodePool('apps');
    },
  },
  DefaultNodePoolOptions: { base: () => ({}), build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, defaultNodePool: p as never }) },
  'addNodePool options': { base: () => ({}), build: (s, p) => overlayWithWindows(s).addNodePool('apps', p as never) },
  DualStackNodePoolProps: {
    base: (s) => ({ clusterId: 'cluster-id', name: 'apps', subnet: network(s).addSubnet('apps') }),
    build: (s, p) => new DualStackNodePool(s, 'pool', p as never),
  },
  WindowsProfile: {
    base: (s) => ({ adminUsername: 'azureuser', adminPassword: new TerraformVariable(s, 'pw', { type: 'string', sensitive: true }).stringValue }),
    build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, windowsProfile: p as never }).addNodePool('npwin', { osType: 'Windows' }),
  },
  DualStackNatGatewayProps: { base: () => ({ ...PLACE, name: 'nat' }), build: (s, p) => new DualStackNatGateway(s, 'nat', p as never) },
  DualStackLoadBalancerProps: { base: () => ({ name: 'web', selector: { app: 'web' }, port: 80 }), build: (s, p) => new DualStackLoadBalancer(s, 'lb', p as never) },
  ServicePort: { base: () => ({ port: 80 }), build: (s, p) => new DualStackLoadBalancer(s, 'lb', { name: 'web', selector: { app: 'web' }, ports: [p as never] }) },
  DualStackWebAppProps: { base: () => ({}), build: (s, p) => new DualStackWebApp(s, 'web', p as never) },
  DualStackClusterStackProps: { base: () => ({ variant: 'overlay' }), build: (s, p) => new DualStackClusterStack(s.node.scope as App, 'cluster-stack', p as never) },
  TerraformCloudSettings: {
    base: () => ({ organization: 'org', workspacePrefix: 'aks-' }),
    build: (s, p) => new DualStackClusterStack(s.node.scope as App, 'cluster-stack', { variant: 'kubenet', terraformCloud: p as never }),
  },
  EntraIdProps: { base: () => ({ tenantId: GUID }), build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, entraId: p as never }) },
  PrivateClusterProps: { base: () => ({}), build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, privateCluster: p as never }) },
  MaintenanceWindow: {
    base: () => ({ frequency: 'Weekly', dayOfWeek: 'Sunday' }),
    build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, automaticUpgradeChannel: 'patch', automaticUpgradeWindow: p as never, nodeOsUpgradeWindow: p as never }),
  },
  MaintenanceBlackout: {
    base: () => ({ start: '2026-12-20T00:00:00Z', end: '2026-12-27T00:00:00Z' }),
    build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, nodeOsUpgradeWindow: { frequency: 'Daily', notAllowed: [p as never] } }),
  },
  KeyVaultSecretsProviderProps: { base: () => ({}), build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, keyVaultSecretsProvider: p as never }) },
  ContainerInsightsProps: {
    base: () => ({ logAnalyticsWorkspaceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs' }),
    build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, containerInsights: p as never }),
  },
  ManagedPrometheusProps: {
    base: () => ({ monitorWorkspaceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Monitor/accounts/metrics' }),
    build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, managedPrometheus: p as never }),
  },
  ExistingIdentity: {
    base: () => ({ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id', principalId: GUID, clientId: GUID }),
    build: (s, p) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, identity: p as never, kubeletIdentity: p as never }),
  },
  KubernetesSignInProps: {
    base: () => ({ method: 'kubelogin' }),
    build: (s, p) => new DualStackWorkloadStack(s.node.scope as App, 'workload-stack', { clusterName: 'aks', resourceGroupName: 'rg', signIn: p as never }),
  },
  DualStackWorkloadStackProps: {
    base: () => ({ clusterName: 'aks', resourceGroupName: 'rg' }),
    build: (s, p) => new DualStackWorkloadStack(s.node.scope as App, 'workload-stack', p as never),
  },
};

/** Values of every shape, each made when asked for: wrong kinds, empty and blank ones, non-finite numbers, tokens, constructs. */
const VALUES: [string, (stack: TerraformStack) => unknown][] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['0', () => 0],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['an empty string', () => ''],
  ['a blank string', () => '   '],
  ['a word', () => 'x'],
  ['a long string', () => 'x'.repeat(500)],
  ['a CIDR', () => '10.0.0.0/16'],
  ['a comma string', () => '10.0.0.0/16,fd00::/64'],
  ['true', () => true],
  ['an empty list', () => []],
  ['a list of null', () => [null]],
  ['a list of a number', () => [1]],
  ['a list of a word', () => ['x']],
  ['an empty object', () => ({})],
  ['an object of a number', () => ({ a: 1 })],
  ['an object of a word', () => ({ a: 'b' })],
  ['a function', () => () => 1],
  ['a Map', () => new Map([['a', 'b']])],
  ['a symbol', () => Symbol('s')],
  ['a bigint', () => BigInt(1)],
  ['a string with a newline', () => 'a\nb'],
  ['a construct', (stack) => new Construct(stack, 'Stray')],
  ['a string token', (stack) => new TerraformVariable(stack, 'tokenString', { type: 'string' }).stringValue],
  ['a number token', (stack) => new TerraformVariable(stack, 'tokenNumber', { type: 'number' }).numberValue],
  ['a list token', () => Token.asList({ Ref: 'var.list' })],
  ['an element of a list token', () => Token.asList({ Ref: 'var.list' })[0]],
];

const LABELS = VALUES.map(([label]) => label);
const VALUE = new Map(VALUES);

/** One output folder for the thousands of apps of the walk, which never write to it. */
let outdir: string;
beforeAll(() => (outdir = testApp().outdir));

/** What a run ended with: fine (refused by the library, or synthesized), or the crash it hit. */
function run(subject: Subject, vary: (base: Props, value: unknown) => unknown, label: string, synth = true): string | undefined {
  const stack = new TerraformStack(new App({ outdir, stackTraces: false }), 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new KubernetesProvider(stack, 'kubernetes', {});
  try {
    const value = VALUE.get(label)!(stack);
    subject.build(stack, vary(subject.base(stack), value));
    // What Testing.synth(stack, true) does, without formatting the JSON that nobody reads here; the gate's
    // reading of a stack is its configuration, as the app's writer takes it.
    whileSynthesizing(() => {
      for (const child of synth ? stack.node.scope!.node.children : []) {
        if (child instanceof TerraformStack) {
          child.runAllValidations();
          if (!takeWrittenStack(child)) child.toTerraform();
        }
      }
    });
    return undefined;
  } catch (error) {
    if (error instanceof DualStackConfigError) return undefined;
    const message = error instanceof Error ? error.message : String(error);
    // The library's own checks at synth: each line is '[path] prop ... rule; fix.'
    const ours =
      /^Validation failed with the following errors:\n/.test(message) &&
      message.split('\n').slice(1).every((l) => l.trim() === '' || /^\s*\[[^\]]+\] .*; .*\.$/.test(l) || l.startsWith('If you wish to ignore these validations'));
    return ours ? undefined : `${(error as Error)?.name}: ${message.split('\n').slice(0, 3).join(' | ')}`;
  }
}

test('every schema of a public construct has a subject here', () => {
  expect(Object.keys(SUBJECTS).sort()).toEqual(Object.keys(SCHEMAS).sort());
});

test('every prop, given a value of every shape, is refused with the library\'s error or synthesizes', () => {
  const crashes: string[] = [];
  let cases = 0;
  for (const [name, subject] of Object.entries(SUBJECTS)) {
    // An optional prop left undefined or null is the subject's base configuration (props are normalized before
    // anything reads them): built every time, synthesized once per subject.
    let baseSynthesized = false;
    for (const prop of Object.keys(SCHEMAS[name])) {
      for (const label of LABELS) {
        cases++;
        const asBase = (label === 'undefined' || label === 'null') && !SCHEMAS[name][prop].required;
        const crash = run(subject, (base, value) => ({ ...base, [prop]: value }), label, !(asBase && baseSynthesized));
        baseSynthesized ||= asBase;
        if (crash) crashes.push(`${name}.${prop} = ${label}: ${crash}`);
      }
    }
  }
  expect(crashes).toEqual([]);
  expect(cases).toBeGreaterThan(2000);
});

test('whole props and options of every shape are refused with the library\'s error, or taken as none', () => {
  const crashes: string[] = [];
  for (const [name, subject] of Object.entries(SUBJECTS)) {
    for (const label of LABELS) {
      const crash = run(subject, (_base, value) => value, label);
      if (crash) crashes.push(`${name} = ${label}: ${crash}`);
    }
  }
  expect(crashes).toEqual([]);
});

test.each<[string, (stack: TerraformStack) => unknown, RegExp]>([
  ['an empty construct id', (s) => network(s).addSubnet(''), /^test\/net: id '' is not a construct id; give a non-empty string without '\/', like 'Cluster'\.$/],
  ['a numeric construct id', (s) => new DualStackVirtualNetwork(s, 7 as unknown as string, PLACE), /^test: id 7 is not a construct id/],
  ['a numeric subnet id', (s) => network(s).addSubnet(1 as unknown as string), /^test\/net: id 1 is not a construct id/],
  ['a network given as a string', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, network: 'vnet' as never }), /^test\/aks: network 'vnet' is a string, not a DualStackVirtualNetwork/],
  ['a network given as an object', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, network: {} as never }), /network \{\} is an object, not a DualStackVirtualNetwork/],
  ['a kubenet subnet given as a string', (s) => new KubenetDualStackCluster(s, 'aks', { ...PLACE, defaultNodePool: { subnet: 'x' as never } }), /defaultNodePool\.subnet 'x' is a string, not a DualStackSubnet/],
  ['pod ranges given as an object', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, podCidrs: {} as never }), /podCidrs \{\} is an object, not a list of strings/],
  ['pod ranges given as one comma string', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, podCidrs: '10.244.0.0/16,fd12::/64' as never }), /^test\/aks: podCidrs '10\.244\.0\.0\/16,fd12::\/64' is a string, not a list of strings; give a list of strings\.$/],
  ['a node count given as a string', (s) => overlayWithWindows(s).addNodePool('apps', { nodeCount: '3' as never }), /addNodePool\('apps'\)\.nodeCount '3' is a string, not a number/],
  ['a node count of NaN', (s) => overlayWithWindows(s).addNodePool('apps', { nodeCount: NaN }), /addNodePool\('apps'\)\.nodeCount NaN is NaN, not a number/],
  ['an unknown OS', (s) => overlayWithWindows(s).addNodePool('apps', { osType: 'Solaris' as never }), /addNodePool\('apps'\)\.osType 'Solaris' is not one of 'Linux', 'Windows' \(any case\)/],
  ['a location given as a number', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, location: 3 as never }), /^test\/aks: location 3 is a number, not a string/],
  ['a misspelt prop, which would be ignored without a word', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, kubernetesVerison: '1.20' } as never), /^test\/aks: kubernetesVerison is not a prop here; the nearest prop is kubernetesVersion\.$/],
  ['a Windows profile on kubenet, which has none', (s) => new KubenetDualStackCluster(s, 'aks', { ...PLACE, windowsProfile: {} } as never), /^test\/aks: windowsProfile is not a prop here/],
  ['a prop the library does not type, with a setter', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, costAnalysisEnabled: true } as never), /^test\/aks: costAnalysisEnabled is not a prop here; the library does not type it: set it on the raw azurerm_kubernetes_cluster after creating the cluster, with cluster\.resource\.costAnalysisEnabled = \.\.\.; the gate still checks what is written\.$/],
  ['a block the library does not type', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, workloadAutoscalerProfile: {} } as never), /workloadAutoscalerProfile is not a prop here; the library does not type it: .* with cluster\.resource\.putWorkloadAutoscalerProfile\(\{ \.\.\. \}\)/],
  ['an attribute newer than the bindings', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, nodeProvisioningProfile: { mode: 'Auto' } } as never), /nodeProvisioningProfile is not a prop here; the library does not type it: .* with cluster\.resource\.addOverride\('node_provisioning_profile', \.\.\.\)/],
  ['a misspelt pool option', (s) => overlayWithWindows(s).addNodePool('apps', { nodecount: 5 } as never), /addNodePool\('apps'\)\.nodecount is not a prop here; the nearest prop is nodeCount/],
  ['a pool name given as a number', (s) => overlayWithWindows(s).addNodePool(5 as never), /^test\/aks: addNodePool\(5\)\.name 5 is not a string/],
  ['a list-token element as a map key, which cdktf cannot write as one', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, tags: { [Token.asList({ Ref: 'var.l' })[0]]: 'a', b: 'c' } }), /^test\/aks: tags key <token> is an element of a list token, which cannot stand for a key; give the key itself, or Fn\.element\(list, index\) for one element\.$/],
  ['a list-token element as a map value', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, tags: { a: Token.asList({ Ref: 'var.l' })[0] } }), /tags\['a'\] <token> is an element of a list token/],
  ['a token OS, on which the pool\'s rules depend', (s) => overlayWithWindows(s).addNodePool('p', { osType: Token.asString({ Ref: 'var.os' }) as never }), /addNodePool\('p'\)\.osType <token> is a token, but the rules and resources depend on this choice, so it must be known at synth/],
  ['a token subnet size to carve', (s) => network(s).addSubnet('a', { ipv4PrefixLength: Token.asNumber({ Ref: 'var.n' }) }), /addSubnet\('a'\)\.ipv4PrefixLength <token> is a token, but carving a range needs its size at synth/],
  ['a Map given for tags', (s) => new DualStackVirtualNetwork(s, 'net', { ...PLACE, tags: new Map() as never }), /tags \{\} is an instance of Map, not an object of strings/],
  ['an id already taken in the scope', (s) => { network(s); network(s); }, /^test: id 'net' is already taken by another construct in 'test'/],
  ['a scope outside any stack', (s) => new DualStackVirtualNetwork(s.node.scope as App, 'net', PLACE), /^\(app\): scope '\(app\)' is not inside a stack/],
  ['a pool name with a newline', (s) => overlayWithWindows(s).addNodePool('a\nb'), /^test\/aks: addNodePool\('a\\nb'\)\.name 'a\\nb' is not a valid Linux node pool name/],
])('refuses %s with the library\'s message', (_what, build, message) => {
  const stack = new TerraformStack(testApp(), 'test');
  expect(() => build(stack)).toThrow(DualStackConfigError);
  expect(() => build(new TerraformStack(testApp(), 'test'))).toThrow(message);
});

test('takes map keys that are string tokens, and plain keys', () => {
  const stack = new TerraformStack(testApp(), 'test');
  expect(() => new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, tags: { [Token.asString({ Ref: 'k' })]: 'a', b: 'c' } })).not.toThrow();
});

test.each<[string, (stack: TerraformStack) => unknown]>([
  ['addNodePool options of null', (s) => overlayWithWindows(s).addNodePool('apps', null as never)],
  ['a windowsProfile of null', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, windowsProfile: null as never })],
  ['addSubnet options of null', (s) => network(s).addSubnet('a', null as never)],
  ['web app props of null', (s) => new DualStackWebApp(s, 'web', null as never)],
])('takes %s as none', (_what, build) => {
  expect(() => build(new TerraformStack(testApp(), 'test'))).not.toThrow();
});

test.each<[string, (stack: TerraformStack) => { resource: { osType?: string; mode?: string } } | KubenetDualStackCluster, string, string]>([
  ['osType in lowercase', (s) => overlayWithWindows(s).addNodePool('npwin', { osType: 'windows' as never }), 'osType', 'Windows'],
  ['mode in uppercase', (s) => overlayWithWindows(s).addNodePool('sys2', { mode: 'SYSTEM' as never }), 'mode', 'System'],
])('writes %s in the provider\'s spelling', (_what, build, key, spelled) => {
  const pool = build(new TerraformStack(testApp(), 'test')) as DualStackNodePool;
  expect((pool as unknown as Record<string, unknown>)[key]).toBe(spelled);
});

test('osType and mode in any case meet their rules: Windows on kubenet, a small System pool', () => {
  const kubenet = new KubenetDualStackCluster(new TerraformStack(testApp(), 'test'), 'aks', PLACE);
  expect(() => kubenet.addNodePool('win', { osType: 'windows' as never })).toThrow(/addNodePool\('win'\)\.osType 'Windows' is not supported with dual-stack kubenet/);
  expect(() => kubenet.addNodePool('sys2', { mode: 'system' as never, maxPods: 10 })).toThrow(/addNodePool\('sys2'\)\.maxPods 10 is outside 30 to 250, what AKS allows on a System pool/);
  const overlay = new CniOverlayDualStackCluster(new TerraformStack(testApp(), 'test'), 'aks', { ...PLACE, outboundType: 'USERDEFINEDROUTING' as never, egressNextHopIp: '10.240.255.4', egressNextHopIpv6: 'fd00::4', networkPolicy: 'Cilium' as never, networkDataPlane: 'CILIUM' as never });
  expect([overlay.outboundType, overlay.networkPolicy, overlay.networkDataPlane]).toEqual(['userDefinedRouting', 'cilium', 'cilium']);
});

test('an object made with Object.create(Class.prototype), never constructed, gets the library\'s message wherever it is passed', () => {
  const fake = Object.create(DualStackVirtualNetwork.prototype);
  const stack = () => new TerraformStack(testApp(), 'test');
  expect(() => new CniOverlayDualStackCluster(stack(), 'aks', { ...PLACE, network: fake })).toThrow(/^test\/aks: network is an object with the prototype of DualStackVirtualNetwork that was never constructed; make it with new DualStackVirtualNetwork\(scope, id, props\)\.$/);
  expect(() => new CniOverlayDualStackCluster(stack(), 'aks', { ...PLACE, name: fake })).toThrow(/^test\/aks: name \{\} is a construct never constructed, not a string/);
  expect(() => new DualStackSubnet(stack(), 's', { network: fake, ipv4Cidr: '10.0.0.0/24', ipv6Cidr: 'fd00::/64' })).toThrow(/network is an object with the prototype of DualStackVirtualNetwork that was never constructed/);
});
