import { Token } from 'cdktf';
import { Cidr, parseCidr } from '../../lib/private/cidr';
import {
  adviseSystemNodeCount,
  adviseSystemVmSize,
  checkDnsServiceIp,
  checkEgressNextHops,
  checkMaxPods,
  checkNetworkPolicy,
  checkOrchestratorVersion,
  checkPodCidrHoldsANode,
  checkReserved,
  checkKubernetesVersion,
  checkNodeCounts,
  checkOverlaps,
  checkOverlapsSorted,
  checkOverlapWith,
  overlapIndex,
  checkPoolName,
  checkRoomForDns,
  checkSecret,
  checkServiceCidrSize,
  checkSystemPoolNodes,
  defaultDnsServiceIp,
  parseCidrList,
  parseIpFamilies,
  peakNodes,
} from '../../lib/private/rules';

const cidr = (text: string) => parseCidr(text) as Cidr;
const DUAL = ['IPv4', 'IPv6'] as const;
const PODS = ['10.244.0.0/16', 'fd12:3456:789a::/64'];

describe('rule 1: parseIpFamilies', () => {
  test.each([
    [['IPv4', 'IPv6'], ['IPv4', 'IPv6']],
    [['ipv4', 'IPV6'], ['IPv4', 'IPv6']],
    [['ipv4,ipv6'], ['IPv4', 'IPv6']],
    [['IPv4'], ['IPv4']],
  ])('accepts %p', (given, expected) => {
    expect(parseIpFamilies(given)).toEqual(expected);
  });

  test.each([[['IPv6']], [['IPv6', 'IPv4']], [[]], [['IPv4', 'IPv4']], [['IPv4', 'IPv6', 'IPv7']]])('fails when ipFamilies is %p', (given) => {
    expect(parseIpFamilies(given)).toMatchObject({ prop: 'ipFamilies', value: given, rule: expect.stringMatching(/IPv6-only and IPv6-first/) });
  });
});

describe('rules 2-3: parseCidrList', () => {
  test('parses one range per family, in order', () => {
    const { cidrs, violations } = parseCidrList('podCidrs', PODS, DUAL, PODS);
    expect(violations).toEqual([]);
    expect(cidrs.map((c) => c?.family)).toEqual(['IPv4', 'IPv6']);
  });

  test('skips tokens', () => {
    const { cidrs, violations } = parseCidrList('podCidrs', [Token.asString({ Ref: 'x' }), PODS[1]], DUAL, PODS);
    expect(violations).toEqual([]);
    expect(cidrs[0]).toBeUndefined();
  });

  test('fails when the count does not match ipFamilies', () => {
    const { violations } = parseCidrList('podCidrs', [PODS[0]], DUAL, PODS);
    expect(violations).toEqual([expect.objectContaining({ prop: 'podCidrs', value: [PODS[0]], rule: expect.stringMatching(/has 1 entry, but ipFamilies \["IPv4","IPv6"\] needs 2/) })]);
  });

  test('fails when the families are out of order', () => {
    const { violations } = parseCidrList('podCidrs', [PODS[1], PODS[0]], DUAL, PODS);
    expect(violations.map((v) => v.prop)).toEqual(['podCidrs[0]', 'podCidrs[1]']);
    expect(violations[0].rule).toMatch(/is IPv6, but ipFamilies\[0\] is IPv4/);
  });

  test('fails when an entry is not a CIDR', () => {
    const { violations } = parseCidrList('podCidrs', ['10.244.0.0', PODS[1]], DUAL, PODS);
    expect(violations).toEqual([expect.objectContaining({ prop: 'podCidrs[0]', value: '10.244.0.0', fix: "write it like '10.244.0.0/16'" })]);
  });
});

describe('rule 6: checkServiceCidrSize', () => {
  test('passes /108 and /16', () => {
    expect(checkServiceCidrSize('s', cidr('fd12:3456:789a:1::/108'))).toBeUndefined();
    expect(checkServiceCidrSize('s', cidr('10.0.0.0/16'))).toBeUndefined();
  });
  test('fails when IPv6 is larger than /108, suggesting the /108 at the same start', () => {
    expect(checkServiceCidrSize('s', cidr('fd12:3456:789a:1::/104'))?.fix).toBe("use a /108 or smaller (e.g. 'fd12:3456:789a:1::/108')");
  });
  test('fails when IPv4 is /12 or larger', () => {
    expect(checkServiceCidrSize('s', cidr('10.0.0.0/12'))?.rule).toMatch(/smaller than \/12/);
  });
});

