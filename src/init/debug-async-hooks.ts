// endo/init/debug-async-hooks.js: endo/init/debug.js for programs that use
// node:async_hooks (AsyncLocalStorage, promise hooks with `destroy`). The
// original patches Node's promise bookkeeping first, because it stores ids
// on promise objects, which harden makes non-extensible. On Node 20 and
// later that bookkeeping is in place before a promise can be hardened, and
// AsyncLocalStorage keeps working across hardened promises
// (test/init/debug-async-hooks.test.ts), so no patch is installed.
export * from './debug.js';
