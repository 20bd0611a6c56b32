// Installs HandledPromise as a global, only if the realm has none yet (like
// @endo/eventual-send/shim.js). Whoever got there first wins: every copy of
// eventual send in a realm must share one constructor, since each one's
// presences and pending handlers are known only to itself.
//
// Importing this before lockdown makes the global one of lockdown's
// intrinsics (ses's permits list it), so lockdown hardens it and gives it
// to new compartments.

import { globalThisRef } from '../ses/commons.js';
import { makeHandledPromise } from './make-handled-promise.js';

const realm = globalThisRef as { HandledPromise?: unknown };
if (typeof realm.HandledPromise === 'undefined') {
  // Plain assignment, as the original does: a writable, enumerable global.
  realm.HandledPromise = makeHandledPromise();
}
