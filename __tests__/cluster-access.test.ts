import { Fn, TerraformVariable } from 'cdktf';
import { CniOverlayDualStackCluster, CniOverlayDualStackClusterProps, KubenetDualStackCluster } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack, theOne } from './util';

const TENANT = '00000000-0000-4000-8000-000000000001';
const GROUP = '00000000-0000-4000-8000-000000000002';
const ZONE = '/subscriptions/s/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.eastus2.azmk8s.io';

function overlay(props: Partial<CniOverlayDualStackClusterProps> = {}, stack = testStack()) {
  const cluster = new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, ...props });
  return { stack, cluster, json: () => synthJson(stack), aks: () => theOne(synthJson(stack), 'azurerm_kubernetes_cluster') };
}

test('Entra ID with Azure RBAC, local accounts off and workload identity, as azurerm takes them', () => {
  const aks = overlay({ entraId: { tenantId: TENANT, adminGroupObjectIds: [GROUP] }, localAccountsDisabled: true, workloadIdentityEnabled: true }).aks();
  expect(aks.azure_active_directory_role_based_access_control).toEqual({ tenant_id: TENANT, admin_group_object_ids: [GROUP], azure_rbac_enabled: true });
  expect(aks).toMatchObject({ local_account_disabled: true, workload_identity_enabled: true, oidc_issuer_enabled: true });
});

test('nothing of access is written when nothing is asked', () => {
  const aks = overlay().aks();
  for (const key of ['azure_active_directory_role_based_access_control', 'local_account_disabled', 'workload_identity_enabled', 'api_server_access_profile', 'private_cluster_enabled', 'private_dns_zone_id']) {
    expect(aks[key]).toBeUndefined();
  }
});

test('Kubernetes RBAC alone when azureRbacEnabled is false', () => {
  expect(overlay({ entraId: { adminGroupObjectIds: [GROUP], azureRbacEnabled: false } }).aks().azure_active_directory_role_based_access_control).toEqual({ admin_group_object_ids: [GROUP], azure_rbac_enabled: false });
});

test('authorized IPv4 ranges; a private cluster with its own zone gets the DNS role, granted before the cluster', () => {
  expect(overlay({ apiServerAuthorizedIpRanges: ['203.0.113.0/24', '198.51.100.7'] }).aks().api_server_access_profile).toEqual({ authorized_ip_ranges: ['203.0.113.0/24', '198.51.100.7'] });
  const { json } = overlay({ privateCluster: { privateDnsZone: ZONE } });
  const out = json();
  expect(theOne(out, 'azurerm_kubernetes_cluster')).toMatchObject({ private_cluster_enabled: true, private_dns_zone_id: ZONE });
  const dns = resourcesOf(out, 'azurerm_role_assignment').find((r) => r.scope === ZONE);
  expect(dns).toMatchObject({ role_definition_name: 'Private DNS Zone Contributor' });
  expect(Object.values<any>(out.resource.time_sleep)[0].triggers).toHaveProperty('PrivateDnsZoneRole');
});

test("a private cluster's zone is 'System' by default, and 'none' is written as azurerm spells it", () => {
  expect(overlay({ privateCluster: {} }).aks()).toMatchObject({ private_cluster_enabled: true, private_dns_zone_id: 'System' });
  expect(overlay({ privateCluster: { privateDnsZone: 'none', publicFqdnEnabled: true } }).aks()).toMatchObject({ private_dns_zone_id: 'None', private_cluster_public_fqdn_enabled: true });
});

test.each<[string, Partial<CniOverlayDualStackClusterProps>, RegExp]>([
  ['local accounts off without Entra ID', { localAccountsDisabled: true }, /localAccountsDisabled true turns off the only sign-in a cluster without Entra ID has; add entraId.*\(rule 56\)/],
  ['Entra ID with neither tenant nor groups', { entraId: {} }, /entraId \{\} names neither tenantId nor adminGroupObjectIds.*\(rule 56\)/],
  ['a group given by name', { entraId: { adminGroupObjectIds: ['aks-admins'] } }, /^test\/aks: entraId.adminGroupObjectIds\[0\] is not an Entra object id \(a GUID\): a 10-character string, not shown in case it is a secret;.*\(rule 56\)$/],
  ['an IPv6 authorized range', { apiServerAuthorizedIpRanges: ['203.0.113.0/24', '2001:db8::/32'] }, /apiServerAuthorizedIpRanges\[1\] '2001:db8::\/32' is an IPv6 range, and AKS takes IPv4 ranges only.*\(rule 57\)/],
  ['a range with host bits', { apiServerAuthorizedIpRanges: ['203.0.113.7/24'] }, /apiServerAuthorizedIpRanges\[0\] '203.0.113.7\/24'.*\(rule 57\)/],
  ['a range that is no range', { apiServerAuthorizedIpRanges: ['office'] }, /apiServerAuthorizedIpRanges\[0\] 'office' is not an IPv4 address or range/],
  ['more than 200 ranges', { apiServerAuthorizedIpRanges: Array.from({ length: 201 }, (_, i) => `10.${i}.0.0/16`) }, /'201 ranges' are more than the 200 AKS takes/],
  ['authorized ranges on a private cluster', { privateCluster: {}, apiServerAuthorizedIpRanges: ['203.0.113.0/24'] }, /AKS refuses it on a private cluster/],
  ["'None' without a public FQDN", { privateCluster: { privateDnsZone: 'None' } }, /privateCluster.privateDnsZone 'None' leaves the API server without a private name.*\(rule 58\)/],
  ['a zone of another name', { privateCluster: { privateDnsZone: ZONE.replace('privatelink.eastus2', 'privatelink.westeurope') } }, /names the zone 'privatelink.westeurope.azmk8s.io', but AKS takes only/],
  ['a zone that is not an id', { privateCluster: { privateDnsZone: 'privatelink.eastus2.azmk8s.io' } }, /is not 'System', 'None' or the id of a private DNS zone/],
])('refused at props: %s', (_name, props, message) => {
  expect(() => overlay(props)).toThrow(message);
});

