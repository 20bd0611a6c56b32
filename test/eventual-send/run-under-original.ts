// Calls an exported function of one of these test modules under the
// original @endo/eventual-send 1.5.0, in a child process (after
// `import '@endo/init'`, which locks down with the original ses: that must
// never happen in our process). The function gets `{ E, HandledPromise }`
// and the given arguments (as JSON, through stdin); its answer comes back
// as JSON.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const MARKER = '@@ORIGINAL-ANSWER@@';

const childProgram = `
import '@endo/init';
import { E, HandledPromise } from '@endo/eventual-send';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { moduleUrl, exportName, args } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const module = await import(moduleUrl);
const answer = await module[exportName]({ E, HandledPromise }, ...args);
process.stdout.write('\\n${MARKER}\\n' + JSON.stringify(answer));
`;

export const callUnderOriginal = (moduleUrl: string, exportName: string, args: unknown[]): Promise<any> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', childProgram], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', status => {
      clearTimeout(timer);
      const at = stdout.lastIndexOf(MARKER);
      if (status !== 0 || at < 0) {
        reject(Error(`the original eventual-send child failed (status ${status}):\n${stderr}\n${stdout.slice(-2000)}`));
      } else {
        resolve(JSON.parse(stdout.slice(at + MARKER.length)));
      }
    });
    child.stdin.end(JSON.stringify({ moduleUrl, exportName, args }));
  });
