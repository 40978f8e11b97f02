import * as path from 'path';
import { skipTokenStackTraces } from './token-traces';

// The app's start, made cheaper where cdktf spends time on what the app never uses. Imported (for its effects)
// before anything else loads cdktf or the library. The library changes nothing global unless asked: this is
// for the app's process.

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

skipTokenStackTraces();
loadArchiverOnFirstUse();
// The library's checks at synth read each stack just before cdktf writes it: cdktf takes that reading.
(require('../lib') as typeof import('../lib')).reuseCheckedConfigurations();
