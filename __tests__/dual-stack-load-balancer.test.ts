import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { AnnotationMetadataEntryType, TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { DualStackLoadBalancer, DualStackLoadBalancerProps } from '../lib';
import { resourcesOf, testStack } from './util';

function loadBalancer(props: Partial<DualStackLoadBalancerProps> = {}, stack: TerraformStack = testStack()) {
  return new DualStackLoadBalancer(stack, 'lb', { name: 'nginx', selector: { app: 'nginx' }, port: 80, ...props });
}
const servicesOf = (stack: TerraformStack) => resourcesOf(JSON.parse(Testing.synth(stack)), 'kubernetes_service_v1');

describe('defaults', () => {
  test('one SingleStack LoadBalancer service per family, Local policy, same selector, in the default namespace', () => {
    const stack = testStack();
    const lb = loadBalancer({}, stack);
    const spec = (family: string) => ({
      metadata: { name: `nginx-${family.toLowerCase()}`, namespace: 'default' },
      spec: {
        type: 'LoadBalancer',
        external_traffic_policy: 'Local',
        ip_families: [family],
        ip_family_policy: 'SingleStack',
        selector: { app: 'nginx' },
        port: [{ port: 80, target_port: '80', protocol: 'TCP' }],
      },
    });
    expect(servicesOf(stack)).toEqual([spec('IPv4'), spec('IPv6')]);
    expect(lb.ipFamilies).toEqual(['IPv4', 'IPv6']);
    expect(lb.externalTrafficPolicy).toBe('Local');
    expect(lb.ipv4Service).toBeInstanceOf(ServiceV1);
    expect(lb.ipv6Service).toBeInstanceOf(ServiceV1);
  });

  test('the addresses are ingress[0] of each service status', () => {
    const stack = testStack();
    const lb = loadBalancer({}, stack);
    new TerraformOutput(stack, 'v4', { value: lb.ipv4Address });
    new TerraformOutput(stack, 'v6', { value: lb.ipv6Address });
    const output = JSON.parse(Testing.synth(stack)).output;
    expect(output.v4.value).toMatch(/^\$\{kubernetes_service_v1\.lb_ipv4_\w+\.status\[0\]\.load_balancer\[0\]\.ingress\[0\]\.ip\}$/);
    expect(output.v6.value).toMatch(/^\$\{kubernetes_service_v1\.lb_ipv6_\w+\.status\[0\]\.load_balancer\[0\]\.ingress\[0\]\.ip\}$/);
  });
});

describe('props', () => {
  test('namespace, annotations, ports and targetPort map to both services', () => {
    const stack = testStack();
    loadBalancer(
      {
        port: undefined,
        namespace: 'web',
        annotations: { 'service.beta.kubernetes.io/azure-dns-label-name': 'my-app' },
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP' },
        ],
      },
      stack,
    );
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ServiceV1, {
      metadata: { name: 'nginx-ipv6', namespace: 'web', annotations: { 'service.beta.kubernetes.io/azure-dns-label-name': 'my-app' } },
      spec: expect.objectContaining({
        port: [
          { name: 'http', port: 80, target_port: 'http', protocol: 'TCP' },
          { name: 'dns', port: 53, target_port: '5353', protocol: 'UDP' },
        ],
      }),
    });
  });

  test('a single port takes its targetPort', () => {
    const stack = testStack();
    loadBalancer({ port: 443, targetPort: 8443 }, stack);
    expect(servicesOf(stack)[0].spec.port).toEqual([{ port: 443, target_port: '8443', protocol: 'TCP' }]);
  });

  test('ipFamilies picks the services', () => {
    const stack = testStack();
    const lb = loadBalancer({ ipFamilies: ['ipv6'] }, stack);
    expect(servicesOf(stack).map((s) => s.metadata.name)).toEqual(['nginx-ipv6']);
    expect(lb.ipv4Service).toBeUndefined();
    expect(lb.ipv4Address).toBeUndefined();
  });

  test('Cluster policy is allowed for an IPv4-only pair', () => {
    const stack = testStack();
    loadBalancer({ ipFamilies: ['IPv4'], externalTrafficPolicy: 'Cluster' }, stack);
    expect(servicesOf(stack)[0].spec.external_traffic_policy).toBe('Cluster');
  });

  test('warns when health-probe annotations would be ignored under Local', () => {
    const lb = loadBalancer({ annotations: { 'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': '/healthz' } });
    expect(lb.node.metadata).toEqual([
      expect.objectContaining({ type: AnnotationMetadataEntryType.WARN, data: expect.stringMatching(/are ignored under externalTrafficPolicy 'Local'/) }),
    ]);
    expect(loadBalancer().node.metadata).toEqual([]);
    expect(loadBalancer({ annotations: { 'service.beta.kubernetes.io/azure-load-balancer-health-probe-interval': '5' } }).node.metadata).toEqual([]);
    expect(
      loadBalancer({ ipFamilies: ['IPv4'], externalTrafficPolicy: 'Cluster', annotations: { 'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': '/healthz' } }).node.metadata,
    ).toEqual([]);
  });
});

