// Evaluating a linked module graph, as ECMA-262's Evaluate() does,
// top-level await included: InnerModuleEvaluation walks the graph depth
// first, running each module after its dependencies; a module with
// top-level await, or waiting on one, is marked for asynchronous
// evaluation in the order the walk reaches it, and runs when its last
// pending dependency completes (AsyncModuleExecutionFulfilled and
// GatherAvailableAncestors), so that the order in which module bodies run
// is the one Node (V8) gives. A module whose evaluation threw keeps the
// thrown value: every later import of it, or of a module that depends on
// it, rethrows that same value.
//
// Two departures, both for virtual module sources (which is how the
// original runs them, CommonJS-style): a virtual module's dependencies are
// not evaluated before it (its execute() imports them when it wants, with
// compartment.importNow), and such a nested evaluation may meet modules
// still 'evaluating' in the outer one: they count as done, as a CommonJS
// cycle sees a partly initialized module.

import { compartmentModulesOf } from './compartment-modules.js';
import { makeImportMeta } from './import-meta.js';
import { makePromiseCapability, type ModuleInstance } from './module-instance.js';

/** The order in which modules are marked for asynchronous evaluation, across the realm. */
let asyncEvaluationCount = 0;

/** The object a virtual module's execute() writes its exports to: one accessor per declared export. */
const makeExportsTarget = (module: ModuleInstance): object => {
  const values = module.virtualValues;
  const target: object = Object.create(null);
  for (const name of module.source.localExports) {
    Object.defineProperty(target, name, {
      get: () => values[name],
      set: (value: unknown) => {
        values[name] = value;
      },
      enumerable: true,
      configurable: false,
    });
  }
  return target;
};

/** Runs a module's body synchronously (a compiled module without top-level await, or a virtual one). */
const executeModuleSync = (module: ModuleInstance): void => {
  const { virtual } = module.source;
  if (virtual !== undefined) {
    module.exportsTarget ??= makeExportsTarget(module);
    const args: unknown[] = [module.exportsTarget, module.compartment, module.resolvedImports];
    if (virtual.takesImportMeta === true) args.push(makeImportMeta(module, compartmentModulesOf(module.compartment).fields));
    Reflect.apply(virtual.execute, virtual.object, args);
    return;
  }
  const body = module.body as Iterator<unknown>;
  module.body = undefined;
  body.next();
};

/** ExecuteAsyncModule: starts a module with top-level await; its completion continues the graph. */
const executeAsyncModule = (module: ModuleInstance): void => {
  const body = module.body as AsyncIterator<unknown>;
  module.body = undefined;
  body.next().then(
    () => asyncModuleExecutionFulfilled(module),
    error => asyncModuleExecutionRejected(module, error),
  );
};

const gatherAvailableAncestors = (module: ModuleInstance, execList: ModuleInstance[]): void => {
  for (const parent of module.asyncParentModules) {
    if (!execList.includes(parent) && parent.cycleRoot!.evaluationError === undefined) {
      parent.pendingAsyncDependencies -= 1;
      if (parent.pendingAsyncDependencies === 0) {
        execList.push(parent);
        if (!parent.source.hasTLA) gatherAvailableAncestors(parent, execList);
      }
    }
  }
};

const asyncModuleExecutionFulfilled = (module: ModuleInstance): void => {
  if (module.status === 'evaluated') return; // it failed already
  module.asyncEvaluation = false;
  module.status = 'evaluated';
  module.topLevelCapability?.resolve();
  const execList: ModuleInstance[] = [];
  gatherAvailableAncestors(module, execList);
  execList.sort((a, b) => a.asyncEvaluationOrder - b.asyncEvaluationOrder);
  for (const ready of execList) {
    if (ready.status === 'evaluated') continue; // failed meanwhile
    if (ready.source.hasTLA) {
      executeAsyncModule(ready);
      continue;
    }
    try {
      executeModuleSync(ready);
    } catch (error) {
      asyncModuleExecutionRejected(ready, error);
      continue;
    }
    ready.asyncEvaluation = false;
    ready.status = 'evaluated';
    ready.topLevelCapability?.resolve();
  }
};

