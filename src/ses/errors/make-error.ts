// makeError: builds an error whose `message` is the redacted rendering of its
// details, and remembers the unredacted rendering (for the causal console
// only) in a WeakMap. Also here: the console tags errors are known by
// ("TypeError#3"), and `sanitizeError`, which strips what the host added to a
// new error and freezes it.

import {
  construct,
  create,
  defineProperty,
  freeze,
  getOwnPropertyDescriptors,
  globalThisRef,
  objectHasOwn,
  objectPrototype,
  ownKeys,
  weakmapGet,
  weakmapSet,
} from '../commons.js';
import { logArgsOf, messageOf, partsOf, quote, redactedDetails } from './details.js';
import type { LogArgs } from './details.js';
import { note } from './notes.js';
import { FERAL_AGGREGATE_ERROR, FERAL_WEAKMAP, weakmapDelete } from './primordials.js';
import type { AssertMakeErrorOptions, Details, GenericErrorConstructor } from './types.js';

const hiddenMessageLogArgs = new FERAL_WEAKMAP<object, LogArgs>();

/** The unredacted message of an error made by `makeError`, if any. */
export const getMessageLogArgs = (error: Error): LogArgs | undefined => weakmapGet(hiddenMessageLogArgs, error);

/** Like getMessageLogArgs, but forgets them: a console prints them once. */
export const takeMessageLogArgs = (error: Error): LogArgs | undefined => {
  const logArgs = weakmapGet(hiddenMessageLogArgs, error);
  weakmapDelete(hiddenMessageLogArgs, error);
  return logArgs;
};

const errorTags = new FERAL_WEAKMAP<object, string>();
let lastErrorTagNum = 0;

/**
 * The console's name for `error`: its name (or `errorName` given to
 * makeError) and a number unique in this realm, fixed at first use.
 */
export const tagError = (error: Error, errorName: string = error.name): string => {
  let tag = weakmapGet(errorTags, error);
  if (tag === undefined) {
    lastErrorTagNum += 1;
    tag = `${errorName}#${lastErrorTagNum}`;
    weakmapSet(errorTags, error, tag);
  }
  return tag;
};

/** Restarts tag numbering, so that tests can expect fixed tags. */
export const resetErrorTagNum = (): void => {
  lastErrorTagNum = 0;
};

/** Own properties an error may keep (`code` only when a string). */
const isExpectedErrorProperty = (key: PropertyKey, descriptor: PropertyDescriptor): boolean => {
  switch (key) {
    case 'name':
    case 'message':
    case 'errors':
    case 'cause':
    case 'stack':
      return true;
    case 'code':
      return descriptor.value === undefined || typeof descriptor.value === 'string';
    default:
      return false;
  }
};

/**
 * Makes a fresh error safe to pass around: removes every own property the
 * host added beyond the expected ones (noting what was removed, so the
 * console still shows it), turns accessors such as a V8 `stack` getter into
 * data properties, and freezes the error.
 */
export const sanitizeError = (error: Error): void => {
  const descriptors = getOwnPropertyDescriptors(error) as Record<PropertyKey, PropertyDescriptor>;
  const unexpected: Record<PropertyKey, PropertyDescriptor> = {};
  let removedAny = false;
  for (const key of ownKeys(descriptors)) {
    const descriptor = descriptors[key as string];
    if (!isExpectedErrorProperty(key, descriptor)) {
      unexpected[key as string] = descriptor;
      removedAny = true;
      delete (error as any)[key];
    }
  }
  if (removedAny) {
    // Keep the accessors as they were: the note shows them only if printed.
    const removed = create(objectPrototype, unexpected);
    note(error, redactedDetails`originally with properties ${quote(removed)}`);
  }
  for (const key of ownKeys(error)) {
    const descriptor = descriptors[key as string];
    if (descriptor !== undefined && objectHasOwn(descriptor, 'get')) {
      defineProperty(error, key, { value: (error as any)[key] });
    }
  }
  freeze(error);
};

const isAggregateErrorConstructor = (ctor: unknown): boolean =>
  FERAL_AGGREGATE_ERROR !== undefined &&
  (ctor === FERAL_AGGREGATE_ERROR ||
    (typeof ctor === 'function' && ctor.prototype instanceof FERAL_AGGREGATE_ERROR));

const defineHiddenData = (error: Error, name: string, value: unknown) =>
  defineProperty(error, name, { value, writable: true, enumerable: false, configurable: true });

/**
 * Makes (does not throw) an error of `errConstructor` (default: the current
 * global `Error`) whose message redacts the unmarked values of `details`
 * (default: "Assert failed"). `cause` and `errors` become own properties;
 * `errorName` names the error in console output.
 */
export function makeError<T extends GenericErrorConstructor>(
  details: Details,
  errConstructor: T,
  options?: AssertMakeErrorOptions,
): InstanceType<T>;
export function makeError(
  details?: Details,
  errConstructor?: GenericErrorConstructor,
  options?: AssertMakeErrorOptions,
): Error;
export function makeError(
  details?: Details,
  errConstructor?: GenericErrorConstructor,
  options: AssertMakeErrorOptions = {},
): Error {
  const { errorName, cause, errors, sanitize = true, code } = options;
  const parts = partsOf(details ?? 'Assert failed');
  const message = messageOf(parts);
  // Read at call time: after lockdown the start compartment's Error is tamed.
  const ErrorConstructor = errConstructor ?? (globalThisRef.Error as ErrorConstructor);
  const causeOption = cause ? { cause } : undefined;
  let error: Error;
  if (isAggregateErrorConstructor(ErrorConstructor)) {
    error = construct(ErrorConstructor, [errors || [], message, causeOption]);
  } else {
    // `new` rather than a plain call, so error classes work too.
    error = construct(ErrorConstructor, [message, causeOption]);
    // As on an AggregateError, for any kind of error.
    if (errors !== undefined) defineHiddenData(error, 'errors', errors);
  }
  if (code !== undefined) defineHiddenData(error, 'code', code);
  weakmapSet(hiddenMessageLogArgs, error, logArgsOf(parts));
  if (errorName !== undefined) tagError(error, errorName);
  if (sanitize) sanitizeError(error);
  return error;
}
freeze(makeError);

freeze(getMessageLogArgs);
freeze(takeMessageLogArgs);
freeze(tagError);
freeze(resetErrorTagNum);
freeze(sanitizeError);
