import { AnnotationMetadataEntryType } from 'cdktf';
import { CniOverlayDualStackCluster, CniOverlayDualStackClusterProps, KubenetDualStackCluster, KubenetDualStackClusterProps } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack, theOne } from './util';

const ID = '/subscriptions/s/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks';
const KUBELET = '/subscriptions/s/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/kubelet';
const PRINCIPAL = '00000000-0000-4000-8000-00000000000a';
const KUBELET_PRINCIPAL = '00000000-0000-4000-8000-00000000000b';
const KUBELET_CLIENT = '00000000-0000-4000-8000-00000000000c';
const identity = { id: ID, principalId: PRINCIPAL };
const kubeletIdentity = { id: KUBELET, principalId: KUBELET_PRINCIPAL, clientId: KUBELET_CLIENT };

function overlay(props: Partial<CniOverlayDualStackClusterProps> = {}) {
  const stack = testStack();
  const cluster = new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, ...props });
  return { stack, cluster, json: () => synthJson(stack) };
}

test('a brought identity is used and granted, and no identity is made', () => {
  const { cluster, json } = overlay({ identity });
  const out = json();
  expect(out.resource.azurerm_user_assigned_identity).toBeUndefined();
  expect(theOne(out, 'azurerm_kubernetes_cluster').identity).toEqual({ type: 'UserAssigned', identity_ids: [ID] });
  expect(theOne(out, 'azurerm_role_assignment')).toMatchObject({ principal_id: PRINCIPAL, role_definition_name: 'Network Contributor' });
  expect(cluster.identity).toEqual(identity);
});

test('a kubelet identity is written, and the cluster identity gets Managed Identity Operator on it first', () => {
  const out = overlay({ kubeletIdentity }).json();
  expect(theOne(out, 'azurerm_kubernetes_cluster').kubelet_identity).toEqual({ client_id: KUBELET_CLIENT, object_id: KUBELET_PRINCIPAL, user_assigned_identity_id: KUBELET });
  const operator = resourcesOf(out, 'azurerm_role_assignment').find((r) => r.scope === KUBELET);
  expect(operator).toMatchObject({ role_definition_name: 'Managed Identity Operator' });
  expect(Object.values<any>(out.resource.time_sleep)[0].triggers).toHaveProperty('KubeletIdentityRole');
});

test('without createRoleAssignments no grant is made nor waited for; the output and a warning say what to grant, and where', () => {
  const stack = testStack();
  const cluster = new KubenetDualStackCluster(stack, 'aks', { ...PLACE, identity, kubeletIdentity, createRoleAssignments: false } as KubenetDualStackClusterProps);
  const out = synthJson(stack);
  expect(out.resource.azurerm_role_assignment).toBeUndefined();
  expect(out.resource.time_sleep).toBeUndefined();
  expect(cluster.requiredRoleAssignments.map((g) => g.role)).toEqual(['Network Contributor', 'Network Contributor', 'Managed Identity Operator']);
  const output = Object.values<any>(out.output)[0];
  expect(output.value).toEqual([
    expect.objectContaining({ role: 'Network Contributor', scope: expect.stringMatching(/^\$\{azurerm_route_table\./), principal_id: PRINCIPAL }),
    expect.objectContaining({ role: 'Network Contributor', scope: expect.stringMatching(/^\$\{azurerm_virtual_network\./), principal_id: PRINCIPAL }),
    expect.objectContaining({ role: 'Managed Identity Operator', scope: KUBELET, principal_id: PRINCIPAL }),
  ]);
  const warnings = cluster.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data);
  expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`createRoleAssignments false leaves these grants to the principal '${PRINCIPAL}' to you: Network Contributor on the RouteTable .*Managed Identity Operator on '${KUBELET}'.*\\(rule 61\\)`)));
});

test.each<[string, Partial<CniOverlayDualStackClusterProps>, RegExp]>([
  ['grants left to others for an identity made in the same apply', { createRoleAssignments: false }, /createRoleAssignments false leaves the grants to others, but the identity .*bring the identity.*\(rule 61\)/],
  ['an identity given by name', { identity: { id: 'aks-identity', principalId: PRINCIPAL } }, /identity.id 'aks-identity' is not the id of a user-assigned identity/],
  ['a principal id that is no GUID', { identity: { id: ID, principalId: 'aks' } }, /identity.principalId is not a principal id \(a GUID\): a 3-character string, not shown/],
  ['a kubelet identity without its client id', { kubeletIdentity: { id: KUBELET, principalId: KUBELET_PRINCIPAL } }, /kubeletIdentity.clientId is missing, and AKS needs it/],
  ['an identity without its principal', { identity: { id: ID } as never }, /identity.principalId is missing/],
])('refused at props: %s', (_name, props, message) => {
  expect(() => overlay(props)).toThrow(message);
});

test.each<[string, (c: CniOverlayDualStackCluster) => void, RegExp]>([
  ['a kubelet identity without its client id, by override', (c) => c.resource.addOverride('kubelet_identity', { object_id: KUBELET_PRINCIPAL, user_assigned_identity_id: KUBELET }), /kubeletIdentity.clientId is missing, and AKS needs it.*\(rule 61\)/],
  ['a kubelet identity given by name on the raw resource', (c) => c.resource.putKubeletIdentity({ clientId: KUBELET_CLIENT, objectId: KUBELET_PRINCIPAL, userAssignedIdentityId: 'kubelet' }), /kubeletIdentity.id 'kubelet' is not the id of a user-assigned identity/],
])('refused at synth, through the escape hatch: %s', (_name, change, message) => {
  const { cluster, json } = overlay();
  change(cluster);
  expect(json).toThrow(message);
});
