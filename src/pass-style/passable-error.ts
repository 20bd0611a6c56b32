// Making errors fit to pass or throw. toPassableError returns a passable
// error: the error itself if it already is one (after hardening it), else a
// fresh error of the nearest standard class with the same message (and any
// passable cause or errors), annotated as copied from the original so the
// console still shows the original's details. toThrowable accepts what the
// exo boundary may throw: passable data holding no remotables or promises.

import { X, annotateError, makeError } from '../ses/errors/index.js';
import { getOwnPropertyDescriptors, values } from '../ses/commons.js';
import { errorPropertyProblem, getErrorConstructor, isErrorLike, passableErrorProblem } from './error.js';
import { hardenNow } from './harden-at-call-time.js';
import { isPrimitive } from './pass-style-helpers.js';
import { passStyleOf } from './pass-style-of.js';
import { failType, q } from './reject.js';
import type { CopyTagged, Passable, PassStyle } from './types.js';

const ErrorConstructor = Error;

/** `error` itself if passable once hardened, else a passable copy of it. */
export const toPassableError = <E extends Error>(error: E): E => {
  hardenNow(error);
  if (passableErrorProblem(error, passStyleOf) === undefined) return error;
  const { name, message } = error;
  const { cause: causeDescriptor, errors: errorsDescriptor } = getOwnPropertyDescriptors(error) as Record<
    string,
    PropertyDescriptor | undefined
  >;
  const passableOrUndefined = (key: string, descriptor: PropertyDescriptor | undefined): any => {
    if (descriptor === undefined) return undefined;
    return errorPropertyProblem(key, descriptor, passStyleOf) === undefined ? descriptor.value : undefined;
  };
  const cause = passableOrUndefined('cause', causeDescriptor);
  const errors = passableOrUndefined('errors', errorsDescriptor);
  const errorClass = getErrorConstructor(`${name}`) ?? ErrorConstructor;
  const copy = makeError(`${message}`, errorClass, { cause, errors });
  hardenNow(copy);
  annotateError(copy, X`copied from error ${error}`);
  if (passStyleOf(copy) !== 'error') failType`Expected ${copy} to be a passable error`;
  return copy as E;
};
Object.freeze(toPassableError);

const sameWhenThrowable = (value: unknown): void => {
  // eslint-disable-next-line no-use-before-define
  if (value !== toThrowable(value)) failType`nested toThrowable coercion not yet supported ${value}`;
};

/**
 * After hardening: `specimen` if it is throwable (passable, with no
 * remotables or promises in it); a passable copy if it is an error that
 * is not passable; otherwise throws.
 */
export const toThrowable = (specimen: unknown): Passable<never, Error> => {
  hardenNow(specimen);
  if (isErrorLike(specimen)) return toPassableError(specimen as Error);
  if (!isPrimitive(specimen)) {
    const style: PassStyle = passStyleOf(specimen as any);
    switch (style) {
      case 'copyArray':
        for (const element of specimen as unknown[]) sameWhenThrowable(element);
        break;
      case 'copyRecord':
        for (const value of values(specimen as object)) sameWhenThrowable(value);
        break;
      case 'tagged':
        sameWhenThrowable((specimen as CopyTagged).payload);
        break;
      case 'error':
        sameWhenThrowable(specimen);
        break;
      case 'byteArray':
        // Copy data with no capabilities: throwable by the definition above
        // (@endo/pass-style 1.8.2 rejects it, contradicting its own definition).
        break;
      default:
        failType`A ${q(style)} is not throwable: ${specimen}`;
    }
  }
  return specimen as Passable<never, Error>;
};
Object.freeze(toThrowable);
