// endo/ses: importing it installs lockdown, repairIntrinsics,
// hardenIntrinsics, Compartment and assert on globalThis (harden too, from
// repairIntrinsics() on), like the `ses` package, and exports them. Each
// side entry (lockdown-shim.js, ...) installs its part alone.

import './lockdown-shim.js';
import './compartment-shim.js';
import './assert-shim.js';
import './console-shim.js';
import { realmKit } from './realm-kit.js';
import type { Harden } from './make-hardener.js';
import type { LockdownOptions } from './lockdown-options.js';
import { fullAssert } from './errors/internal.js';

export type { Harden } from './make-hardener.js';
export type { LockdownOptions } from './lockdown-options.js';

export { harden } from './realm-kit.js';
export const lockdown: (options?: LockdownOptions) => void = realmKit.lockdown;
export const repairIntrinsics: (options?: LockdownOptions) => void = realmKit.repairIntrinsics;
export const hardenIntrinsics: () => Harden = realmKit.hardenIntrinsics;
export const Compartment = realmKit.Compartment as unknown as CompartmentConstructor;
export const assert = fullAssert;

export interface CompartmentOptions {
  name?: string;
  globals?: object;
  transforms?: ((source: string) => string)[];
  __shimTransforms__?: ((source: string) => string)[];
  modules?: Record<string, unknown>;
  resolveHook?: (importSpecifier: string, referrerSpecifier: string) => string;
  importHook?: (specifier: string) => Promise<unknown>;
  importNowHook?: (specifier: string) => unknown;
  moduleMapHook?: (specifier: string) => unknown;
  importMetaHook?: (specifier: string, importMeta: object) => void;
  __noNamespaceBox__?: boolean;
  noAggregateLoadErrors?: boolean;
  __options__?: true;
}

export interface EvaluateOptions {
  transforms?: ((source: string) => string)[];
  sloppyGlobalsMode?: boolean;
  __moduleShimLexicals__?: object;
  __evadeHtmlCommentTest__?: boolean;
  __evadeImportExpressionTest__?: boolean;
  __rejectSomeDirectEvalExpressions__?: boolean;
}

export interface Compartment {
  readonly globalThis: Record<PropertyKey, any>;
  readonly name: string;
  readonly __noNamespaceBox__: boolean;
  evaluate(source: string, options?: EvaluateOptions): any;
  import(specifier: string): Promise<any>;
  importNow(specifier: string): any;
  load(specifier: string): Promise<void>;
  module(specifier: string): object;
}

export interface CompartmentConstructor {
  new (options?: CompartmentOptions & { __options__: true }): Compartment;
  new (globals?: object, modules?: Record<string, unknown>, options?: CompartmentOptions): Compartment;
  readonly prototype: Compartment;
}
