import { TerraformStack } from 'cdktf';
import { CniOverlayDualStackCluster, DEFAULT_NODE_COUNT, DEFAULT_VM_SIZE, DualStackNodePool, DualStackVirtualNetwork, resolveNodeCounts } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack, theOne } from './util';

describe('resolveNodeCounts', () => {
  test('a fixed pool defaults to 3 nodes, without autoscaling', () => {
    expect(resolveNodeCounts({})).toEqual({ nodeCount: DEFAULT_NODE_COUNT, minCount: undefined, maxCount: undefined, autoScalingEnabled: undefined });
    expect(DEFAULT_NODE_COUNT).toBe(3);
  });
  test('minCount or maxCount turns autoscaling on and leaves nodeCount to AKS unless given', () => {
    expect(resolveNodeCounts({ minCount: 1, maxCount: 5 })).toEqual({ nodeCount: undefined, minCount: 1, maxCount: 5, autoScalingEnabled: true });
    expect(resolveNodeCounts({ nodeCount: 2, minCount: 1, maxCount: 5 }).nodeCount).toBe(2);
  });
});

test('a pool made directly takes its defaults: Linux, User, the default VM size, on the subnet given', () => {
  const stack = testStack();
  const subnet = new DualStackVirtualNetwork(stack, 'net', PLACE).addSubnet('s');
  const pool = new DualStackNodePool(stack, 'pool', { clusterId: 'cluster-id', name: 'apps', subnet });
  expect([pool.osType, pool.mode, pool.subnet, pool.name]).toEqual(['Linux', 'User', subnet, 'apps']);
  expect(resourcesOf(synthJson(stack), 'azurerm_kubernetes_cluster_node_pool')).toEqual([
    expect.objectContaining({ kubernetes_cluster_id: 'cluster-id', name: 'apps', vm_size: DEFAULT_VM_SIZE, node_count: 3, os_type: 'Linux', mode: 'User' }),
  ]);
});

test('a pool made directly checks its own rules: name, counts, labels, taints, rotation name', () => {
  const stack = testStack();
  const subnet = new DualStackVirtualNetwork(stack, 'net', PLACE).addSubnet('s');
  const pool = (id: string, props: object) => new DualStackNodePool(stack, id, { clusterId: 'cluster-id', name: 'apps', subnet, ...props });
  expect(() => pool('a', { name: 'Apps' })).toThrow(/^test\/a: name 'Apps' is not a valid Linux node pool name/);
  expect(() => pool('b', { minCount: 0, maxCount: 0 })).toThrow(/maxCount 0 is 0, which azurerm refuses/);
  expect(() => pool('c', { nodeLabels: { 'kubernetes.azure.com/x': 'y' } })).toThrow(/nodeLabels key 'kubernetes\.azure\.com\/x' uses the prefix/);
  expect(() => pool('d', { nodeTaints: ['nope'] })).toThrow(/nodeTaints\[0\] 'nope' is not a taint/);
  expect(() => pool('e', { temporaryNameForRotation: 'apps' })).toThrow(/temporaryNameForRotation 'apps' is already the pool 'apps'/);
});

describe('zones and OS SKU (rule 64)', () => {
  const cluster = (stack = testStack()) => new CniOverlayDualStackCluster(stack, 'aks', { ...PLACE, defaultNodePool: { zones: ['1', '2', '3'], osSku: 'AzureLinux' } });

  test('are written on the default pool and on added pools; a comma string is taken', () => {
    const stack = testStack();
    cluster(stack).addNodePool('apps', { zones: '1,2' as never, osSku: 'Ubuntu2204' });
    const json = synthJson(stack);
    expect(theOne(json, 'azurerm_kubernetes_cluster').default_node_pool).toMatchObject({ zones: ['1', '2', '3'], os_sku: 'AzureLinux' });
    expect(theOne(json, 'azurerm_kubernetes_cluster_node_pool')).toMatchObject({ zones: ['1', '2'], os_sku: 'Ubuntu2204' });
  });

  test.each<[string, (s: TerraformStack) => unknown, RegExp]>([
    ['a zone that Azure does not have', (s) => cluster(s).addNodePool('apps', { zones: ['4'] }), /addNodePool\('apps'\).zones\[0\] '4' is not an availability zone.*\(rule 64\)/],
    ['a zone given twice', (s) => cluster(s).addNodePool('apps', { zones: ['1', '1'] }), /zones\[1\] '1' is given twice/],
    ['a Windows SKU on a Linux pool', (s) => cluster(s).addNodePool('apps', { osSku: 'Windows2022' }), /osSku 'Windows2022' is not an OS of a Linux pool; use one of 'AzureLinux'/],
    ['an SKU azurerm does not take', (s) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, defaultNodePool: { osSku: 'CBLMariner' as never } }), /defaultNodePool.osSku 'CBLMariner' is not an OS SKU azurerm takes/],
    ['a zone by override on the pool', (s) => { cluster(s).addNodePool('apps').resource.addOverride('zones', ['0']); }, /zones\[0\] '0' is not an availability zone/],
    ['a Linux SKU by override on the default pool', (s) => { cluster(s).resource.addOverride('default_node_pool.os_sku', 'Windows2019'); }, /defaultNodePool.osSku 'Windows2019' is not an OS of a Linux pool/],
  ])('refused: %s', (_name, build, message) => {
    const stack = testStack();
    expect(() => {
      build(stack);
      synthJson(stack);
    }).toThrow(message);
  });
});
