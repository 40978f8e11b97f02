import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { CniOverlayDualStackCluster, CniOverlayDualStackClusterProps } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack } from './util';

function overlay(props: Partial<CniOverlayDualStackClusterProps> = {}, stack: TerraformStack = testStack()) {
  return new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, ...props });
}
function windowsProfile(stack: TerraformStack) {
  const password = new TerraformVariable(stack, 'windows_admin_password', { type: 'string', sensitive: true });
  return { adminUsername: 'azureuser', adminPassword: password.stringValue };
}
const clusterOf = (json: any) => Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0];

test('network plugin azure in overlay mode, and no route table', () => {
  const stack = testStack();
  overlay({}, stack);
  const json = synthJson(stack);
  expect(clusterOf(json).network_profile).toMatchObject({ network_plugin: 'azure', network_plugin_mode: 'overlay' });
  expect(clusterOf(json).windows_profile).toBeUndefined();
  expect(Object.keys(json.resource).sort()).toEqual([
    'azurerm_kubernetes_cluster',
    'azurerm_role_assignment',
    'azurerm_subnet',
    'azurerm_user_assigned_identity',
    'azurerm_virtual_network',
    'time_sleep',
  ]);
});

test('a user-assigned identity with Network Contributor on the network, granted and propagated before the cluster', () => {
  const stack = testStack();
  const aks = overlay({}, stack);
  const json = synthJson(stack);
  const identity = `azurerm_user_assigned_identity.${Object.keys(json.resource.azurerm_user_assigned_identity)[0]}`;
  expect(clusterOf(json).identity).toEqual({ type: 'UserAssigned', identity_ids: [`\${${identity}.id}`] });
  const roles = resourcesOf(json, 'azurerm_role_assignment');
  expect(roles).toEqual([
    {
      scope: expect.stringMatching(/^\$\{azurerm_virtual_network\.aks_Network_\w+\.id\}$/),
      role_definition_name: 'Network Contributor',
      principal_id: `\${${identity}.principal_id}`,
      skip_service_principal_aad_check: true,
    },
  ]);
  const role = `azurerm_role_assignment.${Object.keys(json.resource.azurerm_role_assignment)[0]}`;
  const sleep = Object.keys(json.resource.time_sleep)[0];
  expect(json.resource.time_sleep[sleep]).toEqual({ create_duration: '60s', triggers: { NetworkRole: `\${${role}.id}` }, depends_on: [role] });
  expect(clusterOf(json).depends_on).toEqual([`time_sleep.${sleep}`]);
  expect(aks.roleAssignments).toHaveLength(1);
  expect(aks.identity).toBe(aks.node.tryFindChild('Identity'));
});

