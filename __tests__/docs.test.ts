import * as fs from 'fs';
import * as path from 'path';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { DualStackClusterStack, SETTINGS } from '../app';
import { CniOverlayDualStackCluster, DualStackConfigError, DualStackLoadBalancer, DualStackVirtualNetwork, KubenetDualStackCluster, formatAddressPlan } from '../lib';
import { PLACE, testApp } from './util';

// The docs live in the repository and stay true: relative links resolve, the README's usage example is an
// example that runs, and the generated tables are what the code produces. `npm run docs` rewrites the tables;
// without it (and always under CI) a table out of step fails here.
const ROOT = path.join(__dirname, '..');
const UPDATE = process.env.UPDATE_DOCS === '1' && !process.env.CI;
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const DOCS = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The anchors a markdown file has: its headings as GitHub makes them, and explicit `<a id>`s. */
function anchorsOf(text: string): Set<string> {
  const headings = [...text.matchAll(/^#+ (.+)$/gm)].map(([, h]) =>
    h.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'),
  );
  return new Set([...headings, ...[...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map(([, id]) => id)]);
}

test('every relative link in the README and docs/ points at a file of the repository, and at an anchor it has', () => {
  const broken: string[] = [];
  for (const doc of DOCS) {
    const text = read(doc).replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [file, anchor] = target.split('#');
      const resolved = file === '' ? doc : path.normalize(path.join(path.dirname(doc), file));
      if (resolved.startsWith('..') || !fs.existsSync(path.join(ROOT, resolved))) broken.push(`${doc}: ${target}`);
      else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor)) broken.push(`${doc}: ${target} (no such anchor)`);
    }
  }
  expect(broken).toEqual([]);
});

test('nothing in the repository refers to files outside it', () => {
  const files = [...DOCS, 'main.ts', ...['lib', 'app', 'examples', 'scripts', 'bench'].flatMap((dir) => (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).map((f) => `${dir}/${f}`))];
  const outside = files.filter((f) => /\.(ts|js|md|sh)$/.test(f) && /\.\.\/shared\b|aks-dual-stack-rules\.md/.test(read(f)));
  expect(outside).toEqual([]);
});

test('the README is short, and its usage example is examples/overlay-windows/main.ts, as it runs', () => {
  const readme = read('README.md');
  expect(Buffer.byteLength(readme)).toBeLessThan(11_000);
  const usage = /## Usage\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(usage).toBe(read('examples/overlay-windows/main.ts'));
});

/** Checks (or, with `npm run docs`, rewrites) the generated block `name` of a doc. */
function expectBlock(doc: string, name: string, content: string): void {
  const begin = `<!-- generated: ${name} (npm run docs) -->\n`;
  const end = `<!-- end: ${name} -->`;
  const text = read(doc);
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  expect([doc, start >= 0 && stop > start]).toEqual([doc, true]);
  const current = text.slice(start + begin.length, stop);
  if (UPDATE && current !== content) fs.writeFileSync(path.join(ROOT, doc), text.slice(0, start + begin.length) + content + text.slice(stop));
  else expect(current).toBe(content);
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

test('the settings table of docs/configuration.md is the app\'s list of settings', () => {
  const code = (text: string) => (/^[^ ]+$/.test(text) && text !== '-' ? `\`${text}\`` : text);
  const rows = SETTINGS.map((s) => `| \`AKS_DUALSTACK_${s.env}\` | \`${s.key}\` | ${code(s.default)} | ${cell(s.doc)} |`);
  expectBlock('docs/configuration.md', 'settings', ['| environment variable | `cdktf.json` context key (`aksDualstack.`) | default | what |', '| --- | --- | --- | --- |', ...rows, ''].join('\n'));
});

test('the address plan in docs/constructs.md is the example app\'s overlay cluster, as npm run synth prints it', () => {
  const stack = new DualStackClusterStack(testApp(), 'overlay-dualstack', { variant: 'overlay' });
  expectBlock('docs/constructs.md', 'address-plan', `\`\`\`\n${formatAddressPlan(stack.cluster.addressPlan())}\n\`\`\`\n`);
});

/** A stack `app` with both providers, for the checks table: construct paths read `app/aks`. */
function appStack(): TerraformStack {
  const stack = new TerraformStack(testApp(), 'app');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new KubernetesProvider(stack, 'kubernetes', {});
  return stack;
}

/** The first message a configuration gets: from its props, else from the checks at synth. */
function messageOf(build: (stack: TerraformStack) => void): string {
  const stack = appStack();
  try {
    build(stack);
    Testing.synth(stack, true);
  } catch (error) {
    if (error instanceof DualStackConfigError) return error.lines[0];
    const lines = (error as Error).message.split('\n');
    if (lines[0] === 'Validation failed with the following errors:') return lines[1].trim();
    throw error;
  }
  throw new Error('no message: the configuration passed');
}

const V4V6_PODS = 'fd12:3456:789a::/64';
const overlay = (s: TerraformStack, props: object = {}) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, ...props });
const windowsProfile = (s: TerraformStack) => ({
  adminUsername: 'azureuser',
  adminPassword: new TerraformVariable(s, 'windows_admin_password', { type: 'string', sensitive: true }).stringValue,
});

