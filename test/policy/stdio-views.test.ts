// process.stdout, stderr and stdin as a package with `process` sees them:
// views that write, read and listen as ordinary code does, tried as an
// attacker would from a Compartment (after lockdown) for the native handle,
// the stream's internals, its class and other packages' listeners. The real
// streams are stand-ins here (a Writable, a PassThrough) except where the
// test says so. Its own file: it calls lockdown().

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable, Writable } from 'node:stream';
import { lockdown, Compartment } from '../../src/ses/index.js';
import { globalsForPackage } from '../../src/policy/global-views.js';
import { makeSharedGlobals } from '../../src/policy/shared-globals.js';
import { makeStdioView, stdioViewMembers } from '../../src/policy/stdio-views.js';

lockdown();

type AnyRecord = Record<string, any>;

/** A stdout-like stream recording what is written, with a fake handle and the markers Node's has. */
const makeFakeStdout = () => {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      written.push(String(chunk));
      callback();
    },
  }) as Writable & AnyRecord;
  stream._handle = { secret: 'native handle' };
  stream.isTTY = true;
  stream.columns = 91;
  stream.fd = 1;
  stream.getColorDepth = function () {
    return this === stream ? 8 : -1;
  };
  return { stream, written };
};

const compartmentWith = (endowments: AnyRecord) => {
  const compartment = new Compartment();
  Object.assign(compartment.globalThis, endowments);
  return compartment;
};

test('a package writes, reads isTTY, columns, fd and color depth, and listens for resize', () => {
  const { stream, written } = makeFakeStdout();
  const compartment = compartmentWith({ stdout: makeStdioView(stream, 'stdout') });
  compartment.evaluate(`
    stdout.write('hello ');
    stdout.write(Uint8Array.from([119, 111, 114, 108, 100]));
  `);
  assert.deepEqual(written, ['hello ', 'world']);
  assert.deepEqual(compartment.evaluate('[stdout.isTTY, stdout.columns, stdout.fd, stdout.getColorDepth()]'), [true, 91, 1, 8]);
  const record = compartment.evaluate(`
    const record = { resized: 0 };
    stdout.on('resize', function () { record.resized += 1; record.self = this === stdout; });
    record
  `) as AnyRecord;
  stream.emit('resize');
  assert.equal(record.resized, 1);
  assert.equal(record.self, true, 'listeners run with the view as this');
  assert.equal(compartment.evaluate('stdout.on("drain", () => {}) === stdout'), true, 'chained calls return the view');
});

test('the handle, the internals, the class and destroy are out of reach', () => {
  const { stream } = makeFakeStdout();
  const compartment = compartmentWith({ stdout: makeStdioView(stream, 'stdout') });
  const attempts: Record<string, string> = {
    handle: 'stdout._handle.secret',
    writableState: 'stdout._writableState.length',
    events: 'Object.keys(stdout._events)',
    destroy: 'stdout.destroy()',
    cork: 'stdout.cork()',
    constructorSocket: 'new stdout.constructor().connect(80)',
    prototypeWrite: "Object.getPrototypeOf(stdout).write.call(stdout, 'x')",
    replaceWrite: 'stdout.write = () => true',
    redefine: "Object.defineProperty(stdout, 'write', { value: 1 })",
  };
  for (const [name, source] of Object.entries(attempts)) {
    assert.throws(() => compartment.evaluate(source), TypeError, name);
  }
  assert.equal(compartment.evaluate("Object.getOwnPropertyDescriptor(stdout, 'columns').get.call({})"), 91, 'a getter reads the stream whatever its receiver, and gives only the value');
  assert.equal(compartment.evaluate('stdout.constructor === Object'), true, "the class reached is the compartment's shared Object");
  assert.equal(stream.destroyed, false);
  assert.deepEqual(
    Object.keys(compartment.globalThis.stdout).filter(key => !stdioViewMembers.stdout.includes(key)).sort(),
    ['addListener', 'emit', 'eventNames', 'getMaxListeners', 'listenerCount', 'listeners', 'off', 'on', 'once',
      'prependListener', 'prependOnceListener', 'rawListeners', 'removeAllListeners', 'removeListener', 'setMaxListeners'],
  );
});

test("a package sees only its own listeners and its emit reaches only them; 'pipe' events never bring another package's stream", () => {
  const { stream } = makeFakeStdout();
  let hostHeard = 0;
  stream.on('finish', () => {
    hostHeard += 1;
  });
  const compartment = compartmentWith({ stdout: makeStdioView(stream, 'stdout') });
  const result = compartment.evaluate(`
    const seen = [];
    stdout.on('pipe', source => seen.push(source));
    stdout.on('finish', () => seen.push('mine'));
    ({ seen, listeners: stdout.listeners('finish').length, emitted: stdout.emit('finish') })
  `) as AnyRecord;
  assert.equal(result.listeners, 1, "the host's listener is not listed");
  assert.equal(result.emitted, true);
  assert.deepEqual(result.seen, ['mine']);
  assert.equal(hostHeard, 0, "the package's emit did not reach the host's listener");
  // Another package piping into the real stream: its source must not reach this view.
  new Readable({ read() {} }).pipe(stream);
  assert.deepEqual(result.seen, ['mine']);
  const before = stream.listenerCount('finish');
  compartment.evaluate("stdout.removeAllListeners('finish')");
  assert.equal(stream.listenerCount('finish'), before - 1, "removing its own listeners leaves the others'; the forwarder is gone");
  assert.throws(() => compartment.evaluate("stdout.emit('error', new Error('nobody listens'))"), /nobody listens/);
});

