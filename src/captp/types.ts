// The public types of endo/captp, shaped like those of @endo/captp 4.5 so
// code typed against the original type-checks against ours.

import type { CapData } from '../marshal/types.js';
import type { RemoteKit, Settler } from '../eventual-send/types.js';
import type { CapTPQuotas } from './quotas.js';

export type { CapTPQuotas };

/**
 * A slot names a value on one connection: `<kind><sign><n>`, kind `o`
 * (object), `p` (promise), `q` (question) or `t` (trap handler); sign `+`
 * for the namer's own export, `-` for its import.
 */
export type CapTPSlot = string;

/** A CapTP message: a plain JSON-able record with a `type`. */
export type CapTPMessage = Record<string, any>;

/** Sends a message to the other end; may return a promise (a rejection aborts). */
export type RawSend = (message: CapTPMessage) => void | PromiseLike<void>;

/** The options of makeCapTP (those of @endo/captp this slice implements). */
export type CapTPOptions = {
  /** Told of every local rejection CapTP cannot hand to anyone (default: console.error). */
  onReject?: (reason: unknown) => void;
  /** Tag written into every message (default 0). */
  epoch?: number;
  /** Called with each value when it is first exported. */
  exportHook?: (value: unknown, slot: CapTPSlot) => void;
  /** Called with each value when it is first imported. */
  importHook?: (value: unknown, slot: CapTPSlot) => void;
  /**
   * Hold imports weakly, and send CTP_DROP when one is garbage-collected
   * (default false: imports live as long as the connection).
   */
  gcImports?: boolean;
  /** Serve Trap calls to makeTrapHandler objects (this end is the host). */
  trapHost?: TrapHost;
  /** Make Trap available (this end is the guest). Not together with trapHost. */
  trapGuest?: TrapGuest;
  /**
   * Supplies the connection's import and export tables and how slots and
   * imported values are made (default: the connection's own tables).
   */
  makeCapTPImportExportTables?: (options: MakeCapTPImportExportTablesOptions) => CapTPImportExportTables;
  /**
   * endo only: how much the peer can make this end hold or do (see
   * quotas.ts for each, its default and why). Going over one aborts the
   * connection with a RangeError naming the quota and this option.
   */
  quotas?: Partial<CapTPQuotas>;
};

/** What makeCapTPImportExportTables is given, once, when the connection is made. */
export type MakeCapTPImportExportTablesOptions = {
  /** The connection's gcImports option (false unless given). */
  gcImports: boolean;
  /**
   * Tells the peer (CTP_DROP, with the count of messages that carried the
   * slot) that this import is gone here; for tables that let imports go.
   */
  releaseSlot: (slot: CapTPSlot) => void;
  /** The connection's makeRemoteKit: a handled promise whose eventual sends go to `slot`. */
  makeRemoteKit: (slot: CapTPSlot) => RemoteKit<any>;
};

/**
 * Import and export tables supplied through makeCapTPImportExportTables.
 * Slots are in this end's view: `+` ours, `-` the peer's. Every question
 * this end asks is marked as imported under its `q-<n>`.
 */
export type CapTPImportExportTables = {
  /** The slot for a value about to be exported for the first time (not a trap handler): `p+…` for a promise, else `o+…`. */
  makeSlotForValue: (value: any) => CapTPSlot;
  /** The value standing for an import seen for the first time, and its settler (used for `p-…` slots). */
  makeValueForSlot: (slot: CapTPSlot, iface: string | undefined) => { val: any; settler: Settler<any> };
  hasImport: (slot: CapTPSlot) => boolean;
  getImport: (slot: CapTPSlot) => any;
  markAsImported: (slot: CapTPSlot, value: any) => void;
  hasExport: (slot: CapTPSlot) => boolean;
  getExport: (slot: CapTPSlot) => any;
  markAsExported: (slot: CapTPSlot, value: any) => void;
  /** The peer dropped its last reference to this export. */
  deleteExport: (slot: CapTPSlot) => void;
  /** The connection has ended (called once). */
  didDisconnect: () => void;
};

/** [isRejected, the serialized fulfilment or rejection reason] of a Trap call. */
export type TrapCompletion = [boolean, CapData<CapTPSlot>];

/** The three operations behind Trap(x) and Trap.get(x). */
export type TrapImpl = {
  applyFunction: (target: any, args: unknown[]) => any;
  applyMethod: (target: any, prop: PropertyKey, args: unknown[]) => any;
  get: (target: any, prop: PropertyKey) => any;
};

/** What a TrapGuest is asked to do. */
export type TrapRequest = {
  trapMethod: keyof TrapImpl;
  /** The target's slot, in the guest's view (`t-N`). */
  slot: CapTPSlot;
  trapArgs: unknown[];
  /** Sends the trap call; returns the observer that drives the host's iterator. */
  startTrap: () => Required<Iterator<void, void, any>>;
};

/** Gets, synchronously and out of band, the completion of a Trap call. */
export type TrapGuest = (request: TrapRequest) => TrapCompletion;

/** Starts sending a Trap call's completion; an iterator is driven by the guest's CTP_TRAP_ITERATE. */
export type TrapHost = (completion: TrapCompletion) => AsyncIterator<void, void, any> | undefined | void;

/** Trap(x).method(...args) and Trap(x)(...args) return synchronously; Trap.get(x).prop too. */
export type Trap = {
  <T>(x: T): any;
  get: <T>(x: T) => any;
};

/** Counts of messages by type, sent and received. */
export type CapTPStats = {
  send: Record<string, number>;
  recv: Record<string, number>;
  gc: { DROPPED: number };
};

/** One end of a CapTP connection. */
export type CapTP = {
  /** Ends the connection: tells the other end and rejects what is pending. */
  abort: (reason?: unknown) => void;
  /** Hands a received message to this end; true if it was acted upon. Never throws. */
  dispatch: (message: unknown) => boolean;
  /** A promise for the other end's bootstrap object. */
  getBootstrap: () => Promise<any>;
  getStats: () => CapTPStats;
  /** True if the passable refers to no imported (remote) object or promise. */
  isOnlyLocal: (specimen: unknown) => boolean;
  serialize: (value: unknown) => CapData<CapTPSlot>;
  unserialize: (data: CapData<CapTPSlot>) => any;
  /** A handled promise that sends its eventual messages to `target` (a slot in our view). */
  makeRemoteKit: (target: CapTPSlot) => RemoteKit<any>;
  /** Far(name, obj), marked so that the peer may call it with Trap. */
  makeTrapHandler: <T extends object>(name: string, obj: T) => T;
  /** Present only with the trapGuest option. */
  Trap: Trap | undefined;
  /**
   * Not in the original: how many entries each table holds now, to watch
   * reference counting at work (imports may include collectable ones).
   * With makeCapTPImportExportTables, exports and imports are NaN: those
   * tables are the application's to count.
   */
  getTableSizes: () => { exports: number; imports: number; answers: number };
};
