// endo/errors/rejector.js: the Rejector type of @endo/errors, for code that
// fails either by throwing or by answering false:
//   cond || (reject && reject`message ${q(x)}`)
// where `reject` is either false or a template tag like Fail.

import type { Fail } from './index.js';

export type Rejector = false | typeof Fail;