test('with user-defined routing, the identity also manages the route table', () => {
  const stack = testStack();
  overlay({ outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4', egressNextHopIpv6: 'fd00:db8:deca:ffff::4' }, stack);
  const scopes = resourcesOf(synthJson(stack), 'azurerm_role_assignment').map((r) => r.scope);
  expect(scopes).toEqual(expect.arrayContaining([expect.stringMatching(/^\$\{azurerm_route_table\.aks_RouteTable_\w+\.id\}$/), expect.stringMatching(/azurerm_virtual_network/)]));
  expect(scopes).toHaveLength(2);
});

test('a Windows pool on its own subnet, with the Windows profile taken from a sensitive variable', () => {
  const stack = testStack();
  const aks = overlay({ windowsProfile: windowsProfile(stack) }, stack);
  const pool = aks.addNodePool('npwin', { osType: 'Windows', nodeCount: 2 });
  expect(pool.osType).toBe('Windows');
  expect(pool.subnet.ipv4Cidr).toBe('10.240.1.0/24');
  expect(aks.windowsAdminUsername).toBe('azureuser');
  expect(Testing.synth(stack)).toHaveResourceWithProperties(KubernetesClusterNodePool, { name: 'npwin', os_type: 'Windows', node_count: 2, mode: 'User' });
  // Windows pool names are at most 6 characters, and so is the stand-in pool's
  expect(Testing.synth(stack)).toHaveResourceWithProperties(KubernetesClusterNodePool, { name: 'npwin', temporary_name_for_rotation: 'npthgj' });
  const json = synthJson(stack);
  expect(clusterOf(json).windows_profile).toEqual({ admin_username: 'azureuser', admin_password: '${var.windows_admin_password}' });
  expect(json.variable.windows_admin_password).toEqual({ type: 'string', sensitive: true });
});

test('the minimum Kubernetes version 1.26.3 passes', () => {
  expect(overlay({ kubernetesVersion: '1.26.3' }).kubernetesVersion).toBe('1.26.3');
});

test('no warning is added', () => {
  expect(overlay().node.metadata).toEqual([]);
});

test('pools on an overlay cluster have no dependencies beyond the cluster', () => {
  const stack = testStack();
  overlay({}, stack).addNodePool('apps');
  expect(resourcesOf(synthJson(stack), 'azurerm_kubernetes_cluster_node_pool')[0].depends_on).toBeUndefined();
});

describe('invalid input', () => {
  test('fails when the Kubernetes version is below 1.26.3', () => {
    expect(() => overlay({ kubernetesVersion: '1.26.2' })).toThrow(
      "test/aks: kubernetesVersion '1.26.2' is below 1.26.3, the first version with dual-stack CNI Overlay; use 1.26.3 or later, or leave it unset for the AKS default.",
    );
  });

  test('fails when the Windows password is a literal, without printing it', () => {
    let message = '';
    try {
      overlay({ windowsProfile: { adminUsername: 'azureuser', adminPassword: 'Sup3rS3cret!Passw0rd' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^test\/aks: windowsProfile.adminPassword '\*{8}' is a literal string, which would be written in plain text into cdk.tf.json; pass a token instead/);
    expect(message).not.toContain('Sup3rS3cret');
  });

  test.each([
    ['administrator', /is a name Windows keeps for itself/],
    ['Admin', /is a name Windows keeps for itself/],
    ['  ', /is not a Windows user name Azure takes/],
    ['a'.repeat(21), /is not a Windows user name Azure takes: 1 to 20 characters/],
    ['ops team', /is not a Windows user name Azure takes/],
  ])('fails when the Windows administrator is %p', (adminUsername, rule) => {
    const stack = testStack();
    const adminPassword = new TerraformVariable(stack, 'pw', { type: 'string', sensitive: true }).stringValue;
    expect(() => overlay({ windowsProfile: { adminUsername, adminPassword } }, stack)).toThrow(rule);
  });

  test('fails when a Windows pool has no Windows profile to join', () => {
    expect(() => overlay().addNodePool('npwin', { osType: 'Windows' })).toThrow(
      "test/aks: addNodePool('npwin').osType 'Windows' needs the cluster's windowsProfile, which AKS only takes when the cluster is created; set windowsProfile: { adminUsername, adminPassword } on the cluster.",
    );
  });

  test('fails when a Windows pool name is longer than 6 characters', () => {
    const stack = testStack();
    expect(() => overlay({ windowsProfile: windowsProfile(stack) }, stack).addNodePool('windows', { osType: 'Windows' })).toThrow(
      /addNodePool\('windows'\).name 'windows' is 7 characters long, but Windows node pool names are at most 6 .*; use a name of 6 characters or fewer, e.g. 'window'/,
    );
  });

  test('takes cilium policy on the cilium data plane, and maps both', () => {
    const stack = testStack();
    overlay({ networkPolicy: 'cilium', networkDataPlane: 'cilium', kubernetesVersion: '1.30' }, stack);
    expect(clusterOf(synthJson(stack)).network_profile).toMatchObject({ network_policy: 'cilium', network_data_plane: 'cilium' });
  });

  test('fails when a Windows pool would run on the cilium data plane', () => {
    const stack = testStack();
    const aks = overlay({ networkPolicy: 'cilium', networkDataPlane: 'cilium', windowsProfile: windowsProfile(stack) }, stack);
    expect(() => aks.addNodePool('npwin', { osType: 'Windows' })).toThrow(/addNodePool\('npwin'\).osType 'Windows' is not supported on the cilium data plane/);
  });

  test('fails when a Windows pool is System mode', () => {
    const stack = testStack();
    expect(() => overlay({ windowsProfile: windowsProfile(stack) }, stack).addNodePool('win', { osType: 'Windows', mode: 'System' })).toThrow(
      /addNodePool\('win'\).mode 'System' is not allowed on a Windows pool: System pools must be Linux/,
    );
  });
});

describe('the next plan is clean on today\'s Azure', () => {
  test('the OIDC issuer is written on, as AKS keeps it from Kubernetes 1.34', () => {
    const stack = testStack();
    overlay({}, stack);
    expect(clusterOf(synthJson(stack)).oidc_issuer_enabled).toBe(true);
  });

  test('fails when an escape hatch turns the OIDC issuer off', () => {
    const stack = testStack();
    overlay({}, stack).resource.oidcIssuerEnabled = false;
    expect(() => Testing.synth(stack, true)).toThrow(/\[test\/aks\] oidc_issuer_enabled false turns the OIDC issuer off, .*azurerm replaces a cluster whose issuer goes from on to off; leave it as the constructs write it \(true\)\. \(rule 13\)/);
  });

  test('fails when an override turns the OIDC issuer off with a string', () => {
    const stack = testStack();
    overlay({}, stack).resource.addOverride('oidc_issuer_enabled', 'False');
    expect(() => Testing.synth(stack, true)).toThrow(/oidc_issuer_enabled 'False' turns the OIDC issuer off/);
  });

  test('a Windows pool writes the outbound NAT block azurerm reads back; a Linux pool does not', () => {
    const stack = testStack();
    const aks = overlay({ windowsProfile: windowsProfile(stack) }, stack);
    aks.addNodePool('npwin', { osType: 'Windows' });
    aks.addNodePool('apps');
    const pools = resourcesOf(synthJson(stack), 'azurerm_kubernetes_cluster_node_pool');
    expect(pools.find((p) => p.name === 'npwin').windows_profile).toEqual({ outbound_nat_enabled: true });
    expect(pools.find((p) => p.name === 'apps').windows_profile).toBeUndefined();
  });

  test('fails when an escape hatch removes the Windows pool\'s outbound NAT block', () => {
    const stack = testStack();
    const aks = overlay({ windowsProfile: windowsProfile(stack) }, stack);
    aks.addNodePool('npwin', { osType: 'Windows' }).resource.addOverride('windows_profile', undefined);
    expect(() => Testing.synth(stack, true)).toThrow(/addNodePool\('npwin'\)\.windowsProfile is not written on a Windows pool, but azurerm reads back outbound_nat_enabled = true.*\(azurerm #30757\); keep .*\(rule 13\)/);
  });
});
