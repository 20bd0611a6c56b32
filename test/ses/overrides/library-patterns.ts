// Small snippets that make the same assignments that known libraries make,
// each of which hits the override mistake once the intrinsics are frozen,
// tagged with the library and the lowest overrideTaming level under which it
// works. Not the libraries themselves: only the shape of their assignment.
// The per-level test files run every snippet and expect those at or below
// their level to work and the others to throw a TypeError.

export type Level = 'min' | 'moderate' | 'severe';

export interface OverridePattern {
  readonly library: string;
  readonly level: Level;
  /** The assignment, and which inherited property it overrides. */
  readonly assignment: string;
  /** Runs the assignments (strict code) and checks they took effect. */
  readonly run: () => void;
}

export const levelRank: Record<Level | 'none', number> = { none: 0, min: 1, moderate: 2, severe: 3 };

/** Throws unless `object` now has `value` as its own `key`. */
const expectOwn = (object: any, key: PropertyKey, value: unknown): void => {
  const desc = Object.getOwnPropertyDescriptor(object, key);
  if (!desc || desc.value !== value) throw Error(`expected own ${String(key)} to be set`);
};

// A prototype chain as regenerator-runtime builds it for generators.
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

export const overridePatterns: readonly OverridePattern[] = [
  {
    library: 'regenerator-runtime',
    level: 'moderate',
    assignment: 'Gp[Symbol.iterator] = ... (%IteratorPrototype%[@@iterator])',
    run() {
      const Gp = Object.create(IteratorPrototype);
      const returnThis = function (this: unknown) {
        return this;
      };
      Gp[Symbol.iterator] = returnThis;
      expectOwn(Gp, Symbol.iterator, returnThis);
    },
  },
  {
    library: 'regenerator-runtime',
    level: 'moderate',
    assignment: 'GeneratorFunctionPrototype.constructor = GeneratorFunction (Function.prototype.constructor)',
    run() {
      function GeneratorFunction() {}
      function GeneratorFunctionPrototype() {}
      (GeneratorFunctionPrototype as any).constructor = GeneratorFunction;
      expectOwn(GeneratorFunctionPrototype, 'constructor', GeneratorFunction);
    },
  },
  {
    library: 'regenerator-runtime',
    level: 'min',
    assignment: "Gp.toString = () => '[object Generator]' (Object.prototype.toString via %IteratorPrototype%)",
    run() {
      const Gp = Object.create(IteratorPrototype);
      const toString = () => '[object Generator]';
      Gp.toString = toString;
      expectOwn(Gp, 'toString', toString);
      if (`${Gp}` !== '[object Generator]') throw Error('override not used');
    },
  },
  {
    library: 'underscore',
    level: 'moderate',
    assignment: '_.bind = ... on the `_` function (Function.prototype.bind)',
    run() {
      const _ = function (this: unknown, obj: unknown) {
        return obj;
      } as any;
      const bind = (func: Function, context: unknown) => func.bind(context);
      _.bind = bind;
      expectOwn(_, 'bind', bind);
    },
  },
  {
    library: 'express',
    level: 'moderate',
    assignment: 'app.bind = ... on a function object (Function.prototype.bind)',
    run() {
      const app = function (_req: unknown, _res: unknown) {} as any;
      const bind = () => app;
      app.bind = bind;
      expectOwn(app, 'bind', bind);
    },
  },
  {
    library: 'bluebird',
    level: 'moderate',
    assignment: 'SubError.prototype.toString = ... (Error.prototype.toString)',
    run() {
      function SubError(this: any, message: string) {
        this.message = message;
      }
      SubError.prototype = Object.create(Error.prototype);
      const toString = function (this: any) {
        return `SubError: ${this.message}`;
      };
      SubError.prototype.toString = toString;
      expectOwn(SubError.prototype, 'toString', toString);
    },
  },
  {
    library: 'bluebird',
    level: 'moderate',
    assignment: 'util.inherits: this.constructor = Child in a T whose prototype is Error.prototype (Error.prototype.constructor)',
    run() {
      function Child() {}
      function T(this: any) {
        this.constructor = Child;
      }
      T.prototype = Error.prototype;
      const proto = new (T as any)();
      expectOwn(proto, 'constructor', Child);
    },
  },
  {
    library: 'node-fetch',
    level: 'min',
    assignment: "FetchError.prototype.name = 'FetchError' (Error.prototype.name)",
    run() {
      function FetchError() {}
      FetchError.prototype = Object.create(Error.prototype);
      FetchError.prototype.name = 'FetchError';
      expectOwn(FetchError.prototype, 'name', 'FetchError');
    },
  },
  {
    library: 'readable-stream',
    level: 'moderate',
    assignment: '_inheritsLoose(NodeError, TypeError): subClass.prototype.constructor = subClass (TypeError.prototype.constructor)',
    run() {
      function NodeError() {}
      NodeError.prototype = Object.create(TypeError.prototype);
      NodeError.prototype.constructor = NodeError;
      expectOwn(NodeError.prototype, 'constructor', NodeError);
    },
  },
  {
    library: 'readable-stream',
    level: 'moderate',
    assignment: 'NodeError.prototype.name = Base.name (TypeError.prototype.name)',
    run() {
      class NodeError extends TypeError {}
      // Assigned, not defined: on the class's own prototype object, which
      // inherits `name` from TypeError.prototype.
      (NodeError.prototype as any).name = TypeError.name;
      expectOwn(NodeError.prototype, 'name', 'TypeError');
    },
  },
  {
    library: 'tape',
    level: 'moderate',
    assignment: "new TypeError().message = '...' (TypeError.prototype.message)",
    run() {
      const error = new TypeError();
      error.message = 'explained later';
      expectOwn(error, 'message', 'explained later');
    },
  },
  {
    library: 'core-js',
    level: 'moderate',
    assignment: 'a Promise subclass prototype given constructor by assignment (Promise.prototype.constructor)',
    run() {
      function PromiseWrapper() {}
      const proto = Object.create(Promise.prototype);
      proto.constructor = PromiseWrapper;
      expectOwn(proto, 'constructor', PromiseWrapper);
    },
  },
  {
    library: 'buffer',
    level: 'moderate',
    assignment: 'arr.toString = BP.toString; arr.set = BP.set; ... on a Uint8Array (%TypedArrayPrototype% methods)',
    run() {
      const BP = {
        toString() {
          return 'buffer';
        },
        set() {},
        slice() {
          return this;
        },
        indexOf() {
          return -1;
        },
      };
      const arr = new Uint8Array(4) as any;
      arr.toString = BP.toString;
      arr.set = BP.set;
      arr.slice = BP.slice;
      arr.indexOf = BP.indexOf;
      expectOwn(arr, 'toString', BP.toString);
      expectOwn(arr, 'set', BP.set);
      expectOwn(arr, 'slice', BP.slice);
      expectOwn(arr, 'indexOf', BP.indexOf);
    },
  },
  {
    library: 'mobx',
    level: 'moderate',
    assignment: 'StubArray-based prototype given concat and [Symbol.iterator] (Array.prototype)',
    run() {
      const StubArray = function () {} as any;
      StubArray.prototype = [];
      const ObservableArrayPrototype = Object.create(StubArray.prototype);
      const concat = () => [];
      const iterate = function* () {};
      ObservableArrayPrototype.concat = concat;
      ObservableArrayPrototype[Symbol.iterator] = iterate;
      expectOwn(ObservableArrayPrototype, 'concat', concat);
      expectOwn(ObservableArrayPrototype, Symbol.iterator, iterate);
    },
  },
  {
    library: 'Google Analytics',
    level: 'moderate',
    assignment: 'dataLayer.push = ... (Array.prototype.push)',
    run() {
      const dataLayer = [] as any;
      const push = () => 0;
      dataLayer.push = push;
      expectOwn(dataLayer, 'push', push);
    },
  },
  {
    library: 'rollup',
    level: 'min',
    assignment: 'fn.toString = ... on a function (Function.prototype.toString)',
    run() {
      function fn() {}
      const toString = () => 'function fn() { /* original source */ }';
      fn.toString = toString;
      expectOwn(fn, 'toString', toString);
    },
  },
  {
    library: 'rollup',
    level: 'min',
    assignment: 'exports.toString = ... on a plain exports object (Object.prototype.toString)',
    run() {
      const exportsObject: any = {};
      const toString = () => 'module';
      exportsObject.toString = toString;
      expectOwn(exportsObject, 'toString', toString);
    },
  },
  {
    library: 'rollup',
    level: 'severe',
    assignment: 'exports.hasOwnProperty = ... on a plain exports object (Object.prototype.hasOwnProperty)',
    run() {
      const exportsObject: any = {};
      const hasOwnProperty = () => true;
      exportsObject.hasOwnProperty = hasOwnProperty;
      expectOwn(exportsObject, 'hasOwnProperty', hasOwnProperty);
    },
  },
  {
    library: 'webpack',
    level: 'severe',
    assignment: 'exports.constructor = ... on a plain exports object (Object.prototype.constructor)',
    run() {
      const exportsObject: any = {};
      function constructor() {}
      exportsObject.constructor = constructor;
      expectOwn(exportsObject, 'constructor', constructor);
    },
  },
  {
    library: 'immer',
    level: 'severe',
    assignment: 'DraftMap.prototype.set = ... with DraftMap.prototype = Object.create(Map.prototype) (Map.prototype.set)',
    run() {
      const DraftMapPrototype = Object.create(Map.prototype);
      const set = () => DraftMapPrototype;
      DraftMapPrototype.set = set;
      expectOwn(DraftMapPrototype, 'set', set);
    },
  },
  {
    library: 'immer',
    level: 'severe',
    assignment: 'DraftSet.prototype.add = ... with DraftSet.prototype = Object.create(Set.prototype) (Set.prototype.add)',
    run() {
      const DraftSetPrototype = Object.create(Set.prototype);
      const add = () => DraftSetPrototype;
      DraftSetPrototype.add = add;
      expectOwn(DraftSetPrototype, 'add', add);
    },
  },
  {
    library: '(common code)',
    level: 'moderate',
    assignment: 'o.valueOf = ... (Object.prototype.valueOf)',
    run() {
      const money: any = {};
      const valueOf = () => 42;
      money.valueOf = valueOf;
      expectOwn(money, 'valueOf', valueOf);
      if (+money !== 42) throw Error('override not used');
    },
  },
  {
    library: '(common code)',
    level: 'moderate',
    assignment: "new Error().message = '...' (Error.prototype.message)",
    run() {
      const error = new Error();
      error.message = 'filled in later';
      expectOwn(error, 'message', 'filled in later');
    },
  },
  {
    library: '(common code)',
    level: 'moderate',
    assignment: "new RangeError().name = '...' (RangeError.prototype.name)",
    run() {
      const error = new RangeError();
      error.name = 'OutOfBounds';
      expectOwn(error, 'name', 'OutOfBounds');
    },
  },
  {
    library: '(common code)',
    level: 'severe',
    assignment: 'hand-written inheritance from Object: Child.prototype.constructor = Child (Object.prototype.constructor)',
    run() {
      function Child() {}
      Child.prototype = Object.create(Object.prototype);
      Child.prototype.constructor = Child;
      expectOwn(Child.prototype, 'constructor', Child);
    },
  },
];
