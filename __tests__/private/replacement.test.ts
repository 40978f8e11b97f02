import * as fs from 'fs';
import * as path from 'path';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { AnnotationMetadataEntryType, App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { CniOverlayDualStackCluster, DualStackClusterBase, KubenetDualStackCluster } from '../../lib';
import { ALLOW_REPLACEMENT, PREVIOUS_OUTPUT, replacements } from '../../lib/private/replacement';
import { PLACE, testApp } from '../util';

// Rule 13: what a stack writes now is compared with what it wrote at the previous synth, and the changes that
// make azurerm replace a cluster (an error) or a node pool (a warning) are reported.

type Build = (stack: TerraformStack) => DualStackClusterBase;

/** A stack 'test' in `app`, with a cluster (and whatever else) `build` makes. */
function stackIn(app: App, build: Build): { stack: TerraformStack; cluster: DualStackClusterBase } {
  const stack = new TerraformStack(app, 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new KubernetesProvider(stack, 'kubernetes', {});
  const cluster = build(stack);
  return { stack, cluster };
}

/** Synthesizes `first` into a fresh outdir, then builds `second` in an app over the same outdir. */
function resynth(first: Build, second: Build, context: Record<string, unknown> = {}): { stack: TerraformStack; cluster: DualStackClusterBase; outdir: string } {
  const app = testApp();
  stackIn(app, first);
  app.synth();
  return { ...stackIn(Testing.app({ outdir: app.outdir, context }), second), outdir: app.outdir };
}

const overlay = (props: Partial<ConstructorParameters<typeof CniOverlayDualStackCluster>[2]> = {}): Build => (stack) => new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, ...props });
const errorsOf = (stack: TerraformStack) => {
  try {
    Testing.synth(stack, true);
    return '';
  } catch (error) {
    return String(error);
  }
};
const warningsOf = (scope: IConstruct) =>
  scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN && String(m.data).includes('(rule 13)')).map((m) => String(m.data)));

