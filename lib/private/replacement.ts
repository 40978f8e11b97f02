import * as fs from 'fs';
import * as path from 'path';
import { App, Manifest, TerraformResource, TerraformStack } from 'cdktf';
import { Violation, adviseAtSynth, show } from './errors';
import { Body, StackJson, attribute, blockOf, gateAtSynth, written } from './written';

// Rule 13: a plan that replaces a cluster shows it in one line among many, and an apply deletes the cluster with
// its workloads and addresses. The state is not at hand at synth, but the previous synth's cdk.tf.json is what
// the last plan was made from: each cluster and node pool is compared with what the stack wrote there, by
// address, against the replacing changes of azurerm's schema and CustomizeDiff (checked at v4.81.0,
// kubernetes_cluster_resource.go and kubernetes_cluster_node_pool_resource.go). Attributes that are Optional and
// Computed keep their state value when unwritten, so an unwritten value changes nothing there.

/** The context key of a cdktf output folder to compare with, instead of the app's own outdir. */
export const PREVIOUS_OUTPUT = 'aks-dualstack:previousOutput';
/** The context key that turns replacing a cluster from an error into a warning: `true`, or construct paths. */
export const ALLOW_REPLACEMENT = 'aks-dualstack:allowReplacement';

/** A written attribute whose change makes azurerm replace the resource. */
export interface Replacement {
  /** Its path in the resource's body: `network_profile.pod_cidrs`. */
  readonly prop: string;
  readonly before: unknown;
  readonly now: unknown;
  /** Why azurerm replaces the resource, as a clause. */
  readonly why: string;
  /** IPv4 alone to dual-stack, which AKS does in place but azurerm only by replacing the cluster. */
  readonly addsIpv6?: boolean;
}

/** How one attribute's change replaces the resource: `replaces` sees the values with `fallback` for unwritten. */
interface Rule {
  readonly prop: string;
  readonly why?: string;
  readonly fallback?: (body: Body) => unknown;
  readonly replaces?: (before: unknown, now: unknown, bodies: { before: Body; now: Body }) => boolean;
}

const text = (value: unknown) => JSON.stringify(value);
const changed = (a: unknown, b: unknown) => text(a) !== text(b);
/** Optional and Computed: unwritten keeps the state's value, which the output does not know. */
const bothChanged = (a: unknown, b: unknown) => a !== undefined && b !== undefined && changed(a, b);
/** Set to unset (0 is azurerm's unset number). */
const removed = (a: unknown, b: unknown) => a !== undefined && a !== 0 && (b === undefined || b === 0);
const isOverlay = (mode: unknown) => typeof mode === 'string' && mode.toLowerCase() === 'overlay';
// Azure's spellings of a region: 'East US 2' is 'eastus2'. An expression stays as written.
const region = (value: unknown) => (typeof value === 'string' && !value.includes('${') ? value.toLowerCase().replace(/\s/g, '') : value);
const linuxSku = (sku: unknown) => typeof sku === 'string' && /^(Ubuntu|AzureLinux)/.test(sku);

