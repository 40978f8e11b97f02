import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  CniOverlayDualStackCluster,
  CniOverlayDualStackClusterProps,
  DualStackLoadBalancer,
  DualStackLoadBalancerProps,
  DualStackVirtualNetwork,
  DualStackVirtualNetworkProps,
  DualStackWebApp,
  KubenetDualStackCluster,
  KubenetDualStackClusterProps,
} from '../lib';
import { DualStackClusterStack, DualStackWorkloadStack } from '../app';
import { DualStackConfigError } from '../lib/private/errors';
import { PLACE, testApp, testStack } from './util';

// A corpus of configurations Azure or Kubernetes would reject, or that would deploy broken. Each builds a
// stack and synthesizes it with validations, as `cdktf synth` does; each must be refused with our own error,
// never a TypeError or a failure from inside cdktf, and the message must quote the offending value.

const overlay = (s: TerraformStack, props: Partial<CniOverlayDualStackClusterProps> = {}) => new CniOverlayDualStackCluster(s, 'aks', { ...PLACE, ...props });
const kubenet = (s: TerraformStack, props: Partial<KubenetDualStackClusterProps> = {}) => new KubenetDualStackCluster(s, 'aks', { ...PLACE, ...props });
const network = (s: TerraformStack, props: Partial<DualStackVirtualNetworkProps> = {}) => new DualStackVirtualNetwork(s, 'net', { ...PLACE, ...props });
const loadBalancer = (s: TerraformStack, props: Partial<DualStackLoadBalancerProps> = {}) =>
  new DualStackLoadBalancer(s, 'lb', { name: 'web', selector: { app: 'web' }, port: 80, ...props });
const windows = (s: TerraformStack) => ({
  adminUsername: 'azureuser',
  adminPassword: new TerraformVariable(s, 'pw', { type: 'string', sensitive: true }).stringValue,
});
const V6_PODS = 'fd12:3456:789a::/64';
const V6_SERVICES = 'fd12:3456:789a:1::/108';

