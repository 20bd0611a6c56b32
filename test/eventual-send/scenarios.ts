// Scripted eventual-send scenarios for the differential test: each sends a
// series of messages and logs, in order, what was delivered where and how
// each returned promise settled. The same compiled module runs under the
// original @endo/eventual-send (in a child process, after @endo/init) and
// under ours; the logs must match entry for entry. This module imports
// nothing at run time, so the child can load it next to the original.
//
// Scenarios never log the arguments a handler's applyMethod receives for a
// function call: there ours deliberately differs (see handlers.test.ts).

export interface EventualSendApi {
  E: any;
  HandledPromise: any;
}

type Log = (...entry: unknown[]) => void;
type Scenario = (api: EventualSendApi, log: Log) => void | Promise<void>;

/** A settled outcome, as comparable text. */
const describeError = (error: any) => `${error?.name}: ${error?.message}`;

const describeValue = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'function';
  if (typeof value === 'object' && value !== null) {
    try {
      return `object ${JSON.stringify(value)}`;
    } catch {
      return 'object';
    }
  }
  return `${typeof value} ${String(value)}`;
};

/** Logs how `p` settles, under `label`. */
const watch = (log: Log, label: string, p: unknown) => {
  Promise.resolve(p).then(
    value => log('settled', label, describeValue(value)),
    error => log('rejected', label, describeError(error)),
  );
};

/** Several macrotask turns: every microtask chain of a scenario is done by then. */
const flush = () => new Promise(resolve => setTimeout(resolve, 30));
const later = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const makeRecorder = (log: Log, name: string) => {
  const methods: Record<string, (...args: unknown[]) => unknown> = {};
  for (const method of ['a', 'b', 'c', 'd', 'e']) {
    methods[method] = (...args: unknown[]) => {
      log('deliver', name, method, JSON.stringify(args));
      return `${name}.${method}`;
    };
  }
  return methods;
};

/** A handler that logs every operation it receives (but not function-call arguments). */
const makeLoggingHandler = (log: Log, name: string) => ({
  get(_target: unknown, prop: PropertyKey) {
    log(name, 'get', String(prop));
    return `${name}:get:${String(prop)}`;
  },
  applyMethod(_target: unknown, prop: PropertyKey | undefined, args: unknown[]) {
    log(name, 'applyMethod', String(prop), prop === undefined ? '-' : JSON.stringify(args));
    return `${name}:${String(prop)}`;
  },
  applyMethodSendOnly(_target: unknown, prop: PropertyKey | undefined) {
    log(name, 'applyMethodSendOnly', String(prop));
  },
  applyFunction(_target: unknown, args: unknown[]) {
    log(name, 'applyFunction', JSON.stringify(args));
    return `${name}:fn`;
  },
});

