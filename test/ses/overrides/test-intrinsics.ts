// For the override tests: the intrinsics that the enablement tables name,
// read from this realm's globals under lockdown's names, and a way to freeze
// them as lockdown would (without the rest of lockdown).

const { getPrototypeOf } = Object;

export const collectOverrideIntrinsics = (): Record<string, object> => {
  const record: Record<string, object> = {
    '%ObjectPrototype%': Object.prototype,
    '%FunctionPrototype%': Function.prototype,
    '%ErrorPrototype%': Error.prototype,
    '%IteratorPrototype%': getPrototypeOf(getPrototypeOf([][Symbol.iterator]())),
    '%ArrayPrototype%': Array.prototype,
    '%TypeErrorPrototype%': TypeError.prototype,
    '%SyntaxErrorPrototype%': SyntaxError.prototype,
    '%RangeErrorPrototype%': RangeError.prototype,
    '%URIErrorPrototype%': URIError.prototype,
    '%EvalErrorPrototype%': EvalError.prototype,
    '%ReferenceErrorPrototype%': ReferenceError.prototype,
    '%AggregateErrorPrototype%': AggregateError.prototype,
    '%PromisePrototype%': Promise.prototype,
    '%TypedArrayPrototype%': getPrototypeOf(Uint8Array.prototype),
    '%Generator%': getPrototypeOf(function* generator() {}),
    '%MapPrototype%': Map.prototype,
    '%SetPrototype%': Set.prototype,
  };
  return record;
};

/** Object.freeze on each intrinsic, as hardening would leave them. */
export const freezeIntrinsics = (intrinsics: Record<string, object>): void => {
  for (const intrinsic of Object.values(intrinsics)) Object.freeze(intrinsic);
};
