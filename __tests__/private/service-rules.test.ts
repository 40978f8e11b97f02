import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Token } from 'cdktf';
import {
  checkAnnotationKeys,
  checkExternalTrafficPolicy,
  checkKubernetesName,
  checkNamespace,
  checkSelector,
  checkServicePorts,
  healthProbeAnnotations,
  parseServiceIpFamilies,
  unsupportedServiceSettings,
} from '../../lib/private/service-rules';
import { testStack } from '../util';

describe('parseServiceIpFamilies', () => {
  test.each([
    [['IPv4', 'IPv6'], ['IPv4', 'IPv6']],
    [['ipv6', 'IPV4'], ['IPv4', 'IPv6']],
    [['IPv6'], ['IPv6']],
    [['ipv4'], ['IPv4']],
  ])('accepts %p', (given, expected) => expect(parseServiceIpFamilies(given)).toEqual(expected));
  test.each([[[]], [['IPv4', 'ipv4']], [['IPv5']]])('fails when ipFamilies is %p', (given) => {
    expect(parseServiceIpFamilies(given)).toMatchObject({ prop: 'ipFamilies', value: given });
  });
  test.each([
    ['a list token', Token.asList({ Ref: 'x' })],
    ['a list holding a string token', [Token.asString({ Ref: 'x' })]],
    ['a list holding an element of a list token', [Token.asList({ Ref: 'x' })[0]]],
  ])('fails when ipFamilies is %s, saying the families must be known at synth', (_what, given) => {
    expect(parseServiceIpFamilies(given)).toMatchObject({ prop: 'ipFamilies', rule: 'is a token, but one service is made per family, so the families must be known at synth' });
  });
});

describe('checkKubernetesName', () => {
  test.each(['nginx', 'web-1', 'a'])('passes %p', (name) => expect(checkKubernetesName('name', name)).toBeUndefined());
  test.each(['Nginx', '1web', 'web-', 'web_app', ''])('fails when the name is %p', (name) => {
    expect(checkKubernetesName('name', name)?.rule).toMatch(/is not a Kubernetes name/);
  });
  test('leaves room for a suffix', () => {
    expect(checkKubernetesName('name', 'a'.repeat(58), 5)).toBeUndefined();
    expect(checkKubernetesName('name', 'a'.repeat(59), 5)?.rule).toMatch(/at most 58 characters/);
  });
});

describe('rule 39: checkSelector', () => {
  test('passes labels, with prefixes, empty values and tokens', () => {
    expect(checkSelector('selector', { app: 'nginx', 'example.com/tier': '', 'kubernetes.io/os': 'linux', v: Token.asString({ Ref: 'x' }) })).toEqual([]);
  });
  test.each([[{}], [undefined], [null]])('fails when the selector is %p, as empty', (selector) => {
    expect(checkSelector('selector', selector)).toEqual([expect.objectContaining({ prop: 'selector', value: {}, rule: expect.stringMatching(/^is empty, so the services would select no pods/) })]);
  });
  test.each([[5], ['app=x'], [['app']], [true]])('fails when the selector is %p, as not a map of labels', (selector) => {
    expect(checkSelector('selector', selector)).toEqual([{ prop: 'selector', value: selector, rule: 'is not a map of labels', fix: "give the pods' labels, e.g. { app: 'nginx' }", number: 39 }]);
  });
  test('fails when a key is not a label key', () => {
    expect(checkSelector('selector', { 'bad key!': 'x' })).toEqual([expect.objectContaining({ prop: 'selector key', value: 'bad key!', rule: expect.stringMatching(/^is not a label key/) })]);
  });
  test.each([['bad value!'], ['a'.repeat(64)], ['-x'], [5]])('fails when a value is %p, not a label value', (value) => {
    expect(checkSelector('selector', { a: value })).toEqual([expect.objectContaining({ prop: "selector['a']", value, rule: expect.stringMatching(/^is not a label value/) })]);
  });
});

describe('checkAnnotationKeys', () => {
  test('passes keys in label key syntax, whatever their values', () => {
    expect(checkAnnotationKeys('annotations', { 'service.beta.kubernetes.io/azure-dns-label-name': 'my app!', a: '', b: 'x'.repeat(100) })).toEqual([]);
  });
  test('passes what is not a map (the shape check refuses it) and tokens', () => {
    expect(checkAnnotationKeys('annotations', undefined)).toEqual([]);
    expect(checkAnnotationKeys('annotations', Token.asAny({ Ref: 'x' }) as unknown as Record<string, string>)).toEqual([]);
  });
  test.each(['bad key!', 'Example.com/a', '/a', 'a/', `${'a'.repeat(64)}`])('fails when a key is %p', (key) => {
    expect(checkAnnotationKeys('annotations', { [key]: 'x' })).toEqual([
      { prop: 'annotations key', value: key, rule: expect.stringMatching(/^is not an annotation key: an optional DNS prefix/), fix: "use a key like 'service.beta.kubernetes.io/azure-dns-label-name'" },
    ]);
  });
});

