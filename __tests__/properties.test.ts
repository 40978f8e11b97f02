import * as fc from 'fast-check';
import { TerraformStack, Testing } from 'cdktf';
import {
  CniOverlayDualStackCluster,
  DualStackClusterProps,
  DualStackLoadBalancer,
  DualStackLoadBalancerProps,
  DualStackVirtualNetwork,
  DualStackWebApp,
  DualStackWebAppProps,
  KubenetDualStackCluster,
} from '../lib';
import { Cidr, overlaps, parseCidr } from '../lib/private/cidr';
import { DualStackConfigError } from '../lib/private/errors';
import { PLACE, resourcesOf, testStack } from './util';

// Property-based tests: random valid configurations, and random values of the right kind but invalid (the shape
// walk, wrong-shapes.test.ts, covers values of the wrong kind exhaustively). Runs are bounded so that the whole
// file takes a second or two.
const RUNS = { numRuns: 40 };

type Variant = 'kubenet' | 'overlay';
const CLUSTERS = { kubenet: KubenetDualStackCluster, overlay: CniOverlayDualStackCluster };

/** A pool's counts: fixed, or autoscaling within a /27 subnet's 27 nodes with surge. */
const poolCounts = fc.oneof(
  fc.record({ nodeCount: fc.integer({ min: 1, max: 10 }) }),
  fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 15 }))
    .map(([min, extra]) => ({ minCount: min, maxCount: min + extra, nodeCount: min })),
);

/** A valid configuration: distinct /16s of 10.0.0.0/8 and distinct IPv6 ranges for network, pods and services. */
const validConfig = fc.record({
  variant: fc.constantFrom<Variant>('kubenet', 'overlay'),
  dualStack: fc.boolean(),
  octets: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 }),
  hextets: fc.uniqueArray(fc.integer({ min: 1, max: 0xffff }), { minLength: 3, maxLength: 3 }),
  familiesCase: fc.constantFrom('IPv4', 'ipv4', 'IPV4'),
  defaultPool: poolCounts,
  pools: fc.array(fc.record({ counts: poolCounts, prefix: fc.integer({ min: 24, max: 27 }), maxPods: fc.integer({ min: 10, max: 250 }) }), { maxLength: 4 }),
});

type ValidConfig = typeof validConfig extends fc.Arbitrary<infer T> ? T : never;

function build(stack: TerraformStack, config: ValidConfig) {
  const [vnet, pods, services] = config.octets;
  const [vnet6, pods6, services6] = config.hextets.map((h) => h.toString(16));
  const network = new DualStackVirtualNetwork(stack, 'net', { ...PLACE, addressSpace: [`10.${vnet}.0.0/16`, `fd00:${vnet6}::/48`] });
  const props: DualStackClusterProps = {
    ...PLACE,
    network,
    ipFamilies: config.dualStack ? [config.familiesCase, 'ipv6'] : [config.familiesCase],
    podCidrs: [`10.${pods}.0.0/16`, `fd12:${pods6}::/64`].slice(0, config.dualStack ? 2 : 1),
    serviceCidrs: [`10.${services}.0.0/16`, `fd13:${services6}::/108`].slice(0, config.dualStack ? 2 : 1),
    defaultNodePool: config.defaultPool,
  };
  const cluster = new CLUSTERS[config.variant](stack, 'aks', props);
  config.pools.forEach((p, i) => cluster.addNodePool(`pool${i}`, { ...p.counts, maxPods: p.maxPods, subnet: network.addSubnet(`s${i}`, { ipv4PrefixLength: p.prefix }) }));
  return cluster;
}

const cidr = (text: string) => parseCidr(text) as Cidr;

