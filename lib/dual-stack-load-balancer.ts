import type { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { IpFamily } from './private/cidr';
import { Violation, throwIfAny } from './private/errors';
import { gateAtSynth } from './private/written';
import { Schema, checkProps, constructId, listOf, map, num, object, oneOf, portOrName, required, schema, str } from './private/shape';
import {
  checkAnnotationKeys,
  checkExternalTrafficPolicy,
  checkKubernetesName,
  checkNamespace,
  checkServicePorts,
  checkSelector,
  healthProbeAnnotations,
  parseServiceIpFamilies,
  unsupportedServiceSettings,
} from './private/service-rules';
import { targetProviders } from './private/providers';

/** How a LoadBalancer service routes external traffic: `Local` keeps it on the node that received it. */
export type ExternalTrafficPolicy = 'Local' | 'Cluster';

/** One port of a service. */
export interface ServicePort {
  /** The port the load balancer listens on, 1 to 65535. */
  readonly port: number;
  /**
   * The pods' port: a number, or the name of a container port.
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number | string;
  /**
   * @default 'TCP'
   */
  readonly protocol?: 'TCP' | 'UDP';
  /**
   * The port's name; Kubernetes needs one on every port when there are several.
   *
   * @default - none
   */
  readonly name?: string;
}

/** Options of a {@link DualStackLoadBalancer}, also taken by {@link DualStackWebApp}. */
export interface DualStackLoadBalancerOptions {
  /**
   * The namespace of the services. It must exist: these constructs do not create namespaces.
   *
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Which services to create, one per family. Any case.
   *
   * @default ['IPv4', 'IPv6']
   */
  readonly ipFamilies?: string[];
  /**
   * The services' external traffic policy. IPv6 services need `Local`: Azure Load Balancer probes IPv6 from a
   * link-local address that cannot reach a pod, so under `Cluster` the probe fails and no traffic flows.
   *
   * @default 'Local'
   * @see https://learn.microsoft.com/azure/aks/configure-dual-stack
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * Annotations of both services, e.g. `service.beta.kubernetes.io/azure-load-balancer-ipv4` and `-ipv6` to pin
   * public addresses. Keys have label keys' syntax (an optional DNS prefix and '/', then a name); values are
   * free text.
   *
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Props of a {@link DualStackLoadBalancer}. */
export interface DualStackLoadBalancerProps extends DualStackLoadBalancerOptions {
  /** The base name: the services are `<name>-ipv4` and `<name>-ipv6`. */
  readonly name: string;
  /** The labels of the pods to send traffic to; at least one, keys and values in Kubernetes label syntax. */
  readonly selector: Record<string, string>;
  /**
   * The service's single port; give this or `ports`.
   *
   * @default - `ports`
   */
  readonly port?: number;
  /**
   * The pods' port for `port`.
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number | string;
  /**
   * The service's ports; give this or `port`.
   *
   * @default - `[{ port, targetPort }]`
   */
  readonly ports?: ServicePort[];
}

const LOAD_BALANCER_OPTIONS: Schema<DualStackLoadBalancerOptions> = {
  namespace: str,
  // Any case, and 'ipv4,ipv6': parseServiceIpFamilies judges the names.
  ipFamilies: listOf(str, true),
  externalTrafficPolicy: oneOf('Local', 'Cluster'),
  annotations: map,
};
const LOAD_BALANCER_PROPS = schema<DualStackLoadBalancerProps>('DualStackLoadBalancerProps', {
  ...LOAD_BALANCER_OPTIONS,
  name: required(str),
  selector: required(map),
  port: num,
  targetPort: portOrName,
  ports: listOf(object(schema<ServicePort>('ServicePort', { port: required(num), targetPort: portOrName, protocol: oneOf('TCP', 'UDP'), name: str }))),
});

/** Loaded on first use, as the web app's deployment is: programs with clusters only need not load it. */
const serviceV1 = () => (require('@cdktf/provider-kubernetes/lib/service-v1') as typeof import('@cdktf/provider-kubernetes/lib/service-v1')).ServiceV1;

/** The namespace of the services when none is given. */
export const DEFAULT_NAMESPACE = 'default';

/** The service name suffix per family. */
const SUFFIX: Record<IpFamily, string> = { IPv4: 'ipv4', IPv6: 'ipv6' };

/**
 * A pair of Kubernetes `LoadBalancer` services in front of the same pods, one per IP family, each
 * `SingleStack` with `externalTrafficPolicy: Local`.
 *
 * One service per family, because AKS gives a dual-stack service a public address for its first family only.
 */
export class DualStackLoadBalancer extends Construct {
  /** The IPv4 service, unless `ipFamilies` leaves it out. */
  readonly ipv4Service?: ServiceV1;
  /** The IPv6 service, unless `ipFamilies` leaves it out. */
  readonly ipv6Service?: ServiceV1;
  /** The IPv4 service's public address (a token), known once the load balancer has one. */
  readonly ipv4Address?: string;
  /** The IPv6 service's public address (a token), known once the load balancer has one. */
  readonly ipv6Address?: string;
  readonly ipFamilies: IpFamily[];
  readonly externalTrafficPolicy: ExternalTrafficPolicy;
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: DualStackLoadBalancerProps) {
    super(scope, constructId(scope, id));
    targetProviders(this);
    props = checkProps(this.node.path, props, LOAD_BALANCER_PROPS);
    this.namespace = props.namespace ?? DEFAULT_NAMESPACE;
    this.externalTrafficPolicy = props.externalTrafficPolicy ?? 'Local';
    const ports = props.ports ?? (props.port !== undefined ? [{ port: props.port, targetPort: props.targetPort }] : []);
    const families = parseServiceIpFamilies(props.ipFamilies ?? ['IPv4', 'IPv6']);
    const violations: (Violation | undefined)[] = [
      ...('rule' in families ? [families] : []),
      checkKubernetesName('name', props.name, '-ipv6'.length),
      ...checkSelector('selector', props.selector),
      ...checkAnnotationKeys('annotations', props.annotations),
      checkNamespace(this.namespace),
      ...checkServicePorts(props, ports),
    ];
    this.ipFamilies = 'rule' in families ? [] : families;
    violations.push(checkExternalTrafficPolicy(this.externalTrafficPolicy, this.ipFamilies));
    throwIfAny(this, violations.filter((v): v is Violation => v !== undefined));

    const ignored = healthProbeAnnotations(props.annotations ?? {});
    if (this.externalTrafficPolicy === 'Local' && ignored.length > 0) {
      Annotations.of(this).addWarning(
        `annotations ${JSON.stringify(ignored)} are ignored under externalTrafficPolicy 'Local': Azure probes the ` +
          "node's health-check port (HTTP /healthz) instead; remove them.",
      );
    }

    const services = new Map(
      this.ipFamilies.map((family) => {
        const service = new (serviceV1())(this, SUFFIX[family], {
          metadata: { name: `${props.name}-${SUFFIX[family]}`, namespace: this.namespace, annotations: props.annotations },
          spec: {
            type: 'LoadBalancer',
            externalTrafficPolicy: this.externalTrafficPolicy,
            ipFamilies: [family],
            ipFamilyPolicy: 'SingleStack',
            selector: props.selector,
            port: ports.map((p) => ({ name: p.name, port: p.port, targetPort: String(p.targetPort ?? p.port), protocol: p.protocol ?? 'TCP' })),
          },
        });
        return [family, service] as const;
      }),
    );
    this.ipv4Service = services.get('IPv4');
    this.ipv6Service = services.get('IPv6');
    // Rule 38: the address is ingress[0]; a SingleStack service has no ingress[1].
    this.ipv4Address = this.ipv4Service?.status.get(0).loadBalancer.get(0).ingress.get(0).ip;
    this.ipv6Address = this.ipv6Service?.status.get(0).loadBalancer.get(0).ingress.get(0).ip;
    // Escape hatches (addOverride, or setting fields on the raw services) can still add what AKS ignores.
    gateAtSynth(this, () => [...services].flatMap(([family, service]) => unsupportedServiceSettings(service, family)));
  }
}
