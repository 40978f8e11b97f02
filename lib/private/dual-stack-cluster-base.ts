import {
  KubernetesCluster,
  KubernetesClusterIdentity,
  KubernetesClusterWindowsProfile,
} from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DualStackClusterProps } from '../dual-stack-cluster-props';
import {
  AddNodePoolOptions,
  DEFAULT_VM_SIZE,
  DualStackNodePool,
  NodePoolOptions,
  NodePoolOsType,
  resolveNodeCounts,
} from '../dual-stack-node-pool';
import { DualStackSubnet } from '../dual-stack-subnet';
import { DualStackVirtualNetwork } from '../dual-stack-virtual-network';
import { Cidr, IpFamily } from './cidr';
import { Violation, collect, throwIfAny, validateAtSynth } from './errors';
import {
  NamedCidr,
  NodeCounts,
  checkDnsServiceIp,
  checkKubernetesVersion,
  checkNodeCounts,
  checkOverlaps,
  checkPoolName,
  checkRoomForDns,
  checkServiceCidrSize,
  defaultDnsServiceIp,
  parseCidrList,
  parseIpFamilies,
  peakNodes,
} from './rules';

/** `az aks create`'s defaults, one per family (rule 4). */
export const DEFAULT_POD_CIDRS: readonly string[] = ['10.244.0.0/16', 'fd12:3456:789a::/64'];
export const DEFAULT_SERVICE_CIDRS: readonly string[] = ['10.0.0.0/16', 'fd12:3456:789a:1::/108'];
const DEFAULT_IP_FAMILIES: readonly string[] = ['IPv4', 'IPv6'];
const DEFAULT_NODE_POOL_NAME = 'nodepool1';

/** What sets the two variants apart, as plain data. */
export interface ClusterVariant {
  /** For messages: 'kubenet' or 'CNI Overlay'. */
  readonly label: string;
  readonly networkPlugin: 'kubenet' | 'azure';
  readonly networkPluginMode?: 'overlay';
  /** The first Kubernetes version with dual-stack for this variant (rules 15, 22). */
  readonly minKubernetesVersion: string;
}

/** What a variant adds to the `azurerm_kubernetes_cluster`. */
export interface VariantClusterSettings {
  readonly identity: KubernetesClusterIdentity;
  readonly windowsProfile?: KubernetesClusterWindowsProfile;
  /** What must exist before the cluster is created. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The shared body of the two dual-stack cluster variants: prop defaults and checks, the network, the default
 * pool's dedicated subnet, the `azurerm_kubernetes_cluster`, and `addNodePool()`.
 *
 * Subclasses supply the variant's pieces through the hooks below. The hooks run inside this constructor,
 * before the subclass's own fields exist, so they keep their state in the construct tree. Order:
 * checks, network, `clusterSettings()`, the default pool's subnet and `attachSubnet()`, the cluster.
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
  /** The network holding the cluster's node subnets. */
  readonly network: DualStackVirtualNetwork;
  /** The default node pool's dedicated subnet. */
  readonly defaultNodePoolSubnet: DualStackSubnet;
  protected readonly tags?: Record<string, string>;
  /** Every pool's counts by name, the default pool's included, for the total checks. */
  private readonly poolCounts = new Map<string, NodeCounts>();
  private readonly pools: DualStackNodePool[] = [];

