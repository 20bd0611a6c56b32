// The victim of hostile-tcp.test.ts, run as a child under `node --expose-gc`:
// a CapTP server over netstring TCP (connectCapTP, default quotas), whose
// transport options come from argv[2] (JSON). It talks to the test on
// stdio, one JSON line each way:
//   out: {event:'listening', port}; {event:'closed', id, remotePort, reason}
//        for each connection (reason: the message of the error that ended
//        it, none for a clean close);
//        {event:'mem', held} in answer to `mem`: heap plus array buffers
//        after GC, in bytes.
//   in:  `mem`.

import './setup-lockdown.js';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { Far } from '../../src/pass-style/index.js';
import { connectCapTP, type ConnectionOptions } from '../../src/transport/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ConnectionOptions;

const report = (record: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};

/** A 16 KB answer, for the peer that asks for answers and never reads them. */
const bigAnswer = 'x'.repeat(16 * 1024);

/** The bootstrap every connection gets: methods an attacker can call with anything. */
const makeBootstrap = () =>
  Far('HostileTcpVictim', {
    ping: () => 'pong',
    /** Takes anything, keeps nothing. */
    ignore: (..._args: unknown[]) => undefined,
    /** How many arguments came. */
    count: (...args: unknown[]) => args.length,
    /** Never settles: whatever is pipelined on its answer waits. */
    wait: () => new Promise(() => {}),
    self() {
      return this;
    },
    big: () => bigAnswer,
  });

let nextId = 0;
const server = createServer(socket => {
  const id = nextId;
  nextId += 1;
  // The peer's port names the connection to the test, which knows its own local port.
  const { remotePort } = socket;
  // Sockets torn down by the victim may report ECONNRESET and the like: the
  // connection's own close reason is what counts.
  socket.on('error', () => {});
  const end = connectCapTP(socket, 'victim', makeBootstrap(), { ...options, onReject: () => {} });
  void end.closed.then(reason => report({ event: 'closed', id, remotePort, reason: reason?.message }));
});

const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin }).on('line', line => {
  if (line !== 'mem') return;
  // Let what was dropped in this turn become garbage, then collect it all.
  setImmediate(() => {
    for (let i = 0; i < 4; i += 1) gc?.();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    report({ event: 'mem', held: heapUsed + arrayBuffers });
  });
});

server.listen(0, '127.0.0.1', () => report({ event: 'listening', port: (server.address() as { port: number }).port }));
