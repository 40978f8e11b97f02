import * as fs from 'fs';
import * as path from 'path';
import * as app from '../app';
import * as library from '../lib';

// Two layers, one direction: the example app (main.ts, app/) uses the library only through its public entry
// (lib/index.ts); the library's constructs use their private helpers (lib/private/), never the other way.
const ROOT = path.join(__dirname, '..');

test('the package exports the library alone: constructs, their rules and maths, and errors', () => {
  expect(Object.keys(library).sort()).toEqual([
    'AKS_ENTRA_SERVER_ID',
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
    'DualStackNatGateway',
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
    'kubernetesProviderSignIn',
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

/** The package's own names, as examples (and a careless library file) import it. */
const PACKAGE = { 'aks-dualstack': 'lib/index.ts', 'aks-dualstack/app': 'app/index.ts' } as Record<string, string>;

/**
 * Every import of a project file (type-only, side-effect, `export ... from`, `require` and `import()` too, in
 * either quotes), relative or by the package's name, as [from, to] project paths.
 */
function imports(): [string, string][] {
  const sources = ['main.ts', ...['lib', 'app', 'examples'].flatMap((dir) => (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]).map((f) => path.join(dir, f)))].filter((f) => f.endsWith('.ts'));
  return sources.flatMap((from) =>
    [...fs.readFileSync(path.join(ROOT, from), 'utf8').matchAll(/(?:\bfrom|\bimport|\brequire\(|\bimport\()\s*['"]([^'"]+)['"]/g)]
      .map(([, spec]) => spec)
      .filter((spec) => spec.startsWith('.') || spec in PACKAGE)
      .map((spec): [string, string] => {
        if (spec in PACKAGE) return [from, PACKAGE[spec]];
        const target = path.join(path.dirname(from), spec);
        return [from, fs.existsSync(path.join(ROOT, `${target}.ts`)) ? `${target}.ts` : path.join(target, 'index.ts')];
      }),
  );
}

test('the import scan sees every form of import', () => {
  const found = imports().filter(([from]) => from === 'main.ts').map(([, to]) => to);
  expect(found).toEqual(expect.arrayContaining(['app/fast-start.ts', 'app/index.ts']));
  expect(imports().filter(([from]) => from.startsWith('examples/')).map(([, to]) => to)).toContain('lib/index.ts');
});

test('imports go one way: app to the library entry, examples to the package entry, library to its private helpers', () => {
  const layer = (file: string) => (file.startsWith('lib/private/') ? 'private' : file.startsWith('lib/') ? 'library' : file.startsWith('examples/') ? 'example' : 'app');
  const wrong = imports().filter(([from, to]) => {
    switch (layer(from)) {
      case 'app': return layer(to) !== 'app' && to !== 'lib/index.ts';
      case 'example': return to !== 'lib/index.ts';
      case 'private': return layer(to) !== 'private';
      default: return layer(to) === 'app' || to === 'lib/index.ts' || layer(to) === 'example';
    }
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
