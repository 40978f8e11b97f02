#!/usr/bin/env node
// `npm run synth` and the cdktf CLI's app command: compiles what changed since the last run, then runs the
// app in this same process. `npm run example <name>` runs examples/<name>/main.ts the same way, writing to
// examples/<name>/cdktf.out. Compiling is transpiling only (TypeScript's transpileModule, the same JavaScript
// tsc writes for this project's isolated modules); `npm test` and `npm run build` type-check. When nothing
// changed, no compiler is loaded at all.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** What the app is compiled from, relative to the project root. */
const SOURCES = ['main.ts', 'lib', 'app', 'examples'];
/** A change to this recompiles everything. */
const CONFIG = 'tsconfig.json';
/** What the last compile was made from: a hash per source, and one of the config. */
const STATE = path.join('dist', '.synth-sources.json');

/** The TypeScript files under `rel` (a file or a folder), declarations left out. */
function sourcesOf(root, rel) {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return rel.endsWith('.ts') && !rel.endsWith('.d.ts') ? [rel] : [];
  return fs.readdirSync(full).flatMap((name) => sourcesOf(root, path.join(rel, name)));
}

const hash = (text) => crypto.createHash('sha1').update(text).digest('hex');

/**
 * Transpiles every source whose content differs from the last compile's (by hash, so copied files and
 * clocks do not matter), or whose JavaScript is missing, all of them when the config changed; removes the
 * JavaScript of sources that are gone. Returns the sources it compiled.
 */
function build(root) {
  const outOf = (rel) => path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
  const statePath = path.join(root, STATE);
  const last = fs.existsSync(statePath) ? JSON.parse(fs.readFileSync(statePath, 'utf8')) : { config: '', files: {} };
  const config = hash(fs.readFileSync(path.join(root, CONFIG)));
  const texts = new Map(SOURCES.flatMap((s) => sourcesOf(root, s)).map((rel) => [rel, fs.readFileSync(path.join(root, rel), 'utf8')]));
  const files = Object.fromEntries([...texts].map(([rel, text]) => [rel, hash(text)]));
  const stale = [...texts.keys()].filter((rel) => last.config !== config || last.files[rel] !== files[rel] || !fs.existsSync(outOf(rel)));
  const gone = Object.keys(last.files).filter((rel) => !texts.has(rel));
  for (const rel of gone) fs.rmSync(outOf(rel), { force: true });
  if (stale.length > 0) {
    const ts = require('typescript');
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, CONFIG), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
    for (const rel of stale) {
      const { outputText } = ts.transpileModule(texts.get(rel), { compilerOptions: parsed.options, fileName: path.join(root, rel) });
      fs.mkdirSync(path.dirname(outOf(rel)), { recursive: true });
      fs.writeFileSync(outOf(rel), outputText);
    }
  }
  if (stale.length > 0 || gone.length > 0) fs.writeFileSync(statePath, JSON.stringify({ config, files }));
  return stale;
}

module.exports = { build };

/** The program to run: main.ts, or an example by its folder's name (then its output goes beside it). */
function entryOf(root, example) {
  if (example === undefined) return path.join(root, 'dist', 'main.js');
  const names = fs.readdirSync(path.join(root, 'examples')).filter((name) => fs.existsSync(path.join(root, 'examples', name, 'main.ts')));
  if (!names.includes(example)) {
    console.error(`There is no example '${example}'; the examples are ${names.join(', ')}.`);
    process.exit(1);
  }
  process.env.CDKTF_OUTDIR ??= path.join(root, 'examples', example, 'cdktf.out');
  return path.join(root, 'dist', 'examples', example, 'main.js');
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const example = process.argv[2];
  const entry = entryOf(root, example);
  build(root);
  if (example === undefined) {
    require(entry);
  } else {
    // An example is a plain program: its errors are the library's messages, shown without a stack trace.
    try {
      require(entry);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    }
    const outdir = process.env.CDKTF_OUTDIR;
    console.log(`${example}: wrote ${fs.readdirSync(path.join(outdir, 'stacks')).join(', ')} to ${path.relative(process.cwd(), outdir) || '.'}`);
  }
}
