// What a benchmark suite is: our implementation and its peers, each a module
// run in a child process of its own, exporting the same named measures.

/** One measure's result: nanoseconds per operation (lower is faster). */
export type Measure = () => number | Promise<number>;

/** What each contestant module exports. */
export interface ContestantModule {
  measures: Record<string, Measure>;
}

export interface Contestant {
  /** Column heading, e.g. `endo` or `ses 2.3.0`. */
  label: string;
  /** Path of the compiled module, relative to dist/bench. */
  module: string;
}

export interface Suite {
  name: string;
  description: string;
  ours: Contestant;
  peers: Contestant[];
}
