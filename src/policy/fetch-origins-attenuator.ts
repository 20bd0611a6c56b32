// The attenuator `endo/attenuators/fetch-origins`: a policy grants a package
// `fetch` limited to a list of origins with
//
//   "globals": { "fetch": { "attenuate": "endo/attenuators/fetch-origins", "params": ["https://api.example.com"] } }
//
// The checks (origins compared after URL parsing, redirects to other
// origins refused) are attenuate-fetch.ts's.
import { limitFetchToOrigins } from './attenuate-fetch.js';

/** `originals` holds the host's `fetch`; the package's `fetch` is the limited one. */
export const attenuateGlobals = (params: unknown[], originals: Record<string, unknown>): Record<string, unknown> => {
  if (params.length === 0 || !params.every(origin => typeof origin === 'string')) {
    throw new TypeError('endo/attenuators/fetch-origins takes the allowed origins, e.g. "params": ["https://api.example.com"]');
  }
  if (typeof originals.fetch !== 'function') throw new TypeError('endo/attenuators/fetch-origins attenuates the global fetch only');
  return { fetch: limitFetchToOrigins(params as string[], originals.fetch as typeof fetch) };
};