export const scenarios: Record<string, Scenario> = {
  async 'E-order to local objects, interleaved'({ E }, log) {
    const x = makeRecorder(log, 'x');
    const y = makeRecorder(log, 'y');
    watch(log, 'x.a', E(x).a(1));
    watch(log, 'y.a', E(y).a(1));
    watch(log, 'x.b', E(x).b(2));
    E.sendOnly(x).c(3);
    watch(log, 'y.b', E(y).b(2));
    watch(log, 'x.d', E(x).d(4));
    log('end of sending turn');
    await flush();
  },

  async 'E-order to a promise that resolves later'({ E }, log) {
    let resolveP!: (value: unknown) => void;
    const p = new Promise(resolve => {
      resolveP = resolve;
    });
    const x = makeRecorder(log, 'x');
    for (const method of ['a', 'b', 'c', 'd', 'e']) watch(log, `p.${method}`, E(p)[method](method));
    watch(log, 'x.a direct', E(x).a());
    await later(5);
    log('resolving');
    resolveP(x);
    watch(log, 'p.a after', E(p).a('after'));
    await flush();
  },

  async 'pipelining to a pending handler, then to the presence handler'({ E, HandledPromise }, log) {
    let resolveWithPresence!: (handler: unknown) => object;
    const hp = new HandledPromise((_resolve: unknown, _reject: unknown, rwp: any) => {
      resolveWithPresence = rwp;
    }, makeLoggingHandler(log, 'pending'));
    watch(log, 'hp.a', E(hp).a(1));
    watch(log, 'hp.get', E.get(hp).prop);
    watch(log, 'hp()', E(hp)(2));
    E.sendOnly(hp).b(3);
    watch(log, 'hp.c', E(hp).c(4));
    await later(5);
    const presence = resolveWithPresence(makeLoggingHandler(log, 'presence'));
    log('presence made', typeof presence, Object.getPrototypeOf(presence) === null);
    watch(log, 'hp.d', E(hp).d(5));
    watch(log, 'presence.e', E(presence).e(6));
    E.sendOnly(presence).f(7);
    watch(log, 'presence get', E.get(presence).q);
    watch(log, 'resolve(presence) is hp', HandledPromise.resolve(presence) === hp);
    await flush();
  },

  async 'sends to the answer of a send (postponed pipelining)'({ E }, log) {
    const child = makeRecorder(log, 'child');
    const parent = {
      getChild() {
        log('deliver', 'parent', 'getChild');
        return child;
      },
      ...makeRecorder(log, 'parent'),
    };
    const childP = E(parent).getChild();
    watch(log, 'childP.a', E(childP).a(1));
    watch(log, 'parent.a', E(parent).a(1));
    watch(log, 'childP.b', E(childP).b(2));
    watch(log, 'E(E(parent).getChild()).c', E(E(parent).getChild()).c(3));
    watch(log, 'parent.b', E(parent).b(2));
    await flush();
  },

  async 'statics of HandledPromise'({ HandledPromise }, log) {
    const x = { ...makeRecorder(log, 'x'), prop: 'value', fn: undefined };
    const f = (...args: unknown[]) => {
      log('deliver', 'f', JSON.stringify(args));
      return 'f result';
    };
    watch(log, 'get', HandledPromise.get(x, 'prop'));
    log('getSendOnly returns', describeValue(HandledPromise.getSendOnly(x, 'prop')));
    watch(log, 'applyFunction', HandledPromise.applyFunction(f, [1, 2]));
    log('applyFunctionSendOnly returns', describeValue(HandledPromise.applyFunctionSendOnly(f, [3])));
    watch(log, 'applyMethod', HandledPromise.applyMethod(x, 'a', [4]));
    log('applyMethodSendOnly returns', describeValue(HandledPromise.applyMethodSendOnly(x, 'b', [5])));
    watch(log, 'applyMethod undefined name', HandledPromise.applyMethod(f, undefined, [6]));
    watch(log, 'get number key', HandledPromise.get(['zero'], 0));
    const resolved = HandledPromise.resolve(7);
    log('resolve frozen', Object.isFrozen(resolved), Object.getPrototypeOf(resolved) === Promise.prototype);
    log('resolve of a safe promise is itself', HandledPromise.resolve(resolved) === resolved);
    watch(log, 'resolve value', resolved);
    await flush();
  },

  async 'E.when and E.resolve interleave with sends'({ E }, log) {
    const x = makeRecorder(log, 'x');
    watch(log, 'x.a', E(x).a());
    E.when(x, (value: unknown) => log('when x', value === x));
    E.when(
      Promise.reject(Error('nope')),
      () => log('never'),
      (error: any) => log('when rejected', describeError(error)),
    );
    watch(log, 'E.when result', E.when(1, (v: number) => v + 1));
    watch(log, 'x.b', E(x).b());
    watch(log, 'E.resolve', E.resolve(5));
    await flush();
  },

  async 'errors name what went wrong'({ E, HandledPromise }, log) {
    const x = { ...makeRecorder(log, 'x'), notAFunction: 3 };
    watch(log, 'missing method', E(x).nope(1));
    watch(log, 'not a function', E(x).notAFunction());
    watch(log, 'call a non-function', E(x)());
    watch(log, 'deliver to undefined', E(undefined).foo());
    watch(log, 'deliver to null', E(null).foo());
    watch(log, 'method throws', E({ boom() { throw TypeError('boom!'); } }).boom());
    watch(log, 'rejected target', E(Promise.reject(RangeError('target failed'))).a());
    watch(log, 'rejected target get', E.get(Promise.reject(Error('get failed'))).p);
    watch(log, 'number has no method', E(5).foo());
    const noMethods = new HandledPromise(() => {}, {});
    watch(log, 'handler without methods', E(noMethods).a());
    try {
      new HandledPromise(() => {}, 'not a handler');
      log('primitive handler accepted');
    } catch (error) {
      log('primitive handler', describeError(error));
    }
    try {
      HandledPromise(() => {});
      log('call without new accepted');
    } catch (error) {
      log('call without new', describeError(error));
    }
    await flush();
  },

  async 'handler fallbacks'({ E, HandledPromise }, log) {
    const getAndCall = {
      get(_t: unknown, prop: PropertyKey) {
        log('getAndCall get', String(prop));
        return `method ${String(prop)}`;
      },
      applyFunction(target: unknown, args: unknown[]) {
        log('getAndCall applyFunction', describeValue(target), JSON.stringify(args));
        return 'called';
      },
    };
    const p1 = new HandledPromise(() => {}, getAndCall);
    watch(log, 'composed applyMethod', E(p1).m(1, 2));
    E.sendOnly(p1).n(3);
    const methodOnly = {
      applyMethod(_t: unknown, prop: PropertyKey | undefined) {
        log('methodOnly applyMethod', String(prop));
        return 'via applyMethod';
      },
    };
    const p2 = new HandledPromise(() => {}, methodOnly);
    watch(log, 'applyFunction via applyMethod', E(p2)(4));
    E.sendOnly(p2)(5);
    E.sendOnly(p2).m(6);
    const getOnly = {
      get(_t: unknown, prop: PropertyKey) {
        log('getOnly get', String(prop));
        return 'got';
      },
    };
    const p3 = new HandledPromise(() => {}, getOnly);
    watch(log, 'get-only: get', E.get(p3).x);
    watch(log, 'get-only: method call', E(p3).m());
    await flush();
  },

  async 'a handled promise resolved to another follows it'({ E, HandledPromise }, log) {
    const target = new HandledPromise(() => {}, makeLoggingHandler(log, 'target'));
    let resolveFollower!: (value: unknown) => void;
    const follower = new HandledPromise((resolve: any) => {
      resolveFollower = resolve;
    }, makeLoggingHandler(log, 'follower'));
    watch(log, 'follower.a before', E(follower).a());
    resolveFollower(target);
    watch(log, 'follower.b after', E(follower).b());
    watch(log, 'target.c', E(target).c());
    await flush();
  },

  async 'local handled promises hold messages until they settle'({ E, HandledPromise }, log) {
    let resolveIt!: (value: unknown) => void;
    const local = new HandledPromise((resolve: any) => {
      resolveIt = resolve;
    });
    const x = makeRecorder(log, 'x');
    watch(log, 'local.a', E(local).a(1));
    watch(log, 'local.b', E(local).b(2));
    watch(log, 'x.c', E(x).c(3));
    await later(5);
    resolveIt(x);
    watch(log, 'local.d', E(local).d(4));
    let rejectIt!: (reason: unknown) => void;
    const doomed = new HandledPromise((_resolve: unknown, reject: any) => {
      rejectIt = reject;
    });
    watch(log, 'doomed.a', E(doomed).a());
    rejectIt(Error('doomed'));
    watch(log, 'doomed.b', E(doomed).b());
    await flush();
  },

  async 'many sends keep their order'({ E }, log) {
    const x = makeRecorder(log, 'x');
    let resolveP!: (value: unknown) => void;
    const p = new Promise(resolve => {
      resolveP = resolve;
    });
    const y = makeRecorder(log, 'y');
    for (let i = 0; i < 12; i += 1) {
      E(x).a(i);
      E(p).b(i);
      if (i === 6) resolveP(y);
      if (i % 3 === 0) E.when(null, () => log('when', i));
    }
    await flush();
  },

  async 'thenables are adopted'({ E }, log) {
    const x = makeRecorder(log, 'x');
    const thenable = {
      then(resolve: (value: unknown) => void) {
        log('thenable.then called');
        resolve(x);
      },
    };
    watch(log, 'E(thenable).a', E(thenable).a());
    watch(log, 'E.resolve(thenable)', E.resolve(thenable));
    await flush();
  },

  async 'presence proxies'({ E, HandledPromise }, log) {
    let revoke!: () => void;
    const presence = await new Promise(resolve => {
      new HandledPromise((_r: unknown, _j: unknown, rwp: any) => {
        resolve(
          rwp(makeLoggingHandler(log, 'proxied'), {
            proxy: {
              handler: { get: (_t: unknown, prop: PropertyKey) => `trap ${String(prop)}` },
              target: {},
              revokerCallback: (r: () => void) => {
                revoke = r;
              },
            },
          }),
        );
      });
    });
    log('proxy trap', (presence as any).anything);
    watch(log, 'proxied.a', E(presence).a(1));
    revoke();
    try {
      log('after revoke', (presence as any).anything);
    } catch (error) {
      log('after revoke', (error as Error).name);
    }
    await flush();
  },
};

/** Runs every scenario in turn; returns each one's log. */
export const runScenarios = async (api: EventualSendApi): Promise<Record<string, unknown[][]>> => {
  const results: Record<string, unknown[][]> = {};
  for (const [name, scenario] of Object.entries(scenarios)) {
    const entries: unknown[][] = [];
    const log: Log = (...entry) => {
      entries.push(entry);
    };
    try {
      await scenario(api, log);
      await flush();
    } catch (error) {
      log('scenario threw', describeError(error));
    }
    results[name] = entries;
  }
  return results;
};
