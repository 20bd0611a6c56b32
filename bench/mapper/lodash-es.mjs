// The corpus program lodash-es.mjs without its template() call, which no
// compartment can run (template compiles `with`, refused in strict mode):
// the mapper benchmark times this program, laid out beside a copy of the
// corpus's lib/ (corpus.ts).
import { lodashUses } from './lib/lodash-es-uses.mjs';

console.log(JSON.stringify(lodashUses()));
