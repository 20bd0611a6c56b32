// Loading a module graph: the module a specifier denotes and, transitively,
// every module it imports, each found through its compartment's module map
// and hooks (descriptors.ts), without linking or running anything.
// Asynchronously for import() and load(): every module's dependencies are
// requested as soon as its source is known, and a load in flight is shared
// by whoever needs it. Synchronously for importNow(), breadth first.
//
// Every failure of one graph load is collected, and the load then fails
// once with a TypeError listing each (which module, in which compartment,
// imported by which module, and why), in the original's format:
//   Failed to load module "x" in package "c" (2 underlying failures: ...)
// With the compartment option noAggregateLoadErrors, the first failure is
// thrown as it is instead.

import { details, quote } from '../errors/details.js';
import { makeError } from '../errors/make-error.js';
import { note } from '../errors/notes.js';
import { compartmentModulesOf, type CompartmentModules } from './compartment-modules.js';
import { locateModule, type LoadMode, type LocateSteps } from './descriptors.js';
import { makePromiseCapability, type ModuleInstance, type PromiseCapability } from './module-instance.js';

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** One module of the chain of aliases being followed (to refuse an alias cycle). */
interface ChainLink {
  readonly state: CompartmentModules;
  readonly specifier: string;
}

interface LoadFailure {
  readonly error: unknown;
  readonly specifier: string;
  readonly compartmentName: string;
  readonly referrer: string | undefined;
}

const messageOf = (error: unknown): string => {
  try {
    if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
      const { message } = error as { message?: unknown };
      if (typeof message === 'string') return message;
    }
    return String(error);
  } catch {
    return '(an unprintable value)';
  }
};

class GraphLoad {
  readonly mode: LoadMode;
  readonly noAggregate: boolean;
  readonly failures: LoadFailure[] = [];
  readonly failedModules = new Map<CompartmentModules, Set<string>>();
  readonly visited = new Set<ModuleInstance>();
  // Asynchronous loads: jobs not yet settled, and what settles when none are left.
  outstanding = 0;
  readonly drained: PromiseCapability = makePromiseCapability();
  // Synchronous loads: the jobs to run, in order.
  readonly queue: [CompartmentModules, string, string | undefined][] = [];

  constructor(mode: LoadMode, noAggregate: boolean) {
    this.mode = mode;
    this.noAggregate = noAggregate;
  }

  /** Requests one module of the graph (and, once found, its dependencies). */
  enqueue(state: CompartmentModules, specifier: string, referrer: string | undefined): void {
    if (this.mode === 'sync') {
      this.queue.push([state, specifier, referrer]);
      return;
    }
    this.outstanding += 1;
    this.loadAndVisitAsync(state, specifier, []).then(
      () => this.settle(),
      error => {
        this.fail(error, state, specifier, referrer);
        this.settle();
      },
    );
  }

  settle(): void {
    this.outstanding -= 1;
    if (this.outstanding === 0) this.drained.resolve();
  }

