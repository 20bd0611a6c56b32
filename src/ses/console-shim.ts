// endo/ses/console-shim.js: publishes the maker of causal consoles over a
// logging function (a test framework's `t.log`) under the registered symbol
// where @endo/ses-ava looks for it. Only the start compartment's global has
// it: such a console shows what redaction hides.

import { causalConsoleFromLoggerKey, makeCausalConsoleFromLogger, type Logger } from './console/causal-console-from-logger.js';
import { freeze, globalThisRef } from './commons.js';

const { makeCausalConsoleFromLogger: publishedMaker } = {
  makeCausalConsoleFromLogger: (logger: Logger) => makeCausalConsoleFromLogger(logger),
};
// An ordinary assignment, as ses makes it.
(globalThisRef as Record<symbol, unknown>)[Symbol.for(causalConsoleFromLoggerKey)] = freeze(publishedMaker);
