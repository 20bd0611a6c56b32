// The public types of endo/marshal, named and shaped like those of
// @endo/marshal 1.10, so code typed against the original type-checks.

import type { Passable, PassableCap, InterfaceSpec } from '../pass-style/types.js';

/** A marshalled message: a JSON text body and the slots it refers to by index. */
export type CapData<Slot = unknown> = {
  body: string;
  slots: Slot[];
};

/** Makes the slot that stands for a remotable or promise on the wire. */
export type ConvertValToSlot<Slot = unknown> = (val: PassableCap) => Slot;
/** Makes the remotable or promise that a received slot stands for. */
export type ConvertSlotToVal<Slot = unknown> = (slot: Slot, iface?: string) => PassableCap;

export type ToCapData<Slot = unknown> = (val: Passable) => CapData<Slot>;
export type FromCapData<Slot = unknown> = (data: CapData<Slot>) => any;

export type Marshal<Slot = unknown> = {
  /** @deprecated use toCapData */
  serialize: ToCapData<Slot>;
  /** @deprecated use fromCapData */
  unserialize: FromCapData<Slot>;
  toCapData: ToCapData<Slot>;
  fromCapData: FromCapData<Slot>;
};

export type MakeMarshalOptions = {
  /** 'on' (the default) gives each sent error an `errorId`. */
  errorTagging?: 'on' | 'off';
  /** Names this marshal in error ids: `error:<marshalName>#<n>`. */
  marshalName?: string;
  /** Error ids count up from this number plus one. */
  errorIdNum?: number;
  /** Called with each error sent while error tagging is on (default: logs it). */
  marshalSaveError?: (err: Error) => void;
  /** The body format toCapData writes; fromCapData reads both. */
  serializeBodyFormat?: 'capdata' | 'smallcaps';
  /** endo only: the deepest nesting of a body (default 1000). */
  maxDepth?: number;
  /** endo only: the longest body fromCapData accepts, in UTF-16 code units (default 16 MiB). */
  maxBodyLength?: number;
  /** endo only: the most digits of one bigint fromCapData decodes (default Infinity). */
  maxBigIntDigits?: number;
  /** endo only: the most errors fromCapData revives from one body (default Infinity). */
  maxErrorsPerBody?: number;
  /** endo only: the most errors nested within errors in one body (default Infinity). */
  maxErrorNesting?: number;
  /** endo only: the most fields of one error beyond name, message, errorId, cause and errors (default Infinity). */
  maxErrorNotes?: number;
};

/** The JSON-able tree of the capdata format. */
export type EncodingClass =
  | { '@qclass': 'undefined' | 'NaN' | 'Infinity' | '-Infinity' }
  | { '@qclass': 'bigint'; digits: string }
  | { '@qclass': '@@asyncIterator' }
  | { '@qclass': 'symbol'; name: string }
  | { '@qclass': 'error'; name: string; message: string; errorId?: string }
  | { '@qclass': 'slot'; index: number; iface?: InterfaceSpec }
  | { '@qclass': 'hilbert'; original: Encoding; rest?: { [key: string]: Encoding } }
  | { '@qclass': 'tagged'; tag: string; payload: Encoding };
export type EncodingUnion = EncodingClass;
export type EncodingElement = Encoding;
export type Encoding = EncodingClass | null | string | boolean | number | Encoding[] | { [key: string]: Encoding };

/** The JSON-able tree of the smallcaps format. */
export type SmallcapsEncoding = null | string | boolean | number | SmallcapsEncoding[] | { [key: string]: SmallcapsEncoding };
