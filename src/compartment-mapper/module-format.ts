// The language of a file, as Node decides it for a file it loads: by
// extension (`.mjs` ES module, `.cjs` CommonJS, `.json` JSON), and for `.js`
// (or any other extension) by the `type` field of its package scope
// ("module" makes it an ES module; anything else, or no package.json,
// CommonJS). The package scope comes from the resolver, which has read
// those package.json files already (NodeResolver.moduleFormatOf).

export type ModuleFormat = 'cjs' | 'esm' | 'json';

/** Reads a file's text; throws when the file is absent. */
export type ReadFileSync = (filename: string) => string | Uint8Array;

const decoder = new TextDecoder();

/** The text of what a reader gave: strings as they are, bytes as UTF-8. */
export const textOf = (contents: string | Uint8Array): string =>
  typeof contents === 'string' ? contents : decoder.decode(contents);

/** The format of `filename`; `packageType` is asked only when the extension does not decide. */
export const moduleFormat = (filename: string, packageType: () => string | undefined): ModuleFormat => {
  if (filename.endsWith('.mjs')) return 'esm';
  if (filename.endsWith('.cjs')) return 'cjs';
  if (filename.endsWith('.json')) return 'json';
  return packageType() === 'module' ? 'esm' : 'cjs';
};
