// Details tokens: what the `details` (`X`) template tag returns, and the
// `quote` (`q`) and `bare` (`b`) markers for values that may be shown.
//
// A token remembers its literal parts and substituted values in a WeakMap
// private to this module. From it we derive two renderings: the error
// *message*, where every unmarked value is redacted to its type ("(a
// string)"), and the *log args*, where every value appears as itself, for the
// start compartment's console only. Code that merely catches the error sees
// the message; it never sees the values.

import { arrayPush, create, freeze, setFunctionLength, stringSlice, stringStartsWith, weakmapGet, weakmapSet } from '../commons.js';
import { an, bestEffortStringify } from './stringify-utils.js';
import {
  FERAL_STRING,
  FERAL_TYPE_ERROR,
  FERAL_WEAKMAP,
  arrayMap,
  isError,
  regexpTest,
  stringEndsWith,
  weakmapHas,
} from './primordials.js';
import type { Details, DetailsToken, Stringable } from './types.js';

/**
 * Console arguments: literal text and values, alternating (each literal
 * trimmed of the space next to a value, since the console separates its
 * arguments with spaces itself).
 */
export type LogArgs = readonly unknown[];

/** The contents of a `details` template: never let these out of this module. */
type DetailsParts = {
  readonly template: ArrayLike<string>;
  readonly args: readonly unknown[];
};

/** `quote`/`bare` results, mapped to the value they stand for. */
const declassified = new FERAL_WEAKMAP<object, unknown>();

/**
 * Marks `value` as fit to appear in error messages, rendered by
 * `bestEffortStringify` (JSON-like; `spaces` as for `JSON.stringify`).
 */
export const quote = (value: unknown, spaces?: string | number): Stringable => {
  const marked = freeze({ toString: freeze(() => bestEffortStringify(value, spaces)) });
  weakmapSet(declassified, marked, value);
  return marked;
};
freeze(setFunctionLength(quote, 1));

// Word characters, `:` and `-`, in words separated by single spaces.
const bareText = /^[\w:-]+(?: [\w:-]+)*$/;

/**
 * Marks `text` to appear in messages as is, without quotes. Anything that
 * does not look like a short phrase of words is quoted instead, so `bare`
 * cannot be used to forge message syntax.
 */
export const bare = (text: string, spaces?: string | number): Stringable => {
  if (typeof text !== 'string' || !regexpTest(bareText, text)) {
    return quote(text, spaces);
  }
  const marked = freeze({ toString: freeze(() => text) });
  weakmapSet(declassified, marked, text);
  return marked;
};
freeze(setFunctionLength(bare, 1));

const hiddenParts = new FERAL_WEAKMAP<object, DetailsParts>();

const literalAt = (template: ArrayLike<string>, index: number): string => {
  const literal: unknown = template[index];
  // A hand-made template may be shorter than its values; read it as ''.
  return typeof literal === 'string' ? literal : literal === undefined ? '' : FERAL_STRING(literal);
};

/** How one substituted value appears in an error message. */
const redactedText = (arg: unknown): string => {
  if (weakmapHas(declassified, arg)) return `${arg}`;
  if (isError(arg)) return `(${an(arg.name)})`;
  return `(${an(typeof arg)})`;
};

/** The error message: literal parts with each unmarked value redacted. */
export const messageOf = ({ template, args }: DetailsParts): string => {
  let message = literalAt(template, 0);
  for (let i = 0; i < args.length; i += 1) {
    message += redactedText(args[i]) + literalAt(template, i + 1);
  }
  return message;
};

/** The console's view: every value as itself, literals trimmed next to values. */
export const logArgsOf = ({ template, args }: DetailsParts): LogArgs => {
  const logArgs: unknown[] = [];
  let pending = literalAt(template, 0);
  for (let i = 0; i < args.length; i += 1) {
    const before = stringEndsWith(pending, ' ') ? stringSlice(pending, 0, -1) : pending;
    if (before !== '') arrayPush(logArgs, before);
    const arg = args[i];
    arrayPush(logArgs, weakmapHas(declassified, arg) ? weakmapGet(declassified, arg as object) : arg);
    const after = literalAt(template, i + 1);
    pending = stringStartsWith(after, ' ') ? stringSlice(after, 1) : after;
  }
  if (pending !== '') arrayPush(logArgs, pending);
  return logArgs;
};

// Tokens inherit `toString` (one shared method rather than a closure per
// token keeps `X` cheap when the token is never used). It shows only what
// the message would show.
const detailsTokenPrototype = freeze({
  toString(this: unknown): string {
    const parts = weakmapGet(hiddenParts, this as object);
    return parts === undefined ? '[Not a DetailsToken]' : messageOf(parts);
  },
});
freeze(detailsTokenPrototype.toString);

const makeToken = (template: TemplateStringsArray | string[], args: unknown[]): DetailsToken => {
  const token = freeze(create(detailsTokenPrototype)) as DetailsToken;
  weakmapSet(hiddenParts, token, { template, args });
  return token;
};

const quoteUnmarked = (args: unknown[]): unknown[] =>
  arrayMap(args, arg => (weakmapHas(declassified, arg) ? arg : quote(arg)));

/** The `details` tag that redacts every value not marked by `quote`/`bare`. */
export const redactedDetails = (template: TemplateStringsArray | string[], ...args: unknown[]): DetailsToken =>
  makeToken(template, args);
freeze(redactedDetails);

/** The `details` tag that quotes every value (`errorTaming: 'unsafe'`). */
export const unredactedDetails = (template: TemplateStringsArray | string[], ...args: unknown[]): DetailsToken =>
  makeToken(template, quoteUnmarked(args));
freeze(unredactedDetails);

// Whether `details` (and every assert made without an explicit choice)
// redacts. Lockdown turns this off for errorTaming 'unsafe'/'unsafe-debug'.
let redacting = true;

/** Chooses whether the default `details` redacts (see ./internal.ts). */
export const setRedaction = (enabled: boolean): void => {
  redacting = !!enabled;
};
export const isRedacting = (): boolean => redacting;

/** The default `details` tag (`X`): redacts unless lockdown said otherwise. */
export const details = (template: TemplateStringsArray | string[], ...args: unknown[]): DetailsToken =>
  makeToken(template, redacting ? args : quoteUnmarked(args));
freeze(details);

/** The parts behind `details`; a string counts as a template with no values. */
export const partsOf = (details: Details | unknown): DetailsParts => {
  if (typeof details === 'string') return { template: [details], args: [] };
  const parts = weakmapGet(hiddenParts, details as object);
  if (parts === undefined) {
    throw FERAL_TYPE_ERROR(`unrecognized details ${quote(details)}`);
  }
  return parts;
};

freeze(setRedaction);
freeze(isRedacting);
freeze(messageOf);
freeze(logArgsOf);
freeze(partsOf);