const CLUSTER_RULES: Rule[] = [
  { prop: 'name' },
  { prop: 'location', replaces: (a, b) => changed(region(a), region(b)) },
  { prop: 'resource_group_name' },
  { prop: 'dns_prefix' },
  { prop: 'network_profile.dns_service_ip', replaces: bothChanged },
  { prop: 'network_profile.service_cidrs', replaces: bothChanged },
  { prop: 'network_profile.load_balancer_sku', fallback: () => 'standard' },
  { prop: 'network_profile.ip_versions', replaces: bothChanged },
  { prop: 'network_profile.pod_cidrs', why: 'pod_cidrs is ForceNew once set', replaces: bothChanged },
  // In place since azurerm 4.66: the documented migration from kubenet to CNI Overlay.
  {
    prop: 'network_profile.network_plugin',
    why: 'network_plugin is ForceNew, except from kubenet to azure with network_plugin_mode overlay',
    replaces: (a, b, { now }) => changed(a, b) && !(a === 'kubenet' && b === 'azure' && isOverlay(attribute(now, 'network_profile.network_plugin_mode'))),
  },
  { prop: 'network_profile.network_plugin_mode', why: 'network_plugin_mode changes in place only to overlay', replaces: (a, b) => changed(a, b) && !isOverlay(b) },
  { prop: 'network_profile.network_policy', why: 'network_policy changes in place only from unset, or from azure or calico to cilium', replaces: (a, b) => bothChanged(a, b) && !(b === 'cilium' && (a === 'azure' || a === 'calico')) },
  { prop: 'network_profile.network_data_plane', why: 'network_data_plane changes in place only from azure to cilium', fallback: () => 'azure', replaces: (a, b) => changed(a, b) && !(a === 'azure' && b === 'cilium') },
  { prop: 'oidc_issuer_enabled', why: 'the OIDC issuer cannot be turned off once on', fallback: () => true, replaces: (a, b) => a === true && b === false },
  // A rotation that failed half way leaves the old name at the temporary one; going back to the name is in place.
  { prop: 'default_node_pool.name', why: 'renaming the default node pool is ForceNew', replaces: (a, b, { now }) => changed(a, b) && a !== attribute(now, 'default_node_pool.temporary_name_for_rotation') },
  { prop: 'default_node_pool.upgrade_settings.drain_timeout_in_minutes', why: 'removing drain_timeout_in_minutes is ForceNew', replaces: removed },
  { prop: 'windows_profile.admin_username', replaces: (a, b) => b !== undefined && changed(a, b) },
  { prop: 'private_cluster_enabled', fallback: () => false },
  // Optional and Computed: a private cluster reads back 'System' when unwritten.
  { prop: 'private_dns_zone_id', replaces: bothChanged },
  { prop: 'kubelet_identity.user_assigned_identity_id', why: 'kubelet_identity is ForceNew', replaces: bothChanged },
];

const POOL_RULES: Rule[] = [
  { prop: 'name' },
  { prop: 'kubernetes_cluster_id' },
  { prop: 'os_type', fallback: () => 'Linux' },
  { prop: 'windows_profile', replaces: (a, b) => (blockOf(a) === undefined) !== (blockOf(b) === undefined) },
  // Only between two blocks: one added or removed is reported as the block.
  { prop: 'windows_profile.outbound_nat_enabled', replaces: (a, b, { before, now }) => blockOf(before.windows_profile) !== undefined && blockOf(now.windows_profile) !== undefined && changed(a ?? true, b ?? true) },
  // Optional and Computed, unwritten meaning AKS's default before, and keeping the pool's value now.
  {
    prop: 'os_sku',
    why: 'os_sku changes in place only between Ubuntu and AzureLinux',
    fallback: (body) => (body.os_type === 'Windows' ? 'Windows2022' : 'Ubuntu'),
    replaces: (a, b, { now }) => now.os_sku !== undefined && changed(a, b) && !(linuxSku(a) && linuxSku(b)),
  },
  { prop: 'priority', fallback: () => 'Regular' },
  { prop: 'upgrade_settings.drain_timeout_in_minutes', why: 'removing drain_timeout_in_minutes is ForceNew', replaces: removed },
];

