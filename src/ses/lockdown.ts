// lockdown() = repairIntrinsics() + hardenIntrinsics(), and the start
// compartment's Compartment constructor, which works before lockdown too.
//
// repairIntrinsics collects the intrinsics, tames the dangerous ones
// (producing powerless shared versions for compartments), removes every
// property the permits table does not know, and sets up the start
// compartment's globals. hardenIntrinsics then enables the override-mistake
// fix and freezes everything shared. The split lets vetted shims run in
// between, as with the original.

import { defineProperty, FERAL_FUNCTION, freeze, globalThisRef, hostEnvironment, objectHasOwn } from './commons.js';
import { CompartmentPrototype, makeCompartmentConstructor, type CompartmentEnvironment } from './compartment.js';
import { makeGlobalTemplate, type GlobalTemplate } from './global-object.js';
import { tameIntegrityPredicatesForFakeHarden } from './tame-harden.js';
import { makeFakeHardener, makeHardenerKit, type Harden } from './make-hardener.js';
import { resolveLockdownOptions, type LockdownOptions, type ResolvedLockdownOptions } from './lockdown-options.js';
import { chooseReporter, removalReport } from './reporter.js';
import { tameStartEvaluators } from './tame-start-evaluators.js';
import { makeIntrinsicsCollector, type Intrinsics } from './intrinsics.js';
import {
  constantProperties,
  initialGlobalPropertyNames,
  permitted,
  sharedGlobalPropertyNames,
  universalPropertyNames,
} from './permits.js';
import { removeUnpermittedIntrinsics } from './remove-unpermitted.js';
import { tameFunctionToString } from './tame-function-tostring.js';
import { tameFunctionConstructors } from './tame-function-constructors.js';
import { tameDateConstructor } from './tame-date.js';
import { tameMathObject } from './tame-math.js';
import { tameRegExpConstructor } from './tame-regexp.js';
import { tameSymbolConstructor } from './tame-symbol.js';
import { tameLocaleMethods } from './tame-locale-methods.js';
import { tameFloatNaNSideChannel } from './tame-nan-side-channel.js';
import { tameDomains } from './tame-domains.js';
import { tameRegeneratorRuntime } from './tame-regenerator-runtime.js';
import { tameErrorConstructor } from './tame-error-constructor.js';
import { enablePropertyOverrides } from './enable-property-overrides.js';
import { setBetweenRepairAndHarden } from './lockdown-phase.js';
import { directEvalUnavailableError, probeHostEvaluators } from './probe-host-evaluators.js';
import { tameConsole } from './console/tame-console.js';
import { fullAssert, makeAssert, setRedaction } from './errors/internal.js';

export interface LockdownHooks {
  /** Called with the real harden once the intrinsics are hardened. */
  onHardened?(harden: Harden): void;
}

export interface LockdownKit {
  lockdown(options?: LockdownOptions): void;
  repairIntrinsics(options?: LockdownOptions): void;
  hardenIntrinsics(): Harden;
  /** The start compartment's Compartment constructor. */
  Compartment: Function;
  /** A harden that throws: the one to use until the intrinsics are hardened. */
  hardenBeforeLockdown: Harden;
}

const alreadyLockedDown = (what: string) =>
  TypeError(`${what}: already locked down; lockdown can happen only once per realm (SES_ALREADY_LOCKED_DOWN)`);

/** The host's environment variables, when there are any. */
/**
 * Before lockdown, compartments share the host's own (unhardened)
 * intrinsics: the same global names, taken from the start compartment.
 */
const makeHostGlobalTemplate = (): GlobalTemplate => {
  const hostValues: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  for (const table of [universalPropertyNames, sharedGlobalPropertyNames]) {
    for (const name of Object.keys(table)) {
      if (objectHasOwn(globalThisRef, name)) {
        hostValues[name] = (globalThisRef as any)[name];
        names[name] = name;
      }
    }
  }
  return makeGlobalTemplate(hostValues, { constants: constantProperties, universal: names, perKind: {} });
};

/** The harden handed out before lockdown: hardening then would freeze unrepaired intrinsics. */
const hardenBeforeLockdown: Harden = freeze(<T>(_value: T): T => {
  throw TypeError('harden() is available only after lockdown() (or hardenIntrinsics()): call lockdown() first');
}) as Harden;

