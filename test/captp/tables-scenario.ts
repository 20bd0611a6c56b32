// The scenario of @endo/captp's external-import-export test, written once
// and run against both implementations (interop-tables.test.ts): two ends
// of a makeLoopback, each with application tables (makeCapTPImportExportTables)
// that name exports with random ids, then the calls of the original's test.
// It returns what it observed: table sizes after each step, the calls'
// results, what each end's factory was given, and every call that changed
// or filled a table, by the kind and direction of its slot.
//
// This module imports nothing: the child process that runs the original
// (under @endo/init) imports it too, and hands in the original's functions.

/** What the scenario needs from an implementation. */
export type ScenarioPowers = {
  makeLoopback: (ourId: string, nearOptions?: object, farOptions?: object) => { makeFar: (x: unknown) => Promise<any> };
  E: any;
  Far: (name: string, methods: object) => object;
  Remotable: (iface: string | undefined, props: undefined, remotable: object) => object;
  isPromise: (value: unknown) => boolean;
};

/** A slot as `kind` and direction, e.g. `o+` or `q-`: the name is random or a count. */
const shape = (slot: string): string => `${slot[0]}${slot[1]}`;

const randomId = (): string => Math.random().toString(36).slice(2);

export const runTablesScenario = async ({ makeLoopback, E, Far, Remotable, isPromise }: ScenarioPowers) => {
  const makeSide = () => {
    const slotToExported = new Map<string, unknown>();
    const slotToImported = new Map<string, unknown>();
    const log: string[] = [];
    const given: string[] = [];
    const makeCapTPImportExportTables = (options: Record<string, unknown>) => {
      for (const key of Object.keys(options).sort()) given.push(`${key}: ${typeof options[key]} ${typeof options[key] === 'boolean' ? options[key] : ''}`.trim());
      const makeRemoteKit = options.makeRemoteKit as (slot: string) => { settler: { resolveWithPresence: () => object } };
      return {
        makeSlotForValue: (value: unknown) => {
          const slot = `${isPromise(value) ? 'p' : 'o'}+${randomId()}`;
          log.push(`makeSlotForValue ${shape(slot)}`);
          return slot;
        },
        makeValueForSlot: (slot: string, iface: string | undefined) => {
          log.push(`makeValueForSlot ${shape(slot)} ${iface === undefined ? 'undefined' : iface.replace(slot, '<slot>')}`);
          if (slot[0] === 'p') throw Error('not implemented');
          const { settler } = makeRemoteKit(slot);
          return { val: Remotable(iface, undefined, settler.resolveWithPresence()), settler };
        },
        hasImport: (slot: string) => slotToImported.has(slot),
        getImport: (slot: string) => slotToImported.get(slot),
        markAsImported: (slot: string, value: unknown) => {
          log.push(`markAsImported ${shape(slot)}`);
          slotToImported.set(slot, value);
        },
        hasExport: (slot: string) => slotToExported.has(slot),
        getExport: (slot: string) => slotToExported.get(slot),
        markAsExported: (slot: string, value: unknown) => {
          log.push(`markAsExported ${shape(slot)}`);
          slotToExported.set(slot, value);
        },
        deleteExport: (slot: string) => {
          log.push(`deleteExport ${shape(slot)}`);
          slotToExported.delete(slot);
        },
        didDisconnect: () => {
          log.push('didDisconnect');
          slotToImported.clear();
          slotToExported.clear();
        },
      };
    };
    return { slotToExported, slotToImported, log, given, makeCapTPImportExportTables };
  };

  const near = makeSide();
  const far = makeSide();
  const sizes: Record<string, number[]> = {};
  const record = (step: string) => {
    sizes[step] = [near.slotToImported.size, near.slotToExported.size, far.slotToImported.size, far.slotToExported.size];
  };

  const { makeFar } = makeLoopback(
    'alice',
    { makeCapTPImportExportTables: near.makeCapTPImportExportTables },
    { makeCapTPImportExportTables: far.makeCapTPImportExportTables },
  );
  const rightRef = await makeFar(
    Far('rightRef', {
      makeData: () => ({ key: 'value' }),
      makeRemotable: () => Far('remotable', { ping: () => 'pong' }),
    }),
  );
  record('after makeFar');
  const remotable = await E(rightRef).makeRemotable();
  record('after makeRemotable');
  const pong = await E(remotable).ping();
  record('after ping');
  const data = await E(rightRef).makeData();
  record('after makeData');
  // Every export slot the tables made is one of theirs, with a random name.
  const slotNames = [...near.slotToExported.keys(), ...far.slotToExported.keys()].every(slot => /^[op]\+[0-9a-z]+$/.test(slot));

  return {
    sizes,
    results: { pong, data, remotable: String(remotable) },
    slotNames,
    given: { near: near.given, far: far.given },
    log: { near: near.log, far: far.log },
  };
};
