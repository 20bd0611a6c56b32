// endo/captp as a captp-tcp contestant, after endo/ses's lockdown with
// endo's HandledPromise installed: its two ends talk over a real TCP
// socket on 127.0.0.1 through endo/transport's own netstring connection
// (makeNetstringConnection + connectCapTPToConnection), which is what a
// user of endo/transport gets, framing and JSON included.
import type { MessageConnection } from '../../src/transport/index.js';
import { makeRpcMeasures, type Connect } from './measures.js';
import { makeCapTPServerSide } from './captp-connect.js';
import { openLoopbackSockets } from './tcp-loopback.js';

declare const harden: <T>(x: T) => T;

const { lockdown } = await import('../../src/ses/index.js');
lockdown();
await import('../../src/eventual-send/index.js');
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { connectCapTPToConnection, makeNetstringConnection } = await import('../../src/transport/index.js');

const { bootstrap, payload } = makeCapTPServerSide({ Far: Far as any, harden });

const connect: Connect = async () => {
  const sockets = await openLoopbackSockets();
  // Messages sent, both directions, for the "messages per …" rows.
  let count = 0;
  const counted = (connection: MessageConnection): MessageConnection => ({
    ...connection,
    send: message => {
      count += 1;
      connection.send(message);
    },
  });
  const onReject = (reason: unknown) => console.error('captp-tcp bench: rejected', reason);
  const client = connectCapTPToConnection(counted(makeNetstringConnection(sockets.client)), 'client', undefined, { onReject });
  const server = connectCapTPToConnection(counted(makeNetstringConnection(sockets.server)), 'server', bootstrap, { onReject });
  const boot = await client.getBootstrap();
  return {
    echo: value => E(boot).echo(value),
    chain: () => E(E(E(boot).a()).b()).c(),
    messagesSent: () => count,
    payload,
    close: async () => {
      client.abort();
      await Promise.all([client.closed, server.closed]);
      await sockets.close();
    },
  };
};

export const measures = makeRpcMeasures(connect);