test('end() writes the last chunk and reports finish but leaves the stream open for others', async () => {
  const { stream, written } = makeFakeStdout();
  const view = makeStdioView(stream, 'stdout') as AnyRecord;
  const finished = new Promise<string>(resolve => view.once('finish', () => resolve('finish')));
  const calledBack = new Promise<string>(resolve => view.end('last\n', () => resolve('callback')));
  assert.deepEqual(await Promise.all([finished, calledBack]), ['finish', 'callback']);
  assert.equal(stream.writableEnded, false);
  stream.write('still open');
  assert.deepEqual(written, ['last\n', 'still open']);
});

test("a package's own readable piped into the stdout view writes through it (Node's pipe and pipeline)", async () => {
  const { stream, written } = makeFakeStdout();
  const view = makeStdioView(stream, 'stdout') as AnyRecord;
  await new Promise<void>(resolve => {
    Readable.from(['a', 'b']).pipe(view as unknown as Writable).on('finish', () => resolve());
  });
  const { pipeline } = await import('node:stream/promises');
  await pipeline(Readable.from(['c']), view as unknown as Writable);
  assert.deepEqual(written, ['a', 'b', 'c']);
  assert.equal(stream.writableEnded, false);
});

test('stdin: data, setEncoding, pause and resume, pipe and async iteration work; the destination of pipe gets the view', async () => {
  const real = new PassThrough() as PassThrough & AnyRecord;
  real._handle = { secret: 'stdin handle' };
  const view = makeStdioView(real, 'stdin') as AnyRecord;
  const compartment = compartmentWith({ stdin: view });
  const record = compartment.evaluate(`
    const record = { chunks: [] };
    stdin.setEncoding('utf8');
    stdin.on('data', chunk => record.chunks.push(chunk));
    record
  `) as AnyRecord;
  real.write('one');
  await new Promise(resolve => setImmediate(resolve));
  assert.deepEqual(record.chunks, ['one']);
  assert.equal(compartment.evaluate('stdin.pause() === stdin && stdin.isPaused()'), true);
  compartment.evaluate("stdin.removeAllListeners('data')");

  const { stream: destination, written } = makeFakeStdout();
  let pipedFrom: unknown;
  destination.on('pipe', source => {
    pipedFrom = source;
  });
  view.pipe(destination);
  real.write('two');
  await new Promise(resolve => setImmediate(resolve));
  assert.deepEqual(written, ['two']);
  assert.equal(pipedFrom, view, 'the destination is handed the view, never the stream');
  assert.throws(() => compartment.evaluate('stdin._handle.secret'), TypeError);
  assert.throws(() => compartment.evaluate('stdin.destroy()'), TypeError);

  const iterated = new PassThrough();
  const iterView = makeStdioView(iterated, 'stdin') as AsyncIterable<Buffer>;
  iterated.end('three');
  const chunks: string[] = [];
  for await (const chunk of iterView) chunks.push(String(chunk));
  assert.deepEqual(chunks, ['three']);
});

test('the stand-in for process gives views, one per stream, and Node\'s real stdout stays untouched', () => {
  const compartment = new Compartment();
  Object.defineProperties(compartment.globalThis, globalsForPackage({ process: true }, globalThis, makeSharedGlobals(), { packageName: 'p' }));
  assert.notEqual(compartment.evaluate('process.stdout'), process.stdout);
  assert.equal(compartment.evaluate('process.stdout === process.stdout'), true);
  assert.equal(compartment.evaluate('typeof process.stdout.write'), 'function');
  assert.equal(compartment.evaluate('process.stdout.fd'), 1);
  assert.equal(compartment.evaluate('process.stderr.fd'), 2);
  assert.equal(compartment.evaluate('process.stdout.isTTY'), process.stdout.isTTY);
  assert.equal(compartment.evaluate('typeof process.stdout._handle'), 'undefined');
  assert.equal(compartment.evaluate('typeof process.stderr.destroy'), 'undefined');
  assert.equal(compartment.evaluate("process.stderr.write('')"), true);
  // A dotted grant is cut from the view too.
  const dotted = new Compartment();
  Object.defineProperties(dotted.globalThis, globalsForPackage({ 'process.stdout.write': true, 'process.stdout._handle': true }, globalThis, makeSharedGlobals(), { packageName: 'd' }));
  assert.deepEqual(dotted.evaluate('Object.keys(process.stdout)'), ['write']);
  assert.equal(dotted.evaluate("process.stdout.write('')"), true);
});

test('readline works over the views: question() and line iteration', async () => {
  const readline = await import('node:readline');
  const input = new PassThrough();
  const { stream: output, written } = makeFakeStdout();
  output.isTTY = false;
  const asked = readline.createInterface({
    input: makeStdioView(input, 'stdin') as unknown as NodeJS.ReadableStream,
    output: makeStdioView(output, 'stdout') as unknown as NodeJS.WritableStream,
  });
  const answer = new Promise<string>(resolve => asked.question('name? ', resolve));
  input.write('bob\n');
  assert.equal(await answer, 'bob');
  asked.close();
  assert.deepEqual(written, ['name? ']);
  const source = new PassThrough();
  source.end('a\nb\n');
  const lines: string[] = [];
  for await (const line of readline.createInterface({ input: makeStdioView(source, 'stdin') as unknown as NodeJS.ReadableStream })) lines.push(line);
  assert.deepEqual(lines, ['a', 'b']);
});
