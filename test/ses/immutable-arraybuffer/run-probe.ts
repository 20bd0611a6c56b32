// Runs one probe program in a child process, after importing either the
// original `ses` (which installs @endo/immutable-arraybuffer 2 on import)
// or ours, and returns the JSON the probe returns. The two never share a
// realm (eventual send is shimmed too, as pass-style needs). A probe is the source of an async function of no arguments; it
// may call `lockdown()` and `harden()`, and import `passStyleOf` through
// the `passStyle` module named by the `PASS_STYLE` global.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const ourSes = new URL('../../../src/ses/index.js', import.meta.url).href;
const ourPassStyle = new URL('../../../src/pass-style/index.js', import.meta.url).href;
const ourEventualSendShim = new URL('../../../src/eventual-send/shim.js', import.meta.url).href;
const MARKER = '@@PROBE-RESULT@@';

export type Side = 'original' | 'ours';

export const runProbe = (side: Side, probeSource: string): any => {
  const sesSpecifier = side === 'original' ? 'ses' : ourSes;
  const passStyleSpecifier = side === 'original' ? '@endo/pass-style' : ourPassStyle;
  const shimSpecifier = side === 'original' ? '@endo/eventual-send/shim.js' : ourEventualSendShim;
  const program = `
import ${JSON.stringify(sesSpecifier)};
import ${JSON.stringify(shimSpecifier)};
globalThis.PASS_STYLE = ${JSON.stringify(passStyleSpecifier)};
const result = await (${probeSource})();
process.stdout.write('\\n${MARKER}\\n' + JSON.stringify(result));
`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const at = child.stdout.lastIndexOf(MARKER);
  if (child.status !== 0 || at < 0) {
    throw Error(`the ${side} probe failed (status ${child.status}):\n${child.stderr}\n${child.stdout}`);
  }
  return JSON.parse(child.stdout.slice(at + MARKER.length));
};
