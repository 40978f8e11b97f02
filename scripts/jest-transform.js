// Jest's TypeScript transform: transpile only (tsc type-checks in __tests__/package.test.ts), the compiler
// loaded only when a file is not in jest's cache yet.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const CONFIG = path.join(__dirname, '..', 'tsconfig.test.json');
let compilerOptions;

function options() {
  if (!compilerOptions) {
    const ts = require('typescript');
    const parsed = ts.getParsedCommandLineOfConfigFile(CONFIG, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    compilerOptions = { ...parsed.options, sourceMap: false, inlineSourceMap: true, inlineSources: true, declaration: false, noEmit: false };
  }
  return compilerOptions;
}

module.exports = {
  getCacheKey(source, filename) {
    return crypto.createHash('sha1').update(source).update('\0').update(filename).update('\0').update(fs.readFileSync(CONFIG)).update('\0v1').digest('hex');
  },
  process(source, filename) {
    const ts = require('typescript');
    return { code: ts.transpileModule(source, { compilerOptions: options(), fileName: filename }).outputText };
  },
};
