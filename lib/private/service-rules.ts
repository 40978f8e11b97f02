import { TerraformResource } from 'cdktf';
import { IpFamily } from './cidr';
import { Violation } from './errors';
import { checkNodeLabels } from './pool-rules';
import { isToken } from './rules';
import { str } from './shape';
import { Body, asProp, blockOf, isExpression, written } from './written';

// Rules 32-39 of docs/rules.md, for Kubernetes services and deployments, as pure functions.

/** A Kubernetes DNS-1035 label: what a Service name must be. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 label: what a namespace and a port name must be. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL = 63;
/** An IANA service name, what a named target port must be: 1-15 characters, a letter, no leading, trailing or double '-'. */
const IANA_SVC_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;
/**
 * Annotations that set what cloud-provider-azure probes (protocol, path, port): under `Local` it probes the
 * node's health-check port with HTTP /healthz instead (rule 37). Interval and probe-count annotations still apply.
 */
const HEALTH_PROBE_ANNOTATION = /^service\.beta\.kubernetes\.io\/(azure-load-balancer-health-probe-|port_\d+_health-probe_)(protocol|request-path|port)$/;

/** Rules 34-35: one SingleStack service per family, so a service's families are IPv4, IPv6 or both, each once. */
export function parseServiceIpFamilies(value: readonly string[]): IpFamily[] | Violation {
  const list: unknown[] = Array.isArray(value) && !isToken(value) ? value : [value];
  if (list.some(isToken)) {
    return {
      prop: 'ipFamilies',
      value,
      number: 34,
      rule: 'is a token, but one service is made per family, so the families must be known at synth',
      fix: "use ['IPv4', 'IPv6'], ['IPv4'] or ['IPv6']",
    };
  }
  const wanted = new Set<string>(list.map((v) => String(v).trim().toLowerCase()));
  const known = wanted.size === list.length && [...wanted].every((n) => n === 'ipv4' || n === 'ipv6');
  if (known && wanted.size > 0) return (['IPv4', 'IPv6'] as const).filter((f) => wanted.has(f.toLowerCase()));
  return {
    prop: 'ipFamilies',
    value,
    number: 34,
    rule: 'is not a set of IP families: one service is made per family, IPv4 or IPv6, each once',
    fix: "use ['IPv4', 'IPv6'], ['IPv4'] or ['IPv6']",
  };
}

/** A name Kubernetes accepts for a Service (DNS-1035; K8S validation, not in the rules file), with room for a suffix. */
export function checkKubernetesName(prop: string, name: string, suffixLength = 0): Violation | undefined {
  if (isToken(name)) return undefined;
  const max = MAX_LABEL - suffixLength;
  if (typeof name === 'string' && DNS_LABEL.test(name) && name.length <= max) return undefined;
  return {
    prop,
    value: name,
    rule: `is not a Kubernetes name: lowercase letters, digits and '-', starting with a letter, at most ${max} characters`,
    fix: "use a name like 'nginx'",
  };
}

/** A namespace name (DNS-1123 label; K8S validation). The namespace must exist: these constructs do not create it. */
export function checkNamespace(namespace: string): Violation | undefined {
  if (isToken(namespace) || (typeof namespace === 'string' && DNS_1123_LABEL.test(namespace) && namespace.length <= MAX_LABEL)) return undefined;
  return {
    prop: 'namespace',
    value: namespace,
    rule: 'is not a namespace name: lowercase letters, digits and -, at most 63 characters',
    fix: "use an existing namespace like 'default' or 'web'",
  };
}

const EMPTY_SELECTOR = 'is empty, so the services would select no pods and the load balancer would never get a healthy backend';

/**
 * Rule 39: a selector picks pods by at least one label, in Kubernetes label syntax (keys and values), which
 * the provider passes through and Kubernetes refuses at apply. Unset counts as empty.
 */
