import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { Construct } from 'constructs';
import type { DualStackSubnet } from './dual-stack-subnet';
import { throwIfAny } from './private/errors';
import { targetProviders } from './private/providers';
import { checkProps, constructId, map, required, schema, str } from './private/shape';

/** Props of a {@link DualStackNatGateway}. */
export interface DualStackNatGatewayProps {
  /** The NAT gateway's name; its public IPs are `<name>-ipv4` and `<name>-ipv6`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /**
   * Tags for the gateway and its addresses. A later change of the gateway's tags is an in-place update that
   * azurerm (to v4.81.0 at least) sends without the IPv6 address, which may detach it: the next plan then
   * attaches it again.
   *
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

const NAT_GATEWAY_PROPS = schema<DualStackNatGatewayProps>('DualStackNatGatewayProps', {
  name: required(str),
  resourceGroupName: required(str),
  location: required(str),
  tags: map,
});

/**
 * The SKU of NAT gateway, and of its addresses, that carries IPv6 egress: a Standard NAT gateway is IPv4-only,
 * and a StandardV2 one takes only StandardV2 addresses (Azure NAT gateway SKUs; azurerm 4.67, IPv6 addresses on a
 * NAT gateway from 4.70). StandardV2 is zone-redundant by itself and takes no `zones`.
 */
const NAT_GATEWAY_SKU = 'StandardV2';

/**
 * A StandardV2 NAT gateway with one IPv4 and one IPv6 public address, for the egress of both families of a
 * dual-stack CNI Overlay cluster (`outboundType: 'userAssignedNATGateway'`). `associate()` puts it on a subnet.
 *
 * Not on a subnet whose nodes leave through load balancer outbound rules: a StandardV2 NAT gateway breaks their
 * IPv6 connections (Azure NAT gateway known issues).
 */
export class DualStackNatGateway extends Construct {
  /** The raw `azurerm_nat_gateway`. */
  readonly resource: NatGateway;
  /** The gateway's public addresses, IPv4 then IPv6. */
  readonly publicIps: readonly PublicIp[];
  /** The addresses' associations with the gateway: a subnet's association waits for them, and so its nodes. */
  private readonly addresses: NatGatewayPublicIpAssociation[] = [];

  constructor(scope: Construct, id: string, props: DualStackNatGatewayProps) {
    super(scope, constructId(scope, id));
    targetProviders(this);
    props = checkProps(this.node.path, props, NAT_GATEWAY_PROPS);
    const { name, resourceGroupName, location, tags } = props;
    this.resource = new NatGateway(this, 'Resource', { name, resourceGroupName, location, skuName: NAT_GATEWAY_SKU, tags });
    this.publicIps = (['IPv4', 'IPv6'] as const).map((family) => {
      const ip = new PublicIp(this, `PublicIp${family}`, {
        name: `${name}-${family.toLowerCase()}`,
        resourceGroupName,
        location,
        sku: NAT_GATEWAY_SKU,
        allocationMethod: 'Static',
        ipVersion: family,
        tags,
      });
      this.addresses.push(new NatGatewayPublicIpAssociation(this, `PublicIp${family}Association`, { natGatewayId: this.resource.id, publicIpAddressId: ip.id }));
      return ip;
    });
  }

  /** Puts the gateway on a subnet, once; returns the association, for what must wait for it. */
  associate(subnet: DualStackSubnet): SubnetNatGatewayAssociation {
    if (!isSubnet(subnet)) throwIfAny(this, [{ prop: 'associate(subnet)', value: subnet, rule: 'is not a DualStackSubnet', fix: 'pass a subnet made with network.addSubnet()' }]);
    const id = `Association-${subnet.node.id}`;
    return (
      (this.node.tryFindChild(id) as SubnetNatGatewayAssociation | undefined) ??
      new SubnetNatGatewayAssociation(this, id, { subnetId: subnet.subnetId, natGatewayId: this.resource.id, dependsOn: [...this.addresses] })
    );
  }
}

function isSubnet(value: unknown): value is DualStackSubnet {
  return typeof value === 'object' && value !== null && typeof (value as DualStackSubnet).subnetId === 'string' && typeof (value as DualStackSubnet).node?.id === 'string';
}
