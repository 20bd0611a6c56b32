// Console format strings: `console.log('%c styled', 'color: red')` styles
// text in a browser; in a terminal the style would just be noise, and a
// format directive the host invents (Node's `%j`) could read arguments in
// ways the causal console does not expect. So before passing a format on we
// drop each `%c` with its argument and escape every unknown directive.

import { freeze, stringSlice } from '../commons.js';
import { stringIncludes, stringIndexOf } from '../errors/primordials.js';

/**
 * Returns `[format, ...args]` with every live `%c` directive and its argument
 * removed and unknown directives escaped (`%j` becomes `%%j`). `%s %d %i %f
 * %o %O` keep their argument, `%%` stays. A directive past the last
 * argument is not live and is left as text, as consoles leave it.
 */
export const sanitizeFormatData = (formatData: readonly unknown[]): readonly unknown[] => {
  const [format, ...args] = formatData;
  if (formatData.length <= 1 || typeof format !== 'string' || !stringIncludes(format, '%')) {
    return freeze([...formatData]);
  }
  let done = 0; // format text up to here is already in `newFormat`
  let argIndex = 0;
  let newFormat = '';
  const newArgs: unknown[] = [];
  for (
    let at = stringIndexOf(format, '%');
    at >= done && at < format.length - 1 && argIndex < args.length;
    at = stringIndexOf(format, '%', done)
  ) {
    const directive = format[at + 1];
    newFormat += stringSlice(format, done, at);
    done = at + 2;
    switch (directive) {
      case 's':
      case 'd':
      case 'i':
      case 'f':
      case 'o':
      case 'O':
        newFormat += `%${directive}`;
        newArgs[newArgs.length] = args[argIndex];
        argIndex += 1;
        break;
      case 'c':
        argIndex += 1;
        break;
      case '%':
        newFormat += '%%';
        break;
      default:
        newFormat += `%%${directive}`;
        break;
    }
  }
  newFormat += stringSlice(format, done);
  while (argIndex < args.length) {
    newArgs[newArgs.length] = args[argIndex];
    argIndex += 1;
  }
  return freeze([newFormat, ...newArgs]);
};
freeze(sanitizeFormatData);
