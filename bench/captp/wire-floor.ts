// The CapTP wire floor: a hand-written client and server that send the very
// messages a CapTP connection sends for these calls, and do nothing else.
// Each call is a CTP_CALL whose `method` is capdata (its body the JSON text
// of [method, args]) answered by a CTP_RETURN whose `result` is capdata,
// so every message is JSON text holding JSON text, parsed twice and
// stringified twice. There are no objects, checks, tables or eventual
// sends: it is the JSON work, and the pipe, that any implementation
// speaking this wire format must pay, whatever else it does. The chain is
// pipelined as CapTP pipelines it (b() is sent to a()'s answer, c() to
// b()'s, before any answer is back). No lockdown.
import { makePayload } from '../marshal/payload.js';
import { makeRpcMeasures } from './measures.js';
import { openInProcessPipe, type OpenPipe } from './open-pipe.js';

type CapData = { body: string; slots: string[] };
type Call = { type: 'CTP_CALL'; epoch: number; questionID: string; target: string; method: CapData };
type Return = { type: 'CTP_RETURN'; epoch: number; answerID: string; result?: CapData; exception?: CapData };

/** A remotable in a capdata body, as CapTP sends one the first time. */
const slotBody = (iface: string) => `{"@qclass":"slot","iface":"Alleged: ${iface}","index":0}`;

const payload = makePayload(true);

/** The server's objects: each method returns the capdata of its result. */
const bootstrap: Record<string, (...args: any[]) => CapData> = {
  echo: (value: unknown) => ({ body: JSON.stringify(value), slots: [] }),
  a: () => ({ body: slotBody('B'), slots: ['o+1'] }),
};
const exported: Record<string, Record<string, (...args: any[]) => CapData>> = {
  'o-0': bootstrap,
  'o-1': { b: () => ({ body: slotBody('C'), slots: ['o+2'] }) },
  'o-2': { c: () => ({ body: '42', slots: [] }) },
};

/** The measures with the wire floor talking through the pipes `openPipe` makes. */
export const makeWireFloorMeasures = (openPipe: OpenPipe) =>
  makeRpcMeasures(async () => {
    const pipe = await openPipe();
    // What each answered question settled to, by its id: the slot of the
    // object it returned (for calls pipelined on it).
    const answers = new Map<string, string>();
    pipe.right.onReceive(text => {
      const { questionID, target, method }: Call = JSON.parse(text);
      const [name, args] = JSON.parse(method.body) as [string, unknown[]];
      const slot = target.startsWith('q-') ? answers.get(target)! : target;
      const result = exported[slot]![name]!(...args);
      if (result.slots.length > 0) answers.set(questionID, result.slots[0]!.replace('+', '-'));
      const answer: Return = { type: 'CTP_RETURN', epoch: 0, answerID: questionID, result };
      pipe.right.send(JSON.stringify(answer));
    });
    const pending = new Map<string, (value: unknown) => void>();
    pipe.left.onReceive(text => {
      const { answerID, result }: Return = JSON.parse(text);
      const settle = pending.get(answerID)!;
      pending.delete(answerID);
      settle(JSON.parse(result!.body));
    });
    let lastQuestion = 0;
    /** Sends one call; the promise is for its answer's decoded body. */
    const call = (target: string, name: string, args: unknown[]): [questionID: string, answer: Promise<unknown>] => {
      lastQuestion += 1;
      const questionID = `q-${lastQuestion}`;
      const answer = new Promise(resolve => pending.set(questionID, resolve));
      const message: Call = {
        type: 'CTP_CALL',
        epoch: 0,
        questionID,
        target,
        method: { body: JSON.stringify([name, args]), slots: [] },
      };
      pipe.left.send(JSON.stringify(message));
      return [questionID, answer];
    };
    return {
      echo: value => call('o-0', 'echo', [value])[1],
      chain: () => {
        const [a] = call('o-0', 'a', []);
        const [b] = call(a, 'b', []);
        return call(b, 'c', [])[1];
      },
      messagesSent: pipe.sent,
      payload,
      close: pipe.close,
    };
  });

export const measures = makeWireFloorMeasures(openInProcessPipe);