describe('checkServicePorts', () => {
  test('passes digit strings in range and IANA names as target ports, and one port on two protocols', () => {
    expect(checkServicePorts({ port: 80 }, [{ port: 80, targetPort: '8080' }])).toEqual([]);
    const ports = [{ port: 53, name: 'dns-tcp', targetPort: 'dns' }, { port: 53, name: 'dns-udp', protocol: 'UDP' }];
    expect(checkServicePorts({ ports }, ports)).toEqual([]);
  });
  test('passes a port, and named ports', () => {
    expect(checkServicePorts({ port: 80 }, [{ port: 80 }])).toEqual([]);
    const ports = [{ port: 80, name: 'http' }, { port: 443, targetPort: 'https', name: 'https' }];
    expect(checkServicePorts({ ports }, ports)).toEqual([]);
  });
  test.each([
    [{ port: 0 }, [{ port: 0 }], 'port', /not a port number from 1 to 65535/],
    [{ port: 65536 }, [{ port: 65536 }], 'port', /not a port number/],
    [{ port: 80.5 }, [{ port: 80.5 }], 'port', /not a port number/],
    [{ port: 80 }, [{ port: 80, targetPort: 70000 }], 'targetPort', /neither a port number/],
    [{ port: 80 }, [{ port: 80, targetPort: 'Bad_Name' }], 'targetPort', /neither a port number/],
    [{ port: 80 }, [{ port: 80, targetPort: '70000' }], 'targetPort', /neither a port number/],
    [{ port: 80 }, [{ port: 80, targetPort: '0' }], 'targetPort', /neither a port number/],
    [{ port: 80 }, [{ port: 80, targetPort: '-http' }], 'targetPort', /neither a port number/],
    [{ port: 80 }, [{ port: 80, targetPort: 'a--b' }], 'targetPort', /neither a port number/],
    [{ ports: [1] }, [{ port: 80, name: 'HTTP_1' }], 'ports[0].name', /is not a port name/],
    [{ ports: [1, 2] }, [{ port: 80, name: 'a' }, { port: 80, name: 'b' }], 'ports[1].port', /is listed twice for TCP/],
    [{ ports: [null] }, [null as unknown as { port: number }], 'ports[0]', /is not a port/],
    [{ ports: [] }, [], 'ports', /is empty, and no port is given/],
    [{ port: 80, ports: [{ port: 80 }] }, [{ port: 80 }], 'port', /is given together with ports/],
    [{ ports: [1, 2] }, [{ port: 80 }, { port: 443 }], 'ports[0].name', /missing or repeated/],
    [{ ports: [1, 2] }, [{ port: 80, name: 'a' }, { port: 443, name: 'a' }], 'ports[1].name', /missing or repeated/],
    [{ ports: Token.asList({ Ref: 'p' }) }, Token.asList({ Ref: 'p' }) as never, 'ports', /^is a token, but each port is written as a block of its own/],
  ])('fails when ports are %p / %p', (props, ports, prop, rule) => {
    expect(checkServicePorts(props, ports)).toEqual([expect.objectContaining({ prop, rule: expect.stringMatching(rule) })]);
  });
});

describe('rule 33: checkExternalTrafficPolicy', () => {
  test('passes Local on both families, and Cluster on IPv4 alone', () => {
    expect(checkExternalTrafficPolicy('Local', ['IPv4', 'IPv6'])).toBeUndefined();
    expect(checkExternalTrafficPolicy('Cluster', ['IPv4'])).toBeUndefined();
  });
  test('fails when an IPv6 service would use Cluster, explaining the probe', () => {
    expect(checkExternalTrafficPolicy('Cluster', ['IPv4', 'IPv6'])?.rule).toMatch(/probes IPv6 from a link-local address that cannot reach a pod/);
  });
  test('fails when the policy is neither', () => {
    expect(checkExternalTrafficPolicy('local', ['IPv4'])?.rule).toBe("is not 'Local' or 'Cluster'");
  });
  test('fails when the policy is not a string, keeping the value as given', () => {
    expect(checkExternalTrafficPolicy(5, ['IPv4'])).toMatchObject({ value: 5, rule: "is not 'Local' or 'Cluster'" });
  });
});