/** [what is wrong, the value the message must quote, how to build it] */
const CASES: [string, string, (s: TerraformStack) => unknown][] = [
  // The network and its subnets (rules 7, 8, 26)
  ['an address range is not a CIDR', 'fd00:db8:deca::', (s) => network(s, { addressSpace: ['10.240.0.0/16', 'fd00:db8:deca::'] })],
  ['an address range is written in octal', '010.240.0.0/16', (s) => network(s, { addressSpace: ['010.240.0.0/16', 'fd00::/48'] })],
  ['an address range has host bits', '10.240.0.1/16', (s) => network(s, { addressSpace: ['10.240.0.1/16', 'fd00::/48'] })],
  ['the address space has no IPv6', '10.240.0.0/16', (s) => network(s, { addressSpace: ['10.240.0.0/16'] })],
  ['the address space has no IPv4', 'fd00::/48', (s) => network(s, { addressSpace: ['fd00::/48'] })],
  ['the IPv6 range cannot hold a /64', 'fd00::/120', (s) => network(s, { addressSpace: ['10.240.0.0/16', 'fd00::/120'] })],
  ['address ranges overlap', '10.240.128.0/17', (s) => network(s, { addressSpace: ['10.240.0.0/16', '10.240.128.0/17', 'fd00::/48'] })],
  ['the network is in a reserved range', '169.254.0.0/16', (s) => network(s, { addressSpace: ['169.254.0.0/16', 'fd00::/48'] })],
  ['a subnet IPv6 range is not a /64', 'fd00:db8:deca::/56', (s) => network(s).addSubnet('a', { ipv6Cidr: 'fd00:db8:deca::/56' })],
  ['a subnet is outside the network', '10.241.0.0/24', (s) => network(s).addSubnet('a', { ipv4Cidr: '10.241.0.0/24' })],
  ['a subnet IPv6 range is outside the network', 'fd99::/64', (s) => network(s).addSubnet('a', { ipv6Cidr: 'fd99::/64' })],
  ['a subnet is smaller than /29', '10.240.9.0/30', (s) => network(s).addSubnet('a', { ipv4Cidr: '10.240.9.0/30' })],
  ['subnets overlap', '10.240.0.128/25', (s) => { const n = network(s); n.addSubnet('a'); n.addSubnet('b', { ipv4Cidr: '10.240.0.128/25' }); }],
  ['a subnet IPv4 range is IPv6', 'fd00:db8:deca:9::/64', (s) => network(s).addSubnet('a', { ipv4Cidr: 'fd00:db8:deca:9::/64' })],
  ['the subnet prefix length is too long', "ipv4PrefixLength 30 is not a whole number", (s) => network(s).addSubnet('a', { ipv4PrefixLength: 30 })],
  ['the IPv4 space is full', '10.0.0.0/24', (s) => { const n = network(s, { addressSpace: ['10.0.0.0/24', 'fd00::/48'] }); n.addSubnet('a'); n.addSubnet('b'); }],

  // IP families and ranges of the cluster (rules 1-8)
  ['ipFamilies is IPv6-only', 'ipFamilies ["IPv6"] is not supported', (s) => overlay(s, { ipFamilies: ['IPv6'] })],
  ['ipFamilies puts IPv6 first', '["IPv6","IPv4"]', (s) => kubenet(s, { ipFamilies: ['IPv6', 'IPv4'] })],
  ['ipFamilies names an unknown family', 'IPv7', (s) => overlay(s, { ipFamilies: ['IPv4', 'IPv7'] })],
  ['a pod CIDR is not one', '10.244.0.0/33', (s) => overlay(s, { podCidrs: ['10.244.0.0/33', V6_PODS] })],
  ['a pod CIDR has host bits', '10.244.0.1/16', (s) => kubenet(s, { podCidrs: ['10.244.0.1/16', V6_PODS] })],
  ['pod CIDRs miss a family', '10.244.0.0/16', (s) => overlay(s, { podCidrs: ['10.244.0.0/16'] })],
  ['pod CIDRs are in the wrong order', V6_PODS, (s) => kubenet(s, { podCidrs: [V6_PODS, '10.244.0.0/16'] })],
  ['service CIDRs miss a family', '10.0.0.0/16', (s) => overlay(s, { serviceCidrs: ['10.0.0.0/16'] })],
  ['the IPv6 service CIDR is larger than /108', 'fd12:3456:789a:1::/104', (s) => overlay(s, { serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a:1::/104'] })],
  ['the IPv4 service CIDR is /12', '10.0.0.0/12', (s) => kubenet(s, { serviceCidrs: ['10.0.0.0/12', V6_SERVICES] })],
  ['a service CIDR is not one', '10.0.0.0/16x', (s) => overlay(s, { serviceCidrs: ['10.0.0.0/16x', V6_SERVICES] })],
  ['the service range has no room for DNS', '10.0.0.0/31', (s) => overlay(s, { serviceCidrs: ['10.0.0.0/31', V6_SERVICES] })],
  ['dnsServiceIp is outside the service CIDR', '10.1.0.10', (s) => overlay(s, { dnsServiceIp: '10.1.0.10' })],
  ['dnsServiceIp is the network address', '10.0.0.0', (s) => kubenet(s, { dnsServiceIp: '10.0.0.0' })],
  ['dnsServiceIp is the kubernetes service address', '10.0.0.1', (s) => overlay(s, { dnsServiceIp: '10.0.0.1' })],
  ['dnsServiceIp is IPv6', 'fd12:3456:789a:1::a', (s) => overlay(s, { dnsServiceIp: 'fd12:3456:789a:1::a' })],
  ['the IPv4 pod and service CIDRs overlap', '10.244.0.0/16', (s) => overlay(s, { serviceCidrs: ['10.244.0.0/16', V6_SERVICES] })],
  ['the IPv6 pod and service CIDRs overlap', 'fd12:3456:789a::/108', (s) => kubenet(s, { serviceCidrs: ['10.0.0.0/16', 'fd12:3456:789a::/108'] })],
  ['the pod CIDR overlaps the network', '10.240.0.0/16', (s) => overlay(s, { podCidrs: ['10.240.0.0/16', V6_PODS] })],
  ['the service CIDR overlaps a network passed in', '10.1.0.0/16', (s) => overlay(s, { network: network(s, { addressSpace: ['10.1.0.0/16', 'fd00::/48'] }), serviceCidrs: ['10.1.0.0/16', V6_SERVICES] })],
  ['the pod CIDR is reserved', '172.30.0.0/16', (s) => overlay(s, { podCidrs: ['172.30.0.0/16', V6_PODS] })],
  ['the service CIDR is reserved', '192.0.2.0/24', (s) => kubenet(s, { serviceCidrs: ['192.0.2.0/24', V6_SERVICES] })],
  ['the pod CIDR is smaller than a node takes', '10.244.0.0/25', (s) => overlay(s, { podCidrs: ['10.244.0.0/25', V6_PODS] })],
  ['the kubenet IPv6 pod CIDR is smaller than a node takes', 'fd12::/96', (s) => kubenet(s, { podCidrs: ['10.244.0.0/16', 'fd12::/96'] })],
  ['the IPv4 service range is a token and dnsServiceIp unset', 'serviceCidrs[0] is a token', (s) =>
    overlay(s, { serviceCidrs: [new TerraformVariable(s, 'svc', { type: 'string' }).stringValue, V6_SERVICES] })],

  // Versions (rules 15, 22, 30)
  ['kubenet runs a version before 1.21.2', '1.21.1', (s) => kubenet(s, { kubernetesVersion: '1.21.1' })],
  ['CNI Overlay runs a version before 1.26.3', '1.26.2', (s) => overlay(s, { kubernetesVersion: '1.26.2' })],
  ['the version is not one', 'v1.30', (s) => overlay(s, { kubernetesVersion: 'v1.30' })],
  ['cilium runs before 1.29', "kubernetesVersion '1.28' is below 1.29", (s) => overlay(s, { kubernetesVersion: '1.28', networkPolicy: 'cilium', networkDataPlane: 'cilium' })],
  ['the default pool runs another version', "orchestratorVersion '1.32' differs from kubernetesVersion", (s) => overlay(s, { kubernetesVersion: '1.33', defaultNodePool: { orchestratorVersion: '1.32' } })],
  ['a pool runs ahead of the control plane', "orchestratorVersion '1.34' is newer than", (s) => overlay(s, { kubernetesVersion: '1.33' }).addNodePool('apps', { orchestratorVersion: '1.34' })],

  // Egress and policy (rules 10, 12, 25)
  ['the outbound type is a NAT gateway', 'managedNATGateway', (s) => overlay(s, { outboundType: 'managedNATGateway' as 'loadBalancer' })],
  ['the outbound type is a user-assigned NAT gateway', 'userAssignedNATGateway', (s) => kubenet(s, { outboundType: 'userAssignedNATGateway' as 'loadBalancer' })],
  ['user-defined routing has no appliance', 'userDefinedRouting', (s) => overlay(s, { outboundType: 'userDefinedRouting' })],
  ['the appliance address is not IPv4', 'fd00::4', (s) => overlay(s, { outboundType: 'userDefinedRouting', egressNextHopIp: 'fd00::4' })],
  ['an appliance is given without user-defined routing', '10.240.255.4', (s) => overlay(s, { egressNextHopIp: '10.240.255.4' })],
  ['the Azure network policy is asked for', "networkPolicy 'azure' is not supported with dual-stack", (s) => overlay(s, { networkPolicy: 'azure' })],
  ['the Calico network policy is asked for on kubenet', "networkPolicy 'calico' is not supported with dual-stack", (s) => kubenet(s, { networkPolicy: 'calico' })],
  ['cilium policy has no cilium data plane', "networkPolicy 'cilium' needs networkDataPlane 'cilium'", (s) => overlay(s, { networkPolicy: 'cilium' })],
  ['kubenet is given the cilium data plane', "networkDataPlane 'cilium' is not supported with kubenet", (s) => kubenet(s, { networkDataPlane: 'cilium' })],
  ['a Windows pool runs on the cilium data plane', "osType 'Windows' is not supported on the cilium data plane", (s) =>
    overlay(s, { networkPolicy: 'cilium', networkDataPlane: 'cilium', windowsProfile: windows(s) }).addNodePool('npwin', { osType: 'Windows' })],

  // Node pools (rules 16-18, 24, 26-29, 31)
  ['a kubenet cluster grows past 200 nodes', '{"nodepool1":3,"big":198}', (s) => kubenet(s).addNodePool('big', { minCount: 1, maxCount: 198 })],
  ['pools outgrow the pod range', '{"nodepool1":3,"apps":2}', (s) => overlay(s, { podCidrs: ['10.244.0.0/22', V6_PODS] }).addNodePool('apps', { nodeCount: 2 })],
  ['pools outgrow their subnet', '10.240.1.0/28', (s) => { const c = overlay(s); c.addNodePool('apps', { nodeCount: 11, subnet: c.network.addSubnet('small', { ipv4PrefixLength: 28 }) }); }],
  ['a kubenet pool is Windows', "osType 'Windows' is not supported with dual-stack kubenet", (s) => kubenet(s).addNodePool('win', { osType: 'Windows' })],
  ['a Windows pool name is longer than 6 characters', 'windows1', (s) => overlay(s, { windowsProfile: windows(s) }).addNodePool('windows1', { osType: 'Windows' })],
  ['a Windows pool has no Windows profile', "osType 'Windows' needs the cluster's windowsProfile", (s) => overlay(s).addNodePool('npwin', { osType: 'Windows' })],
  ['a Windows pool is System mode', "mode 'System' is not allowed on a Windows pool: System pools must be Linux", (s) => overlay(s, { windowsProfile: windows(s) }).addNodePool('npwin', { osType: 'Windows', mode: 'System' })],
  ['the Windows password is a literal', "adminPassword '********' is a literal string", (s) => overlay(s, { windowsProfile: { adminUsername: 'azureuser', adminPassword: 'S3cret!S3cret!' } })],
  ['a pool name has an underscore', 'Pool_1', (s) => overlay(s).addNodePool('Pool_1')],
  ['a pool name is longer than 12 characters', 'abcdefghijklm', (s) => kubenet(s).addNodePool('abcdefghijklm')],
  ['the default pool name starts with a digit', '1pool', (s) => overlay(s, { defaultNodePool: { name: '1pool' } })],
  ['a pool name is taken', 'nodepool1', (s) => overlay(s).addNodePool('nodepool1')],
  ['minCount comes without maxCount', 'minCount 2', (s) => overlay(s).addNodePool('apps', { minCount: 2 })],
  ['maxCount comes without minCount', 'maxCount 4', (s) => kubenet(s, { defaultNodePool: { maxCount: 4 } })],
  ['minCount exceeds maxCount', 'minCount 5', (s) => overlay(s).addNodePool('apps', { minCount: 5, maxCount: 2 })],
  ['nodeCount is outside the autoscaling range', 'nodeCount 9', (s) => overlay(s).addNodePool('apps', { nodeCount: 9, minCount: 1, maxCount: 3 })],
  ['nodeCount is not a whole number', 'nodeCount 2.5 is not a whole number', (s) => overlay(s).addNodePool('apps', { nodeCount: 2.5 })],
  ['maxPods is over 250', 'maxPods 251 is outside 10 to 250', (s) => overlay(s).addNodePool('apps', { maxPods: 251 })],
  ['a System pool runs fewer than 30 pods', 'maxPods 20 is outside 30 to 250', (s) => kubenet(s, { defaultNodePool: { maxPods: 20 } })],
  ['a pool subnet is in another network', 'test/other/s', (s) => overlay(s).addNodePool('apps', { subnet: new DualStackVirtualNetwork(s, 'other', PLACE).addSubnet('s') })],
  ['two kubenet clusters share a subnet', 'test/aks/Network/aks-nodepool1', (s) => {
    const first = kubenet(s);
    new KubenetDualStackCluster(s, 'second', { ...PLACE, network: first.network, podCidrs: ['10.245.0.0/16', 'fd12:3456:789b::/64'], serviceCidrs: ['10.1.0.0/16', 'fd12:3456:789b:1::/108'], defaultNodePool: { subnet: first.defaultNodePoolSubnet } });
  }],

  // Kubernetes services and workloads (rules 33-39)
  ['an IPv6 service would use the Cluster policy', "externalTrafficPolicy 'Cluster' is not supported on an IPv6 service", (s) => loadBalancer(s, { externalTrafficPolicy: 'Cluster' })],
  ['the selector is empty', 'selector {} is empty', (s) => loadBalancer(s, { selector: {} })],
  ['a port is out of range', 'port 70000 is not a port number', (s) => loadBalancer(s, { port: 70000 })],
  ['a target port is not a port', 'Bad_Name', (s) => loadBalancer(s, { targetPort: 'Bad_Name' })],
  ['port and ports are both given', 'port 80 is given together with ports', (s) => loadBalancer(s, { ports: [{ port: 80 }] })],
  ['several ports lack names', 'ports[0].name', (s) => loadBalancer(s, { port: undefined, ports: [{ port: 80 }, { port: 443 }] })],
  ['load_balancer_ip is set through the escape hatch', '20.1.2.3', (s) => { loadBalancer(s).ipv4Service!.spec.loadBalancerIp = '20.1.2.3'; }],
  ['load_balancer_class is overridden', 'example.com/lb', (s) => loadBalancer(s).ipv6Service!.addOverride('spec.load_balancer_class', 'example.com/lb')],
  ['the service name is not a Kubernetes name', 'Web_App', (s) => loadBalancer(s, { name: 'Web_App' })],
  ['a service family is unknown', 'IPv5', (s) => loadBalancer(s, { ipFamilies: ['IPv5'] })],
  ['the external traffic policy is misspelt', 'Locale', (s) => loadBalancer(s, { externalTrafficPolicy: 'Locale' as 'Local' })],
  ['replicas is not a whole number', 'replicas 2.5 is not a whole number', (s) => new DualStackWebApp(s, 'web', { replicas: 2.5 })],
  ['the web app name is not a Kubernetes name', 'Nginx', (s) => new DualStackWebApp(s, 'web', { name: 'Nginx' })],
  ['the namespace is not a namespace name', "namespace 'My_NS' is not a namespace name", (s) => new DualStackWebApp(s, 'web', { namespace: 'My_NS' })],
  ['a target port is out of range, as a string', "targetPort '70000' is neither a port number", (s) => loadBalancer(s, { targetPort: '70000' })],
  ['two ports repeat a port and protocol', 'ports[1].port 80 is listed twice for TCP', (s) => loadBalancer(s, { port: undefined, ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] })],
  ['the IPv6 service is switched to Cluster on the raw resource', "ipv6 spec.external_traffic_policy 'Cluster'", (s) => { loadBalancer(s).ipv6Service!.spec.externalTrafficPolicy = 'Cluster'; }],

  // Found by the second review
  ['a System pool could have no node', 'defaultNodePool.nodeCount 0 leaves a System pool with no node', (s) => overlay(s, { defaultNodePool: { nodeCount: 0 } })],
  ['dnsServiceIp is the broadcast address', "dnsServiceIp '10.0.255.255' is the broadcast address", (s) => kubenet(s, { dnsServiceIp: '10.0.255.255' })],
  ['a pool version is below the variant minimum', "orchestratorVersion '1.20' is below 1.26.3", (s) => overlay(s).addNodePool('old', { orchestratorVersion: '1.20' })],
  ['user-defined routing fills the kubenet route table', 'over 199', (s) => kubenet(s, { outboundType: 'userDefinedRouting', egressNextHopIp: '10.240.255.4', egressNextHopIpv6: 'fd00::4' }).addNodePool('big', { nodeCount: 197 })],
  ['a pool name is a token', 'is a token, but a pool name also names its constructs', (s) => overlay(s).addNodePool(new TerraformVariable(s, 'n', { type: 'string' }).stringValue)],
  ['the network lies inside a reserved range', "addressSpace[0] '172.31.4.0/22' overlaps '172.31.0.0/16'", (s) => network(s, { addressSpace: ['172.31.4.0/22', 'fd00::/48'] })],
];

/** Stacks built on an app of their own, not in the corpus's stack. */
const STACK_CASES: [string, string, () => unknown][] = [
  ['the name prefix has capitals', 'Team', () => new DualStackClusterStack(testApp(), 's', { variant: 'overlay', namePrefix: 'Team' })],
  ['the variant is unknown', 'azure', () => new DualStackClusterStack(testApp(), 's', { variant: 'azure' as 'overlay' })],
  ['a workload stack gets a token cluster name', 'clusterName', () => {
    const app = testApp();
    const clusters = new DualStackClusterStack(app, 'c', { variant: 'overlay' });
    new DualStackWorkloadStack(app, 'w', { clusterName: clusters.cluster.resource.name, resourceGroupName: 'rg' });
  }],
];

/** The error a build throws, synthesized with validations, or undefined. */
function failureOf(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

test('the corpus holds at least 60 configurations', () => {
  expect(CASES.length + STACK_CASES.length).toBeGreaterThanOrEqual(60);
});

test.each([
  ...CASES.map(([what, value, build]): [string, string, () => unknown] => [what, value, () => {
    const stack = testStack();
    build(stack);
    Testing.synth(stack, true);
  }]),
  ...STACK_CASES,
])('refuses a configuration where %s, quoting %p', (_what, value, build) => {
  const error = failureOf(build);
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(TypeError);
  const message = (error as Error).message;
  // Ours: thrown at construction, or one of our checks failing cdktf's synth-time validation.
  const ours = error instanceof DualStackConfigError || /^Validation failed with the following errors:\n  \[[^\]]+\] \S+/.test(message);
  expect([ours, message]).toEqual([true, message]);
  expect(message).toContain(value);
  expect(message).not.toMatch(/Found resources without a matching provider|node_modules|at \w+ \(/);
});
