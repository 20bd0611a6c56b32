// Runs a function exported by a compiled test module under the original
// @endo/marshal 1.10.0 (after `import '@endo/init'`, which locks down with
// the original ses) in a child process, and returns the JSON it returns.
// The function gets the original's API (every export of @endo/marshal,
// which includes @endo/pass-style's, plus `harden`) and `argument`.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const RESULT_MARKER = '@@ORIGINAL-MARSHAL-RESULT@@';

export const runUnderOriginalMarshal = (moduleUrl: string, exportName: string, argument?: unknown): unknown => {
  const program = `
import '@endo/init';
import * as marshal from '@endo/marshal';
import { readFileSync } from 'node:fs';
const argument = JSON.parse(readFileSync(0, 'utf8'));
const { [${JSON.stringify(exportName)}]: run } = await import(${JSON.stringify(moduleUrl)});
const result = await run({ ...marshal, harden }, argument);
process.stdout.write('\\n${RESULT_MARKER}\\n' + JSON.stringify(result));
`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    cwd: repoRoot,
    input: JSON.stringify(argument ?? null),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const at = child.stdout.lastIndexOf(RESULT_MARKER);
  if (child.status !== 0 || at < 0) {
    throw Error(`the original marshal child failed (status ${child.status}):\n${child.stderr}\n${child.stdout}`);
  }
  return JSON.parse(child.stdout.slice(at + RESULT_MARKER.length));
};

/** What the child runs: encode the recipes, and decode the bodies it is given. */
export const originalSide = (api: any, argument: { recipes: unknown[]; bodies: unknown[] }) => {
  return import('./interop.js').then(({ encodeRecipes, decodeBodies }) => {
    const encoded = encodeRecipes(api, argument.recipes as any);
    const ownBodies = encoded.flatMap(e => [e.capdata, e.smallcaps].map(o => ('ok' in o ? o.ok : null)));
    return {
      encoded,
      decodedOwn: decodeBodies(api, ownBodies),
      decodedOurs: decodeBodies(api, argument.bodies as any),
    };
  });
};