describe('against the previous synth', () => {
  test('a changed pod range fails the synth, naming the old range and the context that allows it', () => {
    const { stack } = resynth(overlay(), overlay({ podCidrs: ['10.245.0.0/16', 'fd12:3456:789a::/64'] }));
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/aks\] network_profile\.pod_cidrs \["10\.245\.0\.0\/16".*\] was \["10\.244\.0\.0\/16".*\] at the previous synth, and changing it replaces cluster 'aks' \(azurerm: pod_cidrs is ForceNew once set\); keep \["10\.244\.0\.0\/16".*\]; to replace the cluster on purpose, set the context aks-dualstack:allowReplacement to \["test\/aks"\]\. \(rule 13\)/,
    );
  });

  test('app.synth() fails too, and leaves the previous output as it was', () => {
    const app = testApp();
    stackIn(app, overlay());
    app.synth();
    const file = path.join(app.outdir, 'stacks', 'test', 'cdk.tf.json');
    const before = fs.readFileSync(file, 'utf8');
    const second = Testing.app({ outdir: app.outdir });
    stackIn(second, overlay({ dnsServiceIp: '10.0.0.11' }));
    expect(() => second.synth()).toThrow(/network_profile\.dns_service_ip '10\.0\.0\.11' was '10\.0\.0\.10'.*\(rule 13\)/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('an identical synth reports nothing', () => {
    const { stack, cluster } = resynth(overlay(), overlay());
    expect(errorsOf(stack)).not.toMatch(/rule 13/);
    expect(warningsOf(cluster)).toEqual([]);
  });

  test('kubenet to CNI Overlay under the same id does not replace the cluster through its network plugin', () => {
    const kubenet: Build = (stack) => new KubenetDualStackCluster(stack, 'aks', PLACE);
    // A change that does replace it, to show that the cluster was compared.
    const errors = errorsOf(resynth(kubenet, overlay({ dnsPrefix: 'other', migratingFromKubenet: true })).stack);
    expect(errors).toMatch(/dns_prefix 'other' was 'aks'/);
    expect(errors).not.toMatch(/network_plugin/);
  });

  test('fails when kubenet moves to CNI Overlay without migratingFromKubenet, which would delete the route table first', () => {
    const kubenet: Build = (stack) => new KubenetDualStackCluster(stack, 'aks', PLACE);
    expect(errorsOf(resynth(kubenet, overlay()).stack)).toMatch(
      /network_profile\.network_plugin 'azure' was 'kubenet' at the previous synth, and without migratingFromKubenet Terraform deletes the route table.*; set migratingFromKubenet: true for the apply that moves the cluster.*\(rule 13\)/,
    );
  });

  test('a literal that becomes an expression is advice, not an error: its value at apply may be the same', () => {
    const viaGroup: Build = (stack) => {
      const group = new ResourceGroup(stack, 'G', { name: 'rg', location: 'eastus2' });
      return new CniOverlayDualStackCluster(stack, 'aks', { resourceGroupName: group.name, location: group.location });
    };
    const { stack, cluster } = resynth(overlay(), viaGroup);
    expect(errorsOf(stack)).not.toMatch(/rule 13/);
    expect(warningsOf(cluster)).toContainEqual(expect.stringMatching(/^location '\$\{azurerm_resource_group\.G\.location\}' was 'eastus2' .* replaces cluster 'aks' .*, if the value Terraform resolves differs; /));
  });

  test('a previous body the constructs did not write is not compared', () => {
    const { stack, outdir } = resynth(overlay(), overlay({ dnsPrefix: 'other' }));
    const file = path.join(outdir, 'stacks', 'test', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const id of Object.keys(json.resource.azurerm_kubernetes_cluster)) json.resource.azurerm_kubernetes_cluster[id] = { network_profile: 'x' };
    fs.writeFileSync(file, JSON.stringify(json));
    expect(errorsOf(stack)).not.toMatch(/rule 13/);
  });

  test('a Windows profile added later replaces the cluster', () => {
    const windows: Build = (stack) =>
      new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, windowsProfile: { adminUsername: 'winadmin', adminPassword: new TerraformVariable(stack, 'password', { type: 'string', sensitive: true }).stringValue } });
    expect(errorsOf(resynth(overlay(), windows).stack)).toMatch(
      /windows_profile\.admin_username 'winadmin' was not written at the previous synth, and writing it replaces cluster 'aks' \(azurerm: admin_username is ForceNew\); leave it out; to replace the cluster on purpose/,
    );
  });

  test('CNI Overlay back to kubenet replaces it', () => {
    const kubenet: Build = (stack) => new KubenetDualStackCluster(stack, 'aks', PLACE);
    const { stack } = resynth(overlay(), kubenet);
    expect(errorsOf(stack)).toMatch(/network_profile\.network_plugin 'kubenet' was 'azure' at the previous synth.*\(azurerm: network_plugin is ForceNew, except from kubenet to azure/);
  });

  test('IPv4 alone to dual-stack gets one message, with the in-place az aks update', () => {
    const { stack } = resynth(overlay({ ipFamilies: ['IPv4'] }), overlay());
    const errors = errorsOf(stack);
    expect(errors).toMatch(/network_profile\.ip_versions \["IPv4","IPv6"\] was \["IPv4"\] at the previous synth, and adding IPv6 through azurerm replaces cluster 'aks' \(azurerm: ip_versions, pod_cidrs and service_cidrs are ForceNew, azurerm #32814\)/);
    expect(errors).toMatch(/add it in place: run 'az aks update -g rg -n aks --ip-families ipv4,ipv6 --pod-cidrs 10\.244\.0\.0\/16,fd[0-9a-f:]+\/64 --service-cidrs 10\.0\.0\.0\/16,fd[0-9a-f:]+\/108', then 'terraform apply -refresh-only', then synth again with the context aks-dualstack:previousOutput set to an empty folder/);
    // The IPv6 ranges appended are part of the same move.
    expect(errors).not.toMatch(/pod_cidrs \[/);
    expect(errors).not.toMatch(/service_cidrs \[/);
  });

  test('allowReplacement listing the cluster\'s path turns the error into a warning', () => {
    const { stack, cluster } = resynth(overlay(), overlay({ dnsPrefix: 'other' }), { [ALLOW_REPLACEMENT]: ['test/aks'] });
    expect(errorsOf(stack)).not.toMatch(/rule 13/);
    expect(warningsOf(cluster)).toEqual([expect.stringMatching(/^dns_prefix 'other' was 'aks' at the previous synth, and changing it replaces cluster 'aks' \(azurerm: dns_prefix is ForceNew\); keep 'aks', unless the cluster may be replaced \(aks-dualstack:allowReplacement allows it\)\. \(rule 13\)$/)]);
  });

  test('allowReplacement true allows every cluster; a list of other paths allows none of these', () => {
    const change = overlay({ dnsPrefix: 'other' });
    expect(errorsOf(resynth(overlay(), change, { [ALLOW_REPLACEMENT]: true }).stack)).not.toMatch(/rule 13/);
    expect(errorsOf(resynth(overlay(), change, { [ALLOW_REPLACEMENT]: ['test/other'] }).stack)).toMatch(/dns_prefix 'other'.*\(rule 13\)/);
    expect(errorsOf(resynth(overlay(), change, { [ALLOW_REPLACEMENT]: 'test/aks' }).stack)).toMatch(/dns_prefix 'other'.*\(rule 13\)/);
  });

  test('a node pool that changes its operating system is replaced: a warning', () => {
    const pool = (osType: 'Linux' | 'Windows'): Build => (stack) => {
      const cluster = new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, windowsProfile: { adminUsername: 'winadmin', adminPassword: new TerraformVariable(stack, 'password', { type: 'string', sensitive: true }).stringValue } });
      cluster.addNodePool('apps', { osType });
      return cluster;
    };
    const { stack, cluster } = resynth(pool('Linux'), pool('Windows'));
    expect(errorsOf(stack)).not.toMatch(/rule 13/);
    expect(warningsOf(cluster)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^os_type 'Windows' was 'Linux' at the previous synth, and changing it replaces node pool 'apps': azurerm deletes the pool, draining its nodes, and creates it again \(azurerm: os_type is ForceNew\); keep 'Linux', unless the pool may be replaced\. \(rule 13\)$/),
    ]));
  });

  test('a node pool renamed under the same construct is replaced: a warning on the pool', () => {
    const pool = (name: string): Build => (stack) => {
      const cluster = new CniOverlayDualStackCluster(stack, 'aks', PLACE);
      cluster.addNodePool('apps').resource.name = name;
      return cluster;
    };
    const { cluster } = resynth(pool('apps'), pool('web'));
    Testing.synth(TerraformStack.of(cluster), true);
    expect(warningsOf(cluster.nodePools[0])).toEqual([expect.stringMatching(/^name 'web' was 'apps' at the previous synth, and changing it replaces node pool 'web'/)]);
  });

  test('a warning is added once, however often validation runs', () => {
    const { stack, cluster } = resynth(overlay(), overlay({ dnsPrefix: 'other' }), { [ALLOW_REPLACEMENT]: true });
    Testing.synth(stack, true);
    Testing.synth(stack, true);
    expect(warningsOf(cluster)).toHaveLength(1);
  });

  test('no previous output, nothing to compare with', () => {
    const app = testApp();
    const { stack } = stackIn(app, overlay({ dnsPrefix: 'other' }));
    expect(errorsOf(stack)).not.toMatch(/rule 13/);
  });

  test('an unparsable previous file is no previous output', () => {
    const app = testApp();
    fs.mkdirSync(path.join(app.outdir, 'stacks', 'test'), { recursive: true });
    fs.writeFileSync(path.join(app.outdir, 'stacks', 'test', 'cdk.tf.json'), '{ not json');
    const { stack } = stackIn(Testing.app({ outdir: app.outdir }), overlay({ dnsPrefix: 'other' }));
    expect(errorsOf(stack)).not.toMatch(/rule 13/);
  });

  test('aks-dualstack:previousOutput points elsewhere than the outdir', () => {
    const app = testApp();
    stackIn(app, overlay());
    app.synth();
    const { stack } = stackIn(testApp(), overlay({ dnsPrefix: 'other' }));
    expect(errorsOf(stack)).not.toMatch(/rule 13/);
    const pointed = new App({ outdir: fs.mkdtempSync(path.join(app.outdir, 'next-')), context: { [PREVIOUS_OUTPUT]: app.outdir } });
    expect(errorsOf(stackIn(pointed, overlay({ dnsPrefix: 'other' })).stack)).toMatch(/dns_prefix 'other' was 'aks'.*\(rule 13\)/);
  });

  test('the previous file is read once per validation pass, and afresh in the next', () => {
    const { stack, outdir } = resynth(overlay(), (s) => {
      const cluster = overlay({ dnsPrefix: 'other' })(s);
      cluster.addNodePool('apps');
      cluster.addNodePool('web');
      return cluster;
    });
    const file = path.join(outdir, 'stacks', 'test', 'cdk.tf.json');
    const previous = fs.readFileSync(file, 'utf8');
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(() => stack.runAllValidations()).toThrow(/dns_prefix 'other'/);
      expect(parse.mock.calls.filter(([text]) => text === previous)).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
    // What this synth writes becomes the previous output: the next pass compares with it.
    fs.writeFileSync(file, JSON.stringify(stack.toTerraform()));
    expect(() => stack.runAllValidations()).not.toThrow();
  });
});

