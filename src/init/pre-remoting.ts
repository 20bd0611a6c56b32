// endo/init/pre-remoting.js: pre.js, plus HandledPromise installed for
// eventual send (as @endo/init/pre-remoting.js).
import '../eventual-send/shim.js';

export * from './pre.js';
