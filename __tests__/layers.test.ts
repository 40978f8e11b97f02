import * as fs from 'fs';
import * as path from 'path';
import * as app from '../app';
import * as library from '../lib';

// Two layers, one direction: the example app (main.ts, app/) uses the library only through its public entry
// (lib/index.ts); the library's constructs use their private helpers (lib/private/), never the other way.
const ROOT = path.join(__dirname, '..');

test('the package exports the library alone: constructs, their rules and maths, and errors', () => {
  expect(Object.keys(library).sort()).toEqual([
    'CniOverlayDualStackCluster',
    'DEFAULT_ADDRESS_SPACE',
    'DEFAULT_NAMESPACE',
    'DEFAULT_NODE_COUNT',
    'DEFAULT_POD_CIDRS',
    'DEFAULT_SERVICE_CIDRS',
    'DEFAULT_VM_SIZE',
    'DEFAULT_WEB_IMAGE',
    'DualStackClusterBase',
    'DualStackConfigError',
    'DualStackLoadBalancer',
    'DualStackNodePool',
    'DualStackSubnet',
    'DualStackVirtualNetwork',
    'DualStackWebApp',
    'KUBENET_DEPRECATION_WARNING',
    'KubenetDualStackCluster',
    'Shapes',
    'checkProps',
    'constructId',
    'describeRule',
    'formatAddressPlan',
    'isToken',
    'resolveNodeCounts',
    'reuseCheckedConfigurations',
    'throwIfAny',
  ]);
});

test('the example app is exported apart, at aks-dualstack/app', () => {
  expect(Object.keys(app).sort()).toEqual([
    'CONTEXT_KEY',
    'DEFAULT_APPS_NODE_COUNT',
    'DEFAULT_LOCATION',
    'DEFAULT_NAME_PREFIX',
    'DEFAULT_WINDOWS_NODE_COUNT',
    'DualStackClusterStack',
    'DualStackWorkloadStack',
    'SETTINGS',
    'TERRAFORM_CLOUD_SETTINGS',
    'addExampleStacks',
    'describeSettings',
    'parseJson',
    'printAddressPlans',
    'printWarnings',
    'readContext',
    'readSettings',
    'replaceOutput',
    'runSynth',
    'useTerraformCloud',
  ]);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.exports['./app']).toEqual({ types: './dist/app/index.d.ts', default: './dist/app/index.js' });
});

/** Every relative import (type-only ones too) of the project's sources, as [from, to] project paths. */
function imports(): [string, string][] {
  const sources = ['main.ts', ...['lib', 'app', 'examples'].flatMap((dir) => (fs.existsSync(path.join(ROOT, dir)) ? (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).map((f) => path.join(dir, f)) : []))].filter((f) => f.endsWith('.ts'));
  return sources.flatMap((from) =>
    [...fs.readFileSync(path.join(ROOT, from), 'utf8').matchAll(/(?:from|import\(|require\()\s*'(\.[^']*)'/g)].map(([, spec]): [string, string] => {
      const target = path.join(path.dirname(from), spec);
      return [from, fs.existsSync(path.join(ROOT, `${target}.ts`)) ? `${target}.ts` : path.join(target, 'index.ts')];
    }),
  );
}

test('imports go one way: app and examples to the library entry, library to its private helpers', () => {
  const wrong = imports().filter(([from, to]) => {
    const layer = (file: string) => (file.startsWith('lib/private/') ? 'private' : file.startsWith('lib/') ? 'library' : 'app');
    if (layer(from) === 'app') return layer(to) !== 'app' && to !== 'lib/index.ts';
    if (layer(from) === 'private') return layer(to) !== 'private';
    return layer(to) === 'app' || to === 'lib/index.ts';
  });
  expect(wrong).toEqual([]);
});

test('no import cycles, type-only imports included', () => {
  const edges = new Map<string, string[]>();
  for (const [from, to] of imports()) edges.set(from, [...(edges.get(from) ?? []), to]);
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  [...edges.keys()].forEach((file) => state.has(file) || visit(file));
  expect(cycles).toEqual([]);
});
