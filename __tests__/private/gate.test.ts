import { Aspects, Fn, IAspect, Lazy, TerraformLocal, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { KeyVaultSecret } from '@cdktf/provider-azurerm/lib/key-vault-secret';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { CniOverlayDualStackCluster, DualStackNodePool, DualStackVirtualNetwork, KubenetDualStackCluster } from '../../lib';
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
    ['kubenet\'s route table gets a dynamic route block', (s) => new KubenetDualStackCluster(s, 'aks', PLACE).routeTable.addOverride('dynamic.route', { for_each: ['x'], content: { name: 'r', address_prefix: '0.0.0.0/0', next_hop_type: 'Internet' } }), /routeTable route .* declares inline routes/],
    ['a DualStackNodePool made directly takes a kubenet cluster past 200 nodes', (s) => {
      const c = new KubenetDualStackCluster(s, 'aks', PLACE);
      new DualStackNodePool(s, 'big', { clusterId: c.resource.id, name: 'big', subnet: c.network.addSubnet('big', { ipv4PrefixLength: 22 }), nodeCount: 300 });
    }, /node pools .* add up to 303 nodes/],
    ['a DualStackNodePool made directly puts Windows on kubenet, on a subnet without the route table', (s) => {
      const c = new KubenetDualStackCluster(s, 'aks', PLACE);
      new DualStackNodePool(s, 'w', { clusterId: c.resource.id, name: 'win', subnet: c.network.addSubnet('w'), osType: 'Windows' });
    }, /node pool resource 'w_\w+'\.subnet .* is not associated with the cluster's route table[^]*node pool resource 'w_\w+'\.osType 'Windows' is not supported with dual-stack kubenet/],
    ['an override writes the singular pod_cidr, which holds IPv4 only', (s) => overlay(s).resource.addOverride('network_profile.pod_cidr', '10.244.0.0/16'), /\[test\/aks\] network_profile\.pod_cidr '10\.244\.0\.0\/16' is written, but it holds one IPv4 range, and the ranges are in pod_cidrs; remove it\. \(rule 2\)/],
    ['an override adds virtual nodes to a kubenet cluster', (s) => new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('aci_connector_linux', { subnet_name: 'aci' }), /\[test\/aks\] aci_connector_linux is written, but virtual nodes do not run on dual-stack kubenet; remove it\. \(rule 18\)/],
    ['a setter moves a pool onto a subnet of another network', (s) => {
      const other = new DualStackVirtualNetwork(s, 'other', { ...PLACE, addressSpace: ['10.250.0.0/16', 'fd00:250::/48'] });
      overlay(s).addNodePool('apps').resource.vnetSubnetId = other.addSubnet('s').subnetId;
    }, /\[test\/aks\] addNodePool\('apps'\)\.subnet '\$\{azurerm_subnet\.other_s_\w+\.id\}' is not a subnet of the cluster's network.*\(rule 31\)/],
    ['a service principal with a literal secret', (s) => overlay(s).resource.putServicePrincipal({ clientId: 'x', clientSecret: 'S3cret-1' }), /\[test\/aks\] service_principal\.client_secret '\*\*\*\*\*\*\*\*' would be written into cdk\.tf\.json with a literal part, in clear text.*\(rule 28\)/],
    ['an override writes a token into the singular service_cidr', (s) => overlay(s).resource.addOverride('network_profile.service_cidr', new TerraformVariable(s, 'cidr', { type: 'string' }).stringValue), /network_profile\.service_cidr '\$\{var\.cidr\}' is written, but it holds one IPv4 range.*\(rule 2\)/],
    ['an override adds virtual nodes to kubenet as a dynamic block', (s) => new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('dynamic.aci_connector_linux', { for_each: ['x'], content: { subnet_name: 'aci' } }), /aci_connector_linux is written, but virtual nodes do not run on dual-stack kubenet.*\(rule 18\)/],
    ['an override removes the default pool\'s subnet', (s) => overlay(s).resource.addOverride('default_node_pool.vnet_subnet_id', null), /\[test\/aks\] defaultNodePool\.subnet is unset, so AKS would put the pool's nodes in a network of its own.*\(rule 31\)/],
    ['a pool loses its upgrade settings', (s) => overlay(s).addNodePool('apps').resource.resetUpgradeSettings(), /addNodePool\('apps'\)\.upgradeSettings is written without max_surge.*\(rule 45\)/],
    ['an extra pool loses its subnet', (s) => overlay(s).addNodePool('apps').resource.resetVnetSubnetId(), /addNodePool\('apps'\)\.subnet is unset, so AKS would put the pool's nodes in a network of its own.*\(rule 31\)/],
    ['the network\'s address space is widened over the pods', (s) => { (overlay(s).network.resource as VirtualNetwork).addressSpace = ['10.240.0.0/12', 'fd00:db8:deca::/48']; }, /podCidrs\[0\] '10\.244\.0\.0\/16' overlaps network 'test\/aks\/Network' addressSpace\[0\] '10\.240\.0\.0\/12'/],
    ['the network\'s address space moves away from its subnets', (s) => { (overlay(s).network.resource as VirtualNetwork).addressSpace = ['10.50.0.0/16', 'fd00:db8:deca::/48']; }, /subnet 'aks-nodepool1' address_prefixes\[0\] '10\.240\.0\.0\/24' is not inside the IPv4 addressSpace \["10\.50\.0\.0\/16"\]; keep the subnet's ranges inside the network's address space/],
    ['the network loses its IPv6 range', (s) => { (overlay(s).network.resource as VirtualNetwork).addressSpace = ['10.240.0.0/16']; }, /addressSpace \["10\.240\.0\.0\/16"\] is written without an IPv6 range/],
    ['a pool moves to a small subnet through its vnet_subnet_id', (s) => {
      const aks = overlay(s);
      aks.addNodePool('apps', { nodeCount: 50 }).resource.vnetSubnetId = aks.network.addSubnet('small', { ipv4PrefixLength: 28 }).subnetId;
    }, /subnet 'small' '10\.240\.\d+\.0\/28' holds 11 nodes .* \{"apps":50\} need 55/],
    ['an egress route is pointed at loopback', (s) => {
      const aks = overlay(s, { outboundType: 'userDefinedRouting', egressNextHopIp: '10.250.0.4', egressNextHopIpv6: 'fd00:250::4', network: new DualStackVirtualNetwork(s, 'net', { ...PLACE, addressSpace: ['10.240.0.0/16', 'fd00:db8:deca::/48'], usedRanges: [] }) });
      aks.node.findChild('EgressRoute').node.defaultChild;
      (aks.node.findChild('EgressRoute') as unknown as { addOverride: (p: string, v: unknown) => void }).addOverride('next_hop_in_ip_address', '127.0.0.1');
    }, /egressNextHopIp '127\.0\.0\.1' is a loopback address/],
    ['outbound_type turns to user-defined routing without the routes', (s) => overlay(s).resource.addOverride('network_profile.outbound_type', 'userDefinedRouting'), /outboundType 'userDefinedRouting' is not 'loadBalancer', what the cluster was built for/],
    ['the default pool loses its upgrade settings', (s) => overlay(s).resource.addOverride('default_node_pool.upgrade_settings', undefined), /defaultNodePool\.upgradeSettings is written without max_surge and drain_timeout_in_minutes/],
    ['a pool loses its drain timeout', (s) => overlay(s).addNodePool('apps').resource.upgradeSettings.resetDrainTimeoutInMinutes(), /addNodePool\('apps'\)\.upgradeSettings is written without/],
    ['two pools are renamed alike', (s) => { overlay(s).addNodePool('apps').resource.name = 'nodepool1'; }, /addNodePool\('apps'\)\.name 'nodepool1' is also the name of defaultNodePool, but pool names are unique in a cluster/],
    ['an overlay pool is moved onto a kubenet cluster\'s subnet', (s) => {
      const network = new DualStackVirtualNetwork(s, 'net', PLACE);
      const k = new KubenetDualStackCluster(s, 'k', { ...PLACE, network });
      const o = new CniOverlayDualStackCluster(s, 'o', { ...PLACE, network, podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'], serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'] });
      o.resource.defaultNodePool.vnetSubnetId = k.defaultNodePoolSubnet.subnetId;
    }, /\[test\/o\] defaultNodePool\.subnet .* carries another cluster's route table/],
    ['the network\'s address space gets overlapping ranges on the raw resource', (s) => { (overlay(s).network.resource as VirtualNetwork).addressSpace = ['10.240.0.0/16', '10.240.0.0/24', 'fd00:db8:deca::/48']; }, /addressSpace\[1\] '10\.240\.0\.0\/24' overlaps network 'test\/aks\/Network' addressSpace\[0\] '10\.240\.0\.0\/16'/],
    ['an egress route\'s next hop is written in another spelling on the raw route', (s) => {
      const aks = overlay(s, { outboundType: 'userDefinedRouting', egressNextHopIp: '10.250.0.4', egressNextHopIpv6: 'fd00:250::4', network: new DualStackVirtualNetwork(s, 'net', { ...PLACE, usedRanges: [] }) });
      (aks.node.findChild('EgressRouteIpv6') as unknown as { nextHopInIpAddress: string }).nextHopInIpAddress = 'FD00:250:0:0::4';
    }, /egress route IPv6 next_hop_in_ip_address 'FD00:250:0:0::4' is not written as Azure reports it back, so every plan would show a change; write 'fd00:250::4'/],
    ['a pool\'s labels and taints are changed on the raw resource', (s) => {
      const pool = overlay(s).addNodePool('apps');
      pool.resource.nodeLabels = { 'kubernetes.azure.com/mode': 'x' };
      pool.resource.nodeTaints = ['garbage'];
    }, /addNodePool\('apps'\)\.nodeLabels key 'kubernetes\.azure\.com\/mode' uses the prefix[^]*addNodePool\('apps'\)\.nodeTaints\[0\] 'garbage' is not a taint/],
  ])('fails when %s', (_what, build, message) => {
    const stack = testStack();
    build(stack);
    fails(stack, message);
  });

  test('passes lifecycle ignore_changes \'all\' on an autoscaled pool, and a next hop in any spelling, written canonically', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'net', { ...PLACE, usedRanges: [] });
    const aks = overlay(stack, { network, outboundType: 'userDefinedRouting', egressNextHopIp: '10.250.0.4', egressNextHopIpv6: 'FD00:250:0:0::4' });
    aks.addNodePool('apps', { minCount: 1, maxCount: 3 }).resource.lifecycle = { ignoreChanges: 'all' };
    const json = synthJson(stack);
    expect(Object.values<any>(json.resource.azurerm_route).map((r) => r.next_hop_in_ip_address).sort()).toEqual(['10.250.0.4', 'fd00:250::4']);
  });

  test('a pool\'s labels are copied: changing the caller\'s map afterwards changes nothing', () => {
    const stack = testStack();
    const labels: Record<string, string> = { tier: 'web' };
    overlay(stack).addNodePool('apps', { nodeLabels: labels });
    labels['bad key!'] = 'x';
    expect(Object.values<any>(synthJson(stack).resource.azurerm_kubernetes_cluster_node_pool)[0].node_labels).toEqual({ tier: 'web' });
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

/** A wrapper construct, as a team's own library would have, that makes a cluster 'Cluster' of its own. */
class Team extends Construct {
  readonly cluster: CniOverlayDualStackCluster;
  constructor(scope: Construct, id: string, network: DualStackVirtualNetwork, i: number, props: { name?: string; resourceGroupName?: string }) {
    super(scope, id);
    this.cluster = new CniOverlayDualStackCluster(this, 'Cluster', {
      ...PLACE,
      ...props,
      network,
      podCidrs: [`10.${244 + i}.0.0/16`, `fd12:3456:789${i}::/64`],
      serviceCidrs: [`10.${i}.0.0/16`, `fd12:3456:789${i}:1::/108`],
    });
  }
}

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
    fails(stack, /\[test\/net\] subnet 'shared' '10\.240\.\d+\.0\/27' holds 27 nodes .*"test\/a apps":12,"test\/b apps":12.* need 28 with the upgrade surge/);
  });

  test('a kubenet cluster and another cluster cannot share a subnet: one route table, and grants only for its owner', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'net', PLACE);
    const shared = network.addSubnet('shared');
    new KubenetDualStackCluster(stack, 'k', { ...PLACE, network, defaultNodePool: { subnet: shared } });
    expect(() => new CniOverlayDualStackCluster(stack, 'o', { ...PLACE, network, podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'], serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'], defaultNodePool: { subnet: shared } })).toThrow(
      /test\/o: subnet 'test\/net\/shared' already carries the route table of cluster 'test\/k'/,
    );
  });

  test('two wrappers that each make an unnamed cluster \'Cluster\' on one network, in two resource groups, synthesize', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'Network', PLACE);
    new Team(stack, 'Web', network, 1, { resourceGroupName: 'rg-1' });
    new Team(stack, 'Batch', network, 2, { resourceGroupName: 'rg-2' });
    expect(Object.values<any>(synthJson(stack).resource.azurerm_subnet).map((s) => s.name).sort()).toEqual(['Batch-Cluster-nodepool1', 'Web-Cluster-nodepool1']);
  });

  test('wrappers whose paths join alike (\'a-b\'/\'c\' and \'a\'/\'b-c\') still get subnets of their own', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'Network', PLACE);
    new CniOverlayDualStackCluster(new Construct(stack, 'a-b'), 'c', { ...PLACE, network, resourceGroupName: 'rg-1' });
    new CniOverlayDualStackCluster(new Construct(stack, 'a'), 'b-c', { ...PLACE, network, resourceGroupName: 'rg-2', podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'], serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'] });
    expect(network.subnets.map((s) => s.name)).toEqual(['a--b-c-nodepool1', 'a-b--c-nodepool1']);
    expect(() => synthJson(stack)).not.toThrow();
  });

  test('fails when two clusters take one name in one resource group, as two unnamed wrapped clusters would', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'Network', PLACE);
    new Team(stack, 'Web', network, 1, {});
    expect(() => new Team(stack, 'Batch', network, 2, {})).toThrow(
      /^test\/Batch\/Cluster: name 'Cluster' is already the name of cluster 'test\/Web\/Cluster' in resource group 'rg', and Azure takes a name once per resource group/,
    );
  });

  test('a subnet id another construct already has is refused with the library\'s message', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'n', PLACE);
    network.addSubnet('aks-nodepool1');
    expect(() => new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, network })).toThrow(/^test\/n: id 'aks-nodepool1' is already taken by another construct in 'test\/n'/);
  });

  test('two wrappers that each make a cluster \'Cluster\' on one shared network synthesize', () => {
    const stack = testStack();
    const network = new DualStackVirtualNetwork(stack, 'Network', PLACE);
    new Team(stack, 'Web', network, 1, { name: 'aks-web' }).cluster.addNodePool('apps');
    new Team(stack, 'Batch', network, 2, { name: 'aks-batch' }).cluster.addNodePool('apps');
    const subnets = Object.values<any>(synthJson(stack).resource.azurerm_subnet).map((s) => s.name).sort();
    expect(subnets).toEqual(['aks-batch-apps', 'aks-batch-nodepool1', 'aks-web-apps', 'aks-web-nodepool1']);
    expect(network.subnets.map((s) => s.node.id)).toEqual(['Web-Cluster-nodepool1', 'Web-Cluster-apps', 'Batch-Cluster-nodepool1', 'Batch-Cluster-apps']);
  });
});

