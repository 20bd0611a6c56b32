// importLocation over a small tree (test/fixtures/import-location/app): each
// package runs in a compartment of its own, one instance of a module serves
// every package that reaches it, and a package that reaches one it is not
// linked to gets an Error naming the package, the file and the specifier.
// The corpus test (corpus.test.ts) runs real packages against Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lockdown } from '../../src/ses/index.js';
import { importLocation } from '../../src/compartment-mapper/import.js';
import type { PackageEndowments } from '../../src/compartment-mapper/application-linker.js';
import { makeSyncReadPowers } from '../../src/compartment-mapper/read-powers.js';

lockdown();

const app = fileURLToPath(new URL('../../../test/fixtures/import-location/app/', import.meta.url));
const powers = makeSyncReadPowers();

test('CommonJS entry: a dependency runs in its own compartment, once, with its own global', async () => {
  const { namespace } = await importLocation(powers, join(app, 'main.cjs'), { modules: {} });
  const exports = (namespace as { default: Record<string, unknown> }).default;
  assert.equal(exports.sameGlobal, false);
  assert.equal(exports.depGlobalIsItsGlobalThis, true);
  assert.equal(exports.depCount, 1);
  assert.equal(exports.again, true);
  assert.equal(exports.esm, 'esm-dep');
  const message = String(exports.strayError);
  assert.match(message, /^Package "\$root\$" may not reach /);
  assert.ok(message.includes(join(app, 'main.cjs')), message);
  assert.ok(message.includes('requires "stray"'), message);
  assert.ok(message.includes(join(app, 'node_modules/stray')), message);
});

test('ES module entry: packages share one instance of a module; import.meta.url is the file', async () => {
  const main = join(app, 'main.mjs');
  const { namespace } = await importLocation(powers, pathToFileURL(main).href, { modules: {} });
  assert.deepEqual({ ...(namespace as object) }, { count: 2, name: 'esm-dep', viaRequire: 1, url: pathToFileURL(main).href });
});

test('the conditions option joins the conditions of Node in resolution, as node -C does', async () => {
  const program = join(app, 'conditions.cjs');
  const nodeSays = (flags: string[]) => execFileSync(process.execPath, [...flags, program], { encoding: 'utf8' }).trim();
  const lines: string[] = [];
  const globals = { console: { log: (line: unknown) => lines.push(String(line)) } };
  await importLocation(powers, program, { globals, modules: {} });
  await importLocation(powers, program, { globals, modules: {}, conditions: ['blue-moon'] });
  assert.deepEqual(lines, [nodeSays([]), nodeSays(['-C', 'blue-moon'])]);
  assert.deepEqual(lines, ['default', 'blue']);
});

test('packageEndowments: each package gets its own globals (accessors kept, so one can be shared live) and builtins', async () => {
  const main = fileURLToPath(new URL('../../../test/fixtures/import-location/endowments/main.cjs', import.meta.url));
  let shared: unknown;
  const sharedAccessor = { get: () => shared, set: (value: unknown) => (shared = value), enumerable: true, configurable: false };
  const fs = await import('node:fs');
  const endowments: Record<string, PackageEndowments> = {
    $root$: { globals: { shared: sharedAccessor }, modules: { fs } },
    a: { globals: { shared: { get: sharedAccessor.get, enumerable: true, configurable: false }, secret: { value: 'for a only' } }, modules: {} },
  };
  const { namespace } = await importLocation(powers, main, { packageEndowments: label => endowments[label] });
  assert.deepEqual({ ...(namespace as { default: object }).default }, {
    rootSeesSecret: 'undefined',
    rootFs: 'function',
    aSeesSecret: 'for a only',
    aSeesShared: 'written by the root',
    aFs: 'refused',
  });
});
