// The stack text the causal console prints under an error's message, when
// lockdown supplies nothing better: the error's own `stack` without its
// first line (V8 starts `stack` with "Name: message", already printed).

import { freeze, stringSlice, stringStartsWith } from '../commons.js';
import { stringIndexOf } from '../errors/primordials.js';

export const defaultGetStackString = (error: Error): string => {
  if (!('stack' in error)) return '';
  const stack = `${error.stack}`;
  const firstNewline = stringIndexOf(stack, '\n');
  // A stack that already starts with a frame (indented) has no message line.
  if (firstNewline === -1 || stringStartsWith(stack, ' ')) return stack;
  return stringSlice(stack, firstNewline + 1);
};
freeze(defaultGetStackString);
