import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resourcesOf, theOne } from './util';

// Each example in examples/ runs as `npm run example <name>` runs it (its main.ts, importing 'aks-dualstack'),
// into a folder of its own; the tests read what it wrote.
const EXAMPLES = path.join(__dirname, '..', 'examples');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** What `npm run example <args>` runs, in a process of its own. */
const npmRunExample = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'synth.js'), '--example', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

/** Runs an example; returns its written stacks, parsed, by name. */
function run(name: string): Record<string, any> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `aks-dualstack-example-${name}.`));
  dirs.push(outdir);
  const before = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    jest.isolateModules(() => require(path.join(EXAMPLES, name, 'main.ts')));
  } finally {
    if (before === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = before;
  }
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  return Object.fromEntries(stacks.map((s) => [s, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'))]));
}

test('every example has a main.ts and a cdktf.json that runs it, and is tested here', () => {
  const names = fs.readdirSync(EXAMPLES).filter((n) => fs.statSync(path.join(EXAMPLES, n)).isDirectory()).sort();
  expect(names).toEqual(['existing-network', 'kubenet', 'overlay-windows', 'production']);
  for (const name of names) {
    expect(fs.existsSync(path.join(EXAMPLES, name, 'main.ts'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(EXAMPLES, name, 'cdktf.json'), 'utf8')).app).toBe(`node ../../scripts/synth.js ${name}`);
  }
});

test('overlay-windows: a dual-stack CNI Overlay cluster with a Windows pool on its own subnet, the password a variable', () => {
  const { 'overlay-windows': stack } = run('overlay-windows');
  const cluster = theOne(stack, 'azurerm_kubernetes_cluster');
  expect(cluster.network_profile).toMatchObject({ network_plugin: 'azure', network_plugin_mode: 'overlay', ip_versions: ['IPv4', 'IPv6'] });
  expect(cluster.windows_profile).toEqual({ admin_username: 'azureuser', admin_password: '${var.windows_admin_password}' });
  expect(stack.variable.windows_admin_password).toMatchObject({ sensitive: true });
  const pool = theOne(stack, 'azurerm_kubernetes_cluster_node_pool');
  expect(pool).toMatchObject({ name: 'npwin', os_type: 'Windows', node_count: 2 });
  expect(pool.vnet_subnet_id).not.toBe(cluster.default_node_pool.vnet_subnet_id);
  expect(resourcesOf(stack, 'azurerm_subnet').map((s) => s.address_prefixes[1].endsWith('/64'))).toEqual([true, true]);
});

test('kubenet: a dual-stack kubenet cluster with an autoscaled pool, and the note on moving to overlay', () => {
  const { kubenet: stack } = run('kubenet');
  expect(theOne(stack, 'azurerm_kubernetes_cluster').network_profile).toMatchObject({ network_plugin: 'kubenet', ip_versions: ['IPv4', 'IPv6'] });
  expect(theOne(stack, 'azurerm_kubernetes_cluster_node_pool')).toMatchObject({ name: 'apps', auto_scaling_enabled: true, min_count: 1, max_count: 5 });
  expect(resourcesOf(stack, 'azurerm_subnet_route_table_association')).toHaveLength(2);
  expect(fs.readFileSync(path.join(EXAMPLES, 'kubenet', 'main.ts'), 'utf8')).toMatch(/kubenet retires on 2028-03-31[\s\S]*CniOverlayDualStackCluster/);
});

test('existing-network: the cluster in a stack that owns its resource group, on given subnets of a network it reads, and the service pair', () => {
  const { platform, workload } = run('existing-network');
  expect(platform.resource.azurerm_virtual_network).toBeUndefined();
  expect(Object.values<any>(platform.data.azurerm_virtual_network)).toMatchObject([{ name: 'vnet-hub', resource_group_name: 'rg-network' }]);
  expect(resourcesOf(platform, 'azurerm_subnet').map((s) => [s.name, s.address_prefixes]).sort()).toEqual([
    ['snet-aks-apps', ['10.10.2.0/24', 'fd00:10:0:2::/64']],
    ['snet-aks-system', ['10.10.1.0/24', 'fd00:10:0:1::/64']],
  ]);
  expect(theOne(platform, 'azurerm_kubernetes_cluster').resource_group_name).toMatch(/^\$\{azurerm_resource_group\.\w+\.name\}$/);
  expect(theOne(platform, 'azurerm_kubernetes_cluster_node_pool')).toMatchObject({ name: 'apps', node_count: 3 });
  const services = resourcesOf(workload, 'kubernetes_service_v1').map((s) => s.spec);
  expect(services.map((s) => [s.ip_families, s.external_traffic_policy, s.type])).toEqual([
    [['IPv4'], 'Local', 'LoadBalancer'],
    [['IPv6'], 'Local', 'LoadBalancer'],
  ]);
  // The admin certificate when the cluster has Entra ID, else the user one.
  expect(workload.provider.kubernetes[0].host).toMatch(/^\$\{coalescelist\(data\.azurerm_kubernetes_cluster\.\w+\.kube_admin_config, data\.azurerm_kubernetes_cluster\.\w+\.kube_config\)\["0"\]\.host\}$/);
  expect(workload.resource?.azurerm_kubernetes_cluster).toBeUndefined();
});

test('npm run example runs an example as a user\'s program: compiled, importing the package by its name, with its warnings', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-example-run.'));
  dirs.push(outdir);
  const run = npmRunExample(['kubenet'], { CDKTF_OUTDIR: outdir });
  expect([run.status, run.stderr]).toEqual([0, expect.stringMatching(/^\[WARNING\] kubenet\/Cluster: kubenet retires on 2028-03-31/)]);
  expect(run.stdout).toMatch(/^kubenet: wrote kubenet to /);
  expect(Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'kubenet', 'cdk.tf.json'), 'utf8')).resource)).toContain('azurerm_kubernetes_cluster');
});

