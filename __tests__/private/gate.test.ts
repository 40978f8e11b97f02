import { Aspects, Fn, IAspect, Lazy, TerraformLocal, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { CniOverlayDualStackCluster, DualStackVirtualNetwork, KubenetDualStackCluster } from '../../lib';
import { checkWrittenSecret } from '../../lib/private/gate';
import { PLACE, synthJson, testStack } from '../util';

// The gate: the rules again on what is written, whatever wrote it. Each case breaks a rule through an escape
// hatch that props checks never see, and the synth must refuse it with the library's message.

const passwordVariable = (stack: TerraformStack, id = 'pw', props: object = {}) =>
  new TerraformVariable(stack, id, { type: 'string', sensitive: true, ...props }).stringValue;
const overlay = (stack: TerraformStack, props: object = {}) =>
  new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, windowsProfile: { adminUsername: 'azureuser', adminPassword: passwordVariable(stack) }, ...props });
const fails = (stack: TerraformStack, message: RegExp) => expect(() => Testing.synth(stack, true)).toThrow(message);

describe('cluster and pools, changed after their props were checked', () => {
  test.each<[string, (stack: TerraformStack) => void, RegExp]>([
    ['an override sets a policy dual-stack cannot take', (s) => overlay(s).resource.addOverride('network_profile.network_policy', 'calico'), /\[test\/aks\] networkPolicy 'calico' is not supported with dual-stack/],
    ['a stack override moves the DNS address onto kubernetes.default', (s) => {
      const aks = overlay(s);
      s.addOverride(`resource.azurerm_kubernetes_cluster.${aks.resource.friendlyUniqueId}.network_profile.dns_service_ip`, '10.0.0.1');
    }, /dnsServiceIp '10\.0\.0\.1' is the first address of the IPv4 service CIDR '10\.0\.0\.0\/16'/],
    ['the raw resource takes a version below the variant\'s minimum', (s) => { new KubenetDualStackCluster(s, 'aks', PLACE).resource.kubernetesVersion = '1.20.0'; }, /kubernetesVersion '1\.20\.0' is below 1\.21\.2/],
    ['the raw resource writes the IPv6 service range too large', (s) => { overlay(s).resource.networkProfile.serviceCidrs = ['10.0.0.0/16', 'fd12:3456:789a:1::/100']; }, /serviceCidrs\[1\] 'fd12:3456:789a:1::\/100' is larger than \/108/],
    ['an override adds ranges, which cdktf appends to the list', (s) => overlay(s).resource.addOverride('network_profile.pod_cidrs', ['10.1.0.0/16']), /podCidrs .* has 3 entries, but ipFamilies \["IPv4","IPv6"\] needs 2/],
    ['an override turns the plugin into kubenet on an overlay cluster', (s) => overlay(s).resource.addOverride('network_profile.network_plugin', 'kubenet'), /network_profile\.network_plugin 'kubenet' is not 'azure'/],
    ['the default pool gets too few pods for a System pool', (s) => overlay(s).resource.addOverride('default_node_pool.max_pods', 10), /defaultNodePool\.maxPods 10 is outside 30 to 250, what AKS allows on a System pool/],
    ['a kubenet pool turns Windows on the raw resource', (s) => { new KubenetDualStackCluster(s, 'aks', PLACE).addNodePool('apps').resource.osType = 'Windows'; }, /addNodePool\('apps'\)\.osType 'Windows' is not supported with dual-stack kubenet/],
    ['a kubenet pool grows past 200 nodes on the raw resource', (s) => { new KubenetDualStackCluster(s, 'aks', PLACE).addNodePool('apps').resource.nodeCount = 198; }, /node pools .* add up to 201 nodes .* over 200, the most this cluster holds: the binding limit is the route table/],
    ['a pool on a cilium cluster runs a version cilium cannot', (s) => {
      overlay(s, { windowsProfile: undefined, kubernetesVersion: '1.30', networkPolicy: 'cilium', networkDataPlane: 'cilium' }).addNodePool('apps').resource.orchestratorVersion = '1.28';
    }, /addNodePool\('apps'\)\.orchestratorVersion '1\.28' is below 1\.29, the first version with dual-stack cilium/],
    ['an autoscaled pool loses its ignore_changes', (s) => { overlay(s).addNodePool('apps', { minCount: 1, maxCount: 3 }).resource.lifecycle = {}; }, /addNodePool\('apps'\)\.ignoreChanges \[\] leaves out 'node_count'/],
    ['a fixed pool gets a min_count', (s) => { overlay(s).addNodePool('apps').resource.minCount = 1; }, /addNodePool\('apps'\)\.minCount 1 is written without auto_scaling_enabled/],
    ['a Windows pool on a cluster whose Windows profile was removed', (s) => {
      const aks = overlay(s);
      aks.addNodePool('npwin', { osType: 'Windows' });
      aks.resource.addOverride('windows_profile', undefined);
    }, /addNodePool\('npwin'\)\.osType 'Windows' needs the cluster's windowsProfile/],
    ['an aspect renames a pool into an existing pool\'s rotation name', (s) => {
      const aks = overlay(s);
      aks.addNodePool('apps');
      Aspects.of(s).add(new (class implements IAspect {
        visit(node: IConstruct) { if (node instanceof KubernetesCluster) node.defaultNodePool.temporaryNameForRotation = 'apps'; }
      })());
    }, /defaultNodePool\.temporaryNameForRotation 'apps' is already the pool 'apps'/],
    ['kubenet\'s route table gets inline routes', (s) => new KubenetDualStackCluster(s, 'aks', PLACE).routeTable.addOverride('route', [{ name: 'x', address_prefix: '0.0.0.0/0', next_hop_type: 'Internet' }]), /routeTable route .* declares inline routes, but AKS writes its own routes/],
  ])('fails when %s', (_what, build, message) => {
    const stack = testStack();
    build(stack);
    fails(stack, message);
  });

  test('passes what the constructs write, and tokens written by escape hatches', () => {
    const stack = testStack();
    const aks = overlay(stack);
    aks.addNodePool('apps', { minCount: 1, maxCount: 3 });
    aks.addNodePool('npwin', { osType: 'Windows' });
    aks.resource.kubernetesVersion = new TerraformVariable(stack, 'version', { type: 'string' }).stringValue;
    aks.nodePools[0].resource.maxPods = new TerraformVariable(stack, 'pods', { type: 'number' }).numberValue;
    expect(() => synthJson(stack)).not.toThrow();
  });

  test('reads the stack afresh at every synth', () => {
    const stack = testStack();
    const aks = overlay(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
    aks.resource.addOverride('default_node_pool.max_pods', 10);
    fails(stack, /defaultNodePool\.maxPods 10/);
  });

  test('lists the constructs expose are frozen: what was checked is what is written', () => {
    const aks = overlay(testStack());
    expect(() => (aks.podCidrs as string[]).push('10.1.0.0/16')).toThrow(TypeError);
    expect(() => (aks.serviceCidrs as string[])[0] = '10.1.0.0/16').toThrow(TypeError);
    expect(() => (aks.ipFamilies as string[]).pop()).toThrow(TypeError);
    expect(() => (aks.roleAssignments as unknown[]).pop()).toThrow(TypeError);
  });
});

describe('shared subnets and composition', () => {
  test('a subnet shared by two clusters holds the nodes of both, with their surge', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'net', PLACE);
    const shared = network.addSubnet('shared', { ipv4PrefixLength: 27 }); // holds 27 nodes
    const a = new CniOverlayDualStackCluster(stack, 'a', { ...PLACE, network, podCidrs: ['10.244.0.0/16', 'fd12:3456:789a::/64'] });
    const b = new CniOverlayDualStackCluster(stack, 'b', { ...PLACE, network, podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'], serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'] });
    a.addNodePool('apps', { subnet: shared, nodeCount: 12 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    b.addNodePool('apps', { subnet: shared, nodeCount: 12 });
    fails(stack, /\[test\/net\/shared\] subnet 'shared' '10\.240\.\d+\.0\/27' holds 27 nodes .*"test\/a apps":12,"test\/b apps":12.* need 28 with the upgrade surge/);
  });

  test('two wrappers that each make a cluster \'Cluster\' on one shared network synthesize', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'Network', PLACE);
    class Team extends Construct {
      constructor(scope: Construct, id: string, i: number) {
        super(scope, id);
        new CniOverlayDualStackCluster(this, 'Cluster', {
          ...PLACE,
          name: `aks-${id.toLowerCase()}`,
          network,
          podCidrs: [`10.${244 + i}.0.0/16`, `fd12:3456:789${i}::/64`],
          serviceCidrs: [`10.${i}.0.0/16`, `fd12:3456:789${i}:1::/108`],
        }).addNodePool('apps');
      }
    }
    new Team(stack, 'Web', 1);
    new Team(stack, 'Batch', 2);
    const subnets = Object.values<any>(synthJson(stack).resource.azurerm_subnet).map((s) => s.name).sort();
    expect(subnets).toEqual(['aks-batch-apps', 'aks-batch-nodepool1', 'aks-web-apps', 'aks-web-nodepool1']);
    expect(network.subnets.map((s) => s.node.id)).toEqual(['Web-Cluster-nodepool1', 'Web-Cluster-apps', 'Batch-Cluster-nodepool1', 'Batch-Cluster-apps']);
  });
});

