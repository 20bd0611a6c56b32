// Property tests of the OCapN op reader on untrusted bytes: well-formed ops
// written by op-writer.ts read back the same in any chunking; mutated or
// random bytes are either read or refused with a TypeError, SyntaxError or
// RangeError, never anything else; and a session fed random bytes after
// its handshake never throws out of its data handler and ends, if at all,
// with an op:abort that says why.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { SyrupWriter } = await import('../../src/ocapn/syrup/index.js');
const { makeOpReader } = await import('../../src/ocapn/operations.js');
const { placeholderInfo } = await import('../../src/ocapn/descriptors.js');
const ow = await import('../../src/ocapn/op-writer.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { makeOcapnKeyPair } = await import('../../src/ocapn/crypto.js');
const { makePeerLocator, peerToSyrup } = await import('../../src/ocapn/locator.js');
const { signLocation } = await import('../../src/ocapn/handshake.js');
const { makeMemoryNetwork } = await import('./memory-netlayer.js');

type Kind = 'export' | 'answer' | 'import-object' | 'import-promise';
type Arg = { desc: Kind; position: number } | string | bigint | boolean | Arg[];

const position = fc.nat({ max: 1_000_000 });
const target = fc.record({ kind: fc.constantFrom<Kind>('export', 'answer'), position });
const resolver = fc.record({ kind: fc.constantFrom<Kind>('import-object', 'import-promise'), position });
const arg: fc.Arbitrary<Arg> = fc.letrec<{ arg: Arg }>((tie) => ({
  arg: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    fc.bigInt(),
    fc.boolean(),
    fc.record({ desc: fc.constantFrom<Kind>('export', 'answer', 'import-object', 'import-promise'), position }),
    fc.array(tie('arg'), { maxLength: 4 }),
  ),
})).arg;

const op = fc.oneof(
  fc.record({ op: fc.constant('deliver' as const), to: target, args: fc.array(arg, { maxLength: 5 }), answerPosition: fc.oneof(fc.constant(false as const), position), resolveMe: fc.oneof(fc.constant(false as const), resolver) }),
  fc.record({ op: fc.constant('listen' as const), to: target, resolveMe: resolver }),
  fc.record({ op: fc.constantFrom('get' as const, 'untag' as const), receiver: target, key: fc.string(), answerPosition: position }),
  fc.record({ op: fc.constant('index' as const), receiver: target, key: position, answerPosition: position }),
  fc.record({ op: fc.constant('abort' as const), reason: fc.string() }),
  fc.array(fc.tuple(position, position), { maxLength: 5 }).map((pairs) => ({ op: 'gc-exports' as const, positions: pairs.map((p) => p[0]), deltas: pairs.map((p) => p[1]) })),
  fc.record({ op: fc.constant('gc-answers' as const), positions: fc.array(position, { maxLength: 5 }) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const writeArg = (writer: InstanceType<typeof SyrupWriter>, value: Arg): void => {
  if (typeof value === 'string') writer.writeString(value);
  else if (typeof value === 'bigint') writer.writeInteger(value);
  else if (typeof value === 'boolean') writer.writeBoolean(value);
  else if (Array.isArray(value)) {
    writer.openList();
    value.forEach((item) => writeArg(writer, item));
    writer.closeList();
  } else ow.writeDescriptor(writer, value.desc, value.position);
};

const writeOp = (writer: InstanceType<typeof SyrupWriter>, value: Op, dialect: 'draft' | 'test-suite-6c146dc'): void => {
  switch (value.op) {
    case 'deliver':
      ow.writeDeliver(writer, dialect, value.to, (w) => value.args.forEach((a) => writeArg(w, a)), value.answerPosition, value.resolveMe);
      return;
    case 'listen':
      ow.writeListen(writer, dialect, value.to, value.resolveMe);
      return;
    case 'get':
    case 'untag':
    case 'index':
      ow.writeSelect(writer, value.op, value.receiver, value.key, value.answerPosition);
      return;
    case 'abort':
      ow.writeAbort(writer, value.reason);
      return;
    case 'gc-exports':
      ow.writeGcExports(writer, dialect, value.positions, value.deltas);
      return;
    case 'gc-answers':
      ow.writeGcAnswers(writer, dialect, value.positions);
  }
};

/** What the reader's op says, in the generator's terms (placeholders back to descriptors). */
const asGenerated = (read: any): unknown => {
  const unplace = (value: any): any => {
    const info = placeholderInfo(value);
    if (info !== undefined) return { desc: info.kind, position: (info as any).position };
    if (Array.isArray(value)) return value.map(unplace);
    return value;
  };
  const ref = (value: any) => (value === false ? false : { kind: value.kind, position: value.position });
  switch (read.op) {
    case 'deliver':
      return { op: 'deliver', to: ref(read.to), args: unplace(read.args), answerPosition: read.answerPosition, resolveMe: ref(read.resolveMe) };
    case 'listen':
      return { op: 'listen', to: ref(read.to), resolveMe: ref(read.resolveMe) };
    case 'get':
      return { op: 'get', receiver: ref(read.receiver), key: read.field, answerPosition: read.answerPosition };
    case 'untag':
      return { op: 'untag', receiver: ref(read.receiver), key: read.tag, answerPosition: read.answerPosition };
    case 'index':
      return { op: 'index', receiver: ref(read.receiver), key: read.index, answerPosition: read.answerPosition };
    default:
      return { ...read };
  }
};

/** fast-check's records have no prototype; the reader's ops do. */
const plain = (value: any): any => {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
};

const chunked = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.slice(from, point));
    from = point;
  }
  chunks.push(bytes.slice(from));
  return chunks;
};

