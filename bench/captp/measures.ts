// The captp-suite measures, written once against a small interface that
// each contestant implements over its own RPC stack (CapTP, Cap'n Web, or
// the hand-written JSON floor), so all run the very same timing code.
//
// The server every contestant exposes: a bootstrap (main) object with
// echo(x) → x and a() → A, where A.b() → B and B.c() → 42.
import type { Measure } from '../suite.js';
import { timeBatch, timeSequential } from './async-timing.js';

/** One contestant's client, connected to its server through a string pipe (./transport.ts or TCP). */
export interface RpcUnderTest {
  /** One remote call: the server's echo(value). */
  echo(value: unknown): Promise<unknown>;
  /** bootstrap.a().b().c(), pipelined where the stack can (no awaits between). */
  chain(): Promise<unknown>;
  /** Strings sent through the transport so far (both directions). */
  messagesSent(): number;
  /** The payload to echo, prepared as the stack requires (e.g. hardened). */
  payload: unknown;
  /** Releases what the connection holds (sockets), if anything; called once the measure is done. */
  close?: () => Promise<void>;
}

export const CONCURRENT_CALLS = 20_000;
/** Calls over which a messages-per-call count is averaged. */
const COUNTED_CALLS = 100;

/** Connects a fresh client and server (each measure gets its own connection). */
export type Connect = () => Promise<RpcUnderTest>;

const check = (actual: unknown, expected: unknown, what: string) => {
  if (actual !== expected) throw Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
};

/** Average strings through the transport per `operation`, after a warm-up. */
const countMessages = async (rpc: RpcUnderTest, operation: () => Promise<unknown>): Promise<number> => {
  for (let i = 0; i < 10; i += 1) await operation();
  // Let trailing messages (releases, acknowledgements) go through first.
  await new Promise(resolve => setImmediate(resolve));
  const before = rpc.messagesSent();
  for (let i = 0; i < COUNTED_CALLS; i += 1) await operation();
  await new Promise(resolve => setImmediate(resolve));
  return (rpc.messagesSent() - before) / COUNTED_CALLS;
};

/** Runs `measure` on a fresh connection, and closes that connection afterwards. */
const onFreshConnection =
  (connect: Connect, measure: (rpc: RpcUnderTest) => Promise<number>): Measure =>
  async () => {
    const rpc = await connect();
    try {
      return await measure(rpc);
    } finally {
      await rpc.close?.();
    }
  };

export const makeRpcMeasures = (connect: Connect): Record<string, Measure> => ({
  'sequential echo(i), awaited one by one (per call)': onFreshConnection(connect, async rpc => {
    check(await rpc.echo(7), 7, 'echo');
    let i = 0;
    return timeSequential(() => rpc.echo((i += 1)));
  }),
  [`${CONCURRENT_CALLS} concurrent echo(i), Promise.all (per call)`]: onFreshConnection(connect, async rpc =>
    timeBatch(async n => {
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < n; i += 1) calls.push(rpc.echo(i));
      const results = await Promise.all(calls);
      check(results[n - 1], n - 1, 'last concurrent echo');
    }, CONCURRENT_CALLS),
  ),
  'echo of a 1000-record payload (per call)': onFreshConnection(connect, async rpc => {
    const echoed = (await rpc.echo(rpc.payload)) as unknown[];
    check(echoed.length, (rpc.payload as unknown[]).length, 'echoed payload length');
    return timeSequential(() => rpc.echo(rpc.payload));
  }),
  'pipelined chain boot.a().b().c() (per chain)': onFreshConnection(connect, async rpc => {
    check(await rpc.chain(), 42, 'chain');
    return timeSequential(() => rpc.chain());
  }),
  'messages per echo call (a COUNT, not ns)': onFreshConnection(connect, async rpc => {
    let i = 0;
    return countMessages(rpc, () => rpc.echo((i += 1)));
  }),
  'messages per pipelined chain (a COUNT, not ns)': onFreshConnection(connect, async rpc =>
    countMessages(rpc, () => rpc.chain()),
  ),
});
