// Remotables: objects passed by reference. A remotable object has only
// methods (functions that are not themselves passable) as own properties,
// apart from an optional interface-string @@toStringTag, and inherits from
// a frozen "tag record" carrying `[PASS_STYLE]: 'remotable'` and its
// interface (or from another remotable). A far function has only its
// `name` and `length` (and optionally an interface @@toStringTag), and
// inherits from a function tag record. The problem finders here return the
// first thing wrong (see pass-style-helpers.ts).

import { getOwnPropertyDescriptor, getOwnPropertyDescriptors, getPrototypeOf, isArray, isFrozen, functionPrototype, objectHasOwn, objectPrototype, ownKeys, stringStartsWith } from '../ses/commons.js';
import { hideAndHardenFunction } from '../ses/errors/index.js';
import { getMethodNames } from '../eventual-send/method-names.js';
import { PASS_STYLE, getTag, isPrimitive, tagRecordProblem } from './pass-style-helpers.js';
import { failType, problem, q, throwProblem } from './reject.js';
import type { Problem } from './reject.js';
import { isConfirmedRemotable, rememberConfirmedRemotable } from './style-cache.js';
import type { InterfaceSpec, PassStyled, RemotableMethodName } from './types.js';

/**
 * A function can be a method only if it is not itself passable (a far
 * function): otherwise a record holding far functions would look like a
 * remotable.
 */
export const canBeMethod = (value: unknown): value is Function =>
  typeof value === 'function' && !(PASS_STYLE in value);
Object.freeze(canBeMethod);

/** The method names of a remotable's behavior, as far as eventual send sees them. */
export const getRemotableMethodNames = (behaviorMethods: object): RemotableMethodName[] => getMethodNames(behaviorMethods);
Object.freeze(getRemotableMethodNames);

/** Problem with `iface` as an interface: for now "Remotable", "Alleged: ..." or "DebugName: ...". */
export const ifaceProblem = (iface: unknown): Problem | undefined => {
  if (typeof iface !== 'string') return problem`For now, interface ${iface} must be a string; unimplemented`;
  if (iface === 'Remotable' || stringStartsWith(iface, 'Alleged: ') || stringStartsWith(iface, 'DebugName: ')) return undefined;
  return problem`For now, iface ${q(iface)} must be "Remotable" or begin with "Alleged: " or "DebugName: "; unimplemented`;
};

/** Throws unless `iface` is a valid interface. */
export const assertIface = (iface: InterfaceSpec): true => {
  const found = ifaceProblem(iface);
  return found === undefined || throwProblem(found);
};
hideAndHardenFunction(assertIface);

const remotableObjectOwnPropertiesProblem = (candidate: object): Problem | undefined => {
  for (const key of ownKeys(candidate)) {
    const descriptor = getOwnPropertyDescriptor(candidate, key)!;
    if (!objectHasOwn(descriptor, 'value')) {
      return problem`cannot serialize Remotables with accessors like ${q(String(key))} in ${candidate}`;
    }
    const { value } = descriptor;
    if (key === Symbol.toStringTag) {
      const found = ifaceProblem(value);
      if (found === undefined) continue;
      return found;
    }
    if (!canBeMethod(value)) {
      return problem`cannot serialize Remotables with non-methods like ${q(String(key))} in ${candidate}`;
    }
    if (key === PASS_STYLE) return problem`A pass-by-remote cannot shadow ${q(PASS_STYLE)}`;
  }
  return undefined;
};

const farFunctionOwnPropertiesProblem = (candidate: Function): Problem | undefined => {
  const descriptors = getOwnPropertyDescriptors(candidate) as Record<PropertyKey, PropertyDescriptor>;
  const nameDescriptor = descriptors.name;
  if (nameDescriptor === undefined || typeof nameDescriptor.value !== 'string') {
    return problem`Far function name must be a string, in ${candidate}`;
  }
  const lengthDescriptor = descriptors.length;
  if (lengthDescriptor === undefined || typeof lengthDescriptor.value !== 'number') {
    return problem`Far function length must be a number, in ${candidate}`;
  }
  const tagDescriptor = descriptors[Symbol.toStringTag as any];
  if (tagDescriptor !== undefined) {
    if (typeof tagDescriptor.value !== 'string') return problem`Far function @@toStringTag must be a string, in ${candidate}`;
    const found = ifaceProblem(tagDescriptor.value);
    if (found !== undefined) return found;
  }
  const restKeys = ownKeys(descriptors).filter(key => key !== 'name' && key !== 'length' && key !== Symbol.toStringTag);
  return restKeys.length === 0
    ? undefined
    : problem`Far functions unexpected properties besides .name and .length ${restKeys}`;
};

/**
 * Problem with `candidate`'s own properties for a remotable (the first,
 * cheap test; the prototype is checked by remotableProblem).
 */
export const remotableShapeProblem = (candidate: unknown): Problem | undefined => {
  if (isPrimitive(candidate)) return problem`cannot serialize non-objects as Remotable ${candidate}`;
  if (isArray(candidate)) return problem`cannot serialize arrays as Remotable ${candidate}`;
  if (typeof candidate === 'object') return remotableObjectOwnPropertiesProblem(candidate);
  return farFunctionOwnPropertiesProblem(candidate as Function);
};

/** Problem with what `original` inherits, for a remotable. */
const remotablePrototypeProblem = (original: object): Problem | undefined => {
  if (isPrimitive(original)) failType`Remotables must be objects or functions: ${original}`;
  const proto = getPrototypeOf(original);
  if (proto === objectPrototype || proto === null || proto === functionPrototype) {
    return problem`Remotables must be explicitly declared: ${q(original)}`;
  }
  if (typeof original === 'object') {
    const protoProto = getPrototypeOf(proto);
    // Inheriting from another remotable, which must itself be valid.
    // eslint-disable-next-line no-use-before-define
    if (protoProto !== objectPrototype && protoProto !== null) return remotableProblem(proto);
  }
  const tagProblem = tagRecordProblem(proto, 'remotable', typeof original === 'function');
  if (tagProblem !== undefined) return tagProblem;
  const restKeys = ownKeys(proto).filter(key => key !== PASS_STYLE && key !== Symbol.toStringTag);
  if (restKeys.length !== 0) return problem`Unexpected properties on Remotable Proto ${restKeys}`;
  return ifaceProblem(proto[Symbol.toStringTag]);
};

/** The first reason `value` is not a valid remotable, or undefined if it is one. */
export const remotableProblem = (value: any): Problem | undefined => {
  if (isConfirmedRemotable(value)) return undefined;
  if (!isFrozen(value)) return problem`cannot serialize non-frozen objects like ${value}`;
  const found = remotableShapeProblem(value) ?? remotablePrototypeProblem(value);
  if (found === undefined) rememberConfirmedRemotable(value);
  return found;
};

/** The interface of a valid remotable, else undefined. */
export const getInterfaceOf: {
  <T extends string>(value: PassStyled<any, T>): T;
  (value: any): InterfaceSpec | undefined;
} = (value: any): any => {
  if (isPrimitive(value) || value[PASS_STYLE] !== 'remotable' || remotableProblem(value) !== undefined) return undefined;
  return getTag(value);
};
Object.freeze(getInterfaceOf);
