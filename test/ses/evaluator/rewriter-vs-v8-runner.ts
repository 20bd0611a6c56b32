// The runner of the rewriter-vs-V8 differential test (run by
// rewriter-vs-v8.test.ts as `node --experimental-vm-modules`, for
// vm.SourceTextModule). Over the corpus (test262-parser-tests, every file of
// every package under node_modules), each source in each mode that fits its
// goal is:
// - compiled natively by V8 here, without lockdown (is it valid code?);
// - rewritten, verified, compiled and run by our pipeline in a locked-down
//   worker, whose scope terminator reports every name that reaches it.
// Prints a RunnerSummary as JSON.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script, SourceTextModule } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { CompileOutcome, Mode, RunnerSummary, WorkerReport } from './rewriter-vs-v8-types.js';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const nodeModules = join(repoRoot, 'node_modules');
const test262 = join(nodeModules, 'test262-parser-tests');

interface Item {
  corpus: string;
  file: string;
  mode: Mode;
  source: string;
}

const SCRIPT_MODES: Mode[] = ['script', 'function', 'direct-eval'];

/** test262-parser-tests: modules are the `.module.js` files. */
const test262Items = (): Item[] =>
  ['pass', 'pass-explicit', 'early', 'fail'].flatMap(directory =>
    readdirSync(join(test262, directory))
      .filter(name => name.endsWith('.js'))
      .sort()
      .flatMap(name => {
        const source = readFileSync(join(test262, directory, name), 'utf8');
        const modes: Mode[] = name.endsWith('.module.js') ? ['module'] : SCRIPT_MODES;
        return modes.map(mode => ({ corpus: `test262-parser-tests/${directory}`, file: `${directory}/${name}`, mode, source }));
      }),
  );

/** Whether the nearest package.json above `file` says "type": "module". */
const isModuleByPackage = (file: string, cache: Map<string, boolean>): boolean => {
  for (let directory = join(file, '..'); directory.startsWith(nodeModules); directory = join(directory, '..')) {
    const cached = cache.get(directory);
    if (cached !== undefined) return cached;
    try {
      const type = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')).type;
      const isModule = type === 'module';
      cache.set(directory, isModule);
      return isModule;
    } catch {
      // no package.json here (or not JSON): look further up
    }
  }
  return false;
};

/**
 * The most node_modules files read: the test's time grows with the
 * dependencies, so past this many a fixed sample is taken (the files whose
 * path hashes lowest), spread over every package and the same every run.
 */
const MAX_NODE_MODULES_FILES = 1800;

const pathHash = (path: string): string => createHash('sha256').update(path).digest('hex');

/** The .js, .mjs and .cjs files under node_modules (the test262 corpus aside), at most MAX_NODE_MODULES_FILES, each in its goal. */
const nodeModulesItems = (): Item[] => {
  const paths: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (path !== test262 && entry.name !== '.bin') walk(path);
        continue;
      }
      if (!/\.(c|m)?js$/.test(entry.name) || !statSync(path).isFile()) continue;
      paths.push(path);
    }
  };
  walk(nodeModules);
  const chosen =
    paths.length <= MAX_NODE_MODULES_FILES
      ? paths
      : paths
          .map(path => ({ path, hash: pathHash(relative(nodeModules, path)) }))
          .sort((a, b) => (a.hash < b.hash ? -1 : 1))
          .slice(0, MAX_NODE_MODULES_FILES)
          .map(({ path }) => path)
          .sort();
  const items: Item[] = [];
  const packageTypes = new Map<string, boolean>();
  for (const path of chosen) {
    const isModule = path.endsWith('.mjs') || (path.endsWith('.js') && isModuleByPackage(path, packageTypes));
    const source = readFileSync(path, 'utf8');
    const file = relative(nodeModules, path);
    for (const mode of isModule ? (['module'] as Mode[]) : SCRIPT_MODES) items.push({ corpus: 'node_modules', file, mode, source });
  }
  return items;
};

/** A leading `#!` line, which a script that V8 evaluates may have. */
const withoutHashbang = (source: string) => (source.startsWith('#!') ? `//${source.slice(2)}` : source);