describe('replacements', () => {
  const cluster = (profile: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ name: 'aks', network_profile: [profile], ...rest });
  const props = (kind: 'cluster' | 'pool', before: Record<string, unknown>, now: Record<string, unknown>) => replacements(kind, before, now).map((r) => r.prop);

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['kubenet to azure with overlay', { network_plugin: 'kubenet' }, { network_plugin: 'azure', network_plugin_mode: 'overlay' }, []],
    ['kubenet to azure without overlay', { network_plugin: 'kubenet' }, { network_plugin: 'azure' }, ['network_profile.network_plugin']],
    ['azure to kubenet', { network_plugin: 'azure' }, { network_plugin: 'kubenet' }, ['network_profile.network_plugin']],
    ['plugin mode unset to Overlay (any case)', {}, { network_plugin_mode: 'Overlay' }, []],
    ['plugin mode overlay to unset', { network_plugin_mode: 'overlay' }, {}, ['network_profile.network_plugin_mode']],
    ['policy unset to calico', {}, { network_policy: 'calico' }, []],
    ['policy azure to cilium', { network_policy: 'azure' }, { network_policy: 'cilium' }, []],
    ['policy calico to cilium', { network_policy: 'calico' }, { network_policy: 'cilium' }, []],
    ['policy cilium to calico', { network_policy: 'cilium' }, { network_policy: 'calico' }, ['network_profile.network_policy']],
    ['policy azure to an expression', { network_policy: 'azure' }, { network_policy: '${var.policy}' }, ['network_profile.network_policy']],
    ['data plane unset to cilium', {}, { network_data_plane: 'cilium' }, []],
    ['data plane unset to azure', {}, { network_data_plane: 'azure' }, []],
    ['data plane cilium to azure', { network_data_plane: 'cilium' }, {}, ['network_profile.network_data_plane']],
    ['pod ranges written first', {}, { pod_cidrs: ['10.244.0.0/16'] }, []],
    ['pod ranges unwritten now (computed: kept)', { pod_cidrs: ['10.244.0.0/16'] }, {}, []],
    ['the same expression', { service_cidrs: '${var.ranges}' }, { service_cidrs: '${var.ranges}' }, []],
    ['another expression', { dns_service_ip: '${var.a}' }, { dns_service_ip: '${var.b}' }, ['network_profile.dns_service_ip']],
    ['load balancer sku unset to standard', {}, { load_balancer_sku: 'standard' }, []],
    ['load balancer sku unset to basic', {}, { load_balancer_sku: 'basic' }, ['network_profile.load_balancer_sku']],
    ['ip versions reordered', { ip_versions: ['IPv4', 'IPv6'] }, { ip_versions: ['IPv6', 'IPv4'] }, ['network_profile.ip_versions']],
  ])('network profile: %s', (_name, before, now, expected) => {
    expect(props('cluster', cluster(before), cluster(now))).toEqual(expected);
  });

  test('a network profile written as an object reads as one written as a list', () => {
    expect(props('cluster', { network_profile: { pod_cidrs: ['10.244.0.0/16'] } }, { network_profile: [{ pod_cidrs: ['10.245.0.0/16'] }] })).toEqual(['network_profile.pod_cidrs']);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['location in another spelling', { location: 'East US 2' }, { location: 'eastus2' }, []],
    ['another location', { location: 'eastus2' }, { location: 'westus2' }, ['location']],
    ['resource group', { resource_group_name: 'rg' }, { resource_group_name: 'rg2' }, ['resource_group_name']],
    ['OIDC issuer on to off', { oidc_issuer_enabled: true }, { oidc_issuer_enabled: false }, ['oidc_issuer_enabled']],
    ['OIDC issuer unset (on by default) to off', {}, { oidc_issuer_enabled: false }, ['oidc_issuer_enabled']],
    ['OIDC issuer off to on', { oidc_issuer_enabled: false }, { oidc_issuer_enabled: true }, []],
    ['default pool renamed', { default_node_pool: [{ name: 'a' }] }, { default_node_pool: [{ name: 'b' }] }, ['default_node_pool.name']],
    ['default pool back from its rotation name', { default_node_pool: [{ name: 'tmp' }] }, { default_node_pool: [{ name: 'a', temporary_name_for_rotation: 'tmp' }] }, []],
    ['drain timeout removed', { default_node_pool: [{ upgrade_settings: [{ drain_timeout_in_minutes: 30 }] }] }, { default_node_pool: [{ upgrade_settings: [{}] }] }, ['default_node_pool.upgrade_settings.drain_timeout_in_minutes']],
    ['drain timeout changed', { default_node_pool: [{ upgrade_settings: [{ drain_timeout_in_minutes: 30 }] }] }, { default_node_pool: [{ upgrade_settings: [{ drain_timeout_in_minutes: 40 }] }] }, []],
    ['Windows admin changed', { windows_profile: [{ admin_username: 'a' }] }, { windows_profile: [{ admin_username: 'b' }] }, ['windows_profile.admin_username']],
    ['Windows admin added', {}, { windows_profile: [{ admin_username: 'b' }] }, ['windows_profile.admin_username']],
    ['Windows profile unwritten now (computed: kept)', { windows_profile: [{ admin_username: 'a' }] }, {}, []],
    ['tags and Kubernetes version', { tags: { a: '1' }, kubernetes_version: '1.33' }, { tags: { a: '2' }, kubernetes_version: '1.34' }, []],
    ['made private', {}, { private_cluster_enabled: true }, ['private_cluster_enabled']],
    ['private DNS zone unwritten to System (computed: kept)', { private_cluster_enabled: true }, { private_cluster_enabled: true, private_dns_zone_id: 'System' }, []],
    ['private DNS zone changed', { private_dns_zone_id: 'System' }, { private_dns_zone_id: '/subscriptions/s/resourceGroups/d/providers/Microsoft.Network/privateDnsZones/privatelink.eastus2.azmk8s.io' }, ['private_dns_zone_id']],
    ['another kubelet identity', { kubelet_identity: [{ user_assigned_identity_id: 'a' }] }, { kubelet_identity: [{ user_assigned_identity_id: 'b' }] }, ['kubelet_identity.user_assigned_identity_id']],
    ['Entra ID, upgrades and add-ons turned on (in place)', {}, { azure_active_directory_role_based_access_control: [{ tenant_id: 't' }], local_account_disabled: true, automatic_upgrade_channel: 'patch', azure_policy_enabled: true, sku_tier: 'Standard' }, []],
  ])('cluster: %s', (_name, before, now, expected) => {
    expect(props('cluster', before, now)).toEqual(expected);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['renamed', { name: 'apps' }, { name: 'web' }, ['name']],
    ['moved to another cluster', { kubernetes_cluster_id: '${a.id}' }, { kubernetes_cluster_id: '${b.id}' }, ['kubernetes_cluster_id']],
    ['os type unset to Linux', {}, { os_type: 'Linux' }, []],
    ['os type to Windows', { os_type: 'Linux' }, { os_type: 'Windows' }, ['os_type']],
    ['Windows profile added', {}, { windows_profile: [{}] }, ['windows_profile']],
    ['outbound NAT turned off', { windows_profile: [{}] }, { windows_profile: [{ outbound_nat_enabled: false }] }, ['windows_profile.outbound_nat_enabled']],
    ['Ubuntu to AzureLinux', { os_sku: 'Ubuntu' }, { os_sku: 'AzureLinux' }, []],
    ['unset (Ubuntu) to AzureLinux3', {}, { os_sku: 'AzureLinux3' }, []],
    ['unset to unset', {}, {}, []],
    ['Ubuntu to unset (computed: kept)', { os_sku: 'Ubuntu' }, {}, []],
    ['Ubuntu to Windows2022', { os_sku: 'Ubuntu' }, { os_sku: 'Windows2022' }, ['os_sku']],
    ['Windows unset (Windows2022) to Windows2019', { os_type: 'Windows' }, { os_type: 'Windows', os_sku: 'Windows2019' }, ['os_sku']],
    ['Windows unset to Windows2022', { os_type: 'Windows' }, { os_type: 'Windows', os_sku: 'Windows2022' }, []],
    ['priority to Spot', {}, { priority: 'Spot' }, ['priority']],
    ['drain timeout removed', { upgrade_settings: { drain_timeout_in_minutes: 30 } }, { upgrade_settings: {} }, ['upgrade_settings.drain_timeout_in_minutes']],
    ['node count and max surge', { node_count: 1, upgrade_settings: [{ max_surge: '10%' }] }, { node_count: 3, upgrade_settings: [{ max_surge: '33%' }] }, []],
  ])('node pool: %s', (_name, before, now, expected) => {
    expect(props('pool', before, now)).toEqual(expected);
  });

  test('IPv4 alone to dual-stack is one replacement, marked as adding IPv6', () => {
    const before = cluster({ ip_versions: ['IPv4'], pod_cidrs: ['10.244.0.0/16'], service_cidrs: ['10.0.0.0/16'] });
    const now = cluster({ ip_versions: ['IPv4', 'IPv6'], pod_cidrs: ['10.244.0.0/16', 'fd00::/64'], service_cidrs: ['10.0.0.0/16', 'fd01::/108'] });
    expect(replacements('cluster', before, now)).toEqual([expect.objectContaining({ prop: 'network_profile.ip_versions', addsIpv6: true })]);
  });

  test('IPv4 alone to dual-stack with a new IPv4 pod range reports that range too', () => {
    const before = cluster({ ip_versions: ['IPv4'], pod_cidrs: ['10.244.0.0/16'] });
    const now = cluster({ ip_versions: ['IPv4', 'IPv6'], pod_cidrs: ['10.245.0.0/16', 'fd00::/64'] });
    expect(replacements('cluster', before, now).map((r) => r.prop)).toEqual(['network_profile.ip_versions', 'network_profile.pod_cidrs']);
  });
});
