// Finds the runnable code blocks of a Markdown text and runs each one as an
// ES module in its own Node process. Used by code-blocks.test.ts on the
// README. A block runs when its fence says ```js and nothing more; a
// block fenced ```js fragment (or any other word after js) is shown, not
// run, and so is every block in another language (```sh, ```ts).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CodeBlock {
  /** The 1-based line of the opening fence. */
  line: number;
  /** The words after the fence's backticks: `js`, `js fragment`, `sh`. */
  info: string;
  code: string;
}

const fence = /^(`{3,}|~{3,})(.*)$/;

/** Every fenced block of `markdown`, in order; an unclosed fence is an error. */
export const extractCodeBlocks = (markdown: string): CodeBlock[] => {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let open: { marker: string; info: string; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const match = fence.exec(text);
    if (open === undefined) {
      if (match) open = { marker: match[1], info: match[2].trim(), line: index + 1, body: [] };
      return;
    }
    // A closing fence is at least as long as the opening one, with no info.
    if (match && match[1][0] === open.marker[0] && match[1].length >= open.marker.length && match[2].trim() === '') {
      blocks.push({ line: open.line, info: open.info, code: `${open.body.join('\n')}\n` });
      open = undefined;
      return;
    }
    open.body.push(text);
  });
  if (open !== undefined) throw Error(`The code block opened at line ${open.line} is never closed`);
  return blocks;
};

/** Whether a block is meant to run: fenced ```js exactly. */
export const isRunnable = (block: CodeBlock): boolean => block.info === 'js';

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `code` as an .mjs file in a fresh folder under `scratchParent`
 * (inside the package, so that `endo/...` resolves to the package itself),
 * then removes the folder.
 */
export const runModule = (code: string, scratchParent: string, timeoutMs = 60_000): Promise<RunResult> => {
  const folder = mkdtempSync(join(scratchParent, 'readme-block-'));
  const file = join(folder, 'block.mjs');
  writeFileSync(file, code);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
    child.on('error', error => {
      rmSync(folder, { recursive: true, force: true });
      reject(error);
    });
    child.on('close', (status, signal) => {
      rmSync(folder, { recursive: true, force: true });
      resolve({ status, signal, stdout, stderr });
    });
  });
};
