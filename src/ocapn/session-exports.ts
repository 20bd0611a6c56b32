// A session's exports: our objects and promises the peer can name as
// <desc:export n>. Position 0 is the bootstrap object; the rest count from
// 1 (objects and promises share the counter). Each keeps how many times
// we sent it, less what the peer's op:gc-exports gave back; at 0 it is
// forgotten (the bootstrap object never is).

import type { OcapnQuotas } from './quotas.js';
import { overOcapnQuota } from './quotas.js';

export interface SessionExports {
  /** `ref`'s position, exported now if it was not, with one more time sent counted. */
  exportOnce(ref: object): number;
  /** True if `position` names an export. */
  has(position: number): boolean;
  valueAt(position: number): unknown;
  /** The peer gave back `deltas[i]` of the times we sent `positions[i]`. */
  release(positions: readonly number[], deltas: readonly number[]): void;
  setBootstrap(value: object): void;
  readonly size: number;
  clear(): void;
}

export const makeSessionExports = (quotas: Readonly<Pick<OcapnQuotas, 'maxExports'>>): SessionExports => {
  const valueByPosition = new Map<number, unknown>();
  const positionOf = new Map<unknown, number>();
  const timesSent = new Map<number, number>();
  let nextPosition = 1;

  return {
    exportOnce(ref) {
      let position = positionOf.get(ref);
      if (position === undefined) {
        if (valueByPosition.size >= quotas.maxExports) overOcapnQuota('maxExports', quotas.maxExports, valueByPosition.size + 1);
        position = nextPosition;
        nextPosition += 1;
        valueByPosition.set(position, ref);
        positionOf.set(ref, position);
      }
      timesSent.set(position, (timesSent.get(position) ?? 0) + 1);
      return position;
    },
    has: (position) => valueByPosition.has(position),
    valueAt: (position) => valueByPosition.get(position),
    release(positions, deltas) {
      positions.forEach((position, i) => {
        if (position === 0 || !valueByPosition.has(position)) return;
        const left = (timesSent.get(position) ?? 0) - deltas[i]!;
        if (left > 0) {
          timesSent.set(position, left);
          return;
        }
        timesSent.delete(position);
        positionOf.delete(valueByPosition.get(position));
        valueByPosition.delete(position);
      });
    },
    setBootstrap(value) {
      valueByPosition.set(0, value);
      positionOf.set(value, 0);
    },
    get size() {
      return valueByPosition.size;
    },
    clear() {
      valueByPosition.clear();
      positionOf.clear();
      timesSent.clear();
    },
  };
};
