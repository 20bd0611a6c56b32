// The smallcaps decoder: JSON.parse's output (of the body after its '#')
// → the passable it encodes. Like decode-capdata.ts, one depth-first walk
// that rebuilds in place, hardens and vouches for each array and record,
// and checks nesting against maxDepth before each descent. Strings with a
// prefix character (smallcaps-prefix.ts) decode to what they stand for; a
// record whose names include escaped ones is rebuilt with the unescaped
// names, in Object.fromEntries order.

import { makeTagged, passableSymbolForName, passStyleOf } from '../pass-style/index.js';
import { checkString, vouchFor } from './passable-marks.js';
import { failType, q, tooDeep } from './reject.js';
import { reviveError } from './revive-error.js';
import type { DecodedErrorFields } from './revive-error.js';
import type { SlotReviver } from './revive-slot.js';
import { DecodeLimitCounter, NO_DECODE_LIMITS, type DecodeLimits } from './decode-limits.js';
import { startsSpecial } from './smallcaps-prefix.js';

const { isArray } = Array;
const { keys, hasOwn, fromEntries } = Object;

/** The fields of an error encoding that are not extras. */
const ERROR_FIELDS = new Set(['#error', 'errorId', 'name', 'cause', 'errors']);

export class SmallcapsDecoder {
  readonly #slots: SlotReviver;
  readonly #maxDepth: number;
  readonly #limits: DecodeLimitCounter;

  constructor(slots: SlotReviver, maxDepth: number, limits: Readonly<DecodeLimits> = NO_DECODE_LIMITS) {
    this.#slots = slots;
    this.#maxDepth = maxDepth;
    this.#limits = new DecodeLimitCounter(limits);
  }

  /** Decodes any parsed JSON value found at nesting `depth`. */
  decode(node: unknown, depth: number): unknown {
    switch (typeof node) {
      case 'string':
        return startsSpecial(node) ? this.#decodeSpecialString(node) : (checkString(node), node);
      case 'number':
      case 'boolean':
        return node;
      case 'object':
        return node === null ? null : this.#decodeObject(node, depth);
      default:
        // Only reached for a missing field (undefined): JSON has nothing else.
        return failType`A smallcaps encoding must be JSON data, not ${q(typeof node)}`;
    }
  }

  #decodeSpecialString(text: string): unknown {
    switch (text.charCodeAt(0)) {
      case 33: // !
        checkString(text);
        return text.slice(1);
      case 37: // %
        return passableSymbolForName(text.slice(1));
      case 35: // #
        switch (text) {
          case '#undefined':
            return undefined;
          case '#NaN':
            return NaN;
          case '#Infinity':
            return Infinity;
          case '#-Infinity':
            return -Infinity;
          default:
            return failType`unknown constant "${q(text)}"`;
        }
      case 43: // +
      case 45: // -
        return this.#limits.bigint(text);
      case 36: {
        // $
        const value = this.#decodeSlot(text);
        if (passStyleOf(value) !== 'remotable') {
          failType`internal: decodeRemotableFromSmallcaps option must return a remotable: ${value}`;
        }
        return value;
      }
      case 38: {
        // &
        const value = this.#decodeSlot(text);
        if (passStyleOf(value) !== 'promise') {
          failType`internal: decodePromiseFromSmallcaps option must return a promise: ${value}`;
        }
        return value;
      }
      default:
        return failType`Special char ${q(text.charAt(0))} reserved for future use: ${text}`;
    }
  }

  /** `$<index>.<iface>`, `$<index>`, `&<index>`: the index is read as Number() reads it. */
  #decodeSlot(text: string): unknown {
    const dot = text.indexOf('.');
    const index = Number(dot < 0 ? text.slice(1) : text.slice(1, dot));
    const iface = dot < 0 ? undefined : text.slice(dot + 1);
    if (iface !== undefined) checkString(iface);
    return this.#slots.revive(index, iface);
  }

  #decodeObject(node: any, depth: number): unknown {
    if (depth >= this.#maxDepth) tooDeep(this.#maxDepth);
    if (isArray(node)) {
      for (let i = 0; i < node.length; i += 1) {
        const child = node[i];
        if (typeof child === 'string') {
          if (startsSpecial(child)) node[i] = this.#decodeSpecialString(child);
          else checkString(child);
        } else if (typeof child === 'object' && child !== null) {
          node[i] = this.#decodeObject(child, depth + 1);
        }
      }
      vouchFor(node, 'copyArray');
      return node;
    }
    if (hasOwn(node, '#tag')) return this.#decodeTagged(node, depth);
    if (hasOwn(node, '#error')) return this.#decodeError(node, depth);
    const names = keys(node);
    let escapedNames = false;
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i]!;
      if (startsSpecial(name)) {
        if (name.charCodeAt(0) === 35) failType`Unrecognized record type ${q(name)}: ${node}`;
        escapedNames = true;
      }
      const child = node[name];
      if (typeof child === 'string') {
        if (startsSpecial(child)) node[name] = this.#decodeSpecialString(child);
        else checkString(child);
      } else if (typeof child === 'object' && child !== null) {
        node[name] = this.#decodeObject(child, depth + 1);
      }
    }
    const record = escapedNames ? this.#unescapeNames(node, names) : node;
    vouchFor(record, 'copyRecord');
    return record;
  }

  /** The record with each name decoded, which must give a string. */
  #unescapeNames(node: any, names: string[]): Record<string, unknown> {
    const entries = names.map(name => {
      const decodedName = this.decode(name, 0);
      if (typeof decodedName !== 'string') {
        failType`Decoded property name ${decodedName} from ${node} must be a string`;
      }
      return [decodedName as string, node[name]] as const;
    });
    return fromEntries(entries);
  }

  #decodeTagged(node: any, depth: number): unknown {
    const tag = node['#tag'];
    if (typeof tag !== 'string') failType`Value of "#tag", the tag, must be a string: ${node}`;
    const extra = keys(node).filter(name => name !== '#tag' && name !== 'payload');
    if (extra.length > 0) failType`#tag record unexpected properties: ${q(extra)}`;
    const decodedTag = this.decode(tag, depth + 1);
    if (typeof decodedTag !== 'string') failType`The tag of a tagged record must be a string: ${q(tag)}`;
    return makeTagged(decodedTag as string, this.decode(node.payload, depth + 1) as any);
  }

  #decodeError(node: any, depth: number): Error {
    this.#limits.enterError(node, ERROR_FIELDS);
    try {
      return this.#decodeErrorFields(node, depth);
    } finally {
      this.#limits.leaveError();
    }
  }

  #decodeErrorFields(node: any, depth: number): Error {
    if (hasOwn(node, 'message')) failType`unexpected encoded error property ${q('message')}`;
    const fields: DecodedErrorFields = {
      name: this.decode(node.name, depth + 1),
      message: this.decode(node['#error'], depth + 1),
      errorId: node.errorId ? this.decode(node.errorId, depth + 1) : undefined,
      extras: [],
    };
    if (node.cause) fields.cause = this.decode(node.cause, depth + 1);
    if (node.errors) fields.errors = this.decode(node.errors, depth + 1);
    for (const name of keys(node)) {
      if (!ERROR_FIELDS.has(name)) fields.extras.push([name, this.decode(node[name], depth + 1)]);
    }
    return reviveError(fields);
  }
}
