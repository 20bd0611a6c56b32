// Every export of every original package, by name and kind, read from the
// installed original in a child process, must be offered by the endo
// subpath of the same name (endo may export more). Each entry is imported
// in a fresh process of its own: several lock the realm down on import.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const originals = [
  'ses',
  '@endo/errors',
  '@endo/module-source',
  '@endo/eventual-send',
  '@endo/promise-kit',
  '@endo/pass-style',
  '@endo/marshal',
  '@endo/captp',
  '@endo/init',
  '@endo/far',
];

/**
 * Subpaths endo deliberately does not offer (README, "Switching from the
 * originals"): ses/hermes is a CommonJS bundle for the Hermes engine, and
 * module-source/analyzer.js hands out Babel plugin visitors.
 */
const notOffered = new Set(['ses/hermes', '@endo/module-source/analyzer.js']);

const endoSpecifierOf = (specifier: string): string =>
  specifier === 'ses' || specifier.startsWith('ses/')
    ? `endo/${specifier}`
    : `endo/${specifier.slice('@endo/'.length)}`;

const entries = originals.flatMap(name => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'));
  return Object.keys(manifest.exports ?? { '.': '' })
    .filter(subpath => subpath !== './package.json')
    .map(subpath => (subpath === '.' ? name : `${name}${subpath.slice(1)}`))
    .filter(specifier => !notOffered.has(specifier));
});

/** Export name -> typeof, for `specifier` imported after `prelude` (the implementation's ses, where the entry needs it). */
const exportKinds = (prelude: string, specifier: string): Record<string, string> => {
  const program = `
    ${prelude}
    const namespace = await import(${JSON.stringify(specifier)});
    const kinds = {};
    for (const name of Object.keys(namespace).sort()) kinds[name] = typeof namespace[name];
    process.stdout.write(JSON.stringify(kinds));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(child.status, 0, `${specifier}: ${child.stderr}`);
  return JSON.parse(child.stdout);
};

/**
 * What users load before these entries (as @endo/init does): ses, the
 * HandledPromise shim (the original eventual-send needs the global) and
 * lockdown. The init entries do it themselves.
 */
const preludeFor = (specifier: string, implementation: 'ses' | 'endo') => {
  if (specifier.startsWith('@endo/init')) return '';
  const [ses, shim] = implementation === 'ses' ? ['ses', '@endo/eventual-send/shim.js'] : ['endo/ses', 'endo/eventual-send/shim.js'];
  // A shim goes in before lockdown, as its users load it.
  const lockdown = specifier.endsWith('shim.js') ? '' : 'lockdown();';
  return `await import(${JSON.stringify(ses)}); await import(${JSON.stringify(shim)}); ${lockdown}`;
};

test('the list of original entries is complete', () => {
  assert.ok(entries.length >= 34, `${entries.length} entries`);
  assert.ok(entries.includes('ses/tools.js') && entries.includes('@endo/marshal/tools/marshal-test-data.js'));
});

for (const specifier of entries) {
  const ours = endoSpecifierOf(specifier);
  test(`${ours} exports every name of ${specifier}, each of the same kind`, () => {
    const expected = exportKinds(preludeFor(specifier, 'ses'), specifier);
    const actual = exportKinds(preludeFor(specifier, 'endo'), ours);
    const missing = Object.keys(expected).filter(name => !(name in actual));
    const differing = Object.keys(expected).filter(name => name in actual && actual[name] !== expected[name]);
    assert.deepEqual(missing, [], `missing from ${ours}`);
    assert.deepEqual(
      differing.map(name => `${name}: ${actual[name]} (original: ${expected[name]})`),
      [],
      `kinds differ in ${ours}`,
    );
  });
}
