// Runs the original @endo/module-source 1.5.0 (under the original ses, after
// lockdown) in one child process over a whole corpus and returns the shape
// it reports for each entry: `imports`, `exports` and `reexports`, or the
// error it throws. The original and ours never share a process (both tame
// the same intrinsics), and one child for the whole corpus keeps the test
// fast: the corpus travels on stdin, the shapes come back as JSON on stdout
// after a marker line (lockdown may print warnings on stdout first).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where node_modules/@endo/module-source resolves from. */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const RESULT_MARKER = '@@ORIGINAL-MODULE-SOURCE-SHAPES@@';

/** One module to analyse: its text (or a file to read it from) and its location. */
export type CorpusEntry = { text: string; location: string } | { file: string; location: string };

export type ModuleShape =
  | { imports: string[]; exports: string[]; reexports: string[] }
  | { error: { name: string; message: string } };

const childProgram = `
import 'ses';
import { readFileSync } from 'node:fs';
lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });
const { ModuleSource } = await import('@endo/module-source');
const corpus = JSON.parse(readFileSync(0, 'utf8'));
const shapes = corpus.map((entry) => {
  const text = 'file' in entry ? readFileSync(entry.file, 'utf8') : entry.text;
  try {
    const source = new ModuleSource(text, entry.location);
    return { imports: [...source.imports], exports: [...source.exports], reexports: [...source.reexports] };
  } catch (error) {
    return { error: { name: error.name, message: String(error.message) } };
  }
});
process.stdout.write('\\n${RESULT_MARKER}\\n' + JSON.stringify(shapes));
`;

/** The original's shapes for `corpus`, in order. Throws with the child's output when it fails. */
export const originalShapes = (corpus: readonly CorpusEntry[]): ModuleShape[] => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', childProgram], {
    cwd: repoRoot,
    input: JSON.stringify(corpus),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const at = child.stdout.lastIndexOf(RESULT_MARKER);
  if (child.status !== 0 || at < 0) {
    throw Error(`the original @endo/module-source child failed (status ${child.status}, signal ${child.signal}):\n${child.stderr}`);
  }
  return JSON.parse(child.stdout.slice(at + RESULT_MARKER.length)) as ModuleShape[];
};
