// Faults made with real processes, for netlayer and session tests: a peer
// in a child process (netlayer-fault-peer.ts) that can be killed mid-stream,
// so the survivor's channels end the way they do when a machine or process
// dies, not the way a polite close() does.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseOcapnUri, type OcapnPeerLocator } from '../../src/ocapn/locator.js';

export type FaultPeerMode = 'echo' | 'flood' | 'silent' | 'stalled';

export type FaultPeer = {
  /** Where the peer listens. */
  locator: OcapnPeerLocator;
  /** Its URI, as it printed it. */
  uri: string;
  child: ChildProcess;
  /** Kills the process (SIGKILL by default: no chance to close anything) and waits for it to be gone. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
};

const peerScript = fileURLToPath(new URL('./netlayer-fault-peer.js', import.meta.url));

/** Starts a peer on `netlayer` serving each channel in `mode`; settles once it listens. */
export const spawnFaultPeer = (netlayer: 'tcp-testing-only' | 'libp2p', mode: FaultPeerMode): Promise<FaultPeer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [peerScript, netlayer, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>(done => child.once('exit', () => done()));
    const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    };
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      void kill();
      reject(Error(`The fault peer did not print its locator within 10 s; stderr: ${stderr.slice(0, 2000)}`));
    }, 10_000);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const uri = stdout.slice(0, newline);
      const parsed = parseOcapnUri(uri);
      if (parsed.kind !== 'peer') {
        void kill();
        reject(Error(`The fault peer printed ${JSON.stringify(uri)}, not a peer locator`));
        return;
      }
      resolve({ locator: parsed.peer, uri, child, kill });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(Error(`The fault peer exited (${code ?? signal}) before it listened; stderr: ${stderr.slice(0, 2000)}`));
    });
  });
