import type { DataAzurermVirtualNetwork } from '@cdktf/provider-azurerm/lib/data-azurerm-virtual-network';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import type { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Construct, IConstruct } from 'constructs';
import { DUAL_STACK_NETWORK } from './private/brands';
import { Violation, throwIfAny } from './private/errors';
import { any, checkProps, constructId, required, schema, str } from './private/shape';
import { libraryConstruct } from './private/written';

const SUBNET_PROPS = schema<DualStackSubnetProps>('DualStackSubnetProps', { network: required(any), ipv4Cidr: required(str), ipv6Cidr: required(str), name: str });

/**
 * What a subnet needs of its network. Only a {@link DualStackVirtualNetwork} is taken: it is the one that
 * checks a subnet's ranges.
 */
export interface IDualStackVirtualNetwork extends IConstruct {
  /** The raw `azurerm_virtual_network`, or the data source of an existing network. */
  readonly resource: VirtualNetwork | DataAzurermVirtualNetwork;
  readonly resourceGroupName: string;
  /** The rules a subnet's ranges break in this network; none when they fit. */
  checkSubnet(name: string, ipv4Cidr: string, ipv6Cidr: string): Violation[];
  /** Records a subnet made in this network, for the checks at synth. */
  registerSubnet(subnet: DualStackSubnet): void;
}

/** Props of a {@link DualStackSubnet}; {@link DualStackVirtualNetwork.addSubnet} resolves and checks them. */
export interface DualStackSubnetProps {
  /** The network the subnet belongs to. */
  readonly network: IDualStackVirtualNetwork;
  /** The subnet's IPv4 range, inside the network's IPv4 address space. */
  readonly ipv4Cidr: string;
  /** The subnet's IPv6 range: exactly one /64 inside the network's IPv6 address space. */
  readonly ipv6Cidr: string;
  /**
   * The subnet's name in Azure.
   *
   * @default - the construct id
   */
  readonly name?: string;
}

/**
 * An `azurerm_subnet` with one IPv4 and one IPv6 range.
 *
 * Create it with {@link DualStackVirtualNetwork.addSubnet}, which carves free ranges and checks explicit ones;
 * one made directly is checked the same way against its network.
 */
export class DualStackSubnet extends Construct {
  /** The raw `azurerm_subnet`. */
  readonly resource: Subnet;
  /** The network this subnet belongs to. */
  readonly network: IDualStackVirtualNetwork;
  /** The subnet's name in Azure. */
  readonly name: string;
  readonly ipv4Cidr: string;
  readonly ipv6Cidr: string;

  constructor(scope: Construct, id: string, props: DualStackSubnetProps) {
    super(scope, constructId(scope, id));
    libraryConstruct(this);
    props = checkProps(this.node.path, props, SUBNET_PROPS);
    const network = props.network as unknown;
    if (network instanceof Construct && !(network as { node?: unknown }).node) {
      throwIfAny(this, [{ prop: 'network', value: undefined, rule: 'is an object with the prototype of DualStackVirtualNetwork that was never constructed', fix: 'make it with new DualStackVirtualNetwork(scope, id, props)' }]);
    }
    if (!(network instanceof Construct) || (network as { [DUAL_STACK_NETWORK]?: boolean })[DUAL_STACK_NETWORK] !== true) {
      throwIfAny(this, [{ prop: 'network', value: network instanceof Construct ? network.node.path : network, rule: 'is not a DualStackVirtualNetwork', fix: 'pass the network the subnet belongs to' }]);
    }
    this.network = props.network;
    this.name = props.name ?? id;
    this.ipv4Cidr = props.ipv4Cidr;
    this.ipv6Cidr = props.ipv6Cidr;
    throwIfAny(this, this.network.checkSubnet(this.name, this.ipv4Cidr, this.ipv6Cidr));
    this.resource = new Subnet(this, 'Resource', {
      name: this.name,
      resourceGroupName: this.network.resourceGroupName,
      virtualNetworkName: this.network.resource.name,
      addressPrefixes: [this.ipv4Cidr, this.ipv6Cidr],
    });
    this.network.registerSubnet(this);
  }

  /** The subnet's Azure resource id (a token). */
  get subnetId(): string {
    return this.resource.id;
  }
}
