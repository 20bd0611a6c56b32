// endo/init/unsafe-fast.js: as endo/init, but harden does nothing: for
// measuring, never for production (as @endo/init/unsafe-fast.js).
import { lockdown } from './pre-remoting.js';

export * from './pre-remoting.js';

lockdown({ __hardenTaming__: 'unsafe' });
