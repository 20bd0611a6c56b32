// Predicates and assertions about one pass style each (isRecord,
// assertCopyArray, isRemotable, ...), and atoms: the passables with no
// identity and no parts (primitives and byteArrays).

import { hideAndHardenFunction } from '../ses/errors/index.js';
import { passStyleOf } from './pass-style-of.js';
import { failType, problem, q, throwProblem } from './reject.js';
import type { Problem } from './reject.js';
import type { Atom, ByteArray, CopyArray, CopyRecord, Passable, RemotableObject } from './types.js';

/** Whether `value` is a copyArray (throws if it is not passable at all). */
export const isCopyArray = (value: any): value is CopyArray<any> => passStyleOf(value) === 'copyArray';
hideAndHardenFunction(isCopyArray);

/** Whether `value` is a byteArray (throws if it is not passable at all). */
export const isByteArray = (value: Passable): value is ByteArray => passStyleOf(value) === 'byteArray';
hideAndHardenFunction(isByteArray);

/** Whether `value` is a copyRecord (throws if it is not passable at all). */
export const isRecord = (value: any): value is CopyRecord<any> => passStyleOf(value) === 'copyRecord';
hideAndHardenFunction(isRecord);

/** Whether `value` is a remotable (throws if it is not passable at all). */
export const isRemotable = (value: Passable): value is RemotableObject => passStyleOf(value) === 'remotable';
hideAndHardenFunction(isRemotable);

export const assertCopyArray = (value: any, nameOfArray = 'Alleged array'): asserts value is CopyArray<any> => {
  const style = passStyleOf(value);
  if (style !== 'copyArray') failType`${q(nameOfArray)} ${value} must be a pass-by-copy array, not ${q(style)}`;
};
hideAndHardenFunction(assertCopyArray);

export const assertByteArray = (value: Passable, nameOfByteArray = 'Alleged byteArray'): asserts value is ByteArray => {
  const style = passStyleOf(value);
  if (style !== 'byteArray') failType`${q(nameOfByteArray)} ${value} must be a pass-by-copy binary data, not ${q(style)}`;
};
hideAndHardenFunction(assertByteArray);

export const assertRecord = (value: any, nameOfRecord = 'Alleged record'): asserts value is CopyRecord<any> => {
  const style = passStyleOf(value);
  if (style !== 'copyRecord') failType`${q(nameOfRecord)} ${value} must be a pass-by-copy record, not ${q(style)}`;
};
hideAndHardenFunction(assertRecord);

export const assertRemotable = (value: Passable, nameOfRemotable = 'Alleged remotable'): asserts value is RemotableObject => {
  const style = passStyleOf(value);
  if (style !== 'remotable') failType`${q(nameOfRemotable)} ${value} must be a remotable, not ${q(style)}`;
};
hideAndHardenFunction(assertRemotable);

const atomStyles = new Set(['undefined', 'null', 'boolean', 'number', 'bigint', 'string', 'byteArray', 'symbol']);

const atomProblem = (value: unknown): Problem | undefined => {
  let style;
  try {
    style = passStyleOf(value);
  } catch (error) {
    return problem`Not even Passable: ${q(error)}: ${value}`;
  }
  return atomStyles.has(style) ? undefined : problem`A ${q(style)} cannot be an atom: ${value}`;
};

/** Whether `value` is a passable atom; never throws. */
export const isAtom = (value: any): value is Atom => atomProblem(value) === undefined;
hideAndHardenFunction(isAtom);

/** Throws unless `value` is a passable atom. */
export const assertAtom = (value: Passable): asserts value is Atom => {
  const found = atomProblem(value);
  if (found !== undefined) throwProblem(found);
};
hideAndHardenFunction(assertAtom);