describe('no literal password reaches cdk.tf.json (rule 28)', () => {
  test.each<[string, (aks: CniOverlayDualStackCluster) => void]>([
    ['a dynamic windows_profile', (aks) => aks.resource.addOverride('dynamic.windows_profile', { for_each: ['x'], content: { admin_username: 'azureuser', admin_password: 'Literal!!Pass1' } })],
    ['a second profile in a list', (aks) => aks.resource.addOverride('windows_profile', [{ admin_username: 'a', admin_password: '${var.pw}' }, { admin_username: 'b', admin_password: 'Literal!!Pass1' }])],
    ['a key the provider would refuse', (aks) => aks.resource.addOverride('windowsProfile', { adminPassword: 'Literal!!Pass1' })],
    ['an index in the path', (aks) => aks.resource.addOverride('windows_profile.0.admin_password', 'Literal!!Pass1')],
  ])('fails on a literal written through %s', (_what, change) => {
    const stack = testStack();
    change(overlay(stack));
    fails(stack, /(windowsProfile\.adminPassword|admin_?password|adminPassword) '\*{8}' would be written into cdk\.tf\.json with a literal part/i);
  });
  test('fails on a resource attribute that repeats a literal it was given (a key vault secret\'s value)', () => {
    const stack = testStack();
    const secret = new KeyVaultSecret(stack, 'kvs', { name: 'pw', value: 'Hunter2Hunter2!!', keyVaultId: 'kv' });
    new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, windowsProfile: { adminUsername: 'azureuser', adminPassword: secret.value } });
    fails(stack, /windowsProfile\.adminPassword 'azurerm_key_vault_secret\.kvs\.value' reads azurerm_key_vault_secret\.kvs\.value, which would be written into cdk\.tf\.json with a literal part/);
  });
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
    expect(checkWrittenSecret('p', '${local.c}', stack)).toEqual(expect.objectContaining({ value: 'local.c', rule: 'reads local.c, which reads var.pw, which is a variable with a default, which is written into cdk.tf.json in clear text' }));
    expect(checkWrittenSecret('p', '${local.a}', stack)).toBeUndefined();
    expect(checkWrittenSecret('p', '${azurerm_key_vault_secret.pw.value}', stack)).toBeUndefined();
    expect(checkWrittenSecret('p', '${base64decode("UEBzcw==")}', stack)?.value).toBe('********');
  });
});

