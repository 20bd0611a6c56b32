// The generous authority that the corpus programs get (the corpus test, the
// module-cache test and the mapper bench): the host's globals, the start
// compartment's time, randomness, Intl and Error, and every Node builtin to
// every package, each loaded on first use. Policies narrow this.
import { allHostBuiltins, takeHostGlobals, withStartCompartmentPowers } from '../../src/policy/host-authority.js';

export { takeHostGlobals };

/** Call after lockdown(): the globals and builtin modules every compartment gets. */
export const generousAuthority = (hostGlobals: Record<string, unknown>): { globals: Record<string, unknown>; modules: Record<string, unknown> } => ({
  globals: withStartCompartmentPowers(hostGlobals),
  modules: allHostBuiltins(),
});
