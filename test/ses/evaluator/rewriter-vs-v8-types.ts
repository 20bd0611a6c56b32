// What the runner and the worker of the rewriter-vs-V8 differential test
// say to each other and to the test (see rewriter-vs-v8.test.ts).

/** How a source is given to a compartment: evaluate(), a Function body, the source of a direct eval, or a module. */
export type Mode = 'script' | 'function' | 'direct-eval' | 'module';

/** How our pipeline (rewrite, verification, V8's compile of the result) took a source. */
export type CompileOutcome = { accepted: true } | { accepted: false; code: string; message?: string };

export type WorkerReport =
  | { kind: 'ready' }
  | { kind: 'compiled'; index: number; outcome: CompileOutcome }
  /** timedOut: V8 stopped the run at its time limit (a program that loops). */
  | { kind: 'ran'; index: number; timedOut: boolean }
  /** A name reached the scope terminator (or the unarmed eval scope); index -1 is the worker's self-check. */
  | { kind: 'terminator'; index: number; name: string };

export interface Disagreement {
  file: string;
  mode: Mode;
  nativeAccepts: boolean;
  ours: CompileOutcome;
}

export interface RunnerSummary {
  /** Items (a file in a mode) per corpus. */
  counts: Record<string, number>;
  /** Items V8 accepted natively, per corpus: the ones whose rewritten code ran. */
  accepted: Record<string, number>;
  /** Where V8 and our pipeline disagreed on whether a source compiles. */
  disagreements: Disagreement[];
  /** Items our verification refused (ENDO_REWRITE_MISMATCH), whatever V8 says of the source. */
  mismatches: Disagreement[];
  /** Names that reached the terminator, with the item. */
  terminatorHits: { file: string; mode: Mode; name: string }[];
  /** Names the worker's self-check saw reach the terminator (it must see its own). */
  selfCheck: string[];
  /** Items stopped for running too long (programs that loop). */
  timeouts: number;
}
