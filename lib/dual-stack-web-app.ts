import type { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Annotations, Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_NAMESPACE, DualStackLoadBalancer, DualStackLoadBalancerOptions } from './dual-stack-load-balancer';
import { Violation, throwIfAny } from './private/errors';
import { isToken } from './private/rules';
import { checkNodeLabels } from './private/pool-rules';
import { checkProps, schema, constructId, listOf, map, num, oneOf, str } from './private/shape';
import { checkKubernetesName, checkNamespace, checkServicePorts } from './private/service-rules';
import { libraryConstruct } from './private/written';

/** Loaded on first use: 5.5 MB of JavaScript, which a program without a web app need not load or compile. */
const deploymentV1 = () =>
  (require('@cdktf/provider-kubernetes/lib/deployment-v1') as typeof import('@cdktf/provider-kubernetes/lib/deployment-v1')).DeploymentV1;

/**
 * The documents' web server, pinned by tag and by digest: `nginx:latest` would change under a running deployment,
 * and a tag is rebuilt (new digest) with each base image update. The digest is the multi-platform index of
 * nginx:1.30.5 (docker-library/repo-info, repos/nginx/remote/1.30.5.md, 2026-09).
 */
export const DEFAULT_WEB_IMAGE = 'nginx:1.30.5@sha256:b972f831f200b19ef0767938224f9711e74cd783718738cd7405d5cabf75c442';
/** The documents' replica count (`kubectl create deployment nginx --replicas=3`). */
const DEFAULT_REPLICAS = 3;
/** The most replicas Kubernetes takes: the field is an int32. */
const MAX_REPLICAS = 2147483647;
/** nginx serves HTTP on port 80, and the documents expose port 80. */
const HTTP_PORT = 80;
/**
 * The well-known node label of the operating system. AKS does not taint Windows nodes, so without this selector a
 * Linux pod can be scheduled on one, never start, and fail the apply after `wait_for_rollout`'s 10 minutes.
 */
const LINUX_NODES = { 'kubernetes.io/os': 'linux' } as const;

const WEB_APP_PROPS = schema<DualStackWebAppProps>('DualStackWebAppProps', {
  name: str,
  image: str,
  replicas: num,
  containerPort: num,
  port: num,
  readinessPath: str,
  nodeSelector: map,
  namespace: str,
  ipFamilies: listOf(str, true),
  externalTrafficPolicy: oneOf('Local', 'Cluster'),
  annotations: map,
});

/** Props of a {@link DualStackWebApp}. */
export interface DualStackWebAppProps extends DualStackLoadBalancerOptions {
  /**
   * The name of the deployment, its `app` label, and the base name of its services.
   *
   * @default 'nginx'
   */
  readonly name?: string;
  /**
   * The container image, pinned to a tag or digest.
   *
   * @default 'nginx:1.30.5@sha256:b972f831f200b19ef0767938224f9711e74cd783718738cd7405d5cabf75c442'
   */
  readonly image?: string;
  /**
   * The number of pods, a whole number from 0 to 2147483647.
   *
   * @default 3
   */
  readonly replicas?: number;
  /**
   * The port the container serves HTTP on; the services forward to it and the readiness probe asks it.
   *
   * @default 80
   */
  readonly containerPort?: number;
  /**
   * The port the load balancers listen on.
   *
   * @default 80
   */
  readonly port?: number;
  /**
   * The path the readiness probe asks with HTTP GET.
   *
   * @default '/'
   */
  readonly readinessPath?: string;
  /**
   * Node labels the pods must run on, e.g. `{ workload: 'web' }` for a pool added with those `nodeLabels`. The
   * pods always run on Linux nodes: `kubernetes.io/os: linux` is added, and cannot be overridden.
   *
   * @default { 'kubernetes.io/os': 'linux' }
   */
  readonly nodeSelector?: Record<string, string>;
}

/**
 * The documents' example workload: a `kubernetes_deployment_v1` of web servers with a readiness probe, and a
 * {@link DualStackLoadBalancer} in front of it, reachable on a public IPv4 and a public IPv6 address. The pods run on
 * Linux nodes only, so a cluster with Windows pools cannot strand them there.
 */
export class DualStackWebApp extends Construct {
  readonly deployment: DeploymentV1;
  readonly loadBalancer: DualStackLoadBalancer;
  /** The labels of the pods, which the deployment's and the services' selectors match. */
  readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: DualStackWebAppProps = {}) {
    super(scope, constructId(scope, id));
    libraryConstruct(this);
    props = checkProps(this.node.path, props, WEB_APP_PROPS);
    const name = props.name ?? 'nginx';
    const image = props.image ?? DEFAULT_WEB_IMAGE;
    const replicas = props.replicas ?? DEFAULT_REPLICAS;
    const containerPort = props.containerPort ?? HTTP_PORT;
    const namespace = props.namespace ?? DEFAULT_NAMESPACE;
    this.labels = { app: name };

    // Beyond int32, Kubernetes refuses the count, and String() would write 1e21 as '1e+21'.
    const replicasOk = isToken(replicas) || (Number.isInteger(replicas) && replicas >= 0 && replicas <= MAX_REPLICAS);
    throwIfAny(this, [
      checkKubernetesName('name', name, '-ipv6'.length),
      ...(replicasOk ? [] : [{ prop: 'replicas', value: replicas, rule: `is not a whole number of pods from 0 to ${MAX_REPLICAS}`, fix: 'use a number like 3' }]),
      checkNamespace(namespace),
      ...checkNodeLabels('nodeSelector', props.nodeSelector, false),
      ...(typeof image !== 'string' || image.trim() === '' ? [{ prop: 'image', value: image, rule: 'is empty', fix: `use an image like '${DEFAULT_WEB_IMAGE}'` }] : []),
      ...checkServicePorts({ port: containerPort }, [{ port: containerPort }]).map((v) => ({ ...v, prop: 'containerPort' })),
    ].filter((v): v is Violation => v !== undefined));
    const lastSegment = image.split('/').pop()!;
    if (!isToken(image) && (!/[:@]/.test(lastSegment) || lastSegment.endsWith(':latest'))) {
      Annotations.of(this).addWarning(`image '${image}' is not pinned to a tag or digest: pods may run different versions; pin it, e.g. '${DEFAULT_WEB_IMAGE}'.`);
    }

    this.deployment = new (deploymentV1())(this, 'Deployment', {
      metadata: { name, namespace, labels: this.labels },
      spec: {
        replicas: String(replicas),
        // Rule 39: the selector is the template's labels, so the rollout can finish.
        selector: { matchLabels: this.labels },
        template: {
          metadata: { labels: this.labels },
          spec: {
            // A selector known only at apply is merged by Terraform, the OS label last so that it wins.
            nodeSelector: isToken(props.nodeSelector) ? (Fn.merge([props.nodeSelector, LINUX_NODES]) as unknown as Record<string, string>) : { ...props.nodeSelector, ...LINUX_NODES },
            container: [
              {
                name,
                image,
                port: [{ containerPort, name: 'http' }],
                readinessProbe: { httpGet: { path: props.readinessPath ?? '/', port: String(containerPort) }, periodSeconds: 5 },
              },
            ],
          },
        },
      },
    });
    this.loadBalancer = new DualStackLoadBalancer(this, 'LoadBalancer', {
      ipFamilies: props.ipFamilies,
      externalTrafficPolicy: props.externalTrafficPolicy,
      annotations: props.annotations,
      name,
      namespace,
      selector: this.labels,
      port: props.port ?? HTTP_PORT,
      targetPort: containerPort,
    });
  }
}