export const makeLockdownKit = ({ onHardened }: LockdownHooks = {}): LockdownKit => {
  let phase: 'fresh' | 'repaired' | 'hardened' = 'fresh';
  let intrinsics: Intrinsics | undefined;
  let options: ResolvedLockdownOptions | undefined;
  let markNative: (fn: Function) => void = () => {};
  let harden: Harden = hardenBeforeLockdown;
  // The same memory as `harden`, for the intrinsics (see make-hardener.ts).
  let hardenShared: Harden = hardenBeforeLockdown;
  let overridesEnabled = false;

  // The property overrides go in before anything freezes a shared
  // prototype (else `x.toString = f` would fail for every object): at
  // hardenIntrinsics(), or at the first harden before it. ses's harden,
  // on offer from repairIntrinsics() on as ours, freezes first.
  const enableOverridesOnce = (): void => {
    if (overridesEnabled) return;
    overridesEnabled = true;
    const { overrideTaming, overrideDebug, reporting } = options!;
    const reporter = chooseReporter(reporting);
    enablePropertyOverrides(intrinsics!, overrideTaming, overrideDebug, message => reporter.warn(message));
  };

  let globalTemplate: GlobalTemplate | undefined;
  const environment: CompartmentEnvironment = {
    getGlobalTemplate() {
      globalTemplate ??= makeHostGlobalTemplate();
      return globalTemplate;
    },
    markNative: fn => markNative(fn),
  };
  const StartCompartment = makeCompartmentConstructor(environment);

  const repairIntrinsics = (rawOptions?: LockdownOptions): void => {
    if (phase !== 'fresh') throw alreadyLockedDown('repairIntrinsics()');
    // Warnings about the options wait for the reporting option (or its
    // environment variable) to say where they go.
    const optionWarnings: string[] = [];
    const resolved = resolveLockdownOptions(rawOptions, hostEnvironment(), message => optionWarnings.push(message));
    const reporter = chooseReporter(resolved.reporting);
    for (const message of optionWarnings) reporter.warn(message);
    if (resolved.evalTaming === 'safe-eval') {
      const { functionAllowed, evalAllowed, directEvalAllowed } = probeHostEvaluators();
      if (directEvalAllowed === false && (functionAllowed || evalAllowed)) throw directEvalUnavailableError();
    }
    options = resolved;
    phase = 'repaired';

    tameDomains(resolved.domainTaming);
    markNative = tameFunctionToString();

    // A harden the host put on globalThis before lockdown (an engine's
    // native one) is adopted, as ses adopts it; under 'unsafe' taming only
    // if it says it is fake too.
    const hostHarden = (globalThisRef as { harden?: unknown }).harden as (Harden & { isFake?: boolean }) | undefined;
    const adoptHostHarden = typeof hostHarden === 'function' && (resolved.__hardenTaming__ !== 'unsafe' || hostHarden.isFake === true);
    if (adoptHostHarden) {
      harden = hostHarden!;
      hardenShared = hostHarden!;
      if (resolved.__hardenTaming__ === 'unsafe') tameIntegrityPredicatesForFakeHarden(markNative);
    } else if (resolved.__hardenTaming__ === 'unsafe') {
      harden = freeze(makeFakeHardener());
      hardenShared = harden;
      tameIntegrityPredicatesForFakeHarden(markNative);
    } else {
      const kit = makeHardenerKit(enableOverridesOnce);
      harden = freeze(kit.harden);
      hardenShared = kit.hardenShared;
    }

    // A host harden not adopted gives way to ours before the intrinsics are collected.
    if (typeof hostHarden === 'function' && !adoptHostHarden) {
      defineProperty(globalThisRef, 'harden', { value: harden, writable: true, enumerable: false, configurable: true });
    }

    // The intrinsics, with the tamed versions added under their own names.
    const { addIntrinsics, finalIntrinsics } = makeIntrinsicsCollector(globalThisRef);
    addIntrinsics({
      harden,
      Compartment: StartCompartment,
      '%InertCompartment%': (CompartmentPrototype as { constructor: unknown }).constructor,
    });
    addIntrinsics(tameFunctionConstructors());
    addIntrinsics(tameDateConstructor());
    addIntrinsics(tameErrorConstructor(resolved.errorTaming, resolved.stackFiltering));
    addIntrinsics(tameMathObject());
    tameFloatNaNSideChannel();
    addIntrinsics(tameRegExpConstructor(resolved.regExpTaming));
    addIntrinsics(tameSymbolConstructor());
    const collected = finalIntrinsics();
    intrinsics = collected;

    installHardenSymbol(collected);

    // The start compartment's console prints what redaction hides.
    setRedaction(resolved.errorTaming === 'safe');
    const getStackString =
      resolved.errorTaming === 'safe' ? (collected['%InitialGetStackString%'] as (error: Error) => string) : undefined;
    tameConsole(resolved.consoleTaming, resolved.errorTrapping, resolved.unhandledRejectionTrapping, getStackString);
    if (resolved.errorTaming === 'safe') {
      defineProperty(globalThisRef, 'assert', { value: makeAssert(), writable: true, enumerable: false, configurable: true });
    }

    tameLocaleMethods(collected, resolved.localeTaming);

    const tolerated: string[] = [];
    const removed = removeUnpermittedIntrinsics(collected, permitted, markNative, tolerated);
    if (removed.length > 0) reporter.warn(removalReport(removed, tolerated));

    // The start compartment keeps the working Date, Math, ... and gets the
    // tamed evaluators; compartments get the shared, powerless versions.
    for (const [name, intrinsicName] of Object.entries(initialGlobalPropertyNames)) {
      if (intrinsicName in collected) {
        defineProperty(globalThisRef, name, {
          value: collected[intrinsicName],
          writable: true,
          enumerable: false,
          configurable: true,
        });
      }
    }
    tameStartEvaluators(resolved.evalTaming, markNative);
    // As in ses, harden is on offer from here on (see enableOverridesOnce).
    defineProperty(globalThisRef, 'harden', { value: harden, writable: true, enumerable: false, configurable: true });
    setBetweenRepairAndHarden(true);
    globalTemplate = makeGlobalTemplate(collected, {
      constants: constantProperties,
      universal: universalPropertyNames,
      perKind: sharedGlobalPropertyNames,
    });
  };

  const hardenIntrinsics = (): Harden => {
    if (phase === 'fresh') {
      throw TypeError('hardenIntrinsics() called before repairIntrinsics(): call repairIntrinsics(options) first, or lockdown(options)');
    }
    if (phase !== 'repaired') throw alreadyLockedDown('hardenIntrinsics()');
    const resolved = options!;
    enableOverridesOnce();
    if (resolved.legacyRegeneratorRuntimeTaming === 'unsafe-ignore') tameRegeneratorRuntime(intrinsics!);

    phase = 'hardened';
    setBetweenRepairAndHarden(false);
    const globals: Record<string, unknown> = {
      Function: (globalThisRef as any).Function,
      eval: (globalThisRef as any).eval,
      Compartment: (globalThisRef as any).Compartment,
      Symbol: (globalThisRef as any).Symbol,
    };
    for (const name of Object.keys(initialGlobalPropertyNames)) globals[name] = (globalThisRef as any)[name];
    hardenShared({ intrinsics, globals });
    defineProperty(globalThisRef, 'harden', { value: harden, writable: true, enumerable: false, configurable: true });
    onHardened?.(harden);
    return harden;
  };

  const installHardenSymbol = (collected: Intrinsics): void => {
    const symbol = Symbol.for('harden');
    const ObjectIntrinsic = collected.Object as Record<symbol, unknown>;
    if (ObjectIntrinsic[symbol] !== undefined) {
      throw TypeError(
        'Cannot lockdown (repairIntrinsics): a harden was installed before lockdown (Object[Symbol.for("harden")]); load endo/ses before any library that hardens',
      );
    }
    defineProperty(ObjectIntrinsic, symbol, { value: harden, writable: false, enumerable: false, configurable: false });
  };

  // Method syntax: a function named `lockdown` with no `.prototype`, which
  // the permits would otherwise remove (with a warning) during lockdown.
  const { lockdown: lockdownFunction } = {
    lockdown(rawOptions?: LockdownOptions): void {
      if (phase !== 'fresh') throw alreadyLockedDown('lockdown()');
      repairIntrinsics(rawOptions);
      hardenIntrinsics();
    },
  };

  return {
    lockdown: lockdownFunction,
    repairIntrinsics,
    hardenIntrinsics,
    Compartment: StartCompartment,
    hardenBeforeLockdown,
  };
};

/** The host's Function, for code that must build functions outside any compartment. */
export const hostFunction = FERAL_FUNCTION;
export { fullAssert };
