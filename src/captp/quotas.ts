// The per-connection quotas of a CapTP end: how much a peer can make this
// end hold or do. Exceeding one aborts that connection only (the peer is
// told why, every promise pending on it is broken) with a RangeError whose
// message names the quota and the option that raises it; the process and
// other connections carry on. @endo/captp has none of these.
//
// Set them with makeCapTP's `quotas` option, e.g.
//   makeCapTP('me', send, bootstrap, { quotas: { maxImports: 1_000_000 } })
// Each is a whole number of at least 1, or Infinity to switch it off.
//
// The defaults are chosen so that legitimate use, our tests and benchmarks
// (20,000 concurrent calls on one connection) and the original @endo/captp
// as a peer stay well inside them, while a hostile peer is bounded:
//
//   maxImports          100,000  presences and promises the peer sent us and
//                                we still hold (1-3 KB each: a flood of
//                                them peaked at ~350 MB RSS before the abort).
//   maxExports          100,000  our objects and promises the peer holds.
//   maxQuestions        100,000  our calls (and bootstraps) the peer has not
//                                answered yet.
//   maxAnswers          100,000  answers we keep for the peer's questions
//                                until it drops them (CTP_DROP). An
//                                original @endo/captp peer without gcImports
//                                never drops them: raise this for a
//                                connection to one that makes more calls.
//                                A settled answer is ~100 bytes; a pending
//                                one with a call queued on it, 2-3 KB (a
//                                flood peaked at ~300 MB RSS before the
//                                abort freed it).
//   maxPendingAnswers    25,000  the peer's calls still being answered here (an
//                                answer not yet settled, with calls queued on
//                                it, costs 2-3 KB: a flood of calls pipelined
//                                on a promise that never settles peaked at
//                                ~300 MB RSS under maxAnswers alone). Above
//                                the 20,000 concurrent calls of the benchmarks.
//   maxPendingPromises   10,000  promises the peer sent that it has not
//                                settled yet (CTP_RESOLVE).
//   maxPipelineDepth     20,000  a chain of calls each sent to the answer of
//                                the previous one while it is still pending
//                                (a.b().c().d()...). Eventual send forwards
//                                such a chain in linear time, so the chain's
//                                memory is what this bounds (maxAnswers bounds
//                                it too); twice the 10,000-deep chain that
//                                test/captp/pipeline-chain.test.ts requires
//                                to work. Lower it to refuse deep chains early.
//   maxSlotsPerMessage    1,000  slots in one message's CapData: bounds the
//                                imports one message can make before any is
//                                made (checked before decoding). One message
//                                is dispatched whole, and each fresh import
//                                costs 20-50 µs, so this also bounds how
//                                long one message holds the event loop.
//   maxBigIntDigits      10,000  digits of one bigint (~33,000 bits, far past
//                                any key size); checked before BigInt()
//                                parses, whose cost grows with the square.
//   maxErrorsPerMessage   1,000  errors revived from one message (each costs
//                                a stack capture, ~2 KB and 20-40 µs).
//   maxErrorNesting          32  errors within errors (cause, errors, notes).
//   maxErrorNotes           100  extra fields (notes) of one error.

import { makeQuotaTable } from './quota-table.js';

export type CapTPQuotas = {
  maxImports: number;
  maxExports: number;
  maxQuestions: number;
  maxAnswers: number;
  maxPendingAnswers: number;
  maxPendingPromises: number;
  maxPipelineDepth: number;
  maxSlotsPerMessage: number;
  maxBigIntDigits: number;
  maxErrorsPerMessage: number;
  maxErrorNesting: number;
  maxErrorNotes: number;
};

export const DEFAULT_CAPTP_QUOTAS: Readonly<CapTPQuotas> = Object.freeze({
  maxImports: 100_000,
  maxExports: 100_000,
  maxQuestions: 100_000,
  maxAnswers: 100_000,
  maxPendingAnswers: 25_000,
  maxPendingPromises: 10_000,
  maxPipelineDepth: 20_000,
  maxSlotsPerMessage: 1_000,
  maxBigIntDigits: 10_000,
  maxErrorsPerMessage: 1_000,
  maxErrorNesting: 32,
  maxErrorNotes: 100,
});

/** What each quota counts, for the messages that name it. */
const DESCRIPTIONS: Record<keyof CapTPQuotas, string> = {
  maxImports: 'imports held',
  maxExports: 'exports held',
  maxQuestions: 'questions awaiting an answer from the peer',
  maxAnswers: 'answers kept for the peer',
  maxPendingAnswers: 'answers not yet settled',
  maxPendingPromises: 'promises from the peer not yet settled',
  maxPipelineDepth: 'calls pipelined in one chain on pending answers',
  maxSlotsPerMessage: 'slots in one message',
  maxBigIntDigits: 'digits in one bigint',
  maxErrorsPerMessage: 'errors in one message',
  maxErrorNesting: 'errors nested in errors',
  maxErrorNotes: 'notes on one error',
};

const table = makeQuotaTable({ protocol: 'CapTP', maker: 'makeCapTP', defaults: DEFAULT_CAPTP_QUOTAS, descriptions: DESCRIPTIONS });

/** The quotas of one connection: the defaults, overridden by `given`, checked. */
export const resolveQuotas = (given: Partial<CapTPQuotas> | undefined = undefined): Readonly<CapTPQuotas> => table.resolve(given);

/**
 * Throws the RangeError of going over quota `name`: `count` is how many
 * there would be. Its message names the quota and the option to raise it.
 */
export const overQuota: (name: keyof CapTPQuotas, limit: number, count: number) => never = table.over;
