import { DEFAULT_NODE_COUNT, DEFAULT_VM_SIZE, DualStackNodePool, DualStackVirtualNetwork, resolveNodeCounts } from '../lib';
import { PLACE, resourcesOf, synthJson, testStack } from './util';

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