/** The changes from `before` to `now`, the bodies a cluster or node pool wrote, that make azurerm replace it. */
export function replacements(kind: 'cluster' | 'pool', before: Body, now: Body): Replacement[] {
  const found = (kind === 'cluster' ? CLUSTER_RULES : POOL_RULES).flatMap(({ prop, why, fallback, replaces = changed }): Replacement[] => {
    const [a, b] = [attribute(before, prop) ?? fallback?.(before), attribute(now, prop) ?? fallback?.(now)];
    return replaces(a, b, { before, now }) ? [{ prop, before: attribute(before, prop), now: attribute(now, prop), why: why ?? `${prop.split('.').pop()} is ForceNew` }] : [];
  });
  const ipVersions = found.find((r) => r.prop === 'network_profile.ip_versions');
  if (ipVersions && text(ipVersions.before) === text(['IPv4']) && text(ipVersions.now) === text(['IPv4', 'IPv6'])) {
    // One message for the move to dual-stack: the IPv6 ranges appended to pod_cidrs and service_cidrs are part of it.
    const appended = (r: Replacement) => Array.isArray(r.before) && Array.isArray(r.now) && text(r.now.slice(0, r.before.length)) === text(r.before);
    return found
      .filter((r) => !(['network_profile.pod_cidrs', 'network_profile.service_cidrs'].includes(r.prop) && appended(r)))
      .map((r) => (r === ipVersions ? { ...r, addsIpv6: true } : r));
  }
  return found;
}

/** Each stack's previous output, read at most once per validation pass (`null`: none to compare with). */
const previousOutputs = new WeakMap<TerraformStack, StackJson | null>();
const resetStacks = new WeakSet<TerraformStack>();

/** The stack's cdk.tf.json of the previous synth, if there is one that parses. */
function previousOutput(stack: TerraformStack): StackJson | undefined {
  if (!previousOutputs.has(stack)) {
    try {
      const given: unknown = stack.node.tryGetContext(PREVIOUS_OUTPUT);
      // cdktf writes each stack over its file after validating it, so the outdir still holds the previous run's.
      const folder = typeof given === 'string' ? given : App.of(stack).outdir;
      previousOutputs.set(stack, JSON.parse(fs.readFileSync(path.join(folder, Manifest.stacksFolder, stack.node.id, 'cdk.tf.json'), 'utf8')) as StackJson);
    } catch {
      previousOutputs.set(stack, null);
    }
  }
  return previousOutputs.get(stack) ?? undefined;
}

/**
 * Rule 13: at synth, compares what an `azurerm_kubernetes_cluster` or `azurerm_kubernetes_cluster_node_pool`
 * writes with what its stack wrote at the previous synth (the folder of the context `aks-dualstack:previousOutput`,
 * else the app's outdir), and reports the changes that make azurerm replace it. Replacing a cluster is an error,
 * or a warning where the context `aks-dualstack:allowReplacement` is `true` or lists the path of the construct
 * that owns the resource; replacing a node pool is a warning. Nothing to compare with, nothing reported.
 */
export function guardReplacement(resource: TerraformResource): void {
  const stack = TerraformStack.of(resource);
  if (!resetStacks.has(stack)) {
    resetStacks.add(stack);
    // The stack validates before its children: each pass reads the previous output afresh, once.
    stack.node.addValidation({ validate: () => (previousOutputs.delete(stack), []) });
  }
  const owner = resource.node.scope ?? resource;
  const kind = resource.terraformResourceType === 'azurerm_kubernetes_cluster' ? 'cluster' : 'pool';
  // Pools are cheap to replace: always a warning. A cluster is refused unless the context allows it.
  const allowed: unknown = resource.node.tryGetContext(ALLOW_REPLACEMENT);
  const refused = kind === 'cluster' && allowed !== true && !(Array.isArray(allowed) && allowed.includes(owner.node.path));
  // Certain: literals on both sides. A change involving an expression replaces only if its value at apply
  // differs (a literal location becoming the resource group's, say), so it is only advice.
  const found = (certain: boolean): Violation[] => {
    const before: unknown = previousOutput(stack)?.resource?.[resource.terraformResourceType]?.[resource.friendlyUniqueId];
    const now = written(resource);
    // A body the constructs did not write (no name, a profile of the wrong shape) is nothing to compare with.
    if (!isBody(before) || typeof before.name !== 'string' || !(before.network_profile === undefined || typeof before.network_profile === 'object') || Object.keys(now).length === 0) return [];
    const unknownAtSynth = (r: Replacement) => JSON.stringify([r.before, r.now]).includes('${');
    const changes = replacements(kind, before, now)
      .filter((r) => unknownAtSynth(r) !== certain)
      .map((r) => describeReplacement(r, kind, now, owner.node.path, refused && certain))
      .map((v) => (certain ? v : { ...v, rule: `${v.rule}, if the value Terraform resolves differs` }));
    return certain && kind === 'cluster' ? [...changes, ...checkKubenetMove(before, now)] : changes;
  };
  gateAtSynth(owner, () => (refused ? found(true) : []));
  adviseAtSynth(owner, () => (refused ? found(false) : [...found(true), ...found(false)]));
}

