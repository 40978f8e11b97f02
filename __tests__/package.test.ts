import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The package's declarations, as `npm pack` ships them (dist/lib), must need nothing but the package's own
// files and its declared dependencies: a consumer has no @types/node and no access to our sources.
const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('package.json points at the built library and ships its JavaScript and declarations', () => {
  expect(pkg).toMatchObject({
    main: 'dist/lib/index.js',
    types: 'dist/lib/index.d.ts',
    exports: { '.': { types: './dist/lib/index.d.ts', default: './dist/lib/index.js' } },
    files: ['dist/lib/**/*.js', 'dist/lib/**/*.d.ts'],
  });
  expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@cdktf/provider-azurerm', '@cdktf/provider-kubernetes', '@cdktf/provider-time', 'cdktf', 'constructs']);
});

test('the declarations import only the package\'s own files and its dependencies, and no Node.js types', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-dualstack-dts.'));
  try {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', ROOT, '--emitDeclarationOnly', '--incremental', 'false', '--tsBuildInfoFile', 'null', '--outDir', out], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const lib = path.join(out, 'lib');
    const files = (fs.readdirSync(lib, { recursive: true }) as string[]).filter((f) => f.endsWith('.d.ts'));
    expect(files).toContain('index.d.ts');
    const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const problems: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(lib, file), 'utf8');
      if (/\bNodeJS\./.test(text)) problems.push(`${file}: uses the NodeJS namespace (needs @types/node)`);
      for (const [, spec] of text.matchAll(/(?:from |import\()'([^']+)'/g)) {
        if (spec.startsWith('.')) {
          if (!fs.existsSync(path.join(lib, path.dirname(file), `${spec}.d.ts`)) && !fs.existsSync(path.join(lib, path.dirname(file), spec, 'index.d.ts'))) problems.push(`${file}: ${spec} is not shipped`);
        } else {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!allowed.has(name)) problems.push(`${file}: ${spec} is not a dependency`);
        }
      }
    }
    expect(problems).toEqual([]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
