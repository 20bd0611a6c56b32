// Two processes, one capability. The host process listens on 127.0.0.1 and
// hands whoever connects a counter (made with Far) over CapTP, framed as
// netstrings on TCP. The guest process connects, and runs a guest program
// (a string) in a Compartment whose only endowments are that remote
// counter and E. The guest uses the counter with E(); everything else it
// tries (the host's process, Node's modules, methods the counter does not
// have) fails, and both sides print what happened.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { lockdown, Compartment } from '../src/ses/index.js';
import { E } from '../src/eventual-send/index.js';
import { Far } from '../src/pass-style/index.js';
import { connectCapTP } from '../src/transport/index.js';

lockdown();

const [role, portText] = process.argv.slice(2);

const guestProgram = `
  (async () => {
    const attempts = {
      'E(counter).increment()': () => E(counter).increment(),
      'E(counter).increment(10)': () => E(counter).increment(10),
      'E(counter).reset() (not offered)': () => E(counter).reset(),
      'read the process object': () => typeof process,
      // (spelled in two parts: the compartment refuses a whole program that contains an import expression)
      "load Node's fs module with import()": () => (0, eval)('imp' + "ort('node:fs')"),
      "reach process through Function('return this')()": () => typeof Function('return this')().process,
      'replace E': () => { E.foo = 1; return 'replaced'; },
    };
    const report = [];
    for (const [what, attempt] of Object.entries(attempts)) {
      try {
        report.push([what, 'returned ' + JSON.stringify(await attempt())]);
      } catch (error) {
        report.push([what, error.name + ': ' + error.message]);
      }
    }
    return report;
  })()
`;

const runHost = async (): Promise<void> => {
  let count = 0;
  const counter = Far('Counter', {
    increment: (by = 1) => {
      count += by;
      console.log(`[host]  counter.increment(${by}) called over TCP; count is now ${count}`);
      return count;
    },
  });
  const server = createServer(socket => {
    const end = connectCapTP(socket, 'host', counter, { maxMessageBytes: 64 * 1024, onReject: () => {} });
    void end.closed.then(reason => {
      console.log(`[host]  guest disconnected${reason ? ` (${reason.message})` : ''}; the counter ends at ${count}`);
      server.close();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  console.log(`[host]  serving a counter on 127.0.0.1:${port}; starting the guest process`);
  const guest = spawn(process.execPath, [fileURLToPath(import.meta.url), 'guest', String(port)], { stdio: 'inherit' });
  const status = await new Promise<number | null>(resolve => guest.on('exit', resolve));
  if (status !== 0) {
    console.log(`[host]  the guest process failed with status ${status}`);
    process.exitCode = 1;
  }
};

const runGuest = async (port: number): Promise<void> => {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const captp = connectCapTP(socket, 'guest', undefined, { maxMessageBytes: 64 * 1024, onReject: () => {} });
  const counter = captp.getBootstrap();
  console.log('[guest] connected; running the guest program with only { counter, E }');
  const compartment = new Compartment({ __options__: true, name: 'guest', globals: { counter, E } });
  const report = (await compartment.evaluate(guestProgram)) as [string, string][];
  for (const [what, outcome] of report) console.log(`[guest] ${what.padEnd(48)} ${outcome}`);
  captp.abort();
  await captp.closed;
};

if (role === 'guest') await runGuest(Number(portText));
else await runHost();
