// endo/eventual-send: HandledPromise and E (like @endo/eventual-send).
//
// Importing this installs a global HandledPromise if the realm has none
// (shim.ts) and then uses the realm's global, whoever installed it, so all
// copies of eventual send in a realm agree on presences and pipelining.
// (@endo/eventual-send's main entry instead throws a ReferenceError unless
// its shim ran first.) It does not load endo/ses and does not call lockdown:
// it works without lockdown, and after it (see src/ses/harden-when-available.ts).

import './shim.js';
import { globalThisRef } from '../ses/commons.js';
import { makeE } from './make-e.js';
import type { EProxy, HandledPromiseConstructor } from './types.js';

const realmHandledPromise = (globalThisRef as unknown as { HandledPromise: HandledPromiseConstructor }).HandledPromise;

export { realmHandledPromise as HandledPromise };

/**
 * `E(x).method(...args)` sends a message to whatever `x` is or becomes, in a
 * later turn, and returns a promise for the answer. See make-e.ts for the
 * other forms.
 */
export const E: EProxy = makeE(realmHandledPromise);

export type {
  Callable,
  DataOnly,
  ECallable,
  ECallableOrMethods,
  ECallableReturn,
  EGetters,
  EHandler,
  EMethods,
  EOnly,
  EProxy,
  EReturn,
  EResult,
  ERef,
  ESendOnlyCallable,
  ESendOnlyCallableOrMethods,
  ESendOnlyMethods,
  FarRef,
  FilteredKeys,
  HandledExecutor,
  HandledPromiseConstructor,
  HandledPromiseStaticMethods,
  Handler,
  LocalRecord,
  PickCallable,
  RemotableBrand,
  RemoteFunctions,
  RemoteKit,
  ResolveWithPresenceOptionsBag,
  Settler,
} from './types.js';
