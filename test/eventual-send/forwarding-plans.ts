// Random plans of eventual sends to pending handled promises that are
// resolved to other pending promises, and an interpreter that runs a plan
// and logs what was delivered where, in order, and how each send's result
// settled. The same compiled module runs under the original
// @endo/eventual-send (in a child process) and under ours, so it imports
// nothing at run time.

export interface EventualSendApi {
  E: any;
  HandledPromise: any;
}

/** A kit (a pending handled promise made by the plan), a send's result, or an object. */
export type Ref = { kit: number } | { result: number } | { object: number };

/** What the method `m` answers: a string, the object itself, or a kit's promise. */
export type Answer = { value: true } | { self: true } | { kit: number };

export type Step =
  | { send: 'method' | 'get' | 'sendOnly'; target: Ref; answer: Answer; sameTurn: boolean }
  | { resolve: number; to: Ref; sameTurn: boolean }
  | { reject: number; sameTurn: boolean };

export interface Plan {
  kits: number;
  objects: number;
  steps: Step[];
  /** The order in which kits still pending at the end are resolved, each to an object. */
  finalOrder: number[];
}

/** A macrotask: every microtask of the step before has run by then. */
const quiesce = () => new Promise(resolve => setTimeout(resolve, 0));

const describe = (value: unknown): string => {
  if (typeof value === 'object' && value !== null) return `object ${(value as { name?: string }).name}`;
  return `${typeof value} ${String(value)}`;
};

/**
 * Runs one plan. Each delivery logs `deliver O<object> <label>`, where the
 * label is the send's index in the plan; the outcomes of the sends follow,
 * by label.
 */
export const runPlan = async ({ E, HandledPromise }: EventualSendApi, plan: Plan): Promise<string[]> => {
  const log: string[] = [];
  const kits: { promise: Promise<unknown>; resolve: (value: unknown) => void; reject: (reason: unknown) => void }[] = [];
  for (let i = 0; i < plan.kits; i += 1) {
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const promise = new HandledPromise((res: any, rej: any) => {
      resolve = res;
      reject = rej;
    });
    // Rejected kits are looked at by the sends' results, not here.
    promise.catch(() => {});
    kits.push({ promise, resolve, reject });
  }
  const objects: object[] = [];
  for (let i = 0; i < plan.objects; i += 1) {
    const object: Record<string, unknown> = {
      name: `O${i}`,
      m(label: number, answer: Answer) {
        log.push(`deliver O${i} m #${label}`);
        if ('value' in answer) return `O${i}#${label}`;
        if ('self' in answer) return object;
        return kits[answer.kit].promise;
      },
    };
    Object.defineProperty(object, 'x', {
      get() {
        log.push(`deliver O${i} get x`);
        return object;
      },
    });
    objects.push(object);
  }
  const results: (Promise<unknown> | undefined)[] = [];
  const outcomes: string[] = [];
  const settled: boolean[] = [];
  const refOf = (ref: Ref): unknown => {
    if ('kit' in ref) return kits[ref.kit].promise;
    if ('result' in ref) return results[ref.result];
    return objects[ref.object];
  };

  for (let index = 0; index < plan.steps.length; index += 1) {
    const step = plan.steps[index];
    if (!step.sameTurn) await quiesce();
    if ('send' in step) {
      const target = refOf(step.target);
      let result: Promise<unknown> | undefined;
      if (step.send === 'method') result = E(target).m(index, step.answer);
      else if (step.send === 'get') result = E.get(target).x;
      else E.sendOnly(target).m(index, step.answer);
      results[index] = result;
      if (result !== undefined) {
        outcomes[index] = 'pending';
        result.then(
          value => {
            outcomes[index] = `fulfilled ${describe(value)}`;
          },
          error => {
            outcomes[index] = `rejected ${error?.message}`;
          },
        );
      }
    } else if ('resolve' in step) {
      if (!settled[step.resolve]) kits[step.resolve].resolve(refOf(step.to));
      settled[step.resolve] = true;
    } else {
      if (!settled[step.reject]) kits[step.reject].reject(Error(`kit ${step.reject} rejected`));
      settled[step.reject] = true;
    }
  }
  await quiesce();
  log.push('final resolutions');
  for (const kit of plan.finalOrder) {
    if (!settled[kit]) kits[kit].resolve(objects[kit % plan.objects]);
    settled[kit] = true;
    await quiesce();
  }
  await quiesce();
  for (let index = 0; index < outcomes.length; index += 1) {
    if (outcomes[index] !== undefined) log.push(`#${index} ${outcomes[index]}`);
  }
  return log;
};

/** Runs plans one after another: their logs, in order. */
export const runPlans = async (api: EventualSendApi, plans: Plan[]): Promise<string[][]> => {
  const logs: string[][] = [];
  for (const plan of plans) logs.push(await runPlan(api, plan));
  return logs;
};
