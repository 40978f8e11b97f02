import { existsSync, mkdirSync, readFileSync, rmSync } from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { CONTEXT_KEY, describeSettings, readSettings } from './lib/app-settings';
import { addExampleStacks, printAddressPlans, printWarnings, runSynth } from './lib/example-app';

// Run directly (`node dist/main.js`), the app reads cdktf.json's context itself; under the cdktf CLI, the
// CLI passes the same context (CDKTF_CONTEXT_JSON), and it takes precedence.
// cdktf.json sits beside main.ts, one folder above the compiled dist/main.js.
const cdktfJson = [path.join(__dirname, 'cdktf.json'), path.join(__dirname, '..', 'cdktf.json')].find((p) => existsSync(p))!;
const context = JSON.parse(readFileSync(cdktfJson, 'utf8')).context ?? {};
const underCli = process.env.CDKTF_OUTDIR !== undefined;
let app: App | undefined;

process.exitCode = runSynth(
  () => {
    // Stack traces in warnings are never read here.
    app = new App({ context, stackTraces: false });
    addExampleStacks(app, readSettings(app));
    // Run directly, clear stacks that the settings no longer make (the CLI does this itself); cdktf writes
    // each stack's folder into an existing stacks/.
    if (!underCli) {
      const stacks = path.join(app.outdir, 'stacks');
      rmSync(stacks, { recursive: true, force: true });
      mkdirSync(stacks, { recursive: true });
    }
    app.synth();
    printAddressPlans(app);
    if (!underCli) printWarnings(app);
  },
  console.error,
  () => describeSettings(app?.node.tryGetContext(CONTEXT_KEY) ?? context[CONTEXT_KEY]),
);
