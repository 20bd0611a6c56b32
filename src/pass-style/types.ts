// The public types of endo/pass-style, named and shaped like those of
// @endo/pass-style, so code typed against the original type-checks unchanged.

import type { PASS_STYLE } from './pass-style-helpers.js';

/** Values passed by copy whose identity does not matter. */
export type Atom = undefined | null | boolean | number | bigint | string | ByteArray | symbol;
export type AtomStyle = 'undefined' | 'null' | 'boolean' | 'number' | 'bigint' | 'string' | 'byteArray' | 'symbol';
export type JSPrimitive = undefined | null | boolean | number | bigint | string | symbol;
export type Primitive = Atom;
export type PrimitiveStyle = AtomStyle;
export type ContainerStyle = 'copyRecord' | 'copyArray' | 'tagged';
export type PassStyle = AtomStyle | ContainerStyle | 'remotable' | 'error' | 'promise';
/** The styles an object declares with its `[PASS_STYLE]` property. */
export type PassStyleMarker = 'tagged' | 'remotable';

export type InterfaceSpec = string;

export type PassStyled<S extends PassStyleMarker, I extends InterfaceSpec> = {
  [PASS_STYLE]: S;
  [Symbol.toStringTag]: I;
};
export type ExtractStyle<P extends PassStyled<any, any>> = P[typeof PASS_STYLE];

export type RemotableObject<I extends InterfaceSpec = string> = PassStyled<'remotable', I>;
export type RemotableMethodName = PropertyKey;
export type PassableCap = Promise<any> | RemotableObject;

export type ByteArray = ArrayBuffer;
export type CopyArray<T extends Passable = any> = readonly T[];
export type CopyRecord<T extends Passable = any> = Record<string, T>;
export type CopyTagged<Tag extends string = string, Payload extends Passable = any> = PassStyled<'tagged', Tag> & {
  payload: Payload;
};

export type Passable<PC extends PassableCap = PassableCap, E extends Error = Error> =
  | void
  | Atom
  | Container<PC, E>
  | PC
  | E;
export type Container<PC extends PassableCap, E extends Error> =
  | CopyArrayInterface<PC, E>
  | CopyRecordInterface<PC, E>
  | CopyTaggedInterface<PC, E>;
export interface CopyArrayInterface<PC extends PassableCap, E extends Error> extends CopyArray<Passable<PC, E>> {}
export interface CopyRecordInterface<PC extends PassableCap, E extends Error> extends CopyRecord<Passable<PC, E>> {}
export interface CopyTaggedInterface<PC extends PassableCap, E extends Error>
  extends CopyTagged<string, Passable<PC, E>> {}

export type PassByCopy = Atom | Error | CopyArray | CopyRecord | CopyTagged;
export type PassByRef = RemotableObject | Promise<RemotableObject> | Promise<PassByCopy>;
/** Passable data with no capabilities and no errors. */
export type PureData = Passable<never, never>;

export type PassStyleOf = {
  (p: undefined): 'undefined';
  (p: string): 'string';
  (p: boolean): 'boolean';
  (p: number): 'number';
  (p: bigint): 'bigint';
  (p: symbol): 'symbol';
  (p: null): 'null';
  (p: Promise<any>): 'promise';
  (p: Error): 'error';
  (p: CopyTagged): 'tagged';
  (p: readonly any[]): 'copyArray';
  (p: Iterable<any>): 'remotable';
  (p: Iterator<any, any, undefined>): 'remotable';
  <T extends PassStyled<PassStyleMarker, any>>(p: T): ExtractStyle<T>;
  (p: { [key: string]: any }): 'copyRecord';
  (p: any): PassStyle;
};

/** The deprecated checker protocol: `check(cond, details)`, throwing or returning false. */
export type Checker = (cond: boolean, details?: unknown) => boolean;
