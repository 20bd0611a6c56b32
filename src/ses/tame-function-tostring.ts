// Function.prototype.toString taming. Lockdown replaces some built-ins with
// functions written in JavaScript (the shared Date, the inert constructors,
// the confined `eval`, ...). Their source text would give them away and would
// differ from what code expects of a built-in, so they are registered here as
// "virtualized native functions" and print as `function name() { [native code] }`.
// Every other value gets the original toString's answer, including its
// TypeError for non-functions.

import { apply, defineProperty, freeze, functionPrototype } from './commons.js';
import { makePrivateSlot } from './private-slot.js';

const originalFunctionToString = functionPrototype.toString;

export type MarkVirtualizedNativeFunction = (fn: Function) => void;

// Module-level so that taming twice does not stack two replacements: the
// replacement of `Function.prototype.toString` is realm-wide state anyway.
let markVirtualizedNativeFunction: MarkVirtualizedNativeFunction | undefined;

/**
 * Replaces `Function.prototype.toString` (once per realm) and returns the
 * function that registers a function to be printed as native code.
 */
export const tameFunctionToString = (): MarkVirtualizedNativeFunction => {
  if (markVirtualizedNativeFunction !== undefined) {
    return markVirtualizedNativeFunction;
  }
  const virtualizedNativeFunctions = makePrivateSlot<true>();

  // Method syntax: named `toString`, no construct behaviour, no `.prototype`.
  const replacement = {
    toString(this: unknown): string {
      // Throws the original TypeError for non-functions.
      const source = apply(originalFunctionToString, this, []) as string;
      // Registered stand-ins include proxies, which V8 prints without a name.
      if (!virtualizedNativeFunctions.has(this as Function)) return source;
      return `function ${(this as Function).name}() { [native code] }`;
    },
  };
  // Only the value changes: the property keeps its attributes.
  defineProperty(functionPrototype, 'toString', { value: replacement.toString });

  const mark = freeze((fn: Function): void => {
    virtualizedNativeFunctions.set(fn, true);
  });
  // The replacement is itself a stand-in for a built-in.
  mark(replacement.toString);
  markVirtualizedNativeFunction = mark;
  return mark;
};
