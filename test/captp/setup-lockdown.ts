// Locks the realm down with endo/ses before any CapTP module loads, with
// endo's HandledPromise installed: import this first.

import { lockdown } from '../../src/ses/index.js';
import '../../src/eventual-send/index.js';

lockdown();

/** The realm's harden, installed by lockdown. */
export const harden = <T>(value: T): T => (globalThis as any).harden(value);
