// OCapN descriptors as the op reader sees them. A descriptor names a
// reference in one session (`<desc:export 3>`, `<desc:answer 1>`, …) and
// only the session can say what it stands for, and only once every
// operation before it has been acted on (an `op:deliver` earlier in the same
// chunk may create the answer that `<desc:answer 1>` names). So the reader
// turns each descriptor record into a placeholder: an empty hardened
// copyRecord (passable, so it may sit inside lists, records and tagged
// payloads while decoding) whose meaning is kept in a WeakMap here, out of
// the peer's reach. When the session acts on an operation it replaces the
// placeholders with values (replacePlaceholders).
//
// Record labels the reader knows besides the ops (ocapn-sturdyref,
// ocapn-peer, desc:sig-envelope, desc:handoff-*) get placeholders too.

import { harden, markFreshHardened } from '../ses/harden-when-available.js';
import { makeTagged, passStyleOf, type Passable } from '../pass-style/index.js';
import type { OcapnPeerLocator, OcapnSturdyRefLocator } from './locator.js';
import type { SyrupValue } from './syrup/index.js';

export type ReferenceKind = 'export' | 'answer' | 'import-object' | 'import-promise';

/** A reference descriptor: which table of the session, which position. */
export interface ReferenceDescriptor {
  readonly kind: ReferenceKind;
  readonly position: number;
}

/** What a placeholder stands for. */
export type DescriptorInfo =
  | ReferenceDescriptor
  | { readonly kind: 'sturdyref'; readonly locator: OcapnSturdyRefLocator }
  | { readonly kind: 'peer'; readonly locator: OcapnPeerLocator; readonly syrup: SyrupValue }
  | {
      readonly kind: 'sig-envelope';
      /** The signed record, as Syrup, exactly as it was sent (re-encoded canonically). */
      readonly signed: SyrupValue;
      /** The signed record as placeholders read it (handoff-give, handoff-receive). */
      readonly object: Passable;
      readonly signature: SyrupValue;
    }
  | { readonly kind: 'handoff-give'; readonly fields: readonly SyrupValue[] }
  | { readonly kind: 'handoff-receive'; readonly fields: readonly SyrupValue[]; readonly signedGive: Passable };

const placeholders = new WeakMap<object, DescriptorInfo>();

/** A fresh placeholder for `info`. */
export const makePlaceholder = (info: DescriptorInfo): Passable => {
  const placeholder = harden({});
  placeholders.set(placeholder, harden(info));
  return placeholder;
};

/**
 * A fresh placeholder for a reference descriptor, the common case: the
 * placeholder and its info are fresh records of primitives, hardened by
 * marking them (no walk).
 */
export const makeReferencePlaceholder = (kind: ReferenceKind, position: number): Passable => {
  const placeholder = markFreshHardened({});
  placeholders.set(placeholder, markFreshHardened({ kind, position }));
  return placeholder;
};

/** What `value` stands for, if it is a placeholder made here. */
export const placeholderInfo = (value: unknown): DescriptorInfo | undefined =>
  typeof value === 'object' && value !== null ? placeholders.get(value) : undefined;

export const isReferenceDescriptor = (info: DescriptorInfo | undefined): info is ReferenceDescriptor =>
  info !== undefined &&
  (info.kind === 'export' || info.kind === 'answer' || info.kind === 'import-object' || info.kind === 'import-promise');

/**
 * `value` with every placeholder replaced by `resolve(info)`. Containers are
 * rebuilt only along paths that hold a placeholder; the rest is shared.
 */
export const replacePlaceholders = (value: Passable, resolve: (info: DescriptorInfo) => Passable): Passable => {
  if (typeof value !== 'object' || value === null) return value;
  const info = placeholders.get(value);
  if (info !== undefined) return resolve(info);
  const style: string = passStyleOf(value);
  switch (style) {
    case 'copyArray': {
      const items = value as readonly Passable[];
      let changed = false;
      const replaced = items.map((item) => {
        const next = replacePlaceholders(item, resolve);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? harden(replaced) : value;
    }
    case 'copyRecord': {
      const record = value as Record<string, Passable>;
      const keys = Object.keys(record);
      // Copied only from the first key whose value changes.
      let replaced: Record<string, Passable> | undefined;
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i]!;
        const next = replacePlaceholders(record[key], resolve);
        if (replaced === undefined && next !== record[key]) {
          replaced = {};
          for (let j = 0; j < i; j += 1) {
            Object.defineProperty(replaced, keys[j]!, { value: record[keys[j]!], enumerable: true, writable: true, configurable: true });
          }
        }
        if (replaced !== undefined) Object.defineProperty(replaced, key, { value: next, enumerable: true, writable: true, configurable: true });
      }
      return replaced === undefined ? value : harden(replaced);
    }
    case 'tagged': {
      const tagged = value as { payload: Passable; [Symbol.toStringTag]: string };
      const payload = replacePlaceholders(tagged.payload, resolve);
      return payload === tagged.payload ? value : makeTagged(tagged[Symbol.toStringTag], payload);
    }
    default:
      return value;
  }
};
