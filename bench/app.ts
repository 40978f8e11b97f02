import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { CniOverlayDualStackCluster, DualStackVirtualNetwork } from '../lib';
import { addExampleStacks } from '../app';

/** Pools per cluster in the estate scenarios. */
export const ESTATE_POOLS = 50;

/** Adds an estate to a stack: `clusters` CNI Overlay clusters of 50 pools each, on one shared network. */
export function addEstate(stack: TerraformStack, clusters: number): void {
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const network = new DualStackVirtualNetwork(stack, 'Network', { resourceGroupName: 'rg', location: 'westeurope', addressSpace: ['10.0.0.0/8', 'fd00::/40'] });
  for (let c = 0; c < clusters; c++) {
    const cluster = new CniOverlayDualStackCluster(stack, `Cluster${c}`, {
      resourceGroupName: 'rg',
      location: 'westeurope',
      network,
      podCidrs: [`100.${64 + c}.0.0/16`, `fd12:${c + 1}::/64`],
      serviceCidrs: [`172.${16 + c}.0.0/16`, `fd13:${c + 1}::/108`],
    });
    for (let p = 0; p < ESTATE_POOLS; p++) cluster.addNodePool(`pool${p}`, { nodeCount: 1 });
  }
}

/**
 * The benchmark's app: `example` is the example app (four stacks); `estate-N` is N clusters of 50 pools on one
 * shared network, in one stack. The app's peak memory (KiB) is printed as the last line of standard output.
 */
export function runBenchApp(scenario: string, appOptions: { stackTraces?: boolean }): void {
  const app = new App(appOptions);
  if (scenario === 'example') {
    addExampleStacks(app, {});
  } else {
    addEstate(new TerraformStack(app, 'estate'), Number(/^estate-(\d+)$/.exec(scenario)?.[1]));
  }
  app.synth();
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
}
