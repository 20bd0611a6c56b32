// An OCapN peer in its own process, for session tests between processes
// (session-faults.test.ts, session-partition.test.ts, sessions-libp2p.test.ts).
// Every line it prints on stdout is JSON; it takes JSON commands on stdin.
//
//   node session-peer.js <tcp-testing-only|libp2p> <role> [name=value ...] [uri ...]
//
// Options: host, port (listen; tcp: the locator's too), designator (tcp),
// key (libp2p: a key file, made on first use, so a restart keeps the peer
// id), listen (libp2p multiaddr), liveness (livenessTimeoutMs), ping and
// pingTimeout (libp2p keepalive), keepAlive (tcp keepalive delay),
// closeTimeout (ms), perTurn (maxMessagesPerTurn and maxQueuedMessages).
//
// Roles:
//   server    publishes, at fixed swiss numbers (the same across restarts),
//             `tools` (echo, hang, makeCounter, record) and a `counter`;
//             prints {"location"}, {"toolsUri"}, {"counterUri"}
//   receiver  publishes `receiver`, whose use(counter) keeps the counter and
//             increments it; prints {"receiverUri"}; command "again"
//   gifter    <counterUri> <receiverUri>: hands the counter to the receiver,
//             prints {"used"}, closes and exits
//   caller    publishes nothing; drives another peer by commands
// Commands (one JSON object a line, each answered by a line with its "id"):
//   {"id","op":"enliven","uri"}   enlivens a sturdy ref as the current target
//   {"id","op":"echo","value"}    E(target).echo(value)
//   {"id","op":"hang"}            E(target).hang(): answered only when it breaks
//   {"id","op":"tables"}          the table sizes of each live session
//   {"id","op":"again"}           (receiver) the kept counter, incremented by 10
//   {"id","op":"flood","count"}   `count` E.sendOnly(target).echo(i) in one turn, then one E(target).echo
//   {"id","op":"loopDelay"}       the longest event-loop delay (ms) since the last loopDelay

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import '../transport/setup-lockdown.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { E } from '../../src/eventual-send/index.js';
import { Far } from '../../src/pass-style/index.js';
import { harden } from '../../src/ses/harden-when-available.js';
import { makeOcapn, type OcapnOptions } from '../../src/ocapn/client.js';
import { formatPeerUri, formatSturdyRefUri } from '../../src/ocapn/locator.js';
import { makeTcpTestingOnlyNetlayer } from '../../src/ocapn/netlayers/tcp-testing-only.js';
import { makeLibp2pNetlayer } from '../../src/ocapn/netlayers/libp2p.js';
import { loadOrCreateLibp2pPrivateKey } from '../../src/ocapn/netlayers/libp2p-identity.js';

const [netlayerName, role, ...rest] = process.argv.slice(2);
const settings = Object.fromEntries(rest.filter((arg) => /^[a-zA-Z]+=/.test(arg)).map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]));
const uris = rest.filter((arg) => !/^[a-zA-Z]+=/.test(arg));
const numberOf = (name: string): number | undefined => (settings[name] === undefined ? undefined : Number(settings[name]));

const say = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const makeNetlayer = async (): Promise<OcapnOptions['netlayers'][number]> => {
  if (netlayerName === 'tcp-testing-only') {
    return makeTcpTestingOnlyNetlayer({
      host: settings.host ?? '127.0.0.1',
      port: numberOf('port') ?? 0,
      ...(settings.designator === undefined ? {} : { designator: settings.designator }),
      ...(settings.keepAlive === undefined ? {} : { keepAliveDelayMs: numberOf('keepAlive') }),
      ...(settings.closeTimeout === undefined ? {} : { closeTimeoutMs: numberOf('closeTimeout') }),
    });
  }
  if (netlayerName === 'libp2p') {
    const host = settings.host ?? '127.0.0.1';
    return makeLibp2pNetlayer({
      ...(settings.key === undefined ? {} : { privateKey: await loadOrCreateLibp2pPrivateKey(settings.key) }),
      listen: [settings.listen ?? `/ip4/${host}/tcp/${settings.port ?? 0}`],
      ...(settings.ping === undefined ? {} : { pingIntervalMs: numberOf('ping') }),
      ...(settings.pingTimeout === undefined ? {} : { pingTimeoutMs: numberOf('pingTimeout') }),
      ...(settings.closeTimeout === undefined ? {} : { closeTimeoutMs: numberOf('closeTimeout') }),
    });
  }
  throw Error(`Unknown netlayer ${JSON.stringify(netlayerName)}`);
};

