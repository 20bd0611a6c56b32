// What importing endo/ses (or one of its shims, or endo/init) puts on
// globalThis, declared for TypeScript as the `ses` package declares it.
// The build links this file into the declarations of those entries (see
// tools/add-global-types.ts); it is not part of the project's own compile,
// whose tests load the original ses's declarations of the same globals.
import type { CompartmentConstructor, Harden, LockdownOptions } from './ses/index.js';
import type { Assert } from './ses/errors/types.js';

declare global {
  var harden: Harden;
  var lockdown: (options?: LockdownOptions) => void;
  var repairIntrinsics: (options?: LockdownOptions) => void;
  var hardenIntrinsics: () => Harden;
  var assert: Assert;
  var Compartment: CompartmentConstructor;
}
