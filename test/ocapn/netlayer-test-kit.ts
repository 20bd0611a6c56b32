// What the netlayer tests share: a netlayer whose incoming channels queue
// up to be taken in order, a channel's bytes collected, waiting for a
// condition, patterned bytes, and a byte stream cut into reads.

import type { OcapnChannel, OcapnNetlayerFactory } from '../../src/ocapn/netlayer.js';

/** Starts `factory`'s netlayer; its incoming channels wait to be taken in order. */
export const startNetlayer = async (factory: OcapnNetlayerFactory) => {
  const waiting: OcapnChannel[] = [];
  const takers: Array<(channel: OcapnChannel) => void> = [];
  const netlayer = await factory(channel => {
    const taker = takers.shift();
    if (taker) taker(channel);
    else waiting.push(channel);
  });
  const nextIncoming = (): Promise<OcapnChannel> =>
    waiting.length > 0 ? Promise.resolve(waiting.shift()!) : new Promise(resolve => takers.push(resolve));
  return { netlayer, nextIncoming, incomingCount: () => waiting.length };
};

/** Collects a channel's chunks (copied); `ended` settles with its close reason. */
export const collect = (channel: OcapnChannel) => {
  const chunks: Buffer[] = [];
  let size = 0;
  const ended = new Promise<Error | undefined>(resolve => channel.onClose(resolve));
  channel.onData(chunk => {
    chunks.push(Buffer.from(chunk));
    size += chunk.length;
  });
  return { chunks, bytes: () => Buffer.concat(chunks), size: () => size, ended };
};

export const waitFor = async (condition: () => boolean, what: string, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
};

/** `length` bytes in a pattern that depends on `seed`. */
export const patterned = (length: number, seed: number): Uint8Array => {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
};

/** Cuts `bytes` at the given points (taken modulo its length + 1, deduplicated, sorted) into reads. */
export const cut = (bytes: Uint8Array, points: number[]): Uint8Array[] => {
  const at = [...new Set(points.map(p => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const point of [...at, bytes.length]) {
    pieces.push(bytes.subarray(from, point));
    from = point;
  }
  return pieces;
};