const ocapn = await makeOcapn({
  netlayers: [await makeNetlayer()],
  ...(settings.liveness === undefined ? {} : { livenessTimeoutMs: numberOf('liveness') }),
  ...(settings.perTurn === undefined ? {} : { maxMessagesPerTurn: numberOf('perTurn'), maxQueuedMessages: numberOf('perTurn') }),
});
say({ location: formatPeerUri(ocapn.location) });

type Counter = { increment(by: number): number };
const makeCounter = (start = 0): Counter => {
  let count = start;
  return Far('counter', { increment: (by: number) => (count += by) });
};

const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

let target: unknown;
let kept: Counter | undefined;

if (role === 'server') {
  const tools = Far('tools', {
    echo: (value: unknown) => value,
    hang: () => new Promise(() => {}),
    makeCounter: (start: number) => makeCounter(start),
    record: (value: unknown) => harden({ value, counter: makeCounter(100) }),
  });
  say({ toolsUri: formatSturdyRefUri(ocapn.makeSturdyRef(tools, 'session-peer-tools')) });
  say({ counterUri: formatSturdyRefUri(ocapn.makeSturdyRef(makeCounter(), 'session-peer-counter')) });
} else if (role === 'receiver') {
  const receiver = Far('receiver', {
    use: (counter: Counter) => {
      kept = counter;
      return E(counter).increment(1);
    },
  });
  say({ receiverUri: formatSturdyRefUri(ocapn.makeSturdyRef(receiver, 'session-peer-receiver')) });
} else if (role === 'gifter') {
  const [counterUri, receiverUri] = uris as [string, string];
  const counter = await ocapn.enlivenSturdyRef(counterUri);
  const receiver = (await ocapn.enlivenSturdyRef(receiverUri)) as { use(counter: unknown): number };
  say({ used: await E(receiver).use(counter) });
  await ocapn.close();
  process.exit(0);
} else if (role !== 'caller') {
  throw Error(`Unknown role ${JSON.stringify(role)}`);
}

const run = async (command: Record<string, any>): Promise<object> => {
  switch (command.op) {
    case 'enliven':
      target = await ocapn.enlivenSturdyRef(command.uri);
      return { enlivened: true };
    case 'echo':
      return { echo: await E(target as { echo(value: unknown): unknown }).echo(command.value) };
    case 'hang':
      return { hang: await E(target as { hang(): unknown }).hang() };
    case 'tables':
      return { tables: ocapn.sessions().map((session) => ({ peer: formatPeerUri(session.peerLocation!), ...session.getTableSizes() })) };
    case 'again':
      return { again: await E(kept!).increment(10) };
    case 'loopDelay': {
      const maxMs = loopDelay.max / 1e6;
      loopDelay.reset();
      return { maxMs };
    }
    case 'flood': {
      const echoer = target as { echo(value: unknown): unknown };
      for (let i = 0; i < command.count; i += 1) E.sendOnly(echoer).echo(i);
      return { flooded: await E(echoer).echo('done') };
    }
    default:
      throw Error(`Unknown command ${JSON.stringify(command.op)}`);
  }
};

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop()!;
  for (const line of lines) {
    const command = JSON.parse(line) as Record<string, any>;
    const started = Date.now();
    run(command).then(
      (result) => say({ id: command.id, ...result, ms: Date.now() - started }),
      (error: Error) => say({ id: command.id, error: error.message, ms: Date.now() - started }),
    );
  }
});
process.stdin.on('end', () => {
  void ocapn.close().finally(() => process.exit(0));
});
process.on('SIGTERM', () => {
  void ocapn.close().finally(() => process.exit(0));
});