test('rule 37: healthProbeAnnotations finds what Local overrides (protocol, path, port), not interval or count', () => {
  expect(
    healthProbeAnnotations({
      'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': '/healthz',
      'service.beta.kubernetes.io/port_80_health-probe_protocol': 'http',
      'service.beta.kubernetes.io/azure-load-balancer-health-probe-interval': '5',
      'service.beta.kubernetes.io/azure-load-balancer-health-probe-num-of-probe': '2',
      'service.beta.kubernetes.io/port_80_health-probe_interval': '5',
      'service.beta.kubernetes.io/azure-load-balancer-ipv4': '20.1.2.3',
    }),
  ).toEqual(['service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path', 'service.beta.kubernetes.io/port_80_health-probe_protocol']);
});

describe('checkNamespace', () => {
  test.each(['default', 'web-1', '1abc'])('passes %p', (ns) => expect(checkNamespace(ns)).toBeUndefined());
  test.each(['My_NS', 'Web', '', 'a'.repeat(64)])('fails when the namespace is %p', (ns) => expect(checkNamespace(ns)?.rule).toMatch(/is not a namespace name/));
});

test('untyped input gets a violation, never a TypeError', () => {
  expect(parseServiceIpFamilies([null as unknown as string])).toMatchObject({ prop: 'ipFamilies' });
  expect(parseServiceIpFamilies('ipv6' as unknown as string[])).toEqual(['IPv6']);
  expect(checkSelector('selector', null)).toEqual([expect.objectContaining({ prop: 'selector', value: {} })]);
  expect(checkAnnotationKeys('annotations', 5 as unknown as Record<string, string>)).toEqual([]);
  expect(checkKubernetesName('name', undefined as unknown as string)).toMatchObject({ prop: 'name', value: undefined });
});

describe('rule 36: unsupportedServiceSettings', () => {
  const service = () => new ServiceV1(testStack(), 'svc', { metadata: { name: 'a' }, spec: { type: 'LoadBalancer', selector: { app: 'a' }, port: [{ port: 80 }] } });
  test('passes a plain service', () => expect(unsupportedServiceSettings(service())).toEqual([]));
  test('fails when load_balancer_ip is set on the resource', () => {
    const s = service();
    s.spec.loadBalancerIp = '20.1.2.3';
    expect(unsupportedServiceSettings(s)).toEqual([expect.objectContaining({ prop: 'svc spec.load_balancer_ip', value: '20.1.2.3', fix: expect.stringMatching(/azure-load-balancer-ipv4/) })]);
  });
  test('fails when load_balancer_class comes through an override', () => {
    const s = service();
    s.addOverride('spec.load_balancer_class', 'example.com/lb');
    expect(unsupportedServiceSettings(s)).toEqual([expect.objectContaining({ prop: 'svc spec.load_balancer_class', rule: expect.stringMatching(/waits 10 minutes/) })]);
  });
  test('fails when an IPv6 service is switched to the Cluster policy on the resource', () => {
    const s = new ServiceV1(testStack(), 'v6', { metadata: { name: 'a' }, spec: { type: 'LoadBalancer', selector: { app: 'a' }, ipFamilies: ['IPv6'], externalTrafficPolicy: 'Local', port: [{ port: 80 }] } });
    s.spec.externalTrafficPolicy = 'Cluster';
    expect(unsupportedServiceSettings(s)).toEqual([expect.objectContaining({ prop: 'v6 spec.external_traffic_policy', value: 'Cluster', rule: expect.stringMatching(/link-local/) })]);
  });
  test('fails when a whole-spec override carries load_balancer_ip, as an object or a list of one', () => {
    for (const wrap of [(o: object) => o, (o: object) => [o]]) {
      const s = service();
      s.addOverride('spec', wrap({ type: 'LoadBalancer', selector: { app: 'a' }, load_balancer_ip: '20.1.2.3', port: [{ port: 80 }] }));
      expect(unsupportedServiceSettings(s)).toEqual([expect.objectContaining({ prop: 'svc spec.load_balancer_ip', value: '20.1.2.3' })]);
    }
  });
  test('fails when the raw service or an override changes the families, the type, the family policy, the policy or the selector (rules 32-35, 39)', () => {
    const s = service();
    s.spec.ipFamilies = ['IPv4', 'IPv6'];
    s.spec.ipFamilyPolicy = 'SingleStack';
    s.addOverride('spec.selector', undefined);
    s.spec.type = 'ClusterIP';
    expect(unsupportedServiceSettings(s).map((v) => v.prop)).toEqual(['svc spec.ip_families', 'svc spec.external_traffic_policy', 'svc spec.type', 'svc spec.ip_family_policy', 'svc spec.selector']);
  });
});