test('well-formed ops, in both dialects and any chunking, read back as written', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), fc.constantFrom('draft' as const, 'test-suite-6c146dc' as const), fc.array(fc.nat(), { maxLength: 8 }), (ops, dialect, cuts) => {
      const writer = new SyrupWriter();
      for (const one of ops) writeOp(writer, one, dialect);
      const reader = makeOpReader();
      const read = chunked(writer.toBytes(), cuts).flatMap((chunk) => reader.push(chunk));
      assert.equal(reader.pendingBytes, 0);
      assert.deepEqual(read.map(asGenerated), plain(ops));
    }),
    { numRuns: 300 },
  );
});

const isRefusal = (error: unknown): boolean => error instanceof TypeError || error instanceof SyntaxError || error instanceof RangeError;

test('mutated ops are read or refused with a TypeError, SyntaxError or RangeError', () => {
  fc.assert(
    fc.property(op, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (one, flips) => {
      const writer = new SyrupWriter();
      writeOp(writer, one, 'draft');
      const bytes = writer.toBytes();
      for (const [at, byte] of flips) bytes[at % bytes.length] = byte;
      try {
        makeOpReader({ maxDepth: 50 }).push(bytes);
      } catch (error) {
        assert.ok(isRefusal(error), String(error));
      }
    }),
    { numRuns: 1000 },
  );
});

test('random bytes are read or refused with a TypeError, SyntaxError or RangeError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        makeOpReader().push(bytes);
      } catch (error) {
        assert.ok(isRefusal(error), String(error));
      }
    }),
    { numRuns: 1000 },
  );
});

test('a session fed random bytes after its handshake never throws, and any abort says why', async () => {
  const network = makeMemoryNetwork();
  const victim = await makeOcapn({ netlayers: [network.netlayer('victim')] });
  const raw = await network.netlayer('raw')(() => {});
  const keyPair = makeOcapnKeyPair();
  const location = peerToSyrup(makePeerLocator('memory', 'raw'));
  const hello = new SyrupWriter();
  ow.writeStartSession(hello, '1.0', keyPair.publicKey.bytes, location, signLocation(keyPair, location));
  const helloBytes = hello.toBytes();
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 100 }),
          op.map((one) => {
            const writer = new SyrupWriter();
            writeOp(writer, one, 'draft');
            return writer.toBytes();
          }),
        ),
        async (bytes) => {
          const channel = await raw.connect(victim.location);
          const reader = makeOpReader();
          const received: any[] = [];
          channel.onData((chunk) => received.push(...reader.push(chunk)));
          let closed = false;
          channel.onClose(() => {
            closed = true;
          });
          channel.write(helloBytes);
          channel.write(bytes);
          for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
          const abort = received.find((one) => one.op === 'abort');
          if (abort !== undefined) {
            assert.ok(abort.reason.length > 0);
            assert.ok(closed);
          }
          channel.close();
          for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
        },
      ),
      { numRuns: 150 },
    );
  } finally {
    process.off('uncaughtException', onUncaught);
  }
  assert.deepEqual(uncaught, []);
  await victim.close();
});