const asyncModuleExecutionRejected = (module: ModuleInstance, error: unknown): void => {
  if (module.status === 'evaluated') return;
  module.evaluationError = { thrown: error };
  module.status = 'evaluated';
  module.asyncEvaluation = false;
  for (const parent of module.asyncParentModules) asyncModuleExecutionRejected(parent, error);
  module.topLevelCapability?.reject(error);
};

const innerModuleEvaluation = (module: ModuleInstance, stack: ModuleInstance[], index: number): number => {
  if (module.status === 'evaluating-async' || module.status === 'evaluated') {
    if (module.evaluationError !== undefined) throw module.evaluationError.thrown;
    return index;
  }
  if (module.status === 'evaluating') return index;
  if (module.status !== 'linked') throw TypeError(`Internal: module ${JSON.stringify(module.specifier)} is ${module.status}, not linked`);
  module.status = 'evaluating';
  module.evaluationStack = stack;
  module.dfsIndex = index;
  module.dfsAncestorIndex = index;
  module.pendingAsyncDependencies = 0;
  index += 1;
  stack.push(module);
  // A virtual module imports its dependencies itself, when it runs.
  const dependencies = module.source.kind === 'compiled' ? module.requested! : [];
  for (let required of dependencies) {
    index = innerModuleEvaluation(required, stack, index);
    if (required.status === 'evaluating') {
      // Being evaluated by an outer, re-entered evaluation: nothing to wait for.
      if (required.evaluationStack !== stack) continue;
      module.dfsAncestorIndex = Math.min(module.dfsAncestorIndex, required.dfsAncestorIndex);
    } else {
      required = required.cycleRoot ?? required;
      if (required.evaluationError !== undefined) throw required.evaluationError.thrown;
    }
    if (required.asyncEvaluation) {
      module.pendingAsyncDependencies += 1;
      required.asyncParentModules.push(module);
    }
  }
  if (module.pendingAsyncDependencies > 0 || module.source.hasTLA) {
    module.asyncEvaluation = true;
    asyncEvaluationCount += 1;
    module.asyncEvaluationOrder = asyncEvaluationCount;
    if (module.pendingAsyncDependencies === 0) executeAsyncModule(module);
  } else {
    executeModuleSync(module);
  }
  if (module.dfsAncestorIndex === module.dfsIndex) {
    let done = false;
    while (!done) {
      const member = stack.pop()!;
      member.status = member.asyncEvaluation ? 'evaluating-async' : 'evaluated';
      member.evaluationStack = undefined;
      member.cycleRoot = module;
      done = member === module;
    }
  }
  return index;
};

/**
 * Evaluate(): runs the graph of a linked module; the promise settles when
 * it and every module it waits for have run (rejected with what threw).
 */
export const evaluateModule = (root: ModuleInstance): Promise<void> => {
  // Re-entered from a virtual module's execute() while this module runs.
  if (root.status === 'evaluating') return Promise.resolve();
  let module = root;
  if (module.status === 'evaluating-async' || module.status === 'evaluated') module = module.cycleRoot ?? module;
  if (module.topLevelCapability !== undefined) return module.topLevelCapability.promise;
  const stack: ModuleInstance[] = [];
  const capability = makePromiseCapability();
  module.topLevelCapability = capability;
  try {
    innerModuleEvaluation(module, stack, 0);
  } catch (error) {
    for (const member of stack) {
      member.status = 'evaluated';
      member.evaluationStack = undefined;
      member.evaluationError = { thrown: error };
    }
    capability.reject(error);
    return capability.promise;
  }
  if (!module.asyncEvaluation) capability.resolve();
  return capability.promise;
};

/**
 * For importNow: the first module of the graph of `root` that would have to
 * wait (top-level await, or still evaluating asynchronously), if any.
 */
export const findAsynchronousModule = (root: ModuleInstance): ModuleInstance | undefined => {
  const seen = new Set<ModuleInstance>();
  const todo = [root];
  while (todo.length > 0) {
    const module = todo.pop()!;
    if (seen.has(module)) continue;
    seen.add(module);
    if (module.status === 'evaluating-async') return module;
    if (module.status !== 'linked') continue;
    if (module.source.hasTLA) return module;
    if (module.source.kind === 'compiled') todo.push(...module.requested!);
  }
  return undefined;
};
