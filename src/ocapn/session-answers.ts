// A session's answers: what we owe for the peer's op:deliver (get, index,
// untag) with an answer position, kept until its op:gc-answers. A pending
// answer is its promise, replaced by its value once it settles; the peer
// can pipeline on it as <desc:answer n>. Each pending answer knows how
// deep a chain of pipelined deliveries it ends, so that one chain cannot
// grow past maxPipelineDepth.

import type { OcapnQuotas } from './quotas.js';
import { overOcapnQuota } from './quotas.js';
import type { ReferenceDescriptor } from './descriptors.js';

export interface SessionAnswers {
  /** Checks that the peer may take answer `position` for a delivery `depth` deep (throws naming why not). */
  check(position: number, depth: number): void;
  /** Records `result` as the answer at `position`. */
  set(position: number, result: Promise<unknown>, depth: number): void;
  has(position: number): boolean;
  valueAt(position: number): unknown;
  /** How deep a delivery to `target` is: one more than a pending answer it is sent to. */
  depthOf(target: ReferenceDescriptor): number;
  /** The peer forgets these answers (op:gc-answers). */
  release(positions: readonly number[]): void;
  readonly size: number;
  clear(): void;
}

const protocolError = (message: string): TypeError => TypeError(`OCapN protocol error: ${message}`);

export const makeSessionAnswers = (quotas: Readonly<Pick<OcapnQuotas, 'maxAnswers' | 'maxPipelineDepth'>>): SessionAnswers => {
  const answers = new Map<number, unknown>();
  /** Depths of the answers still pending. */
  const depths = new Map<number, number>();

  return {
    check(position, depth) {
      if (answers.has(position)) throw protocolError(`answer position ${position} is already in use`);
      if (answers.size >= quotas.maxAnswers) overOcapnQuota('maxAnswers', quotas.maxAnswers, answers.size + 1);
      if (depth > quotas.maxPipelineDepth) overOcapnQuota('maxPipelineDepth', quotas.maxPipelineDepth, depth);
    },
    set(position, result, depth) {
      answers.set(position, result);
      depths.set(position, depth);
      result.then(
        (value) => {
          depths.delete(position);
          if (answers.get(position) === result) answers.set(position, value);
        },
        () => depths.delete(position),
      );
    },
    has: (position) => answers.has(position),
    valueAt: (position) => answers.get(position),
    depthOf: (target) => (target.kind === 'answer' ? (depths.get(target.position) ?? 0) + 1 : 1),
    release(positions) {
      for (const position of positions) {
        answers.delete(position);
        depths.delete(position);
      }
    },
    get size() {
      return answers.size;
    },
    clear() {
      answers.clear();
      depths.clear();
    },
  };
};
