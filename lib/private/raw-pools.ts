import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import type { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { PoolBody } from './gate';
import { StackJson, validationPass, written } from './written';

// A cluster's rules count every pool it has, however the pool was made: by addNodePool, as a DualStackNodePool
// or a raw azurerm_kubernetes_cluster_node_pool, in the cluster's stack (its cluster id written directly or
// through locals) or in another stack of the app (given the cluster's id, which cdktf passes across stacks).

/**
 * The reference an expression is, spaces, parentheses and `tostring()` aside (`${ (local.x) }` is `local.x`),
 * followed through locals a few steps: `azurerm_kubernetes_cluster.<id>.id`, or undefined.
 */
function referenceOf(value: unknown, locals: Record<string, unknown>): string | undefined {
  for (let step = 0; step < 8; step++) {
    const whole = typeof value === 'string' ? /^\$\{([\s\S]*)\}$/.exec(value)?.[1]?.replace(/\s+/g, '') : undefined;
    if (whole === undefined) return undefined;
    let inner: string = whole;
    for (let next = /^(?:tostring)?\((.*)\)$/.exec(inner)?.[1]; next !== undefined; next = /^(?:tostring)?\((.*)\)$/.exec(inner)?.[1]) inner = next;
    const local = /^local\.([A-Za-z_][\w-]*)$/.exec(inner)?.[1];
    if (local === undefined) return inner;
    if (!Object.prototype.hasOwnProperty.call(locals, local)) return undefined;
    value = locals[local];
  }
  return undefined;
}

/** The app's raw node pools by the cluster id they were given, made once per validation pass. */
const indexes = new WeakMap<IConstruct, { pass: number; byCluster: Map<string, KubernetesClusterNodePool[]> }>();

function poolsByClusterId(root: IConstruct): Map<string, KubernetesClusterNodePool[]> {
  const cached = indexes.get(root);
  if (cached && cached.pass === validationPass()) return cached.byCluster;
  const byCluster = new Map<string, KubernetesClusterNodePool[]>();
  for (const c of root.node.findAll()) {
    const key = c instanceof KubernetesClusterNodePool ? referenceKey(c.kubernetesClusterIdInput) : undefined;
    if (key === undefined) continue;
    const list = byCluster.get(key);
    if (list) list.push(c as KubernetesClusterNodePool);
    else byCluster.set(key, [c as KubernetesClusterNodePool]);
  }
  indexes.set(root, { pass: validationPass(), byCluster });
  return byCluster;
}

/**
 * A reference token as `<stack path>|<address>`: each read of an attribute (`cluster.resource.id`) makes a new
 * token, but all of them refer to the same address in the same stack.
 */
function referenceKey(value: string | undefined): string | undefined {
  const token = value === undefined ? undefined : (Tokenization.reverseString(value).firstToken as { identifier?: unknown; originStack?: IConstruct } | undefined);
  return typeof token?.identifier === 'string' && token.originStack ? `${token.originStack.node.path}|${token.identifier}` : undefined;
}

/** The node pools of `cluster` that are not among `mine`: in its stack by what is written, and in other stacks. */
export function rawPoolsOf(cluster: KubernetesCluster, mine: ReadonlySet<string>, stack: StackJson): PoolBody[] {
  const id = `azurerm_kubernetes_cluster.${cluster.friendlyUniqueId}.id`;
  const locals = (stack.locals ?? {}) as Record<string, unknown>;
  const here = Object.entries(stack.resource?.azurerm_kubernetes_cluster_node_pool ?? {})
    .filter(([key, body]) => !mine.has(key) && referenceOf(body.kubernetes_cluster_id, locals) === id)
    .map(([key, body]) => ({ prefix: `node pool resource '${key}'.`, body, isDefault: false }));
  const ownStack = TerraformStack.of(cluster);
  const key = `${ownStack.node.path}|azurerm_kubernetes_cluster.${cluster.friendlyUniqueId}.id`;
  const elsewhere = (poolsByClusterId(cluster.node.root).get(key) ?? [])
    .filter((pool) => TerraformStack.of(pool) !== ownStack)
    .map((pool) => ({ prefix: `node pool resource '${pool.node.path}'.`, body: written(pool), isDefault: false }));
  return [...here, ...elsewhere];
}
