// Runs @endo/captp 4.5 (under @endo/init, in a child process: never in the
// same realm as endo/ses) as the peer of a CapTP end of ours, over the
// child's stdin and stdout, one JSON message per line. The child's
// bootstrap object can also call our bootstrap, so both directions are
// exercised. Lines that are not messages (the original's logging) are
// passed to `onNoise`.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

// The original's side, as a program for `node --input-type=module -e`.
const PEER_PROGRAM = `
import '@endo/init';
import { makeCapTP, E } from '@endo/captp';
import { Far } from '@endo/far';
import { createInterface } from 'node:readline';

const send = message => process.stdout.write(JSON.stringify(message) + '\\n');
let getOurs;
const makeCounter = start => {
  let count = start;
  return Far('counter', { inc: by => (count += by) });
};
const kept = Far('kept', { who: () => 'kept by the original' });
const boot = Far('OriginalBoot', {
  hello: name => 'original says hello, ' + name,
  echo: x => x,
  isKept: x => x === kept,
  getKept: () => kept,
  makeCounter,
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
  callBack: (f, x) => E(f)(x),
  probeYours: async () => {
    const yours = getOurs();
    const sum = await E(yours).add(2, 3);
    const named = await E(E(yours).makeThing('gadget')).getName();
    const mine = Far('fromOriginal', { ping: () => 'pong from the original' });
    const same = await E(yours).isSame(mine, mine);
    const back = await E(yours).echo(mine);
    let failure;
    try {
      await E(yours).fail('ours failed');
    } catch (error) {
      failure = error.name + ': ' + error.message;
    }
    return harden({ sum, named, same, identity: back === mine, failure });
  },
});
const { dispatch, getBootstrap } = makeCapTP('original', send, boot, { onReject: () => {} });
getOurs = getBootstrap;
const lines = createInterface({ input: process.stdin });
lines.on('line', line => dispatch(JSON.parse(line)));
lines.on('close', () => process.exit(0));
`;

export type OriginalPeer = {
  /** Sends one message to the original. */
  send: (message: unknown) => void;
  /** Ends the child (closing its stdin) and waits for it to exit. */
  close: () => Promise<number | null>;
};

/**
 * Runs `program` (an ES module's text) in a child node with `nodeFlags`, as
 * a CapTP peer over its stdin and stdout, one JSON message per line.
 * `onMessage` gets each message it sends, parsed; other output goes to `onNoise`.
 */
export const startPeerProgram = (
  program: string,
  nodeFlags: string[],
  onMessage: (message: unknown) => void,
  onNoise: (line: string) => void = () => {},
): OriginalPeer => {
  const child = spawn(process.execPath, [...nodeFlags, '--input-type=module', '-e', program], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  createInterface({ input: child.stdout! }).on('line', line => {
    if (line.startsWith('{"type":"CTP_')) onMessage(JSON.parse(line));
    else onNoise(line);
  });
  child.stderr!.on('data', chunk => onNoise(String(chunk)));
  return {
    send: message => void child.stdin!.write(`${JSON.stringify(message)}\n`),
    close: () => {
      child.stdin!.end();
      return exited;
    },
  };
};

/** Starts the original's end; `onMessage` gets each message it sends, parsed. */
export const startOriginalPeer = (onMessage: (message: unknown) => void, onNoise?: (line: string) => void): OriginalPeer =>
  startPeerProgram(PEER_PROGRAM, [], onMessage, onNoise);
