// The naive baseline, as a default CDKTF template runs: under ts-node (type-checking), the providers' root
// barrels imported, and the App's defaults (stack traces on). The stacks are the same as in fast.ts.
import '@cdktf/provider-azurerm';
import '@cdktf/provider-kubernetes';
import { runBenchApp } from './app';

runBenchApp(process.argv[2], {});