test('random valid configurations always synthesize, families in order and no two ranges overlapping', () => {
  fc.assert(
    fc.property(validConfig, (config) => {
      const stack = testStack();
      build(stack, config);
      const json = JSON.parse(Testing.synth(stack, true));
      const cluster = resourcesOf(json, 'azurerm_kubernetes_cluster')[0];
      const families = config.dualStack ? ['IPv4', 'IPv6'] : ['IPv4'];
      expect(cluster.network_profile.ip_versions).toEqual(families);
      const profileRanges = [...cluster.network_profile.pod_cidrs, ...cluster.network_profile.service_cidrs].map(cidr);
      expect(profileRanges.map((r) => r.family)).toEqual([...families, ...families]);
      const space = resourcesOf(json, 'azurerm_virtual_network')[0].address_space.map(cidr);
      const subnets = resourcesOf(json, 'azurerm_subnet').map((s) => s.address_prefixes.map(cidr));
      for (const [v4, v6] of subnets) {
        expect([v4.family, v6.family, v6.prefix]).toEqual(['IPv4', 'IPv6', 64]);
        expect(space.some((r: Cidr) => r.family === 'IPv4' && r.first <= v4.first && v4.last <= r.last)).toBe(true);
      }
      const all: Cidr[] = [...profileRanges, ...space, ...subnets.flat()];
      const clashes = all.flatMap((a, i) => all.slice(i + 1).filter((b) => overlaps(a, b) && !space.includes(a)).map((b) => `${a.text} ~ ${b.text}`));
      expect(clashes).toEqual([]);
    }),
    RUNS,
  );
});

/** What a refusal must look like: our error, quoting the value. */
function expectRefusal(act: () => unknown, value: string) {
  let error: unknown;
  try {
    act();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DualStackConfigError);
  expect((error as Error).message).toContain(value);
}

const notAddressLike = fc.string({ maxLength: 20 }).filter((s) => !/^[0-9a-fA-F:./]*$/.test(s));
const badOctet = fc.tuple(fc.integer({ min: 256, max: 999 }), fc.integer({ min: 0, max: 32 })).map(([o, p]) => `10.${o}.0.0/${p}`);
const badPrefix = fc.integer({ min: 33, max: 99 }).map((p) => `10.0.0.0/${p}`);
const hostBits = fc.tuple(fc.integer({ min: 8, max: 30 }), fc.integer({ min: 1, max: 255 })).map(([p, h]) => `10.0.0.${h}/${p}`).filter((t) => {
  const [, prefix] = t.split('/');
  return Number(prefix) < 32 && (Number(t.split('.')[3].split('/')[0]) & ((1 << (32 - Number(prefix))) - 1)) !== 0;
});
const missingPrefix = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `10.${a}.${b}.0`);

test('random invalid CIDRs are always refused, quoting the value', () => {
  fc.assert(
    fc.property(fc.oneof(notAddressLike, badOctet, badPrefix, hostBits, missingPrefix), fc.constantFrom<Variant>('kubenet', 'overlay'), (bad, variant) => {
      expectRefusal(() => new CLUSTERS[variant](testStack(), 'aks', { ...PLACE, podCidrs: [bad, 'fd12:3456:789a::/64'] }), bad);
    }),
    RUNS,
  );
});

test('random invalid IP families are always refused', () => {
  const family = fc.oneof(fc.constantFrom('IPv4', 'IPv6', 'ipv6', 'IPV4', ''), fc.string({ maxLength: 6 }));
  const invalid = fc.array(family, { maxLength: 3 }).filter((f) => !['ipv4', 'ipv4,ipv6'].includes(f.flatMap((x) => x.split(',')).map((x) => x.trim().toLowerCase()).join(',')));
  fc.assert(
    fc.property(invalid, (ipFamilies) => {
      expectRefusal(() => new CniOverlayDualStackCluster(testStack(), 'aks', { ...PLACE, ipFamilies }), 'ipFamilies');
    }),
    RUNS,
  );
});