test.each([
  [['nope'], "There is no example 'nope'; the examples are existing-network, kubenet, overlay-windows, production.\n"],
  [[], 'Name an example; the examples are existing-network, kubenet, overlay-windows, production.\n'],
])('npm run example %p says which examples there are, and exits 1', (args, message) => {
  const run = npmRunExample(args);
  expect([run.status, run.stderr]).toEqual([1, message]);
});

test('production: Entra ID with local accounts off, workload identity, zones, upgrade windows, monitoring, and a workload stack that signs in with kubelogin', () => {
  const { production: platform, 'production-workload': workload } = run('production');
  const cluster = theOne(platform, 'azurerm_kubernetes_cluster');
  expect(cluster.network_profile).toMatchObject({ network_plugin: 'azure', network_plugin_mode: 'overlay', ip_versions: ['IPv4', 'IPv6'] });
  expect(cluster).toMatchObject({
    local_account_disabled: true,
    workload_identity_enabled: true,
    oidc_issuer_enabled: true,
    sku_tier: 'Standard',
    automatic_upgrade_channel: 'patch',
    node_os_upgrade_channel: 'NodeImage',
    azure_policy_enabled: true,
    azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, admin_group_object_ids: ['${var.admin_group_object_id}'] },
    oms_agent: { msi_auth_for_monitoring_enabled: true },
    monitor_metrics: {},
  });
  expect(cluster.maintenance_window_auto_upgrade).toMatchObject({ frequency: 'RelativeMonthly', week_index: 'First', day_of_week: 'Saturday' });
  expect(cluster.maintenance_window_node_os).toMatchObject({ frequency: 'Weekly', day_of_week: 'Sunday' });
  expect(cluster.default_node_pool).toMatchObject({ zones: ['1', '2', '3'], os_sku: 'AzureLinux', tags: { environment: 'production' } });
  expect(theOne(platform, 'azurerm_kubernetes_cluster_node_pool')).toMatchObject({ zones: ['1', '2', '3'], tags: { environment: 'production' } });
  expect(resourcesOf(platform, 'azurerm_monitor_data_collection_rule')).toHaveLength(2);
  // Every resource that takes tags has them.
  for (const [type, resources] of Object.entries<Record<string, any>>(platform.resource)) {
    if (['azurerm_role_assignment', 'azurerm_subnet', 'azurerm_monitor_data_collection_rule_association', 'time_sleep'].includes(type)) continue;
    for (const body of Object.values(resources)) expect([type, body.tags]).toEqual([type, expect.objectContaining({ environment: 'production' })]);
  }
  const kubernetes = workload.provider.kubernetes[0];
  expect(kubernetes.exec[0]).toMatchObject({ command: 'kubelogin', args: expect.arrayContaining(['get-token', '--login', 'azurecli', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630']) });
  expect(kubernetes.client_certificate).toBeUndefined();
  expect(workload.resource.kubernetes_service_v1).toBeDefined();
});