describe('rule 33 at synth: the families Kubernetes gives the service', () => {
  const stack = () => testStack();
  const service = (spec: Record<string, unknown> = {}) =>
    new ServiceV1(stack(), 'svc', { metadata: { name: 'a' }, spec: { type: 'LoadBalancer', selector: { app: 'a' }, port: [{ port: 80 }], externalTrafficPolicy: 'Cluster', ...spec } });
  const policyProblems = (s: ServiceV1) => unsupportedServiceSettings(s).filter((v) => v.prop === 'svc spec.external_traffic_policy');

  test('passes Cluster without ip_families under SingleStack or no policy: the cluster gives IPv4', () => {
    expect(unsupportedServiceSettings(service())).toEqual([]);
    expect(unsupportedServiceSettings(service({ ipFamilyPolicy: 'SingleStack' }))).toEqual([]);
  });
  test('passes Cluster when an expression decides the family policy', () => {
    expect(policyProblems(service({ ipFamilyPolicy: '${var.policy}' }))).toEqual([]);
  });
  test.each(['PreferDualStack', 'RequireDualStack'])('fails when ip_families is unset, the policy is %s and Cluster: the service gets both families', (familyPolicy) => {
    expect(policyProblems(service({ ipFamilyPolicy: familyPolicy }))).toEqual([expect.objectContaining({ value: 'Cluster', rule: expect.stringMatching(/link-local/) })]);
  });
  test('fails when ip_families is reset on the resource, PreferDualStack and Cluster', () => {
    const s = service({ ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    s.spec.resetIpFamilies();
    s.spec.ipFamilyPolicy = 'PreferDualStack';
    expect(policyProblems(s)).toHaveLength(1);
  });
  test('fails when an override writes ip_families null, RequireDualStack and Cluster', () => {
    const s = service({ ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    s.addOverride('spec.ip_families', null);
    s.spec.ipFamilyPolicy = 'RequireDualStack';
    expect(policyProblems(s)).toHaveLength(1);
  });
  test('fails when ip_families is an empty list under a dual-stack policy, as unset', () => {
    expect(policyProblems(service({ ipFamilies: [], ipFamilyPolicy: 'PreferDualStack' }))).toHaveLength(1);
  });
  test('fails when an IPv6 family is written in another case', () => {
    const s = service();
    s.addOverride('spec.ip_families', ['ipv6']);
    expect(policyProblems(s)).toHaveLength(1);
  });
  test('fails when an override writes the policy as a number, showing it as written', () => {
    const s = service({ externalTrafficPolicy: 'Local' });
    s.addOverride('spec.external_traffic_policy', 5);
    expect(policyProblems(s)).toEqual([expect.objectContaining({ value: 5, rule: "is not 'Local' or 'Cluster'" })]);
  });
});

describe('rule 39 at synth: the selector as written', () => {
  const service = () => new ServiceV1(testStack(), 'svc', { metadata: { name: 'a' }, spec: { type: 'LoadBalancer', selector: { app: 'a' }, port: [{ port: 80 }] } });
  const selectorProblems = (s: ServiceV1) => unsupportedServiceSettings(s).filter((v) => v.prop.startsWith('svc spec.selector'));

  test.each([[5], ['app=x'], [['app']]])('fails when an override writes the selector %p, as not a map of labels', (selector) => {
    const s = service();
    s.addOverride('spec.selector', selector);
    expect(selectorProblems(s)).toEqual([expect.objectContaining({ prop: 'svc spec.selector', rule: 'is not a map of labels' })]);
  });
  test('fails when the selector set on the resource has a bad key or value', () => {
    const s = service();
    s.spec.selector = { 'bad key!': 'x', b: 'bad value!' };
    expect(selectorProblems(s).map((v) => [v.prop, v.value])).toEqual([['svc spec.selector key', 'bad key!'], ["svc spec.selector['b']", 'bad value!']]);
  });
  test('passes expressions, as the whole selector or in a key or value', () => {
    for (const selector of ['${var.labels}', { app: '${var.app}' }, { '${var.key}': 'a' }]) {
      const s = service();
      s.addOverride('spec.selector', selector);
      expect(selectorProblems(s)).toEqual([]);
    }
  });
});

describe('tokens are skipped', () => {
  test('in names, namespaces, selectors and ports', () => {
    const token = Token.asString({ Ref: 'x' });
    expect(checkKubernetesName('name', token)).toBeUndefined();
    expect(checkNamespace(token)).toBeUndefined();
    expect(checkSelector('selector', Token.asAny({ Ref: 'labels' }))).toEqual([]);
    expect(checkServicePorts({ port: Token.asNumber({ Ref: 'p' }) }, [{ port: Token.asNumber({ Ref: 'p' }), targetPort: token }])).toEqual([]);
  });
});
