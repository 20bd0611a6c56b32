// Runs @endo/captp 4.5 (under @endo/init, in a child process started with
// --expose-gc: never in the same realm as endo/ses) as the peer of our
// CapTP ends over real TCP sockets on 127.0.0.1, each message framed as a
// netstring. @endo/netstring is not installed, so the child frames with a
// few lines of its own. The child either listens (ours connects) or
// connects to a server of ours; every connection gets a fresh
// OriginalBoot, which can also call our bootstrap, wait on it, drop the
// socket or abort mid-call, and import, forget and collect our objects.
//
// The child is driven by JSON lines on its stdin ({cmd: 'listen' | 'connect'})
// and reports JSON lines on its stdout ({event: ...}): that control
// channel is separate from the CapTP traffic, so it still works once a
// connection is gone (to say how pending calls ended).

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

// The original's side, as a program for `node --input-type=module -e`.
const PEER_PROGRAM = `
const forceGC = globalThis.gc;
await import('@endo/init');
const { makeCapTP, E } = await import('@endo/captp');
const { Far } = await import('@endo/far');
const { createServer, connect } = await import('node:net');
const { createInterface } = await import('node:readline');

const report = event => process.stdout.write(JSON.stringify(event) + '\\n');
const turns = async n => {
  for (let i = 0; i < n; i += 1) await new Promise(resolve => setImmediate(resolve));
};
const describe = reason => (reason instanceof Error ? reason.name + ': ' + reason.message : String(reason));

// Netstring framing: '<decimal length>:<UTF-8 JSON>,' per message.
const COLON = 0x3a;
const COMMA = 0x2c;
const frameSocket = (socket, onMessage, onMalformed) => {
  let buffered = Buffer.alloc(0);
  socket.on('data', chunk => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    try {
      for (;;) {
        const colon = buffered.indexOf(COLON);
        if (colon < 0) {
          if (buffered.length > 10) throw Error('netstring length too long');
          return;
        }
        const digits = buffered.toString('latin1', 0, colon);
        if (!/^(0|[1-9][0-9]{0,8})$/.test(digits)) throw Error('bad netstring length ' + JSON.stringify(digits));
        const end = colon + 1 + Number(digits);
        if (buffered.length <= end) return;
        if (buffered[end] !== COMMA) throw Error('netstring without its comma');
        const text = buffered.toString('utf8', colon + 1, end);
        buffered = buffered.subarray(end + 1);
        onMessage(JSON.parse(text));
      }
    } catch (error) {
      onMalformed(error);
    }
  });
  return message => {
    if (socket.destroyed || !socket.writable) return;
    const text = JSON.stringify(message);
    socket.write(Buffer.byteLength(text) + ':' + text + ',');
  };
};

let lastConnection = 0;
const serve = (socket, { gcImports = false } = {}) => {
  const connection = (lastConnection += 1);
  socket.setNoDelay(true);
  socket.on('error', () => {});
  // What arrived on the wire, for the tests to check what crossed.
  const wire = { exceptions: [], pipelinedCalls: 0 };
  let captp;
  const sendFrame = frameSocket(
    socket,
    message => {
      if (message.type === 'CTP_RETURN' && 'exception' in message) wire.exceptions.push(message.exception);
      if (message.type === 'CTP_CALL' && String(message.target).startsWith('q-')) wire.pipelinedCalls += 1;
      captp.dispatch(message);
    },
    error => {
      captp.abort(describe(error));
      socket.destroy();
    },
  );
  const rawSend = message => {
    sendFrame(message);
    // After a disconnection nothing more can cross: let it drain and close.
    if (message.type === 'CTP_DISCONNECT') socket.end();
  };
  socket.on('close', () => {
    captp.abort();
    report({ event: 'closed', connection });
  });

  const kept = Far('kept', { who: () => 'kept by the original' });
  const notes = [];
  let held;
  // Our bootstrap, asked for once and held for the connection's life. Asking
  // again per call would let gcImports collect and drop it between calls,
  // and the original's drop count is not safe then: it also counts the
  // calls it receives on its own export of the same number (the wire's
  // 'o-1' target), so it can report more references than it got, and make
  // our end forget the bootstrap while an answer carrying it is in flight.
  let ours;
  const getOurs = () => (ours ??= captp.getBootstrap());
  const boot = Far('OriginalBoot', {
    hello: name => 'original says hello, ' + name,
    echo: x => x,
    getRecord: () => harden({ greeting: 'hi', n: 10n }),
    getKept: () => kept,
    isKept: x => x === kept,
    makeCounter: start => {
      let count = start;
      return Far('counter', { inc: by => (count += by) });
    },
    getTripler: () => Far('tripler', n => n * 3),
    fail: message => {
      throw RangeError(message);
    },
    double: async p => (await p) * 2,
    later: () => {
      let resolve;
      const p = new Promise(r => (resolve = r));
      setTimeout(() => resolve('resolved later'), 5);
      return harden({ p });
    },
    never: () => harden({ p: new Promise(() => {}) }),
    hang: () => new Promise(() => {}),
    callBack: (f, x) => E(f)(x),
    note: text => void notes.push(text),
    getNotes: () => harden([...notes]),
    getWire: () => harden({ exceptions: [...wire.exceptions], pipelinedCalls: wire.pipelinedCalls }),

    // Ending the connection in the middle of a call: its answer never comes.
    dropNow: () => {
      socket.destroy();
      return 'never delivered';
    },
    abortNow: reason => {
      captp.abort(reason);
      return 'never delivered';
    },
    // Calls on ours that stay pending; how they end is reported on stdout.
    waitOnYours: () => {
      const yours = getOurs();
      const pending = [
        E(yours).hang(),
        E(yours).hang(),
        E(E(yours).hang()).anything(),
        E(yours).never().then(({ p }) => p),
      ];
      void Promise.allSettled(pending).then(outcomes =>
        report({
          event: 'settled',
          connection,
          outcomes: outcomes.map(o => (o.status === 'rejected' ? { rejected: describe(o.reason) } : { fulfilled: String(o.value) })),
        }),
      );
      return pending.length;
    },

    // The original calling our bootstrap, every way it can.
    probeYours: async () => {
      const yours = getOurs();
      const sum = await E(yours).add(2, 3);
      const greeting = await E.get(E(yours).getRecord()).greeting;
      const doubled = await E(E(yours).getDoubler())(21);
      const counter = E(yours).makeCounter(10);
      const counted = await Promise.all([E(counter).inc(1), E(counter).inc(2), E(counter).inc(3)]);
      const named = await E(E(yours).makeThing('gadget')).getName();
      const mine = Far('fromOriginal', { ping: () => 'pong from the original' });
      const same = await E(yours).isSame(mine, mine);
      const back = await E(yours).echo(mine);
      const yourThing = await E(yours).getThing();
      const yourThingAgain = await E(yours).echo(yourThing);
      const pinged = await E(yours).callBack(mine);
      let resolveLater;
      const promised = new Promise(r => (resolveLater = r));
      const addedLater = E(yours).addLater(promised, 1);
      setTimeout(() => resolveLater(41), 5);
      const { p: yourLater } = await E(yours).later();
      let failure;
      try {
        await E(yours).fail('ours failed');
      } catch (error) {
        failure = harden({ isError: error instanceof Error, name: error.name, message: error.message });
      }
      const sentOnly = E.sendOnly(yours).note('sent only');
      const notes = await E(yours).getNotes();
      return harden({
        sum,
        greeting,
        doubled,
        counted,
        named,
        same,
        identity: back === mine,
        yourIdentity: yourThing === yourThingAgain,
        pinged,
        addedLater: await addedLater,
        yourLater: await yourLater,
        failure,
        sendOnlyReturned: String(sentOnly),
        notes,
        wireExceptions: [...wire.exceptions],
      });
    },

    // Reference counting: import many of ours, forget them, collect.
    importAndForget: async count => {
      for (let i = 0; i < count; i += 1) {
        const thing = await E(getOurs()).makeThing('t' + i);
        await E(thing).getName();
      }
      return count;
    },
    importAndHold: async () => {
      held = await E(getOurs()).getKept();
      return E(held).who();
    },
    collect: async () => {
      for (let i = 0; i < 6; i += 1) {
        forceGC();
        await turns(5);
      }
      return captp.getStats().send.CTP_DROP;
    },
    callHeld: () => E(held).who(),
    makeThing: name => Far('theirThing', { getName: () => name }),
    getGcStats: () => harden({ dropped: captp.getStats().gc.DROPPED, recvDrops: captp.getStats().recv.CTP_DROP }),
  });
  captp = makeCapTP('original', rawSend, boot, { onReject: () => {}, gcImports });
  report({ event: 'connected', connection });
};

const commands = createInterface({ input: process.stdin });
commands.on('line', line => {
  const { cmd, port, gcImports } = JSON.parse(line);
  if (cmd === 'listen') {
    const server = createServer(socket => serve(socket, { gcImports }));
    server.listen(0, '127.0.0.1', () => report({ event: 'listening', port: server.address().port }));
  } else if (cmd === 'connect') {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => serve(socket, { gcImports }));
    socket.once('error', error => report({ event: 'failed', reason: describe(error) }));
  }
});
commands.on('close', () => process.exit(0));
report({ event: 'ready' });
`;

