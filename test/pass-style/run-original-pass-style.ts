// Runs a function exported by a compiled test module under the original
// @endo/pass-style 1.8.2 (after `import '@endo/init'`, which locks down with
// the original ses) in a child process, and returns the JSON it returns.
// The original and ours never share a realm. The function is called with
// the original's API (every export of @endo/pass-style, plus `harden`) and
// `argument`.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const RESULT_MARKER = '@@ORIGINAL-PASS-STYLE-RESULT@@';

export const runUnderOriginalPassStyle = (moduleUrl: string, exportName: string, argument?: unknown): unknown => {
  const program = `
import '@endo/init';
import * as passStyle from '@endo/pass-style';
const { [${JSON.stringify(exportName)}]: run } = await import(${JSON.stringify(moduleUrl)});
const result = await run({ ...passStyle, harden }, ${JSON.stringify(argument ?? null)});
process.stdout.write('\\n${RESULT_MARKER}\\n' + JSON.stringify(result));
`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const at = child.stdout.lastIndexOf(RESULT_MARKER);
  if (child.status !== 0 || at < 0) {
    throw Error(`the original pass-style child failed (status ${child.status}):\n${child.stderr}\n${child.stdout}`);
  }
  return JSON.parse(child.stdout.slice(at + RESULT_MARKER.length));
};
