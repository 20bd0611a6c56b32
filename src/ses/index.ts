// endo/ses: importing it installs lockdown, repairIntrinsics,
// hardenIntrinsics, Compartment and assert on globalThis (harden too, once
// the intrinsics are hardened), like the `ses` package, and exports them.

import { defineProperty, globalThisRef } from './commons.js';
import { makeLockdownKit } from './lockdown.js';
import type { Harden } from './make-hardener.js';
import type { LockdownOptions } from './lockdown-options.js';
import { fullAssert, setRedaction } from './errors/internal.js';

export type { Harden } from './make-hardener.js';
export type { LockdownOptions } from './lockdown-options.js';

// Until lockdown says otherwise, errors are not redacted.
setRedaction(false);

const kit = makeLockdownKit({
  onHardened(realHarden) {
    harden = realHarden;
  },
});

/** Throws until the intrinsics are hardened; then it is the real harden (live binding). */
export let harden: Harden = kit.hardenBeforeLockdown;
export const lockdown: (options?: LockdownOptions) => void = kit.lockdown;
export const repairIntrinsics: (options?: LockdownOptions) => void = kit.repairIntrinsics;
export const hardenIntrinsics: () => Harden = kit.hardenIntrinsics;
export const Compartment = kit.Compartment as unknown as CompartmentConstructor;
export const assert = fullAssert;

for (const [name, value] of Object.entries({ lockdown, repairIntrinsics, hardenIntrinsics, Compartment, assert })) {
  defineProperty(globalThisRef, name, { value, writable: true, enumerable: false, configurable: true });
}

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