test('random invalid node counts are always refused, quoting the count', () => {
  const badCount = fc.oneof(fc.integer({ min: -1000, max: -1 }), fc.integer({ min: 1001, max: 100000 }), fc.double({ min: 0.01, max: 999, noInteger: true, noNaN: true }));
  const invalid = fc.oneof(
    badCount.map((n) => [{ nodeCount: n }, String(n)] as const),
    fc.tuple(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1, max: 49 })).filter(([min, max]) => min > max).map(([min, max]) => [{ minCount: min, maxCount: max }, `minCount ${min}`] as const),
    fc.integer({ min: 1, max: 50 }).map((n) => [{ minCount: n }, `minCount ${n}`] as const),
  );
  fc.assert(
    fc.property(invalid, ([counts, quoted]) => {
      expectRefusal(() => new CniOverlayDualStackCluster(testStack(), 'aks', PLACE).addNodePool('apps', counts), quoted);
    }),
    RUNS,
  );
});

test('arbitrary props never crash: they synthesize or are refused with our error', () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('10.244.0.0/16', 'fd12:3456:789a::/64', '10.0.0.10', '1.30', 'IPv4', 'IPv6'));
  const count = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double({ noNaN: false }));
  const props = fc.record({
    ipFamilies: maybe(fc.array(text, { maxLength: 3 })),
    podCidrs: maybe(fc.array(text, { maxLength: 3 })),
    serviceCidrs: maybe(fc.array(text, { maxLength: 3 })),
    dnsServiceIp: maybe(text),
    kubernetesVersion: maybe(text),
    outboundType: maybe(text),
    networkPolicy: maybe(text),
    defaultNodePool: maybe(fc.record({ name: maybe(text), nodeCount: maybe(count), minCount: maybe(count), maxCount: maybe(count), maxPods: maybe(count) })),
  });
  fc.assert(
    fc.property(props, fc.constantFrom<Variant>('kubenet', 'overlay'), (p, variant) => {
      const stack = testStack();
      try {
        new CLUSTERS[variant](stack, 'aks', { ...PLACE, ...(p as Partial<DualStackClusterProps>) });
        Testing.synth(stack, true);
      } catch (error) {
        const ours = error instanceof DualStackConfigError || (error instanceof Error && /^Validation failed with the following errors:\n  \[test\/aks\]/.test(error.message));
        expect([ours, String(error)]).toEqual([true, String(error)]);
      }
    }),
    RUNS,
  );
});

test('arbitrary load balancer and web app props never crash: they synthesize or are refused with our error', () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const anything = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 70000 }), fc.constant(null), fc.double(), fc.constantFrom('IPv4', 'IPv6', 'Local', 'Cluster', 'http', 'web'));
  const props = fc.record({
    name: maybe(anything),
    namespace: maybe(anything),
    selector: maybe(fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }))),
    port: maybe(anything),
    targetPort: maybe(anything),
    ports: maybe(fc.array(fc.oneof(fc.constant(null), fc.record({ port: anything, name: maybe(anything), targetPort: maybe(anything) })), { maxLength: 3 })),
    ipFamilies: maybe(fc.array(anything, { maxLength: 3 })),
    externalTrafficPolicy: maybe(anything),
    replicas: maybe(anything),
    image: maybe(anything),
    containerPort: maybe(anything),
  });
  fc.assert(
    fc.property(props, fc.boolean(), (p, webApp) => {
      const stack = testStack();
      try {
        if (webApp) new DualStackWebApp(stack, 'web', p as DualStackWebAppProps);
        else new DualStackLoadBalancer(stack, 'lb', p as unknown as DualStackLoadBalancerProps);
        Testing.synth(stack, true);
      } catch (error) {
        const ours = error instanceof DualStackConfigError || (error instanceof Error && /^Validation failed with the following errors:\n  \[test\/(lb|web)/.test(error.message));
        expect([ours, String(error)]).toEqual([true, String(error)]);
      }
    }),
    RUNS,
  );
});
