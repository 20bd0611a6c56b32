// Options of the original's loaders, archivers and bundlers that ours does
// not offer. They are refused, never ignored, so that nobody believes one
// applies: the language options, for one, shape the compartment map
// (mapNodeModules takes them), but our loader runs each file as Node does.
const refusedOptions = [
  'importHook',
  'importNowHook',
  'moduleTransforms',
  'syncModuleTransforms',
  'parserForLanguage',
  'searchSuffixes',
  'languages',
  'languageForExtension',
  'commonjsLanguageForExtension',
  'moduleLanguageForExtension',
  'workspaceLanguageForExtension',
  'workspaceCommonjsLanguageForExtension',
  'workspaceModuleLanguageForExtension',
];

export const refuseUnsupportedOptions = (options: object, caller: string): void => {
  for (const option of refusedOptions) {
    if ((options as Record<string, unknown>)[option] !== undefined) {
      throw TypeError(`${caller} does not support the ${JSON.stringify(option)} option: files load as Node loads them`);
    }
  }
};
