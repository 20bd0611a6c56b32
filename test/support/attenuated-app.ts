// test/fixtures/attenuators/app for the command's tests: a fresh copy to run
// in, two HTTP servers (two origins) for its fetches, the built `endo` run
// asynchronously (the servers answer from this process), and the
// application's printed attempts by name.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const fixture = fileURLToPath(new URL('../../../test/fixtures/attenuators/app/', import.meta.url));
const run = promisify(execFile);

export interface AttenuatedApp {
  /** The copy's folder. */
  readonly project: string;
  /** The allowed origin's URL, then the other one's. */
  readonly urls: readonly [string, string];
  endo(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }>;
  close(): void;
}

export const startAttenuatedApp = async (): Promise<AttenuatedApp> => {
  const project = mkdtempSync(join(tmpdir(), 'endo-attenuated-app-'));
  cpSync(fixture, project, { recursive: true });
  const servers: Server[] = [];
  const urls: string[] = [];
  for (const answer of ['from the allowed origin', 'from another origin']) {
    const server = createServer((_request, response) => response.end(answer));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  }
  return {
    project,
    urls: urls as [string, string],
    endo: async (...args) => {
      try {
        const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8' });
        return { status: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    },
    close: () => {
      for (const server of servers) server.close();
      rmSync(project, { recursive: true, force: true });
    },
  };
};

/** The application's attempts by name: the value, or the error's "Name: message". */
export const attemptsOf = (stdout: string): Record<string, { value?: unknown; error?: string }> =>
  Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as { name: string; value?: unknown; error?: string })
      .map(({ name, ...result }) => [name, result]),
  );

/** An override attenuating file-reader's fs to ./data and fetcher's fetch to the allowed origin. */
export const attenuatingOverride = (allowedUrl: string) => ({
  resources: {
    'file-reader': {
      builtin: {
        fs: { attenuate: 'endo/attenuators/fs-directory', params: ['./data'] },
        'fs/promises': { attenuate: 'endo/attenuators/fs-directory', params: ['./data'] },
      },
    },
    fetcher: { globals: { fetch: { attenuate: 'endo/attenuators/fetch-origins', params: [allowedUrl] } } },
  },
});
