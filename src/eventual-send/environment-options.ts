// Reading eventual send's debugging switches from the host's environment
// variables, as @endo/env-options reads them for the original: a switch
// with a fixed set of values refuses any other value (at import, so a
// misspelt switch is noticed at once), and a list is comma-separated.

import { hostEnvironment } from '../ses/commons.js';

/**
 * The value of the environment variable `name`, or `defaultValue` if it is
 * not set. Any value other than the default and `otherValues` throws.
 */
export const environmentChoice = <V extends string>(name: string, defaultValue: V, otherValues: readonly V[]): V => {
  const value = hostEnvironment()[name];
  if (value === undefined) return defaultValue;
  if (value === defaultValue || otherValues.includes(value as V)) return value as V;
  const expected = JSON.stringify([defaultValue, ...otherValues]);
  throw Error(`Unrecognized ${JSON.stringify(name)} value ${JSON.stringify(value)}. Expected one of ${expected}`);
};

/** Whether the comma-separated list in the environment variable `name` has `element`. */
export const environmentListHas = (name: string, element: string): boolean => {
  const value = hostEnvironment()[name];
  return value !== undefined && value !== '' && value.split(',').includes(element);
};
