import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { App, TerraformStack } from 'cdktf';
import { CniOverlayDualStackCluster, KubenetDualStackCluster } from '../lib';
import { addExampleStacks } from '../lib/example-app';

/**
 * The benchmark's app: `example` is the example app (four stacks); a number N is an estate of N clusters, each
 * in a stack of its own with 3 pools, kubenet and CNI Overlay in turn. The app's peak memory (KiB) is printed
 * as the last line of standard output.
 */
export function runBenchApp(scenario: string, appOptions: { stackTraces?: boolean }): void {
  const app = new App(appOptions);
  if (scenario === 'example') {
    addExampleStacks(app, {});
  } else {
    for (let i = 0; i < Number(scenario); i++) {
      const stack = new TerraformStack(app, `cluster-${i}`);
      new AzurermProvider(stack, 'azurerm', { features: [{}] });
      const group = new ResourceGroup(stack, 'Group', { name: `rg-bench-${i}`, location: 'westeurope' });
      const Cluster = i % 2 === 0 ? KubenetDualStackCluster : CniOverlayDualStackCluster;
      const cluster = new Cluster(stack, 'Cluster', { name: `aks-bench-${i}`, resourceGroupName: group.name, location: 'westeurope' });
      cluster.addNodePool('apps', { nodeCount: 2 });
      cluster.addNodePool('batch', { minCount: 0, maxCount: 5 });
    }
  }
  app.synth();
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
}
