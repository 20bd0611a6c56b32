// The per-session quotas of an OCapN peer, in the manner of CapTP's
// (src/captp/quotas.ts): how much a peer can make one session hold or do.
// Exceeding one aborts that session only (the peer gets op:abort with the
// reason, every promise pending on the session breaks) with a RangeError
// naming the quota and the option that raises it.
//
// Set them with makeOcapn's `quotas` option, e.g.
//   makeOcapn({ netlayers, quotas: { maxImports: 1_000_000 } })
// Each is a whole number of at least 1, or Infinity to switch it off.
//
//   maxImports          100,000  the peer's objects and promises we hold.
//   maxExports          100,000  our objects and promises the peer holds.
//   maxQuestions        100,000  our deliveries awaiting an answer.
//   maxAnswers          100,000  answers kept for the peer until op:gc-answers.
//   maxPendingPromises   10,000  the peer's promises we hold unsettled.
//   maxPipelineDepth     20,000  deliveries chained on pending answers.
//   maxGifts             10,000  gifts the peer deposited (handoffs) not yet withdrawn.
//   maxHandoffCounts     10,000  handoff counts the peer used out of order (the
//                                replay log; counts used in order take no room).
//   maxPendingWithdrawals 10,000 the peer's withdraw-gifts waiting for their deposit.
//   maxMessageBytes   16 MiB     bytes of one message (Syrup maxValueBytes).
//   maxMessageDepth       1,000  nesting of one message (Syrup maxDepth).
//   maxStringBytes     8 MiB     one string, symbol or byte string.
//   maxIntegerDigits      1,000  digits of one integer.

import type { SyrupDecodeLimits } from './syrup/index.js';
import { makeQuotaTable } from '../captp/quota-table.js';

export type OcapnQuotas = {
  maxImports: number;
  maxExports: number;
  maxQuestions: number;
  maxAnswers: number;
  maxPendingPromises: number;
  maxPipelineDepth: number;
  maxGifts: number;
  maxHandoffCounts: number;
  maxPendingWithdrawals: number;
  maxMessageBytes: number;
  maxMessageDepth: number;
  maxStringBytes: number;
  maxIntegerDigits: number;
};

export const DEFAULT_OCAPN_QUOTAS: Readonly<OcapnQuotas> = Object.freeze({
  maxImports: 100_000,
  maxExports: 100_000,
  maxQuestions: 100_000,
  maxAnswers: 100_000,
  maxPendingPromises: 10_000,
  maxPipelineDepth: 20_000,
  maxGifts: 10_000,
  maxHandoffCounts: 10_000,
  maxPendingWithdrawals: 10_000,
  maxMessageBytes: 16 * 1024 * 1024,
  maxMessageDepth: 1_000,
  maxStringBytes: 8 * 1024 * 1024,
  maxIntegerDigits: 1_000,
});

const DESCRIPTIONS: Record<keyof OcapnQuotas, string> = {
  maxImports: 'imports held',
  maxExports: 'exports held',
  maxQuestions: 'questions awaiting an answer from the peer',
  maxAnswers: 'answers kept for the peer',
  maxPendingPromises: 'promises from the peer not yet settled',
  maxPipelineDepth: 'deliveries pipelined in one chain on pending answers',
  maxGifts: 'gifts deposited and not withdrawn',
  maxHandoffCounts: 'handoff counts used out of order',
  maxPendingWithdrawals: 'withdrawals waiting for their gift',
  maxMessageBytes: 'bytes in one message',
  maxMessageDepth: 'nested containers in one message',
  maxStringBytes: 'bytes in one string',
  maxIntegerDigits: 'digits in one integer',
};

const table = makeQuotaTable({ protocol: 'OCapN', maker: 'makeOcapn', defaults: DEFAULT_OCAPN_QUOTAS, descriptions: DESCRIPTIONS });

/** The quotas of one session: the defaults, overridden by `given`, checked. */
export const resolveOcapnQuotas = (given: Partial<OcapnQuotas> | undefined): Readonly<OcapnQuotas> => table.resolve(given);

/** The Syrup decode limits of a session's incoming stream. */
export const syrupLimitsOf = (quotas: Readonly<OcapnQuotas>): Partial<SyrupDecodeLimits> => ({
  maxValueBytes: quotas.maxMessageBytes,
  maxDepth: quotas.maxMessageDepth,
  maxStringBytes: quotas.maxStringBytes,
  maxIntegerDigits: quotas.maxIntegerDigits,
});

const QUOTA_OF_SYRUP_LIMIT: Record<keyof SyrupDecodeLimits, keyof OcapnQuotas> = {
  maxValueBytes: 'maxMessageBytes',
  maxDepth: 'maxMessageDepth',
  maxStringBytes: 'maxStringBytes',
  maxIntegerDigits: 'maxIntegerDigits',
};

/** A Syrup limit error said in terms of the quota that set it (others unchanged). */
export const explainSyrupLimit = (error: unknown): unknown => {
  if (!(error instanceof RangeError)) return error;
  const match = /over the (max\w+) limit/.exec(error.message);
  const quota = match ? QUOTA_OF_SYRUP_LIMIT[match[1] as keyof SyrupDecodeLimits] : undefined;
  if (quota === undefined) return error;
  return RangeError(`OCapN quota exceeded: ${error.message} (raise the quotas.${quota} option of makeOcapn)`);
};

/** Throws the RangeError of going over quota `name` (`count` is how many there would be). */
export const overOcapnQuota: (name: keyof OcapnQuotas, limit: number, count: number) => never = table.over;
