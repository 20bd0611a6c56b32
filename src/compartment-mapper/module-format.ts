// The language of a file, as Node decides it for a file it loads: by
// extension (`.mjs` ES module, `.cjs` CommonJS, `.json` JSON), and for `.js`
// (or any other extension) by the `type` field of the nearest package.json
// above it ("module" makes it an ES module; anything else, or no
// package.json, CommonJS).

import { dirname, join } from 'node:path';

export type ModuleFormat = 'cjs' | 'esm' | 'json';

/** Reads a file's text; throws when the file is absent. */
export type ReadFileSync = (filename: string) => string | Uint8Array;

const decoder = new TextDecoder();

/** The text of what a reader gave: strings as they are, bytes as UTF-8. */
export const textOf = (contents: string | Uint8Array): string =>
  typeof contents === 'string' ? contents : decoder.decode(contents);

/** The `type` field of the package.json nearest above `filename`, or undefined. */
const packageTypeOf = (filename: string, readFile: ReadFileSync): unknown => {
  let directory = dirname(filename);
  for (;;) {
    // Node stops at the first package.json it can read and parse.
    let text: string | undefined;
    try {
      text = textOf(readFile(join(directory, 'package.json')));
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        const parsed: unknown = JSON.parse(text);
        return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).type : undefined;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
};

/** A format finder that reads package.json files through `readFile`, caching nothing. */
export const makeFormatOf =
  (readFile: ReadFileSync) =>
  (filename: string): ModuleFormat => {
    if (filename.endsWith('.mjs')) return 'esm';
    if (filename.endsWith('.cjs')) return 'cjs';
    if (filename.endsWith('.json')) return 'json';
    return packageTypeOf(filename, readFile) === 'module' ? 'esm' : 'cjs';
  };