describe('rule 5: checkDnsServiceIp', () => {
  const services = cidr('10.0.0.0/16');
  test('defaults to the .10 address, the .2 in a tiny range, and none where there is no room', () => {
    expect(defaultDnsServiceIp(services)).toBe('10.0.0.10');
    expect(defaultDnsServiceIp(cidr('10.0.0.0/29'))).toBe('10.0.0.2');
    expect(defaultDnsServiceIp(cidr('10.0.0.0/31'))).toBeUndefined();
    expect(checkRoomForDns('serviceCidrs[0]', cidr('10.0.0.0/31'))?.rule).toMatch(/has no room for the DNS service address/);
    expect(checkRoomForDns('serviceCidrs[0]', services)).toBeUndefined();
  });
  test('passes an address inside, past the first two', () => expect(checkDnsServiceIp('10.0.0.10', services)).toBeUndefined());
  test.each([
    ['10.1.0.10', /is outside the IPv4 service CIDR '10.0.0.0\/16'/],
    ['10.0.0.0', /is the network address/],
    ['10.0.0.1', /is the first address .* 'kubernetes' service/],
    ['10.0.255.255', /is the broadcast address of the IPv4 service CIDR '10.0.0.0\/16', which Kubernetes never allocates/],
    ['fd12::10', /is not an IPv4 address/],
  ])('fails when dnsServiceIp is %p', (value, rule) => {
    expect(checkDnsServiceIp(value, services)).toMatchObject({ prop: 'dnsServiceIp', value, rule: expect.stringMatching(rule) });
  });
});

describe('rule 7: checkOverlaps', () => {
  test('passes disjoint ranges', () => {
    expect(checkOverlaps([{ prop: 'a', cidr: cidr('10.0.0.0/16') }, { prop: 'b', cidr: cidr('10.1.0.0/16') }])).toEqual([]);
  });
  test('passes ranges of different families whose numbers coincide', () => {
    expect(checkOverlaps([{ prop: 'a', cidr: cidr('0.0.0.0/0') }, { prop: 'b', cidr: cidr('::/96') }])).toEqual([]);
  });
  test('fails naming the later range and the one it overlaps', () => {
    const violations = checkOverlaps([
      { prop: 'podCidrs[0]', cidr: cidr('10.0.0.0/8') },
      { prop: 'serviceCidrs[0]', cidr: cidr('10.0.0.0/16') },
    ]);
    expect(violations).toEqual([expect.objectContaining({ prop: 'serviceCidrs[0]', value: '10.0.0.0/16', rule: expect.stringMatching(/^overlaps podCidrs\[0\] '10.0.0.0\/8'/) })]);
  });
});

describe('rule 7 for many ranges: overlapIndex and checkOverlapsSorted agree with comparing every pair', () => {
  const named = (texts: string[]) => texts.map((t, i) => ({ prop: `r${i}`, cidr: cidr(t) }));
  const blocks = named(['10.0.0.0/8', '10.1.0.0/24', '192.168.0.0/24', 'fd00::/48', '172.16.0.0/16', '10.200.0.0/16', 'fd00:1::/64']);
  test('the index finds an overlapping block exactly when one exists, of the same family', () => {
    const find = overlapIndex(blocks);
    for (const [text, overlapping] of [['10.5.0.0/16', true], ['11.0.0.0/8', false], ['192.168.0.128/25', true], ['fd00:0:0:5::/64', true], ['fd01::/48', false], ['0.0.0.0/0', true], ['::/0', true]] as const) {
      expect([text, find({ prop: 'x', cidr: cidr(text) }) !== undefined]).toEqual([text, overlapping]);
      expect([text, checkOverlapWith({ prop: 'x', cidr: cidr(text) }, blocks) !== undefined]).toEqual([text, overlapping]);
    }
  });
  test('the sweep names a block for each range that overlaps an earlier one in address order', () => {
    expect(checkOverlapsSorted(blocks).map((v) => v.prop).sort()).toEqual(['r1', 'r5']);
    expect(checkOverlapsSorted(named(['10.0.0.0/24', '10.0.1.0/24', 'fd00::/64']))).toEqual([]);
  });
});