describe('no literal password reaches cdk.tf.json (rule 28)', () => {
  const windows = (stack: TerraformStack, adminPassword: string) =>
    new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, windowsProfile: { adminUsername: 'azureuser', adminPassword } });
  test.each<[string, (stack: TerraformStack) => void]>([
    ['a sensitive variable with a literal default', (s) => windows(s, passwordVariable(s, 'pw', { default: 'P@ssw0rd1234567' }))],
    ['Fn.sensitive of a literal', (s) => windows(s, Fn.sensitive('P@ssw0rd1234567') as string)],
    ['a Lazy value', (s) => windows(s, Lazy.stringValue({ produce: () => 'P@ssw0rd1234567' }))],
    ['a TerraformLocal holding a literal', (s) => windows(s, new TerraformLocal(s, 'pw', 'P@ssw0rd1234567').asString)],
    ['a template with a literal part', (s) => windows(s, `${passwordVariable(s)}-suffix`)],
    ['putWindowsProfile on the raw resource', (s) => windows(s, passwordVariable(s)).resource.putWindowsProfile({ adminUsername: 'azureuser', adminPassword: 'P@ssw0rd1234567' })],
    ['addOverride of the password', (s) => windows(s, passwordVariable(s)).resource.addOverride('windows_profile.admin_password', 'P@ssw0rd1234567')],
  ])('fails on %s', (_what, build) => {
    const stack = testStack();
    build(stack);
    fails(stack, /windowsProfile\.adminPassword .*(literal part, in clear text|variable with a default)/);
  });

  test.each<[string, (stack: TerraformStack) => string]>([
    ['a sensitive variable without a default', (s) => passwordVariable(s)],
    ['Fn.sensitive of a variable', (s) => Fn.sensitive(passwordVariable(s)) as string],
    ['a local that reads a variable', (s) => new TerraformLocal(s, 'pwlocal', passwordVariable(s)).asString],
  ])('passes %s', (_what, password) => {
    const stack = testStack();
    windows(stack, password(stack));
    expect(JSON.stringify(synthJson(stack))).not.toMatch(/P@ss/);
  });

  test('names the variable with a default, and follows locals without looping', () => {
    const stack = { variable: { pw: { default: 'x' } }, locals: { a: '${local.b}', b: '${local.a}', c: '${var.pw}' } };
    expect(checkWrittenSecret('p', '${var.pw}', stack)).toEqual(expect.objectContaining({ value: 'var.pw', rule: expect.stringMatching(/^is a variable with a default/) }));
    expect(checkWrittenSecret('p', '${local.c}', stack)).toEqual(expect.objectContaining({ value: 'local.c', rule: expect.stringMatching(/^reads a variable with a default/) }));
    expect(checkWrittenSecret('p', '${local.a}', stack)).toBeUndefined();
    expect(checkWrittenSecret('p', '${azurerm_key_vault_secret.pw.value}', stack)).toBeUndefined();
    expect(checkWrittenSecret('p', '${base64decode("UEBzcw==")}', stack)?.value).toBe('********');
  });
});
