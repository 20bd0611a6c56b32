// endo/ses/tools.js: what ses offers to those who build their own
// evaluators: the text transforms (text-transforms.ts) and the scope
// terminators, proxies that answer "present" for every name so that a
// `with` lookup never goes past them. Our own evaluator uses its own
// terminator (scope-terminator.ts); these are fresh ones, as ses's.

import { create, freeze } from './commons.js';
import { transforms } from './text-transforms.js';

export { transforms };

// Every trap these terminators do not define is a bug in the caller's
// evaluator: it throws, naming the trap, rather than falling through to
// the empty target.
const unexpectedTrap: ProxyHandler<object> = new Proxy(freeze(create(null)), {
  get(_target, trap) {
    throw Error(`Please report unexpected scope handler trap: ${JSON.stringify(String(trap))}`);
  },
});

const terminatorTraps = (set: (name: PropertyKey, value: unknown) => boolean): ProxyHandler<object> =>
  freeze(
    Object.setPrototypeOf(
      {
        has: () => true,
        get: () => undefined,
        set: (_target: object, name: PropertyKey, value: unknown) => set(name, value),
        getPrototypeOf: () => null,
        // A `with` lookup never asks this; whoever does is told, as by ses.
        getOwnPropertyDescriptor: (_target: object, name: PropertyKey) => {
          const { console } = globalThis as { console?: { warn?: (...args: unknown[]) => void } };
          console?.warn?.(`getOwnPropertyDescriptor trap on scopeTerminatorHandler for ${JSON.stringify(String(name))}`, TypeError().stack);
          return undefined;
        },
        ownKeys: () => [],
      },
      unexpectedTrap,
    ),
  );

const emptyTarget = freeze(create(null));

/** In strict code an assignment to an undeclared name is a ReferenceError. */
const strictScopeTerminator = new Proxy(
  emptyTarget,
  terminatorTraps(name => {
    throw ReferenceError(`${String(name)} is not defined`);
  }),
);

/** In sloppy code an assignment to an undeclared name creates a property of the global object. */
const createSloppyGlobalsScopeTerminator = (globalObject: object): object =>
  new Proxy(
    emptyTarget,
    terminatorTraps((name, value) => Reflect.set(globalObject, name, value)),
  );

export const scopeTerminators = freeze({
  strictScopeTerminator,
  createSloppyGlobalsScopeTerminator: freeze(createSloppyGlobalsScopeTerminator),
});
