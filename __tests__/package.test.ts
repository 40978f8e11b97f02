import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// The type check of the whole project (sources, tests, benchmark), and the package's declarations from the same
// run: as `npm pack` ships them (dist/lib and dist/app), they must need nothing but the package's own files and its declared
// dependencies, since a consumer has no @types/node and no access to our sources. One run of TypeScript 7's
// native tsc (the dev dependency typescript-7: the same checks and declarations as 5.9's, which the jest
// transform and the build keep using, in a tenth of the time), incremental (its state kept in
// node_modules/.cache), while jest's other worker runs the other test files.
const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'aks-dualstack');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('package.json points at the built library and ships its JavaScript and declarations', () => {
  expect(pkg).toMatchObject({
    main: 'dist/lib/index.js',
    types: 'dist/lib/index.d.ts',
    exports: { '.': { types: './dist/lib/index.d.ts', default: './dist/lib/index.js' }, './app': { types: './dist/app/index.d.ts', default: './dist/app/index.js' } },
    files: ['dist/lib/**/*.js', 'dist/lib/**/*.d.ts', 'dist/app/**/*.js', 'dist/app/**/*.d.ts', 'docs/rules.md'],
  });
  expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@cdktf/provider-azurerm', '@cdktf/provider-kubernetes', '@cdktf/provider-time', 'cdktf', 'constructs']);
});

test('the project type-checks, and the declarations import only the package\'s own files and dependencies, no Node.js types', () => {
  const out = path.join(CACHE, 'types');
  const tsc = spawnSync(
    process.execPath,
    // TypeScript 7's native compiler: the same checks and declarations as 5.9's, several times faster.
    [path.join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.test.json'), '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--outDir', out, '--incremental', '--tsBuildInfoFile', path.join(CACHE, 'types.tsbuildinfo')],
    { encoding: 'utf8' },
  );
  expect(tsc.stdout + tsc.stderr).toBe('');
  const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
  const problems: string[] = [];
  // The library, and the example app at aks-dualstack/app.
  for (const folder of ['lib', 'app']) {
    const dir = path.join(out, folder);
    // Declarations of sources since removed stay in the cache: only today's count.
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.d.ts') && fs.existsSync(path.join(ROOT, folder, f.replace(/\.d\.ts$/, '.ts'))));
    expect(files).toContain('index.d.ts');
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      if (/\bNodeJS\./.test(text)) problems.push(`${folder}/${file}: uses the NodeJS namespace (needs @types/node)`);
      for (const [, spec] of text.matchAll(/(?:from |import\()'([^']+)'/g)) {
        if (spec.startsWith('.')) {
          const target = path.join(dir, path.dirname(file), spec);
          if (!fs.existsSync(`${target}.d.ts`) && !fs.existsSync(path.join(target, 'index.d.ts'))) problems.push(`${folder}/${file}: ${spec} is not shipped`);
        } else {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!allowed.has(name)) problems.push(`${folder}/${file}: ${spec} is not a dependency`);
        }
      }
    }
  }
  expect(problems).toEqual([]);
}, 120_000);
