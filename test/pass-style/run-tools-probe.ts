// Runs a probe in a child process under the original packages
// (@endo/init, @endo/pass-style, @endo/marshal and their tools) or ours,
// with the environment options given, and returns the JSON it returns. A
// probe is the source of an async function called with `load(name)`,
// which imports one of: 'init', 'pass-style', 'pass-style/tools.js',
// 'pass-style/endow.js', 'marshal', 'marshal/tools/<file>.js', and
// 'fast-check', and 'rank-internals' (the original's rankOrder module, our
// marshal index). Nothing is imported before the probe asks, so a probe
// controls the order (as the prepare-*.js tools need).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const ourSrc = new URL('../../src/', import.meta.url).href;
const MARKER = '@@TOOLS-PROBE-RESULT@@';

const specifierFor = (side: 'original' | 'ours', name: string): string => {
  if (name === 'fast-check') return 'fast-check';
  // The original keeps makeComparatorKit, getIndexCover and FullRankCover in a module its index does not re-export.
  if (name === 'rank-internals') {
    return side === 'original' ? new URL('node_modules/@endo/marshal/src/rankOrder.js', `file://${repoRoot}`).href : `${ourSrc}marshal/index.js`;
  }
  if (side === 'original') return name === 'init' ? '@endo/init' : `@endo/${name}`;
  // Our subpath `x/y.js` is the compiled src/x/y.js; a bare `x` is src/x/index.js.
  return ourSrc + (name.endsWith('.js') ? name : `${name}/index.js`);
};

export const runToolsProbe = (side: 'original' | 'ours', probeSource: string, env: Record<string, string> = {}): any => {
  const names = ['init', 'pass-style', 'pass-style/tools.js', 'pass-style/endow.js', 'marshal', 'fast-check',
    'marshal/tools/marshal-test-data.js', 'marshal/tools/prepare-unicode-code-point-order.js',
    'marshal/tools/prepare-utf16-code-unit-order.js', 'marshal/tools/prepare-error-if-order-choice-matters.js', 'rank-internals'];
  const table = Object.fromEntries(names.map(name => [name, specifierFor(side, name)]));
  const program = `
const table = ${JSON.stringify(table)};
const load = async name => {
  const module = await import(table[name]);
  return module.default && name === 'fast-check' ? module.default : module;
};
const result = await (${probeSource})(load);
process.stdout.write('\\n${MARKER}\\n' + JSON.stringify(result));
`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const at = child.stdout.lastIndexOf(MARKER);
  if (child.status !== 0 || at < 0) {
    throw Error(`the ${side} tools probe failed (status ${child.status}):\n${child.stderr}\n${child.stdout}`);
  }
  return JSON.parse(child.stdout.slice(at + MARKER.length));
};

/**
 * Source of `describe(api)`: a function from a passable to JSON-ready data
 * saying everything the rank order and the encodings can see of it (and
 * which example remotable it is), so values from two realms can be compared.
 */
export const describerSource = `api => {
  const { passStyleOf, getInterfaceOf, nameForPassableSymbol, getTag } = api;
  const describe = value => {
    const style = passStyleOf(value);
    switch (style) {
      case 'number': return [style, Object.is(value, -0) ? '-0' : String(value)];
      case 'bigint': return [style, String(value)];
      case 'symbol': return [style, nameForPassableSymbol(value)];
      case 'byteArray': return [style, [...new Uint8Array(value.slice())]];
      case 'copyArray': return [style, value.map(describe)];
      case 'copyRecord': return [style, Object.entries(value).map(([k, v]) => [k, describe(v)])];
      case 'tagged': return [style, getTag(value), describe(value.payload)];
      case 'error': return [style, value.name, value.message];
      case 'remotable': return [style, getInterfaceOf(value)];
      case 'promise': return [style];
      default: return [style, value === undefined ? null : value];
    }
  };
  return describe;
}`;
