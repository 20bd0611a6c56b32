// With `__hardenTaming__: 'unsafe'`, harden freezes nothing. Code that checks
// its work afterwards (pass-style asks `Object.isFrozen` of every passable)
// would then refuse everything, so, as the original does, the integrity
// predicates are made to agree with the fake harden: everything reports
// frozen, sealed and non-extensible. Only ever for that unsafe, debugging
// mode: the answers are lies.

import { defineProperty } from './commons.js';

export const tameIntegrityPredicatesForFakeHarden = (markNative: (fn: Function) => void): void => {
  // Method syntax: named like the originals, with no `.prototype`.
  const pretending = {
    isFrozen(_object: unknown): boolean {
      return true;
    },
    isSealed(_object: unknown): boolean {
      return true;
    },
    isExtensible(_object: unknown): boolean {
      return false;
    },
  };
  const replace = (namespace: object, name: keyof typeof pretending) => {
    markNative(pretending[name]);
    defineProperty(namespace, name, { value: pretending[name] });
  };
  replace(Object, 'isFrozen');
  replace(Object, 'isSealed');
  replace(Object, 'isExtensible');
  replace(Reflect, 'isExtensible');
};
