// Starts session-peer.ts in a child process (optionally inside a network
// namespace) and talks to it: the JSON lines it prints, and commands.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./session-peer.js', import.meta.url));

export interface SessionPeer {
  child: ChildProcessWithoutNullStreams;
  /** The next printed line (taken from the queue) that has `key`, within `ms`. */
  next(key: string, ms?: number): Promise<Record<string, any>>;
  /** Sends a command; settles with the line answering it. */
  command(op: string, fields?: Record<string, unknown>, ms?: number): Promise<Record<string, any>>;
  stderr(): string;
  exited: Promise<void>;
  /** Sends `signal` (SIGKILL by default) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

let nextId = 0;

/** Runs `node session-peer.js ...args`, inside `netns` when given (with `ip netns exec`). */
export const startSessionPeer = (args: string[], netns?: string): SessionPeer => {
  const argv = netns === undefined ? [process.execPath, script, ...args] : ['ip', 'netns', 'exec', netns, process.execPath, script, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Record<string, any>[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) lines.push(JSON.parse(line));
    for (const wake of waiters.splice(0)) wake();
  });
  // Writing to a peer that died must not throw in the test.
  child.stdin.on('error', () => {});
  let hasExited = false;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      hasExited = true;
      for (const wake of waiters.splice(0)) wake();
      resolve();
    }),
  );
  const take = async (matches: (line: Record<string, any>) => boolean, what: string, ms: number): Promise<Record<string, any>> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = lines.findIndex(matches);
      if (index >= 0) return lines.splice(index, 1)[0]!;
      if (Date.now() > deadline || hasExited) {
        throw Error(`${args.slice(0, 2).join(' ')} printed no ${what} within ${ms} ms (lines ${JSON.stringify(lines)}; stderr ${stderr.slice(0, 3000)})`);
      }
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return {
    child,
    next: (key, ms = 15_000) => take((line) => key in line, key, ms),
    command: (op, fields = {}, ms = 15_000) => {
      nextId += 1;
      const id = nextId;
      child.stdin.write(`${JSON.stringify({ id, op, ...fields })}\n`);
      return take((line) => line.id === id, `answer to ${op} #${id}`, ms);
    },
    stderr: () => stderr,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (!hasExited) child.kill(signal);
      await exited;
    },
  };
};