describe('what the gate lets through, because Terraform or Azure take it', () => {
  test.each<[string, (stack: TerraformStack) => void]>([
    ['singular ranges written empty or null', (s) => {
      const aks = overlay(s);
      aks.resource.addOverride('network_profile.pod_cidr', '');
      aks.resource.addOverride('network_profile.service_cidr', null);
    }],
    ['virtual nodes written empty, and a null load balancer SKU', (s) => {
      const aks = new KubenetDualStackCluster(s, 'aks', PLACE);
      aks.resource.addOverride('aci_connector_linux', []);
      aks.resource.addOverride('network_profile.load_balancer_sku', null);
    }],
    ['virtual nodes in an empty dynamic block', (s) => new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('dynamic.aci_connector_linux', { for_each: [], content: { subnet_name: 'aci' } })],
    ['a tag named like a secret', (s) => { overlay(s).resource.tags = { client_secret: 'none', admin_password: 'none' }; }],
    ['a pool on a raw subnet of a network named by a variable', (s) => {
      const name = new TerraformVariable(s, 'vnet', { type: 'string' }).stringValue;
      const network = new DualStackVirtualNetwork(s, 'net', { ...PLACE, name });
      const aks = overlay(s, { network });
      const raw = new Subnet(s, 'raw', { name: 'raw', resourceGroupName: 'rg', virtualNetworkName: name, addressPrefixes: ['10.240.9.0/24', 'fd00:db8:deca:9::/64'] });
      aks.addNodePool('apps').resource.vnetSubnetId = raw.id;
    }],
    ['a pool on a raw subnet of the cluster\'s network', (s) => {
      const aks = overlay(s);
      const raw = new Subnet(s, 'raw', { name: 'raw', resourceGroupName: 'rg', virtualNetworkName: aks.network.resource.name, addressPrefixes: ['10.240.9.0/24', 'fd00:db8:deca:9::/64'] });
      new KubernetesClusterNodePool(s, 'rawpool', { name: 'rawpool', kubernetesClusterId: aks.resource.id, vnetSubnetId: raw.id, vmSize: 'Standard_D2s_v5', nodeCount: 1, temporaryNameForRotation: 'rawpooltmp', upgradeSettings: { maxSurge: '10%', drainTimeoutInMinutes: 30 } });
    }],
  ])('%s', (_what, build) => {
    const stack = testStack();
    build(stack);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe('what is written is what was checked (without reuseCheckedConfigurations)', () => {
  test('a validation that runs after the checks and breaks a rule is caught on the configuration as written', () => {
    const stack = testStack();
    const cluster = new CniOverlayDualStackCluster(stack, 'aks', PLACE);
    new Construct(stack, 'Later').node.addValidation({ validate: () => (cluster.resource.addOverride('network_profile.pod_cidr', '10.0.0.0/16'), []) });
    expect(() => Testing.synth(stack, true)).toThrow(/^Validation failed with the following errors, on the configuration as written, which changed after the checks read it:\n {2}\[test\/aks\] network_profile.pod_cidr .*\(rule 2\)/);
  });

  test('a Lazy that resolves to a broken value the second time is caught', () => {
    const stack = testStack();
    const cluster = new CniOverlayDualStackCluster(stack, 'aks', PLACE);
    let resolutions = 0;
    cluster.resource.addOverride('network_profile.pod_cidr', Lazy.anyValue({ produce: () => (resolutions++ === 0 ? undefined : '10.0.0.0/16') }));
    expect(() => Testing.synth(stack, true)).toThrow(/on the configuration as written[\s\S]*\(rule 2\)/);
    expect(resolutions).toBe(2);
  });

  test('a harmless change after the checks is written, checked', () => {
    const stack = testStack();
    const cluster = new CniOverlayDualStackCluster(stack, 'aks', PLACE);
    new Construct(stack, 'Later').node.addValidation({ validate: () => ((cluster.resource.tags = { late: 'yes' }), []) });
    expect(Object.values<any>(JSON.parse(Testing.synth(stack, true)).resource.azurerm_kubernetes_cluster)[0].tags).toEqual({ late: 'yes' });
  });
});

describe('count, for_each and indirection', () => {
  test.each<[string, (s: TerraformStack) => void, RegExp]>([
    ['count on a pool the cluster made', (s) => { new CniOverlayDualStackCluster(s, 'aks', PLACE).addNodePool('apps').resource.count = 3; }, /test\/aks\/apps\/Resource count is written on a resource the library makes \(azurerm_kubernetes_cluster_node_pool\), whose rules count it as one.*\(rule 66\)/],
    ['for_each on the cluster by override', (s) => new CniOverlayDualStackCluster(s, 'aks', PLACE).resource.addOverride('for_each', '${toset(["a", "b"])}'), /test\/aks\/Resource for_each is written on a resource the library makes \(azurerm_kubernetes_cluster\)/],
    ['count on a role assignment, which would drop the grant', (s) => new CniOverlayDualStackCluster(s, 'aks', PLACE).roleAssignments[0].addOverride('count', 0), /NetworkRole count is written on a resource the library makes/],
    ['count on a subnet through the stack', (s) => {
      const network = new DualStackVirtualNetwork(s, 'net', PLACE);
      const subnet = network.addSubnet('a');
      s.addOverride(`resource.azurerm_subnet.${subnet.resource.friendlyUniqueId}.count`, 2);
    }, /test\/net\/a\/Resource count is written on a resource the library makes \(azurerm_subnet\)/],
  ])('refused: %s', (_name, build, message) => {
    const stack = testStack();
    build(stack);
    expect(() => Testing.synth(stack, true)).toThrow(message);
  });

  test('count on a resource of the program, beside the library, is the program\'s business', () => {
    const stack = testStack();
    new CniOverlayDualStackCluster(stack, 'aks', PLACE);
    new Subnet(stack, 'mine', { name: 'x', resourceGroupName: 'rg', virtualNetworkName: 'v', addressPrefixes: ['10.9.0.0/24'], count: 2 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('a raw pool whose cluster id goes through a local is the cluster\'s pool', () => {
    const stack = testStack();
    const cluster = new KubenetDualStackCluster(stack, 'aks', PLACE);
    const id = new TerraformLocal(stack, 'cluster_id', cluster.resource.id);
    new KubernetesClusterNodePool(stack, 'win', { name: 'npwin', kubernetesClusterId: id.asString, vmSize: 'Standard_D2s_v5', osType: 'Windows' });
    expect(() => Testing.synth(stack, true)).toThrow(/node pool resource 'win'.osType 'Windows' is not supported with dual-stack kubenet.*\(rule 18\)/);
  });

  test('a raw pool in another stack is the cluster\'s pool', () => {
    const stack = testStack();
    const cluster = new KubenetDualStackCluster(stack, 'aks', PLACE);
    const other = new TerraformStack(stack.node.scope as Construct, 'pools');
    new AzurermProvider(other, 'azurerm', { features: [{}] });
    new KubernetesClusterNodePool(other, 'win', { name: 'npwin', kubernetesClusterId: cluster.resource.id, vmSize: 'Standard_D2s_v5', osType: 'Windows' });
    expect(() => Testing.synth(stack, true)).toThrow(/node pool resource 'pools\/win'.osType 'Windows' is not supported with dual-stack kubenet/);
  });
});

describe('found by the review of issue 17', () => {
  test('an escaped $${...} admin password is a literal, refused, and what count or for_each holds is never printed', () => {
    const stack = testStack();
    const password = new TerraformVariable(stack, 'pw', { type: 'string', sensitive: true });
    const cluster = new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, windowsProfile: { adminUsername: 'azureuser', adminPassword: password.stringValue } });
    cluster.resource.addOverride('windows_profile.admin_password', '$${local.Hunter2Secret}');
    expect(() => Testing.synth(stack, true)).toThrow(/admin_password|adminPassword[\s\S]*\(rule 28\)/);
    const other = testStack();
    const again = new CniOverlayDualStackCluster(other, 'aks', PLACE);
    again.resource.addOverride('for_each', { prod: 'Hunter2-S3cret!' });
    let message = '';
    try {
      Testing.synth(other, true);
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/for_each is written on a resource the library makes/);
    expect(message).not.toContain('Hunter2');
  });

  test('a raw pool whose cluster id is written with spaces, parentheses or tostring() is the cluster\'s pool', () => {
    for (const write of ['${ azurerm_kubernetes_cluster.ID.id }', '${(azurerm_kubernetes_cluster.ID.id)}', '${tostring(azurerm_kubernetes_cluster.ID.id)}']) {
      const stack = testStack();
      const cluster = new KubenetDualStackCluster(stack, 'aks', PLACE);
      const pool = new KubernetesClusterNodePool(stack, 'win', { name: 'npwin', kubernetesClusterId: cluster.resource.id, vmSize: 'Standard_D2s_v5', osType: 'Windows' });
      pool.addOverride('kubernetes_cluster_id', write.replace('ID', cluster.resource.friendlyUniqueId));
      expect(() => Testing.synth(stack, true)).toThrow(/node pool resource 'win'.osType 'Windows' is not supported with dual-stack kubenet/);
    }
  });

  test('count on a program\'s own resource put under a cluster is the program\'s business', () => {
    const stack = testStack();
    const cluster = new CniOverlayDualStackCluster(stack, 'aks', PLACE);
    new Subnet(new Construct(cluster, 'mine'), 'extra', { name: 'x', resourceGroupName: 'rg', virtualNetworkName: 'v', addressPrefixes: ['10.9.0.0/24'], count: 2 });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

test('a stack validated once, then changed and written without validation, is checked again as written', () => {
  const stack = testStack();
  const cluster = new CniOverlayDualStackCluster(stack, 'aks', PLACE);
  Testing.synth(stack, true);
  cluster.resource.addOverride('network_profile.pod_cidr', '10.0.0.0/16');
  expect(() => Testing.synth(stack)).toThrow(/on the configuration as written[\s\S]*\(rule 2\)/);
});

describe('the gate judges constant expressions', () => {
  test.each<[string, (s: ReturnType<typeof testStack>) => void, RegExp]>([
    ['a quoted plugin on a kubenet cluster', (s) => new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('network_profile.network_plugin', '${"azure"}'), /network_plugin|networkPlugin/],
    ['max pods as an interpolated number', (s) => new CniOverlayDualStackCluster(s, 'aks', PLACE).addNodePool('apps').resource.addOverride('max_pods', '${500}'), /maxPods 500/],
    ['ip versions reordered through tolist', (s) => new CniOverlayDualStackCluster(s, 'aks', PLACE).resource.addOverride('network_profile.ip_versions', '${tolist(["IPv6", "IPv4"])}'), /ipFamilies/],
    ['the plugin through a constant local', (s) => {
      new TerraformLocal(s, 'plugin', 'azure');
      new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('network_profile.network_plugin', '${local.plugin}');
    }, /network_plugin|networkPlugin/],
    ['an IPv6 authorized range through a constant local', (s) => {
      new TerraformLocal(s, 'ranges', ['2001:db8::/32']);
      new CniOverlayDualStackCluster(s, 'aks', PLACE).resource.addOverride('api_server_access_profile.authorized_ip_ranges', '${local.ranges}');
    }, /is an IPv6 range/],
    ['the plugin from a variable, which the rules need to know', (s) => {
      const plugin = new TerraformVariable(s, 'plugin', { type: 'string' });
      new KubenetDualStackCluster(s, 'aks', PLACE).resource.addOverride('network_profile.network_plugin', plugin.stringValue);
    }, /network_profile.network_plugin '\$\{var.plugin\}' is an expression known only at apply, but it decides which rules apply.*\(rule 53\)/],
  ])('refused: %s', (_name, build, message) => {
    const stack = testStack();
    build(stack);
    expect(() => Testing.synth(stack, true)).toThrow(message);
  });

  test('constants that keep the rules, and references the docs accept, pass and are written as they were', () => {
    const stack = testStack();
    const ranges = new TerraformVariable(stack, 'pods', { type: 'list(string)' });
    const cluster = new KubenetDualStackCluster(stack, 'aks', { ...PLACE, podCidrs: ranges.listValue, dnsServiceIp: '10.0.0.10' });
    cluster.resource.addOverride('network_profile.network_plugin', '${lower("KUBENET")}');
    const written = Object.values<any>(synthJson(stack).resource.azurerm_kubernetes_cluster)[0].network_profile;
    expect(written).toMatchObject({ network_plugin: '${lower("KUBENET")}', pod_cidrs: '${var.pods}' });
  });
});
