// What a package granted `process` (or `process.stdout`) gets for the
// application's stdio streams: a view, not the stream. The real stream is a
// tty.WriteStream, fs.SyncWriteStream or net.Socket, and from it a package
// would reach beyond writing: `_handle` (the native handle: close it, read or
// write any buffer, change blocking), `_writableState` (other packages'
// pending chunks and their callbacks), `_events` (other packages'
// listeners), `constructor` and the prototype (net.Socket: `new
// stdout.constructor().connect(...)` is the network), `destroy()`.
//
// The view has what ordinary code uses, found in debug, supports-color,
// chalk, yargs, ora, readline and the corpus:
// - stdout and stderr: `write`, `end`, the events, `isTTY`, `columns`,
//   `rows`, `fd` (a number: using it needs `fs`, itself a grant), the
//   `writable*` state, `bufferSize`, and on a terminal `getColorDepth`,
//   `hasColors`, `getWindowSize`, `cursorTo`, `moveCursor`, `clearLine`,
//   `clearScreenDown`. `end()` writes its last chunk and reports 'finish'
//   but leaves the stream open: the application's stdout is not one
//   package's to close (pipe() leaves process.stdout open the same way).
//   `cork` and `setDefaultEncoding` are left out: they change the stream for
//   everyone.
// - stdin: `read`, `setEncoding`, `pause`, `resume`, `isPaused`, `pipe`
//   (Node's legacy pipe run on the view, resuming as Readable's does, so that
//   the destination is handed the view and never the stream), async iteration, the events, `isTTY`,
//   `fd`, the `readable*` state, and `setRawMode`, `isRaw`, `ref`, `unref`
//   where the stream has them.
// Events are the view's own (local-events.ts). The view is extensible, so
// that helpers such as readline.emitKeypressEvents can mark it, but its
// members cannot be replaced.

import { Stream } from 'node:stream';
import type { EventEmitter } from 'node:events';
import { makeLocalEvents } from './local-events.js';

export type StdioName = 'stdout' | 'stderr' | 'stdin';

const writableValues = [
  'isTTY', 'columns', 'rows', 'fd', 'writable', 'writableLength', 'writableHighWaterMark', 'writableNeedDrain',
  'writableObjectMode', 'writableFinished', 'writableEnded', 'writableCorked', 'destroyed', 'bufferSize', '_isStdio',
] as const;
const writableMethods = [
  'write', 'getColorDepth', 'hasColors', 'getWindowSize', 'cursorTo', 'moveCursor', 'clearLine', 'clearScreenDown',
] as const;
const readableValues = [
  'isTTY', 'isRaw', 'fd', 'readable', 'readableEncoding', 'readableEnded', 'readableFlowing', 'readableHighWaterMark',
  'readableLength', 'readableObjectMode', 'destroyed',
] as const;
const readableMethods = ['read', 'setEncoding', 'pause', 'resume', 'isPaused', 'setRawMode', 'ref', 'unref'] as const;

/** The members of each view (the tests and the review read these). */
export const stdioViewMembers: Readonly<Record<StdioName, readonly string[]>> = {
  stdout: [...writableValues, ...writableMethods, 'end'],
  stderr: [...writableValues, ...writableMethods, 'end'],
  stdin: [...readableValues, ...readableMethods, 'pipe'],
};

const legacyPipe = Stream.prototype.pipe as (this: unknown, destination: unknown, options?: unknown) => unknown;

/** A view of the stdio stream `real` (`process[name]`). */
export function makeStdioView(real: EventEmitter, name: StdioName): object {
  const label = `process.${name}`;
  const realRecord = real as unknown as Record<PropertyKey, unknown>;
  const view: Record<PropertyKey, unknown> = {};
  const outward = (value: unknown): unknown => (value === real ? view : value);
  const define = (key: PropertyKey, descriptor: PropertyDescriptor) =>
    Object.defineProperty(view, key, { enumerable: true, configurable: false, ...descriptor });
  const defineMethod = (key: PropertyKey, fn: (...args: never[]) => unknown) =>
    define(key, { value: Object.freeze(fn), writable: false });

  const events = makeLocalEvents({ view, host: real, outward, label });
  for (const [key, method] of Object.entries(events)) defineMethod(key, method);

  const reading = name === 'stdin';
  for (const key of reading ? readableValues : writableValues) {
    define(key, { get: () => outward(Reflect.get(real, key)) });
  }
  for (const key of reading ? readableMethods : writableMethods) {
    const fn = realRecord[key];
    if (typeof fn !== 'function') continue;
    const forwarder = function (...args: unknown[]) {
      return outward(Reflect.apply(fn, real, args));
    };
    Object.defineProperty(forwarder, 'name', { value: key });
    defineMethod(key, forwarder);
  }

  if (reading) {
    defineMethod('pipe', function pipe(destination: unknown, options?: unknown) {
      const result = Reflect.apply(legacyPipe, view, [destination, options]);
      // As Readable's pipe: the source flows unless the destination is full.
      const full = (destination as { writableNeedDrain?: unknown } | null)?.writableNeedDrain === true;
      if (!full && Reflect.get(real, 'readableFlowing') !== true) Reflect.apply(realRecord.resume as () => unknown, real, []);
      return result;
    });
    const iterate = realRecord[Symbol.asyncIterator];
    if (typeof iterate === 'function') {
      defineMethod(Symbol.asyncIterator, function () {
        return Reflect.apply(iterate, real, []);
      });
    }
  } else {
    defineMethod('end', function end(chunk?: unknown, encoding?: unknown, callback?: unknown) {
      if (typeof chunk === 'function') [callback, chunk, encoding] = [chunk, undefined, undefined];
      else if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
      const finish = () => {
        events.emit!('finish');
        if (typeof callback === 'function') Reflect.apply(callback, undefined, []);
      };
      if (chunk === undefined || chunk === null) {
        process.nextTick(finish);
      } else {
        Reflect.apply(realRecord.write as (...args: unknown[]) => unknown, real, [
          chunk,
          encoding,
          (error: unknown) => {
            if (error === null || error === undefined) finish();
          },
        ]);
      }
      return view;
    });
  }
  define(Symbol.toStringTag, { value: name === 'stdin' ? 'ReadStream' : 'WriteStream', enumerable: false, writable: false });
  return view;
}