/** [rule, what must hold, the bad input as the table shows it, the configuration]: one row each. */
const CHECKS: [string, string, string, (s: TerraformStack) => void][] = [
  ['1', 'IPv4 alone, or IPv4 then IPv6', "`ipFamilies: ['IPv6', 'IPv4']`", (s) => overlay(s, { ipFamilies: ['IPv6', 'IPv4'] })],
  ['3', 'one range per family, in order', "`podCidrs: ['10.244.0.0/16']`", (s) => overlay(s, { podCidrs: ['10.244.0.0/16'] })],
  ['3', '', "`podCidrs: ['fd12:3456:789a::/64', '10.244.0.0/16']`", (s) => overlay(s, { podCidrs: [V4V6_PODS, '10.244.0.0/16'] })],
  ['41', 'a CIDR, with no host bits', "`podCidrs: ['10.244.0.1/16', …]`", (s) => overlay(s, { podCidrs: ['10.244.0.1/16', V4V6_PODS] })],
  ['5', 'DNS address inside the IPv4 service range, past its first two', "`dnsServiceIp: '10.0.0.1'`", (s) => overlay(s, { dnsServiceIp: '10.0.0.1' })],
  ['6', 'IPv6 service range /108 or smaller', "`serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/104']`", (s) => overlay(s, { serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/104'] })],
  ['6', 'IPv4 service range smaller than /12', "`serviceCidrs: ['10.0.0.0/12', …]`", (s) => overlay(s, { serviceCidrs: ['10.0.0.0/12', 'fd12:3456:789a:1::/108'] })],
  ['7', 'pods, services, network and subnets share no address', "`serviceCidrs: ['10.244.0.0/16', …]`", (s) => overlay(s, { serviceCidrs: ['10.244.0.0/16', 'fd12:3456:789a:1::/108'] })],
  ['7', '', "`podCidrs: ['10.240.0.0/16', …]` on the default network", (s) => overlay(s, { podCidrs: ['10.240.0.0/16', V4V6_PODS] })],
  ['8', 'no reserved range', "`podCidrs: ['172.30.0.0/16', …]`", (s) => overlay(s, { podCidrs: ['172.30.0.0/16', V4V6_PODS] })],
  ['10', 'no AKS-managed (Standard, IPv4-only) NAT gateway with dual-stack', "`outboundType: 'managedNATGateway'`", (s) => overlay(s, { outboundType: 'managedNATGateway' })],
  ['10', 'user-defined routing needs an appliance per family', "`outboundType: 'userDefinedRouting'`, `egressNextHopIp` only", (s) => overlay(s, { outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4' })],
  ['10', 'a next hop is a usable private address', "`egressNextHopIp: '10.244.0.4'`", (s) => overlay(s, { outboundType: 'userDefinedRouting', egressNextHopIp: '10.244.0.4', egressNextHopIpv6: 'fd00:db8:deca:ffff::4' })],
  ['10', '', "`egressNextHopIpv6: '2606:4700::1111'`", (s) => overlay(s, { outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4', egressNextHopIpv6: '2606:4700::1111' })],
  ['12', 'only cilium policy with dual-stack', "`networkPolicy: 'calico'`", (s) => overlay(s, { networkPolicy: 'calico' })],
  ['12', 'cilium policy needs the cilium data plane', "`networkPolicy: 'cilium'`", (s) => overlay(s, { networkPolicy: 'cilium' })],
  ['15', 'kubenet dual-stack from Kubernetes 1.21.2', "`kubernetesVersion: '1.21.1'` (kubenet)", (s) => new KubenetDualStackCluster(s, 'aks', { ...PLACE, kubernetesVersion: '1.21.1' })],
  ['22', 'CNI Overlay dual-stack from 1.26.3; cilium from 1.29', "`kubernetesVersion: '1.28'` with cilium", (s) => overlay(s, { kubernetesVersion: '1.28', networkPolicy: 'cilium', networkDataPlane: 'cilium' })],
  ['16', 'kubenet: at most 200 nodes (400 routes, 2 a node)', 'pools with `maxCount` adding up to 201', (s) => new KubenetDualStackCluster(s, 'aks', PLACE).addNodePool('big', { minCount: 1, maxCount: 198 })],
  ['17, 23', 'a /24 of the IPv4 pod range per node', "`podCidrs: ['10.244.0.0/22', …]` and 5 nodes", (s) => overlay(s, { podCidrs: ['10.244.0.0/22', V4V6_PODS] }).addNodePool('apps', { nodeCount: 2 })],
  ['18', 'no Windows on kubenet', "`addNodePool('win', { osType: 'Windows' })` (kubenet)", (s) => new KubenetDualStackCluster(s, 'aks', PLACE).addNodePool('win', { osType: 'Windows' })],
  ['19', 'a subnet carries one cluster route table', 'two kubenet clusters on one subnet', (s) => {
    const first = new KubenetDualStackCluster(s, 'aks', PLACE);
    new KubenetDualStackCluster(s, 'b', { ...PLACE, network: first.network, defaultNodePool: { subnet: first.defaultNodePoolSubnet } });
  }],
  ['24', 'maxPods 10 to 250; 30 or more on System pools', '`defaultNodePool: { maxPods: 20 }`', (s) => overlay(s, { defaultNodePool: { maxPods: 20 } })],
  ['25', 'no Windows on the cilium data plane', "`addNodePool('npwin', { osType: 'Windows' })` with cilium", (s) =>
    overlay(s, { networkPolicy: 'cilium', networkDataPlane: 'cilium', windowsProfile: windowsProfile(s) }).addNodePool('npwin', { osType: 'Windows' })],
  ['26', 'one IPv6 /64 per subnet, inside the network', "`addSubnet('a', { ipv6Cidr: 'fd00:db8:deca::/56' })`", (s) => new DualStackVirtualNetwork(s, 'net', PLACE).addSubnet('a', { ipv4Cidr: '10.240.0.0/24', ipv6Cidr: 'fd00:db8:deca::/56' })],
  ['26', 'a subnet holds its pools plus the upgrade surge', 'an 11-node pool on a /28', (s) => {
    const aks = overlay(s);
    aks.addNodePool('apps', { nodeCount: 11, subnet: aks.network.addSubnet('small', { ipv4PrefixLength: 28 }) });
  }],
  ['27', 'Windows pool names at most 6 characters', "`addNodePool('windows1', { osType: 'Windows' })`", (s) => overlay(s, { windowsProfile: windowsProfile(s) }).addNodePool('windows1', { osType: 'Windows' })],
  ['28', 'the Windows password is a secret, never a literal', "`windowsProfile: { adminPassword: 'S3cret…' }`", (s) => overlay(s, { windowsProfile: { adminUsername: 'azureuser', adminPassword: 'S3cret-Passw0rd!' } })],
  ['28', 'Windows pools need the windows profile at creation', "`addNodePool('npwin', { osType: 'Windows' })` without it", (s) => overlay(s).addNodePool('npwin', { osType: 'Windows' })],
  ['29', 'autoscaling: minCount ≤ nodeCount ≤ maxCount, both bounds', "`addNodePool('apps', { minCount: 2 })`", (s) => overlay(s).addNodePool('apps', { minCount: 2 })],
  ['30', 'the default pool runs the control plane version', "`kubernetesVersion: '1.33'`, `defaultNodePool: { orchestratorVersion: '1.32' }`", (s) => overlay(s, { kubernetesVersion: '1.33', defaultNodePool: { orchestratorVersion: '1.32' } })],
  ['31', "every node subnet in the cluster's network", 'a subnet of another network', (s) => {
    const other = new DualStackVirtualNetwork(s, 'other', { ...PLACE, addressSpace: ['10.250.0.0/16', 'fd00:250::/48'] });
    overlay(s).addNodePool('apps', { subnet: other.addSubnet('s') });
  }],
  ['33', 'IPv6 services need `externalTrafficPolicy: Local`', "`externalTrafficPolicy: 'Cluster'`", (s) => new DualStackLoadBalancer(s, 'lb', { name: 'web', selector: { app: 'web' }, port: 80, externalTrafficPolicy: 'Cluster' })],
  ['36', 'no `load_balancer_ip` or `load_balancer_class`', '`service.spec.loadBalancerIp = …` (escape hatch)', (s) => {
    new DualStackLoadBalancer(s, 'lb', { name: 'web', selector: { app: 'web' }, port: 80 }).ipv4Service!.spec.loadBalancerIp = '20.1.2.3';
  }],
  ['39', 'a selector that picks pods', '`selector: {}`', (s) => new DualStackLoadBalancer(s, 'lb', { name: 'web', selector: {}, port: 80 })],
  ['43', 'no carving blind in an existing network', "`existing: true`, `addSubnet('a')`", (s) =>
    new DualStackVirtualNetwork(s, 'net', { ...PLACE, existing: true, name: 'vnet-hub', addressSpace: ['10.10.0.0/16', 'fd00:10::/48'] }).addSubnet('a')],
  ['44', 'a rotation name no pool has', 'pools `apps` and `appstmp`', (s) => {
    const aks = overlay(s);
    aks.addNodePool('apps');
    aks.addNodePool('appstmp');
  }],
  ['45', 'a surge AKS takes', "`maxSurge: '0'`", (s) => overlay(s).addNodePool('apps', { maxSurge: '0' })],
  ['46', 'taints as AKS writes them', "`nodeTaints: ['dedicated=web']`", (s) => overlay(s).addNodePool('apps', { nodeTaints: ['dedicated=web'] })],
  ['47', 'labels a node may carry', "`nodeLabels: { 'kubernetes.azure.com/mode': 'x' }`", (s) => overlay(s).addNodePool('apps', { nodeLabels: { 'kubernetes.azure.com/mode': 'x' } })],
  ['48', 'a VM size is shaped like one', "`vmSize: 'potato'`", (s) => overlay(s).addNodePool('apps', { vmSize: 'potato' })],
  ['49', 'a wait `time_sleep` takes', "`rolePropagationWait: '1m30s'`", (s) => overlay(s, { rolePropagationWait: '1m30s' })],
  ['56', 'local accounts off only with Entra ID', '`localAccountsDisabled: true`', (s) => overlay(s, { localAccountsDisabled: true })],
  ['57', 'authorized ranges are IPv4', "`apiServerAuthorizedIpRanges: ['2001:db8::/32']`", (s) => overlay(s, { apiServerAuthorizedIpRanges: ['2001:db8::/32'] })],
  ['58', 'a private DNS zone AKS takes', "`privateCluster: { privateDnsZone: 'None' }`", (s) => overlay(s, { privateCluster: { privateDnsZone: 'None' } })],
  ['59', 'no version pinned below what the channel moves', "`automaticUpgradeChannel: 'patch'`, `kubernetesVersion: '1.35.2'`", (s) => overlay(s, { automaticUpgradeChannel: 'patch', kubernetesVersion: '1.35.2' })],
  ['60', 'a window that fits its channel', "`nodeOsUpgradeChannel: 'Unmanaged'` with a window", (s) => overlay(s, { nodeOsUpgradeChannel: 'Unmanaged', nodeOsUpgradeWindow: { frequency: 'Weekly', dayOfWeek: 'Sunday' } })],
  ['61', 'grants left to others need a brought identity', '`createRoleAssignments: false`', (s) => overlay(s, { createRoleAssignments: false })],
  ['62', 'a rotation interval with rotation', "`keyVaultSecretsProvider: { secretRotationInterval: '5m' }`", (s) => overlay(s, { keyVaultSecretsProvider: { secretRotationInterval: '5m' } })],
  ['63', 'monitoring workspaces by id', "`containerInsights: { logAnalyticsWorkspaceId: 'logs' }`", (s) => overlay(s, { containerInsights: { logAnalyticsWorkspaceId: 'logs' } })],
  ['64', 'zones Azure has', "`zones: ['4']`", (s) => overlay(s).addNodePool('apps', { zones: ['4'] })],
  ['66', 'one resource per construct', '`pool.resource.count = 2`', (s) => {
    overlay(s).addNodePool('apps').resource.count = 2;
  }],
];

test('the checks table of docs/checks.md is what the code says to each mistake', () => {
  const rows = CHECKS.map(([rule, what, input, build]) => {
    const numbers = rule.split(', ').map((n) => `[${n}](rules.md#rule-${n})`).join(', ');
    return `| ${numbers} | ${cell(what)} | ${cell(input)} | ${cell(messageOf(build))} |`;
  });
  expectBlock('docs/checks.md', 'checks', ['| rule | what must hold | bad input | what you see |', '| --- | --- | --- | --- |', ...rows, ''].join('\n'));
});

test('docs/performance.md holds the output of npm run bench, with the machine it ran on', () => {
  const text = read('docs/performance.md');
  const block = /<!-- generated: bench \(npm run bench\) -->\n([\s\S]*?)<!-- end: bench -->/.exec(text)?.[1] ?? '';
  expect(block).toMatch(/^\d+ cores?, .+, node v\d+\.\d+\.\d+, /);
  expect(block).toMatch(/\| `npm test` \|/);
});
