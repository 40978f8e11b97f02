import { AnnotationMetadataEntryType, TerraformStack, Token } from 'cdktf';
import { CniOverlayDualStackCluster, KubenetDualStackCluster } from '../lib';
import { PLACE, synthJson, testStack } from './util';

// Kubenet to CNI Overlay in place (azurerm 4.66 and later): the user swaps the class, keeping id and props, and
// sets migratingFromKubenet for one apply; then removes it.

const props = { ...PLACE, name: 'aks', kubernetesVersion: '1.35' };
function synthOf(make: (stack: TerraformStack) => KubenetDualStackCluster | CniOverlayDualStackCluster): any {
  const stack = testStack();
  make(stack).addNodePool('apps', { minCount: 1, maxCount: 3 });
  const json = synthJson(stack).resource;
  // Construct paths name the class nowhere; drop the metadata so that only what Terraform reads is compared.
  for (const resources of Object.values<any>(json)) for (const body of Object.values<any>(resources)) delete body['//'];
  return json;
}
const kubenet = () => synthOf((s) => new KubenetDualStackCluster(s, 'Cluster', props));
const migrating = () => synthOf((s) => new CniOverlayDualStackCluster(s, 'Cluster', { ...props, migratingFromKubenet: true }));
const overlay = () => synthOf((s) => new CniOverlayDualStackCluster(s, 'Cluster', props));

test('step 1: the same resources at the same addresses, and only the network plugin and its mode change', () => {
  const [before, after] = [kubenet(), migrating()];
  const cluster = (json: any) => json.azurerm_kubernetes_cluster.Cluster_EB0386A7;
  expect(cluster(before).network_profile).toMatchObject({ network_plugin: 'kubenet' });
  expect(cluster(before).network_profile.network_plugin_mode).toBeUndefined();
  expect(cluster(after).network_profile).toMatchObject({ network_plugin: 'azure', network_plugin_mode: 'overlay' });
  const { network_profile: _a, ...restBefore } = cluster(before);
  const { network_profile: _b, ...restAfter } = cluster(after);
  expect(restAfter).toEqual(restBefore);
  for (const field of ['pod_cidrs', 'service_cidrs', 'dns_service_ip', 'ip_versions', 'outbound_type', 'load_balancer_sku']) {
    expect([field, cluster(after).network_profile[field]]).toEqual([field, cluster(before).network_profile[field]]);
  }
  delete cluster(before).network_profile;
  delete cluster(after).network_profile;
  expect(after).toEqual(before);
});

// The role wait's triggers lose the route table's grant, so the time_sleep is made again: a wait, nothing in Azure.
test('step 2: removing migratingFromKubenet deletes the route table, its associations and its grant, and changes no cluster or pool attribute', () => {
  const [during, done] = [migrating(), overlay()];
  expect(Object.keys(during).filter((type) => !(type in done)).sort()).toEqual(['azurerm_route_table', 'azurerm_subnet_route_table_association']);
  expect(Object.keys(during.azurerm_role_assignment).filter((id) => !(id in done.azurerm_role_assignment))).toEqual([expect.stringMatching(/^Cluster_RouteTableRole_/)]);
  const withoutOrder = (body: any) => { const { depends_on: _d, ...rest } = body; return rest; };
  for (const type of ['azurerm_kubernetes_cluster', 'azurerm_kubernetes_cluster_node_pool', 'azurerm_subnet', 'azurerm_virtual_network', 'azurerm_user_assigned_identity']) {
    expect(Object.keys(done[type])).toEqual(Object.keys(during[type]));
    for (const id of Object.keys(done[type])) expect([type, id, withoutOrder(done[type][id])]).toEqual([type, id, withoutOrder(during[type][id])]);
  }
});

test('while migrating, the cluster is told to remove the prop afterwards', () => {
  const stack = testStack();
  const aks = new CniOverlayDualStackCluster(stack, 'Cluster', { ...props, migratingFromKubenet: true });
  const warnings = aks.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
  expect(warnings).toContain("migratingFromKubenet true keeps kubenet's route table, its subnet associations and its grant, for the apply that moves the cluster to CNI Overlay in place; remove it once that apply is done: the next apply deletes them. (rule 13)");
});

test('fails when migrating a cluster on a version AKS does not update from kubenet', () => {
  expect(() => new CniOverlayDualStackCluster(testStack(), 'Cluster', { ...props, kubernetesVersion: '1.26.3', migratingFromKubenet: true })).toThrow(
    /kubernetesVersion '1\.26\.3' is below 1\.27, the first version with the kubenet to CNI Overlay update; .*\(rule 13\)/,
  );
});

test('fails when migratingFromKubenet is not a boolean', () => {
  expect(() => new CniOverlayDualStackCluster(testStack(), 'Cluster', { ...props, migratingFromKubenet: 'yes' as never })).toThrow(/migratingFromKubenet 'yes'/);
  expect(() => new CniOverlayDualStackCluster(testStack(), 'Cluster', { ...props, migratingFromKubenet: Token.asAny('${var.b}') as never })).toThrow(/migratingFromKubenet <token> is a token, but it decides which resources are written; write true or false/);
});
