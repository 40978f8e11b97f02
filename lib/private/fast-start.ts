import * as path from 'path';
import { skipTokenStackTraces } from './token-traces';

// The app's start, made cheaper where cdktf spends time on what the app never uses. Imported (for its effects)
// before anything else loads cdktf. The library itself changes nothing global: this is for the app's process.

/**
 * cdktf loads `archiver` (76 ms) at start for zipping assets, which these stacks have none of: it is loaded on
 * first use instead.
 */
function loadArchiverOnFirstUse(): void {
  try {
    const id = require.resolve('archiver', { paths: [path.dirname(require.resolve('cdktf'))] });
    require.cache[id] = {
      id,
      filename: id,
      loaded: true,
      exports: (...args: unknown[]) => {
        delete require.cache[id];
        return require(id)(...args);
      },
    } as unknown as NodeJS.Module;
  } catch {
    // A cdktf that does not use archiver, or finds it elsewhere: nothing to save.
  }
}

/**
 * The gate at synth reads each stack's configuration just before cdktf writes it; cdktf takes that reading
 * instead of resolving the stack again. Only for a process that synthesizes once, as the app does.
 */
function reuseGateReading(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { TerraformStack } = require('cdktf') as typeof import('cdktf');
  const { takeWrittenStack } = require('./written') as typeof import('./written');
  const toTerraform = TerraformStack.prototype.toTerraform;
  TerraformStack.prototype.toTerraform = function (this: InstanceType<typeof TerraformStack>) {
    return takeWrittenStack(this) ?? toTerraform.call(this);
  };
}

skipTokenStackTraces();
loadArchiverOnFirstUse();
reuseGateReading();