export function checkSelector(prop: string, selector: unknown): Violation[] {
  if (isToken(selector)) return [];
  const fix = "give the pods' labels, e.g. { app: 'nginx' }";
  if (selector === undefined || selector === null) return [{ prop, value: {}, number: 39, rule: EMPTY_SELECTOR, fix }];
  if (typeof selector !== 'object' || Array.isArray(selector)) return [{ prop, value: selector, number: 39, rule: 'is not a map of labels', fix }];
  if (Object.keys(selector).length === 0) return [{ prop, value: selector, number: 39, rule: EMPTY_SELECTOR, fix }];
  return checkNodeLabels(prop, selector as Record<string, string>, false).map((v) => ({ ...v, number: 39 }));
}

/**
 * Annotation keys (K8S validation): the syntax of label keys, which Kubernetes refuses at apply otherwise.
 * Annotation values are free text.
 */
export function checkAnnotationKeys(prop: string, annotations: Record<string, string> | undefined): Violation[] {
  if (typeof annotations !== 'object' || annotations === null || isToken(annotations)) return [];
  // Each key with an empty value, which is a valid label value, so only the keys are judged.
  const keys = Object.fromEntries(Object.keys(annotations).map((key) => [key, '']));
  return checkNodeLabels(prop, keys, false).map((v) => ({
    ...v,
    rule: v.rule.replace('is not a label key', 'is not an annotation key'),
    fix: "use a key like 'service.beta.kubernetes.io/azure-dns-label-name'",
  }));
}

