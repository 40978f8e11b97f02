// First: makes the app's start cheaper before cdktf loads (see the file).
import './app/fast-start';
import { existsSync } from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { CONTEXT_KEY, addExampleStacks, describeSettings, printAddressPlans, printWarnings, readContext, readSettings, replaceOutput, runSynth } from './app';

// cdktf.json as the cdktf CLI reads it, from the working folder; else the project's own, beside main.ts (one
// folder above the compiled dist/main.js), so that `node dist/main.js` works from anywhere. Under the CLI, the
// CLI passes the same context (CDKTF_CONTEXT_JSON), and it takes precedence.
const cdktfJson = [path.resolve('cdktf.json'), path.join(__dirname, 'cdktf.json'), path.join(__dirname, '..', 'cdktf.json')].find((p) => existsSync(p));
// Where cdktf's App would write: the CLI's CDKTF_OUTDIR, else cdktf.out in the working folder.
const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
const underCli = process.env.CDKTF_OUTDIR !== undefined;
// The CLI has cdktf write stacks with error annotations and reports them after the run; here they fail the
// run before the output is replaced.
delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
let context: Record<string, unknown> | undefined;
let app: App | undefined;

process.exitCode = runSynth(
  () => {
    context = readContext(cdktfJson);
    // All or nothing: the stacks go to a staging folder, which replaces the output once every stack is valid.
    replaceOutput(
      outdir,
      (staging) => {
        // Stack traces in warnings are never read here.
        // The output being replaced is the previous synth, which rule 13 compares with (replacements).
        app = new App({ context: { 'aks-dualstack:previousOutput': path.resolve(outdir), ...context }, outdir: staging, stackTraces: false });
        addExampleStacks(app, readSettings(app));
        app.synth();
      },
      { underCli },
    );
    printAddressPlans(app!);
    if (!underCli) printWarnings(app!);
  },
  console.error,
  // None when cdktf.json or CDKTF_CONTEXT_JSON is not JSON: the one line about it says all there is.
  () => (context === undefined ? [] : describeSettings(app?.node.tryGetContext(CONTEXT_KEY) ?? context[CONTEXT_KEY])),
);
