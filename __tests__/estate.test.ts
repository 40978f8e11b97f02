import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AnnotationMetadataEntryType, App, TerraformStack } from 'cdktf';
import { addEstate } from '../bench/app';
import { CniOverlayDualStackCluster, DualStackVirtualNetwork } from '../lib';
import { takeWrittenStack, whileSynthesizing } from '../lib/private/written';
import { testApp } from './util';

// Synth time grows with the estate no worse than linearly: the checks that compare subnets and pools with
// each other run once per synth, over sorted ranges. Times are compared with each other, in one process,
// never with seconds, so the test holds on any machine; they are this process's CPU time, so that the test
// files running beside it do not sway them.

let outdir: string;
beforeAll(() => (outdir = testApp().outdir));

/** Builds and validates clusters of 50 pools on one network, as a synth does, and returns the CPU seconds it took. */
function synth(clusters: number): number {
  const start = process.cpuUsage();
  const stack = new TerraformStack(new App({ outdir, stackTraces: false }), 'estate');
  addEstate(stack, clusters);
  whileSynthesizing(() => {
    stack.runAllValidations();
    if (!takeWrittenStack(stack)) stack.toTerraform();
  });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

test('4 clusters of 50 pools on one network take at most 5 times as long as 1 (linear is 4)', () => {
  // Warm-up: module code compiled and optimized for both sizes, caches filled.
  synth(1);
  synth(4);
  // Five runs each, interleaved so that a moment of load on the machine hits both sides, and summed: the
  // garbage collection a run leaves for the next is counted on both sides too, and a run that happened to
  // need none weighs a fifth.
  const runs = [1, 4, 1, 4, 1, 4, 1, 4, 1, 4].map((clusters) => [clusters, synth(clusters)]);
  const total = (clusters: number) => runs.filter(([c]) => c === clusters).reduce((sum, [, seconds]) => sum + seconds, 0);
  const one = total(1);
  const four = total(4);
  expect(four / one).toBeLessThan(5);
});

/** Builds and validates `clusters` CNI Overlay clusters with the same pod ranges on one network: CPU seconds, and the warnings' bytes. */
function sharedNetwork(clusters: number): { seconds: number; warnings: string[] } {
  const start = process.cpuUsage();
  const stack = new TerraformStack(new App({ outdir, stackTraces: false }), 'estate');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const network = new DualStackVirtualNetwork(stack, 'net', { resourceGroupName: 'rg', location: 'eastus2', addressSpace: ['10.96.0.0/14', 'fd00::/48'] });
  // One subnet for all the pools (CNI Overlay clusters may share one): the clusters alone grow with the estate.
  const subnet = network.addSubnet('nodes', { ipv4PrefixLength: 20 });
  for (let i = 0; i < clusters; i++) {
    new CniOverlayDualStackCluster(stack, `c${i}`, { resourceGroupName: 'rg', location: 'eastus2', network, serviceCidrs: ['172.16.0.0/16', 'fd12:3456:789a:1::/108'], defaultNodePool: { nodeCount: 2, subnet }, rolePropagationWait: '0s' });
  }
  whileSynthesizing(() => {
    stack.runAllValidations();
    if (!takeWrittenStack(stack)) stack.toTerraform();
  });
  const used = process.cpuUsage(start);
  const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data)));
  return { seconds: (used.user + used.system) / 1e6, warnings };
}

test('300 clusters sharing pod ranges on one network get one warning, and take at most 5 times as long as 100 (linear is 3, one warning per pair 9)', () => {
  // Warmed up by the test above; each size twice, interleaved, and the quicker run kept, as a run may meet a
  // garbage collection the other did not.
  const runs = [100, 300, 100, 300].map((n) => sharedNetwork(n));
  const quicker = (a: (typeof runs)[number], b: (typeof runs)[number]) => (a.seconds <= b.seconds ? a : b);
  const [hundred, threeHundred] = [quicker(runs[0], runs[2]), quicker(runs[1], runs[3])];
  // One warning per network, not one per pair (300 clusters used to give 89,700 of them).
  expect(threeHundred.warnings).toHaveLength(1);
  expect(threeHundred.warnings[0]).toMatch(/^podCidrs overlap between clusters on network 'estate\/net': '10.244.0.0\/16' of clusters 'estate\/c0', 'estate\/c1', 'estate\/c2', 'estate\/c3', 'estate\/c4' and 295 more \(300\); 'fd12:3456:789a::\/64' of clusters .* \(rule 52\)$/);
  const bytes = (r: { warnings: string[] }) => r.warnings.join('\n').length;
  expect(bytes(threeHundred) / bytes(hundred)).toBeLessThan(3);
  expect(threeHundred.seconds / hundred.seconds).toBeLessThan(5);
});
