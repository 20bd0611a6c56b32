// A real TCP connection on 127.0.0.1 with both of its ends in this
// process, for the captp-tcp suite: a server on an ephemeral port accepts
// exactly one client. Nagle's algorithm is off on both ends, as an RPC
// transport wants (else small replies wait for the peer's ACK).
import { createServer, connect, type Socket } from 'node:net';

export interface LoopbackSockets {
  /** The end that connected. */
  client: Socket;
  /** The end the server accepted. */
  server: Socket;
  /** Destroys both sockets and closes the listening server. */
  close: () => Promise<void>;
}

export const openLoopbackSockets = async (): Promise<LoopbackSockets> => {
  const listener = createServer();
  const accepted = new Promise<Socket>(resolve => listener.once('connection', resolve));
  await new Promise<void>(resolve => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  const server = await accepted;
  client.setNoDelay(true);
  server.setNoDelay(true);
  return {
    client,
    server,
    close: async () => {
      client.destroy();
      server.destroy();
      await new Promise(resolve => listener.close(resolve));
    },
  };
};
