// Shims by express consent: the modules a policy names in `shims` run
// before lockdown, with the whole realm, so that polyfills can add to the
// shared built-ins (core-js, a Promise.withResolvers for Node 20, ...).
// Nothing else ever runs before lockdown: a package that is not named here
// and tries to change a built-in finds it frozen.
//
// Each specifier is resolved from the application's folder, as the
// application's own `require` would, and imported once, in order.
import { resolveFromApplication } from './application-module.js';

/** Runs the shims; call it before lockdown. */
export const runShims = async (specifiers: readonly string[], projectRoot: string): Promise<void> => {
  for (const specifier of specifiers) {
    const url = resolveFromApplication(specifier, projectRoot, 'The shim');
    try {
      await import(url);
    } catch (cause) {
      throw new Error(`The shim ${JSON.stringify(specifier)} failed before lockdown`, { cause });
    }
  }
};
