import * as path from 'path';

// The app's start, made cheaper where cdktf spends time on what the app never uses. Imported before anything
// else loads cdktf. The library itself changes nothing global: this is for the app's own process only.

// cdktf loads `archiver` (76 ms) at start for zipping assets, which these stacks have none of: it is loaded on
// first use instead.
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

// cdktf (and constructs) capture a full stack trace into a `{ stack: '' }` object for every token they create,
// for messages the app runs without (`stackTraces: false`). Errors keep their stack traces.
const capture = Error.captureStackTrace;
Error.captureStackTrace = (target: object, ctor?: Function) => {
  if (target instanceof Error || (target as { stack?: unknown }).stack !== '') capture(target, ctor);
};

// The gate at synth reads each stack's configuration just before cdktf writes it; cdktf takes that reading
// instead of resolving the stack again.
/* eslint-disable @typescript-eslint/no-require-imports */
const { TerraformStack } = require('cdktf') as typeof import('cdktf');
const { takeWrittenStack } = require('./written') as typeof import('./written');
const toTerraform = TerraformStack.prototype.toTerraform;
TerraformStack.prototype.toTerraform = function (this: InstanceType<typeof TerraformStack>) {
  return takeWrittenStack(this) ?? toTerraform.call(this);
};
