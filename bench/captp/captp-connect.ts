// Connects two makeCapTP ends through a string pipe (the in-process one of
// ./transport.ts unless told otherwise), for both CapTP contestants
// (endo/captp and @endo/captp share this API): each message object is
// JSON.stringify'd on send and JSON.parse'd before dispatch.
import { makePayload } from '../marshal/payload.js';
import type { Connect } from './measures.js';
import { openInProcessPipe, type OpenPipe } from './open-pipe.js';

/** What the suite needs of a CapTP stack (after its lockdown). */
export interface CapTPStack {
  makeCapTP: (ourId: string, rawSend: (message: any) => void, bootstrap?: unknown, opts?: object) => {
    dispatch: (message: any) => unknown;
    getBootstrap: () => Promise<any>;
  };
  E: any;
  Far: <T extends object>(name: string, methods: T) => T;
  harden: <T>(value: T) => T;
}

/** The server's objects every contestant exposes (see ./measures.ts), and the payload, hardened. */
export const makeCapTPServerSide = ({ Far, harden }: Pick<CapTPStack, 'Far' | 'harden'>) => {
  const c = Far('C', { c: () => 42 });
  const b = Far('B', { b: () => c });
  const bootstrap = Far('Boot', { echo: (value: unknown) => value, a: () => b });
  return { bootstrap, payload: harden(makePayload(true)) };
};

export const makeCapTPConnect = (stack: CapTPStack, openPipe: OpenPipe = openInProcessPipe): Connect => {
  const { makeCapTP, E } = stack;
  const { bootstrap, payload } = makeCapTPServerSide(stack);
  return async () => {
    const pipe = await openPipe();
    const onReject = (reason: unknown) => console.error('captp bench: rejected', reason);
    const client = makeCapTP('client', message => pipe.left.send(JSON.stringify(message)), undefined, { onReject });
    const server = makeCapTP('server', message => pipe.right.send(JSON.stringify(message)), bootstrap, { onReject });
    pipe.left.onReceive(text => client.dispatch(JSON.parse(text)));
    pipe.right.onReceive(text => server.dispatch(JSON.parse(text)));
    const boot = await client.getBootstrap();
    return {
      echo: value => E(boot).echo(value),
      chain: () => E(E(E(boot).a()).b()).c(),
      messagesSent: pipe.sent,
      payload,
      close: pipe.close,
    };
  };
};
