// The connection's export and import tables when the application supplies
// them (the makeCapTPImportExportTables option, as in @endo/captp): the
// values live in the application's tables, and this adapter gives them the
// shape make-captp.ts uses for its own tables (export-table.ts,
// import-table.ts). The message counts that CTP_DROP needs stay here, with
// the connection: the application's tables only hold values.

import { makeExportTable, type ExportTable } from './export-table.js';
import type { ImportTable } from './import-table.js';
import type { CapTPImportExportTables, CapTPSlot } from './types.js';

export type ExternalTables = {
  exports: ExportTable;
  imports: ImportTable;
  /** How many received messages carried this import, forgetting the count (for releaseSlot). */
  takeReceivedCount: (slot: CapTPSlot) => number;
};

export const adaptExternalTables = (tables: CapTPImportExportTables): ExternalTables => {
  const slotToReceivedCount = new Map<CapTPSlot, number>();

  // The values are the application's; the counts stay with the connection.
  const exports: ExportTable = makeExportTable({
    has: slot => tables.hasExport(slot),
    get: slot => tables.getExport(slot),
    set: (slot, value) => tables.markAsExported(slot, value),
    delete: slot => tables.deleteExport(slot),
    // The application's tables do not say how many they hold.
    size: NaN,
  });

  const imports: ImportTable = {
    has: slot => tables.hasImport(slot),
    get: slot => tables.getImport(slot),
    set: (slot, value) => tables.markAsImported(slot, value),
    countReceived: slots => {
      for (const slot of slots) {
        if (slot[1] !== '-') continue;
        slotToReceivedCount.set(slot, (slotToReceivedCount.get(slot) ?? 0) + 1);
      }
    },
    clearWithoutFinalizing: () => {
      slotToReceivedCount.clear();
      tables.didDisconnect();
    },
    size: () => NaN,
  };

  const takeReceivedCount = (slot: CapTPSlot): number => {
    const count = slotToReceivedCount.get(slot) ?? 0;
    slotToReceivedCount.delete(slot);
    return count;
  };

  return { exports, imports, takeReceivedCount };
};
