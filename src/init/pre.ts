// endo/init/pre.js: Hardened JavaScript and the promise-kit shim, without
// locking down yet (as @endo/init/pre.js), with `lockdown` (here and as the
// global) replaced by the one that reads LOCKDOWN_OPTIONS. Node has atob
// and btoa, which the original's base64 shim only adds where missing.
import '../ses/index.js';
import '../promise-kit/shim.js';
import { lockdown } from './lockdown.js';

export * from '../ses/index.js';
export { lockdown };

Object.defineProperty(globalThis, 'lockdown', { value: lockdown, writable: true, enumerable: false, configurable: true });
