// The captp measures (../captp/measures.ts) over OCapN: two makeOcapn
// peers in this process on one netlayer (tcp-testing-only or libp2p, on
// loopback), the client enlivening the server's sturdy ref to the same
// bootstrap object ({echo, a}) and payload the CapTP contestants use.
// "messages" are channel writes (both directions): a session writes the
// ops it makes in one turn together, so one write may carry several.
import type { Connect } from '../captp/measures.js';
import type { OcapnChannel, OcapnNetlayer, OcapnNetlayerFactory } from '../../src/ocapn/netlayer.js';

declare const harden: <T>(value: T) => T;

export interface OcapnRpcLibrary {
  E: any;
  Far: any;
  makeOcapn: (options: { netlayers: OcapnNetlayerFactory[] }) => Promise<{
    makeSturdyRef(object: unknown): unknown;
    enlivenSturdyRef(locator: any): Promise<unknown>;
    close(): Promise<void>;
  }>;
  makeCapTPServerSide: (stack: { Far: any; harden: <T>(value: T) => T }) => { bootstrap: unknown; payload: unknown };
}

/** `factory` with every channel's writes counted into `counter`. */
const countingFactory =
  (factory: OcapnNetlayerFactory, counter: { sent: number }): OcapnNetlayerFactory =>
  async (onIncoming) => {
    const counted = (channel: OcapnChannel): OcapnChannel => {
      const write = channel.write.bind(channel);
      // The channel object is the netlayer's own (not hardened): wrap its write.
      return Object.assign(Object.create(channel), {
        write: (bytes: Uint8Array) => {
          counter.sent += 1;
          write(bytes);
        },
      });
    };
    const netlayer: OcapnNetlayer = await factory((channel) => onIncoming(counted(channel)));
    return { ...netlayer, connect: async (peer) => counted(await netlayer.connect(peer)) };
  };

/** A Connect for makeRpcMeasures: a fresh pair of OCapN peers per measure. */
export const makeOcapnConnect = (library: OcapnRpcLibrary, makeNetlayer: () => OcapnNetlayerFactory): Connect => {
  const { E, makeOcapn } = library;
  const { bootstrap, payload } = library.makeCapTPServerSide({ Far: library.Far, harden });
  return async () => {
    const counter = { sent: 0 };
    const server = await makeOcapn({ netlayers: [countingFactory(makeNetlayer(), counter)] });
    const client = await makeOcapn({ netlayers: [countingFactory(makeNetlayer(), counter)] });
    const boot = await client.enlivenSturdyRef(server.makeSturdyRef(bootstrap));
    return {
      echo: (value) => E(boot).echo(value),
      chain: () => E(E(E(boot).a()).b()).c(),
      messagesSent: () => counter.sent,
      payload,
      close: async () => {
        await client.close();
        await server.close();
      },
    };
  };
};