describe('rules 15 and 22: checkKubernetesVersion', () => {
  test.each(['1.26.3', '1.26', '1.30', '2.0'])('passes %p against 1.26.3', (v) => expect(checkKubernetesVersion(v, '1.26.3', 'x')).toBeUndefined());
  test.each(['1.26.2', '1.25', '1.9.9'])('fails when the version is %p', (v) => {
    expect(checkKubernetesVersion(v, '1.26.3', 'dual-stack CNI Overlay')?.rule).toBe('is below 1.26.3, the first version with dual-stack CNI Overlay');
  });
  test('fails when the version is not one', () => {
    expect(checkKubernetesVersion('v1.30', '1.26.3', 'x')?.rule).toBe('is not a Kubernetes version');
  });
});

describe('rule 29: checkNodeCounts', () => {
  test.each([{ nodeCount: 3 }, { minCount: 1, maxCount: 5 }, { nodeCount: 2, minCount: 1, maxCount: 5 }, {}])('passes %p', (c) => {
    expect(checkNodeCounts('', c)).toEqual([]);
  });
  test.each([
    [{ minCount: 1 }, 'minCount', /needs maxCount too/],
    [{ maxCount: 5 }, 'maxCount', /needs minCount too/],
    [{ minCount: 5, maxCount: 2 }, 'minCount', /greater than maxCount 2/],
    [{ minCount: 0, maxCount: 0 }, 'maxCount', /is 0, which azurerm refuses on every later update of an autoscaled pool/],
    [{ nodeCount: 9, minCount: 1, maxCount: 5 }, 'nodeCount', /outside the autoscaling range minCount 1 to maxCount 5/],
    [{ nodeCount: 2.5 }, 'nodeCount', /not a whole number/],
    [{ nodeCount: -1 }, 'nodeCount', /not a whole number/],
  ])('fails when counts are %p', (c, prop, rule) => {
    expect(checkNodeCounts('pool.', c)).toEqual([expect.objectContaining({ prop: `pool.${prop}`, rule: expect.stringMatching(rule) })]);
  });
  test('skips the relations when a count is a token', () => {
    expect(checkNodeCounts('', { nodeCount: Token.asNumber({ Ref: 'n' }), minCount: 1, maxCount: 3 })).toEqual([]);
    expect(checkNodeCounts('', { minCount: 4, maxCount: Token.asNumber({ Ref: 'n' }) })).toEqual([]);
  });
  test('still needs minCount and maxCount together when one is a token', () => {
    expect(checkNodeCounts('', { minCount: Token.asNumber({ Ref: 'n' }) })).toEqual([expect.objectContaining({ prop: 'minCount', rule: 'turns on autoscaling, which needs maxCount too' })]);
  });
  test('peakNodes counts maxCount when autoscaling, and nothing for a token', () => {
    expect(peakNodes({ nodeCount: Token.asNumber({ Ref: 'n' }) })).toBeUndefined();
    expect(peakNodes({ nodeCount: 2, minCount: 1, maxCount: 9 })).toBe(9);
    expect(peakNodes({ nodeCount: 2 })).toBe(2);
  });
});

describe('rule 27: checkPoolName', () => {
  test.each([['nodepool1', 'Linux'], ['abcdefghijkl', 'Linux'], ['npwin', 'Windows'], ['win123', 'Windows']] as const)('passes %p (%s)', (name, os) => {
    expect(checkPoolName(name, os)).toBeUndefined();
  });
  test('fails when a Windows name is longer than 6 characters', () => {
    expect(checkPoolName('windows1', 'Windows')).toMatchObject({ value: 'windows1', rule: expect.stringMatching(/8 characters long.*at most 6/), fix: expect.stringMatching(/'window'/) });
  });
  test('fails when the name is a token, which cannot name constructs', () => {
    expect(checkPoolName(Token.asString({ Ref: 'var.pool' }), 'Windows')?.rule).toMatch(/is a token, but a pool name also names its constructs/);
  });
  test.each([['Pool1', 'Linux'], ['1pool', 'Linux'], ['abcdefghijklm', 'Linux'], ['my-pool', 'Linux'], ['Win', 'Windows']] as const)('fails when the name is %p (%s)', (name, os) => {
    expect(checkPoolName(name, os)?.rule).toMatch(/is not a valid/);
  });
});

describe('rule 28: checkSecret', () => {
  test('passes a token', () => expect(checkSecret('p', Token.asString({ Ref: 'var.x' }))).toBeUndefined());
  test('fails when the secret is a literal, without echoing it', () => {
    const violation = checkSecret('windowsProfile.adminPassword', 'hunter2hunter2!');
    expect(violation?.rule).toMatch(/literal string/);
    expect(JSON.stringify(violation)).not.toContain('hunter2');
  });
});

