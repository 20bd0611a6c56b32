// The differential harness for ES modules in compartments: Node is the
// oracle. Each fixture under fixtures/<case>/ (read from the source tree) is
// run natively by run-native.mjs and in a Compartment by run-compartment.mjs,
// each runner in one child process for all fixtures, and each fixture
// becomes one test comparing what the two printed and how they ended.
//
// Compared: the printed lines, the uncaught error's name (and its message
// when the fixture's case.json says `compareMessages`), and errors thrown
// outside the import (timer callbacks, unhandled rejections).

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';

/** The repository root (this file runs from dist/test/modules/). */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
/** test/modules in the source tree: the runners and fixtures are used from there, not from dist. */
export const modulesSourceDir = join(repoRoot, 'test', 'modules');

export type Variant = 'import-string' | 'import-module-source' | 'import-now';

export interface ErrorRecord {
  name: string;
  message: string;
}

/** How one fixture ended in one runner. */
export interface FixtureResult {
  lines: string[];
  /** The error the import rejected or threw with, or null. */
  error: ErrorRecord | null;
  /** Errors thrown by timer callbacks and unhandled rejections during the run. */
  uncaught: ErrorRecord[];
}

/** A fixture's case.json. */
export interface CaseOptions {
  /** What the fixture checks. */
  about?: string;
  /** Uses top-level await: not run by the importNow variant. */
  topLevelAwait?: boolean;
  /** Compare error messages too (only for errors the fixture throws itself). */
  compareMessages?: boolean;
  /** The error name Node must end with (checked against Node only). */
  expectError?: string;
  /**
   * Where a compartment's semantics differ from Node's on purpose (those of
   * `ses` too): why, and the lines that differ, by index, with what the
   * compartment prints there instead. The rest is still compared.
   */
  compartmentDiffers?: { reason: string; lines: Record<string, string> };
}

export const readCaseOptions = (fixture: string): CaseOptions => {
  const path = join(modulesSourceDir, 'fixtures', fixture, 'case.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CaseOptions) : {};
};

const RESULT_MARKER = '@@MODULE-FIXTURE-RESULTS@@';

/** Runs a runner script of test/modules and parses the JSON after its marker. */
const runRunner = (script: string, args: string[]): Promise<unknown> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(modulesSourceDir, script), ...args],
      { cwd: repoRoot, encoding: 'utf8', timeout: 50_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const at = stdout.lastIndexOf(RESULT_MARKER);
        if (error || at < 0) {
          reject(Error(`${script} ${args.join(' ')} failed (${error?.message ?? 'no result'}):\n${stderr}\n${stdout}`));
          return;
        }
        resolve(JSON.parse(stdout.slice(at + RESULT_MARKER.length)));
      },
    );
  });

/** Every fixture's result under Node itself. */
export const runNative = async (): Promise<Record<string, FixtureResult>> =>
  (await runRunner('run-native.mjs', [])) as Record<string, FixtureResult>;

export interface CompartmentRun {
  /** False while `compartment.import` still throws 'module loading is not available'. */
  loaderAvailable: boolean;
  results: Record<string, FixtureResult>;
}

/**
 * Every fixture's result in a compartment, loaded the way `variant` says.
 * With MODULE_HARNESS_ORIGINAL=1 in the environment, the compartment is the
 * original `ses`'s (a check of the harness, and of how far the original is
 * from Node).
 */
export const runCompartment = async (variant: Variant): Promise<CompartmentRun> =>
  (await runRunner('run-compartment.mjs', [
    variant,
    ...(process.env.MODULE_HARNESS_ORIGINAL === '1' ? ['--original'] : []),
  ])) as CompartmentRun;

/** The part of a result that the comparison looks at. */
export const comparable = (result: FixtureResult, options: CaseOptions): object => {
  const errorPart = (error: ErrorRecord): object =>
    options.compareMessages ? { name: error.name, message: error.message } : { name: error.name };
  return {
    lines: result.lines,
    error: result.error === null ? null : errorPart(result.error),
    uncaught: result.uncaught.map(errorPart),
  };
};

const describeRun = (result: FixtureResult): string =>
  [
    ...result.lines.map(line => `  | ${line}`),
    ...(result.error ? [`  !! ${result.error.name}: ${result.error.message}`] : []),
    ...result.uncaught.map(u => `  !! uncaught ${u.name}: ${u.message}`),
  ].join('\n');

/**
 * Defines one test per fixture comparing `variant` with Node. The tests are
 * todo while the module loader has not landed (detected in the child at run
 * time), and real as soon as it has.
 */
export const defineDifferentialTests = async (variant: Variant): Promise<void> => {
  const [native, compartment] = await Promise.allSettled([runNative(), runCompartment(variant)]);
  if (native.status === 'rejected') {
    test('the native runner ran', () => {
      throw native.reason;
    });
    return;
  }
  const fixtures = Object.keys(native.value).sort();
  const run: CompartmentRun | undefined = compartment.status === 'fulfilled' ? compartment.value : undefined;
  const notLanded = run !== undefined && !run.loaderAvailable;

  test(`the compartment runner ran (${variant})`, notLanded ? { todo: 'module loader not landed' } : {}, () => {
    if (compartment.status === 'rejected') throw compartment.reason;
    assert.ok(run?.loaderAvailable, 'compartment.import says module loading is not available');
  });

  for (const fixture of fixtures) {
    const options = readCaseOptions(fixture);
    const testOptions =
      variant === 'import-now' && options.topLevelAwait
        ? { skip: 'top-level await: importNow cannot run it' }
        : notLanded
          ? { todo: 'module loader not landed' }
          : {};
    test(fixture, testOptions, () => {
      const ours = run?.results[fixture];
      assert.ok(ours, `no compartment result for ${fixture}`);
      const native_ = native.value[fixture]!;
      const differs = options.compartmentDiffers;
      // Node's lines, with the documented compartment differences in place of Node's.
      const theirs = differs
        ? { ...native_, lines: native_.lines.map((line, index) => differs.lines[index] ?? line) }
        : native_;
      if (differs) {
        for (const index of Object.keys(differs.lines)) {
          assert.notEqual(native_.lines[Number(index)], differs.lines[index], `${fixture}: Node now prints the compartment's line ${index}: drop it from compartmentDiffers`);
        }
      }
      assert.deepEqual(
        comparable(ours, options),
        comparable(theirs, options),
        `${fixture} (${options.about ?? 'see its main.mjs'})\ncompartment (${variant}):\n${describeRun(ours)}\nnode:\n${describeRun(theirs)}`,
      );
    });
  }
};
