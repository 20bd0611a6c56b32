// CjsModuleSource: the imports, exports and reexports found statically,
// compared with the original @endo/module-source over a corpus of the
// forms CommonJS modules use, and the functor run as a CommonJS module.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CjsModuleSource } from '../../src/module-source/index.js';
import { repoRoot } from './original-module-source.js';

const corpus: string[] = [
  "exports.a = 1; module.exports.b = 2; exports['c'] = 3;",
  "const x = require('./x'); const { y } = require(`./y`); require(variable);",
  "module.exports = require('./whole');",
  "module.exports = { a, b: c, ...require('./spread') };",
  "Object.defineProperty(exports, '__esModule', { value: true }); Object.defineProperty(exports, 'g', { enumerable: true, get: function () { return q.p; } });",
  "Object.defineProperty(exports, 'hidden', { enumerable: false, value: 1 });",
  "module.exports = require('./first'); module.exports = require('./second');",
  "exports.package = 1; exports.default = 2;",
  "#!/usr/bin/env node\nexports.x = 1;",
  "const m = import('./dyn.js'); exports.z = 1;",
  'return; exports.afterReturn = 1;',
];

const shapeOf = (source: { imports: readonly string[]; exports: readonly string[]; reexports: readonly string[]; __needsImport__: boolean }) => ({
  imports: [...source.imports],
  exports: [...source.exports].sort(),
  reexports: [...source.reexports].sort(),
  needsImport: source.__needsImport__,
});

test('imports, exports and reexports as the original finds them', () => {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { CjsModuleSource } from '@endo/module-source';
       import { readFileSync } from 'node:fs';
       const out = JSON.parse(readFileSync(0, 'utf8')).map(text => { const s = new CjsModuleSource(text);
         return { imports: [...s.imports], exports: [...s.exports].sort(), reexports: [...s.reexports].sort(), needsImport: s.__needsImport__ }; });
       process.stdout.write(JSON.stringify(out));`,
    ],
    { cwd: repoRoot, input: JSON.stringify(corpus), encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  const original = JSON.parse(child.stdout);
  // The original lists the specifier of `module.exports = require('m')` twice among its imports;
  // ours lists each specifier once, as it does for every other require.
  corpus.forEach((text, i) =>
    assert.deepEqual(shapeOf(new CjsModuleSource(text)), { ...original[i], imports: [...new Set(original[i].imports)] }, text),
  );
});

test('the functor runs as a CommonJS module body, hashbang kept as a comment', () => {
  const source = new CjsModuleSource("#!/usr/bin/env node\nconst dep = require('./dep'); exports.twice = dep.n * 2; module.exports.self = this;", 'file:///m.cjs');
  assert.ok(source.cjsFunctor.includes('//#!/usr/bin/env node'));
  assert.ok(source.cjsFunctor.endsWith('//# sourceURL=file:///m.cjs\n'));
  const functor = (0, eval)(source.cjsFunctor);
  const module = { exports: {} as Record<string, unknown> };
  functor.call(module.exports, (specifier: string) => (specifier === './dep' ? { n: 21 } : undefined), module.exports, module, '/m.cjs', '/');
  assert.equal(module.exports.twice, 42);
  assert.equal(module.exports.self, module.exports);
  assert.ok(Object.isFrozen(source));
});

test('a location with a line terminator gets no sourceURL comment', () => {
  const source = new CjsModuleSource('exports.a = 1;', 'not a url\n;alert(1)');
  assert.ok(!source.cjsFunctor.includes('sourceURL'));
});
