// After tsc: gives the declarations of the entries that install globals a
// reference to the declarations of those globals (types/*.d.ts, copied
// next to them), so that a TypeScript user of endo/ses or endo/init sees
// `harden`, `lockdown`, `Compartment`, `assert` and `HandledPromise` as
// globals. They cannot be declared in the sources themselves: the
// project's tests load the original packages' declarations, which declare
// the same globals.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const declarations = join(repoRoot, 'dist', 'src');

const sesGlobals = 'ses-globals.d.ts';
const handledPromiseGlobal = 'handled-promise-global.d.ts';

/** Entry declaration (below dist/src) → the globals files it must reference. */
const entries: Record<string, readonly string[]> = {
  'ses/index.d.ts': [sesGlobals],
  'ses/lockdown-shim.d.ts': [sesGlobals],
  'ses/compartment-shim.d.ts': [sesGlobals],
  'ses/assert-shim.d.ts': [sesGlobals],
  'eventual-send/shim.d.ts': [handledPromiseGlobal],
  'init/pre.d.ts': [sesGlobals],
  'init/pre-bundle-source.d.ts': [sesGlobals],
  'init/index.d.ts': [sesGlobals, handledPromiseGlobal],
  'init/pre-remoting.d.ts': [sesGlobals, handledPromiseGlobal],
  'init/debug.d.ts': [sesGlobals, handledPromiseGlobal],
  'init/debug-async-hooks.d.ts': [sesGlobals, handledPromiseGlobal],
  'init/legacy.d.ts': [sesGlobals, handledPromiseGlobal],
  'init/unsafe-fast.d.ts': [sesGlobals, handledPromiseGlobal],
};

for (const file of [sesGlobals, handledPromiseGlobal]) {
  copyFileSync(join(repoRoot, 'types', file), join(declarations, file));
}
for (const [entry, globals] of Object.entries(entries)) {
  const path = join(declarations, entry);
  const text = readFileSync(path, 'utf8');
  const references = globals
    .map(file => `/// <reference path="${relative(dirname(path), join(declarations, file))}" />\n`)
    .filter(line => !text.includes(line));
  if (references.length > 0) writeFileSync(path, references.join('') + text);
}
