// capnweb 0.12.0 as a captp-suite contestant, without lockdown (it needs
// none). Its string RpcTransport is plugged into a string pipe
// (./transport.ts in process, or ./tcp-string-pipe.ts for captp-tcp):
// capnweb does the JSON.stringify/JSON.parse itself, one of each per
// message, as the CapTP contestants do at their ends.
import { RpcSession, RpcTarget } from 'capnweb';
import type { RpcTransport } from 'capnweb';
import { makePayload } from '../marshal/payload.js';
import { makeRpcMeasures } from './measures.js';
import type { StringEnd } from './transport.js';
import { openInProcessPipe, type OpenPipe } from './open-pipe.js';

/** capnweb's pull-style receive() over a pipe end that pushes. */
const makeTransport = (end: StringEnd): RpcTransport => {
  const queued: string[] = [];
  let waiting: ((text: string) => void) | undefined;
  end.onReceive(text => {
    if (waiting === undefined) {
      queued.push(text);
      return;
    }
    const resolve = waiting;
    waiting = undefined;
    resolve(text);
  });
  return {
    send: text => end.send(text),
    receive: () => (queued.length > 0 ? Promise.resolve(queued.shift()!) : new Promise(resolve => (waiting = resolve))),
  };
};

class C extends RpcTarget {
  c() {
    return 42;
  }
}
class B extends RpcTarget {
  b() {
    return new C();
  }
}
class Boot extends RpcTarget {
  echo(value: unknown) {
    return value;
  }
  a() {
    return new B();
  }
}

const payload = makePayload(true);

/** The measures with capnweb talking through the pipes `openPipe` makes. */
export const makeCapnwebMeasures = (openPipe: OpenPipe) =>
  makeRpcMeasures(async () => {
    const pipe = await openPipe();
    const client = new RpcSession<any>(makeTransport(pipe.left));
    new RpcSession(makeTransport(pipe.right), new Boot());
    const boot: any = client.getRemoteMain();
    return {
      echo: value => boot.echo(value),
      chain: async () => {
        // Pipelined, then the intermediate stubs disposed as capnweb asks (else
        // both sessions' tables grow by two entries per chain).
        const a = boot.a();
        const b = a.b();
        try {
          return await b.c();
        } finally {
          b[Symbol.dispose]();
          a[Symbol.dispose]();
        }
      },
      messagesSent: pipe.sent,
      payload,
      close: pipe.close,
    };
  });

export const measures = makeCapnwebMeasures(openInProcessPipe);