  protected constructor(scope: Construct, id: string, props: DualStackClusterProps, variant: ClusterVariant) {
    super(scope, id);
    this.name = props.name ?? id;
    this.resourceGroupName = props.resourceGroupName;
    this.location = props.location;
    this.tags = props.tags;
    this.kubernetesVersion = props.kubernetesVersion;
    const families = parseIpFamilies(props.ipFamilies ?? DEFAULT_IP_FAMILIES);
    throwIfAny(this, 'rule' in families ? [families] : []);
    this.ipFamilies = families as IpFamily[];
    this.podCidrs = [...(props.podCidrs ?? DEFAULT_POD_CIDRS.slice(0, this.ipFamilies.length))];
    this.serviceCidrs = [...(props.serviceCidrs ?? DEFAULT_SERVICE_CIDRS.slice(0, this.ipFamilies.length))];
    const pods = parseCidrList('podCidrs', this.podCidrs, this.ipFamilies, DEFAULT_POD_CIDRS);
    const services = parseCidrList('serviceCidrs', this.serviceCidrs, this.ipFamilies, DEFAULT_SERVICE_CIDRS);
    const serviceV4 = services.cidrs[0];
    this.dnsServiceIp = props.dnsServiceIp ?? (serviceV4 ? defaultDnsServiceIp(serviceV4) : undefined);

    const pool = props.defaultNodePool ?? {};
    const poolName = pool.name ?? DEFAULT_NODE_POOL_NAME;
    const givenNetwork = props.network ?? pool.subnet?.network;
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
        this.checkPool('defaultNodePool.', poolName, 'Linux', pool, givenNetwork),
        this.checkVariant(props),
        givenNetwork ? checkClusterRanges(givenNetwork, pods.cidrs, services.cidrs) : undefined,
      ),
    );

    this.network =
      givenNetwork ??
      new DualStackVirtualNetwork(this, 'Network', {
        name: `${this.name}-vnet`,
        resourceGroupName: this.resourceGroupName,
        location: this.location,
        tags: this.tags,
      });
    if (!givenNetwork) throwIfAny(this, checkClusterRanges(this.network, pods.cidrs, services.cidrs));
    // Subnets added to the network later must stay clear of the pod and service ranges too (rule 7).
    validateAtSynth(this, () => checkClusterRanges(this.network, pods.cidrs, services.cidrs));

    const settings = this.clusterSettings(props);
    this.defaultNodePoolSubnet = pool.subnet ?? this.network.addSubnet(`${id}-${poolName}`, { name: `${this.name}-${poolName}` });
    const subnetReady = this.attachSubnet(this.defaultNodePoolSubnet);
    this.poolCounts.set(poolName, pool);

    this.resource = new KubernetesCluster(this, 'Resource', {
      name: this.name,
      location: this.location,
      resourceGroupName: this.resourceGroupName,
      dnsPrefix: props.dnsPrefix ?? this.name,
      kubernetesVersion: this.kubernetesVersion,
      defaultNodePool: {
        name: poolName,
        vmSize: pool.vmSize ?? DEFAULT_VM_SIZE,
        ...resolveNodeCounts(pool),
        maxPods: pool.maxPods,
        vnetSubnetId: this.defaultNodePoolSubnet.subnetId,
      },
      identity: settings.identity,
      windowsProfile: settings.windowsProfile,
      networkProfile: {
        networkPlugin: variant.networkPlugin,
        networkPluginMode: variant.networkPluginMode,
        ipVersions: [...this.ipFamilies],
        podCidrs: [...this.podCidrs],
        serviceCidrs: [...this.serviceCidrs],
        dnsServiceIp: this.dnsServiceIp,
        loadBalancerSku: 'standard',
        outboundType: 'loadBalancer',
      },
      tags: this.tags,
      dependsOn: nonEmpty([...subnetReady, ...(settings.dependsOn ?? [])]),
    });
  }

  /** The extra node pools added so far (a copy). */
  get nodePools(): DualStackNodePool[] {
    return [...this.pools];
  }

  /**
   * Adds an `azurerm_kubernetes_cluster_node_pool` on a dedicated subnet carved from the cluster's network,
   * or on `options.subnet`.
   */
  addNodePool(name: string, options: AddNodePoolOptions = {}): DualStackNodePool {
    const osType = options.osType ?? 'Linux';
    const violations = this.checkPool('', name, osType, options, this.network);
    if (this.poolCounts.has(name)) {
      violations.push({ prop: 'name', value: name, rule: 'is already a node pool of this cluster', fix: 'choose another name' });
    }
    if (osType === 'Windows' && options.mode === 'System') {
      violations.push({ prop: 'mode', value: options.mode, rule: 'is System, but System pools must be Linux', fix: "use mode 'User' for a Windows pool" });
    }
    throwIfAny(this, violations.map((v) => ({ ...v, prop: `addNodePool('${name}').${v.prop}` })));

    const subnet = options.subnet ?? this.network.addSubnet(`${this.node.id}-${name}`, { name: `${this.name}-${name}` });
    this.poolCounts.set(name, options);
    const pool = new DualStackNodePool(this, name, {
      ...options,
      clusterId: this.resource.id,
      name,
      subnet,
      tags: this.tags,
      dependsOn: nonEmpty(this.attachSubnet(subnet)),
    });
    this.pools.push(pool);
    return pool;
  }

  /** The most nodes each pool can reach, by pool name: `maxCount` when autoscaling, else `nodeCount`. */
  protected peakNodesByPool(): Record<string, number | undefined> {
    return Object.fromEntries([...this.poolCounts].map(([name, counts]) => [name, peakNodes(resolveNodeCounts(counts))]));
  }

  /** Checks the variant's own props. Runs in the base constructor. */
  protected checkVariant(_props: DualStackClusterProps): Violation[] {
    return [];
  }

  /**
   * Wires a node subnet to the cluster (kubenet: the route table association) and returns what a pool on it
   * must wait for. Runs in the base constructor for the default pool's subnet, after `clusterSettings()`.
   */
  protected attachSubnet(_subnet: DualStackSubnet): ITerraformDependable[] {
    return [];
  }

  /** Checks a pool's operating system against the variant (kubenet: no Windows). */
  protected abstract checkOsType(osType: NodePoolOsType): Violation | undefined;

  /** The variant's identity, Windows profile and dependencies. Runs in the base constructor. */
  protected abstract clusterSettings(props: DualStackClusterProps): VariantClusterSettings;

  private checkPool(
    prefix: string,
    name: string,
    osType: NodePoolOsType,
    options: NodePoolOptions,
    network: DualStackVirtualNetwork | undefined,
  ): Violation[] {
    const violations = collect(checkPoolName(name, osType), this.checkOsType(osType)).map((v) => ({
      ...v,
      prop: v.prop === 'name' ? `${prefix}name` : v.prop,
    }));
    violations.push(...checkNodeCounts(prefix, options));
    if (options.subnet && network && options.subnet.network !== network) {
      violations.push({
        prop: `${prefix}subnet`,
        value: options.subnet.node.path,
        rule: "is not in the cluster's network: every node subnet must be in the same dual-stack network",
        fix: "use a subnet from the cluster's network (network.addSubnet()), or leave subnet unset",
      });
    }
    return violations;
  }
}

/** Rule 5, when the IPv4 service range is a token: the DNS address cannot be derived, and AKS needs both. */
const DNS_NEEDED_WITH_TOKEN: Violation = {
  prop: 'dnsServiceIp',
  value: undefined,
  rule: 'is unset while serviceCidrs[0] is a token, so it cannot be derived, and AKS needs the two together',
  fix: 'set dnsServiceIp inside the IPv4 service range, conventionally its .10 address',
};

/** Rule 7: the pod and service ranges share no address with the network's ranges and subnets. */
function checkClusterRanges(network: DualStackVirtualNetwork, pods: (Cidr | undefined)[], services: (Cidr | undefined)[]): Violation[] {
  const named = (prop: string, cidrs: (Cidr | undefined)[]): NamedCidr[] =>
    cidrs.flatMap((cidr, i) => (cidr ? [{ prop: `${prop}[${i}]`, cidr }] : []));
  return checkOverlaps([...network.namedRanges(), ...named('podCidrs', pods), ...named('serviceCidrs', services)]).filter(
    (v) => /^(pod|service)Cidrs/.test(v.prop),
  );
}

/** A list, or undefined when empty, so the output has no `depends_on: []`. */
function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
