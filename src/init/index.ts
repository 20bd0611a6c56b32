// endo/init: one import that installs HandledPromise and locks down with
// production defaults (or LOCKDOWN_OPTIONS), like @endo/init.
import { lockdown } from './pre-remoting.js';

export * from './pre-remoting.js';

lockdown();
