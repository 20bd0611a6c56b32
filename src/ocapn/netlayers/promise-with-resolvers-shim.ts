// Installs Promise.withResolvers where the engine lacks it (Node 20): the
// libp2p 3 stack calls it. It must run before lockdown(), which freezes
// Promise; an application consents to it the way it consents to any shim,
// by naming it in its policy's "shims" list (loaded first, before
// lockdown), e.g. import 'endo/ocapn/promise-with-resolvers-shim.js' ahead
// of 'endo/init'. Where Promise.withResolvers exists, this does nothing.
//
// The added method is the standard one (ES2024): it makes a promise with
// `this` as the constructor and returns it with its resolve and reject.

type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };

const PromiseConstructor = Promise as unknown as { withResolvers?: WithResolvers };

if (typeof PromiseConstructor.withResolvers !== 'function') {
  if (Object.isFrozen(Promise)) {
    throw TypeError(
      'Promise.withResolvers is missing and Promise is already frozen: load the promise-with-resolvers shim before lockdown()',
    );
  }
  const withResolvers = {
    // A method (not an arrow) so `this` is the constructor, as the standard says.
    withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  }.withResolvers;
  Object.defineProperty(Promise, 'withResolvers', {
    value: withResolvers,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

export {};
