// The HandledPromise global that endo/eventual-send/shim.js (and endo/init)
// installs, declared for TypeScript as @endo/eventual-send declares it.
// Linked into those entries' declarations by tools/add-global-types.ts.
import type { HandledPromiseConstructor } from './eventual-send/types.js';

declare global {
  var HandledPromise: HandledPromiseConstructor;
}
