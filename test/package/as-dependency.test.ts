// The package as a user gets it: `npm pack`, installed into a fresh
// project, compiled by TypeScript (strict, nodenext, no skipLibCheck) and
// run. It needs the npm registry or npm's cache (which `npm ci` fills) for
// the package's own dependencies and TypeScript.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const subpaths = Object.keys(manifest.exports)
  .filter(key => key !== './package.json')
  .map(key => `endo${key.slice(1)}`);

const work = mkdtempSync(join(tmpdir(), 'endo-as-dependency-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

/** Packs the already built package (the test run has built it): the tarball's path and file list. */
const pack = (): { tarball: string; files: string[] } => {
  const output = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const [{ filename, files }] = JSON.parse(output);
  return { tarball: join(work, filename), files: files.map((f: { path: string }) => f.path) };
};

const packed = pack();

test('the tarball holds the LICENSE, the README, and the sources that its source maps name', () => {
  const files = new Set(packed.files);
  assert.ok(files.has('LICENSE'));
  assert.ok(files.has('README.md'));
  const maps = packed.files.filter(file => file.endsWith('.map'));
  assert.ok(maps.length > 100, `${maps.length} maps`);
  const missing: string[] = [];
  for (const map of maps) {
    const { sources } = JSON.parse(readFileSync(join(repoRoot, map), 'utf8'));
    for (const source of sources) {
      const shipped = join(map, '..', source).replace(/\\/g, '/');
      if (!files.has(shipped)) missing.push(`${map} -> ${shipped}`);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(!packed.files.some(file => file.startsWith('dist/test/') || file.startsWith('dist/bench/')));
});

test('installing runs no script of ours', () => {
  const scripts = manifest.scripts ?? {};
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(scripts[hook], undefined, hook);
});

const project = join(work, 'project');

/** A fresh project with the tarball and TypeScript installed. */
const install = () => {
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-endo', private: true, type: 'module' }));
  const typescript = manifest.devDependencies.typescript;
  const nodeTypes = manifest.devDependencies['@types/node'];
  execFileSync(
    npm,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', packed.tarball, `typescript@${typescript}`, `@types/node@${nodeTypes}`],
    { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
};

const tsconfig = {
  compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], noEmit: true, skipLibCheck: false },
  include: ['*.ts'],
};

/** tsc over the project's .ts files: its status and what it printed. */
const typecheck = (files: Record<string, string>) => {
  execFileSync('sh', ['-c', 'rm -f *.ts'], { cwd: project });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(project, name), text);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  const result = spawnSync(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], {
    cwd: project,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

test('installed in a fresh project, every subpath type-checks without skipLibCheck, with the globals ses declares', () => {
  install();
  const imports = subpaths.map((specifier, i) => `import * as entry${i} from '${specifier}';`).join('\n');
  const uses = `
export const entries = [${subpaths.map((_, i) => `entry${i}`).join(', ')}];
lockdown({ errorTaming: 'safe' });
const frozen: { a: number } = harden({ a: 1 });
const compartment = new Compartment({ __options__: true, globals: { frozen } });
const two: unknown = compartment.evaluate('1 + 1');
assert(two === 2, 'evaluates');
assert.equal(frozen.a, 1);
const settled: Promise<number> = HandledPromise.resolve(3);
export { settled };
`;
  const { status, output } = typecheck({ 'main.ts': `${imports}\n${uses}` });
  assert.equal(status, 0, output);
});

test('without an import of endo/ses or endo/init, the globals are not declared (the check above can fail)', () => {
  const { status, output } = typecheck({ 'main.ts': `import { makeMarshal } from 'endo/marshal';\nexport const m = makeMarshal;\nexport const c = new Compartment();\n` });
  assert.notEqual(status, 0);
  assert.match(output, /Cannot find name 'Compartment'/);
});

test('installed, the package runs: endo/init locks down, a compartment evaluates, E reaches a Far object', () => {
  const program = `
import 'endo/init';
import { E } from 'endo/eventual-send';
import { Far } from 'endo/far';
const counter = Far('counter', { add: (a, b) => a + b });
const sum = await E(counter).add(2, 3);
console.log(JSON.stringify({ sum, frozen: Object.isFrozen(Array.prototype), evaluated: new Compartment().evaluate('[1, 2].length') }));
`;
  writeFileSync(join(project, 'run.mjs'), program);
  const result = spawnSync(process.execPath, ['run.mjs'], { cwd: project, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { sum: 5, frozen: true, evaluated: 2 });
});

test('installed, the endo command is on the project\'s path and answers --help', () => {
  const result = spawnSync(join(project, 'node_modules', '.bin', 'endo'), ['--help'], { cwd: project, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Usage: endo <command>/);
});