  fail(error: unknown, state: CompartmentModules, specifier: string, referrer: string | undefined): void {
    let failed = this.failedModules.get(state);
    if (failed === undefined) this.failedModules.set(state, (failed = new Set()));
    if (failed.has(specifier)) return;
    failed.add(specifier);
    const compartmentName = state.fields.name;
    if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
      try {
        note(error as Error, details`${messageOf(error)}, loading ${quote(specifier)} in compartment ${quote(compartmentName)}`);
      } catch {
        // A frozen or exotic thrown value: the failure is still listed.
      }
    }
    this.failures.push({ error, specifier, compartmentName, referrer });
    if (this.noAggregate) {
      if (this.mode === 'sync') throw error;
      this.drained.reject(error);
    }
  }

  /** Queues the dependencies of a module the first time the graph reaches it. */
  visit(instance: ModuleInstance): void {
    if (this.visited.has(instance)) return;
    this.visited.add(instance);
    // A linked module's whole graph is loaded already.
    if (instance.status !== 'unlinked') return;
    const state = compartmentModulesOf(instance.compartment);
    for (const importSpecifier of instance.source.imports) {
      this.enqueue(state, instance.resolvedImports[importSpecifier], instance.specifier);
    }
  }

  async loadAndVisitAsync(state: CompartmentModules, specifier: string, chain: readonly ChainLink[]): Promise<ModuleInstance> {
    const instance = await this.loadAsync(state, specifier, chain);
    this.visit(instance);
    return instance;
  }

  loadAndVisitSync(state: CompartmentModules, specifier: string, chain: readonly ChainLink[]): ModuleInstance {
    const instance = this.loadSync(state, specifier, chain);
    this.visit(instance);
    return instance;
  }

  refuseAliasCycle(state: CompartmentModules, specifier: string, chain: readonly ChainLink[]): void {
    if (chain.some(link => link.state === state && link.specifier === specifier)) {
      const path = [...chain, { state, specifier }].map(link => `${quoted(link.specifier)} in ${quoted(link.state.fields.name)}`);
      throw TypeError(`Module descriptors alias each other in a cycle: ${path.join(' -> ')}`);
    }
  }

  loadAsync(state: CompartmentModules, specifier: string, chain: readonly ChainLink[]): ModuleInstance | Promise<ModuleInstance> {
    const mapped = state.mapping.get(specifier);
    if (mapped !== undefined) return mapped;
    this.refuseAliasCycle(state, specifier, chain);
    let pending = state.pending.get(specifier);
    if (pending === undefined) {
      pending = this.runAsync(locateModule(state, specifier, 'async'), [...chain, { state, specifier }]);
      state.pending.set(specifier, pending);
      const forget = () => {
        if (state.pending.get(specifier) === pending) state.pending.delete(specifier);
      };
      pending.then(forget, forget);
    }
    return pending;
  }

  loadSync(state: CompartmentModules, specifier: string, chain: readonly ChainLink[]): ModuleInstance {
    const mapped = state.mapping.get(specifier);
    if (mapped !== undefined) return mapped;
    this.refuseAliasCycle(state, specifier, chain);
    if (state.pending.has(specifier)) {
      throw TypeError(
        `Module ${quoted(specifier)} of compartment ${quoted(state.fields.name)} is being loaded asynchronously; importNow cannot wait for it`,
      );
    }
    return this.runSync(locateModule(state, specifier, 'sync'), [...chain, { state, specifier }]);
  }

  async runAsync(steps: LocateSteps, chain: readonly ChainLink[]): Promise<ModuleInstance> {
    let result = steps.next();
    while (!result.done) {
      const step = result.value;
      let value: unknown;
      try {
        value =
          step.kind === 'await'
            ? await step.value
            : await this.loadAndVisitAsync(compartmentModulesOf(step.compartment), step.specifier, chain);
      } catch (error) {
        result = steps.throw(error);
        continue;
      }
      result = steps.next(value);
    }
    return result.value;
  }

  runSync(steps: LocateSteps, chain: readonly ChainLink[]): ModuleInstance {
    let result = steps.next();
    while (!result.done) {
      const step = result.value;
      let value: unknown;
      try {
        if (step.kind === 'await') throw TypeError('Internal: a synchronous load cannot await');
        value = this.loadAndVisitSync(compartmentModulesOf(step.compartment), step.specifier, chain);
      } catch (error) {
        result = steps.throw(error);
        continue;
      }
      result = steps.next(value);
    }
    return result.value;
  }

  drainSync(): void {
    while (this.queue.length > 0) {
      const [state, specifier, referrer] = this.queue.shift()!;
      try {
        this.loadAndVisitSync(state, specifier, []);
      } catch (error) {
        this.fail(error, state, specifier, referrer);
      }
    }
  }

  /** Throws the one error that reports every failure, if any. */
  throwFailures(rootSpecifier: string, rootCompartmentName: string): void {
    if (this.failures.length === 0) return;
    const listed = this.failures.map(
      ({ error, specifier, compartmentName, referrer }) =>
        `${messageOf(error)}, loading ${quoted(specifier)} in compartment ${quoted(compartmentName)}${
          referrer === undefined ? '' : `, imported by ${quoted(referrer)}`
        }`,
    );
    throw makeError(
      `Failed to load module ${quoted(rootSpecifier)} in package ${quoted(rootCompartmentName)} (${this.failures.length} underlying failures: ${listed.join(', ')})`,
      TypeError,
      { errors: this.failures.map(failure => failure.error as Error) },
    );
  }
}

/** Loads the graph of `specifier` in `compartment` (import, load, dynamic import). */
export const loadModuleGraph = async (compartment: object, specifier: string): Promise<void> => {
  const state = compartmentModulesOf(compartment);
  const graph = new GraphLoad('async', state.fields.moduleOptions.noAggregateLoadErrors);
  graph.enqueue(state, specifier, undefined);
  await graph.drained.promise;
  graph.throwFailures(specifier, state.fields.name);
};

/** Loads the graph of `specifier` in `compartment` synchronously, with importNowHook (importNow). */
export const loadModuleGraphNow = (compartment: object, specifier: string): void => {
  const state = compartmentModulesOf(compartment);
  const graph = new GraphLoad('sync', state.fields.moduleOptions.noAggregateLoadErrors);
  graph.enqueue(state, specifier, undefined);
  graph.drainSync();
  graph.throwFailures(specifier, state.fields.name);
};