/** The port numbers Kubernetes takes. */
function isPort(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** A target port: a port number, or a container port's name (an IANA service name); digits count as a number. */
function isTargetPort(target: number | string): boolean {
  if (typeof target === 'string' && /^\d+$/.test(target)) return isPort(Number(target));
  return isPort(target) || (typeof target === 'string' && IANA_SVC_NAME.test(target));
}

/**
 * Ports (K8S validation of ServicePort, not in the rules file): `port` or `ports`, each 1-65535; a target port
 * that can exist; on several ports, unique valid names and no port and protocol twice.
 */
export function checkServicePorts(
  props: { port?: number; ports?: readonly unknown[] },
  ports: readonly { port: number; targetPort?: number | string; name?: string; protocol?: string }[],
): Violation[] {
  if (props.port !== undefined && props.ports !== undefined) {
    return [{ prop: 'port', value: props.port, rule: 'is given together with ports', fix: 'give either port or ports' }];
  }
  // Each port is written as a block of its own, which a list known only at apply cannot give.
  if (isToken(ports)) {
    return [{ prop: 'ports', value: props.ports, rule: 'is a token, but each port is written as a block of its own, so the list must be known at synth', fix: 'give a list like [{ port: 80 }], with tokens inside it where needed' }];
  }
  if (!Array.isArray(ports) || ports.length === 0) {
    return [{ prop: 'ports', value: props.ports ?? [], rule: 'is empty, and no port is given', fix: 'give port: 80, or ports: [{ port: 80 }]' }];
  }
  const violations: Violation[] = [];
  const prop = (i: number, key: string) => (props.ports ? `ports[${i}].${key}` : key);
  ports.forEach((p, i) => {
    if (typeof p !== 'object' || p === null) {
      violations.push({ prop: `ports[${i}]`, value: p, rule: 'is not a port', fix: 'give { port: 80 }' });
      return;
    }
    if (!isToken(p.port) && !isPort(p.port)) {
      violations.push({ prop: prop(i, 'port'), value: p.port, rule: 'is not a port number from 1 to 65535', fix: 'use a port like 80' });
    }
    if (p.targetPort !== undefined && !isToken(p.targetPort) && !isTargetPort(p.targetPort)) {
      violations.push({
        prop: prop(i, 'targetPort'),
        value: p.targetPort,
        rule: 'is neither a port number from 1 to 65535 nor a container port name (1-15 lowercase letters, digits and -)',
        fix: "use the pods' port, like 80 or 'http'",
      });
    }
    if (p.name !== undefined && !isToken(p.name) && !(typeof p.name === 'string' && DNS_1123_LABEL.test(p.name))) {
      violations.push({ prop: prop(i, 'name'), value: p.name, rule: 'is not a port name: lowercase letters, digits and -', fix: "use a name like 'http'" });
    }
  });
  if (violations.length === 0 && ports.length > 1) {
    const names = ports.map((p) => p.name);
    const bad = names.findIndex((n, i) => !n || names.indexOf(n) !== i);
    if (bad >= 0) {
      violations.push({
        prop: `ports[${bad}].name`,
        value: names[bad] ?? '',
        rule: 'is missing or repeated, but Kubernetes needs a unique name on each port of a multi-port service',
        fix: "name every port, e.g. 'http' and 'https'",
      });
    }
    const keys = ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`);
    const twice = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (twice >= 0) {
      violations.push({ prop: `ports[${twice}].port`, value: ports[twice].port, rule: `is listed twice for ${ports[twice].protocol ?? 'TCP'}`, fix: 'list each port and protocol once' });
    }
  }
  return violations;
}

/**
 * Rule 33: IPv6 LoadBalancer services need `Local`. Azure Load Balancer probes IPv6 backends from a link-local
 * address that cannot reach a pod, so under `Cluster` the probe fails and the service never answers; under
 * `Local`, kube-proxy answers the probe on the node.
 */
export function checkExternalTrafficPolicy(policy: unknown, families: readonly IpFamily[]): Violation | undefined {
  if (policy !== 'Local' && policy !== 'Cluster') {
    return { prop: 'externalTrafficPolicy', value: policy, number: 33, rule: "is not 'Local' or 'Cluster'", fix: "use 'Local'" };
  }
  if (policy === 'Cluster' && families.includes('IPv6')) {
    return {
      prop: 'externalTrafficPolicy',
      value: policy,
      number: 33,
      rule:
        'is not supported on an IPv6 service: Azure Load Balancer probes IPv6 from a link-local address that cannot ' +
        'reach a pod, so the probe fails and the service deploys but never answers',
      fix: "use 'Local' (kube-proxy then answers the probe on the node), or ipFamilies: ['IPv4'] for a Cluster-policy service",
    };
  }
  return undefined;
}

/** Rule 37: the health-probe annotations that `Local` makes Azure ignore. */
export function healthProbeAnnotations(annotations: Record<string, string>): string[] {
  return Object.keys(annotations).filter((key) => HEALTH_PROBE_ANNOTATION.test(key));
}

/**
 * The families Kubernetes gives a service as written, or undefined when an expression decides them:
 * `ip_families` when written; else both under a dual-stack policy, on a dual-stack cluster; else the cluster's
 * primary family, IPv4 on AKS. An empty list is unset, as in Kubernetes.
 */
function servedFamilies(spec: Body): IpFamily[] | undefined {
  const families = spec.ip_families;
  const policy = spec.ip_family_policy;
  if (Array.isArray(families) && families.length > 0) {
    // Any case: a family Kubernetes would refuse in this spelling is refused at apply anyway.
    return (['IPv4', 'IPv6'] as const).filter((f) => families.some((n) => typeof n === 'string' && n.toLowerCase() === f.toLowerCase()));
  }
  // A string or an object where the list belongs is an expression, or what Terraform refuses.
  if ((families !== undefined && families !== null && !Array.isArray(families)) || isExpression(policy)) return undefined;
  return policy === 'PreferDualStack' || policy === 'RequireDualStack' ? ['IPv4', 'IPv6'] : ['IPv4'];
}

/**
 * Rule 36: `load_balancer_ip` cannot express two families, and with `load_balancer_class` the Azure cloud
 * provider ignores the service, so creating it waits 10 minutes and fails. Read from the resource as it will be
 * synthesized, so settings made through escape hatches are caught too.
 */
export function unsupportedServiceSettings(service: TerraformResource, family?: IpFamily): Violation[] {
  const spec = blockOf(written(service).spec) ?? {};
  const violations: Violation[] = [];
  const fixes: Record<string, [string, string]> = {
    load_balancer_ip: [
      'cannot hold both families, and Kubernetes deprecates it',
      "pin addresses with the annotations 'service.beta.kubernetes.io/azure-load-balancer-ipv4' and '-ipv6'",
    ],
    load_balancer_class: [
      'makes the Azure cloud provider ignore the service, so its creation waits 10 minutes for an address and fails',
      'remove it',
    ],
  };
  for (const [key, [rule, fix]] of Object.entries(fixes)) {
    // An override to null removes the attribute: Terraform writes nothing for it.
    if (spec[key] !== undefined && spec[key] !== null && spec[key] !== '') violations.push({ prop: `${service.node.id} spec.${key}`, value: spec[key], rule, fix, number: 36 });
  }
  // Rule 33 again, for policies and families changed on the raw service; Kubernetes defaults to Cluster.
  const families = Array.isArray(spec.ip_families) ? spec.ip_families : [];
  const served = servedFamilies(spec);
  // Rule 35: a service gets a public address for its first family only, so each family has a service of its own.
  if (served !== undefined && served.length > 1) {
    violations.push({
      prop: `${service.node.id} spec.ip_families`,
      value: Array.isArray(spec.ip_families) ? spec.ip_families : undefined,
      number: 35,
      rule: `serves both families${Array.isArray(spec.ip_families) ? '' : ` (ip_family_policy '${spec.ip_family_policy}')`}, but a LoadBalancer service gets a public address for its first family only`,
      fix: 'keep one family per service: the pair has a service for each',
    });
  }
  // Rule 34: the service of a family serves that family (Kubernetes takes no families as IPv4 alone).
  if (family !== undefined && served?.length === 1 && served[0] !== family) {
    violations.push({
      prop: `${service.node.id} spec.ip_families`,
      value: spec.ip_families ?? [],
      number: 34,
      rule: `makes the ${family} service of the pair serve ${served[0]}, so the pair has no ${family} address`,
      fix: `keep ip_families ['${family}'] on it`,
    });
  }
  const policy = isExpression(spec.external_traffic_policy) || served === undefined ? undefined : checkExternalTrafficPolicy(spec.external_traffic_policy ?? 'Cluster', served);
  if (policy) violations.push({ ...policy, prop: `${service.node.id} spec.external_traffic_policy` });
  // Rule 32: the policy is only taken on LoadBalancer (and NodePort) services; these pairs are LoadBalancers.
  if (spec.type !== 'LoadBalancer' && !isExpression(spec.type)) {
    violations.push({ prop: `${service.node.id} spec.type`, value: spec.type, number: 32, rule: "is not 'LoadBalancer', so the service gets no public address", fix: "keep 'LoadBalancer'" });
  }
  // Rule 34: one family is SingleStack; two need a dual-stack policy.
  const familyPolicy = spec.ip_family_policy ?? undefined; // null is unset, as Terraform takes it
  if (!isExpression(familyPolicy) && families.length > 0 && (families.length === 1) !== (familyPolicy === 'SingleStack' || familyPolicy === undefined)) {
    violations.push({
      prop: `${service.node.id} spec.ip_family_policy`,
      value: familyPolicy,
      number: 34,
      rule: `does not fit ip_families ${JSON.stringify(families)}: one family is SingleStack, two need PreferDualStack or RequireDualStack`,
      fix: 'keep one family per service, SingleStack',
    });
  }
  // Rule 39: a selector picks the pods. Expressions, in keys or values, become tokens that the label rules skip.
  const labels = spec.selector;
  const isMap = typeof labels === 'object' && labels !== null && !Array.isArray(labels);
  const selector = isMap ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [asProp(k, str), asProp(v, str)])) : asProp(labels, str);
  violations.push(...checkSelector(`${service.node.id} spec.selector`, selector));
  return violations;
}