describe('rule 8: checkReserved', () => {
  test('a network range may hold a reserved range, but not lie inside one or touch link-local', () => {
    expect(checkReserved({ prop: 'addressSpace[0]', cidr: cidr('172.16.0.0/12') }, true)).toBeUndefined();
    expect(checkReserved({ prop: 'addressSpace[0]', cidr: cidr('172.30.1.0/24') }, true)?.rule).toMatch(/overlaps '172.30.0.0\/16'/);
    expect(checkReserved({ prop: 'addressSpace[0]', cidr: cidr('169.0.0.0/8') }, true)?.rule).toMatch(/overlaps '169.254.0.0\/16'/);
  });
  test('passes a range clear of the reserved ones', () => expect(checkReserved({ prop: 'p', cidr: cidr('10.244.0.0/16') })).toBeUndefined());
  test.each(['169.254.0.0/16', '172.30.0.0/16', '172.31.128.0/17', '192.0.2.0/24', '172.16.0.0/12'])('fails when a range overlaps %p', (text) => {
    expect(checkReserved({ prop: 'podCidrs[0]', cidr: cidr(text) })).toMatchObject({ prop: 'podCidrs[0]', value: text, rule: expect.stringMatching(/which Azure reserves/) });
  });
});

describe('rules 17 and 23: checkPodCidrHoldsANode', () => {
  test('passes a /24 and larger', () => expect(checkPodCidrHoldsANode('p', cidr('10.244.0.0/24'), 24, 'overlay')).toBeUndefined());
  test('fails when the IPv4 range is smaller than one node takes: rule 23 on CNI Overlay, 17 on kubenet', () => {
    expect(checkPodCidrHoldsANode('podCidrs[0]', cidr('10.244.0.0/25'), 24, 'overlay')).toMatchObject({ rule: 'is smaller than /24, but each node takes a /24 of the pod range', number: 23 });
    expect(checkPodCidrHoldsANode('podCidrs[0]', cidr('10.244.0.0/25'), 24, 'kubenet')?.number).toBe(17);
  });
  test('fails when a kubenet IPv6 range is smaller than a /80', () => {
    expect(checkPodCidrHoldsANode('podCidrs[1]', cidr('fd12::/96'), 80, 'kubenet')?.fix).toMatch(/a \/72 holds 256 nodes/);
  });
});