test('kubenet takes the same access props', () => {
  const stack = testStack();
  new KubenetDualStackCluster(stack, 'aks', { ...PLACE, entraId: { tenantId: TENANT }, localAccountsDisabled: true });
  expect(theOne(synthJson(stack), 'azurerm_kubernetes_cluster')).toMatchObject({ local_account_disabled: true });
});

test.each<[string, (c: CniOverlayDualStackCluster) => void, RegExp]>([
  ['local accounts turned off on the raw resource', (c) => { c.resource.localAccountDisabled = true; }, /localAccountsDisabled true turns off the only sign-in.*\(rule 56\)/],
  ['an IPv6 range by override', (c) => c.resource.addOverride('api_server_access_profile.authorized_ip_ranges', ['2001:db8::/32']), /apiServerAuthorizedIpRanges\[0\] '2001:db8::\/32' is an IPv6 range/],
  ['a private zone of another region by override', (c) => { c.resource.privateClusterEnabled = true; c.resource.privateDnsZoneId = ZONE.replace('eastus2', 'westus'); }, /privateCluster.privateDnsZone .* names the zone 'privatelink.westus.azmk8s.io'/],
  ['the Entra block emptied by override', (c) => c.resource.addOverride('azure_active_directory_role_based_access_control', { azure_rbac_enabled: true }), /entraId .* names neither tenantId nor adminGroupObjectIds/],
  ['a boolean given as a list by override', (c) => c.resource.addOverride('workload_identity_enabled', ['yes']), /workloadIdentityEnabled \["yes"\] is a list, not true or false/],
])('refused at synth, through the escape hatch: %s', (_name, change, message) => {
  const { cluster, json } = overlay();
  change(cluster);
  expect(json).toThrow(message);
});

describe('found by review', () => {
  test('an empty list of authorized ranges writes nothing; a function over lists stands for a list', () => {
    expect(overlay({ apiServerAuthorizedIpRanges: [] }).aks().api_server_access_profile).toBeUndefined();
    const stack = testStack();
    const ranges = new TerraformVariable(stack, 'ranges', { type: 'list(string)' });
    new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, apiServerAuthorizedIpRanges: Fn.concat([ranges.listValue, ['203.0.113.0/24']]) });
    expect(theOne(synthJson(stack), 'azurerm_kubernetes_cluster').api_server_access_profile.authorized_ip_ranges).toBe('${concat(var.ranges, ["203.0.113.0/24"])}');
  });

  test('local accounts off with Kubernetes RBAC alone needs an admin group', () => {
    expect(() => overlay({ entraId: { tenantId: TENANT, azureRbacEnabled: false }, localAccountsDisabled: true })).toThrow(/entraId.adminGroupObjectIds names no admin group, while Azure RBAC and the local accounts are off, so nobody could administer the cluster.*\(rule 56\)/);
    expect(() => overlay({ entraId: { tenantId: TENANT }, localAccountsDisabled: true })).not.toThrow();
  });

  test.each<[string, (c: CniOverlayDualStackCluster) => void, RegExp]>([
    ['a custom zone set on the raw resource, which no grant covers', (c) => { c.resource.privateDnsZoneId = ZONE; }, /privateCluster.privateDnsZone .* is a zone the cluster identity has no grant on.*\(rule 58\)/],
    ['a zone on a cluster that is not private', (c) => { c.resource.privateClusterEnabled = false; }, /privateCluster.privateDnsZone 'System' is written on a cluster that is not private/],
    ['a system-assigned identity beside a private zone of your own', (c) => c.resource.putIdentity({ type: 'SystemAssigned' }), /identity.type 'SystemAssigned' is not 'UserAssigned'.*\(rule 61\)/],
  ])('refused at synth: %s', (_name, change, message) => {
    const { cluster, json } = overlay({ privateCluster: {} });
    change(cluster);
    expect(json).toThrow(message);
  });
});