function isBody(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A kubenet cluster moved to CNI Overlay without `migratingFromKubenet`: its route table associations are gone
 * from what the cluster waits for, so Terraform deletes them (and the grant) before it updates the cluster,
 * while the nodes still route through them.
 */
function checkKubenetMove(before: Body, now: Body): Violation[] {
  const plugin = (body: Body) => (isBody(body.network_profile) ? body.network_profile.network_plugin : Array.isArray(body.network_profile) && isBody(body.network_profile[0]) ? body.network_profile[0].network_plugin : undefined);
  if (plugin(before) !== 'kubenet' || plugin(now) !== 'azure' || JSON.stringify(now.depends_on ?? []).includes('azurerm_subnet_route_table_association.')) return [];
  return [{
    prop: 'network_profile.network_plugin',
    value: 'azure',
    number: 13,
    rule: "was 'kubenet' at the previous synth, and without migratingFromKubenet Terraform deletes the route table, its associations and its grant before it moves the cluster to CNI Overlay, while the nodes still route through them",
    fix: 'set migratingFromKubenet: true for the apply that moves the cluster, and remove it after that apply',
  }];
}

/** The message of one replacement; `refused`, an error, names the context that allows it. */
function describeReplacement(r: Replacement, kind: 'cluster' | 'pool', now: Body, clusterPath: string, refused: boolean): Violation {
  const was = r.before === undefined ? 'was not written at the previous synth, and writing it' : `was ${show(r.before)} at the previous synth, and ${r.now === undefined ? 'removing' : 'changing'} it`;
  const keep = r.before === undefined ? 'leave it out' : `keep ${show(r.before)}`;
  const allow = `set the context ${ALLOW_REPLACEMENT} to ${JSON.stringify([clusterPath])}`;
  const message = (rule: string, fix: string): Violation => ({ prop: r.prop, value: r.now, number: 13, rule, fix });
  if (kind === 'pool') {
    return message(`${was} replaces node pool ${show(now.name)}: azurerm deletes the pool, draining its nodes, and creates it again (azurerm: ${r.why})`, `${keep}, unless the pool may be replaced`);
  }
  if (r.addsIpv6) {
    const list = (prop: string) => [attribute(now, prop)].flat().join(',');
    const update = `az aks update -g ${now.resource_group_name} -n ${now.name} --ip-families ipv4,ipv6 --pod-cidrs ${list('network_profile.pod_cidrs')} --service-cidrs ${list('network_profile.service_cidrs')}`;
    return message(
      `was ${show(r.before)} at the previous synth, and adding IPv6 through azurerm replaces cluster ${show(now.name)} (azurerm: ip_versions, pod_cidrs and service_cidrs are ForceNew, azurerm #32814), though AKS adds it in place`,
      refused
        ? `add it in place: run '${update}', then 'terraform apply -refresh-only', then synth again with the context ${PREVIOUS_OUTPUT} set to an empty folder; to replace the cluster instead, ${allow}`
        : `replace the cluster only if you mean to (${ALLOW_REPLACEMENT} allows it); '${update}' adds IPv6 in place`,
    );
  }
  return message(
    `${was} replaces cluster ${show(now.name)} (azurerm: ${r.why})`,
    refused ? `${keep}; to replace the cluster on purpose, ${allow}` : `${keep}, unless the cluster may be replaced (${ALLOW_REPLACEMENT} allows it)`,
  );
}
