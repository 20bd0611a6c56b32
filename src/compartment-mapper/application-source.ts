// What the per-package linker (application-linker.ts) needs to know about an
// application, whether it comes from a file system (file-system-source.ts)
// or from an archive (archive-source.ts): its compartments, Node's
// resolution between their files, and the files' contents and languages.
// Full specifiers are absolute file names (real ones, or an archive's
// virtual ones) and builtin names.

import type { ResolveKind } from './cjs-module.js';
import type { ModuleFormat } from './module-format.js';
import type { ModuleCompiler } from './module-compiler.js';

export interface ApplicationSource {
  /** The compartment and the absolute file name of the module the application starts from. */
  readonly entry: { readonly compartment: string; readonly filename: string };
  /** The canonical name of a compartment ("$root$", "a>b"), for messages and compartment names. */
  labelOf(compartment: string): string;
  /** What `specifier`, written in `referrer` (a file of `compartment`), denotes: a file of a compartment it may reach, or a builtin's name. */
  resolve(compartment: string, specifier: string, referrer: string, kind: ResolveKind): string;
  /** The compartment a file that resolution gave belongs to. */
  compartmentOfFile(filename: string): string | undefined;
  /** A file's contents (an archive's precompiled record, for its precompiled files); throws when absent. */
  readFile(filename: string): string | Uint8Array;
  /** How the loader runs a file. */
  formatOf(filename: string): ModuleFormat;
  /** How a file's contents become what runs, when not by compiling its text (an archive's precompiled records). */
  readonly compiler?: ModuleCompiler;
}
