// The module state of one compartment: which module each full specifier
// maps to, the instances made in it, the loads in flight and the namespace
// placeholders handed out by `compartment.module()`. Kept in a private slot
// of the compartment object, made on first use (most compartments never
// load a module).

import { makePrivateSlot } from '../private-slot.js';
import { getCompartmentFields, type CompartmentFields } from '../compartment.js';
import type { ModuleInstance } from './module-instance.js';
import type { ModuleRecord } from '../module-record.js';

export interface CompartmentModules {
  readonly compartment: object;
  readonly fields: CompartmentFields;
  /** Full specifier -> the instance it denotes here (possibly another compartment's). */
  readonly mapping: Map<string, ModuleInstance>;
  /** Instance specifier -> the instance made in this compartment under it. */
  readonly instances: Map<string, ModuleInstance>;
  /** Full specifier -> the asynchronous load in flight, shared by concurrent loads. */
  readonly pending: Map<string, Promise<ModuleInstance>>;
  /** Full specifier -> its namespace object (placeholder until linked). */
  readonly namespaces: Map<string, object>;
  /** Functors already evaluated here, per record (one evaluation per compartment and record). */
  readonly functors: WeakMap<ModuleRecord, Function>;
}

const moduleStates = makePrivateSlot<CompartmentModules>();

/** The module state of `compartment` (a TypeError if it is not a compartment). */
export const compartmentModulesOf = (compartment: object): CompartmentModules => {
  let state = moduleStates.get(compartment);
  if (state === undefined) {
    state = {
      compartment,
      fields: getCompartmentFields(compartment),
      mapping: new Map(),
      instances: new Map(),
      pending: new Map(),
      namespaces: new Map(),
      functors: new WeakMap(),
    };
    moduleStates.set(compartment, state);
  }
  return state;
};

/** Whether `value` is a compartment (any object with compartment fields). */
export const isCompartment = (value: unknown): value is object => {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return false;
  try {
    getCompartmentFields(value as object);
    return true;
  } catch {
    return false;
  }
};