describe('rule 10: checkEgressNextHops', () => {
  const udr = {
    outboundType: 'userDefinedRouting',
    ipFamilies: ['IPv4', 'IPv6'] as const,
    clusterRanges: [
      { prop: 'podCidrs[0]', cidr: cidr('10.244.0.0/16') },
      { prop: 'serviceCidrs[1]', cidr: cidr('fd12:3456:789a:1::/108') },
    ],
    networkRanges: [cidr('10.240.0.0/16'), cidr('2001:db8:1::/48')],
  };
  const hops = (IPv4?: string, IPv6?: string) => ({ IPv4, IPv6 });
  test('passes a private next hop per family with user-defined routing, and none without', () => {
    expect(checkEgressNextHops({ ...udr, nextHops: hops('10.240.255.4', 'fd00:db8:deca:ffff::4') })).toEqual([]);
    expect(checkEgressNextHops({ ...udr, nextHops: hops('192.168.0.4', 'fdaa::4') })).toEqual([]);
    expect(checkEgressNextHops({ ...udr, ipFamilies: ['IPv4'], nextHops: hops('172.16.0.4') })).toEqual([]);
    expect(checkEgressNextHops({ ...udr, outboundType: 'loadBalancer', nextHops: {} })).toEqual([]);
  });
  test('passes a public IPv6 next hop inside the network, whose address space may be public', () => {
    expect(checkEgressNextHops({ ...udr, nextHops: hops('10.240.255.4', '2001:db8:1:ff::4') })).toEqual([]);
  });
  test.each([
    ['IPv4 missing', hops(undefined, 'fd00::4'), 'egressNextHopIp', /is unset, but outboundType 'userDefinedRouting' gives the cluster no IPv4 egress of its own, so it needs a 0.0.0.0\/0 route/],
    ['IPv6 missing', hops('10.240.255.4'), 'egressNextHopIpv6', /gives the cluster no IPv6 egress of its own, so it needs a ::\/0 route/],
    ['an IPv6 address for IPv4', hops('fd00::4', 'fd00::5'), 'egressNextHopIp', /^is not an IPv4 address$/],
    ['an IPv4 address for IPv6', hops('10.240.255.4', '10.240.255.5'), 'egressNextHopIpv6', /^is not an IPv6 address$/],
    ['a CIDR', hops('10.240.255.4/32', 'fd00::4'), 'egressNextHopIp', /is not an IPv4 address/],
    ['loopback', hops('127.0.0.1', 'fd00::4'), 'egressNextHopIp', /is a loopback address, which no appliance can have/],
    ['IPv6 loopback', hops('10.240.255.4', '::1'), 'egressNextHopIpv6', /is a loopback address/],
    ['unspecified', hops('0.0.0.0', 'fd00::4'), 'egressNextHopIp', /is an unspecified address/],
    ['IPv6 unspecified', hops('10.240.255.4', '::'), 'egressNextHopIpv6', /is an unspecified address/],
    ['broadcast', hops('255.255.255.255', 'fd00::4'), 'egressNextHopIp', /is a broadcast address/],
    ['link-local', hops('169.254.1.1', 'fd00::4'), 'egressNextHopIp', /is a link-local address/],
    ['IPv6 link-local', hops('10.240.255.4', 'fe80::1'), 'egressNextHopIpv6', /is a link-local address/],
    ['multicast', hops('10.240.255.4', 'ff02::1'), 'egressNextHopIpv6', /is a multicast address/],
    ['a pod address', hops('10.244.3.4', 'fd00::4'), 'egressNextHopIp', /is inside podCidrs\[0\] '10.244.0.0\/16', the cluster's own addresses/],
    ['a service address', hops('10.240.255.4', 'fd12:3456:789a:1::10'), 'egressNextHopIpv6', /is inside serviceCidrs\[1\]/],
    ['an address Azure reserves', hops('172.31.0.4', 'fd00::4'), 'egressNextHopIp', /is inside '172.31.0.0\/16', which Azure reserves/],
    ['a public IPv4 address', hops('8.8.8.8', 'fd00::4'), 'egressNextHopIp', /is a public address/],
    ['a public IPv6 address outside the network', hops('10.240.255.4', '2606:4700::1111'), 'egressNextHopIpv6', /is a public address/],
  ])('fails when the next hop is %s', (_what, nextHops, prop, rule) => {
    const violations = checkEgressNextHops({ ...udr, nextHops });
    expect(violations).toHaveLength(1);
    expect(violations[0].prop).toBe(prop);
    expect(violations[0].rule).toMatch(rule);
  });
  test('fails when a next hop is given without user-defined routing, or an IPv6 one on a single-stack cluster', () => {
    expect(checkEgressNextHops({ ...udr, outboundType: 'loadBalancer', nextHops: hops('10.240.255.4') })[0].rule).toMatch(/is only used with outboundType 'userDefinedRouting'/);
    expect(checkEgressNextHops({ ...udr, ipFamilies: ['IPv4'], nextHops: hops('10.240.255.4', 'fd00::4') })[0]).toMatchObject({
      prop: 'egressNextHopIpv6',
      rule: 'is set, but the cluster has no IPv6 family',
    });
  });
});

describe('rules 12, 22: checkNetworkPolicy', () => {
  const overlay = { variant: 'overlay', dualStack: true } as const;
  test.each([
    [{ ...overlay }],
    [{ ...overlay, networkPolicy: 'cilium', networkDataPlane: 'cilium', kubernetesVersion: '1.29' }],
    [{ ...overlay, dualStack: false, networkPolicy: 'azure' }],
    [{ variant: 'kubenet', dualStack: false, networkPolicy: 'calico' }],
  ] as const)('passes %p', (settings) => expect(checkNetworkPolicy(settings)).toEqual([]));
  test.each([
    [{ ...overlay, networkPolicy: 'azure' }, 'networkPolicy', /not supported with dual-stack/],
    [{ ...overlay, networkPolicy: 'calico' }, 'networkPolicy', /not supported with dual-stack/],
    [{ ...overlay, networkPolicy: 'opa' }, 'networkPolicy', /is not 'azure', 'calico' or 'cilium'/],
    [{ ...overlay, networkPolicy: 'cilium' }, 'networkPolicy', /needs networkDataPlane 'cilium'/],
    [{ ...overlay, networkDataPlane: 'cilium' }, 'networkDataPlane', /needs networkPolicy 'cilium'/],
    [{ ...overlay, networkDataPlane: 'ebpf' }, 'networkDataPlane', /is not 'azure' or 'cilium'/],
    [{ ...overlay, networkPolicy: 'cilium', networkDataPlane: 'cilium', kubernetesVersion: '1.28' }, 'kubernetesVersion', /below 1.29, the first version with dual-stack cilium/],
    [{ variant: 'kubenet', dualStack: true, networkPolicy: 'calico' }, 'networkPolicy', /not supported with dual-stack/],
    [{ variant: 'kubenet', dualStack: false, networkPolicy: 'cilium' }, 'networkPolicy', /not supported with kubenet/],
    [{ variant: 'kubenet', dualStack: true, networkDataPlane: 'cilium' }, 'networkDataPlane', /not supported with kubenet/],
  ] as const)('fails when %p', (settings, prop, rule) => {
    expect(checkNetworkPolicy(settings)).toEqual([expect.objectContaining({ prop, rule: expect.stringMatching(rule) })]);
  });
});

describe('rule 24: checkMaxPods', () => {
  test.each([[10, 'User'], [250, 'System'], [30, 'System'], [undefined, 'System']] as const)('passes %p on a %s pool', (n, mode) => {
    expect(checkMaxPods('maxPods', n, mode)).toBeUndefined();
  });
  test.each([[9, 'User'], [251, 'User'], [29, 'System'], [50.5, 'User']] as const)('fails when maxPods is %p on a %s pool', (n, mode) => {
    expect(checkMaxPods('maxPods', n, mode)?.rule).toMatch(new RegExp(`is outside ${mode === 'System' ? 30 : 10} to 250`));
  });
});

describe('rule 30: checkOrchestratorVersion', () => {
  const MINIMUM = { version: '1.26.3', why: 'dual-stack CNI Overlay' };
  test.each([
    ['1.33', '1.33', true],
    ['1.32', '1.33', false],
    ['1.33.9', '1.33.1', false],
    ['1.33', undefined, true],
    [undefined, '1.33', false],
  ] as const)('passes pool %p on cluster %p (default pool: %p)', (pool, cluster, isDefault) => {
    expect(checkOrchestratorVersion('v', pool, cluster, isDefault, MINIMUM)).toBeUndefined();
  });
  test.each([
    ['1.32', '1.33', true, /differs from kubernetesVersion '1.33'/],
    ['1.34', '1.33', false, /is newer than kubernetesVersion '1.33'/],
    ['2.0', '1.33', false, /is newer than/],
    ['latest', '1.33', false, /is not a Kubernetes version/],
    ['1.20', undefined, false, /is below 1.26.3, the first version with dual-stack CNI Overlay/],
  ] as const)('fails when pool %p runs on cluster %p (default pool: %p)', (pool, cluster, isDefault, rule) => {
    expect(checkOrchestratorVersion('orchestratorVersion', pool, cluster, isDefault, MINIMUM)).toMatchObject({ prop: 'orchestratorVersion', value: pool, rule: expect.stringMatching(rule) });
  });
});

describe('System pools: checkSystemPoolNodes', () => {
  test.each([{ nodeCount: 1 }, { minCount: 1, maxCount: 3 }, {}])('passes %p', (counts) => expect(checkSystemPoolNodes('', counts)).toBeUndefined());
  test.each([[{ nodeCount: 0 }, 'nodeCount'], [{ minCount: 0, maxCount: 3 }, 'minCount']] as const)('fails when %p', (counts, key) => {
    expect(checkSystemPoolNodes('defaultNodePool.', counts)).toMatchObject({ prop: `defaultNodePool.${key}`, value: 0, rule: 'leaves a System pool with no node, which AKS refuses' });
  });
});

describe('advice', () => {
  test('B-series system pools', () => {
    expect(adviseSystemVmSize('vmSize', 'Standard_D2s_v5')).toBeUndefined();
    expect(adviseSystemVmSize('vmSize', 'Standard_B2ms')?.rule).toMatch(/burstable B-series/);
  });
  test('fewer than 2 system nodes', () => {
    expect(adviseSystemNodeCount({ nodepool1: 2 })).toBeUndefined();
    expect(adviseSystemNodeCount({ nodepool1: 1, other: undefined })).toBeUndefined();
    expect(adviseSystemNodeCount({ nodepool1: 1 })?.rule).toMatch(/^have 1 node at the least/);
  });
});
