// Node itself as the oracle of resolution: child processes that resolve
// specifiers with Node's own resolvers and report a path, a builtin or an
// error code for each. `import` cases run in a probe module written next to
// the referrer (so the probe has the referrer's folder and package scope);
// `require` cases use createRequire(referrer).resolve.

import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type Outcome = { path: string } | { builtin: string } | { url: string } | { code: string };

// import.meta.resolve answers with the URL even when the file is missing or a
// directory (it swallows those two errors), so each file answer is confirmed
// by importing it; load errors after resolution (JSON without an import
// attribute, .node, syntax) still mean resolution succeeded.
const esmProbe = `
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const specifiers = JSON.parse(readFileSync(0, 'utf8'));
const resolutionCodes = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT', 'ERR_INVALID_MODULE_SPECIFIER']);
const results = [];
for (const specifier of specifiers) {
  let url;
  try {
    url = import.meta.resolve(specifier);
  } catch (error) {
    results.push({ code: error.code ?? 'NO_CODE' });
    continue;
  }
  if (url.startsWith('node:')) {
    try { await import(url); results.push({ builtin: url.slice(5) }); } catch (error) { results.push({ code: error.code ?? 'NO_CODE' }); }
    continue;
  }
  if (!url.startsWith('file:')) {
    try { await import(specifier); results.push({ url }); } catch (error) { results.push({ code: error.code ?? 'NO_CODE' }); }
    continue;
  }
  try {
    await import(specifier);
  } catch (error) {
    if (resolutionCodes.has(error.code)) { results.push({ code: error.code }); continue; }
  }
  results.push({ path: fileURLToPath(url) });
}
process.stdout.write(JSON.stringify(results));
`;

const cjsProbe = `
const { createRequire } = require('node:module');
const { isAbsolute } = require('node:path');
const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const results = cases.map(([referrer, specifier]) => {
  try {
    const resolved = createRequire(referrer).resolve(specifier);
    return isAbsolute(resolved) ? { path: resolved } : { builtin: resolved.replace(/^node:/, '') };
  } catch (error) {
    return { code: error.code ?? 'NO_CODE' };
  }
});
process.stdout.write(JSON.stringify(results));
`;

const runNode = (args: string[], input: string): unknown =>
  JSON.parse(execFileSync(process.execPath, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }));

/** Node's `import` outcome for each specifier, imported from a module beside `referrer`. */
export const nodeImportOutcomes = (referrer: string, specifiers: readonly string[]): Outcome[] => {
  const probe = join(dirname(referrer), `.resolve-probe-${process.pid}-${basename(referrer)}.mjs`);
  writeFileSync(probe, esmProbe);
  try {
    return runNode([probe], JSON.stringify(specifiers)) as Outcome[];
  } finally {
    rmSync(probe, { force: true });
  }
};

/** Node's `require.resolve` outcome for each (referrer, specifier). */
export const nodeRequireOutcomes = (cases: readonly (readonly [string, string])[]): Outcome[] =>
  runNode(['--input-type=commonjs', '-e', cjsProbe], JSON.stringify(cases)) as Outcome[];
