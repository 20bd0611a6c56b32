// Runs the handoff demo: Carol publishes a guestbook, Alice enlivens it and
// offers it to Bob, Bob receives it (a third-party handoff) and signs it
// directly with Carol. Three node processes over tcp-testing-only on
// 127.0.0.1; each one's output is shown as it comes.
//
//   demo/ocapn/run.sh       (builds, then runs node dist/demo/ocapn/run.js)

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (name: string): string => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

/** Starts `name` with `args`; resolves with the first URI printed after `marker`. */
const start = (name: string, args: string[], marker?: string): { child: ChildProcess; uri: Promise<string> } => {
  const child = spawn(process.execPath, [here(name), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  let found: ((uri: string) => void) | undefined;
  const uri = new Promise<string>((resolve, reject) => {
    found = resolve;
    child.on('exit', (code) => reject(Error(`${name} exited (${code}) before printing its URI`)));
  });
  uri.catch(() => {});
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      console.log(line);
      const match = marker !== undefined && line.includes(marker) ? /ocapn:\/\/\S+/.exec(line) : null;
      if (match) found?.(match[0]);
    }
  });
  return { child, uri };
};

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.on('exit', resolve));

const carol = start('carol', [], 'guestbook at');
const alice = start('alice', [await carol.uri], 'introducer at');
const bob = start('bob', [await alice.uri]);
const bobCode = await exited(bob.child);
await exited(alice.child);
carol.child.kill('SIGTERM');
await exited(carol.child);
process.exitCode = bobCode ?? 1;
