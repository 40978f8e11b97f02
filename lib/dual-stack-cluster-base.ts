import { KubernetesCluster, KubernetesClusterWindowsProfile } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { Route } from '@cdktf/provider-azurerm/lib/route';
import { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import { SubnetRouteTableAssociation } from '@cdktf/provider-azurerm/lib/subnet-route-table-association';
import { Annotations, ITerraformDependable, TerraformResource, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { AddressPlan } from './address-plan';
import { DualStackClusterProps } from './dual-stack-cluster-props';
import { DualStackNodePool } from './dual-stack-node-pool';
import { DualStackSubnet } from './dual-stack-subnet';
import { DualStackVirtualNetwork } from './dual-stack-virtual-network';
import { adviseLocation, normalizeLocation } from './private/azure-names';
import { CapacityLimit, adviseUpgradeHeadroom, clusterLimits, subnetNodeCapacity } from './private/capacity';
import { Cidr, IpFamily, parseCidr } from './private/cidr';
import { Violation, adviseAtSynth, collect, describeRule, show, throwIfAny } from './private/errors';
import { checkWrittenCluster } from './private/gate';
import {
  NamedCidr,
  OutboundType,
  POD_PREFIX_PER_NODE,
  adviseSystemNodeCount,
  adviseSystemVmSize,
  checkDnsServiceIp,
  checkEgressNextHops,
  DEFAULT_POD_CIDRS,
  DEFAULT_SERVICE_CIDRS,
  checkKubernetesVersion,
  checkNetworkPolicy,
  checkNotBlank,
  checkOrchestratorVersion,
  checkOverlapWith,
  checkPodCidrHoldsANode,
  checkPoolName,
  checkReserved,
  checkRoomForDns,
  checkServiceCidrSize,
  checkSystemPoolNodes,
  isToken,
  defaultDnsServiceIp,
  named,
  parseCidrList,
  parseIpFamilies,
  peakNodes,
  sumNodes,
} from './private/rules';
import { DEFAULT_MAX_SURGE } from './private/pool-rules';
import { ADD_NODE_POOL_OPTIONS, AddNodePoolOptions, DEFAULT_NODE_POOL_OPTIONS, DEFAULT_VM_SIZE, NodePoolMode, NodePoolOptions, NodePoolOsType, autoscaledCountLifecycle, checkPoolOptions, poolAttributes, resolveNodeCounts } from './node-pool-options';
import { Shape, checkProps, schema, constructId, instance, listOf, map, object, oneOf, required, str, strList } from './private/shape';
import { clustersOn, useSubnet } from './private/subnet-usage';
import { sharePodRanges } from './private/shared-pod-ranges';
import { rawPoolsOf } from './private/raw-pools';
import { Body, StackJson, asProp, blockOf, gateAtSynth, written, writtenStack } from './private/written';
import { targetProviders } from './private/providers';
import { adviseKubernetesSupport } from './private/kubernetes-versions';
import { guardReplacement } from './private/replacement';
import { LOAD_BALANCER_EGRESS_PROPS, adviseNatRegion, checkLoadBalancerEgress, checkOutboundType, checkWrittenOutbound, loadBalancerProfile } from './private/egress';
import { DualStackNatGateway } from './dual-stack-nat-gateway';
import { ACCESS } from './cluster-access';
import { ADD_ONS } from './cluster-add-ons';
import { ExistingIdentity, IDENTITY, clusterIdentity } from './cluster-identity';
import { MONITORING } from './cluster-monitoring';
import { UPGRADES } from './cluster-upgrades';
import { Capability, ClusterFacts, RoleGrant, checkWrittenCapability, rawResourceWayOut } from './private/capability';
import { checkNextHopsAgainstSubnets, egressRoutes, nextHopsOf } from './cluster-egress';

export { DEFAULT_POD_CIDRS, DEFAULT_SERVICE_CIDRS };
const DEFAULT_IP_FAMILIES: readonly string[] = ['IPv4', 'IPv6'];
const DEFAULT_NODE_POOL_NAME = 'nodepool1';
/** Azure's built-in role that lets the cluster identity join subnets, read them for load balancers, and write routes. */
const NETWORK_CONTRIBUTOR = 'Network Contributor';
/** The capabilities beyond dual-stack, each in a file of its own: props, rules, what it writes (docs/design.md). */
const CAPABILITIES = [IDENTITY, ACCESS, UPGRADES, MONITORING, ADD_ONS] as readonly Capability<unknown>[] as readonly Capability<DualStackClusterProps>[];

const CLUSTER_PROPS = schema<DualStackClusterProps>('DualStackClusterProps', {
  resourceGroupName: required(str),
  location: required(str),
  name: str,
  dnsPrefix: str,
  kubernetesVersion: str,
  // Any case, and the CLI's 'ipv4,ipv6': parseIpFamilies judges the names.
  ipFamilies: listOf(str, true),
  podCidrs: strList,
  serviceCidrs: strList,
  dnsServiceIp: str,
  network: instance(DualStackVirtualNetwork, 'DualStackVirtualNetwork'),
  defaultNodePool: object(DEFAULT_NODE_POOL_OPTIONS),
  // The NAT gateway types too, so that checkOutboundType can say why they are refused.
  outboundType: oneOf('loadBalancer', 'userDefinedRouting', 'managedNATGateway', 'userAssignedNATGateway'),
  egressNextHopIp: str,
  egressNextHopIpv6: str,
  ...LOAD_BALANCER_EGRESS_PROPS,
  networkPolicy: oneOf('azure', 'calico', 'cilium'),
  networkDataPlane: oneOf('azure', 'cilium'),
  tags: map,
  ...Object.assign({}, ...CAPABILITIES.map((c) => c.props)),
});

/** What sets the two variants apart, as plain data. */
export interface ClusterVariant {
  readonly kind: 'kubenet' | 'overlay';
  /** For messages: 'kubenet' or 'CNI Overlay'. */
  readonly label: string;
  readonly networkPlugin: 'kubenet' | 'azure';
  readonly networkPluginMode?: 'overlay';
  /** The first Kubernetes version with dual-stack for this variant (rules 15, 22). */
  readonly minKubernetesVersion: string;
  /** The shapes of the variant's own props. */
  readonly props?: Record<string, Shape>;
}

/**
 * The two variants. A subclass names one; what it says about the variant must be this, as every rule and what
 * is written follow from it.
 */
export const VARIANTS = {
  kubenet: Object.freeze<ClusterVariant>({
    kind: 'kubenet',
    label: 'kubenet',
    networkPlugin: 'kubenet',
    // The kubenet document: "AKS dual-stack clusters require Kubernetes version v1.21.2 or greater" (rule 15).
    minKubernetesVersion: '1.21.2',
  }),
  overlay: Object.freeze<ClusterVariant>({
    kind: 'overlay',
    label: 'CNI Overlay',
    networkPlugin: 'azure',
    networkPluginMode: 'overlay',
    // The CNI Overlay document: "For dual-stack networking, you need Kubernetes version 1.26.3 or later" (rule 22).
    minKubernetesVersion: '1.26.3',
  }),
};

/** A pool as the cluster tracks it, for capacity, rotation names and the address plan. */
interface PoolRecord {
  readonly counts: NodePoolOptions;
  readonly mode: NodePoolMode;
  readonly osType: NodePoolOsType;
  readonly subnet: DualStackSubnet;
  /** How messages name the pool's props: `defaultNodePool.` or `addNodePool('apps').`. */
  readonly prefix: string;
  /** The pool as written: the cluster's `default_node_pool`, or the node pool resource. */
  readonly body: () => Body;
}

/** A subnet has one route table, so one cluster that owns one (rule 19). Keyed by subnet, across the app. */
const routeTableOwners = new WeakMap<DualStackSubnet, DualStackClusterBase>();
/** The clusters of each app by resource group and name: Azure takes a name once per resource group. */
const clustersByName = new WeakMap<IConstruct, Map<string, DualStackClusterBase>>();

/**
 * The shared body of the two dual-stack cluster variants: prop defaults and checks, the network, the route
 * table (kubenet, or user-defined routing), the default pool's dedicated subnet, the
 * `azurerm_kubernetes_cluster`, `addNodePool()`, capacity and the address plan.
 *
 * Both variants run as a user-assigned identity that holds Network Contributor on the network and on the route
 * table, if any, granted before the cluster is created: AKS needs it to join nodes to bring-your-own subnets,
 * read them for load balancers, and (kubenet) write routes, and it checks some of it at creation.
 *
 * Subclasses supply the variant's pieces through the hooks below. The hooks run inside this constructor,
 * before the subclass's own fields exist. Order: checks, network, route table, identity and roles, the default
 * pool's subnet, the cluster.
 */
export abstract class DualStackClusterBase extends Construct {
  /** The raw `azurerm_kubernetes_cluster` (also `node.defaultChild`). */
  readonly resource: KubernetesCluster;
  /** The cluster's name in Azure. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly ipFamilies: readonly IpFamily[];
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly dnsServiceIp?: string;
  readonly kubernetesVersion?: string;
  readonly outboundType: OutboundType;
  readonly networkPolicy?: string;
  readonly networkDataPlane?: string;
  /** The network holding the cluster's node subnets. */
  readonly network: DualStackVirtualNetwork;
  /** The default node pool's dedicated subnet. */
  readonly defaultNodePoolSubnet: DualStackSubnet;
  /**
   * The route table of every node subnet: kubenet's, where AKS writes its routes, or the one that carries the
   * egress route of user-defined routing. It declares no inline routes, so Terraform never removes AKS's.
   */
  readonly routeTable?: RouteTable;
  /** With `outboundType: 'userAssignedNATGateway'`: the StandardV2 NAT gateway on every node subnet. */
  readonly natGateway?: DualStackNatGateway;
  /** The cluster's user-assigned control-plane identity: made, or the one given. */
  readonly identity: ExistingIdentity;
  /** The identity's grants: Network Contributor on the network and the route table, and what the capabilities need. */
  readonly roleAssignments: readonly RoleAssignment[];
  /** With `createRoleAssignments: false`, the grants the identity needs that the library left to you. */
  readonly requiredRoleAssignments: readonly RoleGrant[];
  protected readonly tags?: Record<string, string>;
  private readonly variant: ClusterVariant;
  /** True when `name` was given: subnets are then named after it. */
  private readonly givenName: boolean;
  private readonly podRanges: (Cidr | undefined)[];
  private readonly pools = new Map<string, PoolRecord>();
  private readonly extraPools: DualStackNodePool[] = [];
  /** The default routes of user-defined routing, one per family, in the order of `ipFamilies`. */
  private readonly egressRoutes: Route[];

  protected constructor(scope: Construct, id: string, props: DualStackClusterProps, variant: ClusterVariant) {
    super(scope, constructId(scope, id));
    targetProviders(this);
    const known = typeof variant?.kind === 'string' ? VARIANTS[variant.kind as keyof typeof VARIANTS] : undefined;
    if (!known || (['label', 'networkPlugin', 'networkPluginMode', 'minKubernetesVersion'] as const).some((k) => variant[k] !== known[k])) {
      // Plain JavaScript can call the abstract base directly, and a subclass can pass a variant of its own.
      const rule = known ? `is given a variant that is not the library's ${known.label}` : 'is the base of the two clusters, not a cluster';
      throwIfAny(this, [{ prop: 'DualStackClusterBase', value: undefined, rule, fix: 'extend KubenetDualStackCluster or CniOverlayDualStackCluster' }]);
    }
    props = checkProps(this.node.path, props, { ...CLUSTER_PROPS, ...variant.props }, '', rawResourceWayOut);
    this.variant = variant;
    this.name = props.name ?? id;
    this.givenName = props.name !== undefined;
    this.resourceGroupName = props.resourceGroupName;
    this.location = props.location;
    this.tags = props.tags;
    this.kubernetesVersion = props.kubernetesVersion;
    this.outboundType = props.outboundType ?? 'loadBalancer';
    this.networkPolicy = props.networkPolicy;
    this.networkDataPlane = props.networkDataPlane;
    const families = parseIpFamilies(props.ipFamilies ?? DEFAULT_IP_FAMILIES);
    throwIfAny(this, 'rule' in families ? [families] : []);
    this.ipFamilies = Object.freeze(families as IpFamily[]);
    this.podCidrs = freeze(props.podCidrs ?? DEFAULT_POD_CIDRS.slice(0, this.ipFamilies.length));
    this.serviceCidrs = freeze(props.serviceCidrs ?? DEFAULT_SERVICE_CIDRS.slice(0, this.ipFamilies.length));
    const pods = parseCidrList('podCidrs', this.podCidrs, this.ipFamilies, DEFAULT_POD_CIDRS);
    const services = parseCidrList('serviceCidrs', this.serviceCidrs, this.ipFamilies, DEFAULT_SERVICE_CIDRS);
    this.podRanges = pods.cidrs;
    const serviceV4 = services.cidrs[0];
    this.dnsServiceIp = props.dnsServiceIp ?? (serviceV4 ? defaultDnsServiceIp(serviceV4) : undefined);
    const clusterRanges = [...named('podCidrs', pods.cidrs), ...named('serviceCidrs', services.cidrs)];
    const egress = { variant: variant.kind, dualStack: this.ipFamilies.length === 2, outboundType: this.outboundType };
    const facts: ClusterFacts = {
      variant: variant.kind,
      dualStack: egress.dualStack,
      location: this.location,
      kubernetesVersion: this.kubernetesVersion,
      poolVersions: { 'defaultNodePool.orchestratorVersion': props.defaultNodePool?.orchestratorVersion },
    };

    const pool = props.defaultNodePool ?? {};
    const poolName = pool.name ?? DEFAULT_NODE_POOL_NAME;
    // A subnet's network of another kind is refused by checkPool.
    const subnetNetwork = pool.subnet?.network;
    const givenNetwork = props.network ?? (subnetNetwork instanceof DualStackVirtualNetwork ? subnetNetwork : undefined);
    throwIfAny(
      this,
      collect(
        pods.violations,
        services.violations,
        ...services.cidrs.map((c, i) => c && checkServiceCidrSize(`serviceCidrs[${i}]`, c)),
        props.dnsServiceIp === undefined && serviceV4 ? checkRoomForDns('serviceCidrs[0]', serviceV4) : undefined,
        this.dnsServiceIp === undefined && !serviceV4 && services.violations.length === 0 ? DNS_NEEDED_WITH_TOKEN : undefined,
        props.dnsServiceIp !== undefined ? checkDnsServiceIp(props.dnsServiceIp, serviceV4) : undefined,
        this.kubernetesVersion !== undefined
          ? checkKubernetesVersion(this.kubernetesVersion, variant.minKubernetesVersion, `dual-stack ${variant.label}`)
          : undefined,
        ...clusterRanges.map((r) => checkReserved(r)),
        ...pods.cidrs.map((c, i) =>
          c && (c.family === 'IPv4' || variant.kind === 'kubenet') ? checkPodCidrHoldsANode(`podCidrs[${i}]`, c, POD_PREFIX_PER_NODE[c.family], variant.kind) : undefined,
        ),
        checkOutboundType(this.outboundType, variant.kind),
        checkLoadBalancerEgress(props, egress),
        (pool as AddNodePoolOptions).nodeTaints !== undefined ? {
          prop: 'defaultNodePool.nodeTaints',
          value: (pool as AddNodePoolOptions).nodeTaints,
          rule: 'is not taken: azurerm 4 has no taints for the default pool',
          fix: 'put tainted workloads on a pool of their own (addNodePool with nodeTaints)',
        } : undefined,
        checkNetworkPolicy({
          variant: variant.kind,
          dualStack: this.ipFamilies.length === 2,
          networkPolicy: this.networkPolicy,
          networkDataPlane: this.networkDataPlane,
          kubernetesVersion: this.kubernetesVersion,
        }),
        checkNotBlank('location', this.location),
        checkNotBlank('resourceGroupName', this.resourceGroupName),
        this.checkPool('defaultNodePool.', poolName, 'Linux', 'System', pool, givenNetwork),
        checkOrchestratorVersion('defaultNodePool.orchestratorVersion', pool.orchestratorVersion, this.kubernetesVersion, true, this.minimumVersion()),
        this.checkVariant(props),
        ...CAPABILITIES.map((c) => c.check(props, facts)),
        givenNetwork ? checkClusterRanges(givenNetwork, clusterRanges) : undefined,
      ),
    );
    this.advise(adviseSystemVmSize('defaultNodePool.vmSize', pool.vmSize ?? DEFAULT_VM_SIZE));
    this.advise(adviseLocation('location', this.location));
    this.advise(adviseKubernetesSupport('kubernetesVersion', this.kubernetesVersion));
    if (this.outboundType === 'userAssignedNATGateway') this.advise(adviseNatRegion(this.location));

    this.network =
      givenNetwork ??
      new DualStackVirtualNetwork(this, 'Network', {
        name: `${this.name}-vnet`,
        resourceGroupName: this.resourceGroupName,
        location: this.location,
        tags: this.tags,
      });
    throwIfAny(
      this,
      collect(
        givenNetwork ? [] : checkClusterRanges(this.network, clusterRanges),
        checkSameLocation(this.location, this.network),
        this.network.node.root === this.node.root ? undefined : {
          prop: 'network',
          value: this.network.node.path,
          number: 31,
          rule: "is in another App, whose output is written apart: this app's plan would not know its subnets",
          fix: 'make the network in the same App, in any stack of it',
        },
        this.claimName(),
        checkEgressNextHops({
          outboundType: this.outboundType,
          ipFamilies: this.ipFamilies,
          nextHops: nextHopsOf(props),
          clusterRanges,
          networkRanges: [...this.network.rangesOf('IPv4'), ...this.network.rangesOf('IPv6')],
        }),
      ),
    );
    sharePodRanges(this.network, this.node.path, this.podRanges);
    adviseAtSynth(this, () =>
      collect(
        adviseSystemNodeCount(this.systemNodes()),
        adviseUpgradeHeadroom(this.capacityLimits(), this.peakNodesByPool(), this.maxSurges()),
      ),
    );

    const migrating = this.keepsKubenetRouteTable(props);
    if (migrating) this.advise(MIGRATION_ADVICE);
    this.routeTable =
      variant.kind === 'kubenet' || this.outboundType === 'userDefinedRouting' || migrating
        ? new RouteTable(this, 'RouteTable', { name: `${this.name}-rt`, resourceGroupName: this.resourceGroupName, location: this.location, tags: this.tags })
        : undefined;
    const routeTable = this.routeTable;
    this.egressRoutes = routeTable && this.outboundType === 'userDefinedRouting' ? egressRoutes(this, routeTable, this.resourceGroupName, this.ipFamilies, nextHopsOf(props)) : [];
    const grants: RoleGrant[] = [
      ...(routeTable ? [{ id: 'RouteTableRole', role: NETWORK_CONTRIBUTOR, scope: routeTable.id, why: 'AKS writes the routes of the node subnets (kubenet) or checks the egress route' }] : []),
      { id: 'NetworkRole', role: NETWORK_CONTRIBUTOR, scope: this.network.virtualNetworkId, why: 'AKS joins nodes to the subnets and reads them for load balancers' },
      ...CAPABILITIES.flatMap((c) => c.grants?.(props) ?? []),
    ];
    const place = { name: this.name, resourceGroupName: this.resourceGroupName, location: this.location, tags: this.tags };
    const identity = clusterIdentity(this, props, grants, place);
    this.identity = identity.identity;
    this.roleAssignments = Object.freeze(identity.roleAssignments);
    this.requiredRoleAssignments = Object.freeze(identity.requiredRoleAssignments);
    const rolesReady = identity.ready;
    this.natGateway =
      this.outboundType === 'userAssignedNATGateway'
        ? new DualStackNatGateway(this, 'NatGateway', { name: `${this.name}-natgw`, resourceGroupName: this.resourceGroupName, location: this.location, tags: this.tags })
        : undefined;
    this.defaultNodePoolSubnet = pool.subnet ?? this.network.addSubnet(this.subnetId(poolName), { name: this.subnetName(poolName) });
    const subnetReady = this.attachSubnet(this.defaultNodePoolSubnet);
    this.pools.set(poolName, {
      counts: pool,
      mode: 'System',
      osType: 'Linux',
      subnet: this.defaultNodePoolSubnet,
      prefix: 'defaultNodePool.',
      body: () => blockOf(written(this.resource).default_node_pool) ?? {},
    });

    this.resource = new KubernetesCluster(this, 'Resource', {
      name: this.name,
      location: this.location,
      resourceGroupName: this.resourceGroupName,
      dnsPrefix: props.dnsPrefix ?? this.name,
      kubernetesVersion: this.kubernetesVersion,
      // AKS turns the issuer on for every new cluster from Kubernetes 1.34, and it cannot be turned off; azurerm
      // replaces a cluster whose issuer goes from on to off. Written, so that every version and provider agree.
      oidcIssuerEnabled: true,
      defaultNodePool: { ...poolAttributes(poolName, 'Linux', pool, this.defaultNodePoolSubnet.subnetId), tags: this.tags },
      identity: { type: 'UserAssigned', identityIds: [this.identity.id] },
      windowsProfile: this.windowsProfile(props),
      networkProfile: {
        networkPlugin: variant.networkPlugin,
        networkPluginMode: variant.networkPluginMode,
        networkPolicy: this.networkPolicy,
        networkDataPlane: this.networkDataPlane,
        ipVersions: [...this.ipFamilies],
        podCidrs: [...this.podCidrs],
        serviceCidrs: [...this.serviceCidrs],
        dnsServiceIp: this.dnsServiceIp,
        loadBalancerSku: 'standard',
        loadBalancerProfile: loadBalancerProfile(props, egress.dualStack),
        outboundType: this.outboundType,
      },
      ...Object.assign({}, ...CAPABILITIES.map((c) => c.attributes(props, facts))),
      tags: this.tags,
      dependsOn: [...subnetReady, ...this.egressRoutes, ...rolesReady],
      lifecycle: autoscaledCountLifecycle(pool, 'default_node_pool[0].node_count'),
    });
    guardReplacement(this.resource);
    for (const c of CAPABILITIES) c.build?.(this, props, { ...place, id: this.resource.id });
    useSubnet(this.defaultNodePoolSubnet, { cluster: this, clusterKey: this.resource.friendlyUniqueId, pool: poolName, body: this.pools.get(poolName)!.body });
    this.claimName(true);
    // The gate: the rules again on what the cluster, its pools and route table write, once every addXxx() call
    // and escape hatch is in: ranges of subnets added later (rule 7), node totals (rules 16, 17, 23), rotation
    // names, and every prop rule that an override could break. Subnet sizes are checked per subnet.
    gateAtSynth(this, () => {
      const stack = writtenStack(this);
      const network = this.network.writtenRanges();
      const version = (v: unknown) => asProp(v, str);
      const writtenFacts: ClusterFacts = {
        ...facts,
        grants,
        kubernetesVersion: version(written(this.resource).kubernetes_version) as string | undefined,
        poolVersions: Object.fromEntries([...this.pools.values()].map((p) => [`${p.prefix}orchestratorVersion`, version(p.body().orchestrator_version)])),
      };
      return collect(
        checkWrittenCluster({
          ...variant,
          variant: variant.kind,
          cluster: written(this.resource),
          pools: [...[...this.pools.values()].map((p) => ({ prefix: p.prefix, body: p.body(), isDefault: p.prefix === 'defaultNodePool.' })), ...rawPoolsOf(this.resource, new Set(this.extraPools.map((p) => p.resource.friendlyUniqueId)), stack)],
          routeTable: this.routeTable && written(this.routeTable),
          routeTableOfSubnet: routeTablesOfSubnets(stack),
          routeTableId: this.routeTable && `\${azurerm_route_table.${this.routeTable.friendlyUniqueId}.id}`,
          networkSubnets: TerraformStack.of(this.network) === TerraformStack.of(this) ? this.network.writtenSubnets() : undefined,
          otherRoutes: this.outboundType === 'userDefinedRouting' ? this.ipFamilies.length : 0,
          networkRanges: network.ranges,
          networkOverlap: network.overlap,
          stack,
          outboundType: this.outboundType,
          egressRoutes: this.egressRoutes.map((r, i) => ({ family: this.ipFamilies[i], body: written(r) })),
        }),
        this.outboundType === 'userDefinedRouting' ? checkNextHopsAgainstSubnets(nextHopsOf(props), this.network.subnets, new Set(this.subnetUsage().map((u) => u.subnet))) : [],
        checkWrittenOutbound(blockOf(written(this.resource).network_profile) ?? {}, egress, [...this.pools.values()].map((p) => p.body().vnet_subnet_id), stack),
        ...CAPABILITIES.map((c) => checkWrittenCapability(c, written(this.resource), writtenFacts)),
        checkWaits(written(this.resource).depends_on, [...subnetReady, ...this.egressRoutes, ...rolesReady]),
      );
    });
  }

  /** The extra node pools added so far (a copy). */
  get nodePools(): DualStackNodePool[] {
    return [...this.extraPools];
  }

  /**
   * Adds an `azurerm_kubernetes_cluster_node_pool` on a dedicated subnet carved from the cluster's network,
   * or on `options.subnet`.
   */
  addNodePool(name: string, options: AddNodePoolOptions = {}): DualStackNodePool {
    // The name is part of every message and construct id below: a name of the wrong kind stops here.
    const at = `addNodePool(${show(name)})`;
    const badName = typeof name === 'string' && !isToken(name) ? undefined : checkPoolName(name, 'Linux');
    if (badName) throwIfAny(this, [{ ...badName, prop: `${at}.name` }]);
    options = checkProps(this.node.path, options, ADD_NODE_POOL_OPTIONS, at);
    const osType = options.osType ?? 'Linux';
    const mode = options.mode ?? 'User';
    const violations = collect(
      this.checkPool('', name, osType, mode, options, this.network, options.nodeTaints),
      checkOrchestratorVersion('orchestratorVersion', options.orchestratorVersion, this.kubernetesVersion, false, this.minimumVersion()),
    );
    if (this.pools.has(name)) {
      violations.push({ prop: 'name', value: name, number: 27, rule: 'is already a node pool of this cluster', fix: 'choose another name' });
    }
    if (osType === 'Windows' && mode === 'System') {
      violations.push({ prop: 'mode', value: mode, number: 28, rule: 'is not allowed on a Windows pool: System pools must be Linux', fix: "use mode 'User' for a Windows pool" });
    }
    throwIfAny(this, violations.map((v) => ({ ...v, prop: `${at}.${v.prop}` })));
    if (mode === 'System') this.advise(adviseSystemVmSize(`${at}.vmSize`, options.vmSize ?? DEFAULT_VM_SIZE));
    if (options.orchestratorVersion !== this.kubernetesVersion) this.advise(adviseKubernetesSupport(`${at}.orchestratorVersion`, options.orchestratorVersion));

    const subnet = options.subnet ?? this.network.addSubnet(this.subnetId(name), { name: this.subnetName(name) });
    const dependsOn = this.attachSubnet(subnet);
    const pool = new DualStackNodePool(this, name, { ...options, clusterId: this.resource.id, name, subnet, tags: this.tags, dependsOn: nonEmpty(dependsOn) });
    const body = () => written(pool.resource);
    this.pools.set(name, { counts: options, mode, osType, subnet, prefix: `${at}.`, body });
    useSubnet(subnet, { cluster: this, clusterKey: this.resource.friendlyUniqueId, pool: name, body });
    this.extraPools.push(pool);
    return pool;
  }

  /** The cluster's addresses and capacity, with every pool added so far; `formatAddressPlan()` prints it. */
  addressPlan(): AddressPlan {
    const limits = this.capacityLimits();
    // A whole list from a Terraform variable has no elements to show until apply.
    const byFamily = (ranges: readonly string[]) => Object.fromEntries(this.ipFamilies.map((f, i) => [f, isToken(ranges) ? '(set at apply)' : ranges[i]]));
    return {
      cluster: this.name,
      path: this.node.path,
      variant: this.variant.label,
      network: { name: this.network.name, addressSpace: [...this.network.addressSpace] },
      subnets: this.subnetUsage().map(({ subnet, cidr, peaks }) => ({
        name: subnet.name,
        ipv4Cidr: subnet.ipv4Cidr,
        ipv6Cidr: subnet.ipv6Cidr,
        pools: Object.keys(peaks),
        nodeCapacity: cidr && subnetNodeCapacity(cidr),
      })),
      podCidrs: byFamily(this.podCidrs),
      serviceCidrs: byFamily(this.serviceCidrs),
      dnsServiceIp: this.dnsServiceIp,
      capacity: {
        peakNodes: sumNodes(this.peakNodesByPool()),
        maxNodes: limits[0].nodes,
        bindingLimit: limits[0].limit,
        limits,
      },
    };
  }

  /** Checks the variant's own props. Runs in the base constructor. */
  protected checkVariant(_props: DualStackClusterProps): Violation[] {
    return [];
  }

  /** True while a CNI Overlay cluster keeps the route table of the kubenet cluster it was. Runs in the base constructor. */
  protected keepsKubenetRouteTable(_props: DualStackClusterProps): boolean {
    return false;
  }

  /** Checks a pool's operating system against the variant (kubenet: no Windows). */
  protected abstract checkOsType(osType: NodePoolOsType): Violation | undefined;

  /** The variant's Windows profile (CNI Overlay only). Runs in the base constructor. */
  protected windowsProfile(_props: DualStackClusterProps): KubernetesClusterWindowsProfile | undefined {
    return undefined;
  }

  /**
   * The cluster's name in its resource group, across the app: a second cluster of that name there (two wrappers
   * with an unnamed 'Cluster' each, say) would fail at apply, with its identity and route table. Checked at
   * first; claimed (`claim`) once the cluster is built.
   */
  private claimName(claim = false): Violation | undefined {
    if (isToken(this.name) || isToken(this.resourceGroupName)) return undefined;
    const names = clustersByName.get(this.node.root) ?? new Map<string, DualStackClusterBase>();
    clustersByName.set(this.node.root, names);
    const key = `${this.resourceGroupName.toLowerCase()}/${this.name.toLowerCase()}`;
    const other = names.get(key);
    if (claim) names.set(key, this);
    if (!other || other === this) return undefined;
    return {
      prop: 'name',
      value: this.name,
      number: 51,
      rule: `is already the name of cluster '${other.node.path}' in resource group '${this.resourceGroupName}', and Azure takes a name once per resource group`,
      fix: 'give each cluster a name of its own (name), or another resource group',
    };
  }

  /**
   * The construct id of a pool's subnet under the network: `<cluster id>-<pool>` for a cluster beside or above its
   * network, else the cluster's path from the network's scope (or the stack), so that clusters of the same id in
   * different wrappers can share a network.
   */
  private subnetId(pool: string): string {
    const [path, parent, stack] = [this.node.path, this.network.node.scope?.node.path ?? '', TerraformStack.of(this).node.path];
    const from = parent === path || parent.startsWith(`${path}/`) ? path : path.startsWith(`${parent}/`) ? parent : stack;
    const id = (segments: string[]) =>
      // Several segments are joined by '-' with their own '-' doubled, so that 'a-b/c' and 'a/b-c' stay apart.
      `${segments.length === 1 ? segments[0] : segments.map((s) => s.replace(/-/g, '--')).join('-')}-${pool}`;
    const near = id((path.startsWith(`${from}/`) ? path.slice(from.length + 1) : this.node.id).split('/'));
    // Clusters of one id in two stacks on a shared network: the later one is named by its whole path.
    return stack !== TerraformStack.of(this.network).node.path && this.network.node.tryFindChild(near) ? id(path.split('/')) : near;
  }

  /**
   * The Azure name of a pool's subnet: `<cluster name>-<pool>` when the cluster has a name of its own, else its
   * construct id under the network, unique there, so that clusters that default to the same name can share it.
   */
  private subnetName(pool: string): string {
    return this.givenName ? `${this.name}-${pool}` : this.subnetId(pool);
  }

  /** Each pool's `maxSurge`, by pool name. */
  private maxSurges(): Record<string, string> {
    return Object.fromEntries([...this.pools].map(([name, p]) => [name, p.counts.maxSurge ?? DEFAULT_MAX_SURGE]));
  }

  /** The first Kubernetes version with dual-stack for this variant, for version checks. */
  private minimumVersion(): { version: string; why: string } {
    return { version: this.variant.minKubernetesVersion, why: `dual-stack ${this.variant.label}` };
  }

  /** Adds advice as a warning annotation. */
  private advise(advice: Violation | undefined): void {
    if (advice) Annotations.of(this).addWarning(describeRule(advice));
  }

  /** The limits on the cluster's node count, the binding one first. */
  private capacityLimits(): CapacityLimit[] {
    const egressRoutes = this.outboundType === 'userDefinedRouting' ? this.ipFamilies.length : 0;
    return clusterLimits({ variant: this.variant.kind, ipFamilies: this.ipFamilies, podCidrs: this.podRanges, otherRoutes: egressRoutes });
  }

  /** The most nodes each pool can reach, by pool name: `maxCount` when autoscaling, else `nodeCount`. */
  private peakNodesByPool(): Record<string, number | undefined> {
    return Object.fromEntries([...this.pools].map(([name, p]) => [name, peakNodes(resolveNodeCounts(p.counts))]));
  }

  /** The fewest nodes each System pool has: `minCount` when autoscaling, else `nodeCount`. */
  private systemNodes(): Record<string, number | undefined> {
    const system = [...this.pools].filter(([, p]) => p.mode === 'System');
    return Object.fromEntries(system.map(([name, p]) => [name, leastNodes(p.counts)]));
  }

  /** Each subnet the cluster's pools use, with its parsed IPv4 range and its pools' peaks. */
  private subnetUsage(): { subnet: DualStackSubnet; cidr?: Cidr; peaks: Record<string, number | undefined> }[] {
    const peaks = this.peakNodesByPool();
    const bySubnet = new Map<DualStackSubnet, Record<string, number | undefined>>();
    for (const [name, p] of this.pools) bySubnet.set(p.subnet, { ...bySubnet.get(p.subnet), [name]: peaks[name] });
    return [...bySubnet].map(([subnet, peaks]) => {
      const cidr = parseCidr(subnet.ipv4Cidr);
      return { subnet, cidr: typeof cidr === 'string' ? undefined : cidr, peaks };
    });
  }

  /**
   * Associates a node subnet with the cluster's route table, if it has one, and returns what a pool on it must
   * wait for. A subnet takes one route table, so one such cluster (rule 19).
   */
  private attachSubnet(subnet: DualStackSubnet): ITerraformDependable[] {
    // A subnet has one route table, and its clusters need grants on it and must wait for it: a cluster with a
    // route table shares its subnets with no other cluster.
    const owner = routeTableOwners.get(subnet);
    const other = owner ?? (this.routeTable ? clustersOn(subnet).find((c) => c !== this) : undefined);
    if (other && other !== this) {
      throwIfAny(this, [{
        prop: 'subnet',
        value: subnet.node.path,
        number: 19,
        rule: owner ? `already carries the route table of cluster '${owner.node.path}', and a subnet has only one` : `is already used by cluster '${other.node.path}', which would get this cluster's route table without a grant on it`,
        fix: 'give each cluster with a route table (kubenet, or user-defined routing) subnets of its own',
      }]);
    }
    const nat = this.natGateway ? [this.natGateway.associate(subnet)] : [];
    if (!this.routeTable) return nat;
    routeTableOwners.set(subnet, this);
    const id = `RouteTableAssociation-${subnet.node.id}`;
    const existing = this.node.tryFindChild(id) as SubnetRouteTableAssociation | undefined;
    return [existing ?? new SubnetRouteTableAssociation(this, id, { subnetId: subnet.subnetId, routeTableId: this.routeTable.id }), ...nat];
  }

  private checkPool(
    prefix: string,
    name: string,
    osType: NodePoolOsType,
    mode: NodePoolMode,
    options: NodePoolOptions,
    network: DualStackVirtualNetwork | undefined,
    taints?: readonly string[],
  ): Violation[] {
    // The pool's own rules, then what this cluster adds: its variant's OS rule, System nodes, its network.
    const violations = collect(
      checkPoolOptions(prefix, name, osType, mode, options, taints),
      this.checkOsType(osType),
      mode === 'System' ? checkSystemPoolNodes(prefix, options) : undefined,
    );
    if (options.subnet && !(options.subnet.network instanceof DualStackVirtualNetwork)) {
      violations.push({
        prop: `${prefix}subnet`,
        value: options.subnet.node.path,
        number: 31,
        rule: 'is not in a DualStackVirtualNetwork, and the cluster carves and checks its subnets there',
        fix: 'use a subnet made with DualStackVirtualNetwork.addSubnet()',
      });
    } else if (options.subnet && network && options.subnet.network !== network) {
      violations.push({
        prop: `${prefix}subnet`,
        value: options.subnet.node.path,
        number: 31,
        rule: "is not in the cluster's network: every node subnet must be in the same dual-stack network",
        fix: "use a subnet from the cluster's network (network.addSubnet()), or leave subnet unset",
      });
    }
    return violations;
  }
}

/** Shown while a CNI Overlay cluster keeps kubenet's route table. */
const MIGRATION_ADVICE: Violation = {
  prop: 'migratingFromKubenet',
  value: true,
  number: 13,
  rule: "keeps kubenet's route table, its subnet associations and its grant, for the apply that moves the cluster to CNI Overlay in place",
  fix: 'remove it once that apply is done: the next apply deletes them',
};

/** Rule 5, when the IPv4 service range is a token: the DNS address cannot be derived, and AKS needs both. */
const DNS_NEEDED_WITH_TOKEN: Violation = {
  prop: 'dnsServiceIp',
  value: undefined,
  number: 5,
  rule: 'is unset while serviceCidrs[0] is a token, so it cannot be derived, and AKS needs the two together',
  fix: 'set dnsServiceIp inside the IPv4 service range, conventionally its .10 address',
};

/**
 * Rule 7: the pod and service ranges share no address with the network's ranges and subnets, nor with each
 * other. Linear in the network's subnets.
 */
function checkClusterRanges(network: DualStackVirtualNetwork, clusterRanges: NamedCidr[]): Violation[] {
  const others = network.namedRanges();
  return clusterRanges.flatMap((r, j) => checkOverlapWith(r, others) ?? checkOverlapWith(r, clusterRanges.slice(0, j)) ?? []);
}

/**
 * What the cluster must be created after (its subnets' route table and NAT associations, its egress routes,
 * the wait after its grants) is still in what it writes: a `dependsOn` replaced through the raw resource would
 * create it before AKS can see its permissions (rule 49).
 */
function checkWaits(written: unknown, needed: readonly ITerraformDependable[]): Violation[] {
  const present = new Set(Array.isArray(written) ? written : []);
  // As depends_on names them: `type.logical_id` (the fqn is a token).
  const missing = needed.map((d) => d instanceof TerraformResource ? `${d.terraformResourceType}.${d.friendlyUniqueId}` : undefined).filter((name) => name !== undefined && !present.has(name));
  if (missing.length === 0) return [];
  return [{
    prop: 'dependsOn',
    value: missing,
    number: 49,
    rule: 'is no longer waited for: the cluster would be created before its grants propagate and its subnets are ready',
    fix: 'add to cluster.resource.dependsOn instead of replacing it (cluster.resource.dependsOn = [...(cluster.resource.dependsOn ?? []), other.fqn])',
  }];
}

/** Node VMs join the network's subnets, and a subnet's route table is in its network's region. */
function checkSameLocation(location: string, network: DualStackVirtualNetwork): Violation | undefined {
  if (isToken(location) || isToken(network.location) || normalizeLocation(location) === normalizeLocation(network.location)) return undefined;
  return {
    prop: 'location',
    value: location,
    number: 50,
    rule: `is not '${network.location}', the location of the network '${network.node.path}', where the cluster's nodes and route table must be`,
    fix: "give the cluster the network's location",
  };
}

/** The route table (its written id) associated with each subnet (its written id) in the stack. */
function routeTablesOfSubnets(stack: StackJson): Map<unknown, unknown> {
  return new Map(Object.values(stack.resource?.azurerm_subnet_route_table_association ?? {}).map((a) => [a.subnet_id, a.route_table_id]));
}

/** The fewest nodes a pool has: `minCount` when autoscaling, else `nodeCount`; undefined for a token. */
function leastNodes(counts: NodePoolOptions): number | undefined {
  const resolved = resolveNodeCounts(counts);
  return peakNodes({ nodeCount: resolved.minCount ?? resolved.nodeCount });
}

/** A frozen copy of a list, or a list token as it is: the checks ran on these values, so they cannot change. */
function freeze(list: readonly string[]): readonly string[] {
  return isToken(list) ? list : Object.freeze([...list]);
}

/** A list, or undefined when empty, so the output has no `depends_on: []`. */
function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
