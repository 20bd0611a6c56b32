// The `require` function one CommonJS module gets, with Node's members:
// `require.resolve(request)`, `require.resolve.paths(request)`,
// `require.main`, `require.cache` and `require.extensions`. Loading is the
// loader's (cjs-module.ts); this file only shapes the function and checks
// its argument as Node does.

import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import type { CjsModuleObject } from './cjs-module-object.js';

export interface RequireServices {
  /** Loads (or finds) what `request` from `module` denotes and returns what require() returns. */
  requireFrom(module: CjsModuleObject, request: string): unknown;
  /** CommonJS resolution from `module`: an absolute file name or a builtin's name. */
  resolveFrom(module: CjsModuleObject, request: string): string;
  /** The main module, if it belongs to this loader. */
  main(): CjsModuleObject | undefined;
  readonly cache: Record<string, CjsModuleObject>;
  readonly extensions: object;
}

const checkRequest = (request: unknown): string => {
  if (typeof request !== 'string') {
    const error = TypeError(`The "id" argument must be of type string. Received ${request === null ? 'null' : typeof request}`);
    Object.defineProperty(error, 'code', { value: 'ERR_INVALID_ARG_TYPE', enumerable: true, writable: true, configurable: true });
    throw error;
  }
  if (request === '') {
    const error = TypeError(`The argument 'id' must be a non-empty string. Received ''`);
    Object.defineProperty(error, 'code', { value: 'ERR_INVALID_ARG_VALUE', enumerable: true, writable: true, configurable: true });
    throw error;
  }
  return request;
};

/** Whether Node reads `request` as a relative path ('.', '..', './x', '../x'). */
const isRelativeRequest = (request: string): boolean =>
  request === '.' || request === '..' || request.startsWith('./') || request.startsWith('../');

/**
 * Node's require.resolve.paths: null for a builtin, the requiring module's
 * directory for a relative request, its node_modules chain otherwise.
 * Node appends the global folders ($HOME/.node_modules, ...): not here, a
 * package has no business learning the host's home directory.
 */
const resolvePaths = (module: CjsModuleObject, request: string): string[] | null => {
  if (isBuiltin(request)) return null;
  if (isRelativeRequest(request)) return [dirname(module.filename)];
  return module.paths.length > 0 ? [...module.paths] : null;
};

export const makeRequire = (module: CjsModuleObject, services: RequireServices): ((request: string) => unknown) => {
  const require = (request: unknown): unknown => services.requireFrom(module, checkRequest(request));
  const resolve = (request: unknown, options?: { paths?: unknown }): string => {
    const checked = checkRequest(request);
    if (options !== undefined && options !== null && options.paths !== undefined) {
      throw TypeError('require.resolve(request, { paths }) is not supported in a compartment: resolution starts from the requiring module only');
    }
    return services.resolveFrom(module, checked);
  };
  resolve.paths = (request: unknown): string[] | null => resolvePaths(module, checkRequest(request));
  Object.freeze(resolve.paths);
  Object.freeze(resolve);
  Object.defineProperties(require, {
    resolve: { value: resolve, enumerable: true },
    main: { value: services.main(), enumerable: true },
    extensions: { value: services.extensions, enumerable: true },
    cache: { value: services.cache, enumerable: true },
  });
  return Object.freeze(require);
};
