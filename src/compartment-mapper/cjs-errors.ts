// The errors a CommonJS `require` throws where Node has a coded error of
// its own (same code, same message), and the one it has no counterpart
// for: a builtin the compartment was not given.

const withCode = <E extends Error>(error: E, code: string): E => {
  Object.defineProperty(error, 'code', { value: code, writable: true, enumerable: true, configurable: true });
  return error;
};

/** Node's error for require() of an ES module when require(esm) is off. */
export const requireEsmError = (filename: string, parentFilename: string): Error =>
  withCode(
    Error(
      `require() of ES Module ${filename} from ${parentFilename} not supported.\n` +
        `Instead change the require of ${filename} to a dynamic import() which is available in all CommonJS modules.`,
    ),
    'ERR_REQUIRE_ESM',
  );

/** Node's error for require() of an ES module graph with top-level await. */
export const requireAsyncModuleError = (filename: string, parentFilename: string): Error =>
  withCode(
    Error(
      'require() cannot be used on an ESM graph with top-level await. Use import() instead. ' +
        `To see where the top-level await comes from, use --experimental-print-required-tla.\n` +
        `  From ${parentFilename} \n  Requiring ${filename} `,
    ),
    'ERR_REQUIRE_ASYNC_MODULE',
  );

/** A builtin (`fs`, `node:fs`) that the compartment's modules do not include: Node would have given it, the policy did not. */
export const builtinNotGrantedError = (builtin: string, specifier: string, filename: string, packageName: string): Error =>
  Error(
    `Package ${JSON.stringify(packageName)} may not use builtin module ${JSON.stringify(builtin)}: ` +
      `${filename} asks for ${JSON.stringify(specifier)}, and the compartment was not given it. ` +
      'Grant it to this package in the policy (or pass it in the modules option), or stop using it.',
  );

/** Node's message for a JSON file that does not parse: the file name, then the parser's message. */
export const jsonParseError = (filename: string, error: unknown): unknown => {
  if (error instanceof Error) error.message = `${filename}: ${error.message}`;
  return error;
};
