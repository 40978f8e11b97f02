import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { AnnotationMetadataEntryType, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { DEFAULT_WEB_IMAGE, DualStackWebApp, DualStackWebAppProps } from '../lib';
import { resourcesOf, testStack } from './util';

function webApp(props: DualStackWebAppProps = {}, stack: TerraformStack = testStack()) {
  return new DualStackWebApp(stack, 'web', props);
}

describe('defaults', () => {
  test('the documents nginx: 3 replicas of a pinned image, selector = template labels, readiness probe on port 80', () => {
    const stack = testStack();
    const app = webApp({}, stack);
    expect(DEFAULT_WEB_IMAGE).toMatch(/^nginx:\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    const [deployment] = resourcesOf(JSON.parse(Testing.synth(stack)), 'kubernetes_deployment_v1');
    expect(deployment).toEqual({
      metadata: { name: 'nginx', namespace: 'default', labels: { app: 'nginx' } },
      spec: {
        replicas: '3',
        selector: { match_labels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: {
            node_selector: { 'kubernetes.io/os': 'linux' },
            container: [
              {
                name: 'nginx',
                image: DEFAULT_WEB_IMAGE,
                port: [{ container_port: 80, name: 'http' }],
                readiness_probe: { http_get: { path: '/', port: '80' }, period_seconds: 5 },
              },
            ],
          },
        },
      },
    });
    expect(app.deployment).toBeInstanceOf(DeploymentV1);
    expect(app.node.metadata).toEqual([]);
  });

  test('pods go to Linux nodes only, also with a node selector of the user\'s, which cannot unpin them', () => {
    const stack = testStack();
    webApp({ nodeSelector: { workload: 'web', 'kubernetes.io/os': 'windows', 'kubernetes.azure.com/agentpool': 'apps' } }, stack);
    const [deployment] = resourcesOf(JSON.parse(Testing.synth(stack)), 'kubernetes_deployment_v1');
    expect(deployment.spec.template.spec.node_selector).toEqual({ workload: 'web', 'kubernetes.io/os': 'linux', 'kubernetes.azure.com/agentpool': 'apps' });
  });

  test('fails when a node selector is not a map of labels', () => {
    expect(() => webApp({ nodeSelector: { 'bad key!': 'x' } })).toThrow(/nodeSelector key 'bad key!' is not a label key/);
    expect(() => webApp({ nodeSelector: { workload: 'not ok' } })).toThrow(/nodeSelector\['workload'\] 'not ok' is not a label value/);
  });

  test('an IPv4 and an IPv6 service named after the app, selecting its pods on port 80', () => {
    const stack = testStack();
    const app = webApp({}, stack);
    const services = resourcesOf(JSON.parse(Testing.synth(stack)), 'kubernetes_service_v1');
    expect(services.map((s) => [s.metadata.name, s.spec.ip_families, s.spec.selector, s.spec.port])).toEqual([
      ['nginx-ipv4', ['IPv4'], { app: 'nginx' }, [{ port: 80, target_port: '80', protocol: 'TCP' }]],
      ['nginx-ipv6', ['IPv6'], { app: 'nginx' }, [{ port: 80, target_port: '80', protocol: 'TCP' }]],
    ]);
    expect(app.labels).toEqual({ app: 'nginx' });
  });
});

test('every prop maps to the deployment and the services', () => {
  const stack = testStack();
  webApp(
    { name: 'web', image: 'nginx:1.27.5', replicas: 5, containerPort: 8080, port: 8000, readinessPath: '/ready', namespace: 'apps', ipFamilies: ['IPv6'], annotations: { a: 'b' } },
    stack,
  );
  const synthesized = Testing.synth(stack);
  expect(synthesized).toHaveResourceWithProperties(DeploymentV1, {
    metadata: { name: 'web', namespace: 'apps', labels: { app: 'web' } },
    spec: expect.objectContaining({ replicas: '5' }),
  });
  const json = JSON.parse(synthesized);
  const container = resourcesOf(json, 'kubernetes_deployment_v1')[0].spec.template.spec.container[0];
  expect(container).toMatchObject({ image: 'nginx:1.27.5', port: [{ container_port: 8080 }], readiness_probe: { http_get: { path: '/ready', port: '8080' } } });
  expect(resourcesOf(json, 'kubernetes_service_v1')).toEqual([
    expect.objectContaining({
      metadata: { name: 'web-ipv6', namespace: 'apps', annotations: { a: 'b' } },
      spec: expect.objectContaining({ selector: { app: 'web' }, port: [{ port: 8000, target_port: '8080', protocol: 'TCP' }] }),
    }),
  ]);
});

test.each(['nginx', 'nginx:latest', 'registry.example.com:5000/nginx'])('warns when the image %p is not pinned', (image) => {
  expect(webApp({ image }).node.metadata).toEqual([expect.objectContaining({ type: AnnotationMetadataEntryType.WARN, data: expect.stringMatching(/is not pinned/) })]);
});

test.each(['registry.example.com:5000/nginx:1.28.0', 'nginx@sha256:0123abcd'])('does not warn for the pinned image %p', (image) => {
  expect(webApp({ image }).node.metadata).toEqual([]);
});

test('null props from an untyped caller mean the defaults', () => {
  expect(new DualStackWebApp(testStack(), 'web', null as unknown as DualStackWebAppProps).labels).toEqual({ app: 'nginx' });
});

test('replicas takes 0, the int32 maximum and a token', () => {
  const stack = testStack();
  webApp({ replicas: 0 }, stack);
  new DualStackWebApp(stack, 'max', { name: 'max', replicas: 2147483647 });
  new DualStackWebApp(stack, 'var', { name: 'var', replicas: new TerraformVariable(stack, 'replicas', { type: 'number' }).numberValue });
  expect(resourcesOf(JSON.parse(Testing.synth(stack, true)), 'kubernetes_deployment_v1').map((d) => d.spec.replicas).sort()).toEqual(['${var.replicas}', '0', '2147483647']);
});

describe('invalid input', () => {
  test.each<[string, DualStackWebAppProps, RegExp]>([
    ['replicas is not a whole number', { replicas: 2.5 }, /test\/web: replicas 2.5 is not a whole number of pods/],
    ['replicas is beyond int32, where String() would write 1e+21', { replicas: 1e21 }, /^test\/web: replicas 1e\+21 is not a whole number of pods from 0 to 2147483647; use a number like 3\.$/],
    ['replicas is one beyond int32', { replicas: 2 ** 31 }, /replicas 2147483648 is not a whole number of pods from 0 to 2147483647/],
    ['replicas is negative', { replicas: -1 }, /replicas -1 is not a whole number of pods from 0 to 2147483647/],
    ['a node selector key is an element of a list token', { nodeSelector: { [Token.asList({ Ref: 'k' })[0]]: 'x' } }, /^test\/web: nodeSelector key <token> is an element of a list token, which cannot stand for a key/],
    ['an annotation key is not a key', { annotations: { 'bad key!': 'x' } }, /test\/web\/LoadBalancer: annotations key 'bad key!' is not an annotation key/],
    ['the image is empty', { image: ' ' }, /image ' ' is empty/],
    ['the name is not a Kubernetes name', { name: 'Nginx' }, /name 'Nginx' is not a Kubernetes name/],
    ['the container port is out of range', { containerPort: 0 }, /containerPort 0 is not a port number/],
    ['the namespace is not a namespace name', { namespace: 'Web_Apps' }, /test\/web: namespace 'Web_Apps' is not a namespace name/],
    ['an IPv6 service would use Cluster', { externalTrafficPolicy: 'Cluster' }, /test\/web\/LoadBalancer: externalTrafficPolicy 'Cluster' is not supported on an IPv6 service/],
  ])('fails when %s', (_what, props, message) => {
    expect(() => webApp(props)).toThrow(message);
  });
});
