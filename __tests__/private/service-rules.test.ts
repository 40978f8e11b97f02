import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Token } from 'cdktf';
import {
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
  test('passes labels', () => expect(checkSelector({ app: 'nginx' })).toBeUndefined());
  test('fails when the selector is empty', () => {
    expect(checkSelector({})).toMatchObject({ prop: 'selector', value: {}, rule: expect.stringMatching(/^is empty, so the services would select no pods/) });
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
  expect(checkSelector(null as unknown as Record<string, string>)).toMatchObject({ prop: 'selector', value: {} });
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
  test('fails when the raw service or an override changes the type, the family policy, the policy or the selector (rules 32, 34, 39)', () => {
    const s = service();
    s.spec.ipFamilies = ['IPv4', 'IPv6'];
    s.spec.ipFamilyPolicy = 'SingleStack';
    s.addOverride('spec.selector', undefined);
    s.spec.type = 'ClusterIP';
    expect(unsupportedServiceSettings(s).map((v) => v.prop)).toEqual(['svc spec.external_traffic_policy', 'svc spec.type', 'svc spec.ip_family_policy', 'svc spec.selector']);
  });
});

describe('tokens are skipped', () => {
  test('in names, namespaces, selectors and ports', () => {
    const token = Token.asString({ Ref: 'x' });
    expect(checkKubernetesName('name', token)).toBeUndefined();
    expect(checkNamespace(token)).toBeUndefined();
    expect(checkSelector(Token.asAny({ Ref: 'labels' }) as unknown as Record<string, string>)).toBeUndefined();
    expect(checkServicePorts({ port: Token.asNumber({ Ref: 'p' }) }, [{ port: Token.asNumber({ Ref: 'p' }), targetPort: token }])).toEqual([]);
  });
});
