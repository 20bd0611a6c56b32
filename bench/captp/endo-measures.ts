// endo/captp's measures, in-process and over TCP, from a loaded endo
// library (this checkout's build, or a baseline revision's: ./endo-library.ts).
import type { MessageConnection } from '../../src/transport/index.js';
import type { Measure } from '../suite.js';
import { makeRpcMeasures, type Connect } from './measures.js';
import { makeCapTPConnect, makeCapTPServerSide } from './captp-connect.js';
import { makeSoakMeasures } from './soak.js';
import { openLoopbackSockets } from './tcp-loopback.js';
import type { EndoLibrary } from './endo-library.js';

declare const harden: <T>(x: T) => T;

/** The captp suite's measures: two makeCapTP ends over the in-process string pipe. */
export const makeInProcessMeasures = (endo: EndoLibrary): Record<string, Measure> => {
  const connect = makeCapTPConnect({ makeCapTP: endo.makeCapTP, E: endo.E, Far: endo.Far, harden });
  return { ...makeRpcMeasures(connect), ...makeSoakMeasures(connect) };
};

/**
 * The captp-tcp suite's measures: both ends on a real TCP socket through
 * endo/transport's own netstring connection (makeNetstringConnection +
 * connectCapTPToConnection), which is what a user of endo/transport gets,
 * framing and JSON included.
 */
export const makeTcpMeasures = (endo: EndoLibrary): Record<string, Measure> => {
  const { E, makeNetstringConnection, connectCapTPToConnection } = endo;
  const { bootstrap, payload } = makeCapTPServerSide({ Far: endo.Far, harden });
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
  return makeRpcMeasures(connect);
};
