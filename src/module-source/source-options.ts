// The second argument of ModuleSource and CjsModuleSource: a location
// string, or options as @endo/module-source takes them.

export interface ModuleSourceOptions {
  sourceUrl?: string;
  sourceMapUrl?: string;
  sourceMap?: unknown;
  sourceMapHook?: unknown;
}

export const describe = (value: unknown): string => (value === null ? 'null' : typeof value);

/** The source URL that the options give, checked; `maker` names the constructor in errors. */
export const sourceUrlOf = (options: unknown, maker: string): string | undefined => {
  if (options === undefined) return undefined;
  if (typeof options === 'string') return options;
  if (typeof options !== 'object' || options === null) {
    throw TypeError(`${maker}: the second argument must be a location string or an options object, got ${describe(options)}`);
  }
  const { sourceUrl } = options as ModuleSourceOptions;
  if (sourceUrl !== undefined && typeof sourceUrl !== 'string') {
    throw TypeError(`${maker}: the sourceUrl option must be a string, got ${describe(sourceUrl)}`);
  }
  return sourceUrl;
};
