import { defineProperty, globalThisRef } from './commons.js';

/** Puts `value` on globalThis as ses's shims do: by assignment (writable, enumerable, configurable). */
export const installGlobal = (name: string | symbol, value: unknown): void => {
  defineProperty(globalThisRef, name, { value, writable: true, enumerable: true, configurable: true });
};
