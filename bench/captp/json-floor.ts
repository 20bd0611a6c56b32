// The floor: a hand-written JSON request/response protocol over the same
// string pipe as the others (in process, or TCP for captp-tcp), no lockdown. The client sends {id, method, args} strings and
// the server dispatches to a plain object and replies {id, result}. It has
// no references and no pipelining: its "chain" is three awaited round trips
// (a() and b() return handle numbers that the next request names).
import { makePayload } from '../marshal/payload.js';
import { makeRpcMeasures } from './measures.js';
import { openInProcessPipe, type OpenPipe } from './open-pipe.js';

type Request = { id: number; method: string; args: unknown[]; target?: number };
type Response = { id: number; result?: unknown; error?: string };

const C_HANDLE = 2;
const B_HANDLE = 1;
/** The server's objects, by handle (0 is the bootstrap object). */
const objects: Record<number, Record<string, (...args: any[]) => unknown>> = {
  0: { echo: (value: unknown) => value, a: () => B_HANDLE },
  [B_HANDLE]: { b: () => C_HANDLE },
  [C_HANDLE]: { c: () => 42 },
};

const payload = makePayload(true);

/** The measures with the floor talking through the pipes `openPipe` makes. */
export const makeJsonFloorMeasures = (openPipe: OpenPipe) =>
  makeRpcMeasures(async () => {
    const pipe = await openPipe();
    pipe.right.onReceive(text => {
      const { id, method, args, target = 0 }: Request = JSON.parse(text);
      let response: Response;
      try {
        response = { id, result: objects[target][method](...args) };
      } catch (error) {
        response = { id, error: String(error) };
      }
      pipe.right.send(JSON.stringify(response));
    });
    const pending = new Map<number, { resolve: (value: unknown) => void; reject: (reason: unknown) => void }>();
    pipe.left.onReceive(text => {
      const { id, result, error }: Response = JSON.parse(text);
      const settler = pending.get(id)!;
      pending.delete(id);
      if (error === undefined) settler.resolve(result);
      else settler.reject(Error(error));
    });
    let nextId = 0;
    const call = (method: string, args: unknown[], target?: number): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const id = (nextId += 1);
        pending.set(id, { resolve, reject });
        const request: Request = target === undefined ? { id, method, args } : { id, method, args, target };
        pipe.left.send(JSON.stringify(request));
      });
    return {
      echo: value => call('echo', [value]),
      chain: async () => {
        const b = (await call('a', [])) as number;
        const c = (await call('b', [], b)) as number;
        return call('c', [], c);
      },
      messagesSent: pipe.sent,
      payload,
      close: pipe.close,
    };
  });

export const measures = makeJsonFloorMeasures(openInProcessPipe);
