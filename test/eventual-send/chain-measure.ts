// Measures the work of settling a pipelined chain (`E(p).self()` or
// `E.get(p).x`, n deep, all sent while p is pending): the number of
// promises made from p's resolution until the end of the chain settles
// (a deterministic count, from V8's promise hooks, which unlike async_hooks
// leave frozen promises alone), the deliveries, and the time.
// Runs under ours and, in a child process, under the original.

import { promiseHooks } from 'node:v8';

export interface ChainCost {
  depth: number;
  promisesMade: number;
  deliveries: number;
  milliseconds: number;
}

export const measureChain = async (
  { E, HandledPromise }: { E: any; HandledPromise: any },
  depth: number,
  form: 'self' | 'get',
): Promise<ChainCost> => {
  let deliveries = 0;
  const object: Record<string, unknown> = {
    self() {
      deliveries += 1;
      return object;
    },
  };
  Object.defineProperty(object, 'x', {
    get() {
      deliveries += 1;
      return object;
    },
  });
  let resolveRoot!: (value: unknown) => void;
  const root = new HandledPromise((resolve: (value: unknown) => void) => {
    resolveRoot = resolve;
  });
  let end = root;
  for (let i = 0; i < depth; i += 1) end = form === 'self' ? E(end).self() : E.get(end).x;
  // Let every send reach the pending promise it waits on.
  await new Promise(resolve => setTimeout(resolve, 0));

  let promisesMade = 0;
  const started = performance.now();
  const stopCounting = promiseHooks.onInit(() => {
    promisesMade += 1;
  });
  resolveRoot(object);
  const value = await end;
  stopCounting();
  const milliseconds = performance.now() - started;
  if (value !== object) throw Error('the chain did not end at the object');
  return { depth, promisesMade, deliveries, milliseconds };
};
