import { readFileSync } from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { CONTEXT_KEY, describeSettings, readSettings } from './lib/app-settings';
import { addExampleStacks, printAddressPlans, printWarnings, runSynth } from './lib/example-app';

// Run directly (`node dist/main.js`), the app reads cdktf.json's context itself; under the cdktf CLI, the
// CLI passes the same context and it takes precedence.
const context = JSON.parse(readFileSync(path.join(__dirname, '..', 'cdktf.json'), 'utf8')).context ?? {};

process.exitCode = runSynth(
  () => {
    // Stack traces per construct and token cost most of a synth's time and are never read here.
    const app = new App({ context, stackTraces: false });
    addExampleStacks(app, readSettings(app));
    app.synth();
    printAddressPlans(app);
    // The cdktf CLI prints warnings itself (and sets CDKTF_OUTDIR); run directly, nothing else would.
    if (!process.env.CDKTF_OUTDIR) printWarnings(app);
  },
  console.error,
  () => describeSettings(context[CONTEXT_KEY]),
);
