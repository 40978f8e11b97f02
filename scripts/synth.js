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

/**
 * The program to run: main.ts, or an example by its folder's name, run in that folder as `cdktf synth` there
 * would (its output and local state go beside it).
 */
function entryOf(root, example, isExample) {
  if (!isExample) return path.join(root, 'dist', 'main.js');
  const names = fs.readdirSync(path.join(root, 'examples')).filter((name) => fs.existsSync(path.join(root, 'examples', name, 'main.ts')));
  if (!names.includes(example)) {
    console.error(`${example === undefined ? 'Name an example' : `There is no example '${example}'`}; the examples are ${names.join(', ')}.`);
    process.exit(1);
  }
  process.chdir(path.join(root, 'examples', example));
  process.env.CDKTF_OUTDIR ??= path.resolve('cdktf.out');
  return path.join(root, 'dist', 'examples', example, 'main.js');
}

/** The warnings cdktf recorded for the stacks, as its CLI prints them. */
function warningsOf(outdir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return Object.values(manifest.stacks).flatMap((s) => (s.annotations ?? []).filter((a) => a.level === '@cdktf/warn').map((a) => `[WARNING] ${a.constructPath}: ${a.message}`));
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  // `npm run example [name]` passes --example; the cdktf.json of an example gives its name alone.
  const isExample = process.argv[2] !== undefined;
  const example = process.argv[2] === '--example' ? process.argv[3] : process.argv[2];
  const cwd = process.cwd();
  const entry = entryOf(root, example, isExample);
  build(root);
  if (!isExample) {
    require(entry);
  } else {
    // An example is a plain program: the library's refusals (props, or the checks at synth) are shown as
    // messages; any other error is the program's own, with its stack trace.
    try {
      require(entry);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof Error) || (error.name !== 'DualStackConfigError' && !message.startsWith('Validation failed with the following errors:'))) throw error;
      console.error(message);
      process.exit(1);
    }
    const outdir = process.env.CDKTF_OUTDIR;
    warningsOf(outdir).forEach((w) => console.warn(w));
    console.log(`${example}: wrote ${fs.readdirSync(path.join(outdir, 'stacks')).join(', ')} to ${path.relative(cwd, outdir) || '.'}`);
  }
}
