#!/usr/bin/env bash
# The package as a user gets it: npm pack, install the tarball into an empty TypeScript project with its peer
# dependencies, type-check an app that imports it (classic and node16 resolution), and synthesize one cluster.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
echo "packed $tarball: $(tar -tzf "$work/$tarball" | wc -l) files"
version() { node -p "require('$root/package.json').devDependencies['$1']"; }

cd "$work"
npm init -y > /dev/null
npm install --no-audit --no-fund --prefer-offline --loglevel=error "./$tarball" \
  "cdktf@$(version cdktf)" "constructs@$(version constructs)" \
  "@cdktf/provider-azurerm@$(version @cdktf/provider-azurerm)" "@cdktf/provider-kubernetes@$(version @cdktf/provider-kubernetes)" \
  "@cdktf/provider-time@$(version @cdktf/provider-time)" \
  "typescript@$(version typescript)"

cat > app.ts <<'TS'
import { App, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { CniOverlayDualStackCluster, DualStackVirtualNetwork, formatAddressPlan } from 'aks-dualstack';
import { SETTINGS } from 'aks-dualstack/app';
declare const console: { log(text: string): void };

const app = new App({ outdir: 'cdktf.out', stackTraces: false });
const stack = new TerraformStack(app, 'smoke');
new AzurermProvider(stack, 'azurerm', { features: [{}] });
const network = new DualStackVirtualNetwork(stack, 'Network', { resourceGroupName: 'rg', location: 'westeurope' });
const cluster = new CniOverlayDualStackCluster(stack, 'Cluster', { resourceGroupName: 'rg', location: 'westeurope', network });
cluster.addNodePool('apps', { nodeCount: 2 });
app.synth();
console.log(formatAddressPlan(cluster.addressPlan()));
console.log(`the example app's ${SETTINGS.length} settings, from aks-dualstack/app`);
TS
# No @types/node and full checking of the package's declarations: what a consumer's strict build sees.
npx tsc --strict --target ES2022 --module commonjs app.ts
npx tsc --strict --target ES2022 --module node16 --moduleResolution node16 --noEmit app.ts
node app.js
# Messages refer to the rules by number: the rules ship with the package.
test -s node_modules/aks-dualstack/docs/rules.md
node -e "
const json = require('./cdktf.out/stacks/smoke/cdk.tf.json');
const pools = Object.keys(json.resource.azurerm_kubernetes_cluster_node_pool ?? {});
if (Object.keys(json.resource.azurerm_kubernetes_cluster ?? {}).length !== 1 || pools.length !== 1) throw new Error('unexpected output');
console.log('package smoke test passed: one cluster and ' + pools.length + ' pool synthesized from the installed tarball');
"