/** Options of one connection on the original's side. */
export type OriginalConnectionOptions = { gcImports?: boolean };

/** A line the child reported on its control channel. */
export type PeerEvent = { event: string; [key: string]: any };

export type OriginalTcpPeer = {
  /** Has the child listen on 127.0.0.1 (each connection then gets a fresh CapTP end); resolves to the port. */
  listen: (options?: OriginalConnectionOptions) => Promise<number>;
  /** Has the child connect to our server on 127.0.0.1:`port`. */
  connectTo: (port: number, options?: OriginalConnectionOptions) => void;
  /** The next reported event (not yet taken) that matches, waiting for it if need be. */
  nextEvent: (matches: (event: PeerEvent) => boolean, timeoutMs?: number) => Promise<PeerEvent>;
  /** Everything the child printed that was not an event (its logging, its errors). */
  noise: string[];
  /** Ends the child (closing its stdin) and waits for it to exit. */
  close: () => Promise<number | null>;
};

/** Starts the original's child process and waits until it takes commands. */
export const startOriginalTcpPeer = async (): Promise<OriginalTcpPeer> => {
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', PEER_PROGRAM], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  const noise: string[] = [];
  const events: PeerEvent[] = [];
  const waiters = new Set<{ matches: (event: PeerEvent) => boolean; resolve: (event: PeerEvent) => void }>();
  const take = (event: PeerEvent): boolean => {
    for (const waiter of waiters) {
      if (waiter.matches(event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
        return true;
      }
    }
    return false;
  };
  createInterface({ input: child.stdout! }).on('line', line => {
    if (!line.startsWith('{"event":')) {
      noise.push(line);
      return;
    }
    const event = JSON.parse(line) as PeerEvent;
    if (!take(event)) events.push(event);
  });
  child.stderr!.on('data', chunk => noise.push(String(chunk)));

  const nextEvent = (matches: (event: PeerEvent) => boolean, timeoutMs = 10_000): Promise<PeerEvent> => {
    const index = events.findIndex(matches);
    if (index >= 0) return Promise.resolve(events.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`The original's child reported no matching event within ${timeoutMs} ms; it printed:\n${noise.join('\n')}`));
      }, timeoutMs);
      const waiter = {
        matches,
        resolve: (event: PeerEvent) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      waiters.add(waiter);
    });
  };
  const command = (message: object): void => void child.stdin!.write(`${JSON.stringify(message)}\n`);

  await nextEvent(event => event.event === 'ready', 30_000);
  return {
    listen: async ({ gcImports = false } = {}) => {
      command({ cmd: 'listen', gcImports });
      return (await nextEvent(event => event.event === 'listening')).port as number;
    },
    connectTo: (port, { gcImports = false } = {}) => command({ cmd: 'connect', port, gcImports }),
    nextEvent,
    noise,
    close: () => {
      child.stdin!.end();
      return exited;
    },
  };
};