/** Whether V8 compiles `source` in `mode`, as strict code (how compartments run it). Nothing runs. */
const nativeAccepts = (source: string, mode: Mode): boolean => {
  try {
    if (mode === 'module') new SourceTextModule(source);
    else if (mode === 'function') new Function(`'use strict';\n${source}`);
    else new Script(`'use strict';\n${withoutHashbang(source)}`);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs items through a worker one at a time. An item that runs past its
 * time (a program that loops) costs its worker: a spare one, already
 * locked down, takes over at once, and another spare is started.
 */
class WorkerPool {
  #current: Worker | undefined;
  #spare: Promise<Worker> | undefined;
  #listener: ((report: WorkerReport) => void) | undefined;
  selfCheck: string[] = [];

  #start(): Promise<Worker> {
    const worker = new Worker(new URL('./rewriter-vs-v8-worker.js', import.meta.url));
    return new Promise<Worker>((resolve, reject) => {
      worker.on('message', (report: WorkerReport) => {
        if (report.kind === 'ready') resolve(worker);
        else if (report.kind === 'terminator' && report.index === -1) this.selfCheck.push(report.name);
        else if (worker === this.#current) this.#listener?.(report);
      });
      worker.once('error', reject);
    });
  }

  async #worker(): Promise<Worker> {
    if (this.#current === undefined) {
      this.#current = await (this.#spare ?? this.#start());
      this.#spare = this.#start();
    }
    return this.#current;
  }

  /** The compile outcome and terminator hits of one item; `timedOut` when it ran past `limitMs`. */
  async run(item: Item, index: number, limitMs: number): Promise<{ outcome?: CompileOutcome; names: string[]; timedOut: boolean }> {
    const worker = await this.#worker();
    const names: string[] = [];
    let outcome: CompileOutcome | undefined;
    const finished = new Promise<'ran' | 'stopped' | 'stuck'>(resolve => {
      const timer = setTimeout(() => resolve('stuck'), limitMs);
      this.#listener = report => {
        if (!('index' in report) || report.index !== index) return;
        if (report.kind === 'terminator') names.push(report.name);
        else if (report.kind === 'compiled') outcome = report.outcome;
        else if (report.kind === 'ran') {
          clearTimeout(timer);
          resolve(report.timedOut ? 'stopped' : 'ran');
        }
      };
    });
    worker.postMessage({ index, source: item.source, mode: item.mode });
    const end = await finished;
    if (end === 'stuck') {
      // Stuck outside the time-limited run: this worker cannot go on.
      this.#current = undefined;
      void worker.terminate();
    }
    return { outcome, names, timedOut: end !== 'ran' };
  }

  async close(): Promise<void> {
    await this.#current?.terminate();
    await (await this.#spare)?.terminate();
  }
}

const items = [...test262Items(), ...nodeModulesItems()];
const summary: RunnerSummary = { counts: {}, accepted: {}, disagreements: [], mismatches: [], terminatorHits: [], selfCheck: [], timeouts: 0 };
const pool = new WorkerPool();
const started = Date.now();
for (const [index, item] of items.entries()) {
  if (process.env.PROGRESS && index % 500 === 0) process.stderr.write(`${index}/${items.length} ${item.file} ${Date.now() - started} ms\n`);
  summary.counts[item.corpus] = (summary.counts[item.corpus] ?? 0) + 1;
  // A backstop: the worker stops a run after 100 ms itself; large files get one second per 100 kB to compile.
  const limitMs = 5000 + Math.ceil(item.source.length / 100_000) * 1000;
  const ours = pool.run(item, index, limitMs);
  const native = nativeAccepts(item.source, item.mode);
  const { outcome, names, timedOut } = await ours;
  if (native) summary.accepted[item.corpus] = (summary.accepted[item.corpus] ?? 0) + 1;
  if (timedOut) summary.timeouts += 1;
  for (const name of names) summary.terminatorHits.push({ file: item.file, mode: item.mode, name });
  // A timeout before the compile outcome counts as ours refusing: the test reports it.
  const oursOutcome: CompileOutcome = outcome ?? { accepted: false, code: 'TIMED_OUT_COMPILING' };
  const entry = { file: item.file, mode: item.mode, nativeAccepts: native, ours: oursOutcome };
  if (oursOutcome.accepted !== native) summary.disagreements.push(entry);
  if (!oursOutcome.accepted && oursOutcome.code === 'ENDO_REWRITE_MISMATCH') summary.mismatches.push(entry);
}
summary.selfCheck = pool.selfCheck;
await pool.close();
process.stdout.write(JSON.stringify(summary));