test('takes tokens in the selector and annotations, and free text in annotation values', () => {
  const stack = testStack();
  const app = new TerraformVariable(stack, 'app', { type: 'string' }).stringValue;
  loadBalancer({ selector: { app }, annotations: { 'service.beta.kubernetes.io/azure-dns-label-name': 'any text, even this!' } }, stack);
  expect(servicesOf(stack).map((s) => s.spec.selector)).toEqual([{ app: '${var.app}' }, { app: '${var.app}' }]);
  expect(() => Testing.synth(stack, true)).not.toThrow();
});

describe('invalid input', () => {
  test.each<[string, Partial<DualStackLoadBalancerProps>, RegExp | string]>([
    [
      'an IPv6 service would use the Cluster policy',
      { externalTrafficPolicy: 'Cluster' },
      "test/lb: externalTrafficPolicy 'Cluster' is not supported on an IPv6 service: Azure Load Balancer probes IPv6 from a link-local address that cannot reach a pod",
    ],
    ['the selector is empty', { selector: {} }, 'test/lb: selector {} is empty, so the services would select no pods'],
    ['the port is out of range', { port: 70000 }, 'test/lb: port 70000 is not a port number from 1 to 65535; use a port like 80.'],
    ['a port in ports is out of range', { port: undefined, ports: [{ port: 0 }] }, 'test/lb: ports[0].port 0 is not a port number'],
    ['no port is given', { port: undefined }, /ports \[\] is empty, and no port is given/],
    ['the name is not a Kubernetes name', { name: 'Web_App' }, /name 'Web_App' is not a Kubernetes name/],
    ['ipFamilies is empty', { ipFamilies: [] }, /ipFamilies \[\] is not a set of IP families/],
    ['the namespace is not a namespace name', { namespace: 'My_NS' }, /namespace 'My_NS' is not a namespace name/],
    ['ipFamilies holds a null', { ipFamilies: [null as unknown as string] }, /^test\/lb: ipFamilies\[0\] is null; give a string\.$/],
    ['the selector is null', { selector: null as unknown as Record<string, string> }, /^test\/lb: selector is null; give an object of strings/],
    ['the selector is empty', { selector: {} }, /selector \{\} is empty/],
    ['the name is missing', { name: undefined as unknown as string }, /^test\/lb: name is missing; give a string\.$/],
    ['the name is not a Kubernetes name', { name: 'Web_App' }, /^test\/lb: name 'Web_App' is not a Kubernetes name/],
    ['a selector key is not a label key', { selector: { 'bad key!': 'x' } }, /^test\/lb: selector key 'bad key!' is not a label key/],
    ['a selector value is not a label value', { selector: { a: 'bad value!' } }, /^test\/lb: selector\['a'\] 'bad value!' is not a label value/],
    ['a selector value is too long', { selector: { a: 'v'.repeat(64) } }, /selector\['a'\] 'v+' is not a label value: at most 63/],
    ['an annotation key is not a key', { annotations: { 'bad key!': 'x' } }, /^test\/lb: annotations key 'bad key!' is not an annotation key: an optional DNS prefix and '\/'/],
    ['an annotation key has an upper-case prefix', { annotations: { 'Example.com/a': 'x' } }, /annotations key 'Example.com\/a' is not an annotation key/],
    ['ipFamilies is a token', { ipFamilies: Token.asList({ Ref: 'f' }) }, /^test\/lb: ipFamilies <token> is a token, but one service is made per family, so the families must be known at synth/],
    ['a selector key is an element of a list token', { selector: { [Token.asList({ Ref: 'k' })[0]]: 'x' } }, /^test\/lb: selector key <token> is an element of a list token, which cannot stand for a key/],
    ['an annotation key is an element of a list token', { annotations: { [Token.asList({ Ref: 'k' })[0]]: 'x' } }, /^test\/lb: annotations key <token> is an element of a list token/],
    ['ports is a list token', { port: undefined, ports: Token.asList({ Ref: 'p' }) as never }, /^test\/lb: ports <token> is a token, but each port is written as a block of its own/],
  ])('fails when %s', (_what, props, message) => {
    expect(() => loadBalancer(props)).toThrow(message);
  });

  test('fails at synth when load_balancer_ip is set through the escape hatch', () => {
    const stack = testStack();
    loadBalancer({}, stack).ipv4Service!.spec.loadBalancerIp = '20.1.2.3';
    expect(() => Testing.synth(stack, true)).toThrow(/\[test\/lb\] ipv4 spec.load_balancer_ip '20.1.2.3' cannot hold both families/);
  });

  test('an override that removes load_balancer_ip (null) is no load_balancer_ip', () => {
    const stack = testStack();
    loadBalancer({}, stack).ipv4Service!.addOverride('spec.load_balancer_ip', null);
    const spec = Object.values<any>(JSON.parse(Testing.synth(stack, true)).resource.kubernetes_service_v1)[0].spec;
    expect(spec.load_balancer_ip ?? null).toBeNull();
  });

  test('fails at synth when the IPv6 service is switched to the Cluster policy through the escape hatch', () => {
    const stack = testStack();
    loadBalancer({}, stack).ipv6Service!.spec.externalTrafficPolicy = 'Cluster';
    expect(() => Testing.synth(stack, true)).toThrow(/\[test\/lb\] ipv6 spec.external_traffic_policy 'Cluster' is not supported on an IPv6 service/);
  });

  test.each([
    ['PreferDualStack, families reset on the resource', (svc: ServiceV1) => (svc.spec.resetIpFamilies(), (svc.spec.ipFamilyPolicy = 'PreferDualStack'))],
    ['RequireDualStack, families overridden with null', (svc: ServiceV1) => (svc.addOverride('spec.ip_families', null), (svc.spec.ipFamilyPolicy = 'RequireDualStack'))],
  ])('fails at synth when a service gets both families by its policy (%s) under Cluster', (_what, change) => {
    for (const family of ['ipv4', 'ipv6'] as const) {
      const stack = testStack();
      const lb = loadBalancer(family === 'ipv4' ? { ipFamilies: ['IPv4'], externalTrafficPolicy: 'Cluster' } : {}, stack);
      const service = family === 'ipv4' ? lb.ipv4Service! : lb.ipv6Service!;
      change(service);
      service.spec.externalTrafficPolicy = 'Cluster';
      expect(() => Testing.synth(stack, true)).toThrow(new RegExp(`\\[test/lb\\] ${family} spec.external_traffic_policy 'Cluster' is not supported on an IPv6 service`));
    }
  });

  test.each<[string, (svc: ServiceV1) => void, string]>([
    ['both families listed', (svc) => (svc.spec.ipFamilies = ['IPv4', 'IPv6'], svc.spec.ipFamilyPolicy = 'RequireDualStack'), `["IPv4","IPv6"] serves both families`],
    ['a dual-stack policy without families', (svc) => (svc.spec.resetIpFamilies(), svc.spec.ipFamilyPolicy = 'PreferDualStack'), "serves both families (ip_family_policy 'PreferDualStack')"],
  ])('fails at synth when a service of the pair is made dual-stack on the raw resource: %s', (_what, change, message) => {
    const stack = testStack();
    change(loadBalancer({}, stack).ipv4Service!);
    expect(() => Testing.synth(stack, true)).toThrow(`[test/lb] ipv4 spec.ip_families ${message}, but a LoadBalancer service gets a public address for its first family only; keep one family per service: the pair has a service for each. (rule 35)`);
  });

  test.each<[string, (svc: ServiceV1) => void, string]>([
    ['set to IPv4', (svc) => (svc.spec.ipFamilies = ['IPv4']), '["IPv4"]'],
    ['emptied', (svc) => (svc.spec.ipFamilies = []), '[]'],
    ['reset', (svc) => svc.spec.resetIpFamilies(), '[]'],
  ])('fails at synth when the IPv6 service\'s families are %s on the raw resource, which makes it serve IPv4', (_what, change, value) => {
    const stack = testStack();
    change(loadBalancer({}, stack).ipv6Service!);
    expect(() => Testing.synth(stack, true)).toThrow(`[test/lb] ipv6 spec.ip_families ${value} makes the IPv6 service of the pair serve IPv4, so the pair has no IPv6 address; keep ip_families ['IPv6'] on it. (rule 34)`);
  });

  test('passes a family policy overridden with null, which Terraform takes as unset', () => {
    const stack = testStack();
    loadBalancer({}, stack).ipv6Service!.addOverride('spec.ip_family_policy', null);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('fails at synth when an override writes the policy as a number, shown as written', () => {
    const stack = testStack();
    loadBalancer({}, stack).ipv6Service!.addOverride('spec.external_traffic_policy', 5);
    expect(() => Testing.synth(stack, true)).toThrow("[test/lb] ipv6 spec.external_traffic_policy 5 is not 'Local' or 'Cluster'; use 'Local'.");
  });

  test('fails at synth when the selector set or overridden on a service is not a map of labels, or breaks label syntax', () => {
    const stack = testStack();
    const lb = loadBalancer({}, stack);
    lb.ipv4Service!.addOverride('spec.selector', 'app=nginx');
    lb.ipv6Service!.spec.selector = { app: 'nginx', 'bad key!': 'x' };
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[test\/lb\] ipv4 spec.selector 'app=nginx' is not a map of labels; give the pods' labels, e.g. \{ app: 'nginx' \}\. \(rule 39\)\n\s+\[test\/lb\] ipv6 spec.selector key 'bad key!' is not a label key/,
    );
  });

  test('fails at synth when load_balancer_class is overridden', () => {
    const stack = testStack();
    loadBalancer({}, stack).ipv6Service!.addOverride('spec.load_balancer_class', 'example.com/lb');
    expect(() => Testing.synth(stack, true)).toThrow(/ipv6 spec.load_balancer_class 'example.com\/lb' makes the Azure cloud provider ignore the service/);
  });
});
