import { App, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { CniOverlayDualStackCluster, DualStackVirtualNetwork } from '../lib';
import { takeWrittenStack } from '../lib/private/written';
import { testApp } from './util';

// Synth time grows with the estate no worse than linearly: the checks that compare subnets and pools with
// each other run once per synth, over sorted ranges. Times are compared with each other, in one process,
// never with seconds, so the test holds on any machine; they are this process's CPU time, the better of two,
// so that the other test files running beside it do not sway them.

let outdir: string;
beforeAll(() => (outdir = testApp().outdir));

/** Builds and validates clusters of pools on one network, as a synth does, and returns the CPU seconds it took. */
function synth(clusters: number, pools: number): number {
  const start = process.cpuUsage();
  const stack = new TerraformStack(new App({ outdir, stackTraces: false }), 'estate');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const network = new DualStackVirtualNetwork(stack, 'Network', { resourceGroupName: 'rg', location: 'eastus2', addressSpace: ['10.0.0.0/8', 'fd00::/40'] });
  for (let c = 0; c < clusters; c++) {
    const cluster = new CniOverlayDualStackCluster(stack, `Cluster${c}`, {
      resourceGroupName: 'rg',
      location: 'eastus2',
      network,
      podCidrs: [`100.${64 + c}.0.0/16`, `fd12:${c + 1}::/64`],
      serviceCidrs: [`172.${16 + c}.0.0/16`, `fd13:${c + 1}::/108`],
    });
    for (let p = 0; p < pools; p++) cluster.addNodePool(`pool${p}`, { nodeCount: 1 });
  }
  stack.runAllValidations();
  if (!takeWrittenStack(stack)) stack.toTerraform();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

test('4 clusters of 50 pools on one network take at most 5 times as long as 1 (linear is 4)', () => {
  synth(1, 20); // warm-up: module code compiled, caches filled
  const best = (clusters: number) => Math.min(synth(clusters, 50), synth(clusters, 50));
  const one = best(1);
  const four = best(4);
  expect(four / one).toBeLessThan(5);
});
